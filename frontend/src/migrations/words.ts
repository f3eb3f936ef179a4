/**
 * Words for number migrations: the rules their forms check as the user types (with the server's
 * limits), their statuses and kinds, and every refusal code the migration endpoints answer with,
 * put in words that say what happened and what to do next.
 */
import { channelCodeWords, registrationLimitWords } from '../channels/words';
import { explainer, roleMayNot, serverSays, serverSaysAnd, type CodeWords, type Refusals } from '../ui/refusals';
import { atMost, compactPhone, type Rule } from '../ui/rules';
import { durationWords } from '../ui/time';
import type { Tone } from '../ui/tone';

// ---- Form rules

/** migrationCancelReasonMax is the most an operator's reason for cancelling a migration may hold, in characters. */
export const migrationCancelReasonMax = 900;

/** phoneNumberProblem checks a number in international format: + (or 00), the country code, 8 to 15 digits. */
export const phoneNumberProblem: Rule = (value) => {
  const text = compactPhone(value.trim());
  if (!text) return 'Enter the phone number to import.';
  const international = text.startsWith('+') ? text.slice(1) : text.startsWith('00') ? text.slice(2) : null;
  if (international === null) return 'Start with + and the country code, like +4915112345678.';
  if (/\D/.test(international)) return 'A phone number has only digits after the +.';
  if (international.length < 8) return `That is too short for a phone number with its country code (${international.length} digits).`;
  if (international.length > 15) return `A phone number has at most 15 digits with its country code (${international.length} now).`;
  return null;
};

/** normalPhone is the number as the server stores it: +, then digits only. */
export const normalPhone = (value: string) => {
  const text = compactPhone(value.trim());
  return text.startsWith('00') ? `+${text.slice(2)}` : text;
};

/** migrationCancelReasonProblem checks an operator's optional note on a cancelled migration. */
export const migrationCancelReasonProblem: Rule = atMost('Reason', migrationCancelReasonMax);

// ---- Statuses and kinds

const migrationTones: Record<string, Tone> = {
  created: { color: 'blue', label: 'Started' },
  otp_requested: { color: 'violet', label: 'Waiting for the code' },
  completed: { color: 'green', label: 'Completed' },
  failed: { color: 'red', label: 'Failed' },
  cancelled: { color: 'gray', label: 'Cancelled' },
  expired: { color: 'orange', label: 'Expired' },
};

/** migrationTone colours a migration's status in its badge. */
export const migrationTone = (status?: string): Tone => migrationTones[status ?? ''] ?? { color: 'gray', label: status ?? 'Unknown' };

/** migrationStatusLabel names a migration's status in words. */
export const migrationStatusLabel = (status: string) => migrationTones[status]?.label ?? status;

const kindLabels: Record<string, string> = {
  port_in: 'Import from another provider',
  waba_move: 'Move to another WABA',
  hosting_change: 'On-premise to cloud',
};

/** migrationKindLabel names a kind of migration in words. */
export const migrationKindLabel = (kind: string) => kindLabels[kind] ?? kind;

/** isOpenMigration says whether a migration still holds its number. */
export const isOpenMigration = (migration: { status?: string }) => migration.status === 'created' || migration.status === 'otp_requested';

// ---- Refusals in words

/** migrationCodeWords say what the refusals of number migrations mean. */
export const migrationCodeWords = {
  business_not_verified:
    'The business that owns this WhatsApp Business Account is not verified by Meta yet. Verify it in Meta Business Manager, or choose a verified account.',
  two_step_verification_enabled:
    'Two-step verification must be turned off at your current provider first. Turn it off there, then confirm it in the checklist.',
  number_in_open_request: 'This number is already part of an open migration or partner change. Finish or cancel that one first.',
  target_waba_not_found: 'That WhatsApp Business Account is not one of yours. Choose one from the list.',
  same_waba: 'The number is already in this WhatsApp Business Account. Choose another one.',
  not_on_premise: 'This number is already hosted in the cloud, so there is no hosting change to make.',
  otp_not_needed: 'A hosting change needs no code; it completes by itself within a few minutes.',
  otp_used: 'That code was already used. Ask for a new code.',
  otp_not_requested: 'No code has been sent yet. Ask for a code first.',
  migration_failed: 'Five wrong codes were entered, so this migration has failed. Start a new one to try again.',
  migration_expired: 'This migration was not finished within 24 hours and has expired. Start a new one.',
  migration_impossible: 'This migration can no longer complete, because its number changed or is gone. Cancel it, and start a new one if you still need it.',
  provider_unavailable: "The number's current provider did not answer. Wait a moment, ask for a new code and try again.",
} satisfies CodeWords;

const words = migrationCodeWords;

/** migrationRefusals are the refusals the migration screens put in their own words; codes not here keep the server's message. */
export const migrationRefusals: Refusals = {
  number_already_active: 'This number is already active in the hub, so it cannot be imported again. Check the number you typed.',
  business_not_verified: words.business_not_verified,
  two_step_verification_enabled: words.two_step_verification_enabled,
  number_in_open_request: words.number_in_open_request,
  target_waba_not_found: words.target_waba_not_found,
  same_waba: words.same_waba,
  waba_number_limit: serverSaysAnd('Choose another account, or ask your partner to raise its limit.'),
  waba_unverified_limit: serverSaysAnd('Verify the business with Meta to hold more numbers, or choose another account.'),
  client_max_channels: serverSaysAnd('Ask your partner to raise your number limit, or cancel a number you no longer use.'),
  channel_not_running: serverSays,
  not_on_premise: serverSays,
  otp_not_needed: serverSays,
  otp_cooldown: (error) => `A code was sent moments ago. You can ask for a new one in ${durationWords(error.retryAfter ?? 60)}.`,
  otp_not_delivered: channelCodeWords.otp_not_delivered,
  otp_too_many_sends: 'Too many codes were sent for this migration. Cancel it and start a new one.',
  otp_expired: channelCodeWords.otp_expired,
  otp_used: words.otp_used,
  otp_not_requested: words.otp_not_requested,
  otp_failed: words.migration_failed,
  migration_failed: words.migration_failed,
  migration_expired: words.migration_expired,
  migration_impossible: serverSays,
  provider_unavailable: words.provider_unavailable,
  invalid_transition: serverSays,
  invalid_state: serverSays,
  concurrent_change: 'This migration changed meanwhile. Reload the page to see where it stands.',
  registration_limit_reached: registrationLimitWords,
  forbidden: roleMayNot,
};

/** explain and explained put a failed migration call in words (see explainRefusal). */
export const { explain, explained } = explainer(migrationRefusals);
