import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { bodiesOf, fakeServer, json, signInAs } from '../test/fakeServer';
import { ids } from '../test/fixtures';
import { daysFromNow } from '../test/now';
import { renderApp } from '../test/renderApp';
import type { PartnerKey } from './api';
import { expiryMoment, localDate } from './partnerKeyRules';

const keysPath = `/api/v2/partners/${ids.partner}/api_keys`;
const plain = 'php_Zx8Yq2LmN0pEVa7Ys3Kd8Rw1Tz4Hb6Uc5QxW3a';
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const crm: PartnerKey = {
  id: 'pk1PK',
  name: 'CRM production',
  hint: 'Qx7z',
  scope: 'full',
  ip_allowlist: ['203.0.113.0/24'],
  created_at: daysFromNow(-45),
  created_by: { user_id: 'u-partner_admin', user_name: 'Pat Partner' },
};

// A fake hub holding the partner's keys; POST checks the password like the server does.
function hub(keys: PartnerKey[] = [crm]) {
  let current = keys;
  return fakeServer({
    [`GET ${keysPath}`]: () => json(200, { api_keys: current }),
    [`POST ${keysPath}`]: async (request) => {
      const body = await request.json();
      if (body.password !== 'the-right-password') {
        return json(422, {
          meta: { success: false, http_code: 422, developer_message: 'The request has invalid fields.', details: ['password: is not your current password'], code: 'invalid' },
        });
      }
      const { password: _, ...fields } = body;
      const created = { id: 'pk2PK', hint: 'Ab12', created_at: new Date().toISOString(), created_by: { user_id: 'u-partner_admin', user_name: 'Pat Partner' }, ip_allowlist: [], ...fields };
      current = [created, ...current];
      return json(201, { ...created, api_key: plain });
    },
    [`DELETE ${keysPath}/pk1PK`]: () => {
      current = current.map((key) => (key.id === 'pk1PK' ? { ...key, revoked_at: new Date().toISOString() } : key));
      return json(200, current.find((key) => key.id === 'pk1PK'));
    },
  });
}

const field = (label: string) => screen.getByLabelText(new RegExp(`^${label}`));
const type = (label: string, value: string) => fireEvent.change(field(label), { target: { value } });
const submit = () => fireEvent.click(screen.getByRole('button', { name: 'Create key' }));

