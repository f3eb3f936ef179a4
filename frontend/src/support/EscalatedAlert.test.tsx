import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeServer, json, signInAs } from '../test/fakeServer';
import { dayFromNow } from '../test/now';
import { renderApp } from '../test/renderApp';
import type { Ticket } from './api';
import { unfinished } from './EscalatedAlert';

const ticket = (id: string, status: string, subject: string): Ticket => ({ id, status, subject, escalated: true, escalation_reason: 'Outage for 2 hours' }) as Ticket;

describe('escalated tickets on the operator dashboard', () => {
  it('keeps only tickets support still has to act on', () => {
    expect(unfinished([ticket('a', 'open', 'A'), ticket('b', 'resolved', 'B'), ticket('c', 'closed', 'C'), ticket('d', 'waiting_on_meta', 'D')]).map((t) => t.id)).toEqual(['a', 'd']);
  });

  it('tells support managers which escalated tickets need attention', async () => {
    await signInAs('platform_admin');
    fakeServer({
      'GET /api/v2/support/tickets': () => json(200, { count: 2, total: 2, limit: 100, offset: 0, sort: [], filters: {}, tickets: [ticket('t1TK', 'open', 'Messages not delivered'), ticket('t2TK', 'resolved', 'Old one')] }),
      'GET /api/v2/support/reports': () => json(200, { from: `${dayFromNow(-1)}T00:00:00Z`, to: `${dayFromNow(0)}T00:00:00Z`, overall: { key: 'all', tickets: 0 }, by_plan: [], by_severity: [], by_source: [], breaches_per_day: [], open_by_status: {} }),
    });
    renderApp('/operator');
    expect(await screen.findByText('1 escalated ticket needs attention')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Messages not delivered' })).toHaveAttribute('href', '/operator/tickets/t1TK');
    expect(screen.queryByText('Old one')).not.toBeInTheDocument();
  });
});
