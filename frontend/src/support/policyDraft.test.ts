import { describe, expect, it } from 'vitest';
import type { DraftPolicy } from './api';
import {
  calendarProblems,
  formatDuration,
  fromDraft,
  minutesOf,
  moveRule,
  newCalendar,
  parseDuration,
  policyProblems,
  renameCalendar,
  targetProblem,
  toDraft,
  type CalendarForm,
  validTimeZone,
  warningProblem,
} from './policyDraft';

// Two of the seeded rules and a custom calendar, as the server sends a policy.
const draft: DraftPolicy = {
  calendars: {
    berlin_office: { time_zone: 'Europe/Berlin', windows: { mon: [['08:00', '12:00'], ['13:00', '18:00']], fri: [['08:00', '24:00']] }, holidays: ['2026-12-25'] },
  },
  rules: [
    { metric: 'first_response', target_seconds: 86_400, calendar: 'always', when: { source: ['hub_chat'], requester_kind: ['client'], plan: ['basic'] }, soft: false },
    { metric: 'first_response', target_seconds: 1800, calendar: 'premium_support', when: { source: ['hub_chat'], package: ['premium'], severity: ['critical'] }, soft: false },
    { metric: 'resolution', target_seconds: 172_800, calendar: 'berlin_office', when: {}, warning_ratio: 0.9, soft: true },
  ],
};

