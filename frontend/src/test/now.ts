/**
 * The instant every test runs at. src/test/setup.ts fakes Date (and only Date) to start at NOW
 * before each test, so "now" in the app is the same on any day the suite runs; time still moves
 * on from there as the test runs, so timers, waitFor and countdowns behave as in real life.
 *
 * PARTNERHUB_TEST_SHIFT_DAYS (whole days, default 0) moves NOW forward, or back when negative;
 * `npm run test:shifted` runs the suite a year later, which catches a fixture date that was
 * written as a literal instead of relative to NOW.
 *
 * Fixtures whose dates are compared with now must be built from the helpers below, never from a
 * literal date: they are computed from NOW, not from the clock, so they are also right in fixtures
 * built when a test file loads, before Date is faked.
 */

const baseline = Date.parse('2026-06-15T10:00:00Z');

const dayMs = 86_400_000;

function shiftDays(): number {
  const raw: unknown = import.meta.env.PARTNERHUB_TEST_SHIFT_DAYS;
  if (raw === undefined || raw === '') return 0;
  const days = Number(raw);
  if (!Number.isInteger(days)) throw new Error(`PARTNERHUB_TEST_SHIFT_DAYS must be a whole number of days, not ${JSON.stringify(raw)}`);
  return days;
}

/** shiftedDays is how many days PARTNERHUB_TEST_SHIFT_DAYS moves NOW from 2026-06-15T10:00:00Z. */
export const shiftedDays = shiftDays();

/** NOW_MS is the fixed instant, in epoch milliseconds. */
export const NOW_MS = baseline + shiftedDays * dayMs;

/** NOW is the fixed instant every test starts at: 2026-06-15T10:00:00Z plus the shift. */
export const NOW: Date = new Date(NOW_MS);

/** isoAt is an epoch-milliseconds instant as the API writes it: RFC 3339 in UTC, without zero milliseconds. */
export const isoAt = (ms: number) => new Date(ms).toISOString().replace(/\.000Z$/, 'Z');

/** secondsFromNow is the instant that many seconds after NOW (before it when negative). */
export const secondsFromNow = (seconds: number) => isoAt(NOW_MS + seconds * 1000);

/** minutesFromNow is the instant that many minutes after NOW (before it when negative). */
export const minutesFromNow = (minutes: number) => isoAt(NOW_MS + minutes * 60_000);

/** hoursFromNow is the instant that many hours after NOW (before it when negative). */
export const hoursFromNow = (hours: number) => isoAt(NOW_MS + hours * 3_600_000);

/** daysFromNow is the instant that many days after NOW (before it when negative). */
export const daysFromNow = (days: number) => isoAt(NOW_MS + days * dayMs);

/** dayFromNow is the UTC calendar day that many days after NOW, as "2026-06-15". */
export const dayFromNow = (days: number) => daysFromNow(days).slice(0, 10);

/** utcText writes an instant as the support screens show it exactly, e.g. "2026-06-15 10:30:00 UTC". */
export const utcText = (iso: string) => `${new Date(iso).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
