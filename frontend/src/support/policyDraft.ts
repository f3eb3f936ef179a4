/**
 * The SLA policy editor's model, as pure functions: a policy draft (the JSON the preview and save
 * endpoints take) becomes a form of calendars and ordered rules, is checked as the user types
 * with the server's rules (every problem in words, tied to the field it is about), and becomes a
 * draft again. Only what the browser cannot know — a window edge inside a daylight-saving gap of
 * the zone — is left to the server, whose answer the live preview shows.
 */
import type { DraftCalendar, DraftPolicy, DraftRule } from './api';

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

export const weekdayNames: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

/** builtinCalendars are always available by name; a policy cannot redefine them. */
export const builtinCalendars = ['always', 'standard_support', 'premium_support'] as const;

export const metrics = ['first_response', 'resolution'] as const;
export type Metric = (typeof metrics)[number];

/** conditions are what a rule may match on, with the values each takes (as the server allows). */
export const conditions = {
  requester_kind: ['partner', 'client'],
  plan: ['basic', 'regular', 'premium', 'sandbox', 'growth'],
  package: ['standard', 'premium'],
  source: ['hub_chat', 'email', 'whatsapp'],
  severity: ['critical', 'urgent', 'standard'],
} as const;
export type Condition = keyof typeof conditions;
export const conditionNames = Object.keys(conditions) as Condition[];

/** The server's limits. */
export const maxTargetSeconds = 365 * 24 * 3600;
export const maxRules = 500;
export const maxCalendarName = 64;
export const defaultWarningPercent = 80;

export interface WindowForm {
  start: string;
  end: string;
}

/** CalendarForm is one calendar being edited; id is stable while its name changes. */
export interface CalendarForm {
  id: string;
  name: string;
  timeZone: string;
  windows: Record<Weekday, WindowForm[]>;
  /** holidays are dates YYYY-MM-DD, as typed. */
  holidays: string;
}

/** RuleForm is one rule being edited; target is a duration as typed ("4h", "1d 2h", "30m"). */
export interface RuleForm {
  id: string;
  metric: Metric;
  target: string;
  calendar: string;
  when: Record<Condition, string[]>;
  /** warningPercent is the warning threshold as a percentage of the target, as typed. */
  warningPercent: string;
  soft: boolean;
}

export interface PolicyForm {
  calendars: CalendarForm[];
  rules: RuleForm[];
}

let nextId = 0;
/** newId gives a form element a key that stays while it moves or is renamed. */
export const newId = (prefix: string) => `${prefix}${++nextId}`;

const noWindows = (): Record<Weekday, WindowForm[]> => ({ mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] });
const noConditions = (): Record<Condition, string[]> => ({ requester_kind: [], plan: [], package: [], source: [], severity: [] });

// ---- Durations

const unitSeconds: Record<string, number> = { d: 86_400, h: 3600, m: 60, s: 1 };

/**
 * parseDuration reads a target such as "4h", "1d 2h 30m" or "90m" as seconds; null when it is not
 * a duration. Every number needs its unit, so "30" is never mistaken for minutes or hours.
 */
export function parseDuration(text: string): number | null {
  const compact = text.trim().toLowerCase().replace(/\s+/g, '');
  if (!/^(\d+[dhms])+$/.test(compact)) return null;
  let total = 0;
  for (const [, amount, unit] of compact.matchAll(/(\d+)([dhms])/g)) total += Number(amount) * unitSeconds[unit];
  return total;
}

