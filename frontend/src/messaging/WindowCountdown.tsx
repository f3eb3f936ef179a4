import { Badge, Group, Text } from '@mantine/core';
import { useNow } from '../ui/useNow';
import { windowHint, windowState } from './words';

/** windowTickMs is how often the countdown renews: it counts in minutes. */
export const windowTickMs = 15_000;

/**
 * WindowCountdown shows the 24-hour customer-service window of a conversation: how long it stays
 * open ("Window open · 23 h 59 min left"), or that it is closed and only templates reach the user.
 */
export function WindowCountdown({ expiresAt, hint = false }: { expiresAt?: string | null; hint?: boolean }) {
  const now = useNow(windowTickMs);
  const state = windowState(expiresAt, Math.max(now, Date.now()));
  return (
    <Group gap="xs" wrap="nowrap" align="center">
      <Badge color={state.open ? 'green' : 'gray'} variant="light" style={{ minWidth: 'max-content' }} aria-hidden>
        {state.open ? 'Open' : 'Closed'}
      </Badge>
      <Text size="sm" data-testid="window" title={expiresAt && state.open ? `Closes ${new Date(expiresAt).toLocaleString()}` : undefined}>
        {state.words}
        {hint && (
          <Text span size="xs" c="dimmed" display="block">
            {windowHint(state)}
          </Text>
        )}
      </Text>
    </Group>
  );
}
