/**
 * The new-ticket form's rules, as pure functions: which fields the chosen topic asks for, what is
 * wrong with the values (the server's limits and the topic's minimum information, so a hub
 * submission is never refused for something the form could have said), and the request it sends.
 */
import { characters } from '../ui/rules';
import type { OpenRequest, Topic } from './api';

/** The server's limits on a ticket. */
export const subjectMax = 200;
export const bodyMax = 10_000;
export const descriptionMin = 20;
export const detailMax = 2000;
export const reasonMax = 2000;

/** TicketValues are the form's values; details hold the topic's required information by key. */
export interface TicketValues {
  topic: string;
  subject: string;
  description: string;
  channelId: string;
  language: string;
  details: Record<string, string>;
}

export const emptyTicket: TicketValues = { topic: '', subject: '', description: '', channelId: '', language: 'en', details: {} };

/** TopicField is one piece of information the topic requires: the affected number or a detail. */
export interface TopicField {
  key: string;
  label: string;
  kind: 'channel' | 'text';
}

/** topicFields lists what the topic requires; "channel_id" is the affected number, the rest are details. */
export function topicFields(topic?: Topic): TopicField[] {
  return (topic?.required ?? []).map((item) => ({
    key: item.key ?? '',
    label: item.label ?? item.key ?? '',
    kind: item.key === 'channel_id' ? 'channel' : 'text',
  }));
}

/** needsChannel says whether the topic requires the affected number. */
export const needsChannel = (topic?: Topic) => topicFields(topic).some((field) => field.kind === 'channel');

/**
 * ticketProblems returns every problem of the values, keyed "topic", "subject", "description",
 * "channel_id" or "details.<key>", in words. An empty result means the server will take it.
 */
export function ticketProblems(topic: Topic | undefined, values: TicketValues): Record<string, string> {
  const problems: Record<string, string> = {};
  if (!topic) problems.topic = 'Choose what the ticket is about.';
  const subject = values.subject.trim();
  if (!subject) problems.subject = 'Give the ticket a subject.';
  else if (characters(subject) > subjectMax) problems.subject = `The subject can be at most ${subjectMax} characters (${characters(subject)} now).`;
  const description = values.description.trim();
  if (characters(description) < descriptionMin) {
    problems.description = `Describe the issue in at least ${descriptionMin} characters (${characters(description)} so far).`;
  } else if (characters(description) > bodyMax) {
    problems.description = `The description can be at most ${bodyMax} characters (${characters(description)} now).`;
  }
  for (const field of topicFields(topic)) {
    if (field.kind === 'channel') {
      if (!values.channelId) problems.channel_id = `Choose the affected number: ${topic?.name} needs it.`;
      continue;
    }
    const value = (values.details[field.key] ?? '').trim();
    if (!value) problems[`details.${field.key}`] = `${field.label} is required for ${topic?.name}.`;
    else if (characters(value) > detailMax) problems[`details.${field.key}`] = `At most ${detailMax} characters (${characters(value)} now).`;
  }
  return problems;
}

/**
 * openRequest builds what the form sends: trimmed text, the topic's details only (values typed
 * for another topic are left behind), the number when one is chosen.
 */
export function openRequest(topic: Topic, values: TicketValues, confirmNew = false): OpenRequest {
  const details: Record<string, string> = {};
  for (const field of topicFields(topic)) {
    const value = (values.details[field.key] ?? '').trim();
    if (field.kind === 'text' && value) details[field.key] = value;
  }
  const request: OpenRequest = {
    topic: topic.key,
    subject: values.subject.trim(),
    description: values.description.trim(),
    language: values.language || 'en',
    details,
  };
  if (values.channelId) request.channel_id = values.channelId;
  if (confirmNew) request.confirm_new = true;
  return request;
}

// ---- Tickets support staff enter from an email or a WhatsApp message

/** EnteredValues are the agent's form for an email or WhatsApp ticket. */
export interface EnteredValues {
  source: 'email' | 'whatsapp';
  receivedAt: string;
  requesterUserId: string;
  topic: string;
  severity: string;
  subject: string;
  description: string;
  language: string;
}

/** receivedAtProblem checks when the message arrived: an instant, not in the future, within 90 days. */
export function receivedAtProblem(value: string, now = Date.now()): string | null {
  if (!value.trim()) return 'Enter when the message arrived.';
  const at = Date.parse(value);
  if (Number.isNaN(at)) return 'Enter a date and time.';
  if (at > now + 60_000) return 'The message cannot have arrived in the future.';
  if (at < now - 90 * 86_400_000) return 'Only messages from the last 90 days can be entered.';
  return null;
}

/** enteredProblems returns every problem of an agent-entered ticket, keyed by field. */
export function enteredProblems(values: EnteredValues, now = Date.now()): Record<string, string> {
  const problems: Record<string, string> = {};
  const received = receivedAtProblem(values.receivedAt, now);
  if (received) problems.receivedAt = received;
  if (!/^[A-Za-z0-9]+US$/.test(values.requesterUserId.trim())) problems.requesterUserId = 'Enter the user id of who wrote, like a1B2c3D4e5US.';
  if (!values.topic) problems.topic = 'Choose what the ticket is about.';
  const subject = values.subject.trim();
  if (!subject) problems.subject = 'Give the ticket a subject.';
  else if (characters(subject) > subjectMax) problems.subject = `The subject can be at most ${subjectMax} characters (${characters(subject)} now).`;
  if (characters(values.description.trim()) > bodyMax) problems.description = `The description can be at most ${bodyMax} characters.`;
  return problems;
}

/** enteredRequest builds the request for an agent-entered ticket; received_at is sent in UTC. */
export function enteredRequest(values: EnteredValues): OpenRequest {
  const request: OpenRequest = {
    source: values.source,
    received_at: new Date(values.receivedAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    requester_user_id: values.requesterUserId.trim(),
    topic: values.topic,
    subject: values.subject.trim(),
    description: values.description.trim(),
    language: values.language || 'en',
  };
  if (values.severity) request.severity = values.severity as OpenRequest['severity'];
  return request;
}
