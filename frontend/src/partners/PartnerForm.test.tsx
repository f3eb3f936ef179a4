import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { bodiesOf, fakeServer, json, signInAs } from '../test/fakeServer';
import { acmePartner } from '../test/fixtures';
import { renderApp } from '../test/renderApp';

const acme = acmePartner();

describe('operator: partner edit', () => {
  it('a platform admin changes the plan: only the changed field is sent', async () => {
    await signInAs('platform_admin');
    let current = acme;
    const fetchMock = fakeServer({
      'GET /api/v2/partners/p1PA': () => json(200, current),
      'PATCH /api/v2/partners/p1PA': async (request) => json(200, (current = { ...current, ...(await request.json()) })),
    });
    renderApp('/operator/partners/p1PA');
    const plan = await screen.findByLabelText('Plan');
    fireEvent.change(plan, { target: { value: 'premium' } });
    fireEvent.change(screen.getByLabelText('Tier'), { target: { value: 'gold' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save partner' }));
    expect(await screen.findByText('Partner saved.')).toBeInTheDocument();
    expect(await bodiesOf(fetchMock, 'PATCH /api/v2/partners/p1PA')).toEqual([{ partner_plan: 'premium', partner_tier: 'gold' }]);
    expect(screen.getByLabelText('Plan')).toHaveValue('premium');
  });

  it('a support agent sees the partner but cannot change it', async () => {
    await signInAs('support_agent');
    fakeServer({ 'GET /api/v2/partners/p1PA': () => json(200, acme) });
    renderApp('/operator/partners/p1PA');
    expect(await screen.findByLabelText('Plan')).toBeDisabled();
    expect(screen.getByLabelText(/^Brand name/)).toBeDisabled();
    expect(screen.queryByRole('button', { name: 'Save partner' })).toBeNull();
  });
});

describe('partner settings', () => {
  it('points to the webhook page instead of a URL field, and switches auto-approve through its own endpoint', async () => {
    await signInAs('partner_admin', { partner_id: 'p1PA' });
    const fetchMock = fakeServer({
      'GET /api/v2/partners/p1PA': () => json(200, { ...acme, webhook_url: 'https://crm.example.com/hook' }),
      'PATCH /api/v2/partners/p1PA/settings/partner_change_request': async (request) => json(200, await request.json()),
      'PATCH /api/v2/partners/p1PA': async (request) => json(200, { ...acme, ...(await request.json()) }),
    });
    renderApp('/partner/settings');
    const brand = await screen.findByLabelText(/^Brand name/);
    expect(screen.queryByLabelText('Plan')).toBeNull();
    // The partner webhook has its own page (address, test event, signing secret).
    expect(screen.queryByLabelText(/^Partner webhook URL/)).toBeNull();
    expect(screen.getByText('https://crm.example.com/hook')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Set up the webhook' })).toHaveAttribute('href', '/partner/webhook');
    expect(screen.getByRole('link', { name: 'Delivery log' })).toHaveAttribute('href', '/partner/webhook-deliveries');

    fireEvent.change(brand, { target: { value: 'Acme Messaging GmbH' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save partner' }));
    expect(await screen.findByText('Partner saved.')).toBeInTheDocument();
    expect(await bodiesOf(fetchMock, 'PATCH /api/v2/partners/p1PA')).toEqual([{ brand_name: 'Acme Messaging GmbH' }]);

    fireEvent.click(screen.getByRole('switch', { name: /Approve incoming partner changes automatically/ }));
    expect(await screen.findByText('Incoming partner changes are now approved automatically.')).toBeInTheDocument();
    expect(await bodiesOf(fetchMock, 'PATCH /api/v2/partners/p1PA/settings/partner_change_request')).toEqual([{ auto_approve: true }]);
  });

  it('an operator still edits the partner webhook URL on the partner page, checked as typed', async () => {
    vi.stubGlobal('location', new URL('https://hub.example.com/operator/partners/p1PA'));
    await signInAs('platform_admin');
    fakeServer({ 'GET /api/v2/partners/p1PA': () => json(200, acme) });
    renderApp('/operator/partners/p1PA');
    const webhook = await screen.findByLabelText(/^Partner webhook URL/);
    fireEvent.change(webhook, { target: { value: 'https://crm.example.com:8443/hook' } });
    expect(screen.getByText('Webhook URL must not name a port (like :8443); the standard https port is used.')).toBeInTheDocument();
  });

  it('is read-only for a partner member', async () => {
    await signInAs('partner_member', { partner_id: 'p1PA' });
    fakeServer({ 'GET /api/v2/partners/p1PA': () => json(200, acme) });
    renderApp('/partner/settings');
    expect(await screen.findByLabelText(/^Brand name/)).toBeDisabled();
    expect(screen.getByRole('switch', { name: /Approve incoming/ })).toBeDisabled();
    expect(screen.queryByRole('button', { name: 'Save partner' })).toBeNull();
  });
});
