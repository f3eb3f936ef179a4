import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { daysFromNow, NOW_MS } from '../test/now';
import { partnerChangeParams } from './api';
import { fullMoveBlocker, movability } from './PartnerChangeWizard';
import {
  displayNameProblem,
  durationWords,
  explain,
  normalPhone,
  optionalDisplayNameProblem,
  partnerIdProblem,
  phoneNumberProblem,
  refusals,
  rejectReasonProblem,
  untilWords,
} from './words';

describe('partner id', () => {
  it.each([
    ['', 'Enter the partner id your new partner gave you.'],
    ['   ', 'Enter the partner id your new partner gave you.'],
    ['f167 CmAbcdPA', 'A partner id has no spaces.'],
    ['f167-CmAbcdPA', 'A partner id has only letters and digits, like f167CmAbcdPA.'],
    ['f167CmAbcdCL', 'A partner id ends in PA, like f167CmAbcdPA. Check the id with your new partner.'],
    ['a'.repeat(31) + 'PA', 'A partner id has at most 32 characters (33 now).'],
    ['p1PA', 'This is your current partner. Enter the id of the partner you want to move to.'],
    ['f167CmAbcdPA', null],
    [' f167CmAbcdPA ', null],
  ])('%j → %j', (value, problem) => {
    expect(partnerIdProblem(value, 'p1PA')).toBe(problem);
  });
});

describe('phone number', () => {
  it.each([
    ['', 'Enter the phone number to import.'],
    ['015112345678', 'Start with + and the country code, like +4915112345678.'],
    ['+49 151 abc', 'A phone number has only digits after the +.'],
    ['+49151', 'That is too short for a phone number with its country code (5 digits).'],
    ['+4915112345678901', 'A phone number has at most 15 digits with its country code (16 now).'],
    ['+49 (151) 1234-5678', null],
    ['0049 151 12345678', null],
  ])('%j → %j', (value, problem) => {
    expect(phoneNumberProblem(value)).toBe(problem);
  });

  it('is sent as + and digits', () => {
    expect(normalPhone(' 0049 (151) 1234-5678 ')).toBe('+4915112345678');
    expect(normalPhone('+49 151 1234 5678')).toBe('+4915112345678');
  });
});

describe('display name', () => {
  it.each([
    ['', 'Enter the display name.'],
    ['ab', 'A display name has at least 3 characters (2 now).'],
    ['  ab  ', 'A display name has at least 3 characters (2 now).'],
    ['a'.repeat(129), 'A display name has at most 128 characters (129 now).'],
    ['123 456', 'A display name needs letters; digits and punctuation alone are not a name.'],
    ['Bluebird\nBakery', 'The display name must be one line.'],
    ['Bäckerei Sonnenschein', null],
    ['😀😀a', null],
  ])('%j → %j', (value, problem) => {
    expect(displayNameProblem(value)).toBe(problem);
  });

  it('may be left out of an import, but not be too short when given', () => {
    expect(optionalDisplayNameProblem('  ')).toBeNull();
    expect(optionalDisplayNameProblem('ab')).toBe('A display name has at least 3 characters (2 now).');
  });
});

describe('rejection reason', () => {
  it('is required and counted in bytes as the server counts it', () => {
    expect(rejectReasonProblem('   ')).toBe('Say why, so the client knows what to do next.');
    expect(rejectReasonProblem('a'.repeat(1000))).toBeNull();
    expect(rejectReasonProblem('ä'.repeat(501))).toBe(
      'The reason can be at most 1000 characters (1002 now; accented letters and emoji count 2 to 4).',
    );
  });
});

