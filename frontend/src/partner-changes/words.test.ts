import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { partnerChangeParams } from './api';
import { fullMoveBlocker, movability } from './PartnerChangeWizard';
import { explain, partnerIdProblem, rejectReasonProblem } from './words';

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

describe('rejection reason', () => {
  it('is required and counted in bytes as the server counts it', () => {
    expect(rejectReasonProblem('   ')).toBe('Say why, so the client knows what to do next.');
    expect(rejectReasonProblem('a'.repeat(1000))).toBeNull();
    expect(rejectReasonProblem('ä'.repeat(501))).toBe(
      'The reason can be at most 1000 characters (1002 now; accented letters and emoji count 2 to 4).',
    );
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
