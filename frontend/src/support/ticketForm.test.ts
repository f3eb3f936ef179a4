import { describe, expect, it } from 'vitest';
import { minutesFromNow, NOW_MS } from '../test/now';
import type { Topic } from './api';
import { emptyTicket, enteredProblems, enteredRequest, openRequest, receivedAtProblem, ticketProblems, topicFields, type TicketValues } from './ticketForm';

// As the server's catalogue describes them.
const templates: Topic = {
  key: 'templates',
  name: 'Message templates',
  severity: 'standard',
  premium_severity: 'standard',
  default_severity: 'standard',
  required: [
    { key: 'channel_id', label: 'Affected number' },
    { key: 'template_name', label: 'Template name and language' },
  ],
};
const billing: Topic = { key: 'billing', name: 'Billing', default_severity: 'standard', required: [{ key: 'invoice_reference', label: 'Invoice number or billing period' }] };
const other: Topic = { key: 'other', name: 'Other', default_severity: 'standard', required: [] };

const filled: TicketValues = {
  ...emptyTicket,
  topic: 'templates',
  subject: 'Template rejected',
  description: 'Our order confirmation template was rejected twice.',
  channelId: 'ch1CH',
  details: { template_name: 'order_confirmation (en)' },
};

describe('the topic decides the fields', () => {
  it('turns the required information into fields: the number as a choice, the rest as text', () => {
    expect(topicFields(templates)).toEqual([
      { key: 'channel_id', label: 'Affected number', kind: 'channel' },
      { key: 'template_name', label: 'Template name and language', kind: 'text' },
    ]);
    expect(topicFields(other)).toEqual([]);
    expect(topicFields(undefined)).toEqual([]);
  });

  it('lists every missing item of the topic, as the server would', () => {
    const problems = ticketProblems(templates, { ...filled, channelId: '', details: {} });
    expect(problems).toEqual({
      channel_id: 'Choose the affected number: Message templates needs it.',
      'details.template_name': 'Template name and language is required for Message templates.',
    });
  });

  it('takes a complete submission', () => {
    expect(ticketProblems(templates, filled)).toEqual({});
  });

  it('a blank detail is missing', () => {
    expect(ticketProblems(billing, { ...filled, topic: 'billing', details: { invoice_reference: '   ' } })).toEqual({
      'details.invoice_reference': 'Invoice number or billing period is required for Billing.',
    });
  });

  it('needs a topic, a subject and a description of at least 20 characters', () => {
    expect(ticketProblems(undefined, emptyTicket)).toEqual({
      topic: 'Choose what the ticket is about.',
      subject: 'Give the ticket a subject.',
      description: 'Describe the issue in at least 20 characters (0 so far).',
    });
    expect(ticketProblems(other, { ...filled, topic: 'other', description: '  nineteen chars ok ' }).description).toBe(
      'Describe the issue in at least 20 characters (17 so far).',
    );
  });

  it('applies the server limits: subject 200 characters, details 2000, counted as characters', () => {
    expect(ticketProblems(other, { ...filled, subject: '😀'.repeat(200) }).subject).toBeUndefined();
    expect(ticketProblems(other, { ...filled, subject: 'a'.repeat(201) }).subject).toBe('The subject can be at most 200 characters (201 now).');
    expect(ticketProblems(templates, { ...filled, details: { template_name: 'x'.repeat(2001) } })['details.template_name']).toBe(
      'At most 2000 characters (2001 now).',
    );
  });

  it('sends only the chosen topic\'s details, trimmed, and confirm_new when asked', () => {
    const values = { ...filled, subject: '  Template rejected ', details: { template_name: ' order_confirmation (en) ', invoice_reference: 'left over' } };
    expect(openRequest(templates, values)).toEqual({
      topic: 'templates',
      subject: 'Template rejected',
      description: 'Our order confirmation template was rejected twice.',
      language: 'en',
      channel_id: 'ch1CH',
      details: { template_name: 'order_confirmation (en)' },
    });
    expect(openRequest(other, { ...values, channelId: '' }, true)).toEqual({
      topic: 'other',
      subject: 'Template rejected',
      description: 'Our order confirmation template was rejected twice.',
      language: 'en',
      details: {},
      confirm_new: true,
    });
  });
});

describe('tickets entered by support staff', () => {
  const now = NOW_MS;
  it.each([
    ['', 'Enter when the message arrived.'],
    ['yesterday', 'Enter a date and time.'],
    [minutesFromNow(2), 'The message cannot have arrived in the future.'],
    [minutesFromNow(-90 * 24 * 60 - 1), 'Only messages from the last 90 days can be entered.'],
    [minutesFromNow(-225), null],
  ])('received at %j → %j', (value, problem) => {
    expect(receivedAtProblem(value, now)).toBe(problem);
  });

  it('needs a requester user id, a topic and a subject; sends UTC', () => {
    const values = {
      source: 'email' as const,
      receivedAt: minutesFromNow(-225),
      requesterUserId: 'nope',
      topic: '',
      severity: '',
      subject: '',
      description: '',
      language: 'de',
    };
    expect(Object.keys(enteredProblems(values, now)).sort()).toEqual(['requesterUserId', 'subject', 'topic']);
    expect(enteredRequest({ ...values, requesterUserId: ' u1US ', topic: 'billing', subject: 'Invoice', severity: 'urgent' })).toEqual({
      source: 'email',
      received_at: minutesFromNow(-225),
      requester_user_id: 'u1US',
      topic: 'billing',
      subject: 'Invoice',
      description: '',
      language: 'de',
      severity: 'urgent',
    });
  });
});
