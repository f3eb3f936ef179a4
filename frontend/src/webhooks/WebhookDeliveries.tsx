import { Alert, Anchor, Button, Code, Group, Modal, Stack, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useSignedIn } from '../app/session';
import { dateRangeProblems, toLocalInput, toRfc3339 } from '../ui/dateRange';
import { ErrorAlert } from '../ui/ErrorAlert';
import { FilterSelect, SearchBox } from '../ui/ListFilters';
import { formatDateTime, PagedTable, type Column } from '../ui/PagedTable';
import { StatusBadge } from '../ui/StatusBadge';
import { useListState } from '../ui/useListState';
import { useNow } from '../ui/useNow';
import { deliveryStatuses, listWebhookDeliveries, redeliverFailedWebhooks, redeliverWebhook, type WebhookDelivery } from './api';
import { lastAnswerWords, relativeTime } from './words';

/** pendingRefresh is how often the list reloads while a delivery on it is still pending. */
const pendingRefresh = 3000;

const attemptsWords = (count = 0) => (count === 0 ? 'No attempt yet' : count === 1 ? '1 attempt' : `${count} attempts`);

/** outcomeWords says when a delivery is tried next, or when it was delivered or given up. */
function outcomeWords(delivery: WebhookDelivery, now: number): string {
  if (delivery.status === 'pending') {
    return delivery.next_attempt_at ? `Next try ${relativeTime(delivery.next_attempt_at, now)} (${formatDateTime(delivery.next_attempt_at)})` : 'Next try soon';
  }
  if (delivery.status === 'delivered') return `Delivered ${formatDateTime(delivery.delivered_at)}`;
  if (delivery.status === 'failed') return `Gave up ${formatDateTime(delivery.failed_at)}`;
  return '';
}

/**
 * WebhookDeliveries is the partner's delivery log: every event on its way to the partner
 * webhook, its state and what the receiver last answered. Partner staff send a delivered or
 * failed event again, or every failed one of a time range.
 */
export function WebhookDeliveries() {
  const partnerId = useSignedIn().user.partner_id ?? '';
  const queryClient = useQueryClient();
  const list = useListState({ sort: '-created_at', filters: ['status', 'event'] as const });
  const deliveries = useQuery({
    queryKey: ['partners', partnerId, 'webhook_deliveries', list.query],
    queryFn: () => listWebhookDeliveries(partnerId, list.query),
    placeholderData: keepPreviousData,
    // Pending deliveries change on their own; follow them until they settle.
    refetchInterval: (query) => (query.state.data?.webhook_deliveries?.some((delivery) => delivery.status === 'pending') ? pendingRefresh : false),
  });
  const [done, setDone] = useState<string | null>(null);
  const [rangeOpen, setRangeOpen] = useState(false);
  const reload = () => queryClient.invalidateQueries({ queryKey: ['partners', partnerId, 'webhook_deliveries'] });
  const redeliver = useMutation({
    mutationFn: (delivery: WebhookDelivery) => {
      setDone(null);
      return redeliverWebhook(partnerId, delivery.id ?? 0);
    },
    onSuccess: (_, delivery) => {
      setDone(`Delivery ${delivery.id} (${delivery.event}) is queued again and is sent shortly.`);
      return reload();
    },
  });
  const filtered = list.filters.status !== '' || list.filters.event !== '';
  const now = useNow(15_000);

  const columns: Column<WebhookDelivery>[] = [
    { header: 'Created', sort: 'created_at', cell: (delivery) => formatDateTime(delivery.created_at) },
    {
      header: 'Event',
      cell: (delivery) => (
        <Stack gap={2}>
          <Code>{delivery.event}</Code>
          <Text size="xs" c="dimmed" ff="monospace">
            {delivery.event_id}
          </Text>
        </Stack>
      ),
    },
    { header: 'Status', cell: (delivery) => <StatusBadge status={delivery.status} /> },
    {
      header: 'Attempts',
      cell: (delivery) => (
        <Anchor component={Link} to={`/partner/webhook-deliveries/${delivery.id}`} size="sm" aria-label={`Attempts of delivery ${delivery.id}`}>
          {attemptsWords(delivery.attempts)}
        </Anchor>
      ),
    },
    {
      header: 'Last answer',
      cell: (delivery) => (
        <Text size="sm" lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
          {lastAnswerWords(delivery)}
        </Text>
      ),
    },
    { header: 'Next attempt', cell: (delivery) => <Text size="sm">{outcomeWords(delivery, now)}</Text> },
    {
      header: 'Action',
      cell: (delivery) =>
        delivery.status === 'pending' ? null : (
          <Button
            size="xs"
            variant="default"
            loading={redeliver.isPending && redeliver.variables?.id === delivery.id}
            onClick={() => redeliver.mutate(delivery)}
            aria-label={`Redeliver delivery ${delivery.id}`}
          >
            Redeliver
          </Button>
        ),
    },
  ];

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={2}>Webhook deliveries</Title>
        <Anchor component={Link} to="/partner/webhook" size="sm">
          Webhook settings
        </Anchor>
      </Group>
      <Group align="flex-end" wrap="wrap">
        <FilterSelect label="Status" value={list.filters.status} options={deliveryStatuses} onChange={(value) => list.setFilter('status', value)} />
        <SearchBox label="Event" placeholder="client.updated" value={list.filters.event} onSearch={(text) => list.setFilter('event', text)} />
        <Button variant="default" onClick={() => void reload()} loading={deliveries.isFetching && !deliveries.isPending}>
          Refresh
        </Button>
        <Button variant="default" onClick={() => setRangeOpen(true)}>
          Redeliver failed…
        </Button>
      </Group>
      <ErrorAlert error={redeliver.error} title={`Delivery ${redeliver.variables?.id ?? ''} was not sent again`} />
      {done && (
        <Alert color="green" role="status" withCloseButton onClose={() => setDone(null)}>
          {done}
        </Alert>
      )}
      <ErrorAlert error={deliveries.error} title="Could not load the deliveries" />
      {deliveries.data && (
        <PagedTable
          caption="Webhook deliveries"
          columns={columns}
          rows={deliveries.data.webhook_deliveries ?? []}
          total={deliveries.data.total ?? 0}
          page={list.page}
          onPage={list.setPage}
          sort={list.sort}
          onSort={list.toggleSort}
          empty={filtered ? 'No delivery matches these filters.' : 'No event was sent to the webhook yet.'}
        />
      )}
      <RedeliverFailedDialog
        opened={rangeOpen}
        partnerId={partnerId}
        onClose={() => setRangeOpen(false)}
        onDone={(count) => {
          setRangeOpen(false);
          setDone(count === 0 ? 'No failed delivery was created in that range: nothing was sent again.' : `${count} failed ${count === 1 ? 'delivery is' : 'deliveries are'} queued again.`);
          void reload();
        }}
      />
    </Stack>
  );
}

