/**
 * Words for the client journeys: the rules their forms check as the user types (with the
 * server's limits), and every refusal code the journeys' endpoints answer with, put in words
 * that say what happened and what to do next.
 */
import { ApiError } from '../api/client';
import { atMost, characters, compactPhone, type Rule } from '../forms/rules';

// ---- Limits the server applies

/** displayNameMin and displayNameMax bound a display name, in characters after trimming. */
export const displayNameMin = 3;
export const displayNameMax = 128;
/** rejectReasonMax is the most a rejection reason may hold (the server counts UTF-8 bytes). */
export const rejectReasonMax = 1000;
/** migrationCancelReasonMax is the most an operator's reason for cancelling a migration may hold, in characters. */
export const migrationCancelReasonMax = 900;
/** partnerIdMax is the longest partner id the server looks up. */
export const partnerIdMax = 32;

/** utf8Length counts the bytes a text takes in UTF-8, as the server's byte limits do. */
export const utf8Length = (text: string) => new TextEncoder().encode(text).length;

// ---- Form rules

/** partnerIdProblem checks a destination partner id: letters and digits ending in PA, not the current partner. */
export function partnerIdProblem(value: string, currentPartnerId?: string): string | null {
  const id = value.trim();
  if (!id) return 'Enter the partner id your new partner gave you.';
  if (/\s/.test(id)) return 'A partner id has no spaces.';
  if (id.length > partnerIdMax) return `A partner id has at most ${partnerIdMax} characters (${id.length} now).`;
  if (!/^[0-9A-Za-z]+$/.test(id)) return 'A partner id has only letters and digits, like f167CmAbcdPA.';
  if (!id.endsWith('PA')) return 'A partner id ends in PA, like f167CmAbcdPA. Check the id with your new partner.';
  if (currentPartnerId && id === currentPartnerId) return 'This is your current partner. Enter the id of the partner you want to move to.';
  return null;
}

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

/** displayNameProblem applies the server's display-name rule: 3 to 128 characters on one line, with a letter. */
export const displayNameProblem: Rule = (value) => {
  const name = value.trim();
  if (!name) return 'Enter the display name.';
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'The display name must be one line.';
  const length = characters(name);
  if (length < displayNameMin) return `A display name has at least ${displayNameMin} characters (${length} now).`;
  if (length > displayNameMax) return `A display name has at most ${displayNameMax} characters (${length} now).`;
  if (!/\p{L}/u.test(name)) return 'A display name needs letters; digits and punctuation alone are not a name.';
  return null;
};

/** optionalDisplayNameProblem lets an empty display name pass and checks any other. */
export const optionalDisplayNameProblem: Rule = (value) => (value.trim() === '' ? null : displayNameProblem(value));

/** rejectReasonProblem requires a reason the client will read, within the server's limit. */
export const rejectReasonProblem: Rule = (value) => {
  if (!value.trim()) return 'Say why, so the client knows what to do next.';
  const bytes = utf8Length(value.trim());
  return bytes > rejectReasonMax
    ? `The reason can be at most ${rejectReasonMax} characters (${bytes} now; accented letters and emoji count 2 to 4).`
    : null;
};

/** migrationCancelReasonProblem checks an operator's optional note on a cancelled migration. */
export const migrationCancelReasonProblem: Rule = atMost('Reason', migrationCancelReasonMax);
/** partnerChangeCancelReasonProblem checks an operator's optional note on a cancelled partner change. */
export const partnerChangeCancelReasonProblem: Rule = (value) =>
  utf8Length(value.trim()) > rejectReasonMax ? `The reason can be at most ${rejectReasonMax} characters.` : null;

// ---- Time in words

/** durationWords says a number of seconds the way a person would: "2 days 3 hours", "5 minutes", "40 seconds". */
export function durationWords(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  const days = Math.floor(s / 86_400);
  const hours = Math.floor((s % 86_400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  if (days > 0) return hours > 0 ? `${plural(days, 'day')} ${plural(hours, 'hour')}` : plural(days, 'day');
  if (hours > 0) return minutes > 0 ? `${plural(hours, 'hour')} ${plural(minutes, 'minute')}` : plural(hours, 'hour');
  if (minutes > 0) return plural(Math.ceil(s / 60), 'minute');
  return plural(s, 'second');
}

/** moment shows an instant as a local date and time with the weekday, e.g. "Tue, 24 Nov 2026, 10:00". */
export const moment = (at: Date) =>
  at.toLocaleString(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });

/** untilWords says when a block ends: the moment and how long until then. */
export function untilWords(iso: string, now = Date.now()): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const left = (at.getTime() - now) / 1000;
  return left > 0 ? `${moment(at)} (in ${durationWords(left)})` : moment(at);
}

/** blockedUntilOf finds the end of a registration-limit block in a refusal: its detail, or Retry-After. */
export function blockedUntilOf(error: ApiError, now = Date.now()): string | null {
  const detail = error.details.find((line) => line.startsWith('blocked_until:'));
  if (detail) return detail.slice('blocked_until:'.length).trim();
  return error.retryAfter !== undefined ? new Date(now + error.retryAfter * 1000).toISOString() : null;
}

// ---- Refusals in words

type Words = (error: ApiError, now: number) => string;

const serverSays: Words = (error) => error.message;
const keepGoing = (advice: string): Words => (error) => `${error.message.replace(/\s*$/, '')} ${advice}`;

