import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Channel } from '../channels/api';
import { bodiesOf, fakeServer, json, signInAs } from '../test/fakeServer';
import { bakeryProfile, ids, runningChannel } from '../test/fixtures';
import { daysFromNow, hoursFromNow } from '../test/now';
import { renderApp } from '../test/renderApp';
import type { ChannelKey } from './api';

const partnerKeys = `/api/v2/partners/${ids.partner}/channels/${ids.channel}/api_keys`;
const portalBase = `/api/v2/clients/${ids.client}/channels/${ids.channel}`;
const portalKeys = `${portalBase}/api_keys`;
const newKey = 'phc_9fJq2LmN0pEVa7Ys3Kd8Rw1Tz4Hb6Uc5QxW3aB';
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const key = (changes: Partial<ChannelKey>): ChannelKey => ({
  id: 'k1CK',
  hint: 'Lp0Z',
  state: 'active',
  created_at: daysFromNow(-45),
  created_by_type: 'partner_user',
  created_by_id: 'u1',
  ...changes,
});

type Routes = Record<string, (request: Request) => Response | Promise<Response>>;

/**
 * A fake hub holding one channel and its keys. POST …/api_keys rotates like the server: the
 * active key goes into grace (grace_seconds > 0) or is revoked, and a new active key is added.
 */
function hub(options: { channel?: Channel; keys?: ChannelKey[]; extra?: Routes } = {}) {
  let channel = options.channel ?? runningChannel();
  let keys = options.keys ?? [];
  let minted = 0;
  const rotate = async (request: Request, by: string) => {
    const { grace_seconds: grace = 0 } = await request.json();
    const previous = keys.find((candidate) => candidate.state === 'active');
    const until = new Date(Date.now() + grace * 1000).toISOString();
    keys = keys.map((candidate) =>
      candidate.state === 'active'
        ? grace > 0
          ? { ...candidate, state: 'grace', valid_until: until }
          : { ...candidate, state: 'revoked', revoked_at: new Date().toISOString(), revoke_reason: 'rotated' }
        : candidate,
    );
    minted += 1;
    keys = [key({ id: `new${minted}CK`, hint: 'N3wK', created_at: new Date().toISOString(), created_by_type: by }), ...keys];
    return json(201, {
      id: `new${minted}CK`,
      address: 'https://hub.example.com',
      api_key: newKey,
      app_id: 'app-1234',
      previous_key: previous ? { id: previous.id, state: grace > 0 ? 'grace' : 'revoked', valid_until: grace > 0 ? until : null } : undefined,
    });
  };
  const revoke = (request: Request) => {
    const id = new URL(request.url).pathname.split('/').pop();
    keys = keys.map((candidate) => (candidate.id === id ? { ...candidate, state: 'revoked', revoked_at: new Date().toISOString(), revoke_reason: 'manual' } : candidate));
    return json(200, { meta: { success: true, http_code: 200, developer_message: 'The key is revoked.' } });
  };
  const routes: Routes = {
    [`GET /api/v2/partners/${ids.partner}/channels/${ids.channel}`]: () => json(200, channel),
    [`GET ${portalBase}`]: () => json(200, channel),
    [`GET ${partnerKeys}`]: () => json(200, { api_keys: keys }),
    [`GET ${portalKeys}`]: () => json(200, { api_keys: keys }),
    [`POST ${partnerKeys}`]: (request) => rotate(request, 'partner_user'),
    [`POST ${portalKeys}`]: (request) => rotate(request, 'client_user'),
    [`POST ${portalBase}/permission`]: async (request) => {
      const { state } = await request.json();
      channel = { ...channel, key_permission: state };
      if (state === 'missing') {
        keys = keys.map((candidate) =>
          candidate.state !== 'revoked' && candidate.created_by_type === 'partner_user'
            ? { ...candidate, state: 'revoked', revoked_at: new Date().toISOString(), revoke_reason: 'permission_withdrawn' }
            : candidate,
        );
      }
      return json(200, channel);
    },
  };
  for (const base of [`/api/v2/partners/${ids.partner}/clients/${ids.client}/channels/${ids.channel}`, portalBase]) {
    routes[`GET ${base}/profile`] = () => json(200, bakeryProfile);
    routes[`GET ${base}/webhook`] = () => json(200, { url: '' });
  }
  routes[`DELETE ${partnerKeys}/k1CK`] = revoke;
  routes[`DELETE ${portalKeys}/k1CK`] = revoke;
  return fakeServer({ ...routes, ...options.extra });
}

