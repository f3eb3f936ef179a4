import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { bodiesOf, fakeServer, json, signInAs } from '../test/fakeServer';
import { ids } from '../test/fixtures';
import { hoursFromNow, minutesFromNow } from '../test/now';
import { renderApp } from '../test/renderApp';

const base = `/api/v2/partners/${ids.partner}`;
const secret = 'whsec_c2VjcmV0LXNob3duLW9uY2Utb25seS1mb3ItdGhlLXRlc3Q';

// A fake hub holding the partner webhook URL; extra routes are added or replace these.
function hub(url: string, extra: Record<string, (request: Request) => Response | Promise<Response>> = {}) {
  let current = url;
  return fakeServer({
    [`GET ${base}/webhook_url`]: () => json(200, { webhook_url: current || undefined }),
    [`POST ${base}/webhook_url`]: async (request) => {
      current = (await request.json()).webhook_url;
      return json(200, { id: ids.partner, brand_name: 'Acme Messaging', webhook_url: current || undefined });
    },
    ...extra,
  });
}

const urlField = () => screen.getByLabelText(/^Partner webhook URL/);
const type = (value: string) => fireEvent.change(urlField(), { target: { value } });

describe('partner webhook address', () => {
  beforeEach(() => signInAs('partner_admin', { partner_id: ids.partner }));

  it('on a production server, refuses http, a port and an underscore as the user types, then saves a valid URL', async () => {
    // Served over https: the strict rules of a production server apply.
    vi.stubGlobal('location', new URL('https://hub.example.com/partner/webhook'));
    const fetchMock = hub('');
    renderApp('/partner/webhook');
    await screen.findByText('No webhook is set: events are not sent anywhere.');

    type('http://crm.example.com/hook');
    expect(screen.getByText('Webhook URL must start with https:// (plain http is not allowed).')).toBeInTheDocument();
    type('https://crm.example.com:8443/hook');
    expect(screen.getByText('Webhook URL must not name a port (like :8443); the standard https port is used.')).toBeInTheDocument();
    type('https://crm_hooks.example.com/hook');
    expect(screen.getByText('Webhook URL must not have an underscore (_) in the host name.')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Save webhook URL' }));
    type('https://127.0.0.1/hook');
    expect(screen.getByText('Webhook URL must point at a public host, not this machine or a private network.')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Save webhook URL' }));
    expect(await bodiesOf(fetchMock, `POST ${base}/webhook_url`)).toEqual([]);

    type('https://crm.example.com/hook');
    expect(screen.queryByText(/^Webhook URL must/)).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Save webhook URL' }));
    expect(await screen.findByText('Webhook URL saved.')).toBeInTheDocument();
    expect(await bodiesOf(fetchMock, `POST ${base}/webhook_url`)).toEqual([{ webhook_url: 'https://crm.example.com/hook' }]);
    expect(urlField()).toHaveValue('https://crm.example.com/hook');
  });

  it('on a development server opened from this machine, lets a local http receiver through with a warning', async () => {
    vi.stubGlobal('location', new URL('http://127.0.0.1:8080/partner/webhook'));
    const fetchMock = hub('');
    renderApp('/partner/webhook');
    await screen.findByText('No webhook is set: events are not sent anywhere.');
    type('http://127.0.0.1:4321/hook');
    expect(screen.getByText(/in production; this development server accepts it only if started with --allow-insecure-webhooks\.$/)).toBeInTheDocument();
    // Still refused everywhere: an underscore in the host.
    type('http://my_receiver:4321/hook');
    expect(screen.getByText('Webhook URL must not have an underscore (_) in the host name.')).toBeInTheDocument();
    type('http://127.0.0.1:4321/hook');
    fireEvent.click(screen.getByRole('button', { name: 'Save webhook URL' }));
    expect(await screen.findByText('Webhook URL saved.')).toBeInTheDocument();
    expect(await bodiesOf(fetchMock, `POST ${base}/webhook_url`)).toEqual([{ webhook_url: 'http://127.0.0.1:4321/hook' }]);
  });

  it('removes the webhook after asking', async () => {
    const fetchMock = hub('https://crm.example.com/hook');
    renderApp('/partner/webhook');
    fireEvent.click(await screen.findByRole('button', { name: 'Remove webhook' }));
    const dialog = await screen.findByRole('dialog', { name: 'Remove the webhook' });
    expect(dialog).toHaveTextContent('no longer sent to https://crm.example.com/hook');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove webhook' }));
    expect(await screen.findByText('Webhook removed: events are no longer sent.')).toBeInTheDocument();
    expect(await bodiesOf(fetchMock, `POST ${base}/webhook_url`)).toEqual([{ webhook_url: '' }]);
    expect(urlField()).toHaveValue('');
  });
});

describe('partner webhook test event', () => {
  beforeEach(() => signInAs('partner_admin', { partner_id: ids.partner }));

  it('says that the test event was delivered, with status, latency and the answer', async () => {
    hub('https://crm.example.com/hook', {
      [`POST ${base}/webhook_url/test`]: () =>
        json(200, { delivered: true, status_code: 200, latency_ms: 35, response: '{"ok":true}', event_id: 'test_abc123' }),
    });
    renderApp('/partner/webhook');
    fireEvent.click(await screen.findByRole('button', { name: 'Send test event' }));
    expect(await screen.findByText('Delivered: the receiver answered HTTP 200 in 35 ms.')).toBeInTheDocument();
    expect(screen.getByText('Test event delivered')).toBeInTheDocument();
    expect(screen.getByText('test_abc123')).toBeInTheDocument();
    expect(screen.getByText('{"ok":true}')).toBeInTheDocument();
  });

  it('says why a test event was not delivered', async () => {
    hub('https://crm.example.com/hook', {
      [`POST ${base}/webhook_url/test`]: () => json(200, { delivered: false, latency_ms: 10001, error: 'no answer within the timeout', event_id: 'test_x' }),
    });
    renderApp('/partner/webhook');
    fireEvent.click(await screen.findByRole('button', { name: 'Send test event' }));
    expect(await screen.findByText('Not delivered: no answer within the timeout (after 10001 ms).')).toBeInTheDocument();
    expect(screen.getByText('Test event not delivered')).toBeInTheDocument();
  });

  it('shows the 409 of a partner without a webhook in words', async () => {
    // The page offers the button only with a saved URL; another admin may have removed it meanwhile.
    hub('https://crm.example.com/hook', {
      [`POST ${base}/webhook_url/test`]: () =>
        json(409, { meta: { success: false, http_code: 409, developer_message: 'Set a webhook URL first.', code: 'no_webhook' } }),
    });
    renderApp('/partner/webhook');
    fireEvent.click(await screen.findByRole('button', { name: 'Send test event' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Test event not sent');
    expect(alert).toHaveTextContent('Set a webhook URL first.');
  });

  it('cannot be sent before a URL is saved', async () => {
    hub('');
    renderApp('/partner/webhook');
    expect(await screen.findByRole('button', { name: 'Send test event' })).toBeDisabled();
    expect(screen.getByText('Save a webhook URL first.')).toBeInTheDocument();
  });
});

describe('signing secret dialog', () => {
  const writeText = vi.fn<(text: string) => Promise<void>>();
  beforeEach(async () => {
    await signInAs('partner_admin', { partner_id: ids.partner });
    writeText.mockReset().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
  });
  afterEach(() => {
    Reflect.deleteProperty(navigator, 'clipboard');
  });

  async function rotate() {
    fireEvent.click(await screen.findByRole('button', { name: 'Create or rotate secret' }));
    const confirm = await screen.findByRole('dialog', { name: 'New signing secret' });
    expect(confirm).toHaveTextContent('keeps signing next to the new one for 24 hours');
    fireEvent.click(within(confirm).getByRole('button', { name: 'Create secret' }));
    return screen.findByRole('dialog', { name: 'Your new signing secret' });
  }

  it('shows a rotated secret once, copies it, explains the 24 h overlap, and forgets it on close', async () => {
    const until = hoursFromNow(24);
    const fetchMock = hub('https://crm.example.com/hook', {
      [`POST ${base}/webhook_secret`]: () => json(201, { secret, previous_valid_until: until, created_at: minutesFromNow(0) }),
    });
    renderApp('/partner/webhook');
    const dialog = await rotate();
    expect(within(dialog).getByTestId('secret-value')).toHaveTextContent(secret);
    expect(dialog).toHaveTextContent('You will not see this signing secret again.');
    expect(dialog).toHaveTextContent(`The previous secret keeps signing too, as a second v1 value, until ${new Date(until).toLocaleString()} (24 hours).`);

    fireEvent.click(within(dialog).getByRole('button', { name: 'Copy to clipboard' }));
    expect(await within(dialog).findByText('Copied to the clipboard.')).toBeInTheDocument();
    expect(writeText).toHaveBeenCalledExactlyOnceWith(secret);

    fireEvent.click(within(dialog).getByRole('button', { name: 'Done, close' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(document.body).not.toHaveTextContent(secret);
    // Nothing can show it again: the only way back is a new secret.
    expect(fetchMock.mock.calls.filter((call) => (call[0] as Request).url.endsWith('/webhook_secret'))).toHaveLength(1);
    expect(screen.getByRole('button', { name: 'Create or rotate secret' })).toBeEnabled();
  });

  it('says so for the first secret, and words a refused copy', async () => {
    writeText.mockRejectedValue(new DOMException('denied', 'NotAllowedError'));
    hub('https://crm.example.com/hook', {
      [`POST ${base}/webhook_secret`]: () => json(201, { secret, previous_valid_until: null, created_at: minutesFromNow(0) }),
    });
    renderApp('/partner/webhook');
    const dialog = await rotate();
    expect(dialog).toHaveTextContent('Deliveries are signed with this secret from now on.');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Copy to clipboard' }));
    expect(await within(dialog).findByText('The browser did not allow copying. Select the signing secret above and copy it by hand.')).toBeInTheDocument();
  });
});

describe('partner webhook for a partner member', () => {
  it('shows the address but offers no change, test or secret', async () => {
    await signInAs('partner_member', { partner_id: ids.partner });
    hub('https://crm.example.com/hook');
    renderApp('/partner/webhook');
    expect(await screen.findByDisplayValue('https://crm.example.com/hook')).toBeDisabled();
    expect(screen.getByText('Only a partner admin can create or rotate the signing secret.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Create or rotate secret' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Send test event' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Save webhook URL' })).toBeNull();
    expect(screen.getByRole('link', { name: 'Open the delivery log' })).toHaveAttribute('href', '/partner/webhook-deliveries');
  });
});
