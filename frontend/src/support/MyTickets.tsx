import { Anchor, Button, Group, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useSignedIn } from '../app/session';
import { ErrorAlert } from '../ui/ErrorAlert';
import { FilterSelect } from '../ui/ListFilters';
import { PagedTable, type Column } from '../ui/PagedTable';
import { StatusBadge } from '../ui/StatusBadge';
import { useListState } from '../ui/useListState';
import { useNow } from '../ui/useNow';
import { listTickets, statuses, type Ticket } from './api';
import { Countdown } from './Countdown';
import { currentTimers } from './countdown';
import { EscalatedBadge } from './EscalatedAlert';
import { supportPath } from './paths';
import { useTopics } from './useTopics';
import { explained, formatInstant, severityTone, statusLabel, ticketStatusTone } from './words';

/**
 * MyTickets lists the tickets a requester may see — a client user their client's, partner staff
 * their partner's — with their status and live SLA countdowns, and opens new ones.
 */
export function MyTickets() {
  const { user } = useSignedIn();
  const base = supportPath(user.role);
  const list = useListState({ sort: '-created_at', filters: ['status', 'mine'] as const });
  const filters: Record<string, string> = { status: list.filters.status };
  if (list.filters.mine === 'true') filters.requester_user_id = user.id ?? '';
  const query = { ...list.query, filters };
  const tickets = useQuery({
    queryKey: ['support', 'tickets', query],
    queryFn: () => explained(listTickets(query)),
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
  });
  const { topicName } = useTopics();
  const now = useNow(1000);

  const columns: Column<Ticket>[] = [
    {
      header: 'Subject',
      cell: (ticket) => (
        <Group gap={6} wrap="nowrap">
          <Anchor component={Link} to={`${base}/${ticket.id}`}>
            {ticket.subject}
          </Anchor>
          {ticket.escalated && <EscalatedBadge />}
        </Group>
      ),
    },
    { header: 'Topic', cell: (ticket) => topicName(ticket.topic) },
    { header: 'Severity', cell: (ticket) => <StatusBadge tone={severityTone(ticket.severity)} /> },
    { header: 'Status', cell: (ticket) => <StatusBadge tone={ticketStatusTone(ticket.status)} /> },
    { header: 'Opened', sort: 'opened_at', cell: (ticket) => formatInstant(ticket.opened_at) },
    {
      header: 'SLA',
      cell: (ticket) => (
        <Stack gap={4}>
          {currentTimers(ticket.timers).map((timer) => (
            <Countdown key={timer.metric} timer={timer} now={now} />
          ))}
        </Stack>
      ),
    },
  ];

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Support</Title>
        <Button component={Link} to={`${base}/new`}>
          New ticket
        </Button>
      </Group>
      <Text c="dimmed" size="sm">
        Your tickets with support. Each shows when support answers at the latest (first response) and when it should be resolved.
      </Text>
      <Group align="flex-end">
        <FilterSelect label="Status" value={list.filters.status} options={statuses} format={(status) => statusLabel(status)} onChange={(value) => list.setFilter('status', value)} />
        <FilterSelect
          label="Opened by"
          value={list.filters.mine}
          options={['true']}
          format={() => 'Only me'}
          onChange={(value) => list.setFilter('mine', value)}
        />
      </Group>
      <ErrorAlert error={tickets.error} title="Could not load the tickets" />
      {tickets.data && (
        <PagedTable
          caption="Support tickets"
          columns={columns}
          rows={tickets.data.tickets ?? []}
          total={tickets.data.total ?? 0}
          page={list.page}
          onPage={list.setPage}
          sort={list.sort}
          onSort={list.toggleSort}
          empty={list.filters.status || list.filters.mine ? 'No ticket matches these filters.' : 'No tickets yet. Open one when you need help.'}
        />
      )}
    </Stack>
  );
}
