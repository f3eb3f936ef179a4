import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { daysFromNow, NOW_MS } from '../test/now';
import { explain, normalPhone, phoneNumberProblem } from './words';

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

const refusal = (status: number, code: string, message = 'server words', details: string[] = [], retryAfter?: number) =>
  new ApiError(message, status, details, code, retryAfter);
const wordsOf = (error: unknown) => (error as ApiError).message;

describe('refusals in words', () => {
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
