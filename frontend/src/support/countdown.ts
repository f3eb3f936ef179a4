/**
 * How an SLA timer looks at a moment: the pure rule behind every live countdown. It is worked
 * out in the browser each second from the instants the server computed, with the same edges as
 * the server: amber from the warning instant on (at it exactly included), red from the due instant
 * on (a reply at the due instant is already late), "met" once met, "paused" while the ticket
 * waits on the customer or on Meta (the server then withholds the due instant).
 */
import type { Timer } from './api';
import { clockWords } from './words';

/** TimerTone is the state a countdown shows. */
export type TimerTone = 'running' | 'warning' | 'breached' | 'met' | 'paused' | 'stopped';

/** TimerLook is what a countdown shows: its state, colour and words. */
export interface TimerLook {
  tone: TimerTone;
  /** color is a Mantine colour: blue running, amber (yellow) from the warning, red at or after breach. */
  color: string;
  /** label is the countdown in words, e.g. "1h 02m 03s left" or "Overdue by 4m 05s". */
  label: string;
  /** seconds are the whole seconds left (running, warning) or overdue (breached). */
  seconds?: number;
}

const toneColors: Record<TimerTone, string> = {
  running: 'blue',
  warning: 'yellow',
  breached: 'red',
  met: 'green',
  paused: 'gray',
  stopped: 'gray',
};

const at = (iso?: string | null) => (iso ? Date.parse(iso) : Number.NaN);

/** timerLook says how the timer looks at now (milliseconds since the epoch). */
export function timerLook(timer: Timer, now: number): TimerLook {
  const look = (tone: TimerTone, label: string, seconds?: number): TimerLook => ({ tone, color: toneColors[tone], label, seconds });
  const due = at(timer.due_at);
  const warning = at(timer.warning_at);
  const stopped = at(timer.stopped_at);
  if (timer.met) return look('met', 'Met');
  if (!Number.isNaN(due) && !Number.isNaN(stopped)) {
    // Stopped unmet: the reply or resolution came at or after the due instant.
    return look('breached', `Breached — late by ${clockWords((stopped - due) / 1000)}`, Math.floor((stopped - due) / 1000));
  }
  if (!Number.isNaN(stopped)) return look('stopped', 'Stopped');
  if (Number.isNaN(due)) {
    if (timer.paused_since) {
      return look('paused', !Number.isNaN(warning) && now >= warning ? 'Paused while waiting (past its warning)' : 'Paused while waiting');
    }
    return look('stopped', 'No due time');
  }
  if (now >= due) {
    const overdue = Math.floor((now - due) / 1000);
    return look('breached', `Overdue by ${clockWords(overdue)}`, overdue);
  }
  // Whole seconds left, rounded up, so "0s left" never shows before the due instant.
  const left = Math.ceil((due - now) / 1000);
  if (!Number.isNaN(warning) && now >= warning) return look('warning', `${clockWords(left)} left`, left);
  return look('running', `${clockWords(left)} left`, left);
}

/** currentTimers picks each metric's timer of the ticket's current cycle (the latest cycle per metric). */
export function currentTimers(timers: Timer[] = []): Timer[] {
  const latest = new Map<string, Timer>();
  for (const timer of timers) {
    const metric = timer.metric ?? '';
    const seen = latest.get(metric);
    if (!seen || (timer.cycle ?? 0) >= (seen.cycle ?? 0)) latest.set(metric, timer);
  }
  return ['first_response', 'resolution'].flatMap((metric) => (latest.has(metric) ? [latest.get(metric)!] : []));
}
