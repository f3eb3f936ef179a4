import {
  ActionIcon,
  Alert,
  Anchor,
  Autocomplete,
  Badge,
  Button,
  Chip,
  Code,
  Grid,
  Group,
  Loader,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useSignedIn } from '../app/session';
import { ErrorAlert } from '../ui/ErrorAlert';
import { listPolicies, livePolicy, previewSla, savePolicy, type PolicyVersion, type PreviewRequest, type PreviewResult } from './api';
import {
  builtinCalendars,
  conditionNames,
  conditions,
  fromDraft,
  metrics,
  moveRule,
  newCalendar,
  newRule,
  policyProblems,
  renameCalendar,
  ruleSummary,
  toDraft,
  type CalendarForm,
  type Condition,
  type PolicyForm,
  type Problem,
  type RuleForm,
  type Weekday,
  weekdayNames,
  weekdays,
} from './policyDraft';
import { calendarLabel, explained, formatInstant, metricLabel, planLabel, sourceLabel, spanWords, utcInstant } from './words';

const conditionLabels: Record<Condition, string> = {
  requester_kind: 'Requester',
  plan: 'Plan',
  package: 'Support package',
  source: 'Source',
  severity: 'Severity',
};

const timeZones: string[] = (() => {
  try {
    return (Intl as unknown as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  } catch {
    return [];
  }
})();

type Problems = Map<string, string>;
const byKey = (problems: Problem[]): Problems => {
  const map = new Map<string, string>();
  for (const problem of problems) if (!map.has(problem.key)) map.set(problem.key, problem.message);
  return map;
};

// ---- Rules

function RuleCard({
  rule,
  index,
  count,
  calendars,
  problems,
  readOnly,
  onChange,
  onMove,
  onRemove,
}: {
  rule: RuleForm;
  index: number;
  count: number;
  calendars: string[];
  problems: Problems;
  readOnly: boolean;
  onChange: (rule: RuleForm) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}) {
  const name = `Rule ${index + 1}`;
  const key = `rules.${rule.id}`;
  const [conditionsShown, setConditionsShown] = useState(false);
  const set = (changes: Partial<RuleForm>) => onChange({ ...rule, ...changes });
  const calendarOptions = [...builtinCalendars, ...calendars.filter((calendar) => calendar && !(builtinCalendars as readonly string[]).includes(calendar))];
  if (rule.calendar && !calendarOptions.includes(rule.calendar)) calendarOptions.push(rule.calendar);
  return (
    <Paper withBorder p="sm" component="section" aria-label={name}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap">
          <Text fw={600}>
            {name}{' '}
            <Text span size="sm" c="dimmed" fw={400}>
              {metricLabel(rule.metric)} · {ruleSummary(rule)}
            </Text>
          </Text>
          {!readOnly && (
            <Group gap={4} wrap="nowrap">
              <ActionIcon variant="subtle" aria-label={`Move rule ${index + 1} up`} disabled={index === 0} onClick={() => onMove(-1)}>
                ↑
              </ActionIcon>
              <ActionIcon variant="subtle" aria-label={`Move rule ${index + 1} down`} disabled={index === count - 1} onClick={() => onMove(1)}>
                ↓
              </ActionIcon>
              <ActionIcon variant="subtle" color="red" aria-label={`Remove rule ${index + 1}`} onClick={onRemove}>
                ✕
              </ActionIcon>
            </Group>
          )}
        </Group>
        <Group align="flex-start" grow wrap="wrap">
          <NativeSelect
            label="Metric"
            value={rule.metric}
            disabled={readOnly}
            onChange={(event) => set({ metric: event.currentTarget.value as RuleForm['metric'] })}
            data={metrics.map((metric) => ({ value: metric, label: metricLabel(metric) }))}
          />
          <TextInput
            label="Target"
            value={rule.target}
            readOnly={readOnly}
            onChange={(event) => set({ target: event.currentTarget.value })}
            error={problems.get(`${key}.target`)}
          />
          <NativeSelect
            label="Calendar"
            value={rule.calendar}
            disabled={readOnly}
            onChange={(event) => set({ calendar: event.currentTarget.value })}
            data={calendarOptions.map((calendar) => ({ value: calendar, label: calendar }))}
            error={problems.get(`${key}.calendar`)}
          />
          <TextInput
            label="Warning at (%)"
            value={rule.warningPercent}
            readOnly={readOnly}
            onChange={(event) => set({ warningPercent: event.currentTarget.value })}
            error={problems.get(`${key}.warningPercent`)}
          />
        </Group>
        <Group justify="space-between">
          <Switch size="sm" label="Soft target (reported, not enforced)" checked={rule.soft} disabled={readOnly} onChange={(event) => set({ soft: event.currentTarget.checked })} />
          <Anchor component="button" type="button" size="sm" onClick={() => setConditionsShown((shown) => !shown)} aria-expanded={conditionsShown}>
            {conditionsShown ? 'Hide conditions' : 'Edit conditions'}
          </Anchor>
        </Group>
        {conditionsShown && (
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing={6} verticalSpacing={6}>
            {conditionNames.map((condition) => (
              <Group key={condition} gap={6} role="group" aria-label={`${name}: ${conditionLabels[condition]}`} wrap="nowrap">
                <Text size="xs" w={100} style={{ flexShrink: 0 }}>
                  {conditionLabels[condition]}
                </Text>
                <Chip.Group multiple value={rule.when[condition]} onChange={(values) => set({ when: { ...rule.when, [condition]: values } })}>
                  <Group gap={4}>
                    {conditions[condition].map((value) => (
                      <Chip key={value} value={value} size="xs" disabled={readOnly}>
                        {condition === 'source' ? sourceLabel(value) : value.replace(/_/g, ' ')}
                      </Chip>
                    ))}
                  </Group>
                </Chip.Group>
              </Group>
            ))}
            <Text size="xs" c="dimmed">
              A condition with nothing chosen matches every ticket.
            </Text>
          </SimpleGrid>
        )}
      </Stack>
    </Paper>
  );
}

// ---- Calendars

function CalendarCard({
  calendar,
  problems,
  readOnly,
  onChange,
  onRename,
  onRemove,
  usedBy,
}: {
  calendar: CalendarForm;
  problems: Problems;
  readOnly: boolean;
  onChange: (calendar: CalendarForm) => void;
  onRename: (name: string) => void;
  onRemove: () => void;
  usedBy: number;
}) {
  const key = `calendars.${calendar.id}`;
  const setWindow = (day: Weekday, index: number, side: 'start' | 'end', value: string) =>
    onChange({
      ...calendar,
      windows: { ...calendar.windows, [day]: calendar.windows[day].map((window, i) => (i === index ? { ...window, [side]: value } : window)) },
    });
  const addWindow = (day: Weekday) => onChange({ ...calendar, windows: { ...calendar.windows, [day]: [...calendar.windows[day], { start: '09:00', end: '17:00' }] } });
  const removeWindow = (day: Weekday, index: number) =>
    onChange({ ...calendar, windows: { ...calendar.windows, [day]: calendar.windows[day].filter((_, i) => i !== index) } });
  return (
    <Paper withBorder p="sm" component="section" aria-label={`Calendar ${calendar.name || '(no name)'}`}>
      <Stack gap="xs">
        <Group align="flex-start" grow>
          <TextInput label="Name" value={calendar.name} readOnly={readOnly} onChange={(event) => onRename(event.currentTarget.value)} error={problems.get(`${key}.name`)} />
          <Autocomplete
            label="Time zone (IANA)"
            value={calendar.timeZone}
            readOnly={readOnly}
            onChange={(value) => onChange({ ...calendar, timeZone: value })}
            data={timeZones}
            limit={20}
            error={problems.get(`${key}.timeZone`)}
          />
        </Group>
        <Text size="xs" c="dimmed">
          Windows are local times, start included and end excluded; 24:00 ends a window at midnight. Windows are laid out per local date in the zone, so daylight-saving
          days are counted as they are.
        </Text>
        <Table withRowBorders={false} verticalSpacing={2}>
          <Table.Tbody>
            {weekdays.map((day) => (
              <Table.Tr key={day}>
                <Table.Td w={100}>
                  <Text size="sm">{weekdayNames[day]}</Text>
                </Table.Td>
                <Table.Td>
                  <Stack gap={4}>
                    <Group gap="xs">
                      {calendar.windows[day].length === 0 && (
                        <Text size="sm" c="dimmed">
                          closed
                        </Text>
                      )}
                      {calendar.windows[day].map((window, index) => (
                        <Group key={index} gap={4} wrap="nowrap">
                          <TextInput
                            size="xs"
                            w={70}
                            aria-label={`${weekdayNames[day]} window ${index + 1} start`}
                            value={window.start}
                            readOnly={readOnly}
                            onChange={(event) => setWindow(day, index, 'start', event.currentTarget.value)}
                            error={problems.has(`${key}.windows.${day}.${index}`)}
                          />
                          <Text size="sm">–</Text>
                          <TextInput
                            size="xs"
                            w={70}
                            aria-label={`${weekdayNames[day]} window ${index + 1} end`}
                            value={window.end}
                            readOnly={readOnly}
                            onChange={(event) => setWindow(day, index, 'end', event.currentTarget.value)}
                            error={problems.has(`${key}.windows.${day}.${index}`)}
                          />
                          {!readOnly && (
                            <ActionIcon size="sm" variant="subtle" color="red" aria-label={`Remove ${weekdayNames[day]} window ${index + 1}`} onClick={() => removeWindow(day, index)}>
                              ✕
                            </ActionIcon>
                          )}
                        </Group>
                      ))}
                      {!readOnly && (
                        <Button size="compact-xs" variant="subtle" onClick={() => addWindow(day)} aria-label={`Add a window on ${weekdayNames[day]}`}>
                          + window
                        </Button>
                      )}
                    </Group>
                    {calendar.windows[day].map((_, index) =>
                      problems.get(`${key}.windows.${day}.${index}`) ? (
                        <Text key={index} size="xs" c="red">
                          {problems.get(`${key}.windows.${day}.${index}`)}
                        </Text>
                      ) : null,
                    )}
                  </Stack>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {problems.get(`${key}.windows`) && (
          <Text size="xs" c="red">
            {problems.get(`${key}.windows`)}
          </Text>
        )}
        <TextInput
          label="Holidays"
          description="Dates without any window, e.g. 2026-12-24, 2026-12-25"
          value={calendar.holidays}
          readOnly={readOnly}
          onChange={(event) => onChange({ ...calendar, holidays: event.currentTarget.value })}
          error={problems.get(`${key}.holidays`)}
        />
        {!readOnly && (
          <Group>
            <Button size="xs" variant="subtle" color="red" onClick={onRemove} disabled={usedBy > 0}>
              Remove calendar
            </Button>
            {usedBy > 0 && (
              <Text size="xs" c="dimmed">
                {usedBy === 1 ? 'One rule counts in it.' : `${usedBy} rules count in it.`}
              </Text>
            )}
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

// ---- Preview

/** PreviewTicket is the hypothetical ticket the preview times. */
interface PreviewTicket {
  openedAt: string;
  requesterKind: 'client' | 'partner';
  plan: string;
  source: string;
  severity: string;
}

const plansOf = { client: ['basic', 'regular', 'premium'], partner: ['sandbox', 'growth', 'premium'] } as const;
const instantPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;

/** openedAtProblem checks the preview's opening instant: RFC 3339 with a zone, like 2026-11-20T21:30:00Z. */
export function openedAtProblem(value: string): string | null {
  if (!instantPattern.test(value.trim()) || Number.isNaN(Date.parse(value.trim()))) return 'Write an instant with its zone, like 2026-11-20T21:30:00Z.';
  return null;
}

/** previewRequest builds the preview call for the draft and the hypothetical ticket. */
export function previewRequest(form: PolicyForm, ticket: PreviewTicket): PreviewRequest {
  return {
    opened_at: new Date(ticket.openedAt.trim()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    requester_kind: ticket.requesterKind,
    plan: ticket.plan as PreviewRequest['plan'],
    source: ticket.source as PreviewRequest['source'],
    severity: ticket.severity as PreviewRequest['severity'],
    policy: toDraft(form),
  };
}

function DueLine({ label, metric, timer }: { label: string; metric: string; timer?: PreviewResult['first_response'] }) {
  if (!timer?.due_at) {
    return (
      <Text size="sm">
        {label}: <Text span c="dimmed">no rule matches</Text>
      </Text>
    );
  }
  return (
    <Stack gap={0}>
      <Text size="sm" fw={600}>
        {label} due{' '}
        <Text span ff="monospace" data-testid={`preview-${metric}-due`}>
          {utcInstant(timer.due_at)}
        </Text>
      </Text>
      <Text size="xs" c="dimmed">
        {formatInstant(timer.due_at, 'Europe/Berlin')} · rule {(timer.rule ?? 0) + 1}
        {timer.soft ? ' (soft)' : ''}
      </Text>
      <Text size="xs" c="dimmed">
        Warning <span data-testid={`preview-${metric}-warning`}>{utcInstant(timer.warning_at)}</span>
      </Text>
    </Stack>
  );
}

function Preview({ form, blocked }: { form: PolicyForm; blocked: boolean }) {
  const [ticket, setTicket] = useState<PreviewTicket>(() => ({
    openedAt: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    requesterKind: 'client',
    plan: 'basic',
    source: 'hub_chat',
    severity: 'standard',
  }));
  const set = (changes: Partial<PreviewTicket>) => setTicket((current) => ({ ...current, ...changes }));
  const openedProblem = openedAtProblem(ticket.openedAt);
  const request = useMemo(() => (openedProblem || blocked ? null : previewRequest(form, ticket)), [form, ticket, openedProblem, blocked]);
  const [settled] = useDebouncedValue(request, 250);
  const preview = useQuery({
    queryKey: ['support', 'preview', settled],
    queryFn: () => explained(previewSla(settled!)),
    enabled: settled !== null,
    placeholderData: keepPreviousData,
    retry: false,
  });
  const updating = request !== settled || preview.isFetching;
  return (
    <Paper withBorder p="md" component="section" aria-label="Live preview" style={{ position: 'sticky', top: 76 }}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={3}>Live preview</Title>
          {updating && settled !== null && <Loader size="xs" aria-label="Updating the preview" />}
        </Group>
        <Text size="xs" c="dimmed">
          What a ticket like this would get under the draft, from the server's own engine.
        </Text>
        <TextInput
          label="Opened at (RFC 3339)"
          value={ticket.openedAt}
          onChange={(event) => set({ openedAt: event.currentTarget.value })}
          error={openedProblem}
          description={openedProblem ? undefined : `${formatInstant(ticket.openedAt, 'Europe/Berlin')} in Berlin`}
        />
        <Group grow>
          <NativeSelect
            label="Requester"
            value={ticket.requesterKind}
            onChange={(event) => {
              const kind = event.currentTarget.value as PreviewTicket['requesterKind'];
              set({ requesterKind: kind, plan: (plansOf[kind] as readonly string[]).includes(ticket.plan) ? ticket.plan : plansOf[kind][0] });
            }}
            data={[
              { value: 'client', label: 'Client' },
              { value: 'partner', label: 'Partner' },
            ]}
          />
          <NativeSelect
            label="Plan"
            value={ticket.plan}
            onChange={(event) => set({ plan: event.currentTarget.value })}
            data={plansOf[ticket.requesterKind].map((plan) => ({ value: plan, label: planLabel(plan) }))}
          />
        </Group>
        <Group grow>
          <NativeSelect
            label="Source"
            value={ticket.source}
            onChange={(event) => set({ source: event.currentTarget.value })}
            data={conditions.source.map((source) => ({ value: source, label: sourceLabel(source) }))}
          />
          <NativeSelect
            label="Severity"
            value={ticket.severity}
            onChange={(event) => set({ severity: event.currentTarget.value })}
            data={conditions.severity.map((severity) => ({ value: severity, label: severity }))}
          />
        </Group>
        {blocked && (
          <Alert color="yellow" title="Fix the draft first">
            The preview runs once the problems listed under the editor are fixed.
          </Alert>
        )}
        {!blocked && <ErrorAlert error={preview.error} title="The server refuses this draft" />}
        {!blocked && preview.data && !preview.error && (
          <Stack gap="xs">
            <Text size="xs" c="dimmed">
              Support package: {preview.data.package}
            </Text>
            <DueLine label="First response" metric="first_response" timer={preview.data.first_response} />
            <DueLine label="Resolution" metric="resolution" timer={preview.data.resolution} />
            <Table fz="xs" aria-label="Matched rules" verticalSpacing={2}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Rule</Table.Th>
                  <Table.Th>Target</Table.Th>
                  <Table.Th>Due (UTC)</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(preview.data.matched_rules ?? []).map((match) => {
                  const wins =
                    (match.metric === 'first_response' ? preview.data.first_response?.rule : preview.data.resolution?.rule) === match.rule;
                  return (
                    <Table.Tr key={`${match.metric}-${match.rule}`} fw={wins ? 700 : undefined}>
                      <Table.Td>
                        {(match.rule ?? 0) + 1} · {metricLabel(match.metric)}
                        {wins ? ' ✓' : ''}
                      </Table.Td>
                      <Table.Td>
                        {spanWords(match.target_seconds)} on {match.calendar}
                      </Table.Td>
                      <Table.Td>{utcInstant(match.due_at).replace(' UTC', '')}</Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
            <Text size="xs" c="dimmed">
              The earliest due time among the matching rules wins (✓).
            </Text>
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

// ---- The page

/**
 * PolicyEditor edits the SLA policy as a structure — calendars with windows per weekday and
 * holidays, ordered rules with conditions, metric, target, calendar, warning threshold and the
 * soft flag — checks it as the user types, previews it live against the server's engine for a
 * hypothetical ticket, and saves it as a new version (platform admins). Open tickets keep the
 * version they opened under.
 */
export function PolicyEditor() {
  const { user } = useSignedIn();
  const canSave = user.role === 'platform_admin';
  const queryClient = useQueryClient();
  const live = useQuery({ queryKey: ['support', 'policy', 'live'], queryFn: () => explained(livePolicy()) });
  const versions = useQuery({ queryKey: ['support', 'policies'], queryFn: () => explained(listPolicies()) });
  const [form, setForm] = useState<PolicyForm | null>(null);
  const [from, setFrom] = useState<number | null>(null);
  const [dirty, setDirty] = useState(false);
  const [note, setNote] = useState('');
  const [saved, setSaved] = useState<PolicyVersion | null>(null);
  const [showJson, setShowJson] = useState(false);

  useEffect(() => {
    if (form === null && live.data) {
      setForm(fromDraft(live.data.policy));
      setFrom(live.data.version ?? 0);
    }
  }, [form, live.data]);

  const change = (next: PolicyForm) => {
    setForm(next);
    setDirty(true);
    setSaved(null);
  };
  const problems = form ? policyProblems(form) : [];
  const problemMap = byKey(problems);
  const save = useMutation({
    mutationFn: () => explained(savePolicy(toDraft(form!), note)),
    onSuccess: (version) => {
      setSaved(version);
      setDirty(false);
      setNote('');
      setFrom(version.version ?? null);
      void queryClient.invalidateQueries({ queryKey: ['support', 'policies'] });
      void queryClient.invalidateQueries({ queryKey: ['support', 'policy', 'live'] });
    },
  });
  const load = (version: PolicyVersion) => {
    setForm(fromDraft(version.policy));
    setFrom(version.version ?? 0);
    setDirty(false);
    setSaved(null);
    save.reset();
  };
  const readOnly = !canSave;
  const calendarNames = form?.calendars.map((calendar) => calendar.name.trim()) ?? [];
  const nextVersion = Math.max(0, ...(versions.data?.policies ?? []).map((version) => version.version ?? 0)) + 1;

  return (
    <Stack>
      <Title order={2}>SLA policy</Title>
      <Text c="dimmed" size="sm">
        Rules give each ticket its first-response and resolution targets; the earliest due time among all matching rules applies. Calendars say when the time counts.
        {from !== null && ` Editing from version ${from}.`}
      </Text>
      {readOnly && (
        <Alert color="blue" title="Read only">
          Only platform admins change the SLA policy. You can try changes in the preview; they are not saved.
        </Alert>
      )}
      <ErrorAlert error={live.error} title="Could not load the live policy" />
      {form && (
        <Grid gap="md">
          <Grid.Col span={{ base: 12, lg: 7 }}>
            <Stack>
              <Title order={3}>Calendars</Title>
              <Text size="sm">
                Built in:{' '}
                {builtinCalendars.map((name, i) => (
                  <span key={name}>
                    {i > 0 && '; '}
                    <Code>{name}</Code> {calendarLabel(name).replace(/^[^(]*/, '')}
                  </span>
                ))}
                .
              </Text>
              {form.calendars.map((calendar) => (
                <CalendarCard
                  key={calendar.id}
                  calendar={calendar}
                  problems={problemMap}
                  readOnly={false}
                  usedBy={form.rules.filter((rule) => rule.calendar === calendar.name).length}
                  onChange={(next) => change({ ...form, calendars: form.calendars.map((item) => (item.id === calendar.id ? next : item)) })}
                  onRename={(name) => change(renameCalendar(form, calendar.id, name))}
                  onRemove={() => change({ ...form, calendars: form.calendars.filter((item) => item.id !== calendar.id) })}
                />
              ))}
              <Group>
                <Button variant="light" onClick={() => change({ ...form, calendars: [...form.calendars, newCalendar(form.calendars)] })}>
                  Add a calendar
                </Button>
              </Group>
              <Title order={3}>Rules</Title>
              <Text size="sm" c="dimmed">
                Every matching rule is evaluated and the earliest due time wins, so the order is for reading only. Targets are written with units — 30m, 4h, 1d
                12h — and count only time inside the calendar's windows; the warning comes at a percentage of the target, also in calendar time.
              </Text>
              {form.rules.map((rule, index) => (
                <RuleCard
                  key={rule.id}
                  rule={rule}
                  index={index}
                  count={form.rules.length}
                  calendars={calendarNames}
                  problems={problemMap}
                  readOnly={false}
                  onChange={(next) => change({ ...form, rules: form.rules.map((item) => (item.id === rule.id ? next : item)) })}
                  onMove={(by) => change(moveRule(form, rule.id, by))}
                  onRemove={() => change({ ...form, rules: form.rules.filter((item) => item.id !== rule.id) })}
                />
              ))}
              <Group>
                <Button variant="light" onClick={() => change({ ...form, rules: [...form.rules, newRule()] })}>
                  Add a rule
                </Button>
              </Group>
              {problems.length > 0 && (
                <Alert color="red" title="The draft has problems" role="alert">
                  <Stack gap={2}>
                    {problems.map((problem) => (
                      <Text size="sm" key={`${problem.key}-${problem.message}`}>
                        {problem.where}: {problem.message}
                      </Text>
                    ))}
                  </Stack>
                </Alert>
              )}
              <Paper withBorder p="md">
                <Stack gap="xs">
                  <Title order={4}>Save</Title>
                  <TextInput label="What changed (note)" value={note} onChange={(event) => setNote(event.currentTarget.value)} maxLength={500} disabled={readOnly} />
                  <ErrorAlert error={save.error} title="The policy was not saved" />
                  {saved && (
                    <Alert color="green" title={`Saved as version ${saved.version}`} role="status">
                      Tickets opened from now on are timed by it; open tickets keep the version they opened under.
                    </Alert>
                  )}
                  <Group>
                    <Button onClick={() => save.mutate()} loading={save.isPending} disabled={readOnly || problems.length > 0 || !dirty}>
                      Save as version {nextVersion}
                    </Button>
                    {dirty && (
                      <Button variant="default" onClick={() => live.data && load(live.data)}>
                        Discard changes
                      </Button>
                    )}
                    <Anchor component="button" type="button" size="sm" onClick={() => setShowJson((shown) => !shown)}>
                      {showJson ? 'Hide' : 'Show'} the draft as JSON
                    </Anchor>
                  </Group>
                  {showJson && (
                    <Code block aria-label="Draft as JSON">
                      {JSON.stringify(toDraft(form), null, 2)}
                    </Code>
                  )}
                </Stack>
              </Paper>
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 5 }}>
            <Preview form={form} blocked={problems.length > 0} />
          </Grid.Col>
        </Grid>
      )}
      <Title order={3}>Versions</Title>
      <ErrorAlert error={versions.error} title="Could not load the versions" />
      {versions.data && (
        <Table aria-label="Policy versions" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Version</Table.Th>
              <Table.Th>Saved</Table.Th>
              <Table.Th>Note</Table.Th>
              <Table.Th>Rules</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(versions.data.policies ?? []).map((version) => (
              <Table.Tr key={version.version}>
                <Table.Td>
                  <Group gap={6}>
                    {version.version}
                    {version.live && <Badge color="green">Live</Badge>}
                    {version.seeded && <Badge color="gray">Seeded</Badge>}
                  </Group>
                </Table.Td>
                <Table.Td>{version.created_at ? formatInstant(version.created_at) : '—'}</Table.Td>
                <Table.Td>{version.note || '—'}</Table.Td>
                <Table.Td>{version.policy?.rules?.length ?? 0}</Table.Td>
                <Table.Td>
                  <Button size="compact-xs" variant="subtle" onClick={() => load(version)}>
                    Edit from version {version.version}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
