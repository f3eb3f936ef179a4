import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { refresh } from '../app/session';
import { bodiesOf, failure, fakeServer, json, queriesOf, sessionFor } from '../test/fakeServer';
import { bakery } from '../test/fixtures';
import { secondsFromNow } from '../test/now';
import { renderApp } from '../test/renderApp';
import type { ChannelSummary, OnboardingState, PartnerInfo } from './api';
import { browser } from './redirect';

const pid = 'gx1PA';
const cid = 'cNEWCL';
const page = (query = '') => `/dashboard/app/${pid}/permissions${query}`;
const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();

const globex: PartnerInfo = {
  partner_id: pid,
  brand_name: 'Globex Connect',
  billing_model: 'direct_payment',
  plan_required: true,
  plans: ['basic', 'regular', 'premium'],
  terms_version: '2026-11',
  allow_client_to_add_phone_no: true,
  redirect_configured: true,
};

const stateOf = (changes: Partial<OnboardingState> = {}): OnboardingState => ({
  client_id: cid,
  partner_id: pid,
  belongs_to_partner: true,
  plan: 'basic',
  terms_version: undefined,
  current_terms_version: '2026-11',
  plan_required: false,
  can_add_numbers: true,
  wabas: [],
  channels: [],
  ...changes,
});

const number = (id: string, phone: string, changes: Partial<ChannelSummary> = {}): ChannelSummary => ({
  id,
  phone_number: phone,
  display_name: `Name ${id}`,
  status: 'running',
  key_permission: 'missing',
  permission_fixed: false,
  ...changes,
});

const clientSession = (role = 'client_admin') => {
  const session = sessionFor(role);
  session.user = { ...session.user!, email: 'bea@bluebird.example', partner_id: pid, client_id: cid };
  return session;
};

const validation = (...details: string[]) =>
  json(422, { meta: { success: false, http_code: 422, developer_message: 'The request has invalid fields.', details, code: 'validation_failed' } });
const refusal = (status: number, code: string, message: string, headers: Record<string, string> = {}) =>
  json(status, { meta: { success: false, http_code: status, developer_message: message, code } }, headers);

type Routes = Parameters<typeof fakeServer>[0];

/**
 * hub is a fake server for the onboarding page: signed out at first (or signed in when given a
 * session), the partner as given, and the wizard state as the test changes it.
 */
async function hub(options: { partner?: PartnerInfo; signedIn?: ReturnType<typeof clientSession>; state?: () => OnboardingState; routes?: Routes }) {
  let session = options.signedIn;
  const routes: Routes = {
    'POST /api/v2/auth/refresh': () => (session ? json(200, session) : failure(401, 'no session')),
    [`GET /api/v2/onboarding/partners/${pid}`]: () => (options.partner ? json(200, options.partner) : refusal(404, 'partner_not_found', 'There is no active partner with this id.')),
    [`GET /api/v2/clients/${cid}`]: () => json(200, { ...bakery, id: cid, name: 'Bluebird Bakery', organisation: 'Bluebird Bakery Ltd' }),
    [`GET /api/v2/clients/${cid}/onboarding`]: () => json(200, (options.state ?? stateOf)()),
    'POST /api/v2/auth/login': () => {
      session = clientSession();
      return json(200, session);
    },
    [`POST /api/v2/onboarding/partners/${pid}/signup`]: () => {
      session = clientSession();
      return json(201, { ...session, client_id: cid });
    },
    ...options.routes,
  };
  const fetchMock = fakeServer(routes);
  await refresh();
  return fetchMock;
}

const type = (label: RegExp | string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });

let assign: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  assign = vi.spyOn(browser, 'assign').mockImplementation(() => {});
});
afterEach(() => assign.mockRestore());

