import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Migration } from '../migrations/api';
import type { PartnerChange } from '../partner-changes/api';
import { bodiesOf, fakeServer, json, signInAs } from '../test/fakeServer';
import { bakeryProfile, ids, page, runningChannel } from '../test/fixtures';
import { hoursFromNow } from '../test/now';
import { renderApp } from '../test/renderApp';
import type { Channel } from './api';

const portalBase = `/api/v2/clients/${ids.client}/channels/${ids.channel}`;

function hub(channel: Channel, extra: Record<string, (request: Request) => Response | Promise<Response>> = {}) {
  let current = channel;
  return fakeServer({
    [`GET ${portalBase}`]: () => json(200, current),
    [`GET ${portalBase}/api_keys`]: () => json(200, { api_keys: [] }),
    [`GET ${portalBase}/profile`]: () => json(200, bakeryProfile),
    [`GET ${portalBase}/webhook`]: () => json(200, { url: '' }),
    [`POST ${portalBase}/control/change_display_name`]: async (request) => {
      const { display_name } = (await request.json()) as { display_name: string };
      return json(200, (current = { ...current, setup_info: { ...current.setup_info, phone_name: display_name } }));
    },
    ...extra,
  });
}

describe('change display name', () => {
  it('checks the new name as typed and changes it', async () => {
    await signInAs('client_member', { partner_id: ids.partner, client_id: ids.client });
    const fetchMock = hub(runningChannel());
    renderApp(`/portal/numbers/${ids.channel}`);
    fireEvent.click(await screen.findByRole('button', { name: 'Change display name' }));
    const dialog = await screen.findByRole('dialog', { name: 'Change display name' });
    const name = within(dialog).getByRole('textbox', { name: /New display name/ });
    expect(name).toHaveValue('Bluebird Bakery');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Change the name' }));
    expect(await within(dialog).findByText('That is already the display name. Type the new name.')).toBeInTheDocument();
    fireEvent.change(name, { target: { value: '42' } });
    expect(within(dialog).getByText('A display name has at least 3 characters (2 now).')).toBeInTheDocument();
    fireEvent.change(name, { target: { value: '4242' } });
    expect(within(dialog).getByText('A display name needs letters; digits and punctuation alone are not a name.')).toBeInTheDocument();
    expect(await bodiesOf(fetchMock, `POST ${portalBase}/control/change_display_name`)).toEqual([]);

    fireEvent.change(name, { target: { value: ' Bluebird Bakery Berlin ' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Change the name' }));
    expect(await screen.findByText('The display name is now “Bluebird Bakery Berlin”.')).toBeInTheDocument();
    expect(await bodiesOf(fetchMock, `POST ${portalBase}/control/change_display_name`)).toEqual([{ display_name: 'Bluebird Bakery Berlin' }]);
  });

  it('says until when a number is blocked after the registration limit refused the change', async () => {
    await signInAs('client_admin', { partner_id: ids.partner, client_id: ids.client });
    const until = hoursFromNow(72);
    let blocked = false;
    hub(runningChannel(), {
      [`GET ${portalBase}`]: () => json(200, runningChannel(blocked ? { blocked_until: until } : {})),
      [`POST ${portalBase}/control/change_display_name`]: () => {
        blocked = true;
        return json(
          429,
          { meta: { http_code: 429, code: 'registration_limit_reached', developer_message: 'limit', details: [`blocked_until: ${until}`] } },
          { 'Retry-After': String(72 * 3600) },
        );
      },
    });
    renderApp(`/portal/numbers/${ids.channel}`);
    fireEvent.click(await screen.findByRole('button', { name: 'Change display name' }));
    const dialog = await screen.findByRole('dialog', { name: 'Change display name' });
    fireEvent.change(within(dialog).getByRole('textbox', { name: /New display name/ }), { target: { value: 'Bluebird Berlin' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Change the name' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent(/This number reached Meta's limit of 10 registrations .* blocked until .*\(in (2 days 23 hours|3 days)\)\. Try again after that\./);
    // The page reads the number again and shows the block.
    await waitFor(() => expect(screen.getByText('Registration changes blocked')).toBeInTheDocument());
    expect(screen.getByText('Registrations blocked until')).toBeInTheDocument();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Back' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Change display name' })).toBeDisabled());
  });

  it('is not offered on a terminated number', async () => {
    await signInAs('client_admin', { partner_id: ids.partner, client_id: ids.client });
    hub(runningChannel({ status: 'terminated' }));
    renderApp(`/portal/numbers/${ids.channel}`);
    expect(await screen.findByRole('heading', { name: 'Display name' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Change display name' })).toBeNull();
  });
});

describe('operator lists', () => {
  const partners = { partners: [{ id: 'p1PA', brand_name: 'Acme Messaging' }, { id: 'g1PA', brand_name: 'Globex Connect' }], total: 2 };

  it('a platform admin cancels an open migration with a reason', async () => {
    await signInAs('platform_admin');
    const open: Migration = { id: 'm1MG', kind: 'port_in', status: 'otp_requested', phone_number: '+4915112349001', partner_id: 'p1PA', client_id: 'c1CL', target_waba_id: 'w1WA' };
    let rows = [open];
    const fetchMock = fakeServer({
      'GET /api/v2/partners': () => json(200, partners),
      'GET /api/v2/operator/migrations': () => json(200, page('migrations', rows)),
      'POST /api/v2/operator/migrations/m1MG/cancel': () => json(200, (rows = [{ ...open, status: 'cancelled' }])[0]),
    });
    renderApp('/operator/migrations');
    const table = await screen.findByRole('table', { name: 'Number migrations' });
    expect(await within(table).findByText('Acme Messaging')).toBeInTheDocument();
    fireEvent.click(within(table).getByRole('button', { name: 'Cancel migration m1MG' }));
    const dialog = await screen.findByRole('dialog', { name: 'Cancel the migration' });
    fireEvent.change(within(dialog).getByRole('textbox', { name: /Reason/ }), { target: { value: 'Asked by the client on the phone.' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel the migration' }));
    await waitFor(() => expect(within(table).getByText('Cancelled')).toBeInTheDocument());
    expect(await bodiesOf(fetchMock, 'POST /api/v2/operator/migrations/m1MG/cancel')).toEqual([{ reason: 'Asked by the client on the phone.' }]);
  });

  it('a support agent sees partner changes of all tenants but cannot cancel', async () => {
    await signInAs('support_agent');
    const request: PartnerChange = { id: 'r1PCR', status: 'created', source_partner_id: 'p1PA', target_partner_id: 'g1PA', source_client_id: 'c1CL', channel_ids: ['a'] };
    fakeServer({
      'GET /api/v2/partners': () => json(200, partners),
      'GET /api/v2/operator/partner_change_requests': () => json(200, page('partner_change_requests', [request])),
    });
    renderApp('/operator/partner-changes');
    const table = await screen.findByRole('table', { name: 'Partner change requests' });
    expect(await within(table).findByText('Globex Connect')).toBeInTheDocument();
    expect(within(table).getByText('Awaiting approval')).toBeInTheDocument();
    expect(within(table).queryByRole('button', { name: /Cancel request/ })).toBeNull();
  });
});
