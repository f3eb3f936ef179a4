import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { bodiesOf, failure, fakeServer, json, signInAs } from '../test/fakeServer';
import { bakeryProfile, ids, runningChannel } from '../test/fixtures';
import { hoursFromNow, NOW_MS, secondsFromNow } from '../test/now';
import { renderApp } from '../test/renderApp';
import { codeProblem, resendDeadline } from './OtpDialog';

const base = `/api/v2/partners/${ids.partner}/clients/${ids.client}/channels/${ids.channel}`;
const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();

// A fake hub whose enable answers 202 with a code request; verify and resend answer as given.
function hub(answers: { verify: (code: string, attempt: number) => Response; resend?: () => Response; resendAt?: string }) {
  let region: string | undefined;
  let attempts = 0;
  return fakeServer({
    [`GET /api/v2/partners/${ids.partner}/channels/${ids.channel}`]: () => json(200, runningChannel({ local_storage_region: region })),
    [`GET /api/v2/partners/${ids.partner}/channels/${ids.channel}/api_keys`]: () => json(200, { api_keys: [] }),
    [`GET ${base}/profile`]: () => json(200, bakeryProfile),
    [`GET ${base}/webhook`]: () => json(200, { url: '' }),
    [`POST ${base}/control/enable_local_storage`]: () =>
      json(202, {
        meta: { success: true, http_code: 202, developer_message: 'A code was sent to the number.' },
        otp: { id: 'otp1', method: 'sms', expires_at: inSeconds(600), resend_at: answers.resendAt ?? inSeconds(60) },
      }),
    [`POST ${base}/control/enable_local_storage/verify`]: async (request) => {
      const { code } = await request.json();
      const answer = answers.verify(code, ++attempts);
      if (answer.ok) region = 'DE';
      return answer;
    },
    [`POST ${base}/control/enable_local_storage/resend`]: () => (answers.resend ?? (() => failure(500, 'unexpected')))(),
  });
}

const wrongCode = (left: number) =>
  json(422, {
    meta: { success: false, http_code: 422, developer_message: 'The request has invalid fields.', details: [`code: is not correct (${left} attempts left)`], code: 'validation_failed' },
  });

async function openDialog() {
  renderApp(`/partner/channels/${ids.channel}`);
  fireEvent.click(await screen.findByRole('button', { name: 'Enable local storage' }));
  return screen.findByRole('dialog', { name: 'Enter the code' });
}

const typeCode = (dialog: HTMLElement, code: string) => {
  fireEvent.change(within(dialog).getByLabelText(/^Code/), { target: { value: code } });
  fireEvent.click(within(dialog).getByRole('button', { name: 'Confirm' }));
};

