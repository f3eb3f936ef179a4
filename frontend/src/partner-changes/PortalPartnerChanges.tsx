import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { useSignedIn } from '../app/session';
import { listOwnChannels } from '../channels/api';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { ErrorAlert } from '../ui/ErrorAlert';
import { FilterSelect } from '../ui/ListFilters';
import { formatDateTime, PagedTable, type Column } from '../ui/PagedTable';
import { StatusBadge } from '../ui/StatusBadge';
import { useListState } from '../ui/useListState';
import { cancelPartnerChange, listOwnPartnerChanges, partnerChangeStatuses, type PartnerChange } from './api';
import { explained, partnerChangeStatusLabel, partnerChangeTone, whenWords } from './words';

/** PortalPartnerChanges lists the client's partner change requests; a client admin starts one or cancels one awaiting approval. */
export function PortalPartnerChanges() {
  const { user } = useSignedIn();
  const clientId = user.client_id ?? '';
  const isAdmin = user.role === 'client_admin';
  const queryClient = useQueryClient();
  const list = useListState({ sort: '-created_at', filters: ['status'] as const });
  const requests = useQuery({
    queryKey: ['clients', clientId, 'partner_changes', list.query],
    queryFn: () => listOwnPartnerChanges(clientId, list.query),
    placeholderData: keepPreviousData,
    // The destination decides and a background job runs the move: keep the statuses fresh.
    refetchInterval: 5000,
  });
  // Requests name numbers by channel id; the client knows them by phone number.
  const channels = useQuery({
    queryKey: ['clients', clientId, 'channels', 'all'],
    queryFn: () => listOwnChannels(clientId, { limit: 1000, sort: 'setup_info.phone_number' }),
    staleTime: 30_000,
  });
  const phoneOf = (id: string) => channels.data?.channels?.find((channel) => channel.id === id)?.setup_info?.phone_number ?? id;

  const [cancelling, setCancelling] = useState<PartnerChange | null>(null);
  const cancel = useMutation({
    mutationFn: (request: PartnerChange) => explained(cancelPartnerChange(clientId, request.id ?? '')),
    onSuccess: () => {
      setCancelling(null);
      return queryClient.invalidateQueries({ queryKey: ['clients', clientId] });
    },
  });

  const columns: Column<PartnerChange>[] = [
    { header: 'Requested', sort: 'created_at', cell: (request) => formatDateTime(request.created_at) },
    { header: 'To partner', cell: (request) => request.target_partner_name || request.target_partner_id },
    {
      header: 'Numbers',
      cell: (request) => (
        <Text size="sm">
          {request.is_full_migration ? 'Whole account: ' : 'Into a new account: '}
          {(request.channel_ids ?? []).map(phoneOf).join(', ')}
        </Text>
      ),
    },
    { header: 'Status', sort: 'status', cell: (request) => <StatusBadge tone={partnerChangeTone(request.status)} /> },
    { header: 'When', cell: (request) => <Text size="sm">{whenWords(request)}</Text> },
    { header: 'Reason', cell: (request) => <Text size="sm">{request.reason}</Text> },
    {
      header: 'Action',
      cell: (request) =>
        request.status === 'created' && isAdmin ? (
          <Button
            size="xs"
            variant="outline"
            color="red"
            aria-label={`Cancel request ${request.id}`}
            onClick={() => {
              cancel.reset();
              setCancelling(request);
            }}
          >
            Cancel
          </Button>
        ) : null,
    },
  ];

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Partner changes</Title>
        {isAdmin && (
          <Button component={Link} to="/portal/partner-changes/new">
            Change partner
          </Button>
        )}
      </Group>
      <Text c="dimmed" size="sm">
        Move your numbers to another partner. The new partner approves the move; then it runs at once or at the end of the month.
      </Text>
      <Group align="flex-end">
        <FilterSelect
          label="Status"
          value={list.filters.status}
          options={partnerChangeStatuses}
          format={partnerChangeStatusLabel}
          onChange={(value) => list.setFilter('status', value)}
        />
      </Group>
      <ErrorAlert error={requests.error} title="Could not load your partner changes" />
      {requests.data && (
        <PagedTable
          caption="Partner change requests"
          columns={columns}
          rows={requests.data.partner_change_requests ?? []}
          total={requests.data.total ?? 0}
          page={list.page}
          onPage={list.setPage}
          sort={list.sort}
          onSort={list.toggleSort}
          empty={list.filters.status ? 'No request has this status.' : 'You have not asked to change partner.'}
        />
      )}
      <ConfirmDialog
        opened={cancelling !== null}
        title="Cancel the partner change"
        confirmLabel="Cancel the request"
        color="red"
        pending={cancel.isPending}
        error={cancel.error}
        onConfirm={() => cancelling && cancel.mutate(cancelling)}
        onClose={() => setCancelling(null)}
      >
        Your numbers stay with your current partner, and {cancelling?.target_partner_name || 'the other partner'} no longer sees the request.
      </ConfirmDialog>
    </Stack>
  );
}
