import { Anchor, Badge, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ErrorAlert } from '../ui/ErrorAlert';
import { formatDateTime } from '../ui/PagedTable';
import { useNow } from '../ui/useNow';
import { type PartnerWebhookHealth, webhookHealth } from './api';
import { formatRate, isHighFailureRate, relativeTime } from './words';

/** healthRefresh is how often the health figures reload. */
const healthRefresh = 30_000;

/**
 * WebhookHealth shows the operators how each partner's webhook is doing: attempts and failure
 * rate in the last 24 hours (above 10 % highlighted), the pending backlog and its oldest entry,
 * and the deliveries given up. Partners are listed as the server ranks them, worst first.
 */
export function WebhookHealth() {
  const health = useQuery({ queryKey: ['operator', 'webhook_health'], queryFn: webhookHealth, refetchInterval: healthRefresh });
  const partners = health.data?.partners ?? [];
  const now = useNow();

  return (
    <Stack>
      <Title order={2}>Webhook health</Title>
      <Text c="dimmed" size="sm">
        Deliveries to partner webhooks over the last 24 hours, worst first. A failure rate above 10% is highlighted. Reloads every 30 seconds.
      </Text>
      <ErrorAlert error={health.error} title="Could not load webhook health" />
      {health.data && (
        <Table.ScrollContainer minWidth={800}>
          <Table striped highlightOnHover aria-label="Webhook health">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Partner</Table.Th>
                <Table.Th>Webhook URL</Table.Th>
                <Table.Th>Attempts (24 h)</Table.Th>
                <Table.Th>Failures (24 h)</Table.Th>
                <Table.Th>Failure rate</Table.Th>
                <Table.Th>Pending</Table.Th>
                <Table.Th>Oldest pending</Table.Th>
                <Table.Th>Failed</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {partners.map((partner) => (
                <HealthRow key={partner.partner_id} partner={partner} now={now} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {health.data && partners.length === 0 && <Text c="dimmed">No partner has a webhook yet.</Text>}
    </Stack>
  );
}

function HealthRow({ partner, now }: { partner: PartnerWebhookHealth; now: number }) {
  const high = isHighFailureRate(partner.failure_rate_24h);
  const attempted = (partner.attempts_24h ?? 0) > 0;
  return (
    <Table.Tr>
      <Table.Td>
        <Anchor component={Link} to={`/operator/partners/${partner.partner_id}`}>
          {partner.brand_name || partner.partner_id}
        </Anchor>
      </Table.Td>
      <Table.Td>
        <Text size="sm" ff="monospace" lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
          {partner.webhook_url || '—'}
        </Text>
      </Table.Td>
      <Table.Td>{partner.attempts_24h ?? 0}</Table.Td>
      <Table.Td>{partner.failures_24h ?? 0}</Table.Td>
      <Table.Td>
        {!attempted ? (
          <Text size="sm" c="dimmed">
            No attempts
          </Text>
        ) : high ? (
          <Badge color="red" variant="filled" data-high="true" title="Above 10%">
            {formatRate(partner.failure_rate_24h)}
          </Badge>
        ) : (
          <Text size="sm" data-high="false">
            {formatRate(partner.failure_rate_24h)}
          </Text>
        )}
      </Table.Td>
      <Table.Td>{partner.pending ?? 0}</Table.Td>
      <Table.Td>
        {partner.oldest_pending_at ? (
          <Text size="sm" title={formatDateTime(partner.oldest_pending_at)}>
            {relativeTime(partner.oldest_pending_at, now)}
          </Text>
        ) : (
          '—'
        )}
      </Table.Td>
      <Table.Td>
        {(partner.failed ?? 0) > 0 ? (
          <Text size="sm" c="red" fw={700}>
            {partner.failed}
          </Text>
        ) : (
          0
        )}
      </Table.Td>
    </Table.Tr>
  );
}
