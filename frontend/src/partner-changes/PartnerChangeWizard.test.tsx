import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { bodiesOf, fakeServer, json, signInAs } from '../test/fakeServer';
import { bakery, ids, page, runningChannel } from '../test/fixtures';
import { daysFromNow } from '../test/now';
import { renderApp } from '../test/renderApp';
import type { PartnerChange } from './api';

const base = `/api/v2/clients/${ids.client}`;
const globex = { partner_id: 'g1PA', brand_name: 'Globex Connect', billing_model: 'direct_payment' };

const channels = [
  runningChannel({ id: 'ch1CH', setup_info: { phone_number: '+4915112345001', phone_name: 'Bluebird Bakery' } }),
  runningChannel({ id: 'ch2CH', status: 'ready', setup_info: { phone_number: '+4915112345002', phone_name: 'Bluebird Orders' } }),
  runningChannel({ id: 'ch3CH', status: 'pending_deletion', setup_info: { phone_number: '+4915112345003', phone_name: 'Bluebird Events' } }),
];

function hub(extra: Record<string, (request: Request) => Response | Promise<Response>> = {}, requests: PartnerChange[] = []) {
  return fakeServer({
    [`GET ${base}`]: () => json(200, bakery),
    [`GET ${base}/channels`]: () => json(200, page('channels', channels)),
    [`GET ${base}/partner_change_requests`]: () => json(200, page('partner_change_requests', requests)),
    [`GET ${base}/migrations`]: () => json(200, page('migrations', [])),
    'GET /api/v2/onboarding/partners/g1PA': () => json(200, globex),
    'GET /api/v2/onboarding/partners/zzzzzzzzzzPA': () =>
      json(404, { meta: { http_code: 404, code: 'partner_not_found', developer_message: 'There is no active partner with this id.' } }),
    ...extra,
  });
}

const partnerIdField = () => screen.getByRole('textbox', { name: 'Partner id of your new partner' });
const next = () => fireEvent.click(screen.getByRole('button', { name: 'Next' }));

describe('change partner wizard', () => {
  it('checks the partner id as typed, and refuses an unknown partner in words before going on', async () => {
    await signInAs('client_admin', { partner_id: ids.partner, client_id: ids.client });
    hub();
    renderApp('/portal/partner-changes/new');
    await screen.findByText(ids.partner);
    fireEvent.change(partnerIdField(), { target: { value: 'p1PA' } });
    expect(screen.getByText('This is your current partner. Enter the id of the partner you want to move to.')).toBeInTheDocument();
    fireEvent.change(partnerIdField(), { target: { value: 'globex' } });
    expect(screen.getByText('A partner id ends in PA, like f167CmAbcdPA. Check the id with your new partner.')).toBeInTheDocument();

    fireEvent.change(partnerIdField(), { target: { value: 'zzzzzzzzzzPA' } });
    next();
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('No active partner has this id. Check the id with your new partner — it ends in PA, like f167CmAbcdPA.');
    expect(partnerIdField()).toBeInTheDocument();
  });

  it('moves some numbers: busy ones are shown disabled with why, consequences reviewed, terms required, then sent', async () => {
    await signInAs('client_admin', { partner_id: ids.partner, client_id: ids.client });
    const open: PartnerChange = { id: 'old1PCR', status: 'created', channel_ids: ['ch2CH'], target_partner_id: 'x1PA' };
    const fetchMock = hub(
      {
        [`POST ${base}/partner_change_requests`]: async (request) =>
          json(201, { id: 'new1PCR', status: 'created', target_partner_name: 'Globex Connect', ...(await request.json()) }),
      },
      [open],
    );
    renderApp('/portal/partner-changes/new');
    await screen.findByText(ids.partner);
    fireEvent.change(partnerIdField(), { target: { value: 'g1PA' } });
    next();

    const all = await screen.findByRole('radio', { name: /All my numbers/ });
    expect(all).toBeDisabled();
    expect(screen.getByText(/Moving everything is not possible now: \+4915112345002, \+4915112345003 cannot move/)).toBeInTheDocument();
    expect(screen.getByText(/The numbers you pick move into a new client account under Globex Connect/)).toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: /\+4915112345003/ })).toBeDisabled();
    expect(screen.getByText('Pending deletion — reactivate it on its page to move it.')).toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: /\+4915112345002/ })).toBeDisabled();
    expect(screen.getByText('Already part of open partner change old1PCR.')).toBeInTheDocument();

    next();
    expect(await screen.findByText('Pick at least one number to move.')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('checkbox', { name: /\+4915112345001/ }));
    next();

    expect(await screen.findByText(/A new client account is created under Globex Connect/)).toBeInTheDocument();
    expect(screen.getByText(/Every API key of the moving numbers is revoked at once/)).toBeInTheDocument();
    expect(screen.getByText(/webhook URLs of the moving numbers are cleared/)).toBeInTheDocument();
    expect(screen.getByText(/you must grant Globex Connect the API-key permission again/)).toBeInTheDocument();
    next();

    fireEvent.click(screen.getByRole('button', { name: 'Send the request' }));
    expect(await screen.findByText('Accept the terms to send the request.')).toBeInTheDocument();
    expect(await bodiesOf(fetchMock, `POST ${base}/partner_change_requests`)).toEqual([]);
    fireEvent.click(screen.getByRole('checkbox', { name: 'I accept the partner-change terms (version 2026-11)' }));
    fireEvent.click(screen.getByRole('button', { name: 'Send the request' }));

    expect(await screen.findByText(/Your request new1PCR now waits for Globex Connect to approve it/)).toBeInTheDocument();
    expect(await bodiesOf(fetchMock, `POST ${base}/partner_change_requests`)).toEqual([
      { target_partner_id: 'g1PA', channel_ids: ['ch1CH'], accept_terms: true, terms_version: '2026-11' },
    ]);
  });

  it('moves everything when nothing is busy, without naming the numbers, and shows a refusal in words', async () => {
    await signInAs('client_admin', { partner_id: ids.partner, client_id: ids.client });
    const fetchMock = fakeServer({
      [`GET ${base}`]: () => json(200, bakery),
      [`GET ${base}/channels`]: () => json(200, page('channels', channels.slice(0, 2))),
      [`GET ${base}/partner_change_requests`]: () => json(200, page('partner_change_requests', [])),
      [`GET ${base}/migrations`]: () => json(200, page('migrations', [])),
      'GET /api/v2/onboarding/partners/g1PA': () => json(200, globex),
      [`POST ${base}/partner_change_requests`]: () =>
        json(409, { meta: { http_code: 409, code: 'different_billing_system', developer_message: 'Destination partner is using a different payment processor.' } }),
    });
    renderApp('/portal/partner-changes/new');
    await screen.findByText(ids.partner);
    fireEvent.change(partnerIdField(), { target: { value: 'g1PA' } });
    next();
    const all = await screen.findByRole('radio', { name: /All my numbers/ });
    expect(all).toBeEnabled();
    expect(all).toBeChecked();
    next();
    expect(await screen.findByText(/Your whole account moves from your current partner to Globex Connect/)).toBeInTheDocument();
    next();
    fireEvent.click(screen.getByRole('checkbox', { name: /I accept the partner-change terms/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Send the request' }));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText(/That partner uses a different payment processor, so your numbers cannot move to them/)).toBeInTheDocument();
    expect(await bodiesOf(fetchMock, `POST ${base}/partner_change_requests`)).toEqual([{ target_partner_id: 'g1PA', accept_terms: true, terms_version: '2026-11' }]);
  });

  it('a client member is told only an admin can ask', async () => {
    await signInAs('client_member', { partner_id: ids.partner, client_id: ids.client });
    hub();
    renderApp('/portal/partner-changes/new');
    expect(await screen.findByText('Only a client admin can ask to change partner. Ask an admin of your account.')).toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: 'Partner id of your new partner' })).toBeNull();
  });
});