const refusal = (status: number, code: string, message: string) => json(status, { meta: { success: false, http_code: status, developer_message: message, code } });

const requestsTo = (fetchMock: ReturnType<typeof fakeServer>, route: string) =>
  fetchMock.mock.calls.map((call) => call[0] as Request).filter((request) => `${request.method} ${new URL(request.url).pathname}` === route);

const card = async () => (await screen.findByRole('heading', { name: 'API key' })).closest('.mantine-Paper-root') as HTMLElement;

describe('channel API key, partner side', () => {
  const writeText = vi.fn<(text: string) => Promise<void>>();
  beforeEach(async () => {
    await signInAs('partner_admin', { partner_id: ids.partner });
    writeText.mockReset().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
  });
  afterEach(() => {
    Reflect.deleteProperty(navigator, 'clipboard');
  });

  it('rotates with the chosen grace period, shows the key once with address and app id, and forgets it on close', async () => {
    const lastUsed = hoursFromNow(-2);
    const fetchMock = hub({ keys: [key({ last_used_at: lastUsed })] });
    renderApp(`/partner/channels/${ids.channel}`);
    const current = await screen.findByTestId('current-key');
    expect(current).toHaveTextContent('Lp0Z');
    expect(current).toHaveTextContent(new Date(lastUsed).toLocaleString());

    fireEvent.click(await within(await card()).findByRole('button', { name: 'Rotate key' }));
    const dialog = await screen.findByRole('dialog', { name: 'Rotate key' });
    // No grace is the default, and the dialog says what that means.
    expect(within(dialog).getByRole('radio', { name: 'No grace period' })).toBeChecked();
    expect(dialog).toHaveTextContent('Without a grace period the key Lp0Z stops working the moment the new key is created');
    fireEvent.click(within(dialog).getByRole('radio', { name: '1 hour' }));
    expect(dialog).toHaveTextContent('The key Lp0Z keeps working for 1 hour next to the new one');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Generate key' }));

    const shown = await screen.findByRole('dialog', { name: 'Your new API key' });
    expect(within(shown).getByTestId('secret-value')).toHaveTextContent(newKey);
    expect(shown).toHaveTextContent('You will not see this API key again.');
    expect(within(shown).getByLabelText('Address')).toHaveTextContent('https://hub.example.com');
    expect(within(shown).getByLabelText('App ID')).toHaveTextContent('app-1234');
    expect(shown).toHaveTextContent(/The previous key keeps working until .+; switch your systems to the new key before then\./);
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Rotate key' })).toBeNull());

    const posts = requestsTo(fetchMock, `POST ${partnerKeys}`);
    expect(await bodiesOf(fetchMock, `POST ${partnerKeys}`)).toEqual([{ grace_seconds: 3600 }]);
    expect(posts[0].headers.get('Idempotency-Key')).toMatch(uuid);

    fireEvent.click(within(shown).getByRole('button', { name: 'Copy to clipboard' }));
    expect(await within(shown).findByText('Copied to the clipboard.')).toBeInTheDocument();
    expect(writeText).toHaveBeenCalledExactlyOnceWith(newKey);

    fireEvent.click(within(shown).getByRole('button', { name: 'Done, close' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(document.body).not.toHaveTextContent(newKey);
    // The page now shows the new key and the old one in its grace period; nothing can show the key again.
    await waitFor(() => expect(screen.getByTestId('current-key')).toHaveTextContent('N3wK'));
    expect(screen.getByText(/The previous key Lp0Z keeps working until/)).toBeInTheDocument();
    const rows = within(screen.getByRole('table', { name: 'API key history' })).getAllByRole('row');
    expect(rows.map((row) => row.textContent)).toEqual([
      expect.stringContaining('Key (hint)'),
      expect.stringMatching(/N3wK.*Active/),
      expect.stringMatching(/Lp0Z.*Grace period/),
    ]);
    expect(requestsTo(fetchMock, `POST ${partnerKeys}`)).toHaveLength(1);
  });

  it('rotates without grace by default and says that the previous key has stopped', async () => {
    const fetchMock = hub({ keys: [key({})] });
    renderApp(`/partner/channels/${ids.channel}`);
    fireEvent.click(await within(await card()).findByRole('button', { name: 'Rotate key' }));
    const dialog = await screen.findByRole('dialog', { name: 'Rotate key' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Generate key' }));
    const shown = await screen.findByRole('dialog', { name: 'Your new API key' });
    expect(shown).toHaveTextContent('The previous key has stopped working.');
    expect(await bodiesOf(fetchMock, `POST ${partnerKeys}`)).toEqual([{ grace_seconds: 0 }]);
    fireEvent.click(within(shown).getByRole('button', { name: 'Done, close' }));
    const history = await screen.findByRole('table', { name: 'API key history' });
    await waitFor(() => expect(within(history).getByText(/replaced by a new key/)).toBeInTheDocument());
  });

  it('generates the first key without a grace choice', async () => {
    const fetchMock = hub();
    renderApp(`/partner/channels/${ids.channel}`);
    expect(await screen.findByText('This number has no API key yet.')).toBeInTheDocument();
    fireEvent.click(await within(await card()).findByRole('button', { name: 'Generate key' }));
    const dialog = await screen.findByRole('dialog', { name: 'Generate key' });
    expect(within(dialog).queryByRole('radio')).toBeNull();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Generate key' }));
    expect(await screen.findByRole('dialog', { name: 'Your new API key' })).not.toHaveTextContent('previous key');
    expect(await bodiesOf(fetchMock, `POST ${partnerKeys}`)).toEqual([{ grace_seconds: 0 }]);
  });

  it('sends a lost request again with the same Idempotency-Key, and a new submission with a new one', async () => {
    let attempts = 0;
    const fetchMock = hub({ keys: [key({})] });
    const rotate = fetchMock.getMockImplementation()!;
    fetchMock.mockImplementation(async (request: Request) => {
      // The first attempt never gets an answer: the connection drops.
      if (request.method === 'POST' && new URL(request.url).pathname === partnerKeys && ++attempts === 1) throw new TypeError('Failed to fetch');
      return rotate(request);
    });
    renderApp(`/partner/channels/${ids.channel}`);
    fireEvent.click(await within(await card()).findByRole('button', { name: 'Rotate key' }));
    fireEvent.click(within(await screen.findByRole('dialog', { name: 'Rotate key' })).getByRole('button', { name: 'Generate key' }));
    const shown = await screen.findByRole('dialog', { name: 'Your new API key' }, { timeout: 5000 });
    expect(within(shown).getByTestId('secret-value')).toHaveTextContent(newKey);

    const first = requestsTo(fetchMock, `POST ${partnerKeys}`).map((request) => request.headers.get('Idempotency-Key'));
    expect(first).toHaveLength(2);
    expect(first[0]).toMatch(uuid);
    expect(first[1]).toBe(first[0]);

    fireEvent.click(within(shown).getByRole('button', { name: 'Done, close' }));
    fireEvent.click(await within(await card()).findByRole('button', { name: 'Rotate key' }));
    fireEvent.click(within(await screen.findByRole('dialog', { name: 'Rotate key' })).getByRole('button', { name: 'Generate key' }));
    await screen.findByRole('dialog', { name: 'Your new API key' });
    const all = requestsTo(fetchMock, `POST ${partnerKeys}`).map((request) => request.headers.get('Idempotency-Key'));
    expect(all).toHaveLength(3);
    expect(all[2]).toMatch(uuid);
    expect(all[2]).not.toBe(first[0]);
  });

  it('shows a refusal in words, with what to do, and does not retry it', async () => {
    const fetchMock = hub({
      keys: [key({})],
      extra: {
        [`POST ${partnerKeys}`]: () => refusal(403, 'permission_missing', 'The client has not shared the API key permission of this number with the partner.'),
      },
    });
    renderApp(`/partner/channels/${ids.channel}`);
    fireEvent.click(await within(await card()).findByRole('button', { name: 'Rotate key' }));
    const dialog = await screen.findByRole('dialog', { name: 'Rotate key' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Generate key' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('Key not generated');
    expect(alert).toHaveTextContent('The client has not shared the API key permission of this number with the partner.');
    expect(dialog).toHaveTextContent('Only the client can share the key permission, in the client portal on this number’s page.');
    await new Promise((done) => setTimeout(done, 700));
    expect(requestsTo(fetchMock, `POST ${partnerKeys}`)).toHaveLength(1);
    // The page reads the channel again, as its permission changed behind it.
    expect(requestsTo(fetchMock, `GET /api/v2/partners/${ids.partner}/channels/${ids.channel}`).length).toBeGreaterThan(1);
  });

  it('says why it cannot generate: no permission from the client, or a number that is not running', async () => {
    hub({ channel: runningChannel({ key_permission: 'missing' }) });
    const { unmount } = renderApp(`/partner/channels/${ids.channel}`);
    expect(await screen.findByText(/The client has not shared the API key permission of \+4915112345001 with you/)).toBeInTheDocument();
    await screen.findByText('This number has no API key yet.');
    expect(within(await card()).queryByRole('button', { name: 'Generate key' })).toBeNull();
    unmount();

    hub({ channel: runningChannel({ status: 'ready' }) });
    renderApp(`/partner/channels/${ids.channel}`);
    expect(await screen.findByText('A key can be generated only while the number is running; it is ready.')).toBeInTheDocument();
    expect(await within(await card()).findByRole('button', { name: 'Generate key' })).toBeDisabled();
  });

  it('revokes a key at once after a warning meant for leaks', async () => {
    const fetchMock = hub({ keys: [key({})] });
    renderApp(`/partner/channels/${ids.channel}`);
    fireEvent.click(await screen.findByRole('button', { name: 'Revoke key Lp0Z' }));
    const confirm = await screen.findByRole('dialog', { name: 'Revoke API key' });
    expect(confirm).toHaveTextContent('The key Lp0Z stops working immediately');
    expect(confirm).toHaveTextContent('Revoke a key when it has leaked');
    expect(confirm).toHaveTextContent('rotate it with a grace period instead');
    fireEvent.click(within(confirm).getByRole('button', { name: 'Revoke key' }));
    expect(await screen.findByText('The key Lp0Z is revoked: it no longer works.')).toBeInTheDocument();
    expect(requestsTo(fetchMock, `DELETE ${partnerKeys}/k1CK`)).toHaveLength(1);
    const history = screen.getByRole('table', { name: 'API key history' });
    await waitFor(() => expect(within(history).getByText('Revoked')).toBeInTheDocument());
    expect(within(history).getByText(/revoked by hand/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Revoke key Lp0Z' })).toBeNull();
  });
});

describe('channel API key, client portal', () => {
  const permissionSwitch = () => screen.findByRole('switch', { name: /My partner may generate API keys for this number/ });

  it('withdraws the permission only after a warning that the partner’s keys stop at once, then offers the own key', async () => {
    await signInAs('client_admin', { partner_id: ids.partner, client_id: ids.client });
    const fetchMock = hub({ keys: [key({})] });
    renderApp(`/portal/numbers/${ids.channel}`);
    expect(await permissionSwitch()).toBeChecked();
    expect(screen.getByText('To generate your own key for this number, withdraw your partner’s key permission first.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Generate my key' })).toBeNull();

    // Changing one's mind sends nothing.
    fireEvent.click(await permissionSwitch());
    let confirm = await screen.findByRole('dialog', { name: 'Withdraw the key permission' });
    fireEvent.click(within(confirm).getByRole('button', { name: 'Keep as is' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(await permissionSwitch()).toBeChecked();
    expect(await bodiesOf(fetchMock, `POST ${portalBase}/permission`)).toEqual([]);

    fireEvent.click(await permissionSwitch());
    confirm = await screen.findByRole('dialog', { name: 'Withdraw the key permission' });
    expect(confirm).toHaveTextContent('Your partner will no longer be able to generate API keys for +4915112345001.');
    expect(confirm).toHaveTextContent('Every API key your partner generated for this number stops working immediately.');
    fireEvent.click(within(confirm).getByRole('button', { name: 'Withdraw permission' }));

    expect(await screen.findByText(/^Permission withdrawn: the keys your partner generated for this number no longer work/)).toBeInTheDocument();
    expect(await bodiesOf(fetchMock, `POST ${portalBase}/permission`)).toEqual([{ state: 'missing' }]);
    await waitFor(async () => expect(await permissionSwitch()).not.toBeChecked());
    const history = screen.getByRole('table', { name: 'API key history' });
    await waitFor(() => expect(within(history).getByText(/key permission withdrawn by the client/)).toBeInTheDocument());

    // Now the client may generate its own key, through its own path.
    fireEvent.click(await screen.findByRole('button', { name: 'Generate my key' }));
    const dialog = await screen.findByRole('dialog', { name: 'Generate my key' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Generate key' }));
    expect(within(await screen.findByRole('dialog', { name: 'Your new API key' })).getByTestId('secret-value')).toHaveTextContent(newKey);
    expect(await bodiesOf(fetchMock, `POST ${portalKeys}`)).toEqual([{ grace_seconds: 0 }]);
    expect(requestsTo(fetchMock, `POST ${partnerKeys}`)).toHaveLength(0);
  });

  it('shares the permission after saying that a partner key replaces the own key', async () => {
    await signInAs('client_admin', { partner_id: ids.partner, client_id: ids.client });
    const fetchMock = hub({ channel: runningChannel({ key_permission: 'missing' }), keys: [key({ created_by_type: 'client_user' })] });
    renderApp(`/portal/numbers/${ids.channel}`);
    expect(await permissionSwitch()).not.toBeChecked();
    expect(await screen.findByRole('button', { name: 'Rotate my key' })).toBeEnabled();
    fireEvent.click(await permissionSwitch());
    const confirm = await screen.findByRole('dialog', { name: 'Share the key permission' });
    expect(confirm).toHaveTextContent('including one you generated yourself, which then stops working');
    fireEvent.click(within(confirm).getByRole('button', { name: 'Share permission' }));
    expect(await screen.findByText('Permission shared: your partner can now generate API keys for this number.')).toBeInTheDocument();
    expect(await bodiesOf(fetchMock, `POST ${portalBase}/permission`)).toEqual([{ state: 'shared' }]);
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Rotate my key' })).toBeNull());
  });

  it('explains a partner-payment number when the server says so, and stops offering the switch', async () => {
    await signInAs('client_admin', { partner_id: ids.partner, client_id: ids.client });
    hub({
      keys: [key({})],
      extra: { [`POST ${portalBase}/permission`]: () => refusal(409, 'partner_payment', 'On partner payment the partner always holds the key permission.') },
    });
    renderApp(`/portal/numbers/${ids.channel}`);
    fireEvent.click(await permissionSwitch());
    const confirm = await screen.findByRole('dialog', { name: 'Withdraw the key permission' });
    fireEvent.click(within(confirm).getByRole('button', { name: 'Withdraw permission' }));
    expect(await within(confirm).findByRole('alert')).toHaveTextContent('On partner payment the partner always holds the key permission.');
    expect(
      await screen.findByText('This number is on partner payment: your partner always holds its API key permission and generates its keys.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('switch')).toBeNull();
    expect(screen.queryByText(/withdraw your partner’s key permission first/)).toBeNull();
  });

  it('shows a client member the permission and the keys, but no switch, generation or revocation', async () => {
    await signInAs('client_member', { partner_id: ids.partner, client_id: ids.client });
    hub({ keys: [key({})] });
    renderApp(`/portal/numbers/${ids.channel}`);
    expect(await screen.findByText('Your partner may generate API keys for this number and use them to send and receive its messages.')).toBeInTheDocument();
    expect(screen.getByText('Only a client admin can share or withdraw this permission.')).toBeInTheDocument();
    expect(await screen.findByRole('table', { name: 'API key history' })).toBeInTheDocument();
    expect(screen.queryByRole('switch')).toBeNull();
    expect(screen.queryByRole('button', { name: /Revoke/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /my key/ })).toBeNull();
  });
});
