/**
 * Words for webhook results, delivery states and the operators' health figures, shared by the
 * partner webhook pages, the channel webhook card and the operator console, and the server's
 * refusals of webhook calls.
 */
import type { CodeWords } from '../ui/refusals';
import type { WebhookDelivery, WebhookTestResult } from './api';

/** highFailureRate is the failure rate above which a partner's webhook needs attention. */
export const highFailureRate = 0.1;

/** formatRate shows a failure rate (0…1) as a percentage with at most one decimal, e.g. "12.5%". */
export function formatRate(rate?: number | null): string {
  if (rate === undefined || rate === null || !Number.isFinite(rate)) return '—';
  const percent = Math.round(rate * 1000) / 10;
  return `${percent}%`;
}

/** isHighFailureRate says whether a failure rate is above the 10 % the console highlights. */
export const isHighFailureRate = (rate?: number | null) => typeof rate === 'number' && rate > highFailureRate;

/**
 * relativeTime says how long ago (or how soon) a moment is, in the words people use in a
 * console: "just now", "5 min ago", "3 h ago", "2 days ago", "in 4 min".
 */
export function relativeTime(timestamp?: string | null, now: number = Date.now()): string {
  if (!timestamp) return '';
  const at = new Date(timestamp).getTime();
  if (Number.isNaN(at)) return '';
  const seconds = Math.round((now - at) / 1000);
  const past = seconds >= 0;
  const span = Math.abs(seconds);
  let amount: string;
  if (span < 45) return past ? 'just now' : 'in a few seconds';
  if (span < 60 * 60) amount = `${Math.max(1, Math.round(span / 60))} min`;
  else if (span < 48 * 60 * 60) amount = `${Math.round(span / 3600)} h`;
  else {
    const days = Math.round(span / 86400);
    amount = `${days} ${days === 1 ? 'day' : 'days'}`;
  }
  return past ? `${amount} ago` : `in ${amount}`;
}

/** testResultWords says in one sentence what the receiver did with a test event. */
export function testResultWords(result: WebhookTestResult): string {
  const latency = `${result.latency_ms ?? 0} ms`;
  if (result.delivered) return `Delivered: the receiver answered HTTP ${result.status_code ?? '2xx'} in ${latency}.`;
  if (result.status_code) return `Not delivered: the receiver answered HTTP ${result.status_code} after ${latency}.`;
  return `Not delivered: ${result.error || 'the receiver did not answer'} (after ${latency}).`;
}

/** lastAnswerWords says what the receiver last answered to a delivery: a status code or the error. */
export function lastAnswerWords(delivery: Pick<WebhookDelivery, 'last_status_code' | 'last_error'>): string {
  const code = delivery.last_status_code ? `HTTP ${delivery.last_status_code}` : '';
  const error = delivery.last_error ?? '';
  // The server words a refused answer as "receiver answered 500 …", which the code already says.
  if (code && (error === '' || error.startsWith('receiver answered'))) return code;
  return [code, error].filter((part) => part !== '').join(' · ');
}

/** responseExcerpt is the first 1 KB of a receiver's answer, as the log keeps it. */
export const responseExcerpt = (response?: string | null) => (response ?? '').slice(0, 1024);

/** webhookCodeWords say what the refusals of the partner webhook and its deliveries mean. */
export const webhookCodeWords = {
  no_webhook: 'There is no webhook URL yet. Set one first, then send a test.',
  already_pending: 'This delivery is already queued to be sent again.',
} satisfies CodeWords;
