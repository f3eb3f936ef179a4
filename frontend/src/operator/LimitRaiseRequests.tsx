import { Button, Group, Modal, Stack, Text, Textarea, Title } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { canDecideLimitRaises } from '../app/roles';
import { useSignedIn } from '../app/session';
import { listPartners } from '../partners/api';
import { ErrorAlert } from '../ui/ErrorAlert';
import { FilterSelect } from '../ui/ListFilters';
import { formatDateTime, PagedTable, type Column } from '../ui/PagedTable';
import { atMost, counter } from '../ui/rules';
import { StatusBadge } from '../ui/StatusBadge';
import { useListState } from '../ui/useListState';
import { decideLimitRaiseRequest, limitRaiseStatuses, listLimitRaiseRequests, type LimitRaiseRequest } from './api';

/** decisionNoteMax is the server's limit on a decision note. */
export const decisionNoteMax = 1000;
const noteRule = atMost('Note', decisionNoteMax);

type Decision = { request: LimitRaiseRequest; decision: 'approve' | 'reject'; open: boolean };

/** LimitRaiseRequests lists requests to raise a WABA's number limit; a platform admin approves or rejects them. */
export function LimitRaiseRequests() {
  const { user } = useSignedIn();
  const decides = canDecideLimitRaises(user.role);
  const list = useListState({ sort: '-created_at', filters: ['status'] as const });
  // The decision stays set while its dialog closes, so the closing dialog keeps its words.
  const [deciding, setDeciding] = useState<Decision | null>(null);
  const decide = (request: LimitRaiseRequest, decision: Decision['decision']) => setDeciding({ request, decision, open: true });
  // Requests name partners by id; the operator knows them by brand.
  const partners = useQuery({ queryKey: ['partners', 'names'], queryFn: () => listPartners({ limit: 1000, sort: 'brand_name' }), staleTime: 60_000 });
  const brandOf = (id?: string) => partners.data?.partners?.find((partner) => partner.id === id)?.brand_name ?? id;
  const requests = useQuery({
    queryKey: ['operator', 'limit_raise_requests', list.query],
    queryFn: () => listLimitRaiseRequests(list.query),
    placeholderData: keepPreviousData,
  });

  const columns: Column<LimitRaiseRequest>[] = [
    { header: 'Requested', sort: 'created_at', cell: (request) => formatDateTime(request.created_at) },
    { header: 'Partner', cell: (request) => brandOf(request.partner_id) },
    { header: 'Client', cell: (request) => request.client_id },
    { header: 'WABA', cell: (request) => request.waba_id },
    { header: 'New limit', cell: (request) => request.requested_limit },
    { header: 'Reason', cell: (request) => <Text size="sm" lineClamp={3}>{request.reason}</Text> },
    { header: 'Status', cell: (request) => <StatusBadge status={request.status} /> },
    {
      header: 'Decision',
      cell: (request) =>
        request.status === 'pending' ? (
          decides ? (
            <Group gap="xs" wrap="nowrap">
              <Button size="xs" color="green" onClick={() => decide(request, 'approve')} aria-label={`Approve request ${request.id}`}>
                Approve
              </Button>
              <Button size="xs" color="red" variant="outline" onClick={() => decide(request, 'reject')} aria-label={`Reject request ${request.id}`}>
                Reject
              </Button>
            </Group>
          ) : (
            <Text size="sm" c="dimmed">Awaiting a platform admin</Text>
          )
        ) : (
          <Text size="sm">
            {formatDateTime(request.decided_at)}
            {request.decision_note ? ` · ${request.decision_note}` : ''}
          </Text>
        ),
    },
  ];

  return (
    <Stack>
      <Title order={2}>Limit-raise requests</Title>
      <Text c="dimmed" size="sm">
        A WhatsApp Business Account holds 25 numbers; an approved request raises its limit.
      </Text>
      <Group align="flex-end">
        <FilterSelect label="Status" value={list.filters.status} options={limitRaiseStatuses} onChange={(value) => list.setFilter('status', value)} />
      </Group>
      <ErrorAlert error={requests.error} title="Could not load the requests" />
      {requests.data && (
        <PagedTable
          caption="Limit-raise requests"
          columns={columns}
          rows={requests.data.limit_raise_requests ?? []}
          total={requests.data.total ?? 0}
          page={list.page}
          onPage={list.setPage}
          sort={list.sort}
          onSort={list.toggleSort}
          empty={list.filters.status ? `No ${list.filters.status} request.` : 'No request yet.'}
        />
      )}
      <DecisionDialog deciding={deciding} onClose={() => setDeciding((current) => current && { ...current, open: false })} />
    </Stack>
  );
}

function DecisionDialog({ deciding, onClose }: { deciding: Decision | null; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const decide = useMutation({
    mutationFn: ({ request, decision }: Decision) => decideLimitRaiseRequest(request.id ?? '', decision, note),
    onSuccess: () => {
      close();
      return queryClient.invalidateQueries({ queryKey: ['operator', 'limit_raise_requests'] });
    },
  });
  const close = () => {
    setNote('');
    decide.reset();
    onClose();
  };
  const approve = deciding?.decision === 'approve';
  const problem = noteRule(note);
  return (
    <Modal opened={deciding?.open === true} onClose={close} title={approve ? 'Approve the request' : 'Reject the request'} centered>
      {deciding && (
        <Stack>
          <Text size="sm">
            {approve
              ? `The number limit of WABA ${deciding.request.waba_id} becomes ${deciding.request.requested_limit}.`
              : `The number limit of WABA ${deciding.request.waba_id} stays as it is.`}
          </Text>
          <Textarea
            label="Note (optional)"
            description={`${counter(note, decisionNoteMax)} characters · the partner sees this note`}
            value={note}
            onChange={(event) => setNote(event.currentTarget.value)}
            error={problem}
            autosize
            minRows={2}
          />
          <ErrorAlert error={decide.error} title="Decision not saved" />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Back
            </Button>
            <Button color={approve ? 'green' : 'red'} loading={decide.isPending} disabled={problem !== null} onClick={() => decide.mutate(deciding)}>
              {approve ? 'Approve' : 'Reject'}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
