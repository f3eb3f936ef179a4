import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { bodiesOf, fakeServer, json, signInAs } from '../test/fakeServer';
import { ids } from '../test/fixtures';
import { hoursFromNow, minutesFromNow, utcText } from '../test/now';
import { renderApp } from '../test/renderApp';
import type { TicketDetail } from './api';

const path = '/api/v2/support/tickets/t1TK';
// Opened an hour ago, answered within 20 minutes; the resolution target (48 h) is still running.
const resolutionDue = hoursFromNow(47);

function ticket(changes: Partial<TicketDetail> = {}): TicketDetail {
  return {
    id: 't1TK',
    subject: 'Messages are not delivered',
    status: 'open',
    severity: 'critical',
    topic: 'messaging_outage',
    source: 'hub_chat',
    language: 'de',
    partner_id: ids.partner,
    requester_kind: 'client',
    requester_user_id: 'u-client_admin',
    plan: 'regular',
    package: 'standard',
    opened_at: minutesFromNow(-60),
    details: { error_message: '131026 Message undeliverable' },
    description: 'Since 09:40 nothing is delivered.',
    timers: [
      { metric: 'first_response', cycle: 1, due_at: minutesFromNow(180), warning_at: minutesFromNow(132), met: true, stopped_at: minutesFromNow(-40) },
      { metric: 'resolution', cycle: 1, due_at: resolutionDue, warning_at: minutesFromNow(-60 + 38 * 60 + 24), soft: true },
    ],
    messages: [
      { id: 'm1', kind: 'automated', author_side: 'system', body: 'These articles may help: Delivery problems.', created_at: minutesFromNow(-60) },
      { id: 'm2', kind: 'public_reply', author_side: 'agent', author_user_id: 'a1US', body: 'We are looking into it.', created_at: minutesFromNow(-40) },
    ],
    ...changes,
  };
}

const meta = (status: number, code: string, message: string, details: string[] = []) => ({
  meta: { success: false, http_code: status, code, developer_message: message, details },
});

describe('ticket page for requesters', () => {
  it('shows the conversation, replies, and the escalation refusal in words', async () => {
    await signInAs('client_admin', { partner_id: ids.partner, client_id: ids.client });
    const refusal =
      "Escalation is available to clients with a designated point of contact and to partners in the Silver, Gold and Platinum tiers; the client has no designated point of contact and the partner's tier is none. Support answers this ticket within its SLA.";
    const fetchMock = fakeServer({
      [`GET ${path}`]: () => json(200, ticket()),
      [`POST ${path}/replies`]: () => json(200, { ticket: ticket(), keys_masked: 0 }),
      [`POST ${path}/escalate`]: () => json(403, meta(403, 'escalation_not_available', refusal)),
      'GET /api/v2/support/topics': () => json(200, { topics: [{ key: 'messaging_outage', name: 'Messaging service stopped working', required: [{ key: 'error_message', label: 'Error returned (code and text)' }] }] }),
    });
    renderApp('/portal/support/t1TK');
    expect(await screen.findByRole('heading', { name: 'Messages are not delivered' })).toBeInTheDocument();
    const conversation = screen.getByRole('list', { name: 'Conversation' });
    expect(within(conversation).getByRole('listitem', { name: 'Message from Automated message' })).toHaveTextContent('These articles may help');
    expect(within(conversation).getByRole('listitem', { name: 'Message from Support' })).toHaveTextContent('We are looking into it.');
    expect(await screen.findByText('Error returned (code and text):')).toBeInTheDocument();
    expect(within(screen.getByRole('region', { name: 'First response timer' })).getByLabelText('First response: Met')).toBeInTheDocument();
    expect(within(screen.getByRole('region', { name: 'Resolution timer' })).getByText(`(${utcText(resolutionDue)})`)).toBeInTheDocument();
    // Requesters see neither staff facts nor staff actions.
    expect(screen.queryByText('Assignee')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Resolve' })).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Send reply' }));
    expect(await screen.findByText('Write your reply first.')).toBeInTheDocument();
    fireEvent.change(screen.getByRole('textbox', { name: 'Your reply' }), { target: { value: '  Still down.  ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send reply' }));
    await waitFor(async () => expect(await bodiesOf(fetchMock, `POST ${path}/replies`)).toEqual([{ body: 'Still down.' }]));

    fireEvent.click(screen.getByRole('button', { name: 'Escalate' }));
    const dialog = await screen.findByRole('dialog', { name: 'Escalate the ticket' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Escalate' }));
    expect(await within(dialog).findByText('Write the reason first.')).toBeInTheDocument();
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Why it needs escalating' }), { target: { value: 'Our shop cannot confirm orders.' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Escalate' }));
    expect(await within(dialog).findByText(refusal)).toBeInTheDocument();
    expect(await bodiesOf(fetchMock, `POST ${path}/escalate`)).toEqual([{ reason: 'Our shop cannot confirm orders.' }]);
  });

  it('a resolved ticket is reopened, not replied to', async () => {
    await signInAs('partner_admin', { partner_id: ids.partner });
    let current = ticket({ status: 'resolved', requester_kind: 'partner' });
    const fetchMock = fakeServer({
      [`GET ${path}`]: () => json(200, current),
      [`POST ${path}/reopen`]: () => json(200, { ticket: (current = { ...current, status: 'open' }) }),
    });
    renderApp('/partner/support/t1TK');
    expect(await screen.findByText('Support resolved this ticket')).toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: 'Your reply' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Reopen' }));
    const dialog = await screen.findByRole('dialog', { name: 'Reopen the ticket' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Reopen' }));
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'Your reply' })).toBeInTheDocument());
    expect(await bodiesOf(fetchMock, `POST ${path}/reopen`)).toEqual([{}]);
  });
});

