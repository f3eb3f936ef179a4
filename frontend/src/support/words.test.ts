import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { clockWords, duplicateOf, explain, formatInstant, problemWords, spanWords, utcInstant } from './words';

describe('the server\'s problems in words', () => {
  it.each([
    ['subject: is required', 'The subject is required.'],
    ['description: describe the issue in at least 20 characters', 'Describe the issue in at least 20 characters.'],
    ['details.template_name: Template name and language is required for Message templates', 'Template name and language is required for Message templates.'],
    ['channel_id: affected number is required for Message templates', 'Affected number is required for Message templates.'],
    ['body: must be at most 10000 characters', 'The message must be at most 10000 characters.'],
    ['policy.rules[0].target_seconds: must be from 1 to 31536000', 'Rule 1, target: must be from 1 to 31536000.'],
    ['policy.rules[12].when.plan: "gold" is not one of basic, regular, premium, sandbox, growth', 'Rule 13, condition “plan”: "gold" is not one of basic, regular, premium, sandbox, growth.'],
    ['rules[2].calendar: "x" is neither a built-in nor a calendar of this policy', 'Rule 3, calendar: "x" is neither a built-in nor a calendar of this policy.'],
    [
      'policy.calendars.berlin.office.windows.sun: 02:00–03:00 has an edge at 02:00, which does not exist on 2026-03-29 (daylight-saving gap in Europe/Berlin)',
      'Calendar “berlin.office”, Sunday: 02:00–03:00 has an edge at 02:00, which does not exist on 2026-03-29 (daylight-saving gap in Europe/Berlin).',
    ],
    ['calendars.office.time_zone: must be an IANA time zone such as Europe/Berlin', 'Calendar “office”, time zone: must be an IANA time zone such as Europe/Berlin.'],
    ['calendars.always: is a built-in calendar\'s name', 'Calendar “always”: is a built-in calendar\'s name.'],
    ['policy.rules: a policy needs at least one rule', 'A policy needs at least one rule.'],
    ['opened_at: is required', 'The opening time is required.'],
  ])('%j → %j', (detail, words) => {
    expect(problemWords(detail)).toBe(words);
  });
});

describe('refusals in words', () => {
  it('keeps the server\'s sentence for escalation_not_available', () => {
    const refused = new ApiError(
      'Escalation is available to clients with a designated point of contact and to partners in the Silver, Gold and Platinum tiers; the client has no designated point of contact and the partner\'s tier is none. Support answers this ticket within its SLA.',
      403,
      [],
      'escalation_not_available',
    );
    const words = explain(refused) as ApiError;
    expect(words.message).toMatch(/^Escalation is available to clients with a designated point of contact/);
    expect(words.status).toBe(403);
  });

  it('puts known codes in words', () => {
    expect((explain(new ApiError('The ticket is already escalated.', 409, [], 'already_escalated')) as ApiError).message).toBe(
      'This ticket is already escalated; the support managers have been told.',
    );
    expect((explain(new ApiError('x', 409, [], 'policy_version_taken')) as ApiError).message).toMatch(/^Someone saved another policy version/);
    expect((explain(new ApiError('x', 409, [], 'nothing_to_change')) as ApiError).message).toBe('The ticket already has this topic and severity. Choose a different one.');
  });

  it('lists every validation problem in words', () => {
    const refused = new ApiError('The request has invalid fields.', 422, ['policy.rules[0].target_seconds: must be from 1 to 31536000', 'subject: is required'], 'validation_failed');
    const words = explain(refused) as ApiError;
    expect(words.message).toBe('Some values are not valid:');
    expect(words.details).toEqual(['Rule 1, target: must be from 1 to 31536000.', 'The subject is required.']);
  });

  it('finds the open ticket a duplicate refusal offers', () => {
    const duplicate = new ApiError('You already have an open ticket … (a1B2c3TK) …', 409, ['ticket_id: a1B2c3TK'], 'duplicate_open_ticket');
    expect(duplicateOf(duplicate)).toBe('a1B2c3TK');
    expect(duplicateOf(new ApiError('You already have an open ticket on this topic for this number (z9TK): continue there', 409, [], 'duplicate_open_ticket'))).toBe('z9TK');
    expect(duplicateOf(new ApiError('x', 409, [], 'conflict'))).toBeNull();
    expect(duplicateOf(new Error('offline'))).toBeNull();
  });
});

describe('time in words', () => {
  it('shows instants to the second, exactly in UTC and in a zone', () => {
    expect(utcInstant('2026-11-24T05:00:00Z')).toBe('2026-11-24 05:00:00 UTC');
    expect(formatInstant('2026-11-20T21:30:00Z', 'Europe/Berlin')).toBe('Fri, 20 Nov 2026, 22:30:00 CET');
    expect(formatInstant('2026-07-01T12:00:00Z', 'Europe/Berlin')).toBe('Wed, 1 Jul 2026, 14:00:00 CEST');
  });

  it('counts down to the second', () => {
    expect(clockWords(0)).toBe('0s');
    expect(clockWords(65)).toBe('1m 05s');
    expect(clockWords(3600)).toBe('1h 00m 00s');
    expect(clockWords(90_061)).toBe('1d 01h 01m 01s');
    expect(spanWords(1800)).toBe('30m');
    expect(spanWords(86_400 + 3600)).toBe('1d 1h');
    expect(spanWords(null)).toBe('—');
  });
});