describe('partner changes of the client', () => {
  it('lists requests with status and reason, and a client admin cancels one awaiting approval', async () => {
    await signInAs('client_admin', { partner_id: ids.partner, client_id: ids.client });
    let requests: PartnerChange[] = [
      { id: 'a1PCR', status: 'created', is_full_migration: false, channel_ids: ['ch1CH'], target_partner_name: 'Globex Connect', created_at: daysFromNow(-1) },
      { id: 'b1PCR', status: 'rejected', is_full_migration: true, channel_ids: ['ch1CH', 'ch2CH'], target_partner_name: 'Initrode', reason: 'We do not serve bakeries.', created_at: daysFromNow(-2) },
    ];
    const fetchMock = fakeServer({
      [`GET ${base}/channels`]: () => json(200, page('channels', channels)),
      [`GET ${base}/partner_change_requests`]: () => json(200, page('partner_change_requests', requests)),
      [`POST ${base}/partner_change_requests/a1PCR/cancel`]: () => {
        requests = requests.map((request) => (request.id === 'a1PCR' ? { ...request, status: 'cancelled' } : request));
        return json(200, requests[0]);
      },
    });
    renderApp('/portal/partner-changes');
    const table = await screen.findByRole('table', { name: 'Partner change requests' });
    expect(await within(table).findByText('Into a new account: +4915112345001')).toBeInTheDocument();
    expect(within(table).getByText('We do not serve bakeries.')).toBeInTheDocument();
    expect(within(table).getByText('Awaiting approval')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Change partner' })).toHaveAttribute('href', '/portal/partner-changes/new');

    fireEvent.click(within(table).getByRole('button', { name: 'Cancel request a1PCR' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel the request' }));
    await waitFor(() => expect(within(table).queryByRole('button', { name: 'Cancel request a1PCR' })).toBeNull());
    expect(within(table).getByText('Cancelled')).toBeInTheDocument();
    expect(fetchMock.mock.calls.some(([request]) => (request as Request).url.endsWith('/a1PCR/cancel'))).toBe(true);
  });
});
