import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { bodiesOf, fakeServer, json, signInAs } from '../test/fakeServer';
import { ids, page } from '../test/fixtures';
import { daysFromNow, minutesFromNow } from '../test/now';
import { renderApp } from '../test/renderApp';
import type { Migration, Waba } from './api';

const base = `/api/v2/clients/${ids.client}`;
const wabas: Waba[] = [
  { id: 'w1WA', name: 'Bluebird WABA', fb_account_status: 'verified', number_count: 3, effective_limit: 25 },
  { id: 'w2WA', name: 'Bluebird Full', fb_account_status: 'verified', number_count: 2, effective_limit: 2 },
  { id: 'w3WA', name: 'Bluebird New', fb_account_status: 'pending', number_count: 0, effective_limit: 2 },
];
const started: Migration = {
  id: 'm1MG',
  kind: 'port_in',
  status: 'created',
  phone_number: '+4915112349001',
  target_waba_id: 'w1WA',
  client_id: ids.client,
  expires_at: daysFromNow(3),
  created_at: minutesFromNow(-10),
};
const otp = (resendIn: number) => ({
  id: 'o1OT',
  method: 'sms' as const,
  status: 'pending' as const,
  attempts_left: 5,
  expires_at: new Date(Date.now() + 600_000).toISOString(),
  resend_at: new Date(Date.now() + resendIn * 1000).toISOString(),
});
const completed: Migration = {
  ...started,
  status: 'completed',
  channel_id: 'new1CH',
  finished_at: minutesFromNow(-5),
  carried_over: {
    display_name: 'Nordlicht Optik',
    quality_rating: 'GREEN',
    messaging_limit: 'TIER_10K',
    api_keys_revoked: 0,
    templates_copied: [{ name: 'order_update', language: 'en_US', status: 'approved', quality_score: 'GREEN' }],
    templates_not_copied: [{ name: 'win_back', language: 'en_US', status: 'rejected', quality_score: 'UNKNOWN', reason: 'Only approved templates are copied.' }],
  },
};

const refusal = (status: number, code: string, details: string[] = [], headers: Record<string, string> = {}) =>
  json(status, { meta: { http_code: status, code, developer_message: 'server words', details } }, headers);

function hub(extra: Record<string, (request: Request) => Response | Promise<Response>> = {}) {
  let current: Migration = started;
  let wrong = 0;
  return fakeServer({
    [`GET ${base}/waba_accounts`]: () => json(200, { waba_accounts: wabas }),
    [`POST ${base}/migrations`]: () => json(201, current),
    [`GET ${base}/migrations/m1MG`]: () => json(200, current),
    [`POST ${base}/migrations/m1MG/request_otp`]: () => json(200, (current = { ...current, status: 'otp_requested', otp_method: 'sms', otp: otp(60) })),
    [`POST ${base}/migrations/m1MG/verify`]: async (request) => {
      const { code } = (await request.json()) as { code: string };
      if (code !== '123456') {
        wrong += 1;
        return refusal(422, 'validation_failed', [`code: is not correct (${5 - wrong} attempts left)`]);
      }
      return json(200, (current = completed));
    },
    ...extra,
  });
}

const field = (name: string | RegExp) => screen.getByRole('textbox', { name });
const next = () => fireEvent.click(screen.getByRole('button', { name: 'Next' }));

