/**
 * Words for support tickets: labels of statuses, severities, sources and languages, instants as
 * a person reads them, the server's validation problems and refusal codes put in words.
 */
import { ApiError } from '../api/client';
import { metaErrorWords } from '../messaging/words';
import { refusalWords, serverSays, type CodeWords, type Refusals } from '../ui/refusals';
import { humanize, type Tone } from '../ui/tone';
import type { Delivery } from './api';

// ---- Labels

const statusLabels: Record<string, string> = {
  new: 'New',
  open: 'Open',
  waiting_on_customer: 'Waiting on you',
  waiting_on_meta: 'Waiting on Meta',
  resolved: 'Resolved',
  closed: 'Closed',
};

// Support staff read "waiting on customer" from their side of the conversation.
const staffStatusLabels: Record<string, string> = { ...statusLabels, waiting_on_customer: 'Waiting on customer' };

/** statusLabel names a ticket status in words, for a requester or for support staff. */
export const statusLabel = (status = '', staff = false) => (staff ? staffStatusLabels : statusLabels)[status] ?? humanize(status);

/** statusColor colours a ticket status. */
export const statusColor = (status = '') =>
  ({ new: 'blue', open: 'cyan', waiting_on_customer: 'yellow', waiting_on_meta: 'grape', resolved: 'green', closed: 'gray' })[status] ?? 'gray';

/** severityColor colours a severity: red for critical, orange for urgent. */
export const severityColor = (severity = '') => ({ critical: 'red', urgent: 'orange', standard: 'blue' })[severity] ?? 'gray';

export const severityLabel = (severity = '') => humanize(severity);

const sourceLabels: Record<string, string> = { hub_chat: 'Hub chat', email: 'Email', whatsapp: 'WhatsApp' };
export const sourceLabel = (source = '') => sourceLabels[source] ?? humanize(source);

const languageLabels: Record<string, string> = {
  en: 'English',
  'pt-BR': 'Portuguese (Brazil)',
  de: 'German',
  es: 'Spanish',
  tr: 'Turkish',
  hi: 'Hindi',
  ru: 'Russian',
};
export const languageLabel = (language = '') => languageLabels[language] ?? language;

// ---- Badges

/** ticketStatusTone colours a ticket status in its badge, worded for a requester or for support staff. */
export const ticketStatusTone = (status?: string, staff = false): Tone => ({ color: statusColor(status), label: statusLabel(status, staff) });

/** severityTone colours a severity in its badge. */
export const severityTone = (severity?: string): Tone => ({ color: severityColor(severity), label: severityLabel(severity) });

/** sourceTone shows where a ticket came from, in grey. */
export const sourceTone = (source?: string): Tone => ({ color: 'gray', label: sourceLabel(source) });

/** languageTone shows a ticket's language; orange when support answers in English instead. */
export const languageTone = (language?: string, fallback?: boolean): Tone =>
  fallback ? { color: 'orange', label: `${languageLabel(language)} → English` } : { color: 'gray', label: languageLabel(language) };

const metricLabels: Record<string, string> = { first_response: 'First response', resolution: 'Resolution' };
export const metricLabel = (metric = '') => metricLabels[metric] ?? humanize(metric);

const planLabels: Record<string, string> = {
  basic: 'Basic (client)',
  regular: 'Regular (client)',
  premium: 'Premium',
  sandbox: 'Sandbox (partner)',
  growth: 'Growth (partner)',
};
export const planLabel = (plan = '') => planLabels[plan] ?? humanize(plan);

const calendarLabels: Record<string, string> = {
  always: 'Always (24/7)',
  standard_support: 'Standard support (Mon–Fri 02:00–22:00 Berlin)',
  premium_support: 'Premium support (Mon–Fri all day, Sat–Sun 09:00–17:00 Berlin)',
};
/** calendarLabel names a calendar; built-in ones with their hours. */
export const calendarLabel = (name = '') => calendarLabels[name] ?? name;

// ---- Time

/**
 * formatInstant shows an RFC 3339 instant to the second with its weekday and zone, e.g.
 * "Fri, 20 Nov 2026, 22:30:00 CET" — in the viewer's zone unless one is given.
 */
export function formatInstant(iso?: string | null, timeZone?: string): string {
  if (!iso) return '';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return at.toLocaleString('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
    timeZone,
    timeZoneName: 'short',
  });
}

