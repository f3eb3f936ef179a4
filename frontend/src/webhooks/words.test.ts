import { describe, expect, it } from 'vitest';
import { daysFromNow, hoursFromNow, minutesFromNow, NOW_MS, secondsFromNow } from '../test/now';
import { formatRate, isHighFailureRate, lastAnswerWords, relativeTime, testResultWords } from './words';

describe('failure rate', () => {
  it.each([
    [0, '0%'],
    [0.1, '10%'],
    [0.125, '12.5%'],
    [0.12345, '12.3%'],
    [1 / 3, '33.3%'],
    [0.0004, '0%'],
    [1, '100%'],
    [undefined, '—'],
    [Number.NaN, '—'],
  ])('%s shows as %s', (rate, words) => expect(formatRate(rate)).toBe(words));

  it('is highlighted only above 10 %', () => {
    expect(isHighFailureRate(0.1)).toBe(false);
    expect(isHighFailureRate(0.1001)).toBe(true);
    expect(isHighFailureRate(0.5)).toBe(true);
    expect(isHighFailureRate(0)).toBe(false);
    expect(isHighFailureRate(undefined)).toBe(false);
  });
});

describe('relative time', () => {
  const now = NOW_MS;
  it.each([
    [secondsFromNow(0), 'just now'],
    [secondsFromNow(-30), 'just now'],
    [minutesFromNow(-5), '5 min ago'],
    [minutesFromNow(-1), '1 min ago'],
    [hoursFromNow(-3), '3 h ago'],
    [hoursFromNow(-25), '25 h ago'],
    [daysFromNow(-3), '3 days ago'],
    [minutesFromNow(4), 'in 4 min'],
    [secondsFromNow(10), 'in a few seconds'],
    ['', ''],
    ['not a time', ''],
  ])('%s is %j', (timestamp, words) => expect(relativeTime(timestamp, now)).toBe(words));
});

describe('test result and last answer words', () => {
  it('words delivered, refused and unanswered tests', () => {
    expect(testResultWords({ delivered: true, status_code: 204, latency_ms: 12 })).toBe('Delivered: the receiver answered HTTP 204 in 12 ms.');
    expect(testResultWords({ delivered: false, status_code: 500, latency_ms: 40, error: 'receiver answered 500 Internal Server Error' })).toBe(
      'Not delivered: the receiver answered HTTP 500 after 40 ms.',
    );
    expect(testResultWords({ delivered: false, latency_ms: 3, error: 'the webhook URL resolves to an address that is not public' })).toBe(
      'Not delivered: the webhook URL resolves to an address that is not public (after 3 ms).',
    );
  });

  it('says the status code, or the error when there was no answer', () => {
    expect(lastAnswerWords({ last_status_code: 503, last_error: 'receiver answered 503 Service Unavailable' })).toBe('HTTP 503');
    expect(lastAnswerWords({ last_error: 'no answer within the timeout' })).toBe('no answer within the timeout');
    expect(lastAnswerWords({ last_status_code: 200 })).toBe('HTTP 200');
    expect(lastAnswerWords({})).toBe('');
  });
});
