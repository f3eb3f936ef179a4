/**
 * Date-time ranges typed in <input type="datetime-local"> fields, which hold local time without
 * a zone ("2026-11-20T14:30"); the API wants RFC 3339.
 */

const pad = (value: number) => String(value).padStart(2, '0');

/** toLocalInput formats a moment for a datetime-local input, in the browser's time zone. */
export function toLocalInput(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** parseLocalInput reads a datetime-local value as local time; null when it is not one. */
export function parseLocalInput(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/.test(value.trim())) return null;
  const date = new Date(value.trim());
  return Number.isNaN(date.getTime()) ? null : date;
}

/** toRfc3339 turns a datetime-local value into the RFC 3339 UTC time the API takes. */
export const toRfc3339 = (value: string) => parseLocalInput(value)?.toISOString() ?? '';

/** RangeProblems says what is wrong with each end of a range, in words; null where it is fine. */
export interface RangeProblems {
  from: string | null;
  to: string | null;
}

/** dateRangeProblems checks a from/to range: both set, both valid, and "to" after "from". */
export function dateRangeProblems(from: string, to: string): RangeProblems {
  const start = parseLocalInput(from);
  const end = parseLocalInput(to);
  const problems: RangeProblems = {
    from: from.trim() === '' ? 'Enter when the range starts.' : start ? null : 'From is not a valid date and time.',
    to: to.trim() === '' ? 'Enter when the range ends.' : end ? null : 'To is not a valid date and time.',
  };
  if (start && end && end.getTime() <= start.getTime()) problems.to = 'To must be after From.';
  return problems;
}
