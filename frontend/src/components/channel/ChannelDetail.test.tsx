import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Channel } from '../../api/shapes';
import { bodiesOf, fakeServer, json, signInAs } from '../../test/fakeServer';
import { bakeryProfile, ids, runningChannel } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';

const partnerBase = `/api/v2/partners/${ids.partner}/clients/${ids.client}/channels/${ids.channel}`;
const portalBase = `/api/v2/clients/${ids.client}/channels/${ids.channel}`;

// A fake hub holding one channel, reachable by partner staff and by its client's users.
function hub(extra: Record<string, (request: Request) => Response | Promise<Response>> = {}, channel: Channel = runningChannel()) {
  let current = channel;
  const routes: Record<string, (request: Request) => Response | Promise<Response>> = {
    [`GET /api/v2/partners/${ids.partner}/channels/${ids.channel}`]: () => json(200, current),
    [`GET ${portalBase}`]: () => json(200, current),
    [`GET /api/v2/partners/${ids.partner}/channels/${ids.channel}/api_keys`]: () => json(200, { api_keys: [] }),
    [`GET ${portalBase}/api_keys`]: () => json(200, { api_keys: [] }),
  };
  for (const base of [partnerBase, portalBase]) {
    routes[`GET ${base}/profile`] = () => json(200, bakeryProfile);
    routes[`GET ${base}/webhook`] = () => json(200, { url: '' });
    routes[`POST ${base}/control/cancellation_request`] = () => {
      current = { ...current, status: 'pending_deletion', cancelled_at: new Date().toISOString() };
      return json(200, current);
    };
    routes[`POST ${base}/control/reactivate`] = () => {
      current = { ...current, status: 'running', cancelled_at: undefined };
      return json(200, current);
    };
  }
  return fakeServer({ ...routes, ...extra });
}

const field = (label: string) => screen.getByLabelText(new RegExp(`^${label}`));
const type = (label: string, value: string) => fireEvent.change(field(label), { target: { value } });

describe('business profile editor', () => {
  it('counts characters live, refuses a too-long about in words, and sends nothing on a forced submit', async () => {
    await signInAs('partner_admin', { partner_id: ids.partner });
    const fetchMock = hub();
    renderApp(`/partner/channels/${ids.channel}`);
    expect(await screen.findByDisplayValue('Fresh bread daily')).toBeInTheDocument();
    expect(screen.getByText('17 / 139 characters')).toBeInTheDocument();

    type('About', 'a'.repeat(140));
    expect(screen.getByText('140 / 139 characters')).toBeInTheDocument();
    expect(screen.getByText('About can be at most 139 characters (140 now).')).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: 'Save profile' }));
    expect(await screen.findByText(/Some fields break the limits/)).toBeInTheDocument();
    expect(await bodiesOf(fetchMock, `PATCH ${partnerBase}/profile`)).toEqual([]);
  });

  it('sends only the changed fields, websites as a list', async () => {
    await signInAs('partner_admin', { partner_id: ids.partner });
    const fetchMock = hub({ [`PATCH ${partnerBase}/profile`]: async (request) => json(200, { ...bakeryProfile, ...(await request.json()) }) });
    renderApp(`/partner/channels/${ids.channel}`);
    await screen.findByDisplayValue('Fresh bread daily');
    type('About', 'Fresh bread, every day');
    type('Website 2', 'https://shop.bluebird.example');
    fireEvent.click(screen.getByRole('button', { name: 'Save profile' }));
    expect(await screen.findByText('Business profile saved.')).toBeInTheDocument();
    expect(await bodiesOf(fetchMock, `PATCH ${partnerBase}/profile`)).toEqual([
      { about_text: 'Fresh bread, every day', websites: ['https://bluebird.example', 'https://shop.bluebird.example'] },
    ]);
  });

  it('shows the server refusal and its details in words', async () => {
    await signInAs('client_admin', { partner_id: ids.partner, client_id: ids.client });
    hub({
      [`PATCH ${portalBase}/profile`]: () =>
        json(422, { meta: { success: false, http_code: 422, developer_message: 'The request has invalid fields.', details: ['contact_email: must be a valid email address'] } }),
    });
    renderApp(`/portal/numbers/${ids.channel}`);
    await screen.findByDisplayValue('Fresh bread daily');
    type('Contact email', 'shop@bluebird.example');
    fireEvent.click(screen.getByRole('button', { name: 'Save profile' }));
    const alert = await screen.findByText('contact_email: must be a valid email address');
    expect(alert.closest('[role="alert"]')).toHaveTextContent('The request has invalid fields.');
  });

  it('does not offer an empty vertical once one is set', async () => {
    await signInAs('partner_admin', { partner_id: ids.partner });
    hub();
    renderApp(`/partner/channels/${ids.channel}`);
    await screen.findByDisplayValue('Fresh bread daily');
    const options = within(field('Business vertical')).getAllByRole('option');
    expect(options).toHaveLength(17);
    expect(options.map((option) => option.textContent)).not.toContain('Not set');
  });
});

