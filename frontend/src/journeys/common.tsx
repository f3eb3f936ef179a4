import { Badge, List, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { PartnerChange } from './api';
import { durationWords, moment } from './words';

type Tone = { color: string; label: string };

const partnerChangeTones: Record<string, Tone> = {
  created: { color: 'blue', label: 'Awaiting approval' },
  pending: { color: 'yellow', label: 'Approved, queued' },
  completed: { color: 'green', label: 'Completed' },
  failed: { color: 'red', label: 'Failed' },
  rejected: { color: 'red', label: 'Rejected' },
  cancelled: { color: 'gray', label: 'Cancelled' },
};

const migrationTones: Record<string, Tone> = {
  created: { color: 'blue', label: 'Started' },
  otp_requested: { color: 'violet', label: 'Waiting for the code' },
  completed: { color: 'green', label: 'Completed' },
  failed: { color: 'red', label: 'Failed' },
  cancelled: { color: 'gray', label: 'Cancelled' },
  expired: { color: 'orange', label: 'Expired' },
};

function ToneBadge({ tone }: { tone: Tone }) {
  return (
    <Badge color={tone.color} variant="light" data-color={tone.color} style={{ minWidth: 'max-content' }}>
      {tone.label}
    </Badge>
  );
}

/** partnerChangeStatusLabel names a partner change's status in words. */
export const partnerChangeStatusLabel = (status: string) => partnerChangeTones[status]?.label ?? status;

/** migrationStatusLabel names a migration's status in words. */
export const migrationStatusLabel = (status: string) => migrationTones[status]?.label ?? status;

export const PartnerChangeBadge = ({ status }: { status?: string }) => (
  <ToneBadge tone={partnerChangeTones[status ?? ''] ?? { color: 'gray', label: status ?? 'Unknown' }} />
);

export const MigrationBadge = ({ status }: { status?: string }) => (
  <ToneBadge tone={migrationTones[status ?? ''] ?? { color: 'gray', label: status ?? 'Unknown' }} />
);

const kindLabels: Record<string, string> = {
  port_in: 'Import from another provider',
  waba_move: 'Move to another WABA',
  hosting_change: 'On-premise to cloud',
};

/** migrationKindLabel names a kind of migration in words. */
export const migrationKindLabel = (kind: string) => kindLabels[kind] ?? kind;

/** isOpenPartnerChange says whether a request still holds its numbers. */
export const isOpenPartnerChange = (request: { status?: string }) => request.status === 'created' || request.status === 'pending';

/** isOpenMigration says whether a migration still holds its number. */
export const isOpenMigration = (migration: { status?: string }) => migration.status === 'created' || migration.status === 'otp_requested';

/** whenWords says when a partner change runs, ran or ended, for its list row. */
export function whenWords(request: PartnerChange): string {
  if (request.status === 'pending' && request.execute_after) {
    const at = new Date(request.execute_after);
    return at.getTime() <= Date.now() ? 'Running now' : `Runs ${moment(at)}${request.execution === 'end_of_month' ? ' (end of month)' : ''}`;
  }
  if (request.finished_at) return `${partnerChangeStatusLabel(request.status ?? '')} ${moment(new Date(request.finished_at))}`;
  return request.status === 'created' ? 'After approval' : '';
}

/**
 * useCountdown counts the seconds left until a deadline (epoch milliseconds), once a second;
 * it returns 0 when there is none or it has passed.
 */
export function useCountdown(deadline: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  const left = deadline === null ? 0 : Math.max(0, Math.ceil((deadline - now) / 1000));
  useEffect(() => {
    if (deadline === null) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [deadline]);
  return left;
}

/** CountdownText says how long until something may be tried again, updated every second. */
export function CountdownText({ seconds, what }: { seconds: number; what: string }) {
  return (
    <Text size="sm" c="dimmed" role="timer" aria-live="polite">
      You can {what} in {seconds < 120 ? `${seconds} s` : durationWords(seconds)}.
    </Text>
  );
}

/** Consequences lists what a partner change does when it runs. */
export function Consequences({ target, billingModel }: { target: string; billingModel?: string }) {
  const permission =
    billingModel === 'direct_payment'
      ? `${target} bills you directly, so you must grant ${target} the API-key permission again before they can create keys for your numbers.`
      : billingModel === 'partner_payment'
        ? `${target} pays for your messaging, so the API-key permission goes to ${target}.`
        : `The API-key permission is reset: with a partner who bills you directly you must grant it again; with a partner who pays for your messaging it goes to them.`;
  return (
    <List size="sm" spacing="xs">
      <List.Item>Every API key of the moving numbers is revoked at once — integrations using them stop working until they get new keys.</List.Item>
      <List.Item>The webhook URLs of the moving numbers are cleared, so your current partner stops receiving your messages. Set them again afterwards.</List.Item>
      <List.Item>{permission}</List.Item>
      <List.Item>Display names, quality ratings and messaging limits stay as they are.</List.Item>
    </List>
  );
}
