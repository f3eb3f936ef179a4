import { Anchor, Group, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useSignedIn } from '../app/session';
import type { CsvColumn } from '../ui/csv';
import { ErrorAlert } from '../ui/ErrorAlert';
import { ExportButton } from '../ui/ExportButton';
import { FilterSelect, SearchBox } from '../ui/ListFilters';
import { formatDate, PagedTable, type Column } from '../ui/PagedTable';
import { StatusBadge } from '../ui/StatusBadge';
import { humanize } from '../ui/tone';
import { useListState } from '../ui/useListState';
import { clientPlans, clientStatuses, listClients, type ClientAccount } from './api';

const columns: Column<ClientAccount>[] = [
  {
    header: 'Name',
    sort: 'name',
    cell: (client) => (
      <Anchor component={Link} to={`/partner/clients/${client.id}`}>
        {client.name}
      </Anchor>
    ),
  },
  { header: 'Organisation', cell: (client) => client.organisation },
  { header: 'Status', cell: (client) => <StatusBadge status={client.status} /> },
  { header: 'Plan', cell: (client) => humanize(client.plan) },
  { header: 'Numbers', cell: (client) => `${client.channel_count ?? 0} / ${client.max_channels ?? '—'}` },
  { header: 'Partner payload', cell: (client) => <Text size="sm" ff="monospace">{client.partner_payload}</Text> },
  { header: 'Contact', cell: (client) => client.contact_info?.email },
  { header: 'Created', sort: 'created_at', cell: (client) => formatDate(client.created_at) },
  { header: 'Modified', sort: 'modified_at', cell: (client) => formatDate(client.modified_at) },
];

const csvColumns: CsvColumn<ClientAccount>[] = [
  { header: 'id', value: (client) => client.id },
  { header: 'name', value: (client) => client.name },
  { header: 'organisation', value: (client) => client.organisation },
  { header: 'status', value: (client) => client.status },
  { header: 'plan', value: (client) => client.plan },
  { header: 'channel_count', value: (client) => client.channel_count },
  { header: 'max_channels', value: (client) => client.max_channels },
  { header: 'partner_payload', value: (client) => client.partner_payload },
  { header: 'contact_name', value: (client) => client.contact_info?.full_name },
  { header: 'contact_email', value: (client) => client.contact_info?.email },
  { header: 'contact_phone', value: (client) => client.contact_info?.phone },
  { header: 'created_at', value: (client) => client.created_at },
  { header: 'modified_at', value: (client) => client.modified_at },
];

/** Clients lists the partner's clients: search, filter, sort, page through and export them. */
export function Clients() {
  const partnerId = useSignedIn().user.partner_id ?? '';
  const list = useListState({ sort: '-created_at', filters: ['status', 'plan'] as const });
  const clients = useQuery({
    queryKey: ['partners', partnerId, 'clients', list.query],
    queryFn: () => listClients(partnerId, list.query),
    placeholderData: keepPreviousData,
  });
  const filtered = list.q !== '' || list.filters.status !== '' || list.filters.plan !== '';

  return (
    <Stack>
      <Title order={2}>Clients</Title>
      <Group align="flex-end" wrap="wrap">
        <SearchBox label="Search clients" placeholder="Name, organisation or partner payload" value={list.q} onSearch={list.setSearch} />
        <FilterSelect label="Status" value={list.filters.status} options={clientStatuses} onChange={(value) => list.setFilter('status', value)} />
        <FilterSelect label="Plan" value={list.filters.plan} options={clientPlans} onChange={(value) => list.setFilter('plan', value)} />
        <ExportButton
          noun={['client', 'clients']}
          filename={`clients-${new Date().toISOString().slice(0, 10)}.csv`}
          columns={csvColumns}
          fetchPage={async (offset, limit) => {
            const page = await listClients(partnerId, { ...list.query, offset, limit });
            return { rows: page.clients ?? [], total: page.total ?? 0 };
          }}
        />
      </Group>
      <ErrorAlert error={clients.error} title="Could not load clients" />
      {clients.data && (
        <PagedTable
          caption="Clients"
          columns={columns}
          rows={clients.data.clients ?? []}
          total={clients.data.total ?? 0}
          page={list.page}
          onPage={list.setPage}
          sort={list.sort}
          onSort={list.toggleSort}
          empty={filtered ? 'No client matches these filters.' : undefined}
        />
      )}
    </Stack>
  );
}
