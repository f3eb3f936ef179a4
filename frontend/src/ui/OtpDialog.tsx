import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError } from '../api/client';
import type { components } from '../api/schema';
import { ErrorAlert } from './ErrorAlert';

/** OtpChallenge is a code sent to the number that an action waits for. */
export type OtpChallenge = components['schemas']['handlers.OTPOut'];

/** otpCooldownSeconds is the server's wait between two codes. */
export const otpCooldownSeconds = 60;

/**
 * resendDeadline is when a new code may be asked for, in epoch milliseconds: the server's
 * resend_at, but never further away than the cool-down, so a wrong local clock cannot lock
 * the user out.
 */
export function resendDeadline(challenge: OtpChallenge | undefined, now: number): number {
  const at = challenge?.resend_at ? Date.parse(challenge.resend_at) : NaN;
  const latest = now + otpCooldownSeconds * 1000;
  return Number.isNaN(at) ? latest : Math.min(at, latest);
}

/** codeProblem checks a code as it is typed: digits only, six of them once submitted. */
export function codeProblem(code: string, submitted: boolean): string | null {
  if (/\D/.test(code)) return 'The code has digits only.';
  if (submitted && code.length !== 6) return `Enter all 6 digits of the code (${code.length} so far).`;
  return null;
}

interface OtpDialogProps {
  /** challenge is the code request being answered; the dialog is open while there is one. */
  challenge: OtpChallenge | null;
  phoneNumber: string;
  /** purpose says in words what the code unlocks, e.g. "Local storage in Germany (DE)". */
  purpose: string;
  verify: (otpId: string, code: string) => Promise<unknown>;
  resend: (otpId: string, method: 'sms' | 'voice') => Promise<{ otp?: OtpChallenge } | unknown>;
  onVerified: () => void;
  onClose: () => void;
}

/**
 * OtpDialog asks for the 6-digit code sent to the number. A wrong code says how many attempts
 * are left; an expired or failed request says to start again; a new code can be sent by SMS or
 * voice call once the cool-down, counted down on screen, has passed.
 */
export function OtpDialog({ challenge, phoneNumber, purpose, verify, resend, onVerified, onClose }: OtpDialogProps) {
  return (
    <Modal opened={challenge !== null} onClose={onClose} title="Enter the code" centered>
      {challenge && (
        <OtpForm
          key={challenge.id}
          challenge={challenge}
          phoneNumber={phoneNumber}
          purpose={purpose}
          verify={verify}
          resend={resend}
          onVerified={onVerified}
          onClose={onClose}
        />
      )}
    </Modal>
  );
}

function OtpForm({ challenge: first, phoneNumber, purpose, verify, resend, onVerified, onClose }: OtpDialogProps & { challenge: OtpChallenge }) {
  const [challenge, setChallenge] = useState(first);
  const [code, setCode] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  const [resendAt, setResendAt] = useState(() => resendDeadline(first, Date.now()));
  // A request that expired or failed cannot be answered any more: only starting again helps.
  const [ended, setEnded] = useState(false);

  const secondsLeft = Math.max(0, Math.ceil((resendAt - now) / 1000));
  useEffect(() => {
    if (secondsLeft === 0) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [secondsLeft]);

  const check = useMutation({
    mutationFn: (typed: string) => verify(challenge.id ?? '', typed),
    onSuccess: onVerified,
    onError: (error) => {
      if (error instanceof ApiError && (error.status === 409 || error.status === 404)) setEnded(true);
      setCode('');
      setSubmitted(false);
    },
  });
  const again = useMutation({
    mutationFn: (method: 'sms' | 'voice') => resend(challenge.id ?? '', method),
    onMutate: () => check.reset(),
    onSuccess: (answer, method) => {
      const next = (answer as { otp?: OtpChallenge } | undefined)?.otp;
      const updated = { ...challenge, ...next, method: next?.method ?? method };
      setChallenge(updated);
      setNow(Date.now());
      setResendAt(resendDeadline(next, Date.now()));
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 429) {
        setNow(Date.now());
        setResendAt(Date.now() + (error.retryAfter ?? otpCooldownSeconds) * 1000);
      }
      if (error instanceof ApiError && (error.status === 409 || error.status === 404)) setEnded(true);
    },
  });

  const problem = codeProblem(code, submitted);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (codeProblem(code, true) === null) check.mutate(code);
  };
  const by = challenge.method === 'voice' ? 'a voice call' : 'SMS';
  const expires = challenge.expires_at ? new Date(challenge.expires_at).toLocaleTimeString() : null;
  // A throttled resend is answered by the countdown, not by an error box.
  const resendError = again.error instanceof ApiError && again.error.status === 429 ? null : again.error;

  return (
    <form noValidate onSubmit={submit}>
      <Stack>
        <Text size="sm">
          {purpose} needs a confirmation. We sent a 6-digit code by {by} to <strong>{phoneNumber}</strong>.
          {expires && ` It works until ${expires}.`}
        </Text>
        <TextInput
          label="Code"
          description="6 digits"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          data-autofocus
          value={code}
          onChange={(event) => setCode(event.currentTarget.value.trim())}
          error={problem}
          disabled={ended}
        />
        {ended ? (
          <ErrorAlert error={check.error ?? again.error} title="This code request has ended" />
        ) : (
          <>
            <ErrorAlert error={check.error} title="The code was not accepted" />
            <ErrorAlert error={resendError} title="No new code was sent" />
          </>
        )}
        {again.isSuccess && !check.error && (
          <Alert color="blue" role="status">
            A new code is on its way by {by}; the previous code no longer works.
          </Alert>
        )}
        {!ended && (
          <Group gap="xs">
            {secondsLeft > 0 ? (
              <Text size="sm" c="dimmed" role="timer" aria-live="polite">
                You can ask for a new code in {secondsLeft} s.
              </Text>
            ) : (
              <>
                <Button variant="subtle" size="xs" onClick={() => again.mutate('sms')} loading={again.isPending && again.variables === 'sms'}>
                  Send a new code by SMS
                </Button>
                <Button variant="subtle" size="xs" onClick={() => again.mutate('voice')} loading={again.isPending && again.variables === 'voice'}>
                  Call me with a code
                </Button>
              </>
            )}
          </Group>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {ended ? 'Close' : 'Cancel'}
          </Button>
          {!ended && (
            <Button type="submit" loading={check.isPending}>
              Confirm
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );
}