/** utcInstant shows an instant exactly, in UTC: "2026-11-24 05:00:00 UTC". */
export function utcInstant(iso?: string | null): string {
  if (!iso) return '';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return `${at.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** clockWords says a span in seconds to the second: "2d 03h 04m 05s", "1h 02m 03s", "4m 05s", "9s". */
export function clockWords(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const days = Math.floor(s / 86_400);
  const hours = Math.floor((s % 86_400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = s % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  if (days > 0) return `${days}d ${two(hours)}h ${two(minutes)}m ${two(seconds)}s`;
  if (hours > 0) return `${hours}h ${two(minutes)}m ${two(seconds)}s`;
  if (minutes > 0) return `${minutes}m ${two(seconds)}s`;
  return `${seconds}s`;
}

/** spanWords says a duration in seconds the short way a target is written: "1d 2h 30m", "45s". */
export function spanWords(totalSeconds?: number | null): string {
  if (totalSeconds === undefined || totalSeconds === null) return '—';
  let s = Math.round(totalSeconds);
  const parts: string[] = [];
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    if (s >= size) {
      parts.push(`${Math.floor(s / size)}${unit}`);
      s %= size;
    }
  }
  return parts.length > 0 ? parts.join(' ') : '0s';
}

// ---- WhatsApp tickets

const deliveryLabels: Record<string, string> = {
  not_sent: 'Not sent on WhatsApp',
  sent: 'Sent on WhatsApp',
  delivered: 'Delivered on WhatsApp',
  read: 'Read on WhatsApp',
  failed: 'Not delivered on WhatsApp',
};

const deliveryColors: Record<string, string> = { not_sent: 'red', sent: 'gray', delivered: 'gray', read: 'blue', failed: 'red' };

/** deliveryTone names how the WhatsApp message carrying a reply fared, in its badge. */
export const deliveryTone = (delivery: Delivery): Tone => ({
  color: deliveryColors[delivery.status ?? ''] ?? 'gray',
  label: deliveryLabels[delivery.status ?? ''] ?? humanize(delivery.status),
});

/**
 * deliveryWords say why a reply did not reach the WhatsApp user, or '' when it did (or is on its
 * way): WhatsApp's reason for a failed message, and for a reply never sent where to look (support
 * staff see the internal note saying why).
 */
export function deliveryWords(delivery: Delivery, staff: boolean): string {
  if (delivery.status === 'failed') return metaErrorWords(delivery.error?.code, delivery.error?.title);
  if (delivery.status === 'not_sent')
    return staff ? 'WhatsApp refused to send this reply; the internal note below says why. The reply is kept here.' : 'This reply could not be sent on WhatsApp.';
  return '';
}

/** templateText fills a template body's {{1}}, {{2}}, … with the parameters typed so far (blank ones stay as placeholders). */
export function templateText(body: string, parameters: string[]): string {
  return body.replace(/\{\{\s*(\d+)\s*\}\}/g, (placeholder, n: string) => parameters[Number(n) - 1]?.trim() || placeholder);
}

// ---- Problems and refusals

const fieldLabels: Record<string, string> = {
  subject: 'The subject',
  description: 'The description',
  channel_id: 'The affected number',
  topic: 'The topic',
  language: 'The language',
  body: 'The message',
  reason: 'The reason',
  severity: 'The severity',
  status: 'The status',
  received_at: 'The received time',
  requester_user_id: 'The requester',
  source: 'The source',
  opened_at: 'The opening time',
  requester_kind: 'The requester kind',
  plan: 'The plan',
  pauses: 'The pauses',
  note: 'The note',
  assignee_id: 'The assignee',
  whatsapp_template: 'The template',
  'whatsapp_template.parameters': 'The template’s parameters',
};

const ruleFieldLabels: Record<string, string> = {
  metric: 'metric',
  target_seconds: 'target',
  calendar: 'calendar',
  warning_ratio: 'warning threshold',
};

const dayNames: Record<string, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const sentence = (text: string) => {
  const trimmed = capitalise(text.trim());
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
};
// A reason that continues its field's name ("is required", "must be …") gets the name in front.
const continuesField = (why: string) => /^(is|are|must|may|has|have|at most|at least|should)\b/.test(why);

/**
 * problemWords puts one of the server's "field: why" problems in words: rule and calendar paths
 * of a policy become "Rule 3, target: …" and "Calendar “Support DE”, Monday: …"; ticket fields get
 * their names.
 */
export function problemWords(detail: string): string {
  let text = detail.trim().replace(/^policy\./, '');
  const rule = /^rules\[(\d+)\](?:\.([\w.]+))?: (.*)$/s.exec(text);
  if (rule) {
    const [, index, field = '', why] = rule;
    const name = field.startsWith('when.') ? `condition “${field.slice(5)}”` : (ruleFieldLabels[field] ?? field);
    return sentence(`Rule ${Number(index) + 1}${name ? `, ${name}` : ''}: ${why}`);
  }
  const calendar = /^calendars\.(.+?)(?:\.(windows|time_zone|holidays)(?:\.(\w+))?)?: (.*)$/s.exec(text);
  if (calendar) {
    const [, name, part, day, why] = calendar;
    const where = part === 'windows' && day ? dayNames[day] ?? day : part === 'time_zone' ? 'time zone' : part;
    return sentence(`Calendar “${name}”${where ? `, ${where}` : ''}: ${why}`);
  }
  const parameter = /^whatsapp_template\.parameters\[(\d+)\]: (.*)$/s.exec(text);
  if (parameter) {
    const [, index, why] = parameter;
    return sentence(continuesField(why) ? `Template parameter ${Number(index) + 1} ${why}` : why);
  }
  if (text.startsWith('rules:') || text.startsWith('calendars:')) text = text.replace(/^(\w+): /, '');
  const field = /^([\w.[\]]+): (.*)$/s.exec(text);
  if (!field) return sentence(text);
  const [, name, why] = field;
  if (name.startsWith('details.')) return sentence(why);
  const label = fieldLabels[name] ?? capitalise(humanize(name.split('.').pop()));
  return sentence(continuesField(why) ? `${label} ${why}` : why);
}

/** supportCodeWords say what the refusals of the support endpoints mean. */
export const supportCodeWords = {
  ticket_state:
    'The ticket’s status does not allow this now: a closed ticket takes no more replies, and a resolved one must be reopened first. Reload to see where it stands.',
  escalation_not_available:
    'Escalation is available to clients with a designated point of contact and to partners in the Silver, Gold and Platinum tiers. Support still answers the ticket within its SLA.',
  already_escalated: 'This ticket is already escalated; the support managers have been told.',
  nothing_to_change: 'The ticket already has this topic and severity. Choose a different one.',
  no_agents: 'There is no active support agent to assign the ticket to. Choose an agent, or add one first.',
  policy_version_taken: 'Someone saved another policy version at the same moment. Reload the versions, check the live one, and save again.',
  duplicate_open_ticket: 'You already have an open ticket on this topic for this number.',
  whatsapp_window_closed:
    'The WhatsApp user last wrote more than 24 hours ago, so WhatsApp delivers only approved templates to them now. Send the reply as a template; once they answer, free-form replies work again for 24 hours.',
  not_whatsapp_ticket: 'This ticket did not come from the support desk’s WhatsApp number, so its replies are not sent on WhatsApp.',
} satisfies CodeWords;

const words = supportCodeWords;

/** supportRefusals are the refusals the support screens put in their own words; codes not here keep the server's message. */
export const supportRefusals: Refusals = {
  // The server's own sentences already say what happened and what may happen next.
  ticket_state: serverSays,
  escalation_not_available: serverSays,
  already_escalated: words.already_escalated,
  nothing_to_change: words.nothing_to_change,
  no_agents: words.no_agents,
  policy_version_taken: words.policy_version_taken,
  duplicate_open_ticket: words.duplicate_open_ticket,
  whatsapp_window_closed: words.whatsapp_window_closed,
  not_whatsapp_ticket: words.not_whatsapp_ticket,
  validation_failed: 'Some values are not valid:',
};

/**
 * explain returns a failed call with its words for a person: the refusal's words when the code is
 * known, and every validation problem in words.
 */
export function explain(error: unknown): unknown {
  if (!(error instanceof ApiError)) return error;
  const details = error.status === 422 ? error.details.map(problemWords) : error.code === 'duplicate_open_ticket' ? [] : error.details;
  return new ApiError(refusalWords(supportRefusals, error) ?? error.message, error.status, details, error.code, error.retryAfter);
}

/** explained runs a call and puts its failure in words (see explain). */
export async function explained<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    throw explain(error);
  }
}

/** duplicateOf finds the open ticket a 409 duplicate_open_ticket offers, or null. */
export function duplicateOf(error: unknown): string | null {
  if (!(error instanceof ApiError) || error.code !== 'duplicate_open_ticket') return null;
  const detail = error.details.find((line) => line.startsWith('ticket_id:'));
  if (detail) return detail.slice('ticket_id:'.length).trim();
  return /\(([A-Za-z0-9]+TK)\)/.exec(error.message)?.[1] ?? null;
}