describe('partner API keys', () => {
  it('checks the allow-list line by line as the user types, requires name and password, and sends nothing invalid', async () => {
    await signInAs('partner_admin', { partner_id: ids.partner });
    const fetchMock = hub();
    renderApp('/partner/api-keys');
    await screen.findByRole('table', { name: 'Partner API keys' });

    type('Allowed IP addresses', '203.0.113.0/24\n10.0.0.300\n\n2001:db8::/129');
    expect(screen.getByText('Line 2: 10.0.0.300 is not an IP address or CIDR range, such as 203.0.113.7, 203.0.113.0/24 or 2001:db8::/32.')).toBeInTheDocument();
    expect(screen.getByText('Line 4: /129 is not a prefix length for IPv6: use a whole number from 0 to 128.')).toBeInTheDocument();
    expect(screen.queryByText(/^Line 1:/)).toBeNull();

    submit();
    expect(await screen.findByText('Name the key, for example after the system that uses it.')).toBeInTheDocument();
    expect(screen.getByText('Enter your password to confirm that it is you.')).toBeInTheDocument();

    type('Allowed IP addresses', '203.0.113.0/24\n10.0.0.30\n\n2001:db8::/32');
    expect(screen.queryByText(/^Line \d:/)).toBeNull();
    type('Name', 'CRM staging');
    type('Expires after', localDate(new Date(daysFromNow(-1))));
    expect(screen.getByText('The expiry date must be today or later.')).toBeInTheDocument();
    submit();
    await waitFor(() => expect(screen.getByText('The expiry date must be today or later.')).toBeInTheDocument());
    expect(await bodiesOf(fetchMock, `POST ${keysPath}`)).toEqual([]);
  });

  it('creates a key with the password entered again, shows it once, and lists it', async () => {
    await signInAs('partner_admin', { partner_id: ids.partner });
    const fetchMock = hub();
    renderApp('/partner/api-keys');
    await screen.findByRole('table', { name: 'Partner API keys' });
    const expires = localDate(new Date(daysFromNow(30)));

    type('Name', '  CRM staging ');
    type('Scope', 'read');
    type('Expires after', expires);
    type('Allowed IP addresses', ' 198.51.100.7 \n\n2001:db8::/32\n');
    type('Your password', 'wrong-password');
    submit();

    // A wrong password is the server's word, shown at the field; typing again clears it.
    expect(await screen.findByText('This is not your current password.')).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('password: is not your current password');
    type('Your password', 'the-right-password');
    expect(screen.queryByText('This is not your current password.')).toBeNull();
    submit();

    const dialog = await screen.findByRole('dialog', { name: 'Your new partner API key' });
    expect(within(dialog).getByTestId('secret-value')).toHaveTextContent(plain);
    expect(dialog).toHaveTextContent('X-API-Key');
    expect(dialog).toHaveTextContent('only from 198.51.100.7, 2001:db8::/32');
    const bodies = await bodiesOf(fetchMock, `POST ${keysPath}`);
    expect(bodies[1]).toEqual({
      name: 'CRM staging',
      scope: 'read',
      expires_at: expiryMoment(expires)!.toISOString(),
      ip_allowlist: ['198.51.100.7', '2001:db8::/32'],
      password: 'the-right-password',
    });
    const keysSent = fetchMock.mock.calls
      .map((call) => call[0] as Request)
      .filter((request) => request.method === 'POST')
      .map((request) => request.headers.get('Idempotency-Key'));
    expect(keysSent).toHaveLength(2);
    expect(keysSent[0]).toMatch(uuid);
    expect(keysSent[1]).toMatch(uuid);
    expect(keysSent[1]).not.toBe(keysSent[0]);

    fireEvent.click(within(dialog).getByRole('button', { name: 'Done, close' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(document.body).not.toHaveTextContent(plain);
    // The form starts afresh: above all, the password is gone.
    expect(field('Your password')).toHaveValue('');
    expect(field('Name')).toHaveValue('');
    const row = await within(screen.getByRole('table', { name: 'Partner API keys' })).findByRole('row', { name: /CRM staging/ });
    expect(row).toHaveTextContent('Read only');
    expect(row).toHaveTextContent('Ab12');
    expect(row).toHaveTextContent('2001:db8::/32');
  });

  it('revokes a key after saying it stops at once', async () => {
    await signInAs('partner_admin', { partner_id: ids.partner });
    const fetchMock = hub();
    renderApp('/partner/api-keys');
    fireEvent.click(await screen.findByRole('button', { name: 'Revoke key CRM production' }));
    const confirm = await screen.findByRole('dialog', { name: 'Revoke API key' });
    expect(confirm).toHaveTextContent('The key “CRM production” (Qx7z) stops working immediately');
    fireEvent.click(within(confirm).getByRole('button', { name: 'Revoke key' }));
    expect(await screen.findByText('The key “CRM production” is revoked: it no longer works.')).toBeInTheDocument();
    expect(fetchMock.mock.calls.filter((call) => (call[0] as Request).method === 'DELETE')).toHaveLength(1);
    const row = within(screen.getByRole('table', { name: 'Partner API keys' })).getByRole('row', { name: /CRM production/ });
    await waitFor(() => expect(row).toHaveTextContent('Revoked'));
    expect(screen.queryByRole('button', { name: 'Revoke key CRM production' })).toBeNull();
  });

  it('is in the navigation and settings of a partner admin only', async () => {
    await signInAs('partner_admin', { partner_id: ids.partner });
    hub();
    const { unmount } = renderApp('/partner/api-keys');
    const nav = screen.getByRole('navigation', { name: 'Main navigation' });
    expect(within(nav).getByRole('link', { name: 'API keys' })).toHaveAttribute('href', '/partner/api-keys');
    unmount();

    await signInAs('partner_member', { partner_id: ids.partner });
    const fetchMock = hub();
    renderApp('/partner/api-keys');
    expect(screen.getByText('Only a partner admin can see and manage the partner’s API keys.')).toBeInTheDocument();
    expect(within(screen.getByRole('navigation', { name: 'Main navigation' })).queryByRole('link', { name: 'API keys' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Create key' })).toBeNull();
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
