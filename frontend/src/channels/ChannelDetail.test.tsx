import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { bodiesOf, fakeServer, json, signInAs } from '../test/fakeServer';
import { bakeryProfile, ids, runningChannel } from '../test/fixtures';
import { daysFromNow } from '../test/now';
import { renderApp } from '../test/renderApp';
import type { Channel } from './api';

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

// A 1×1 PNG, and a picked file as the photo chooser gives it.
const onePixelPng = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='),
  (char) => char.charCodeAt(0),
);
const photoInput = () => document.querySelector<HTMLInputElement>('input[type="file"]')!;
const pick = (file: File) => fireEvent.change(photoInput(), { target: { files: [file] } });
const photoCalls = (fetchMock: ReturnType<typeof hub>) =>
  fetchMock.mock.calls.map((call) => call[0] as Request).filter((request) => request.method === 'POST' && request.url.endsWith('/profile/photo'));

describe('business profile photo', () => {
  it('refuses a photo over 5 MB and a file that is not an image by its bytes, without calling the server', async () => {
    await signInAs('partner_admin', { partner_id: ids.partner });
    const fetchMock = hub();
    renderApp(`/partner/channels/${ids.channel}`);
    expect(await screen.findByRole('button', { name: 'Upload photo' })).toBeInTheDocument();
    expect(screen.getByText(/640×640 recommended/)).toBeInTheDocument();
    expect(photoInput()).toHaveAttribute('accept', 'image/jpeg,image/png');

    const big = new Uint8Array(5 * 1024 * 1024 + 1);
    big.set(onePixelPng.subarray(0, 8));
    pick(new File([big], 'big.png', { type: 'image/png' }));
    expect(await screen.findByText('The photo is 5.0 MB; it can be at most 5 MB.')).toBeInTheDocument();

    // Named and typed as a PNG, but its bytes are text.
    pick(new File(['not really a picture'], 'fake.png', { type: 'image/png' }));
    expect(await screen.findByText('"fake.png" is not a JPEG or PNG image; choose a .jpg or .png photo.')).toBeInTheDocument();
    expect(photoCalls(fetchMock)).toEqual([]);
  });

  it('uploads a small PNG as its bytes and shows it', async () => {
    await signInAs('client_admin', { partner_id: ids.partner, client_id: ids.client });
    let stored: ArrayBuffer | null = null;
    const fetchMock = hub({
      [`POST ${portalBase}/profile/photo`]: async (request) => {
        stored = await request.arrayBuffer();
        return json(200, { ...bakeryProfile, profile_photo_url: `${portalBase}/profile/photo` });
      },
      [`GET ${portalBase}/profile/photo`]: () =>
        stored ? new Response(stored, { headers: { 'Content-Type': 'image/png' } }) : json(404, { meta: { http_code: 404 } }),
    });
    renderApp(`/portal/numbers/${ids.channel}`);
    expect(await screen.findByText('No profile photo set.')).toBeInTheDocument();

    pick(new File([onePixelPng], 'dot.png', { type: 'image/png' }));
    expect(await screen.findByText('Profile photo uploaded.')).toBeInTheDocument();
    const image = await screen.findByRole('img', { name: 'Profile photo' });
    expect(image.getAttribute('src')).toBe(`data:image/png;base64,${btoa(String.fromCharCode(...onePixelPng))}`);

    const [sent] = photoCalls(fetchMock);
    expect(sent.headers.get('Content-Type')).toBe('image/png');
    expect(sent.headers.get('Authorization')).toMatch(/^Bearer /);
    expect(new Uint8Array(await sent.clone().arrayBuffer())).toEqual(onePixelPng);
    const fetched = fetchMock.mock.calls.map((call) => call[0] as Request).find((request) => request.method === 'GET' && request.url.endsWith('/profile/photo'));
    expect(fetched?.headers.get('Authorization')).toMatch(/^Bearer /);
  });

  it('shows the server refusal of a photo in words', async () => {
    await signInAs('partner_admin', { partner_id: ids.partner });
    hub({ [`POST ${partnerBase}/profile/photo`]: () => json(413, { meta: { http_code: 413, code: 'photo_too_large', developer_message: 'photo_too_large' } }) });
    renderApp(`/partner/channels/${ids.channel}`);
    await screen.findByRole('button', { name: 'Upload photo' });
    pick(new File([onePixelPng], 'dot.png', { type: 'image/png' }));
    expect(await screen.findByText('The photo is larger than 5 MB; choose a smaller one.')).toBeInTheDocument();
  });

  it('shows the photo but no upload to those who cannot edit', async () => {
    await signInAs('partner_admin', { partner_id: ids.partner });
    hub(
      {
        [`GET ${partnerBase}/profile`]: () => json(200, { ...bakeryProfile, profile_photo_url: `${partnerBase}/profile/photo` }),
        [`GET ${partnerBase}/profile/photo`]: () => new Response(onePixelPng, { headers: { 'Content-Type': 'image/png' } }),
      },
      runningChannel({ status: 'terminated', terminated_at: daysFromNow(-30) }),
    );
    renderApp(`/partner/channels/${ids.channel}`);
    expect(await screen.findByRole('img', { name: 'Profile photo' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /photo/ })).toBeNull();
    expect(document.querySelector('input[type="file"]')).toBeNull();
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
    hub({}, runningChannel({ status: 'terminated', terminated_at: daysFromNow(-30) }));
    renderApp(`/partner/channels/${ids.channel}`);
    expect(await screen.findByText(/This number was terminated/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Save profile' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Enable local storage' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Cancel number' })).toBeNull();
  });
});