describe('ticket page for support staff', () => {
  it('shows internal notes and works the ticket: note, waiting state, reclassify, resolve', async () => {
    await signInAs('support_agent');
    const withNote = ticket({
      assignee_id: 'a1US',
      language_fallback: true,
      messages: [...(ticket().messages ?? []), { id: 'm3', kind: 'internal_note', author_side: 'agent', author_user_id: 'a1US', body: 'Meta incident 4711.' }],
    });
    const result = { ticket: withNote, keys_masked: 0 };
    const fetchMock = fakeServer({
      [`GET ${path}`]: () => json(200, withNote),
      'GET /api/v2/support/agents': () => json(200, { agents: [{ id: 'a1US', name: 'Ana Agent', languages: ['en'], open_tickets: 3 }] }),
      'GET /api/v2/support/topics': () =>
        json(200, { topics: [{ key: 'messaging_outage', name: 'Messaging service stopped working' }, { key: 'messaging_delays', name: 'Long messaging delays' }] }),
      [`POST ${path}/notes`]: () => json(200, result),
      [`POST ${path}/status`]: () => json(200, result),
      [`POST ${path}/reclassify`]: () => json(409, meta(409, 'nothing_to_change', 'The ticket already has this topic and severity.')),
      [`POST ${path}/resolve`]: () => json(200, result),
    });
    renderApp('/operator/tickets/t1TK');
    const note = await screen.findByRole('listitem', { name: 'Internal note from Ana Agent' });
    expect(note).toHaveTextContent('Meta incident 4711.');
    expect(screen.getByText('German → English')).toBeInTheDocument();
    expect(screen.getByText('Ana Agent', { selector: 'dd' })).toBeInTheDocument();

    fireEvent.click(screen.getByRole('radio', { name: 'Internal note' }));
    fireEvent.change(await screen.findByRole('textbox', { name: 'Internal note (support staff only)' }), { target: { value: 'Asked Meta.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add note' }));
    await waitFor(async () => expect(await bodiesOf(fetchMock, `POST ${path}/notes`)).toEqual([{ body: 'Asked Meta.' }]));

    fireEvent.click(screen.getByRole('button', { name: 'Waiting on Meta' }));
    const waiting = await screen.findByRole('dialog', { name: 'Set the ticket to Waiting on Meta' });
    fireEvent.click(within(waiting).getByRole('button', { name: 'Waiting on Meta' }));
    await waitFor(async () => expect(await bodiesOf(fetchMock, `POST ${path}/status`)).toEqual([{ status: 'waiting_on_meta', reason: '' }]));

    const reclassify = screen.getByRole('form', { name: 'Reclassify' });
    fireEvent.click(within(reclassify).getByRole('button', { name: 'Reclassify' }));
    expect(await within(reclassify).findByText('Choose a different topic or severity.')).toBeInTheDocument();
    fireEvent.change(within(reclassify).getByRole('combobox', { name: 'Severity' }), { target: { value: 'urgent' } });
    fireEvent.click(within(reclassify).getByRole('button', { name: 'Reclassify' }));
    expect(await within(reclassify).findByText(/^Write why \(reclassification is audited\) first\.$/)).toBeInTheDocument();
    fireEvent.change(within(reclassify).getByRole('textbox', { name: 'Reason for the change' }), { target: { value: 'Only some messages fail.' } });
    fireEvent.click(within(reclassify).getByRole('button', { name: 'Reclassify' }));
    expect(await within(reclassify).findByText('The ticket already has this topic and severity. Choose a different one.')).toBeInTheDocument();
    expect(await bodiesOf(fetchMock, `POST ${path}/reclassify`)).toEqual([{ severity: 'urgent', reason: 'Only some messages fail.' }]);

    fireEvent.click(screen.getByRole('button', { name: 'Resolve' }));
    const resolve = await screen.findByRole('dialog', { name: 'Resolve the ticket' });
    fireEvent.change(within(resolve).getByRole('textbox', { name: 'Final message to the requester (optional)' }), { target: { value: 'Meta fixed it.' } });
    fireEvent.click(within(resolve).getByRole('button', { name: 'Resolve' }));
    await waitFor(async () => expect(await bodiesOf(fetchMock, `POST ${path}/resolve`)).toEqual([{ message: 'Meta fixed it.' }]));
  });
});