describe('import a number', () => {
  it('the checklist must be ticked, two-step verification first, before the number is asked for', async () => {
    await signInAs('client_admin', { partner_id: ids.partner, client_id: ids.client });
    hub();
    renderApp('/portal/migrations/new');
    next();
    expect(await screen.findByText('Turn off two-step verification at your current provider, then tick this. The import is refused while it is on.')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('checkbox', { name: /Two-step verification is turned off/ }));
    fireEvent.click(screen.getByRole('checkbox', { name: /My business is verified by Meta/ }));
    expect(screen.queryByText(/Turn off two-step verification at your current provider, then tick this/)).toBeNull();
    expect(screen.getByText(/Make sure the number can receive an SMS or a call/)).toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: /Phone number/ })).toBeNull();
    fireEvent.click(screen.getByRole('checkbox', { name: /can receive an SMS or a voice call/ }));
    next();
    expect(await screen.findByRole('textbox', { name: /Phone number/ })).toBeInTheDocument();
  });

  it('checks the number as typed, shows which accounts cannot take it and why, starts, and completes with the code', async () => {
    await signInAs('client_admin', { partner_id: ids.partner, client_id: ids.client });
    const fetchMock = hub();
    renderApp('/portal/migrations/new');
    for (const box of await screen.findAllByRole('checkbox')) fireEvent.click(box);
    next();

    const phone = await screen.findByRole('textbox', { name: /Phone number/ });
    fireEvent.change(phone, { target: { value: '015112349001' } });
    expect(screen.getByText('Start with + and the country code, like +4915112345678.')).toBeInTheDocument();
    fireEvent.change(phone, { target: { value: '+49 151 1234 9001' } });
    expect(screen.queryByText(/Start with \+/)).toBeNull();

    const account = screen.getByRole('combobox', { name: /WhatsApp Business Account/ });
    await waitFor(() => expect(within(account).getAllByRole('option')).toHaveLength(3));
    expect(within(account).getByRole('option', { name: 'Bluebird Full — full: 2 of 2 numbers' })).toBeDisabled();
    expect(within(account).getByRole('option', { name: 'Bluebird New — business not verified by Meta' })).toBeDisabled();
    expect(account).toHaveValue('w1WA');
    fireEvent.change(field(/Display name/), { target: { value: 'ab' } });
    expect(screen.getByText('A display name has at least 3 characters (2 now).')).toBeInTheDocument();
    fireEvent.change(field(/Display name/), { target: { value: 'Nordlicht Optik' } });
    fireEvent.click(screen.getByRole('button', { name: 'Start the import' }));

    await screen.findByRole('button', { name: 'Send the code' });
    expect(await bodiesOf(fetchMock, `POST ${base}/migrations`)).toEqual([
      { kind: 'port_in', phone_number: '+4915112349001', target_waba_id: 'w1WA', display_name: 'Nordlicht Optik', two_step_disabled: true },
    ]);
    fireEvent.click(screen.getByRole('radio', { name: 'Voice call' }));
    fireEvent.click(screen.getByRole('button', { name: 'Send the code' }));
    const dialog = await screen.findByRole('dialog', { name: 'Enter the code' });
    expect(await bodiesOf(fetchMock, `POST ${base}/migrations/m1MG/request_otp`)).toEqual([{ method: 'voice' }]);
    expect(within(dialog).getByText(/You can ask for a new code in \d+ s/)).toBeInTheDocument();

    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Code' }), { target: { value: '000000' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Confirm' }));
    expect(await within(dialog).findByText('That code is not right. 4 attempts are left before the migration fails.')).toBeInTheDocument();

    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Code' }), { target: { value: '123456' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Confirm' }));
    expect(await screen.findByText('The number is yours now')).toBeInTheDocument();
    expect(screen.getByText('Nordlicht Optik')).toBeInTheDocument();
    expect(screen.getByText('TIER_10K')).toBeInTheDocument();
    expect(screen.getByText('High quality')).toBeInTheDocument();
    expect(screen.getByText('order_update (en_US)')).toBeInTheDocument();
    expect(screen.getByText('win_back (en_US): Only approved templates are copied.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Open the number' })).toHaveAttribute('href', '/portal/numbers/new1CH');
  });

  it('shows a server refusal of the start in words', async () => {
    await signInAs('client_member', { partner_id: ids.partner, client_id: ids.client });
    hub({ [`POST ${base}/migrations`]: () => refusal(409, 'number_already_active') });
    renderApp('/portal/migrations/new');
    for (const box of await screen.findAllByRole('checkbox')) fireEvent.click(box);
    next();
    fireEvent.change(await screen.findByRole('textbox', { name: /Phone number/ }), { target: { value: '+4915112345001' } });
    await waitFor(() => expect(screen.getByRole('combobox', { name: /WhatsApp Business Account/ })).toHaveValue('w1WA'));
    fireEvent.click(screen.getByRole('button', { name: 'Start the import' }));
    expect(await screen.findByText(/This number is already active in the hub, so it cannot be imported again/)).toBeInTheDocument();
  });

  it('asking for a code during the cool-down counts down instead of failing', async () => {
    await signInAs('client_admin', { partner_id: ids.partner, client_id: ids.client });
    hub({
      [`GET ${base}/migrations/m1MG`]: () => json(200, started),
      [`POST ${base}/migrations/m1MG/request_otp`]: () => refusal(429, 'otp_cooldown', [], { 'Retry-After': '42' }),
    });
    renderApp('/portal/migrations/m1MG');
    fireEvent.click(await screen.findByRole('button', { name: 'Send the code' }));
    expect(await screen.findByText(/You can ask for a new code in 4[12] s\./)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Send the code' })).toBeDisabled();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('a migration waiting for its code continues where it was left, and can be cancelled', async () => {
    await signInAs('client_admin', { partner_id: ids.partner, client_id: ids.client });
    let current: Migration = { ...started, status: 'otp_requested', otp_method: 'sms', otp: otp(0) };
    const fetchMock = hub({
      [`GET ${base}/migrations/m1MG`]: () => json(200, current),
      [`POST ${base}/migrations/m1MG/cancel`]: () => json(200, (current = { ...started, status: 'cancelled', reason: 'Cancelled by the client.' })),
    });
    renderApp('/portal/migrations/m1MG');
    expect(await screen.findByText(/A code was sent by SMS; it works until .*\. 5 attempts left\./)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Enter the code' })).toBeEnabled();
    expect(screen.getByRole('button', { name: 'Send a new code' })).toBeEnabled();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel the migration' }));
    const dialog = await screen.findByRole('dialog', { name: 'Cancel the migration' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel the migration' }));
    expect(await screen.findByText('This migration was cancelled.')).toBeInTheDocument();
    expect(screen.getByText('Cancelled by the client.')).toBeInTheDocument();
    expect(fetchMock.mock.calls.some(([request]) => (request as Request).url.endsWith('/m1MG/cancel'))).toBe(true);
  });

  it('lists the client’s migrations with a way to continue open ones', async () => {
    await signInAs('client_admin', { partner_id: ids.partner, client_id: ids.client });
    fakeServer({ [`GET ${base}/migrations`]: () => json(200, page('migrations', [started, { ...completed, id: 'm2MG', phone_number: '+4915112349002' }])) });
    renderApp('/portal/migrations');
    const table = await screen.findByRole('table', { name: 'Number migrations' });
    expect(await within(table).findByRole('link', { name: 'Continue migration m1MG' })).toHaveAttribute('href', '/portal/migrations/m1MG');
    expect(within(table).queryByRole('link', { name: 'Continue migration m2MG' })).toBeNull();
    expect(within(table).getByText('Completed')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Import a number' })).toHaveAttribute('href', '/portal/migrations/new');
  });
});
