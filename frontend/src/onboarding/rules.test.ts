import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { normalPhone, phoneNumber, timezone } from './rules';
import { waitWords, withWait } from './words';

describe('phone numbers as typed', () => {
  it.each([
    ['+49 151 1234 5678', null],
    ['0049 (151) 1234-5678', null],
    ['', 'Phone number is required.'],
    ['0151 12345678', 'Start with + and the country code, e.g. +49 151 12345678.'],
    ['+49 151 ABC', 'Use digits only after the +; spaces and dashes are fine.'],
    ['+49 151', 'This is too short for an international number (5 digits).'],
    ['+49 151 1234 5678 9012', 'An international number has at most 15 digits (this has 17).'],
  ])('%s → %s', (typed, problem) => {
    expect(phoneNumber(typed)).toBe(problem);
  });

  it('sends the number compact, with "+" for "00"', () => {
    expect(normalPhone(' 0049 (151) 1234-5678 ')).toBe('+4915112345678');
  });
});

describe('time zones', () => {
  it('accepts IANA names and refuses others', () => {
    expect(timezone('Europe/Berlin')).toBeNull();
    expect(timezone('UTC')).toBeNull();
    expect(timezone('Mars/Olympus')).toBe('Use a time zone name like Europe/Berlin or UTC.');
    expect(timezone('')).toBe('Time zone is required.');
  });
});

describe('waits in words', () => {
  it.each([
    [1, '1 second'],
    [45, '45 seconds'],
    [61, '2 minutes'],
    [3600, '1 hour'],
    [3 * 3600 + 60, '4 hours'],
    [3600 + 90, '1 hour 2 minutes'],
    [72 * 3600, '3 days'],
    [71 * 3600 + 5, '2 days 23 hours'],
  ])('%i s → %s', (seconds, words) => {
    expect(waitWords(seconds)).toBe(words);
  });

  it('keeps the server reason of a 429 and adds the wait; other errors pass unchanged', () => {
    const limited = withWait(new ApiError('Too many attempts, try again in 120 seconds.', 429, [], 'x', 120), 'Slow down.');
    expect((limited as ApiError).message).toBe('Slow down. Try again in 2 minutes.');
    expect((limited as ApiError).retryAfter).toBe(120);
    const other = new ApiError('No.', 409);
    expect(withWait(other, 'ignored')).toBe(other);
  });
});