/** formatDuration writes seconds the way a target is typed: "1d 2h 30m", "45s". */
export function formatDuration(seconds: number): string {
  let rest = Math.max(0, Math.round(seconds));
  const parts: string[] = [];
  for (const unit of ['d', 'h', 'm', 's']) {
    const size = unitSeconds[unit];
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.length > 0 ? parts.join(' ') : '0s';
}

/** targetProblem checks a typed target. */
export function targetProblem(text: string): string | null {
  if (!text.trim()) return 'Enter the target, like 4h or 30m.';
  const seconds = parseDuration(text);
  if (seconds === null) return 'Write the target with units d, h, m, s — like 4h, 1d 12h or 30m.';
  if (seconds < 1) return 'The target must be at least one second.';
  if (seconds > maxTargetSeconds) return 'The target can be at most 365 days.';
  return null;
}

/** warningProblem checks a typed warning threshold (percent of the target, strictly between 0 and 100). */
export function warningProblem(text: string): string | null {
  const trimmed = text.trim();
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return 'Enter a percentage of the target, like 80.';
  const percent = Number(trimmed);
  if (percent <= 0 || percent >= 100) return 'The warning comes between 0 % and 100 % of the target.';
  return null;
}

// ---- Calendars

const timeOfDay = /^([01]\d|2[0-4]):([0-5]\d)$/;

/** minutesOf reads "HH:MM" as minutes after midnight ("24:00" is 1440); null when it is not a time. */
export function minutesOf(text: string): number | null {
  const match = timeOfDay.exec(text.trim());
  if (!match) return null;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return minutes > 1440 ? null : minutes;
}

/** validTimeZone says whether the browser knows an IANA zone by this name. */
export function validTimeZone(zone: string): boolean {
  if (!zone.trim() || zone === 'Local' || !/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$|^UTC$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** holidayList splits typed holidays (commas, spaces or lines between dates). */
export const holidayList = (text: string) =>
  text
    .split(/[\s,;]+/)
    .map((date) => date.trim())
    .filter(Boolean);

const validDate = (text: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
};

/** Problem is one thing wrong with the form: where it is (a field key) and what, in words. */
export interface Problem {
  key: string;
  where: string;
  message: string;
}

/** calendarProblems lists what is wrong with one calendar. */
export function calendarProblems(calendar: CalendarForm, others: CalendarForm[] = []): Problem[] {
  const where = `Calendar “${calendar.name.trim() || '(no name)'}”`;
  const key = `calendars.${calendar.id}`;
  const problems: Problem[] = [];
  const add = (field: string, message: string) => problems.push({ key: `${key}.${field}`, where, message });
  const name = calendar.name.trim();
  if (!name) add('name', 'Give the calendar a name.');
  else if (name.length > maxCalendarName) add('name', `A calendar name can be at most ${maxCalendarName} characters.`);
  else if ((builtinCalendars as readonly string[]).includes(name)) add('name', `“${name}” is a built-in calendar; choose another name.`);
  else if (others.some((other) => other.id !== calendar.id && other.name.trim() === name)) add('name', 'Another calendar has this name.');
  if (!validTimeZone(calendar.timeZone.trim())) add('timeZone', 'Choose an IANA time zone, such as Europe/Berlin.');
  let windows = 0;
  for (const day of weekdays) {
    const spans: { start: number; end: number; index: number }[] = [];
    calendar.windows[day].forEach((window, index) => {
      windows++;
      const start = minutesOf(window.start);
      const end = minutesOf(window.end);
      const field = `windows.${day}.${index}`;
      if (start === null || start === 1440) add(field, `${weekdayNames[day]}: the start must be a time from 00:00 to 23:59.`);
      else if (end === null) add(field, `${weekdayNames[day]}: the end must be a time from 00:01 to 24:00.`);
      else if (end <= start) add(field, `${weekdayNames[day]}: ${window.start}–${window.end} ends before it starts.`);
      else spans.push({ start, end, index });
    });
    spans.sort((a, b) => a.start - b.start);
    for (let i = 1; i < spans.length; i++) {
      if (spans[i].start < spans[i - 1].end) {
        const a = calendar.windows[day][spans[i - 1].index];
        const b = calendar.windows[day][spans[i].index];
        add(`windows.${day}.${spans[i].index}`, `${weekdayNames[day]}: ${b.start}–${b.end} overlaps ${a.start}–${a.end}.`);
      }
    }
  }
  if (windows === 0) add('windows', 'A calendar needs at least one window.');
  for (const date of holidayList(calendar.holidays)) {
    if (!validDate(date)) add('holidays', `“${date}” is not a date like 2026-12-25.`);
  }
  return problems;
}

/** ruleProblems lists what is wrong with one rule (index is its place, from 0). */
export function ruleProblems(rule: RuleForm, index: number, calendarNames: string[]): Problem[] {
  const where = `Rule ${index + 1}`;
  const key = `rules.${rule.id}`;
  const problems: Problem[] = [];
  const target = targetProblem(rule.target);
  if (target) problems.push({ key: `${key}.target`, where, message: target });
  if (!rule.calendar) problems.push({ key: `${key}.calendar`, where, message: 'Choose the calendar the target counts in.' });
  else if (!(builtinCalendars as readonly string[]).includes(rule.calendar) && !calendarNames.includes(rule.calendar)) {
    problems.push({ key: `${key}.calendar`, where, message: `The calendar “${rule.calendar}” is neither built in nor defined here.` });
  }
  const warning = warningProblem(rule.warningPercent);
  if (warning) problems.push({ key: `${key}.warningPercent`, where, message: warning });
  return problems;
}

/** policyProblems lists every problem of the form, calendars first, then rules in order. */
export function policyProblems(form: PolicyForm): Problem[] {
  const names = form.calendars.map((calendar) => calendar.name.trim());
  const problems = form.calendars.flatMap((calendar) => calendarProblems(calendar, form.calendars));
  if (form.rules.length === 0) problems.push({ key: 'rules', where: 'Rules', message: 'A policy needs at least one rule.' });
  if (form.rules.length > maxRules) problems.push({ key: 'rules', where: 'Rules', message: `A policy can have at most ${maxRules} rules.` });
  form.rules.forEach((rule, index) => problems.push(...ruleProblems(rule, index, names)));
  return problems;
}

// ---- Draft ↔ form

/** fromDraft turns a policy draft (as the server sends it) into the editor's form. */
export function fromDraft(draft: DraftPolicy | undefined): PolicyForm {
  const calendars = Object.entries(draft?.calendars ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, calendar]) => {
      const windows = noWindows();
      for (const [day, spans] of Object.entries(calendar.windows ?? {})) {
        const weekday = day.toLowerCase() as Weekday;
        if (weekday in windows) windows[weekday] = spans.map(([start = '', end = '']) => ({ start, end }));
      }
      return { id: newId('c'), name, timeZone: calendar.time_zone ?? '', windows, holidays: (calendar.holidays ?? []).join(', ') };
    });
  const rules = (draft?.rules ?? []).map((rule) => {
    const when = noConditions();
    for (const condition of conditionNames) when[condition] = [...(rule.when?.[condition] ?? [])];
    return {
      id: newId('r'),
      metric: rule.metric === 'resolution' ? 'resolution' : 'first_response',
      target: formatDuration(rule.target_seconds ?? 0),
      calendar: rule.calendar ?? '',
      when,
      warningPercent: String(rule.warning_ratio !== undefined && rule.warning_ratio !== null ? round(rule.warning_ratio * 100) : defaultWarningPercent),
      soft: rule.soft ?? false,
    } satisfies RuleForm;
  });
  return { calendars, rules };
}

const round = (value: number) => Math.round(value * 1e6) / 1e6;

/**
 * toDraft turns the form into the draft the server takes. A condition without values is left out
 * (it matches anything); the warning ratio is sent only when it differs from the default 80 %.
 */
export function toDraft(form: PolicyForm): DraftPolicy {
  const calendars: Record<string, DraftCalendar> = {};
  for (const calendar of form.calendars) {
    const windows: Record<string, string[][]> = {};
    for (const day of weekdays) {
      if (calendar.windows[day].length > 0) windows[day] = calendar.windows[day].map((window) => [window.start.trim(), window.end.trim()]);
    }
    const draft: DraftCalendar = { time_zone: calendar.timeZone.trim(), windows };
    const holidays = holidayList(calendar.holidays);
    if (holidays.length > 0) draft.holidays = holidays;
    calendars[calendar.name.trim()] = draft;
  }
  const rules = form.rules.map((rule) => {
    const when: DraftRule['when'] = {};
    for (const condition of conditionNames) {
      if (rule.when[condition].length > 0) when[condition] = [...rule.when[condition]];
    }
    const draft: DraftRule = {
      metric: rule.metric,
      target_seconds: parseDuration(rule.target) ?? 0,
      calendar: rule.calendar,
      when,
      soft: rule.soft,
    };
    const percent = Number(rule.warningPercent.trim());
    if (rule.warningPercent.trim() !== '' && Number.isFinite(percent) && percent !== defaultWarningPercent) draft.warning_ratio = round(percent / 100);
    return draft;
  });
  const draft: DraftPolicy = { rules };
  if (form.calendars.length > 0) draft.calendars = calendars;
  return draft;
}

// ---- Changes the editor makes

/** newRule is a rule to start from: first response on hub chat, 24 h around the clock. */
export const newRule = (): RuleForm => ({
  id: newId('r'),
  metric: 'first_response',
  target: '24h',
  calendar: 'always',
  when: { ...noConditions(), source: ['hub_chat'] },
  warningPercent: String(defaultWarningPercent),
  soft: false,
});

/** newCalendar is a calendar to start from: Monday to Friday 09:00–17:00 in Berlin. */
export function newCalendar(existing: CalendarForm[]): CalendarForm {
  let n = existing.length + 1;
  while (existing.some((calendar) => calendar.name === `calendar_${n}`)) n++;
  const windows = noWindows();
  for (const day of ['mon', 'tue', 'wed', 'thu', 'fri'] as const) windows[day] = [{ start: '09:00', end: '17:00' }];
  return { id: newId('c'), name: `calendar_${n}`, timeZone: 'Europe/Berlin', windows, holidays: '' };
}

/** moveRule moves a rule one place up (-1) or down (+1); order matters only for reading, not for the result. */
export function moveRule(form: PolicyForm, id: string, by: -1 | 1): PolicyForm {
  const rules = [...form.rules];
  const from = rules.findIndex((rule) => rule.id === id);
  const to = from + by;
  if (from < 0 || to < 0 || to >= rules.length) return form;
  [rules[from], rules[to]] = [rules[to], rules[from]];
  return { ...form, rules };
}

/** renameCalendar renames a calendar and the rules that count in it. */
export function renameCalendar(form: PolicyForm, id: string, name: string): PolicyForm {
  const old = form.calendars.find((calendar) => calendar.id === id)?.name;
  return {
    calendars: form.calendars.map((calendar) => (calendar.id === id ? { ...calendar, name } : calendar)),
    rules: form.rules.map((rule) => (old !== undefined && rule.calendar === old ? { ...rule, calendar: name } : rule)),
  };
}

/** ruleSummary says in one line what a rule matches, e.g. "hub chat · client · basic". */
export function ruleSummary(rule: RuleForm, label: (value: string) => string = (value) => value.replace(/_/g, ' ')): string {
  const parts = conditionNames.flatMap((condition) => (rule.when[condition].length > 0 ? [rule.when[condition].map(label).join(' or ')] : []));
  return parts.length > 0 ? parts.join(' · ') : 'every ticket';
}
