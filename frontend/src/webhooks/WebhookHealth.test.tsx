import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeServer, json, signInAs } from '../test/fakeServer';
import { minutesFromNow } from '../test/now';
import { renderApp } from '../test/renderApp';
import type { PartnerWebhookHealth } from './api';

const minutesAgo = (minutes: number) => minutesFromNow(-minutes);

// As the server ranks them: worst first (not alphabetical, not by rate alone).
const partners: PartnerWebhookHealth[] = [
  { partner_id: 'p2PA', brand_name: 'Globex Connect', webhook_url: 'https://globex.example/hook', attempts_24h: 8, failures_24h: 2, failure_rate_24h: 0.25, pending: 4, failed: 3, oldest_pending_at: minutesAgo(5) },
  { partner_id: 'p1PA', brand_name: 'Acme Messaging', webhook_url: 'https://acme.example/hook', attempts_24h: 10, failures_24h: 1, failure_rate_24h: 0.1, pending: 0, failed: 0 },
  { partner_id: 'p3PA', brand_name: 'Beta Partner', webhook_url: 'https://beta.example/hook', attempts_24h: 200, failures_24h: 3, failure_rate_24h: 0.015, pending: 1, failed: 0, oldest_pending_at: minutesAgo(180) },
  { partner_id: 'p4PA', brand_name: 'Quiet Partner', webhook_url: 'https://quiet.example/hook', attempts_24h: 0, failures_24h: 0, failure_rate_24h: 0, pending: 0, failed: 0 },
];

describe('operator: webhook health', () => {
  it('keeps the server order, shows rates in %, highlights those above 10 %, and ages the backlog', async () => {
    await signInAs('support_agent');
    fakeServer({ 'GET /api/v2/operator/webhooks/health': () => json(200, { partners }) });
    renderApp('/operator/webhook-health');
    const table = await screen.findByRole('table', { name: 'Webhook health' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getAllByRole('cell')[0].textContent)).toEqual(['Globex Connect', 'Acme Messaging', 'Beta Partner', 'Quiet Partner']);
    expect(within(rows[0]).getByRole('link', { name: 'Globex Connect' })).toHaveAttribute('href', '/operator/partners/p2PA');

    const rate = (row: HTMLElement) => within(row).getAllByRole('cell')[4];
    expect(rate(rows[0])).toHaveTextContent('25%');
    expect(rate(rows[0]).querySelector('[data-high="true"]')).not.toBeNull();
    expect(rate(rows[1])).toHaveTextContent('10%');
    expect(rate(rows[1]).querySelector('[data-high="true"]')).toBeNull();
    expect(rate(rows[2])).toHaveTextContent('1.5%');
    expect(rate(rows[2]).querySelector('[data-high="true"]')).toBeNull();
    expect(rate(rows[3])).toHaveTextContent('No attempts');

    const cells = (row: HTMLElement) => within(row).getAllByRole('cell').map((cell) => cell.textContent);
    expect(cells(rows[0]).slice(5)).toEqual(['4', '5 min ago', '3']);
    expect(cells(rows[1]).slice(5)).toEqual(['0', '—', '0']);
    expect(cells(rows[2]).slice(5)).toEqual(['1', '3 h ago', '0']);
  });

  it('is in the operator navigation', async () => {
    await signInAs('platform_admin');
    fakeServer({ 'GET /api/v2/operator/webhooks/health': () => json(200, { partners: [] }) });
    renderApp('/operator/webhook-health');
    expect(await screen.findByText('No partner has a webhook yet.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Webhook health' })).toHaveAttribute('href', '/operator/webhook-health');
  });
});