describe('the onboarding page before anyone signs in', () => {
  it('says clearly that a link leads to no partner', async () => {
    await hub({});
    renderApp(page());
    expect(await screen.findByText('This link does not lead to a partner')).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent(`There is no active partner with the id ${pid}`);
    expect(screen.queryByLabelText(/Email/)).toBeNull();
  });

  it('explains a partner without a redirect URL instead of starting a flow that cannot end', async () => {
    await hub({ partner: { ...globex, redirect_configured: false } });
    renderApp(page('?email=bea@bluebird.example'));
    expect(await screen.findByText('Globex Connect has not finished its setup')).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('Globex Connect has not finished its setup: no redirect URL — contact Globex Connect.');
    expect(screen.queryByRole('button', { name: 'Create account' })).toBeNull();
  });

  it('serves the same flow at /dashboard/app/{partner_id}, where connect button 1.0.2 opens it', async () => {
    await hub({ partner: globex });
    renderApp(`/dashboard/app/${pid}?email=bea+io@bluebird.example&name=Bea+Baker`);
    expect(await screen.findByRole('heading', { name: 'Create your account' })).toBeInTheDocument();
    expect(screen.getByLabelText(/^Email/)).toHaveValue('bea+io@bluebird.example');
    expect(screen.getByLabelText(/^Your name/)).toHaveValue('Bea Baker');
  });

  it('prefills the sign-up from the link and checks as the user types', async () => {
    const fetchMock = await hub({ partner: globex });
    renderApp(page('?email=bea+io@bluebird.example&name=Bea+Baker&partner=crm-4711'));
    expect(await screen.findByRole('heading', { name: 'Create your account' })).toBeInTheDocument();
    expect(screen.getByLabelText(/^Email/)).toHaveValue('bea+io@bluebird.example');
    expect(screen.getByLabelText(/^Your name/)).toHaveValue('Bea Baker');
    type(/^Password/, 'short');
    expect(screen.getByText('Use at least 12 characters (5 so far).')).toBeInTheDocument();
    type(/^Email/, 'bea@');
    expect(screen.getByText('Enter an email address like name@example.com.')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Create account' }));
    expect(screen.getByText('Company name is required.')).toBeInTheDocument();
    expect(await bodiesOf(fetchMock, `POST /api/v2/onboarding/partners/${pid}/signup`)).toEqual([]);
  });

  it('offers the login for a taken email, with the email carried over', async () => {
    await hub({ partner: globex, routes: { [`POST /api/v2/onboarding/partners/${pid}/signup`]: () => refusal(409, 'email_taken', 'An account with this email exists — sign in instead.') } });
    renderApp(page('?email=bea@bluebird.example'));
    await screen.findByRole('heading', { name: 'Create your account' });
    type(/^Your name/, 'Bea');
    type(/^Company name/, 'Bluebird');
    type(/^Password/, 'a-long-enough-password');
    fireEvent.click(screen.getByRole('button', { name: 'Create account' }));
    expect(await screen.findByText('An account with this email exists — log in instead.')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Log in with this email' }));
    expect(await screen.findByRole('heading', { name: 'Log in' })).toBeInTheDocument();
    expect(screen.getByLabelText(/^Email/)).toHaveValue('bea@bluebird.example');
  });

  it('shows the login first for next=login and says a wrong password in words', async () => {
    await hub({ partner: globex, routes: { 'POST /api/v2/auth/login': () => failure(401, 'invalid credentials') } });
    renderApp(page('?next=login&email=bea@bluebird.example'));
    expect(await screen.findByRole('heading', { name: 'Log in' })).toBeInTheDocument();
    type(/^Password/, 'wrong');
    fireEvent.click(screen.getByRole('button', { name: 'Log in' }));
    expect(await screen.findByText('The email or password is not right.')).toBeInTheDocument();
  });
});

describe('a new client on a direct-payment partner', () => {
  it('signs up, chooses the plan, adds a number with a new WABA, shares it and is sent back with the exact redirect', async () => {
    let current = stateOf({ plan_required: true });
    const channel = number('chNEWCH', '+4915112345678', { status: 'created' });
    const redirectTo = `http://127.0.0.1:9000/cb?a=1&b=2&client=${cid}&channels=[chNEWCH]&state=xyz`;
    const fetchMock = await hub({
      partner: globex,
      state: () => current,
      routes: {
        [`POST /api/v2/clients/${cid}/onboarding/plan`]: () => {
          current = stateOf({ plan: 'premium', plan_required: false, terms_version: '2026-11' });
          return json(200, current);
        },
        [`POST /api/v2/clients/${cid}/onboarding/numbers`]: () =>
          json(201, { id: 'otp1OT', phone_number: '+4915112345678', method: 'voice', resend_at: inSeconds(60), expires_at: inSeconds(600) }),
        [`POST /api/v2/clients/${cid}/onboarding/numbers/otp1OT/verify`]: () => {
          current = { ...current, channels: [channel] };
          return json(201, { channel: { id: 'chNEWCH', status: 'created' } });
        },
        [`POST /api/v2/clients/${cid}/onboarding/permissions`]: () =>
          json(200, { redirect_to: redirectTo, client: cid, channels: ['chNEWCH'], revoked: [] }),
      },
    });
    renderApp(page('?email=bea@bluebird.example&name=Bea Baker&partner=crm-4711&plan_selection=premium&redirect_url=http://127.0.0.1:9000/cb?a=1&b=2&state=xyz'));

    await screen.findByRole('heading', { name: 'Create your account' });
    type(/^Company name/, 'Bluebird Bakery Ltd');
    type(/^Password/, 'a-long-enough-password');
    fireEvent.click(screen.getByRole('button', { name: 'Create account' }));

    // Plan and terms: the link's plan is preselected; the terms must be accepted.
    expect(await screen.findByRole('heading', { name: 'Choose your plan' })).toBeInTheDocument();
    expect(await bodiesOf(fetchMock, `POST /api/v2/onboarding/partners/${pid}/signup`)).toEqual([
      { email: 'bea@bluebird.example', name: 'Bea Baker', organisation: 'Bluebird Bakery Ltd', password: 'a-long-enough-password', partner_payload: 'crm-4711' },
    ]);
    expect(queriesOf(fetchMock, `GET /api/v2/clients/${cid}/onboarding`)[0]).toEqual({ partner_id: pid });
    expect(screen.getByRole('radio', { name: 'Premium' })).toBeChecked();
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    expect(screen.getByText('Accept the terms to continue.')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('checkbox', { name: /I accept the terms and conditions \(version 2026-11\)/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));

    // The number step: a new WABA (the client has none), prefilled from the company name.
    expect(await screen.findByRole('heading', { name: 'Add a phone number' })).toBeInTheDocument();
    expect(await bodiesOf(fetchMock, `POST /api/v2/clients/${cid}/onboarding/plan`)).toEqual([
      { partner_id: pid, plan: 'premium', accept_terms: true, terms_version: '2026-11' },
    ]);
    expect(screen.getByRole('radio', { name: 'Create a new WABA' })).toBeChecked();
    expect(screen.queryByRole('button', { name: /Skip/ })).toBeNull();
    expect(screen.getByLabelText(/^WABA name/)).toHaveValue('Bluebird Bakery Ltd');
    type(/^Phone number/, '0151 1234');
    expect(screen.getByText('Start with + and the country code, e.g. +49 151 12345678.')).toBeInTheDocument();
    type(/^Phone number/, '+49 151 1234 5678');
    type(/^Display name/, 'Bluebird Bakery');
    fireEvent.click(screen.getByRole('radio', { name: 'Voice call' }));
    fireEvent.click(screen.getByRole('button', { name: 'Send code' }));

    const dialog = await screen.findByRole('dialog', { name: 'Enter the code' });
    expect(dialog).toHaveTextContent('We sent a 6-digit code by a voice call to +4915112345678');
    expect(within(dialog).getByRole('timer')).toHaveTextContent(/You can ask for a new code in \d+ s\./);
    const [started] = (await bodiesOf(fetchMock, `POST /api/v2/clients/${cid}/onboarding/numbers`)) as Record<string, unknown>[];
    expect(started).toMatchObject({
      partner_id: pid,
      new_waba: { name: 'Bluebird Bakery Ltd', currency: 'USD' },
      display_name: 'Bluebird Bakery',
      phone_number: '+4915112345678',
      method: 'voice',
    });
    fireEvent.change(within(dialog).getByLabelText(/^Code/), { target: { value: '123456' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Confirm' }));

    // Permissions: the new number starts selected.
    expect(await screen.findByRole('heading', { name: 'Choose the numbers Globex Connect may manage' })).toBeInTheDocument();
    const box = screen.getByRole('checkbox', { name: /\+4915112345678/ });
    expect(box).toBeChecked();
    fireEvent.click(screen.getByRole('button', { name: 'Save selection' }));
    expect(await screen.findByText('Partner application authorised!')).toBeInTheDocument();
    expect(assign).toHaveBeenCalledWith(redirectTo);
    expect(await bodiesOf(fetchMock, `POST /api/v2/clients/${cid}/onboarding/permissions`)).toEqual([
      { partner_id: pid, channel_ids: ['chNEWCH'], redirect_url: 'http://127.0.0.1:9000/cb?a=1&b=2', state: 'xyz' },
    ]);
  });
});

describe('the number step', () => {
  const signedIn = clientSession();

  it('says how long a number is blocked by the registration limit, in words', async () => {
    const blockedFor = 71 * 3600 + 5;
    const blockedUntil = secondsFromNow(blockedFor);
    await hub({
      partner: globex,
      signedIn,
      routes: {
        [`POST /api/v2/clients/${cid}/onboarding/numbers`]: () =>
          refusal(429, 'registration_limit_reached', `This phone number reached Meta's limit of registrations in 72 hours and is blocked until ${blockedUntil}.`, {
            'Retry-After': String(blockedFor),
          }),
      },
    });
    renderApp(page());
    await screen.findByRole('heading', { name: 'Add a phone number' });
    type(/^Phone number/, '+4915112345678');
    type(/^Display name/, 'Bluebird');
    fireEvent.click(screen.getByRole('button', { name: 'Send code' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('No code was sent');
    expect(alert).toHaveTextContent(`This phone number reached Meta's limit of registrations in 72 hours and is blocked until ${blockedUntil}. Try again in 2 days 23 hours.`);
  });

  it('shows a number that is already active and the server\'s field problems in words', async () => {
    let calls = 0;
    await hub({
      partner: globex,
      signedIn,
      routes: {
        [`POST /api/v2/clients/${cid}/onboarding/numbers`]: () =>
          ++calls === 1
            ? refusal(409, 'number_already_active', 'This phone number is already active in the hub.')
            : validation('phone_number: is not a valid number for its country'),
      },
    });
    renderApp(page());
    await screen.findByRole('heading', { name: 'Add a phone number' });
    type(/^Phone number/, '+4915112345678');
    type(/^Display name/, 'Bluebird');
    fireEvent.click(screen.getByRole('button', { name: 'Send code' }));
    expect(await screen.findByText('This phone number is already active in the hub.')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Send code' }));
    expect(await screen.findByText('phone_number: is not a valid number for its country')).toBeInTheDocument();
  });

  it('says how many attempts a wrong code leaves', async () => {
    await hub({
      partner: globex,
      signedIn,
      routes: {
        [`POST /api/v2/clients/${cid}/onboarding/numbers`]: () =>
          json(201, { id: 'otp1OT', phone_number: '+4915112345678', method: 'sms', resend_at: inSeconds(60), expires_at: inSeconds(600) }),
        [`POST /api/v2/clients/${cid}/onboarding/numbers/otp1OT/verify`]: () => validation('code: is not correct (4 attempts left)'),
      },
    });
    renderApp(page());
    await screen.findByRole('heading', { name: 'Add a phone number' });
    type(/^Phone number/, '+4915112345678');
    type(/^Display name/, 'Bluebird');
    fireEvent.click(screen.getByRole('button', { name: 'Send code' }));
    const dialog = await screen.findByRole('dialog', { name: 'Enter the code' });
    fireEvent.change(within(dialog).getByLabelText(/^Code/), { target: { value: '111111' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Confirm' }));
    expect(await within(dialog).findByText('code: is not correct (4 attempts left)')).toBeInTheDocument();
  });

  it('explains why numbers cannot be added and lets an existing client go on to the permissions', async () => {
    await hub({
      partner: globex,
      signedIn,
      state: () =>
        stateOf({
          can_add_numbers: false,
          reason_code: 'adding_numbers_disabled',
          reason_cannot_add: 'Globex Connect does not let clients add further numbers themselves. Ask your partner to add the number for you.',
          channels: [number('ch1CH', '+5511987650001', { key_permission: 'shared' })],
        }),
    });
    renderApp(page());
    expect(await screen.findByText('You cannot add a number here')).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('Globex Connect does not let clients add further numbers themselves.');
    expect(screen.queryByLabelText(/^Phone number/)).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Continue with my numbers' }));
    expect(await screen.findByRole('checkbox', { name: /\+5511987650001/ })).toBeChecked();
  });
});

describe('an existing client', () => {
  it('logs in, skips the number step, withdraws one number and shares another', async () => {
    const redirectTo = `https://p.example/cb?client=${cid}&channels=[ch2CH]&revoked=[ch1CH]`;
    const fetchMock = await hub({
      partner: globex,
      state: () =>
        stateOf({
          plan_required: false,
          channels: [number('ch1CH', '+5511987650001', { key_permission: 'shared' }), number('ch2CH', '+5511987650002')],
          wabas: [{ id: 'w1WA', name: 'Initech WABA', number_count: 2, effective_limit: 25 }],
        }),
      routes: {
        [`POST /api/v2/clients/${cid}/onboarding/permissions`]: () => json(200, { redirect_to: redirectTo, client: cid, channels: ['ch2CH'], revoked: ['ch1CH'] }),
      },
    });
    renderApp(page('?next=login&email=bea@bluebird.example'));
    await screen.findByRole('heading', { name: 'Log in' });
    type(/^Password/, 'partnerhub-demo');
    fireEvent.click(screen.getByRole('button', { name: 'Log in' }));

    expect(await screen.findByRole('heading', { name: 'Add a phone number' })).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'Initech WABA' })).toBeChecked();
    fireEvent.click(screen.getByRole('button', { name: 'Skip, choose what to share' }));

    const first = await screen.findByRole('checkbox', { name: /\+5511987650001/ });
    const second = screen.getByRole('checkbox', { name: /\+5511987650002/ });
    expect(first).toBeChecked();
    expect(second).not.toBeChecked();
    fireEvent.click(first);
    fireEvent.click(second);
    expect(screen.getByRole('alert')).toHaveTextContent("You are withdrawing Globex Connect's permission for these numbers. The API keys Globex Connect generated for them stop working at once:+5511987650001");
    fireEvent.click(screen.getByRole('button', { name: 'Save selection' }));
    await waitFor(() => expect(assign).toHaveBeenCalledWith(redirectTo));
    expect(await bodiesOf(fetchMock, `POST /api/v2/clients/${cid}/onboarding/permissions`)).toEqual([{ partner_id: pid, channel_ids: ['ch2CH'] }]);
  });

  it('gets the number the link asks for prefilled, and preselected once it exists', async () => {
    await hub({
      partner: globex,
      signedIn: clientSession(),
      state: () => stateOf({ channels: [number('ch1CH', '+5511987650001'), number('ch2CH', '+5511987650002')] }),
    });
    renderApp(page('?number=+55 11 98765-0002'));
    expect(await screen.findByLabelText(/^Phone number/)).toHaveValue('+5511987650002');
    fireEvent.click(screen.getByRole('button', { name: 'Skip, choose what to share' }));
    expect(await screen.findByRole('checkbox', { name: /\+5511987650002/ })).toBeChecked();
    expect(screen.getByRole('checkbox', { name: /\+5511987650001/ })).not.toBeChecked();
  });

  it('sees numbers on partner payment as always shared', async () => {
    await hub({
      partner: { ...globex, billing_model: 'partner_payment', plan_required: false },
      signedIn: clientSession(),
      state: () => stateOf({ can_add_numbers: false, reason_cannot_add: 'No.', channels: [number('ch1CH', '+4915112345001', { key_permission: 'shared', permission_fixed: true })] }),
    });
    renderApp(page());
    fireEvent.click(await screen.findByRole('button', { name: 'Continue with my numbers' }));
    const box = await screen.findByRole('checkbox', { name: /\+4915112345001/ });
    expect(box).toBeChecked();
    expect(box).toBeDisabled();
    expect(screen.getByText(/Always managed by Globex Connect/)).toBeInTheDocument();
  });

  it('is told the server\'s reason when the permissions cannot be saved, and is not redirected', async () => {
    await hub({
      partner: globex,
      signedIn: clientSession(),
      state: () => stateOf({ channels: [number('ch1CH', '+5511987650001')] }),
      routes: {
        [`POST /api/v2/clients/${cid}/onboarding/permissions`]: () => validation('redirect_url: must be on https://p.example, the origin of the partner\'s redirect URL'),
      },
    });
    renderApp(page('?redirect_url=https://evil.example/cb'));
    fireEvent.click(await screen.findByRole('button', { name: 'Skip, choose what to share' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Save selection' }));
    expect(await screen.findByText("redirect_url: must be on https://p.example, the origin of the partner's redirect URL")).toBeInTheDocument();
    expect(screen.getByText('Your selection was not saved')).toBeInTheDocument();
    expect(assign).not.toHaveBeenCalled();
  });

  it('of another partner is pointed to a partner change', async () => {
    await hub({ partner: globex, signedIn: clientSession(), state: () => stateOf({ belongs_to_partner: false }) });
    renderApp(page());
    expect(await screen.findByText('Your account is managed by another partner')).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent(`request a partner change instead`);
    expect(screen.getByRole('alert')).toHaveTextContent(`Globex Connect's partner id ${pid}`);
    expect(screen.queryByRole('button', { name: 'Send code' })).toBeNull();
  });

  it('a client member is told that an admin must do it', async () => {
    await hub({ partner: globex, signedIn: clientSession('client_member') });
    renderApp(page());
    expect(await screen.findByText('Only an admin of your account can do this')).toBeInTheDocument();
  });

  it('partner staff are told the page is for client accounts and may sign out', async () => {
    const staff = sessionFor('partner_admin');
    await hub({ partner: globex, signedIn: staff as ReturnType<typeof clientSession>, routes: { 'POST /api/v2/auth/logout': () => json(200, {}) } });
    renderApp(page());
    expect(await screen.findByText('This page is for client accounts')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Not you? Sign out' }));
    expect(await screen.findByRole('heading', { name: 'Create your account' })).toBeInTheDocument();
  });
});
