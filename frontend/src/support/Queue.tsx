import { Anchor, Button, Group, NativeSelect, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { useSignedIn } from '../app/session';
import { ErrorAlert } from '../ui/ErrorAlert';
import { FilterSelect } from '../ui/ListFilters';
import { PagedTable, pageSize, type Column } from '../ui/PagedTable';
import { StatusBadge } from '../ui/StatusBadge';
import { useNow } from '../ui/useNow';
import { languages, listAgents, severities, statuses, ticketQueue, type Ticket } from './api';
import { Countdown } from './Countdown';
import { currentTimers } from './countdown';
import { EscalatedBadge } from './EscalatedAlert';
import { MyLanguages } from './MyLanguages';
import { useTopics } from './useTopics';
import { explained, formatInstant, languageLabel, languageTone, severityLabel, severityTone, sourceLabel, statusLabel, ticketStatusTone } from './words';

const queueFilters = ['status', 'severity', 'language', 'assignee'] as const;
type QueueFilter = (typeof queueFilters)[number];

/**
 * Queue is the support agents' ticket queue, in the server's order: escalated tickets first, then
 * the nearest due instant (overdue first). Every row counts down live, second by second, for first
 * response and resolution: amber from the warning instant, red at the breach, "Met" once met,
 * paused while the ticket waits. Filters live in the address.
 */
export function Queue() {
  const { user } = useSignedIn();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const filters = Object.fromEntries(queueFilters.map((name) => [name, params.get(name) ?? ''])) as Record<QueueFilter, string>;
  const setFilter = (name: QueueFilter | 'page', value: string) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(name, value);
        else next.delete(name);
        if (name !== 'page') next.delete('page');
        return next;
      },
      { replace: true },
    );
  const query = { ...filters, limit: pageSize, offset: (page - 1) * pageSize };
  const queue = useQuery({
    queryKey: ['support', 'queue', query],
    queryFn: () => explained(ticketQueue(query)),
    placeholderData: keepPreviousData,
    refetchInterval: 10_000,
  });
  const agents = useQuery({ queryKey: ['support', 'agents'], queryFn: () => explained(listAgents()), staleTime: 60_000 });
  const agentName = (id?: string | null) => (id ? (id === user.id ? 'Me' : (agents.data?.agents?.find((agent) => agent.id === id)?.name ?? id)) : 'Nobody');
  const me = agents.data?.agents?.find((agent) => agent.id === user.id);
  const { topicName } = useTopics();
  const now = useNow(1000);

  const columns: Column<Ticket>[] = [
    {
      header: 'Ticket',
      cell: (ticket) => (
        <Stack gap={2}>
          <Group gap={6} wrap="nowrap">
            {ticket.escalated && <EscalatedBadge />}
            <Anchor component={Link} to={`/operator/tickets/${ticket.id}`} fw={500}>
              {ticket.subject}
            </Anchor>
          </Group>
          <Text size="xs" c="dimmed">
            {topicName(ticket.topic)} · {sourceLabel(ticket.source)} · {ticket.requester_kind === 'client' ? 'client' : 'partner'} {ticket.plan} · opened{' '}
            {formatInstant(ticket.opened_at)}
          </Text>
        </Stack>
      ),
    },
    { header: 'Severity', cell: (ticket) => <StatusBadge tone={severityTone(ticket.severity)} /> },
    { header: 'Status', cell: (ticket) => <StatusBadge tone={ticketStatusTone(ticket.status, true)} /> },
    { header: 'Language', cell: (ticket) => <StatusBadge tone={languageTone(ticket.language, ticket.language_fallback)} /> },
    { header: 'Assignee', cell: (ticket) => agentName(ticket.assignee_id) },
    ...(['first_response', 'resolution'] as const).map(
      (metric): Column<Ticket> => ({
        header: metric === 'first_response' ? 'First response' : 'Resolution',
        cell: (ticket) => {
          const timer = currentTimers(ticket.timers).find((candidate) => candidate.metric === metric);
          return timer ? <Countdown timer={timer} now={now} /> : <Text c="dimmed">—</Text>;
        },
      }),
    ),
  ];
  const filtered = queueFilters.some((name) => filters[name] !== '');

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Ticket queue</Title>
        <Button component={Link} to="/operator/tickets/new" variant="light">
          Enter an email or WhatsApp ticket
        </Button>
      </Group>
      <Text c="dimmed" size="sm">
        Escalated tickets first, then the nearest due time. Countdowns turn amber at the warning and red at the breach.
      </Text>
      {me && <MyLanguages key={me.id} me={me} />}
      <Group align="flex-end" wrap="wrap">
        <NativeSelect
          label="Status"
          value={filters.status}
          onChange={(event) => setFilter('status', event.currentTarget.value)}
          data={[{ value: '', label: 'Every unfinished' }, ...statuses.map((status) => ({ value: status, label: statusLabel(status, true) }))]}
        />
        <FilterSelect label="Severity" value={filters.severity} options={severities} format={severityLabel} onChange={(value) => setFilter('severity', value)} />
        <FilterSelect label="Language" value={filters.language} options={languages} format={languageLabel} onChange={(value) => setFilter('language', value)} />
        <NativeSelect
          label="Assignee"
          value={filters.assignee}
          onChange={(event) => setFilter('assignee', event.currentTarget.value)}
          data={[
            { value: '', label: 'Anyone' },
            { value: 'me', label: 'Me' },
            { value: 'none', label: 'Nobody' },
            ...(agents.data?.agents ?? []).filter((agent) => agent.id !== user.id).map((agent) => ({ value: agent.id ?? '', label: agent.name ?? agent.email ?? '' })),
          ]}
        />
      </Group>
      <ErrorAlert error={queue.error} title="Could not load the queue" />
      {queue.data && (
        <PagedTable
          caption="Ticket queue"
          columns={columns}
          rows={queue.data.tickets ?? []}
          total={queue.data.total ?? 0}
          page={page}
          onPage={(next) => setFilter('page', next > 1 ? String(next) : '')}
          empty={filtered ? 'No ticket matches these filters.' : 'The queue is empty: every ticket is answered.'}
        />
      )}
    </Stack>
  );
}
