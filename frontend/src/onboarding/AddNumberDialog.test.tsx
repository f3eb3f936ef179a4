import { fireEvent, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { bodiesOf, fakeServer, json, queriesOf, signInAs } from '../test/fakeServer';
import { bakery, ids, page } from '../test/fixtures';
import { renderApp } from '../test/renderApp';
import type { OnboardingState, PartnerInfo } from './api';

const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();

const acme: PartnerInfo = {
  partner_id: ids.partner,
  brand_name: 'Globex Connect',
  billing_model: 'direct_payment',
  plan_required: true,
  plans: ['basic', 'regular', 'premium'],
  terms_version: '2026-11',
  allow_client_to_add_phone_no: true,
  redirect_configured: false,
};

const stateOf = (changes: Partial<OnboardingState> = {}): OnboardingState => ({
  client_id: ids.client,
  partner_id: ids.partner,
  belongs_to_partner: true,
  plan: 'premium',
  current_terms_version: '2026-11',
  plan_required: false,
  can_add_numbers: true,
  wabas: [{ id: 'w1WA', name: 'Bluebird WABA', number_count: 3, effective_limit: 25 }],
  channels: [],
  ...changes,
});

function portal(state: () => OnboardingState, routes: Parameters<typeof fakeServer>[0] = {}) {
  return fakeServer({
    [`GET /api/v2/clients/${ids.client}`]: () => json(200, bakery),
    [`GET /api/v2/clients/${ids.client}/channels`]: () => json(200, page('channels', [])),
    [`GET /api/v2/clients/${ids.client}/onboarding`]: () => json(200, state()),
    [`GET /api/v2/onboarding/partners/${ids.partner}`]: () => json(200, acme),
    ...routes,
  });
}

describe('adding a number in the client portal', () => {
  beforeEach(() => signInAs('client_admin', { partner_id: ids.partner, client_id: ids.client }));

  it('runs the number step in a dialog, even when the partner has no redirect URL', async () => {
    const fetchMock = portal(() => stateOf(), {
      [`POST /api/v2/clients/${ids.client}/onboarding/numbers`]: () =>
        json(201, { id: 'otp1OT', phone_number: '+4915112345009', method: 'sms', resend_at: inSeconds(60), expires_at: inSeconds(600) }),
      [`POST /api/v2/clients/${ids.client}/onboarding/numbers/otp1OT/verify`]: () => json(201, { channel: { id: 'chNEWCH' } }),
    });
    renderApp('/portal/numbers');
    fireEvent.click(await screen.findByRole('button', { name: 'Add number' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add a number' });
    expect(await within(dialog).findByRole('radio', { name: 'Bluebird WABA' })).toBeChecked();
    expect(within(dialog).getByLabelText(/^Display name/)).toHaveValue('Bluebird Bakery Ltd');
    fireEvent.change(within(dialog).getByLabelText(/^Phone number/), { target: { value: '0049 151 1234 5009' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Send code' }));

    const code = await screen.findByRole('dialog', { name: 'Enter the code' });
    fireEvent.change(within(code).getByLabelText(/^Code/), { target: { value: '123456' } });
    fireEvent.click(within(code).getByRole('button', { name: 'Confirm' }));
    expect(await within(dialog).findByText('Number added')).toBeInTheDocument();
    expect(dialog).toHaveTextContent("To let Globex Connect manage it, share its API key permission on the number's page.");
    expect(await bodiesOf(fetchMock, `POST /api/v2/clients/${ids.client}/onboarding/numbers`)).toEqual([
      { partner_id: ids.partner, waba_id: 'w1WA', display_name: 'Bluebird Bakery Ltd', phone_number: '+4915112345009', method: 'sms' },
    ]);
    expect(queriesOf(fetchMock, `GET /api/v2/clients/${ids.client}/onboarding`)[0]).toEqual({ partner_id: ids.partner });
  });

  it('asks for the plan and terms first when they are due', async () => {
    let current = stateOf({ plan_required: true });
    portal(() => current, {
      [`POST /api/v2/clients/${ids.client}/onboarding/plan`]: () => {
        current = stateOf();
        return json(200, current);
      },
    });
    renderApp('/portal/numbers');
    fireEvent.click(await screen.findByRole('button', { name: 'Add number' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add a number' });
    expect(await within(dialog).findByRole('heading', { name: 'Choose your plan' })).toBeInTheDocument();
    expect(within(dialog).getByRole('radio', { name: 'Premium' })).toBeChecked();
    fireEvent.click(within(dialog).getByRole('checkbox', { name: /I accept the terms/ }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Continue' }));
    expect(await within(dialog).findByRole('heading', { name: 'Add a phone number' })).toBeInTheDocument();
  });

  it('explains when the partner does not let the client add numbers', async () => {
    portal(() => stateOf({ can_add_numbers: false, reason_cannot_add: 'Globex Connect does not let clients add further numbers themselves.' }));
    renderApp('/portal/numbers');
    fireEvent.click(await screen.findByRole('button', { name: 'Add number' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add a number' });
    expect(await within(dialog).findByText('Globex Connect does not let clients add further numbers themselves.')).toBeInTheDocument();
    expect(within(dialog).queryByLabelText(/^Phone number/)).toBeNull();
  });
});

describe('a client member', () => {
  beforeEach(() => signInAs('client_member', { partner_id: ids.partner, client_id: ids.client }));

  it('has no "Add number" button', async () => {
    portal(() => stateOf());
    renderApp('/portal/numbers');
    expect(await screen.findByText('You have no numbers yet.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Add number' })).toBeNull();
  });
});
