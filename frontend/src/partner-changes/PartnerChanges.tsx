import { Button, Group, Modal, Paper, Radio, Stack, Switch, Tabs, Text, Textarea, Title } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useSignedIn } from '../app/session';
import { getPartner, type Partner } from '../partners/api';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { ErrorAlert } from '../ui/ErrorAlert';
import { FilterSelect, SearchBox } from '../ui/ListFilters';
import { formatDateTime, PagedTable, type Column } from '../ui/PagedTable';
import { StatusBadge } from '../ui/StatusBadge';
import { useListState } from '../ui/useListState';
import {
  approvePartnerChange,
  listPartnerChanges,
  partnerChangeStatuses,
  rejectPartnerChange,
  setPartnerChangeSettings,
  type Execution,
  type PartnerChange,
} from './api';
import { explained, partnerChangeStatusLabel, partnerChangeTone, rejectReasonMax, rejectReasonProblem, utf8Length, whenWords } from './words';

type Direction = 'incoming' | 'outgoing';

const executionLabels: Record<Execution, string> = {
  immediate: 'At once, as soon as I approve',
  end_of_month: 'At the end of the month (00:00 UTC on the 1st)',
};

/**
 * PartnerChanges is the partner's view of partner change requests: incoming ones (clients of other
 * partners moving here) a partner admin approves or rejects with a reason; outgoing ones (own
 * clients moving away) are read-only. The settings say whether incoming ones are approved
 * automatically and when approved ones run.
 */
