import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { bodiesOf, fakeServer, json, queriesOf, signInAs } from '../test/fakeServer';
import { acmePartner, page } from '../test/fixtures';
import { daysFromNow, minutesFromNow } from '../test/now';
import { renderApp } from '../test/renderApp';
import type { LimitRaiseRequest } from './api';

const acme = acmePartner();
describe('limit-raise requests', () => {
  const pending: LimitRaiseRequest = {
    id: 'r1LR',
    partner_id: 'p1PA',
    client_id: 'c1CL',
    waba_id: 'w1WA',
    requested_limit: 120,
    reason: 'Opening 40 branch numbers',
    status: 'pending',
    created_at: daysFromNow(-1),
  };

  it('a platform admin approves a pending request with a note', async () => {
    await signInAs('platform_admin');
    let current = pending;
    const fetchMock = fakeServer({
      'GET /api/v2/partners': () => json(200, page('partners', [acme])),
      'GET /api/v2/operator/limit_raise_requests': () => json(200, page('limit_raise_requests', [current])),
      'POST /api/v2/operator/limit_raise_requests/r1LR/approve': async (request) =>
        json(200, (current = { ...current, status: 'approved', decided_at: minutesFromNow(0), decision_note: (await request.json()).note })),
    });
    renderApp('/operator/limit-requests');
    fireEvent.click(await screen.findByRole('button', { name: 'Approve request r1LR' }));
    const dialog = await screen.findByRole('dialog', { name: 'Approve the request' });
    expect(dialog).toHaveTextContent('The number limit of WABA w1WA becomes 120.');
    fireEvent.change(within(dialog).getByLabelText(/^Note/), { target: { value: 'Verified business' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Approve' }));
    const table = screen.getByRole('table', { name: 'Limit-raise requests' });
    expect(within(table).getByText('Acme Messaging')).toBeInTheDocument();
    expect(await within(table).findByText(/Verified business/)).toBeInTheDocument();
    expect(within(table).getByText('Approved')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(await bodiesOf(fetchMock, 'POST /api/v2/operator/limit_raise_requests/r1LR/approve')).toEqual([{ note: 'Verified business' }]);
  });

  it('filters by status; a support agent cannot decide', async () => {
    await signInAs('support_agent');
    const fetchMock = fakeServer({ 'GET /api/v2/operator/limit_raise_requests': () => json(200, page('limit_raise_requests', [pending])) });
    renderApp('/operator/limit-requests');
    expect(await screen.findByText('Awaiting a platform admin')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Approve/ })).toBeNull();
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'pending' } });
    await waitFor(() => expect(queriesOf(fetchMock, 'GET /api/v2/operator/limit_raise_requests').at(-1)!.filters).toBe('{"status":"pending"}'));
  });
});

describe('simulator', () => {
  it('shows the inbox, filtered by a phone number typed with spaces', async () => {
    await signInAs('platform_admin');
    const fetchMock = fakeServer({
      'GET /api/v2/operator/simulator/inbox': (request) =>
        json(200, {
          messages: new URL(request.url).searchParams.get('phone_number')
            ? [{ id: 'm1', phone_number: '+4915112345001', kind: 'otp_sms', body: 'Your PartnerHub local storage code is 123456.', created_at: minutesFromNow(-1) }]
            : [],
        }),
    });
    renderApp('/operator/simulator');
    expect(await screen.findByText('Nothing was sent yet.')).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('Phone number'), { target: { value: '+49 151 1234 5001' } });
    expect(await screen.findByText('Your PartnerHub local storage code is 123456.')).toBeInTheDocument();
    expect(queriesOf(fetchMock, 'GET /api/v2/operator/simulator/inbox').at(-1)).toEqual({ phone_number: '+4915112345001' });
  });

  it('applies the chosen controls to a channel and shows what it reports', async () => {
    await signInAs('platform_admin');
    const fetchMock = fakeServer({
      'GET /api/v2/operator/simulator/inbox': () => json(200, { messages: [] }),
      'POST /api/v2/operator/simulator/channels/ch1CH': () =>
        json(200, { id: 'ch1CH', status: 'running', current_quality_rating: 'RED', current_limit: 'TIER_10K', health: { can_send_message: 'LIMITED' }, setup_info: { phone_number: '+4915112345001' } }),
    });
    renderApp('/operator/simulator');
    fireEvent.click(await screen.findByRole('button', { name: 'Apply' }));
    expect(screen.getByText('Enter the channel ID (it ends in CH).')).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('Channel ID'), { target: { value: 'ch1CH' } });
    fireEvent.change(screen.getByLabelText('Quality rating'), { target: { value: 'RED' } });
    fireEvent.change(screen.getByLabelText('Messaging limit'), { target: { value: 'TIER_10K' } });
    fireEvent.change(screen.getByLabelText('Health'), { target: { value: 'LIMITED' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    expect(await screen.findByText('Applied to +4915112345001')).toBeInTheDocument();
    expect(screen.getByText('Low quality')).toBeInTheDocument();
    expect(await bodiesOf(fetchMock, 'POST /api/v2/operator/simulator/channels/ch1CH')).toEqual([
      { current_quality_rating: 'RED', current_limit: 'TIER_10K', health: 'LIMITED' },
    ]);
  });
});