describe('local storage with a code sent to the number', () => {
  beforeEach(() => signInAs('partner_admin', { partner_id: ids.partner }));

  it('asks for the code, says how many attempts a wrong one leaves, and shows the region once verified', async () => {
    const fetchMock = hub({ verify: (code, attempt) => (attempt === 1 ? wrongCode(4) : code === '654321' ? json(200, { meta: { success: true } }) : wrongCode(3)) });
    const dialog = await openDialog();
    expect(dialog).toHaveTextContent('We sent a 6-digit code by SMS to +4915112345001');
    expect(await bodiesOf(fetchMock, `POST ${base}/control/enable_local_storage`)).toEqual([{ data_localization_region: 'DE', method: 'sms' }]);

    typeCode(dialog, '111111');
    expect(await within(dialog).findByText('code: is not correct (4 attempts left)')).toBeInTheDocument();

    typeCode(dialog, '654321');
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Enter the code' })).toBeNull());
    expect(await screen.findByText('Local storage in Germany (DE) is on.')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId('storage-region')).toHaveTextContent('Germany (DE)'));
    expect(await bodiesOf(fetchMock, `POST ${base}/control/enable_local_storage/verify`)).toEqual([
      { otp_id: 'otp1', code: '111111' },
      { otp_id: 'otp1', code: '654321' },
    ]);
  });

  it('checks the code as it is typed and sends nothing that cannot be a code', async () => {
    const fetchMock = hub({ verify: () => json(200, {}) });
    const dialog = await openDialog();
    fireEvent.change(within(dialog).getByLabelText(/^Code/), { target: { value: '12a' } });
    expect(within(dialog).getByText('The code has digits only.')).toBeInTheDocument();
    typeCode(dialog, '12345');
    expect(within(dialog).getByText('Enter all 6 digits of the code (5 so far).')).toBeInTheDocument();
    expect(await bodiesOf(fetchMock, `POST ${base}/control/enable_local_storage/verify`)).toEqual([]);
  });

  it('counts down until a new code may be sent', async () => {
    hub({ verify: () => json(200, {}), resendAt: inSeconds(45) });
    const dialog = await openDialog();
    expect(within(dialog).getByRole('timer')).toHaveTextContent(/^You can ask for a new code in (44|45) s\.$/);
    expect(within(dialog).queryByRole('button', { name: 'Send a new code by SMS' })).toBeNull();
  });

  it('after the cool-down sends a new code, and answers a throttled resend with the countdown of Retry-After', async () => {
    let sends = 0;
    const fetchMock = hub({
      verify: () => json(200, {}),
      resendAt: inSeconds(-1),
      resend: () =>
        ++sends === 1
          ? json(202, { meta: { success: true }, otp: { id: 'otp1', method: 'voice', expires_at: inSeconds(600), resend_at: inSeconds(-1) } })
          : failure(429, 'Wait before requesting another code.', { 'Retry-After': '42' }),
    });
    const dialog = await openDialog();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Call me with a code' }));
    expect(await within(dialog).findByText(/A new code is on its way by a voice call/)).toBeInTheDocument();
    expect(dialog).toHaveTextContent('We sent a 6-digit code by a voice call');

    fireEvent.click(within(dialog).getByRole('button', { name: 'Send a new code by SMS' }));
    expect(await within(dialog).findByRole('timer')).toHaveTextContent(/^You can ask for a new code in (41|42) s\.$/);
    expect(within(dialog).queryByRole('button', { name: 'Send a new code by SMS' })).toBeNull();
    expect(await bodiesOf(fetchMock, `POST ${base}/control/enable_local_storage/resend`)).toEqual([
      { otp_id: 'otp1', method: 'voice' },
      { otp_id: 'otp1', method: 'sms' },
    ]);
  });

  it('says to start again when the code request expired or failed', async () => {
    hub({ verify: () => failure(409, 'The code has expired; request a new one.') });
    const dialog = await openDialog();
    typeCode(dialog, '123456');
    expect(await within(dialog).findByText('The code has expired; request a new one.')).toBeInTheDocument();
    expect(within(dialog).getByText('This code request has ended')).toBeInTheDocument();
    expect(within(dialog).getByLabelText(/^Code/)).toBeDisabled();
    expect(within(dialog).queryByRole('button', { name: 'Confirm' })).toBeNull();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Enter the code' })).toBeNull());
    expect(screen.getByTestId('storage-region')).toHaveTextContent('the default region');
  });
});

describe('OTP rules', () => {
  it('never waits longer than the cool-down, whatever the clocks say', () => {
    const now = NOW_MS;
    expect(resendDeadline({ resend_at: secondsFromNow(30) }, now)).toBe(now + 30_000);
    expect(resendDeadline({ resend_at: hoursFromNow(1) }, now)).toBe(now + 60_000);
    expect(resendDeadline({}, now)).toBe(now + 60_000);
    expect(resendDeadline({ resend_at: hoursFromNow(-1) }, now)).toBeLessThan(now);
  });

  it.each([
    ['', false, null],
    ['123', false, null],
    ['123', true, 'Enter all 6 digits of the code (3 so far).'],
    ['123456', true, null],
    ['12 456', false, 'The code has digits only.'],
  ])('code %j (submitted: %s) → %j', (code, submitted, problem) => expect(codeProblem(code, submitted)).toBe(problem));
});
