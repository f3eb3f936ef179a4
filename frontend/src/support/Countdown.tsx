import { Badge, Group, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { useNow } from '../ui/useNow';
import type { Timer } from './api';
import { currentTimers, timerLook } from './countdown';
import { calendarLabel, formatInstant, metricLabel, spanWords, utcInstant } from './words';

/**
 * Countdown shows one SLA timer at now: the time left (blue), amber from its warning instant, red
 * and counting up once overdue, "Met", or paused. Lists pass one shared now so every row ticks
 * together; the colour is also said in words (data-tone) for those who do not see it.
 */
export function Countdown({ timer, now, label }: { timer: Timer; now: number; label?: string }) {
  const look = timerLook(timer, now);
  const name = label ?? metricLabel(timer.metric);
  return (
    <Badge
      color={look.color}
      variant={look.tone === 'breached' || look.tone === 'warning' ? 'filled' : 'light'}
      data-tone={look.tone}
      aria-label={`${name}: ${look.label}${look.tone === 'warning' ? ' (past the warning time)' : ''}`}
      title={timer.due_at ? `Due ${formatInstant(timer.due_at)}` : undefined}
      style={{ minWidth: 'max-content', fontVariantNumeric: 'tabular-nums', textTransform: 'none' }}
    >
      {look.label}
    </Badge>
  );
}

/** LiveCountdown is a Countdown with its own one-second clock. */
export function LiveCountdown({ timer, label }: { timer: Timer; label?: string }) {
  return <Countdown timer={timer} now={useNow(1000)} label={label} />;
}

/**
 * TimerPanel shows a ticket's current timers with their due and warning instants (in the viewer's
 * zone and exactly in UTC), the calendar they count in and a live countdown each.
 */
export function TimerPanel({ timers, cycle }: { timers?: Timer[]; cycle?: number }) {
  const now = useNow(1000);
  const current = currentTimers(timers);
  if (current.length === 0) return <Text c="dimmed">No SLA timers apply to this ticket.</Text>;
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      {current.map((timer) => {
        const name = metricLabel(timer.metric);
        return (
          <Paper key={`${timer.metric}-${timer.cycle}`} withBorder p="md" aria-label={`${name} timer`} component="section">
            <Stack gap={6}>
              <Group justify="space-between" wrap="nowrap">
                <Text fw={600}>
                  {name}
                  {timer.metric === 'resolution' && (cycle ?? 1) > 1 ? ` (cycle ${timer.cycle})` : ''}
                </Text>
                <Countdown timer={timer} now={now} label={name} />
              </Group>
              {timer.due_at ? (
                <Text size="sm">
                  {timer.met || timer.stopped_at ? 'Was due' : 'Due'} <strong data-testid={`${timer.metric}-due`}>{formatInstant(timer.due_at)}</strong>
                  <Text span size="xs" c="dimmed">
                    {' '}
                    ({utcInstant(timer.due_at)})
                  </Text>
                </Text>
              ) : (
                <Text size="sm" c="dimmed">
                  {timer.paused_since
                    ? `Stands still since ${formatInstant(timer.paused_since)}; the due time moves on when the ticket is open again.`
                    : 'No due time.'}
                </Text>
              )}
              {timer.warning_at && !timer.met && !timer.stopped_at && (
                <Text size="xs" c="dimmed">
                  Warning from {formatInstant(timer.warning_at)}
                </Text>
              )}
              {timer.stopped_at && (
                <Text size="xs" c="dimmed">
                  {timer.metric === 'first_response' ? 'Answered' : 'Resolved'} {formatInstant(timer.stopped_at)}
                </Text>
              )}
              <Text size="xs" c="dimmed">
                Target {spanWords(timer.target_seconds)} on {calendarLabel(timer.calendar)}
                {timer.soft ? ' · soft target' : ''}
              </Text>
            </Stack>
          </Paper>
        );
      })}
    </SimpleGrid>
  );
}
