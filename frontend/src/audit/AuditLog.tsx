import { Anchor, Code, Group, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { roleLabel } from '../app/roles';
import { useSignedIn } from '../app/session';
import { ErrorAlert } from '../ui/ErrorAlert';
import { SearchBox } from '../ui/ListFilters';
import { formatDateTime, PagedTable, type Column } from '../ui/PagedTable';
import { humanize } from '../ui/tone';
import { useListState } from '../ui/useListState';
import { listAuditLogs, type AuditEntry } from './api';

/** detailsText shows an entry's details compactly: nothing for an empty object. */
export function detailsText(details: unknown): string {
  if (details === null || details === undefined) return '';
  if (typeof details === 'object' && Object.keys(details).length === 0) return '';
  return typeof details === 'string' ? details : JSON.stringify(details);
}

const columns: Column<AuditEntry>[] = [
  { header: 'When', sort: 'occurred_at', cell: (entry) => formatDateTime(entry.occurred_at) },
  { header: 'Action', cell: (entry) => <Code>{entry.action}</Code> },
  {
    header: 'Object',
    cell: (entry) => {
      const page = entry.object_type === 'channel' ? 'channels' : entry.object_type === 'client' ? 'clients' : null;
      return (
        <>
          {humanize(entry.object_type)}{' '}
          {page && entry.object_id ? (
            <Anchor component={Link} to={`/partner/${page}/${entry.object_id}`}>
              {entry.object_id}
            </Anchor>
          ) : (
            entry.object_id
          )}
        </>
      );
    },
  },
  { header: 'By', cell: (entry) => (entry.actor_role ? `${roleLabel(entry.actor_role)} ${entry.actor_user_id ?? ''}` : entry.actor_user_id || 'System') },
  {
    header: 'Client',
    cell: (entry) =>
      entry.client_id ? (
        <Anchor component={Link} to={`/partner/clients/${entry.client_id}`}>
          {entry.client_id}
        </Anchor>
      ) : null,
  },
  {
    header: 'Details',
    cell: (entry) => (
      <Text size="xs" ff="monospace" lineClamp={3} style={{ overflowWrap: 'anywhere' }}>
        {detailsText(entry.details)}
      </Text>
    ),
  },
];

/** AuditLog lists what happened to the partner's objects, newest first. */
export function AuditLog() {
  const partnerId = useSignedIn().user.partner_id ?? '';
  const list = useListState({ sort: '-occurred_at', filters: ['object_type', 'object_id', 'action'] as const });
  const entries = useQuery({
    queryKey: ['partners', partnerId, 'audit_logs', list.query],
    queryFn: () => listAuditLogs(partnerId, list.query),
    placeholderData: keepPreviousData,
  });
  const filtered = Object.values(list.filters).some((value) => value !== '');

  return (
    <Stack>
      <Title order={2}>Audit log</Title>
      <Group align="flex-end">
        <SearchBox label="Object type" placeholder="channel" value={list.filters.object_type} onSearch={(text) => list.setFilter('object_type', text)} />
        <SearchBox label="Object ID" value={list.filters.object_id} onSearch={(text) => list.setFilter('object_id', text)} />
        <SearchBox label="Action" placeholder="channel.cancellation_request" value={list.filters.action} onSearch={(text) => list.setFilter('action', text)} />
      </Group>
      <Text size="xs" c="dimmed">
        Filters match whole values.
      </Text>
      <ErrorAlert error={entries.error} title="Could not load the audit log" />
      {entries.data && (
        <PagedTable
          caption="Audit log"
          columns={columns}
          rows={entries.data.audit_logs ?? []}
          total={entries.data.total ?? 0}
          page={list.page}
          onPage={list.setPage}
          sort={list.sort}
          onSort={list.toggleSort}
          empty={filtered ? 'No entry matches these filters.' : undefined}
        />
      )}
    </Stack>
  );
}
