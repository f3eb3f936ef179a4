/**
 * Words for the onboarding page: refusals the server gives in codes, and waits in human units.
 */
import { ApiError } from '../api/client';

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
