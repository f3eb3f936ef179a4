import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { keyAbilities } from '../app/roles';
import { daysFromNow, hoursFromNow, minutesFromNow, NOW_MS, secondsFromNow } from '../test/now';
import { answerLost } from './api';
import { channelKeyTone, keyRefusalAdvice, keyValid, partnerKeyTone, revokeReasonWords } from './words';

const now = NOW_MS;

describe('channel key states', () => {
  it('counts a grace key as valid only until its end', () => {
    expect(keyValid({ state: 'active' }, now)).toBe(true);
    expect(keyValid({ state: 'grace', valid_until: minutesFromNow(10) }, now)).toBe(true);
    expect(keyValid({ state: 'grace', valid_until: secondsFromNow(-1) }, now)).toBe(false);
    expect(keyValid({ state: 'revoked' }, now)).toBe(false);
    expect(channelKeyTone({ state: 'grace', valid_until: hoursFromNow(-1) }, now)).toEqual({ color: 'gray', label: 'Expired' });
    expect(channelKeyTone({ state: 'grace', valid_until: hoursFromNow(1) }, now).label).toBe('Grace period');
  });

  it('words partner keys and revoke reasons', () => {
    expect(partnerKeyTone({ revoked_at: hoursFromNow(-36) }, now).label).toBe('Revoked');
    expect(partnerKeyTone({ expires_at: hoursFromNow(-12) }, now).label).toBe('Expired');
    expect(partnerKeyTone({ expires_at: daysFromNow(10) }, now).label).toBe('Active');
    expect(revokeReasonWords('permission_withdrawn')).toBe('key permission withdrawn by the client');
    expect(revokeReasonWords('something_new')).toBe('something new');
  });

  it('adds what to do to the refusals it knows', () => {
    expect(keyRefusalAdvice(new ApiError('…', 403, [], 'permission_missing'))).toMatch(/Only the client can share the key permission/);
    expect(keyRefusalAdvice(new ApiError('…', 403, [], 'forbidden'))).toBeNull();
    expect(keyRefusalAdvice(new TypeError('Failed to fetch'))).toBeNull();
  });
});

describe('lost answers', () => {
  it('retries only what may have reached the server without its answer coming back', () => {
    expect(answerLost(new TypeError('Failed to fetch'))).toBe(true);
    expect(answerLost(new ApiError('gateway', 502))).toBe(true);
    expect(answerLost(new ApiError('unavailable', 503))).toBe(true);
    expect(answerLost(new ApiError('refused', 409, [], 'channel_not_running'))).toBe(false);
    expect(answerLost(new ApiError('broken', 500))).toBe(false);
    expect(answerLost(new ApiError('invalid', 422))).toBe(false);
  });
});

describe('key abilities (as the server grants them)', () => {
  it.each([
    ['partner_admin', { generate: true, revoke: true, share: false }],
    ['partner_member', { generate: true, revoke: true, share: false }],
    ['client_admin', { generate: true, revoke: true, share: true }],
    ['client_member', { generate: false, revoke: false, share: false }],
    ['support_agent', { generate: false, revoke: false, share: false }],
  ])('%s', (role, abilities) => expect(keyAbilities(role)).toEqual(abilities));
});
