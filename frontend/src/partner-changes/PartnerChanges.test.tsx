import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Partner } from '../partners/api';
import { bodiesOf, fakeServer, json, queriesOf, signInAs } from '../test/fakeServer';
import { page } from '../test/fixtures';
import { daysFromNow, hoursFromNow, minutesFromNow } from '../test/now';
import { renderApp } from '../test/renderApp';
import type { PartnerChange } from './api';

const globex: Partner = { id: 'g1PA', brand_name: 'Globex Connect', auto_approve: false, status: 'active' };
const list = '/api/v2/partners/g1PA/selective_partner_change_requests';

const incoming: PartnerChange = {
  id: 'in1PCR',
  status: 'created',
  is_full_migration: false,
  channel_ids: ['ch1CH', 'ch2CH'],
  source_partner_id: 'p1PA',
  source_partner_name: 'Acme Messaging',
  source_client_id: 'c1CL',
  target_partner_id: 'g1PA',
  created_at: hoursFromNow(-1),
};
const outgoing: PartnerChange = {
  id: 'out1PCR',
  status: 'pending',
  is_full_migration: true,
  channel_ids: ['ch9CH'],
  source_partner_id: 'g1PA',
  target_partner_id: 'p1PA',
  target_partner_name: 'Acme Messaging',
  execution: 'end_of_month',
  execute_after: daysFromNow(20),
  created_at: daysFromNow(-1),
};

function hub(extra: Record<string, (request: Request) => Response | Promise<Response>> = {}) {
  let current = incoming;
  return fakeServer({
    'GET /api/v2/partners/g1PA': () => json(200, globex),
    [`GET ${list}`]: (request) => {
      const filters = JSON.parse(new URL(request.url).searchParams.get('filters') ?? '{}');
      return json(200, page('partner_change_requests', filters.source_partner_id === 'g1PA' ? [outgoing] : [current]));
    },
    [`POST ${list}/in1PCR/approve`]: () => json(200, (current = { ...current, status: 'pending', execute_after: minutesFromNow(1) })),
    [`POST ${list}/in1PCR/reject`]: async (request) =>
      json(200, (current = { ...current, status: 'rejected', reason: ((await request.json()) as { reason: string }).reason })),
    ...extra,
  });
}

describe('partner changes page', () => {
  it('a partner admin approves an incoming request', async () => {
    await signInAs('partner_admin', { partner_id: 'g1PA' });
    const fetchMock = hub();
    renderApp('/partner/partner-changes');
    const table = await screen.findByRole('table', { name: 'Incoming partner changes' });
    expect(await within(table).findByText('Acme Messaging')).toBeInTheDocument();
    expect(within(table).getByText('Some numbers (2)')).toBeInTheDocument();
    expect(JSON.parse(queriesOf(fetchMock, `GET ${list}`)[0].filters)).toEqual({ target_partner_id: 'g1PA' });

    fireEvent.click(within(table).getByRole('button', { name: 'Approve request in1PCR' }));
    const dialog = await screen.findByRole('dialog', { name: 'Approve the partner change' });
    expect(within(dialog).getByText(/2 numbers, in a new client, move to you from Acme Messaging/)).toBeInTheDocument();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Approve' }));
    await waitFor(() => expect(within(table).getByText('Approved, queued')).toBeInTheDocument());
    expect(within(table).queryByRole('button', { name: 'Approve request in1PCR' })).toBeNull();
  });

  it('rejecting needs a reason, checked as typed, which is sent', async () => {
    await signInAs('partner_admin', { partner_id: 'g1PA' });
    const fetchMock = hub();
    renderApp('/partner/partner-changes');
    const table = await screen.findByRole('table', { name: 'Incoming partner changes' });
    fireEvent.click(await within(table).findByRole('button', { name: 'Reject request in1PCR' }));
    const dialog = await screen.findByRole('dialog', { name: 'Reject the partner change' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Reject' }));
    expect(await within(dialog).findByText('Say why, so the client knows what to do next.')).toBeInTheDocument();
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Reason' }), { target: { value: 'x'.repeat(1001) } });
    expect(within(dialog).getByText(/The reason can be at most 1000 characters \(1001 now/)).toBeInTheDocument();
    expect(await bodiesOf(fetchMock, `POST ${list}/in1PCR/reject`)).toEqual([]);

    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Reason' }), { target: { value: ' We do not serve bakeries. ' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Reject' }));
    await waitFor(() => expect(within(table).getByText('We do not serve bakeries.')).toBeInTheDocument());
    expect(await bodiesOf(fetchMock, `POST ${list}/in1PCR/reject`)).toEqual([{ reason: 'We do not serve bakeries.' }]);
  });

  it('shows outgoing requests read-only, with when they run', async () => {
    await signInAs('partner_admin', { partner_id: 'g1PA' });
    hub();
    renderApp('/partner/partner-changes?tab=outgoing');
    const table = await screen.findByRole('table', { name: 'Outgoing partner changes' });
    expect(await within(table).findByText('Acme Messaging')).toBeInTheDocument();
    expect(within(table).getByText(/^Runs .*\(end of month\)$/)).toBeInTheDocument();
    expect(within(table).queryByRole('button', { name: /Approve|Reject/ })).toBeNull();
    expect(within(table).queryByRole('columnheader', { name: 'Decision' })).toBeNull();
  });

  it('a partner member sees incoming requests but cannot decide or change the settings', async () => {
    await signInAs('partner_member', { partner_id: 'g1PA' });
    hub();
    renderApp('/partner/partner-changes');
    const table = await screen.findByRole('table', { name: 'Incoming partner changes' });
    expect(await within(table).findByText('Awaiting a partner admin')).toBeInTheDocument();
    expect(within(table).queryByRole('button', { name: /Approve/ })).toBeNull();
    expect(screen.getByRole('switch', { name: /Approve incoming partner changes automatically/ })).toBeDisabled();
  });

  it('sets when approved changes run, and auto-approval', async () => {
    await signInAs('partner_admin', { partner_id: 'g1PA' });
    const route = 'PATCH /api/v2/partners/g1PA/settings/partner_change_request';
    let settings = { auto_approve: false, execution: 'immediate' };
    const fetchMock = hub({ [route]: async (request) => json(200, (settings = { ...settings, ...(await request.json()) })) });
    renderApp('/partner/partner-changes');
    fireEvent.click(await screen.findByRole('radio', { name: /At the end of the month/ }));
    expect(await screen.findByText('Approved partner changes now run at the end of the month.')).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: /At the end of the month/ })).toBeChecked();
    fireEvent.click(screen.getByRole('switch', { name: /Approve incoming partner changes automatically/ }));
    expect(await screen.findByText('Incoming partner changes are now approved automatically.')).toBeInTheDocument();
    expect(await bodiesOf(fetchMock, route)).toEqual([{ execution: 'end_of_month' }, { auto_approve: true }]);
  });
});
