import { Button, Group, Modal, Stack, Text, Textarea, Title } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSignedIn } from '../app/session';
import { usePartnerNames } from '../partners/usePartnerNames';
import { ErrorAlert } from '../ui/ErrorAlert';
import { FilterSelect, SearchBox } from '../ui/ListFilters';
import { formatDateTime, PagedTable, type Column } from '../ui/PagedTable';
import { StatusBadge } from '../ui/StatusBadge';
import { useListState } from '../ui/useListState';
import { cancelPartnerChangeAsOperator, listAllPartnerChanges, partnerChangeStatuses, type PartnerChange } from './api';
import { explained, partnerChangeCancelReasonProblem, partnerChangeStatusLabel, partnerChangeTone, rejectReasonMax, utf8Length, whenWords } from './words';

/** OperatorPartnerChanges lists every tenant's partner change requests; a platform admin cancels one awaiting approval. */
export function OperatorPartnerChanges() {
  const { user } = useSignedIn();
  const cancels = user.role === 'platform_admin';
  const partners = usePartnerNames();
  const list = useListState({ sort: '-created_at', filters: ['status', 'is_full_migration', 'source_partner_id', 'target_partner_id'] as const });
  const requests = useQuery({
    queryKey: ['operator', 'partner_changes', list.query],
    queryFn: () => listAllPartnerChanges(list.query),
    placeholderData: keepPreviousData,
    refetchInterval: 10_000,
  });
  const [cancelling, setCancelling] = useState<PartnerChange | null>(null);

  const columns: Column<PartnerChange>[] = [
    { header: 'Requested', sort: 'created_at', cell: (request) => formatDateTime(request.created_at) },
    { header: 'Request', cell: (request) => <Text size="sm" ff="monospace">{request.id}</Text> },
    { header: 'From', cell: (request) => request.source_partner_name || partners.name(request.source_partner_id) },
    { header: 'To', cell: (request) => request.target_partner_name || partners.name(request.target_partner_id) },
    { header: 'Client', cell: (request) => <Text size="sm" ff="monospace">{request.source_client_id}</Text> },
    { header: 'Numbers', cell: (request) => `${request.is_full_migration ? 'Whole account' : 'Some numbers'} (${request.channel_ids?.length ?? 0})` },
    { header: 'Status', sort: 'status', cell: (request) => <StatusBadge tone={partnerChangeTone(request.status)} /> },
    { header: 'When', cell: (request) => <Text size="sm">{whenWords(request)}</Text> },
    { header: 'Reason', cell: (request) => <Text size="sm">{request.reason}</Text> },
    {
      header: 'Action',
      cell: (request) =>
        cancels && request.status === 'created' ? (
          <Button size="xs" variant="outline" color="red" aria-label={`Cancel request ${request.id}`} onClick={() => setCancelling(request)}>
            Cancel
          </Button>
        ) : null,
    },
  ];
  const filtered = list.q !== '' || Object.values(list.filters).some((value) => value !== '');

  return (
    <Stack>
      <Title order={2}>Partner changes</Title>
      <Text c="dimmed" size="sm">
        Every request of a client to move to another partner. The destination partner decides; a request awaiting approval can be cancelled here.
      </Text>
      <Group align="flex-end" wrap="wrap">
        <SearchBox label="Search" placeholder="Request, client or partner id" value={list.q} onSearch={list.setSearch} />
        <FilterSelect label="Status" value={list.filters.status} options={partnerChangeStatuses} format={partnerChangeStatusLabel} onChange={(value) => list.setFilter('status', value)} />
        <FilterSelect
          label="Numbers"
          value={list.filters.is_full_migration}
          options={['true', 'false']}
          format={(value) => (value === 'true' ? 'Whole account' : 'Some numbers')}
          onChange={(value) => list.setFilter('is_full_migration', value)}
        />
        <FilterSelect label="From partner" value={list.filters.source_partner_id} options={partners.ids} format={(id) => partners.name(id) ?? id} onChange={(value) => list.setFilter('source_partner_id', value)} />
        <FilterSelect label="To partner" value={list.filters.target_partner_id} options={partners.ids} format={(id) => partners.name(id) ?? id} onChange={(value) => list.setFilter('target_partner_id', value)} />
      </Group>
      <ErrorAlert error={requests.error} title="Could not load the requests" />
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
          empty={filtered ? 'No request matches these filters.' : 'No partner change has been requested.'}
        />
      )}
      <CancelRequestDialog request={cancelling} onClose={() => setCancelling(null)} />
    </Stack>
  );
}

function CancelRequestDialog({ request, onClose }: { request: PartnerChange | null; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const cancel = useMutation({
    mutationFn: (target: PartnerChange) => explained(cancelPartnerChangeAsOperator(target.id ?? '', reason)),
    onSuccess: () => {
      close();
      return queryClient.invalidateQueries({ queryKey: ['operator', 'partner_changes'] });
    },
  });
  const close = () => {
    setReason('');
    cancel.reset();
    onClose();
  };
  const problem = partnerChangeCancelReasonProblem(reason);
  return (
    <Modal opened={request !== null} onClose={close} title="Cancel the partner change" centered>
      {request && (
        <Stack>
          <Text size="sm">
            The client's numbers stay with {request.source_partner_name || request.source_partner_id}; both partners are told.
          </Text>
          <Textarea
            label="Reason (optional)"
            description={`${utf8Length(reason.trim())} / ${rejectReasonMax} characters · the client and both partners see it`}
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            error={problem}
            autosize
            minRows={2}
          />
          <ErrorAlert error={cancel.error} title="Not cancelled" />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Back
            </Button>
            <Button color="red" loading={cancel.isPending} disabled={problem !== null} onClick={() => cancel.mutate(request)}>
              Cancel the request
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