describe('channel webhook', () => {
  it('refuses an underscore in the host as the user types, then saves a valid URL with headers', async () => {
    await signInAs('partner_admin', { partner_id: ids.partner });
    const fetchMock = hub({ [`POST ${partnerBase}/webhook`]: async (request) => json(200, await request.json()) });
    renderApp(`/partner/channels/${ids.channel}`);
    await screen.findByRole('button', { name: 'Save webhook' });
    type('Webhook URL', 'https://my_hooks.example.com/wa');
    expect(screen.getByText('Webhook URL must not have an underscore (_) in the host name.')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Save webhook' }));
    expect(await bodiesOf(fetchMock, `POST ${partnerBase}/webhook`)).toEqual([]);

    type('Webhook URL', 'https://hooks.example.com/wa');
    expect(screen.queryByText('Webhook URL must not have an underscore (_) in the host name.')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Add header' }));
    type('Header 1 name', 'Authorization');
    type('Header 1 value', 'Bearer s3cret');
    fireEvent.click(screen.getByRole('button', { name: 'Save webhook' }));
    expect(await screen.findByText('Webhook saved.')).toBeInTheDocument();
    expect(await bodiesOf(fetchMock, `POST ${partnerBase}/webhook`)).toEqual([
      { url: 'https://hooks.example.com/wa', headers: { Authorization: 'Bearer s3cret' } },
    ]);
  });
});

describe('channel webhook test event', () => {
  it('sends a test event to the saved webhook and says what the receiver did', async () => {
    await signInAs('partner_admin', { partner_id: ids.partner });
    const fetchMock = hub({
      [`GET ${partnerBase}/webhook`]: () => json(200, { url: 'https://hooks.example.com/wa' }),
      [`POST ${partnerBase}/webhook/test`]: () => json(200, { delivered: false, status_code: 401, latency_ms: 48, error: 'receiver answered 401 Unauthorized', response: 'bad token' }),
    });
    renderApp(`/partner/channels/${ids.channel}`);
    fireEvent.click(await screen.findByRole('button', { name: 'Send test event' }));
    expect(await screen.findByText('Not delivered: the receiver answered HTTP 401 after 48 ms.')).toBeInTheDocument();
    expect(screen.getByText('bad token')).toBeInTheDocument();
    expect(fetchMock.mock.calls.filter((call) => (call[0] as Request).url.endsWith(`${partnerBase}/webhook/test`))).toHaveLength(1);
  });

  it('in the portal, shows a 409 without a webhook in words; the button waits for a saved URL', async () => {
    await signInAs('client_admin', { partner_id: ids.partner, client_id: ids.client });
    let url = '';
    hub({
      [`GET ${portalBase}/webhook`]: () => json(200, { url }),
      [`POST ${portalBase}/webhook/test`]: () =>
        json(409, { meta: { success: false, http_code: 409, developer_message: 'Set a webhook URL first.', code: 'no_webhook' } }),
      [`POST ${portalBase}/webhook`]: async (request) => {
        url = (await request.json()).url;
        return json(200, { url });
      },
    });
    renderApp(`/portal/numbers/${ids.channel}`);
    expect(await screen.findByRole('button', { name: 'Send test event' })).toBeDisabled();
    type('Webhook URL', 'https://hooks.example.com/wa');
    fireEvent.click(screen.getByRole('button', { name: 'Save webhook' }));
    expect(await screen.findByText('Webhook saved.')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('button', { name: 'Send test event' })).toBeEnabled());
    fireEvent.click(screen.getByRole('button', { name: 'Send test event' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Test event not sent');
    expect(alert).toHaveTextContent('Set a webhook URL first.');
  });
});

describe('cancellation', () => {
  it('tells that messaging keeps working until month end, cancels, and reactivates', async () => {
    await signInAs('partner_admin', { partner_id: ids.partner });
    const fetchMock = hub();
    renderApp(`/partner/channels/${ids.channel}`);
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel number' }));
    const confirm = await screen.findByRole('dialog', { name: 'Cancel number' });
    expect(confirm).toHaveTextContent(/Messaging keeps working until the end of the month/);
    expect(confirm).toHaveTextContent('You can reactivate it until then.');
    fireEvent.click(within(confirm).getByRole('button', { name: 'Cancel number' }));

    expect(await screen.findByText('Cancellation requested')).toBeInTheDocument();
    expect(screen.getAllByText('Pending deletion').length).toBeGreaterThan(0);
    fireEvent.click(screen.getByRole('button', { name: 'Reactivate number' }));
    const again = await screen.findByRole('dialog', { name: 'Reactivate number' });
    fireEvent.click(within(again).getByRole('button', { name: 'Reactivate number' }));
    expect(await screen.findByText('+4915112345001 is active again.')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByText('Cancellation requested')).toBeNull());
    expect(fetchMock.mock.calls.map((call) => `${(call[0] as Request).method} ${new URL((call[0] as Request).url).pathname}`)).toEqual(
      expect.arrayContaining([`POST ${partnerBase}/control/cancellation_request`, `POST ${partnerBase}/control/reactivate`]),
    );
  });

  it.each([
    ['client_admin', true],
    ['client_member', false],
  ])('in the portal, a %s sees the cancel button: %s', async (role, shown) => {
    await signInAs(role, { partner_id: ids.partner, client_id: ids.client });
    hub();
    renderApp(`/portal/numbers/${ids.channel}`);
    expect(await screen.findByRole('heading', { name: 'Cancellation' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Cancel number' }) !== null).toBe(shown);
    // Both may still change the number's settings.
    expect(await screen.findByRole('button', { name: 'Save webhook' })).toBeInTheDocument();
  });

  it('freezes a terminated number', async () => {
    await signInAs('partner_admin', { partner_id: ids.partner });
    hub({}, runningChannel({ status: 'terminated', terminated_at: '2026-10-01T00:00:00Z' }));
    renderApp(`/partner/channels/${ids.channel}`);
    expect(await screen.findByText(/This number was terminated/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Save profile' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Enable local storage' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Cancel number' })).toBeNull();
  });
});
