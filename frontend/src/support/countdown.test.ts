import { describe, expect, it } from 'vitest';
import { isoAt, NOW_MS } from '../test/now';
import type { Timer } from './api';
import { currentTimers, timerLook } from './countdown';

/** after is the instant that many seconds after the ticket opened (at NOW). */
const after = (seconds: number) => isoAt(NOW_MS + seconds * 1000);
/** at is the same instant in epoch milliseconds, as timerLook takes now. */
const at = (seconds: number) => NOW_MS + seconds * 1000;
const minutes = 60;

// A premium client's first response: opened at NOW, warning at 80 % = 24 min later, due after 30 min.
const running: Timer = {
  metric: 'first_response',
  cycle: 1,
  started_at: after(0),
  target_seconds: 1800,
  calendar: 'always',
  due_at: after(30 * minutes),
  warning_at: after(24 * minutes),
  met: false,
  state: 'running',
};

describe('countdown colour at the exact instants', () => {
  it.each([
    ['well before the warning', 0, 'running', 'blue', '30m 00s left'],
    ['one millisecond before the warning', 24 * minutes - 0.001, 'running', 'blue', '6m 01s left'],
    ['exactly at the warning instant', 24 * minutes, 'warning', 'yellow', '6m 00s left'],
    ['between warning and due', 30 * minutes - 1, 'warning', 'yellow', '1s left'],
    ['half a second before due (never "0s left")', 30 * minutes - 0.5, 'warning', 'yellow', '1s left'],
    ['exactly at the due instant (a reply now is late)', 30 * minutes, 'breached', 'red', 'Overdue by 0s'],
    ['after the due instant', 92 * minutes + 5, 'breached', 'red', 'Overdue by 1h 02m 05s'],
  ])('%s', (_, sinceOpened, tone, color, label) => {
    const look = timerLook(running, at(sinceOpened));
    expect(look.tone).toBe(tone);
    expect(look.color).toBe(color);
    expect(look.label).toBe(label);
  });

  it('counts days in long targets', () => {
    expect(timerLook({ ...running, due_at: after(50 * 3600 + 3), warning_at: after(38 * 3600) }, at(0)).label).toBe(
      '2d 02h 00m 03s left',
    );
  });

  it('a met timer shows met, whatever the time', () => {
    const met = { ...running, met: true, stopped_at: after(30 * minutes - 1), state: 'met' as const };
    expect(timerLook(met, at(120 * minutes))).toMatchObject({ tone: 'met', color: 'green', label: 'Met' });
  });

  it('a timer stopped at the due instant is breached, late by 0s', () => {
    const late = { ...running, met: false, stopped_at: after(30 * minutes) };
    expect(timerLook(late, at(120 * minutes))).toMatchObject({ tone: 'breached', color: 'red', label: 'Breached — late by 0s' });
  });

  it('a paused resolution timer (no due instant while waiting) is grey and says so', () => {
    const paused: Timer = { ...running, metric: 'resolution', due_at: undefined, warning_at: undefined, paused_since: after(10 * minutes) };
    expect(timerLook(paused, at(120 * minutes))).toMatchObject({ tone: 'paused', color: 'gray', label: 'Paused while waiting' });
    const pastWarning = { ...paused, warning_at: after(5 * minutes) };
    expect(timerLook(pastWarning, at(120 * minutes)).label).toBe('Paused while waiting (past its warning)');
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