interface RedeliverFailedDialogProps {
  opened: boolean;
  partnerId: string;
  onClose: () => void;
  onDone: (count: number) => void;
}

function RedeliverFailedDialog({ opened, partnerId, onClose, onDone }: RedeliverFailedDialogProps) {
  return (
    <Modal opened={opened} onClose={onClose} title="Redeliver failed deliveries" centered>
      {/* The fields start afresh, at the last 24 hours, each time the dialog opens. */}
      {opened && <RangeForm partnerId={partnerId} onClose={onClose} onDone={onDone} />}
    </Modal>
  );
}

function RangeForm({ partnerId, onClose, onDone }: Omit<RedeliverFailedDialogProps, 'opened'>) {
  const [from, setFrom] = useState(() => toLocalInput(new Date(Date.now() - 24 * 60 * 60 * 1000)));
  const [to, setTo] = useState(() => toLocalInput(new Date(Date.now() + 60 * 1000)));
  const [attempted, setAttempted] = useState(false);
  const problems = dateRangeProblems(from, to);
  const valid = problems.from === null && problems.to === null;
  const send = useMutation({
    mutationFn: () => redeliverFailedWebhooks(partnerId, toRfc3339(from), toRfc3339(to)),
    onSuccess: (answer) => onDone(answer?.redelivered ?? 0),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (valid) send.mutate();
  };
  return (
    <form noValidate onSubmit={submit}>
      <Stack>
        <Text size="sm">
          Every failed delivery created in this range, in your local time, is queued again now with a fresh 24-hour retry window.
        </Text>
        <TextInput
          type="datetime-local"
          label="From"
          value={from}
          onChange={(event) => setFrom(event.currentTarget.value)}
          error={attempted || from !== '' ? problems.from : null}
        />
        <TextInput type="datetime-local" label="To" value={to} onChange={(event) => setTo(event.currentTarget.value)} error={attempted || to !== '' ? problems.to : null} />
        <ErrorAlert error={send.error} title="Nothing was sent again" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Back
          </Button>
          <Button type="submit" loading={send.isPending} disabled={!valid}>
            Redeliver failed
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
