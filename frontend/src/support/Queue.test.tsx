import { screen, waitFor, within, fireEvent } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeServer, json, queriesOf, signInAs } from '../test/fakeServer';
import { minutesFromNow } from '../test/now';
import { renderApp } from '../test/renderApp';
import type { Ticket } from './api';

const iso = (ms: number) => new Date(ms).toISOString();

function ticket(id: string, changes: Partial<Ticket>): Ticket {
  return {
    id,
    subject: `Ticket ${id}`,
    topic: 'templates',
    source: 'hub_chat',
    severity: 'standard',
    status: 'new',
    language: 'en',
    requester_kind: 'client',
    plan: 'premium',
    opened_at: minutesFromNow(-30),
    timers: [],
    ...changes,
  };
}

describe('ticket queue', () => {
  it('keeps the server\'s order and counts down live: amber at the warning, red at the breach', async () => {
    await signInAs('support_agent');
    const now = Date.now();
    // The warning comes 1.2 s after the page loads, the breach 2.4 s after.
    const soon = ticket('soon1TK', {
      escalated: true,
      assignee_id: 'u-support_agent',
      timers: [{ metric: 'first_response', cycle: 1, warning_at: iso(now + 1200), due_at: iso(now + 2400), target_seconds: 1800, met: false }],
    });
    const met = ticket('met1TK', {
      status: 'open',
      language: 'pt-BR',
      language_fallback: true,
      timers: [
        { metric: 'first_response', cycle: 1, due_at: iso(now - 60_000), met: true, stopped_at: iso(now - 120_000) },
        { metric: 'resolution', cycle: 1, paused_since: iso(now - 1000) },
      ],
    });
    const fetchMock = fakeServer({
      'GET /api/v2/support/queue': () => json(200, { count: 2, total: 2, limit: 20, offset: 0, tickets: [soon, met] }),
      'GET /api/v2/support/agents': () => json(200, { agents: [{ id: 'a2US', name: 'Ana Agent', languages: ['pt-BR'] }] }),
      'GET /api/v2/support/topics': () => json(200, { topics: [{ key: 'templates', name: 'Message templates' }] }),
    });
    renderApp('/operator/tickets');
    const table = await screen.findByRole('table', { name: 'Ticket queue' });
    const rows = await within(table).findAllByRole('row');
    expect(rows[1]).toHaveTextContent('Ticket soon1TK');
    expect(within(rows[1]).getByText('Escalated')).toBeInTheDocument();
    expect(within(rows[1]).getByText('Me')).toBeInTheDocument();
    expect(rows[2]).toHaveTextContent('Ticket met1TK');
    expect(within(rows[2]).getByText('Portuguese (Brazil) → English')).toBeInTheDocument();
    expect(within(rows[2]).getByLabelText('First response: Met')).toHaveAttribute('data-tone', 'met');
    expect(within(rows[2]).getByLabelText('Resolution: Paused while waiting')).toHaveAttribute('data-tone', 'paused');

    const countdown = () => within(rows[1]).getByLabelText(/^First response:/);
    expect(countdown()).toHaveAttribute('data-tone', 'running');
    expect(countdown()).toHaveTextContent(/^[123]s left$/);
    await waitFor(() => expect(countdown()).toHaveAttribute('data-tone', 'warning'), { timeout: 3000 });
    expect(countdown()).toHaveAccessibleName(/^First response: [12]s left \(past the warning time\)$/);
    await waitFor(() => expect(countdown()).toHaveAttribute('data-tone', 'breached'), { timeout: 3000 });
    expect(countdown()).toHaveTextContent(/^Overdue by \ds$/);

    // Filters go to the server.
    fireEvent.change(screen.getByRole('combobox', { name: 'Severity' }), { target: { value: 'critical' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Assignee' }), { target: { value: 'none' } });
    await waitFor(() => expect(queriesOf(fetchMock, 'GET /api/v2/support/queue').at(-1)).toEqual({ severity: 'critical', assignee: 'none', limit: '20', offset: '0' }));
  });
});