/** refusals maps every refusal code of the journeys to words; codes not here keep the server's message. */
export const refusals: Record<string, Words> = {
  // Partner change (SPEC §5.4)
  destination_unknown: () => 'No partner has this id. Check the id with your new partner — it ends in PA, like f167CmAbcdPA.',
  partner_not_found: () => 'No active partner has this id. Check the id with your new partner — it ends in PA, like f167CmAbcdPA.',
  destination_is_current: () => 'This is already your partner. Enter the id of the partner you want to move to.',
  destination_inactive: () => 'That partner is not active at the moment and cannot take on clients. Ask them, or choose another partner.',
  different_billing_system: () =>
    'That partner uses a different payment processor, so your numbers cannot move to them. Ask support about other ways to move.',
  no_numbers: () => 'You have no numbers to move.',
  channel_pending_deletion: keepGoing('You can reactivate it on its page, or leave it out of the move.'),
  channel_migrating: keepGoing('Leave it out of the move, or wait until its migration has finished.'),
  channel_in_open_request: keepGoing('Cancel that request first, or leave the number out.'),
  outgoing_request: () => 'Only the partner the client is moving to decides on this request; you see it read-only.',
  invalid_state: serverSays,
  // Number migrations (SPEC §5.5)
  number_already_active: () => 'This number is already active in the hub, so it cannot be imported again. Check the number you typed.',
  business_not_verified: () =>
    'The business that owns this WhatsApp Business Account is not verified by Meta yet. Verify it in Meta Business Manager, or choose a verified account.',
  two_step_verification_enabled: () =>
    'Two-step verification must be turned off at your current provider first. Turn it off there, then confirm it in the checklist.',
  number_in_open_request: () => 'This number is already part of an open migration or partner change. Finish or cancel that one first.',
  target_waba_not_found: () => 'That WhatsApp Business Account is not one of yours. Choose one from the list.',
  same_waba: () => 'The number is already in this WhatsApp Business Account. Choose another one.',
  waba_number_limit: keepGoing('Choose another account, or ask your partner to raise its limit.'),
  waba_unverified_limit: keepGoing('Verify the business with Meta to hold more numbers, or choose another account.'),
  client_max_channels: keepGoing('Ask your partner to raise your number limit, or cancel a number you no longer use.'),
  channel_not_running: serverSays,
  not_on_premise: serverSays,
  otp_not_needed: serverSays,
  otp_cooldown: (error) => `A code was sent moments ago. You can ask for a new one in ${durationWords(error.retryAfter ?? 60)}.`,
  otp_not_delivered: () => 'The code could not be delivered to the number. Check the number can receive SMS or calls, then ask again.',
  otp_too_many_sends: () => 'Too many codes were sent for this migration. Cancel it and start a new one.',
  otp_expired: () => 'That code has expired — codes work for 10 minutes. Ask for a new code.',
  otp_used: () => 'That code was already used. Ask for a new code.',
  otp_not_requested: () => 'No code has been sent yet. Ask for a code first.',
  otp_failed: () => 'Five wrong codes were entered, so this migration has failed. Start a new one to try again.',
  migration_failed: () => 'Five wrong codes were entered, so this migration has failed. Start a new one to try again.',
  migration_expired: () => 'This migration was not finished within 24 hours and has expired. Start a new one.',
  migration_impossible: serverSays,
  provider_unavailable: () => "The number's current provider did not answer. Wait a moment, ask for a new code and try again.",
  invalid_transition: serverSays,
  concurrent_change: () => 'This migration changed meanwhile. Reload the page to see where it stands.',
  // Display name and the registration limit
  display_name_unchanged: () => 'That is already the display name. Type the new name.',
  channel_terminated: () => 'This number has been terminated and cannot be changed.',
  registration_limit_reached: (error, now) => {
    const until = blockedUntilOf(error, now);
    return `This number reached Meta's limit of 10 registrations (display-name changes, migrations and registrations) in 72 hours, so it is blocked${
      until ? ` until ${untilWords(until, now)}` : ' for 72 hours'
    }. Try again after that.`;
  },
  forbidden: (error) => (error.message && error.message !== 'You are not allowed to do this.' ? error.message : 'Your role may not do this.'),
};

// A wrong code answers 422 with the attempts left in a detail.
const wrongCode = /^code: is not correct \((\d+) attempts? left\)$/;

/**
 * explain returns a failed call with its words for a person: the journey's words for the
 * refusal code, a wrong code with the attempts left, the server's details otherwise. Anything
 * that is not an ApiError (the network) is returned as it is.
 */
export function explain(error: unknown, now = Date.now()): unknown {
  if (!(error instanceof ApiError)) return error;
  const wrong = error.details.map((line) => wrongCode.exec(line)).find((match) => match !== null);
  if (wrong) {
    const left = Number(wrong[1]);
    return new ApiError(
      `That code is not right. ${left === 1 ? 'One attempt is left' : `${left} attempts are left`} before the migration fails.`,
      error.status,
      [],
      error.code,
      error.retryAfter,
    );
  }
  const words = error.code ? refusals[error.code] : undefined;
  if (!words) return error;
  // The words cover the details ("two_step_disabled: …", "blocked_until: …").
  return new ApiError(words(error, now), error.status, [], error.code, error.retryAfter);
}

/** explained runs a call and puts its failure in words (see explain). */
export async function explained<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    throw explain(error);
  }
}
