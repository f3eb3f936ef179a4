import { Alert, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { formatDate } from '../ui/PagedTable';
import { reactivateChannel, requestCancellation, type Channel, type ChannelOwner } from './api';

/** endOfMonth is the last day of the month of the given moment; the server ends cancelled numbers at the start of the next month, UTC. */
export function endOfMonth(from: Date): Date {
  return new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 0));
}

const longDate = (date: Date) => date.toLocaleDateString(undefined, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

interface CancellationProps {
  owner: ChannelOwner;
  channel: Channel;
  canCancel: boolean;
  canReactivate: boolean;
  /** onChanged receives the channel as it is after the change. */
  onChanged: (channel: Channel) => void;
}

/** Cancellation cancels a number at the end of the month, or takes a pending cancellation back. */
export function Cancellation({ owner, channel, canCancel, canReactivate, onChanged }: CancellationProps) {
  const channelId = channel.id ?? '';
  const phone = channel.setup_info?.phone_number ?? 'this number';
  const [asking, setAsking] = useState<'cancel' | 'reactivate' | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const change = useMutation({
    mutationFn: (action: 'cancel' | 'reactivate') => {
      setDone(null);
      return action === 'cancel' ? requestCancellation(owner, channelId) : reactivateChannel(owner, channelId);
    },
    onSuccess: (updated, action) => {
      setAsking(null);
      setDone(action === 'cancel' ? `${phone} is marked for deletion at the end of the month.` : `${phone} is active again.`);
      onChanged(updated);
    },
  });
  const ask = (action: 'cancel' | 'reactivate') => {
    change.reset();
    setAsking(action);
  };
  const pending = channel.status === 'pending_deletion';
  const terminated = channel.status === 'terminated';
  const monthEnd = longDate(endOfMonth(channel.cancelled_at ? new Date(channel.cancelled_at) : new Date()));

  return (
    <Paper withBorder p="md">
      <Stack>
        <Title order={3} size="h4">
          Cancellation
        </Title>
        {terminated && <Text size="sm">This number was terminated{channel.terminated_at ? ` on ${formatDate(channel.terminated_at)}` : ''}.</Text>}
        {pending && (
          <Alert color="orange" title="Cancellation requested">
            {phone} will be deleted at the end of the month ({monthEnd}). Messaging keeps working until then.
            {canReactivate && ' Reactivate it to keep the number.'}
          </Alert>
        )}
        {!pending && !terminated && (
          <Text size="sm" c="dimmed">
            A cancelled number keeps working until the end of the month, and can be reactivated until then.
          </Text>
        )}
        {done && (
          <Alert color="green" role="status">
            {done}
          </Alert>
        )}
        <Group>
          {pending && canReactivate && (
            <Button color="green" onClick={() => ask('reactivate')}>
              Reactivate number
            </Button>
          )}
          {!pending && !terminated && canCancel && (
            <Button color="red" variant="outline" onClick={() => ask('cancel')}>
              Cancel number
            </Button>
          )}
        </Group>
        {!pending && !terminated && !canCancel && (
          <Text size="xs" c="dimmed">
            Only an admin can cancel this number.
          </Text>
        )}
      </Stack>
      <ConfirmDialog
        opened={asking === 'cancel'}
        title="Cancel number"
        confirmLabel="Cancel number"
        color="red"
        pending={change.isPending}
        error={change.error}
        onConfirm={() => change.mutate('cancel')}
        onClose={() => setAsking(null)}
      >
        <p>
          {phone} will be marked for deletion. <strong>Messaging keeps working until the end of the month ({longDate(endOfMonth(new Date()))})</strong>,
          then the number is terminated for good and billing stops.
        </p>
        <p>You can reactivate it until then.</p>
      </ConfirmDialog>
      <ConfirmDialog
        opened={asking === 'reactivate'}
        title="Reactivate number"
        confirmLabel="Reactivate number"
        color="green"
        pending={change.isPending}
        error={change.error}
        onConfirm={() => change.mutate('reactivate')}
        onClose={() => setAsking(null)}
      >
        {phone} will not be deleted at the end of the month and stays in use.
      </ConfirmDialog>
    </Paper>
  );
}
