import { describe, expect, it } from 'vitest';
import type { Timer } from './api';
import { currentTimers, timerLook } from './countdown';

// A premium client's first response: opened 10:00:00, warning at 80 % = 10:24:00, due 10:30:00.
const running: Timer = {
  metric: 'first_response',
  cycle: 1,
  started_at: '2026-11-20T10:00:00Z',
  target_seconds: 1800,
  calendar: 'always',
  due_at: '2026-11-20T10:30:00Z',
  warning_at: '2026-11-20T10:24:00Z',
  met: false,
  state: 'running',
};
const at = (iso: string) => Date.parse(iso);

describe('countdown colour at the exact instants', () => {
  it.each([
    ['well before the warning', '2026-11-20T10:00:00Z', 'running', 'blue', '30m 00s left'],
    ['one millisecond before the warning', '2026-11-20T10:23:59.999Z', 'running', 'blue', '6m 01s left'],
    ['exactly at the warning instant', '2026-11-20T10:24:00Z', 'warning', 'yellow', '6m 00s left'],
    ['between warning and due', '2026-11-20T10:29:59Z', 'warning', 'yellow', '1s left'],
    ['half a second before due (never "0s left")', '2026-11-20T10:29:59.500Z', 'warning', 'yellow', '1s left'],
    ['exactly at the due instant (a reply now is late)', '2026-11-20T10:30:00Z', 'breached', 'red', 'Overdue by 0s'],
    ['after the due instant', '2026-11-20T11:32:05Z', 'breached', 'red', 'Overdue by 1h 02m 05s'],
  ])('%s', (_, now, tone, color, label) => {
    const look = timerLook(running, at(now));
    expect(look.tone).toBe(tone);
    expect(look.color).toBe(color);
    expect(look.label).toBe(label);
  });

  it('counts days in long targets', () => {
    expect(timerLook({ ...running, due_at: '2026-11-22T12:00:03Z', warning_at: '2026-11-22T00:00:00Z' }, at('2026-11-20T10:00:00Z')).label).toBe(
      '2d 02h 00m 03s left',
    );
  });

  it('a met timer shows met, whatever the time', () => {
    const met = { ...running, met: true, stopped_at: '2026-11-20T10:29:59Z', state: 'met' as const };
    expect(timerLook(met, at('2026-11-20T12:00:00Z'))).toMatchObject({ tone: 'met', color: 'green', label: 'Met' });
  });

  it('a timer stopped at the due instant is breached, late by 0s', () => {
    const late = { ...running, met: false, stopped_at: '2026-11-20T10:30:00Z' };
    expect(timerLook(late, at('2026-11-20T12:00:00Z'))).toMatchObject({ tone: 'breached', color: 'red', label: 'Breached — late by 0s' });
  });

  it('a paused resolution timer (no due instant while waiting) is grey and says so', () => {
    const paused: Timer = { ...running, metric: 'resolution', due_at: undefined, warning_at: undefined, paused_since: '2026-11-20T10:10:00Z' };
    expect(timerLook(paused, at('2026-11-20T12:00:00Z'))).toMatchObject({ tone: 'paused', color: 'gray', label: 'Paused while waiting' });
    const pastWarning = { ...paused, warning_at: '2026-11-20T10:05:00Z' };
    expect(timerLook(pastWarning, at('2026-11-20T12:00:00Z')).label).toBe('Paused while waiting (past its warning)');
  });
});

describe('current timers', () => {
  it('picks the latest cycle of each metric, first response first', () => {
    const timers: Timer[] = [
      { metric: 'resolution', cycle: 1, due_at: 'a' },
      { metric: 'resolution', cycle: 2, due_at: 'b' },
      { metric: 'first_response', cycle: 1, due_at: 'c' },
    ];
    expect(currentTimers(timers).map((timer) => timer.due_at)).toEqual(['c', 'b']);
  });
});