describe('durations', () => {
  it.each([
    ['24h', 86_400],
    ['30m', 1800],
    ['1d 12h', 129_600],
    ['1D 2H 3M 4S', 93_784],
    ['90m', 5400],
    [' 4h ', 14_400],
  ])('%j is %d seconds', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each(['', '30', '4 hours', 'h4', '1.5h', '-1h'])('%j is not a duration', (text) => {
    expect(parseDuration(text)).toBeNull();
  });

  it('writes seconds as a target is typed, and reads it back', () => {
    for (const seconds of [1, 59, 60, 1800, 3600, 14_400, 86_400, 93_784, 345_600]) expect(parseDuration(formatDuration(seconds))).toBe(seconds);
    expect(formatDuration(93_784)).toBe('1d 2h 3m 4s');
    expect(formatDuration(345_600)).toBe('4d');
  });

  it('checks targets and warning thresholds as the server does', () => {
    expect(targetProblem('')).toBe('Enter the target, like 4h or 30m.');
    expect(targetProblem('30')).toBe('Write the target with units d, h, m, s — like 4h, 1d 12h or 30m.');
    expect(targetProblem('0s')).toBe('The target must be at least one second.');
    expect(targetProblem('365d')).toBeNull();
    expect(targetProblem('365d 1s')).toBe('The target can be at most 365 days.');
    expect(warningProblem('80')).toBeNull();
    expect(warningProblem('99.5')).toBeNull();
    expect(warningProblem('0')).toBe('The warning comes between 0 % and 100 % of the target.');
    expect(warningProblem('100')).toBe('The warning comes between 0 % and 100 % of the target.');
    expect(warningProblem('eighty')).toBe('Enter a percentage of the target, like 80.');
  });
});

describe('draft ↔ form', () => {
  it('reads a draft into the form and writes the same draft back', () => {
    const form = fromDraft(draft);
    expect(form.rules.map((rule) => [rule.target, rule.calendar, rule.warningPercent, rule.soft])).toEqual([
      ['1d', 'always', '80', false],
      ['30m', 'premium_support', '80', false],
      ['2d', 'berlin_office', '90', true],
    ]);
    expect(form.calendars[0]).toMatchObject({ name: 'berlin_office', timeZone: 'Europe/Berlin', holidays: '2026-12-25' });
    expect(form.calendars[0].windows.mon).toEqual([
      { start: '08:00', end: '12:00' },
      { start: '13:00', end: '18:00' },
    ]);
    expect(toDraft(form)).toEqual(draft);
  });

  it('a changed target is sent in seconds; empty conditions and the default warning are left out', () => {
    const form = fromDraft(draft);
    form.rules[0] = { ...form.rules[0], target: '4d', warningPercent: '75', when: { ...form.rules[0].when, plan: [] } };
    expect(toDraft(form).rules?.[0]).toEqual({
      metric: 'first_response',
      target_seconds: 345_600,
      calendar: 'always',
      when: { source: ['hub_chat'], requester_kind: ['client'] },
      warning_ratio: 0.75,
      soft: false,
    });
  });

  it('a policy without calendars sends none', () => {
    expect(toDraft(fromDraft({ rules: draft.rules!.slice(0, 1) }))).toEqual({ rules: draft.rules!.slice(0, 1) });
  });

  it('renaming a calendar carries its rules along; moving a rule changes only the order', () => {
    const form = fromDraft(draft);
    const renamed = renameCalendar(form, form.calendars[0].id, 'office');
    expect(renamed.calendars[0].name).toBe('office');
    expect(renamed.rules[2].calendar).toBe('office');
    expect(renamed.rules[0].calendar).toBe('always');
    const moved = moveRule(form, form.rules[2].id, -1);
    expect(moved.rules.map((rule) => rule.target)).toEqual(['1d', '2d', '30m']);
    expect(moveRule(form, form.rules[0].id, -1)).toBe(form);
  });
});

describe('validation as the user types', () => {
  const calendar = (changes: Partial<CalendarForm> = {}): CalendarForm => ({ ...newCalendar([]), ...changes });
  const messages = (c: CalendarForm, others: CalendarForm[] = []) => calendarProblems(c, others).map((problem) => problem.message);

  it('reads window edges, with 24:00 only as an end', () => {
    expect(minutesOf('00:00')).toBe(0);
    expect(minutesOf('24:00')).toBe(1440);
    expect(minutesOf('24:01')).toBeNull();
    expect(minutesOf('9:00')).toBeNull();
    expect(minutesOf('12:60')).toBeNull();
  });

  it('a new calendar is fine', () => {
    expect(messages(calendar())).toEqual([]);
  });

  it('refuses overlapping, reversed and malformed windows, naming the day', () => {
    const base = calendar();
    const windows = { ...base.windows, mon: [{ start: '09:00', end: '17:00' }, { start: '16:00', end: '18:00' }], tue: [{ start: '18:00', end: '09:00' }], wed: [{ start: '24:00', end: '24:00' }] };
    expect(messages({ ...base, windows })).toEqual([
      'Monday: 16:00–18:00 overlaps 09:00–17:00.',
      'Tuesday: 18:00–09:00 ends before it starts.',
      'Wednesday: the start must be a time from 00:00 to 23:59.',
    ]);
  });

  it('touching windows do not overlap (half-open)', () => {
    const base = calendar();
    expect(messages({ ...base, windows: { ...base.windows, mon: [{ start: '00:00', end: '12:00' }, { start: '12:00', end: '24:00' }] } })).toEqual([]);
  });

  it('refuses an empty calendar, an unknown zone, bad holidays, built-in and duplicate names', () => {
    const empty = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
    expect(messages(calendar({ windows: empty }))).toEqual(['A calendar needs at least one window.']);
    expect(messages(calendar({ timeZone: 'Europe/Atlantis' }))).toEqual(['Choose an IANA time zone, such as Europe/Berlin.']);
    expect(messages(calendar({ holidays: '2026-12-25, 2026-02-30, 25.12.2026' }))).toEqual([
      '“2026-02-30” is not a date like 2026-12-25.',
      '“25.12.2026” is not a date like 2026-12-25.',
    ]);
    expect(messages(calendar({ name: 'always' }))).toEqual(['“always” is a built-in calendar; choose another name.']);
    const first = calendar({ name: 'office' });
    expect(messages(calendar({ name: 'office' }), [first])).toEqual(['Another calendar has this name.']);
  });

  it('knows IANA zones and refuses "Local"', () => {
    expect(validTimeZone('Europe/Berlin')).toBe(true);
    expect(validTimeZone('America/Argentina/Buenos_Aires')).toBe(true);
    expect(validTimeZone('UTC')).toBe(true);
    expect(validTimeZone('Local')).toBe(false);
    expect(validTimeZone('')).toBe(false);
  });

  it('names every problem of the policy by rule number', () => {
    const form = fromDraft(draft);
    form.rules[1] = { ...form.rules[1], target: '30', calendar: 'nowhere' };
    form.rules[2] = { ...form.rules[2], warningPercent: '120' };
    expect(policyProblems(form).map((problem) => `${problem.where}: ${problem.message}`)).toEqual([
      'Rule 2: Write the target with units d, h, m, s — like 4h, 1d 12h or 30m.',
      'Rule 2: The calendar “nowhere” is neither built in nor defined here.',
      'Rule 3: The warning comes between 0 % and 100 % of the target.',
    ]);
    expect(policyProblems({ calendars: [], rules: [] }).map((problem) => problem.message)).toEqual(['A policy needs at least one rule.']);
  });
});
