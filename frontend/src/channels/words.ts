/**
 * Words for numbers (channels): their statuses and quality in badges, storage regions, the
 * display-name rule with the server's limits, and the server's refusals of changes to a number.
 */
import { ApiError } from '../api/client';
import { explainer, roleMayNot, type CodeWords, type Refusals, type Words } from '../ui/refusals';
import { characters, type Rule } from '../ui/rules';
import { untilWords } from '../ui/time';
import { humanize, type Tone, unknownTone } from '../ui/tone';
import { storageRegions, type StorageRegion } from './api';

// ---- Badges

const channelStatusColors: Record<string, string> = {
  created: 'gray',
  submitted: 'blue',
  ready: 'cyan',
  running: 'green',
  pending_deletion: 'orange',
  terminated: 'red',
  ready_for_migration: 'violet',
  migration_code_requested: 'violet',
  migrating: 'grape',
};

/** channelStatusTone colours a channel's lifecycle status: green only while it runs. */
export function channelStatusTone(status?: string): Tone {
  const color = status ? channelStatusColors[status] : undefined;
  return color ? { color, label: humanize(status) } : unknownTone(status);
}

const qualityTones: Record<string, Tone> = {
  GREEN: { color: 'green', label: 'High quality' },
  YELLOW: { color: 'yellow', label: 'Medium quality' },
  RED: { color: 'red', label: 'Low quality' },
  UNKNOWN: { color: 'gray', label: 'Quality unknown' },
};

/** qualityTone colours Meta's quality rating of a number. */
export function qualityTone(rating?: string): Tone {
  return (rating && qualityTones[rating]) || qualityTones.UNKNOWN;
}

/** regionLabel names a region in words, e.g. "Germany (DE)". */
export const regionLabel = (code?: string | null) =>
  code ? `${storageRegions[code as StorageRegion] ?? code} (${code})` : 'Default storage';

// ---- Display name

/** displayNameMin and displayNameMax bound a display name, in characters after trimming. */
export const displayNameMin = 3;
export const displayNameMax = 128;

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

// ---- The registration limit

/** blockedUntilOf finds the end of a registration-limit block in a refusal: its detail, or Retry-After. */
export function blockedUntilOf(error: ApiError, now = Date.now()): string | null {
  const detail = error.details.find((line) => line.startsWith('blocked_until:'));
  if (detail) return detail.slice('blocked_until:'.length).trim();
  return error.retryAfter !== undefined ? new Date(now + error.retryAfter * 1000).toISOString() : null;
}

/** registrationLimitWords say that a number is blocked by Meta's registration limit, and until when. */
export const registrationLimitWords: Words = (error, now) => {
  const until = blockedUntilOf(error, now);
  return `This number reached Meta's limit of 10 registrations (display-name changes, migrations and registrations) in 72 hours, so it is blocked${
    until ? ` until ${untilWords(until, now)}` : ' for 72 hours'
  }. Try again after that.`;
};

// ---- Refusals in words

/** channelCodeWords say what the refusals of changes to a number mean, and of the codes sent to it to confirm one. */
export const channelCodeWords = {
  channel_not_running: 'This number is not running, so this cannot be done now. Try again once it is running.',
  channel_terminated: 'This number has been terminated and cannot be changed.',
  display_name_unchanged: 'That is already the display name. Type the new name.',
  registration_limit_reached:
    "This number reached Meta's limit of 10 registrations (display-name changes, migrations and registrations) in 72 hours, so it is blocked for a while. Try again after the block ends.",
  number_already_active: 'This phone number is already active in the hub, so it cannot be added or imported again. Check the number.',
  already_enabled: 'Local storage is already enabled for this number in that region.',
  not_enabled: 'Local storage is not enabled on this number, so there is nothing to switch off.',
  already_pending_deletion: 'Cancellation was already requested for this number.',
  not_pending_deletion: 'Only a number waiting for deletion can be reactivated, and this one is not.',
  photo_too_large: 'The photo is larger than 5 MB. Choose a smaller one.',
  provider_refused: 'Meta refused the change. Try again in a few minutes.',
  otp_cooldown: 'A code was sent moments ago. Wait a minute before asking for a new one.',
  otp_expired: 'That code has expired — codes work for 10 minutes. Ask for a new code.',
  otp_failed: 'Too many wrong codes were entered, so this request has failed. Start again.',
  otp_not_delivered: 'The code could not be delivered to the number. Check the number can receive SMS or calls, then ask again.',
  otp_not_pending: 'This code request is no longer open. Start again.',
  otp_too_many_sends: 'Too many codes were sent for this request. Start again.',
} satisfies CodeWords;

/** channelRefusals are the refusals the display-name change puts in its own words. */
export const channelRefusals: Refusals = {
  display_name_unchanged: channelCodeWords.display_name_unchanged,
  channel_terminated: channelCodeWords.channel_terminated,
  registration_limit_reached: registrationLimitWords,
  forbidden: roleMayNot,
};

/** explained puts a failed display-name change in words (see explainRefusal). */
export const { explained } = explainer(channelRefusals);