export function PartnerChanges() {
  const { user } = useSignedIn();
  const partnerId = user.partner_id ?? '';
  const [params, setParams] = useSearchParams();
  const direction: Direction = params.get('tab') === 'outgoing' ? 'outgoing' : 'incoming';
  const partner = useQuery({ queryKey: ['partners', partnerId, 'profile'], queryFn: () => getPartner(partnerId) });

  return (
    <Stack>
      <Title order={2}>Partner changes</Title>
      <Text c="dimmed" size="sm">
        Clients move between partners with a partner change request: the partner they move to approves it, then it runs at once or at the end of the
        month.
      </Text>
      <ErrorAlert error={partner.error} title="Could not load the settings" />
      {partner.data && <Settings key={partner.data.id} partner={partner.data} editable={user.role === 'partner_admin'} />}
      <Tabs
        value={direction}
        onChange={(value) =>
          setParams(
            () => {
              const next = new URLSearchParams();
              if (value === 'outgoing') next.set('tab', 'outgoing');
              return next;
            },
            { replace: true },
          )
        }
      >
        <Tabs.List>
          <Tabs.Tab value="incoming">Incoming</Tabs.Tab>
          <Tabs.Tab value="outgoing">Outgoing</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value={direction} pt="md">
          <ChangeList key={direction} partnerId={partnerId} direction={direction} decides={user.role === 'partner_admin'} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function ChangeList({ partnerId, direction, decides }: { partnerId: string; direction: Direction; decides: boolean }) {
  const queryClient = useQueryClient();
  const list = useListState({ sort: '-created_at', filters: ['status', 'is_full_migration'] as const });
  const side: Record<string, string> = direction === 'incoming' ? { target_partner_id: partnerId } : { source_partner_id: partnerId };
  const query = { ...list.query, filters: { ...list.query.filters, ...side } };
  const requests = useQuery({
    queryKey: ['partners', partnerId, 'partner_changes', query],
    queryFn: () => listPartnerChanges(partnerId, query),
    placeholderData: keepPreviousData,
    refetchInterval: 5000,
  });
  const [approving, setApproving] = useState<PartnerChange | null>(null);
  const [rejecting, setRejecting] = useState<PartnerChange | null>(null);
  const approve = useMutation({
    mutationFn: (request: PartnerChange) => explained(approvePartnerChange(partnerId, request.id ?? '')),
    onSuccess: () => {
      setApproving(null);
      return queryClient.invalidateQueries({ queryKey: ['partners', partnerId, 'partner_changes'] });
    },
  });

  const columns: Column<PartnerChange>[] = [
    { header: 'Requested', sort: 'created_at', cell: (request) => formatDateTime(request.created_at) },
    { header: 'Request', cell: (request) => <Text size="sm" ff="monospace">{request.id}</Text> },
    direction === 'incoming'
      ? { header: 'From partner', cell: (request) => request.source_partner_name || request.source_partner_id }
      : { header: 'To partner', cell: (request) => request.target_partner_name || request.target_partner_id },
    { header: 'Client', cell: (request) => <Text size="sm" ff="monospace">{request.target_client_id ?? request.source_client_id}</Text> },
    {
      header: 'Numbers',
      cell: (request) => `${request.is_full_migration ? 'Whole account' : 'Some numbers'} (${request.channel_ids?.length ?? 0})`,
    },
    { header: 'Status', sort: 'status', cell: (request) => <StatusBadge tone={partnerChangeTone(request.status)} /> },
    { header: 'When', cell: (request) => <Text size="sm">{whenWords(request)}</Text> },
    { header: 'Reason', cell: (request) => <Text size="sm">{request.reason}</Text> },
  ];
  if (direction === 'incoming') {
    columns.push({
      header: 'Decision',
      cell: (request) =>
        request.status !== 'created' ? null : decides ? (
          <Group gap="xs" wrap="nowrap">
            <Button
              size="xs"
              color="green"
              aria-label={`Approve request ${request.id}`}
              onClick={() => {
                approve.reset();
                setApproving(request);
              }}
            >
              Approve
            </Button>
            <Button size="xs" color="red" variant="outline" aria-label={`Reject request ${request.id}`} onClick={() => setRejecting(request)}>
              Reject
            </Button>
          </Group>
        ) : (
          <Text size="sm" c="dimmed">
            Awaiting a partner admin
          </Text>
        ),
    });
  }
  const filtered = list.q !== '' || list.filters.status !== '' || list.filters.is_full_migration !== '';

  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {direction === 'incoming'
          ? 'Clients of other partners who want to move to you. Approve or reject each request.'
          : 'Your clients who asked to move to another partner. That partner decides; you see the requests read-only.'}
      </Text>
      <Group align="flex-end" wrap="wrap">
        <SearchBox label="Search" placeholder="Request, client or partner id" value={list.q} onSearch={list.setSearch} />
        <FilterSelect
          label="Status"
          value={list.filters.status}
          options={partnerChangeStatuses}
          format={partnerChangeStatusLabel}
          onChange={(value) => list.setFilter('status', value)}
        />
        <FilterSelect
          label="Numbers"
          value={list.filters.is_full_migration}
          options={['true', 'false']}
          format={(value) => (value === 'true' ? 'Whole account' : 'Some numbers')}
          onChange={(value) => list.setFilter('is_full_migration', value)}
        />
      </Group>
      <ErrorAlert error={requests.error} title="Could not load the requests" />
      {requests.data && (
        <PagedTable
          caption={direction === 'incoming' ? 'Incoming partner changes' : 'Outgoing partner changes'}
          columns={columns}
          rows={requests.data.partner_change_requests ?? []}
          total={requests.data.total ?? 0}
          page={list.page}
          onPage={list.setPage}
          sort={list.sort}
          onSort={list.toggleSort}
          empty={filtered ? 'No request matches these filters.' : direction === 'incoming' ? 'No client has asked to move to you.' : 'None of your clients has asked to move away.'}
        />
      )}
      <ConfirmDialog
        opened={approving !== null}
        title="Approve the partner change"
        confirmLabel="Approve"
        color="green"
        pending={approve.isPending}
        error={approve.error}
        onConfirm={() => approving && approve.mutate(approving)}
        onClose={() => setApproving(null)}
      >
        {approving?.is_full_migration ? 'The client and all its numbers' : `${approving?.channel_ids?.length ?? 0} numbers, in a new client,`} move to you from{' '}
        {approving?.source_partner_name || approving?.source_partner_id}. It runs as your settings say; the numbers' API keys are revoked and their
        webhook URLs cleared.
      </ConfirmDialog>
      <RejectDialog partnerId={partnerId} request={rejecting} onClose={() => setRejecting(null)} />
    </Stack>
  );
}

function RejectDialog({ partnerId, request, onClose }: { partnerId: string; request: PartnerChange | null; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const reject = useMutation({
    mutationFn: (target: PartnerChange) => explained(rejectPartnerChange(partnerId, target.id ?? '', reason)),
    onSuccess: () => {
      close();
      return queryClient.invalidateQueries({ queryKey: ['partners', partnerId, 'partner_changes'] });
    },
  });
  const close = () => {
    setReason('');
    setTried(false);
    reject.reset();
    onClose();
  };
  const problem = rejectReasonProblem(reason);
  return (
    <Modal opened={request !== null} onClose={close} title="Reject the partner change" centered>
      {request && (
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            setTried(true);
            if (problem === null) reject.mutate(request);
          }}
        >
          <Stack>
            <Text size="sm">The client stays with {request.source_partner_name || request.source_partner_id}. They see your reason.</Text>
            <Textarea
              label="Reason"
              description={`${utf8Length(reason.trim())} / ${rejectReasonMax} characters · required`}
              value={reason}
              onChange={(event) => setReason(event.currentTarget.value)}
              error={tried || reason !== '' ? problem : null}
              autosize
              minRows={3}
              data-autofocus
            />
            <ErrorAlert error={reject.error} title="Not rejected" />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Back
              </Button>
              <Button type="submit" color="red" loading={reject.isPending}>
                Reject
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

function Settings({ partner, editable }: { partner: Partner; editable: boolean }) {
  const queryClient = useQueryClient();
  const partnerId = partner.id ?? '';
  const [autoApprove, setAutoApprove] = useState(partner.auto_approve === true);
  // The partner's answer carries the execution setting where the server sends it; until then it is unknown here.
  const [execution, setExecution] = useState<Execution | null>(((partner as { pcr_execution?: Execution }).pcr_execution as Execution | undefined) ?? null);
  const [saved, setSaved] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (change: { auto_approve?: boolean; execution?: Execution }) => {
      setSaved(null);
      return explained(setPartnerChangeSettings(partnerId, change));
    },
    onSuccess: (answer, change) => {
      const nextAuto = answer?.auto_approve ?? change.auto_approve ?? autoApprove;
      const nextExecution = (answer?.execution as Execution | undefined) ?? change.execution ?? execution;
      setAutoApprove(nextAuto);
      setExecution(nextExecution);
      setSaved(
        change.auto_approve !== undefined
          ? nextAuto
            ? 'Incoming partner changes are now approved automatically.'
            : 'Incoming partner changes now wait for your approval.'
          : nextExecution === 'end_of_month'
            ? 'Approved partner changes now run at the end of the month.'
            : 'Approved partner changes now run at once.',
      );
      return queryClient.invalidateQueries({ queryKey: ['partners', partnerId, 'profile'] });
    },
  });
  return (
    <Paper withBorder p="md">
      <Stack>
        <Title order={3} size="h4">
          Settings for incoming requests
        </Title>
        <Switch
          label="Approve incoming partner changes automatically"
          description="Clients of other partners who move to you are accepted without review."
          checked={autoApprove}
          disabled={!editable || save.isPending}
          onChange={(event) => save.mutate({ auto_approve: event.currentTarget.checked })}
        />
        <Radio.Group
          label="When approved partner changes run"
          description={execution === null ? 'Choose one to set it; the current choice is not shown yet.' : undefined}
          value={execution}
          onChange={(value) => save.mutate({ execution: value as Execution })}
        >
          <Group mt="xs">
            {(Object.keys(executionLabels) as Execution[]).map((value) => (
              <Radio key={value} value={value} label={executionLabels[value]} disabled={!editable || save.isPending} />
            ))}
          </Group>
        </Radio.Group>
        {!editable && (
          <Text size="sm" c="dimmed">
            Only a partner admin can change these settings.
          </Text>
        )}
        <ErrorAlert error={save.error} title="Setting not changed" />
        {saved && (
          <Text size="sm" c="green" role="status">
            {saved}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
