import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { channelAbilities } from '../app/roles';
import { useSignedIn } from '../app/session';
import { getOwnClient } from '../clients/api';
import { AddNumberDialog } from '../onboarding/AddNumberDialog';
import { ErrorAlert } from '../ui/ErrorAlert';
import { FilterSelect } from '../ui/ListFilters';
import { PagedTable } from '../ui/PagedTable';
import { useListState } from '../ui/useListState';
import { channelStatuses, listOwnChannels } from './api';
import { channelColumns } from './channelColumns';

const columns = channelColumns((channel) => `/portal/numbers/${channel.id}`, { withClient: false });

/** MyNumbers lists the signed-in client's phone numbers. */
export function MyNumbers() {
  const { user } = useSignedIn();
  const clientId = user.client_id ?? '';
  // Adding a number runs the onboarding's plan and number steps in a dialog (client admins only).
  const [adding, setAdding] = useState(false);
  const list = useListState({ sort: 'setup_info.phone_number', filters: ['status'] as const });
  const client = useQuery({ queryKey: ['clients', clientId], queryFn: () => getOwnClient(clientId) });
  const channels = useQuery({
    queryKey: ['clients', clientId, 'channels', list.query],
    queryFn: () => listOwnChannels(clientId, list.query),
    placeholderData: keepPreviousData,
  });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>My numbers</Title>
        <Group gap="xs">
          {channelAbilities(user.role).change && (
            <Button component={Link} to="/portal/migrations/new" variant="default">
              Import a number
            </Button>
          )}
          {user.role === 'client_admin' && (
            <Button component={Link} to="/portal/partner-changes/new" variant="default">
              Change partner
            </Button>
          )}
          {user.role === 'client_admin' && <Button onClick={() => setAdding(true)}>Add number</Button>}
        </Group>
      </Group>
      {client.data && (
        <Text c="dimmed">
          {client.data.name} · {client.data.channel_count ?? channels.data?.total ?? 0} of at most {client.data.max_channels ?? '—'} numbers
        </Text>
      )}
      <Group align="flex-end">
        <FilterSelect label="Status" value={list.filters.status} options={channelStatuses} onChange={(value) => list.setFilter('status', value)} />
      </Group>
      <ErrorAlert error={channels.error} title="Could not load your numbers" />
      {channels.data && (
        <PagedTable
          caption="My numbers"
          columns={columns}
          rows={channels.data.channels ?? []}
          total={channels.data.total ?? 0}
          page={list.page}
          onPage={list.setPage}
          sort={list.sort}
          onSort={list.toggleSort}
          empty={list.filters.status ? 'No number has this status.' : 'You have no numbers yet.'}
        />
      )}
      <AddNumberDialog
        opened={adding}
        onClose={() => setAdding(false)}
        clientId={clientId}
        partnerId={user.partner_id ?? ''}
        organisation={client.data?.organisation || client.data?.name || ''}
      />
    </Stack>
  );
}
