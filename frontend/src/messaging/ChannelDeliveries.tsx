import { Code, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { ChannelOwner } from '../channels/api';
import { ErrorAlert } from '../ui/ErrorAlert';
import { formatDateTime, PagedTable, pageSize, type Column } from '../ui/PagedTable';
import { StatusBadge } from '../ui/StatusBadge';
import { lastAnswerWords } from '../webhooks/words';
import { listChannelDeliveries, type ChannelDelivery } from './api';
import { attemptsWords, webhookEventLabel } from './words';

/** ChannelDeliveries is the number's webhook log: each message and status event on its way to the number's webhook, newest first. */
export function ChannelDeliveries({ owner, channelId, refreshMs }: { owner: ChannelOwner; channelId: string; refreshMs: number | false }) {
  const [page, setPage] = useState(1);
  const query = { limit: pageSize, offset: (page - 1) * pageSize, sort: '-created_at' };
  const deliveries = useQuery({
    queryKey: ['channel', channelId, 'messaging', 'webhook_deliveries', query],
    queryFn: () => listChannelDeliveries(owner, channelId, query),
    placeholderData: keepPreviousData,
    refetchInterval: refreshMs,
  });
  const rows = deliveries.data?.webhook_deliveries ?? [];
  const columns: Column<ChannelDelivery>[] = [
    { header: 'Created', cell: (delivery) => formatDateTime(delivery.created_at) },
    {
      header: 'Event',
      cell: (delivery) => (
        <Stack gap={2}>
          <Text size="sm">{webhookEventLabel(delivery.event)}</Text>
          <Code fz="xs">{delivery.event}</Code>
        </Stack>
      ),
    },
    { header: 'Status', cell: (delivery) => <StatusBadge status={delivery.status} /> },
    { header: 'Attempts', cell: (delivery) => attemptsWords(delivery.attempts) },
    {
      header: 'Last answer',
      cell: (delivery) => {
        const answer = lastAnswerWords(delivery);
        if (answer) return answer;
        if (delivery.status === 'pending') return delivery.next_attempt_at ? `Next try ${formatDateTime(delivery.next_attempt_at)}` : 'Next try soon';
        return '—';
      },
    },
  ];
  return (
    <Paper withBorder p="md">
      <Stack gap="xs">
        <Group justify="space-between" align="flex-end">
          <Title order={4} size="h5">
            Webhook deliveries of this number
          </Title>
          <Text size="xs" c="dimmed">
            Messages and statuses in Meta&apos;s format, sent to the number&apos;s webhook
          </Text>
        </Group>
        <ErrorAlert error={deliveries.error} title="Could not load the webhook deliveries" />
        <PagedTable
          caption="Webhook deliveries of this number"
          columns={columns}
          rows={rows}
          total={deliveries.data?.total ?? rows.length}
          page={page}
          onPage={setPage}
          empty="Nothing was sent to the webhook yet. Set the number's webhook URL to receive its messages and statuses."
        />
      </Stack>
    </Paper>
  );
}