describe('time in words', () => {
  it.each([
    [0, '0 seconds'],
    [1, '1 second'],
    [45, '45 seconds'],
    [61, '2 minutes'],
    [3600, '1 hour'],
    [3 * 3600 + 120, '3 hours 2 minutes'],
    [86_400, '1 day'],
    [72 * 3600 - 60, '2 days 23 hours'],
  ])('%d s → %s', (seconds, words) => {
    expect(durationWords(seconds)).toBe(words);
  });

  it('says when a block ends and how long until then', () => {
    const now = NOW_MS;
    expect(untilWords(daysFromNow(3), now)).toMatch(/\(in 3 days\)$/);
    expect(untilWords(daysFromNow(-1), now)).not.toMatch(/\(in/);
  });
});

const refusal = (status: number, code: string, message = 'server words', details: string[] = [], retryAfter?: number) =>
  new ApiError(message, status, details, code, retryAfter);
const wordsOf = (error: unknown) => (error as ApiError).message;

describe('refusals in words', () => {
  it('puts each partner-change refusal in words that say what to do', () => {
    expect(wordsOf(explain(refusal(422, 'destination_unknown')))).toBe(
      'No partner has this id. Check the id with your new partner — it ends in PA, like f167CmAbcdPA.',
    );
    expect(wordsOf(explain(refusal(422, 'destination_is_current')))).toMatch(/already your partner/);
    expect(wordsOf(explain(refusal(409, 'destination_inactive')))).toMatch(/not active/);
    expect(wordsOf(explain(refusal(409, 'different_billing_system')))).toMatch(/different payment processor/);
    expect(wordsOf(explain(refusal(409, 'channel_pending_deletion', 'The number +4915112345003 is pending deletion.')))).toBe(
      'The number +4915112345003 is pending deletion. You can reactivate it on its page, or leave it out of the move.',
    );
  });

  it('has words for every refusal code the journeys document', () => {
    const codes = [
      'destination_unknown', 'destination_is_current', 'destination_inactive', 'different_billing_system', 'no_numbers',
      'channel_pending_deletion', 'channel_migrating', 'channel_in_open_request', 'invalid_state', 'outgoing_request',
      'number_already_active', 'business_not_verified', 'two_step_verification_enabled', 'number_in_open_request',
      'registration_limit_reached', 'target_waba_not_found', 'same_waba', 'waba_number_limit', 'waba_unverified_limit',
      'client_max_channels', 'otp_cooldown', 'otp_expired', 'migration_failed', 'migration_expired', 'otp_not_requested',
      'display_name_unchanged', 'channel_terminated',
    ];
    expect(codes.filter((code) => !(code in refusals))).toEqual([]);
  });

  it('says how many attempts are left after a wrong code', () => {
    const wrong = explain(refusal(422, 'validation_failed', 'The request has invalid fields.', ['code: is not correct (4 attempts left)']));
    expect(wordsOf(wrong)).toBe('That code is not right. 4 attempts are left before the migration fails.');
    expect((wrong as ApiError).details).toEqual([]);
    expect(wordsOf(explain(refusal(422, 'validation_failed', 'x', ['code: is not correct (1 attempt left)'])))).toMatch(/^That code is not right. One attempt is left/);
  });

  it('names the end of a registration block, from its detail or from Retry-After', () => {
    const now = NOW_MS;
    const blocked = explain(refusal(429, 'registration_limit_reached', 'Too many attempts', [`blocked_until: ${daysFromNow(3)}`], 259_200), now);
    expect(wordsOf(blocked)).toMatch(/^This number reached Meta's limit of 10 registrations .* blocked until .*\(in 3 days\)\. Try again after that\.$/);
    expect((blocked as ApiError).details).toEqual([]);
    expect((blocked as ApiError).retryAfter).toBe(259_200);
    expect(wordsOf(explain(refusal(429, 'registration_limit_reached', 'x', [], 3600), now))).toMatch(/\(in 1 hour\)/);
  });

  it('counts a code cool-down in words, and leaves unknown codes and network failures as they are', () => {
    expect(wordsOf(explain(refusal(429, 'otp_cooldown', 'Too many attempts', [], 42)))).toBe('A code was sent moments ago. You can ask for a new one in 42 seconds.');
    const other = refusal(409, 'something_new', 'The server explains.');
    expect(explain(other)).toBe(other);
    const offline = new TypeError('Failed to fetch');
    expect(explain(offline)).toBe(offline);
  });
});

describe('partner change list parameters', () => {
  it('sends the search as filter q and the full-move filter as a boolean', () => {
    const params = partnerChangeParams({ limit: 20, offset: 0, sort: '-created_at', q: ' 8fJ ', filters: { status: '', is_full_migration: 'false', target_partner_id: 'p1PA' } });
    expect(params).toEqual({ limit: 20, offset: 0, sort: '-created_at', filters: JSON.stringify({ is_full_migration: false, target_partner_id: 'p1PA', q: '8fJ' }) });
    expect(partnerChangeParams({ limit: 20 })).toEqual({ limit: 20 });
  });
});

describe('which numbers can move', () => {
  const channel = (id: string, status: string, phone: string) => ({ id, status: status as 'running', setup_info: { phone_number: phone } });
  it('says why a number cannot move, and that everything cannot move then', () => {
    const movables = movability(
      [
        channel('a', 'running', '+491'),
        channel('b', 'pending_deletion', '+492'),
        channel('c', 'running', '+493'),
        channel('d', 'running', '+494'),
        channel('e', 'terminated', '+495'),
      ],
      [{ id: 'r1PCR', status: 'created', channel_ids: ['c'] }, { id: 'r0PCR', status: 'rejected', channel_ids: ['a'] }],
      [{ id: 'm1MG', status: 'otp_requested', source_channel_id: 'd' }],
    );
    expect(movables.map((movable) => [movable.channel.id, movable.blocked])).toEqual([
      ['a', null],
      ['b', 'Pending deletion — reactivate it on its page to move it.'],
      ['c', 'Already part of open partner change r1PCR.'],
      ['d', 'Being migrated — wait until the migration has finished or cancel it.'],
    ]);
    expect(fullMoveBlocker(movables)).toBe(
      'Moving everything is not possible now: +492, +493, +494 cannot move (see below). Pick the numbers that can move, or fix those first.',
    );
    expect(fullMoveBlocker(movables.slice(0, 1))).toBeNull();
    expect(fullMoveBlocker([])).toBe('You have no numbers to move.');
  });
});
