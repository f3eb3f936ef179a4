/** Time in words: spans and instants the way a person reads them. */

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
