import { describe, expect, it } from 'vitest';
import { dateRangeProblems, parseLocalInput, toLocalInput, toRfc3339 } from './dateRange';

describe('date-time range', () => {
  it('accepts a range whose end is after its start', () => {
    expect(dateRangeProblems('2026-11-20T10:00', '2026-11-20T10:01')).toEqual({ from: null, to: null });
  });

  it.each([
    ['2026-11-20T10:00', '2026-11-20T10:00', { from: null, to: 'To must be after From.' }],
    ['2026-11-21T10:00', '2026-11-20T10:00', { from: null, to: 'To must be after From.' }],
    ['', '2026-11-20T10:00', { from: 'Enter when the range starts.', to: null }],
    ['2026-11-20T10:00', '', { from: null, to: 'Enter when the range ends.' }],
    ['yesterday', '2026-11-20T10:00', { from: 'From is not a valid date and time.', to: null }],
    ['2026-11-20T10:00', '2026-13-40T99:00', { from: null, to: 'To is not a valid date and time.' }],
  ])('%j → %j refused', (from, to, problems) => expect(dateRangeProblems(from, to)).toEqual(problems));

  it('reads and writes local time, and sends RFC 3339 UTC', () => {
    const moment = new Date(2026, 10, 20, 8, 5);
    expect(toLocalInput(moment)).toBe('2026-11-20T08:05');
    expect(parseLocalInput('2026-11-20T08:05')?.getTime()).toBe(moment.getTime());
    expect(toRfc3339('2026-11-20T08:05')).toBe(moment.toISOString());
    expect(toRfc3339('nonsense')).toBe('');
  });
});
