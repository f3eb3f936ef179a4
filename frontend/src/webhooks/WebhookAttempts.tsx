import { Alert, Anchor, Badge, Breadcrumbs, Code, Group, Pagination, Paper, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import { useSignedIn } from '../app/session';
import { ErrorAlert } from '../ui/ErrorAlert';
import { formatDateTime, pageSize } from '../ui/PagedTable';
import { listDeliveryAttempts, type WebhookAttempt } from './api';
import { responseExcerpt } from './words';

/**
 * WebhookAttempts shows every try of one webhook delivery, newest first: when, the status code
 * and latency, the error, and the first 1 KB of what the receiver answered.
 */
export function WebhookAttempts() {
  const partnerId = useSignedIn().user.partner_id ?? '';
  const { deliveryId = '' } = useParams();
  const id = /^\d{1,15}$/.test(deliveryId) ? Number(deliveryId) : 0;
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Math.floor(Number(params.get('page') ?? '1')) || 1);
  const attempts = useQuery({
    queryKey: ['partners', partnerId, 'webhook_attempts', id, page],
    queryFn: () => listDeliveryAttempts(partnerId, id, { limit: pageSize, offset: (page - 1) * pageSize }),
    enabled: id > 0,
    placeholderData: keepPreviousData,
  });
  const rows = attempts.data?.webhook_attempts ?? [];
  const total = attempts.data?.total ?? 0;
  const event = rows[0]?.event;

  return (
    <Stack>
      <Breadcrumbs>
        <Anchor component={Link} to="/partner/webhook-deliveries">
          Webhook deliveries
        </Anchor>
        <span>Delivery {deliveryId}</span>
      </Breadcrumbs>
      <Group gap="sm">
        <Title order={2}>Attempts of delivery {deliveryId}</Title>
        {event && <Code>{event}</Code>}
      </Group>
      {id === 0 && (
        <Alert color="red" title="No such delivery">
          “{deliveryId}” is not a delivery number.
        </Alert>
      )}
      <ErrorAlert error={attempts.error} title="Could not load the attempts" />
      {attempts.data && total === 0 && <Text c="dimmed">No attempt yet: the delivery waits for its first try.</Text>}
      {rows.map((attempt) => (
        <AttemptCard key={attempt.id} attempt={attempt} />
      ))}
      <Group justify="space-between">
        {total > 0 && (
          <Text size="sm" c="dimmed">
            {total === 1 ? '1 attempt' : `${total} attempts`}
          </Text>
        )}
        <Pagination
          total={Math.ceil(total / pageSize)}
          value={page}
          onChange={(next) => setParams(next > 1 ? { page: String(next) } : {}, { replace: true })}
          hideWithOnePage
        />
      </Group>
    </Stack>
  );
}

function AttemptCard({ attempt }: { attempt: WebhookAttempt }) {
  const code = attempt.status_code;
  const success = code !== undefined && code >= 200 && code <= 299;
  const response = responseExcerpt(attempt.response);
  return (
    <Paper withBorder p="md" component="article" aria-label={`Attempt at ${formatDateTime(attempt.attempted_at)}`}>
      <Stack gap="xs">
        <Group gap="sm">
          <Text fw={500}>{formatDateTime(attempt.attempted_at)}</Text>
          <Badge color={success ? 'green' : 'red'} variant="light">
            {code ? `HTTP ${code}` : 'No answer'}
          </Badge>
          <Text size="sm">{attempt.latency_ms ?? 0} ms</Text>
          {attempt.test && (
            <Badge color="gray" variant="outline">
              Test
            </Badge>
          )}
        </Group>
        <Text size="xs" c="dimmed" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
          {attempt.url}
        </Text>
        {attempt.error && (
          <Text size="sm" c="red">
            {attempt.error}
          </Text>
        )}
        {response ? (
          <>
            <Text size="sm">Answer (first 1 KB):</Text>
            <Code block style={{ maxHeight: 240, overflow: 'auto', whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {response}
            </Code>
          </>
        ) : (
          <Text size="sm" c="dimmed">
            No answer body.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
