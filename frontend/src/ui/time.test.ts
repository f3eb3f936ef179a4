import { describe, expect, it } from 'vitest';
import { daysFromNow, NOW_MS } from '../test/now';
import { durationWords, untilWords } from './time';

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
