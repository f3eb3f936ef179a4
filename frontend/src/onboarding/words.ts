/**
 * Words for the onboarding page: refusals the server gives in codes, waits in human units, and the
 * roles of who is signed in.
 */
import { ApiError } from '../api/client';
import type { CodeWords } from '../ui/refusals';

/** waitWords says a wait in seconds the way a person reads it: "45 seconds", "2 days 3 hours". */
export function waitWords(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (s < 60) return plural(s, 'second');
  const minutes = Math.ceil(s / 60);
  if (minutes < 60) return plural(minutes, 'minute');
  const hours = Math.floor(s / 3600);
  const restMinutes = Math.ceil((s % 3600) / 60);
  if (hours < 24) return restMinutes > 0 && hours < 3 ? `${plural(hours, 'hour')} ${plural(restMinutes, 'minute')}` : plural(Math.ceil(s / 3600), 'hour');
  const days = Math.floor(hours / 24);
  const restHours = hours % 24;
  return restHours > 0 ? `${plural(days, 'day')} ${plural(restHours, 'hour')}` : plural(days, 'day');
}

/**
 * withWait rewrites a throttled answer (429) so it keeps the server's reason and adds how long
 * to wait in words; other errors pass unchanged. The generic client words ("Too many attempts,
 * try again in 259200 seconds.") do not say why, nor read well for a 72-hour block.
 */
export function withWait(error: unknown, reason?: string): unknown {
  if (!(error instanceof ApiError) || error.status !== 429) return error;
  const wait = error.retryAfter !== undefined ? `Try again in ${waitWords(error.retryAfter)}.` : 'Try again a little later.';
  const message = reason ? `${reason.trim()} ${wait}` : `Too many attempts. ${wait}`;
  return new ApiError(message, 429, error.details, error.code, error.retryAfter);
}

/** roleWords names a role in plain words for the "signed in as" notice. */
export function roleWords(role = ''): string {
  switch (role) {
    case 'platform_admin':
      return 'a platform administrator';
    case 'support_agent':
      return 'a support agent';
    case 'partner_admin':
      return 'a partner administrator';
    case 'partner_member':
      return 'a partner team member';
    case 'client_admin':
      return 'a client administrator';
    case 'client_member':
      return 'a client team member';
    default:
      return 'a user';
  }
}

/** onboardingCodeWords say what the refusals of the onboarding page mean. */
export const onboardingCodeWords = {
  partner_not_found: 'No active partner has this id. Check the link or the id the partner gave you.',
  managed_by_another_partner:
    'Your account is managed by another partner. To connect your numbers to this partner, first request a partner change in your client portal.',
  plan_required: 'Choose a plan and accept the terms before adding a number.',
  adding_numbers_disabled: 'Your partner does not let clients add more numbers themselves. Ask your partner to add the number for you.',
  client_not_active: 'Your account is not active, so numbers cannot be added. Contact your partner.',
  no_redirect_url:
    'The partner has not set up where to send you back after onboarding, so your numbers cannot be shared with it yet. Please contact the partner.',
} satisfies CodeWords;
