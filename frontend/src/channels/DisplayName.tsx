import { Alert, Button, Group, Modal, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/client';
import { ErrorAlert } from '../ui/ErrorAlert';
import { counter } from '../ui/rules';
import { untilWords } from '../ui/time';
import { changeDisplayName, type Channel, type ChannelOwner } from './api';
import { displayNameMax, displayNameProblem, explained } from './words';

/** blockedUntil is the end of a number's registration block when it lies ahead, else null. */
export function blockedUntil(channel: Channel & { blocked_until?: string | null }, now = Date.now()): string | null {
  const until = channel.blocked_until;
  return until && Date.parse(until) > now ? until : null;
}

/** newNameProblem checks a new display name as typed: the server's rule, and that it differs from the current one. */
export function newNameProblem(value: string, current: string): string | null {
  const problem = displayNameProblem(value);
  if (problem) return problem;
  return value.trim() === current.trim() ? 'That is already the display name. Type the new name.' : null;
}

interface DisplayNameProps {
  owner: ChannelOwner;
  channel: Channel;
  editable: boolean;
  /** onChanged receives the channel after the change; onStale asks to read it again (a refusal may have blocked it). */
  onChanged: (channel: Channel) => void;
  onStale: () => void;
}

/**
 * DisplayName shows a number's display name and lets it be changed. A change counts against the
 * number's registration limit (10 in 72 hours); a blocked number says until when.
 */
export function DisplayName({ owner, channel, editable, onChanged, onStale }: DisplayNameProps) {
  const current = channel.setup_info?.phone_name ?? '';
  const blocked = blockedUntil(channel);
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  return (
    <Paper withBorder p="md">
      <Stack>
        <Title order={3} size="h4">
          Display name
        </Title>
        <Text size="sm">
          Customers see <strong>{current || 'no name yet'}</strong> as the name of this number.
        </Text>
        {blocked && (
          <Alert color="orange" title="Registration changes blocked">
            This number reached Meta's limit of 10 registrations in 72 hours. It is blocked until {untilWords(blocked)}: the display name cannot change
            and the number cannot be migrated until then.
          </Alert>
        )}
        {done && (
          <Text size="sm" c="green" role="status">
            {done}
          </Text>
        )}
        {editable && (
          <Group>
            <Button
              variant="default"
              disabled={blocked !== null}
              onClick={() => {
                setDone(null);
                setOpen(true);
              }}
            >
              Change display name
            </Button>
          </Group>
        )}
      </Stack>
      <DisplayNameDialog
        key={String(open)}
        opened={open}
        owner={owner}
        channel={channel}
        onClose={() => setOpen(false)}
        onChanged={(updated) => {
          setOpen(false);
          setDone(`The display name is now “${updated.setup_info?.phone_name ?? ''}”.`);
          onChanged(updated);
        }}
        onStale={onStale}
      />
    </Paper>
  );
}

function DisplayNameDialog({
  opened,
  owner,
  channel,
  onClose,
  onChanged,
  onStale,
}: {
  opened: boolean;
  owner: ChannelOwner;
  channel: Channel;
  onClose: () => void;
  onChanged: (channel: Channel) => void;
  onStale: () => void;
}) {
  const current = channel.setup_info?.phone_name ?? '';
  const [name, setName] = useState(current);
  const [tried, setTried] = useState(false);
  const change = useMutation({
    mutationFn: () => explained(changeDisplayName(owner, channel.id ?? '', name)),
    onSuccess: onChanged,
    onError: (error) => {
      if (error instanceof ApiError && error.status === 429) onStale();
    },
  });
  const problem = newNameProblem(name, current);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (problem === null) change.mutate();
  };
  return (
    <Modal opened={opened} onClose={onClose} title="Change display name" centered>
      <form noValidate onSubmit={submit}>
        <Stack>
          <Text size="sm">
            The name customers see for {channel.setup_info?.phone_number}. Each change counts as a registration: a number may have at most 10 in 72
            hours, or it is blocked for 72 hours.
          </Text>
          <TextInput
            label="New display name"
            description={`${counter(name.trim(), displayNameMax)} characters · at least 3, with letters`}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            error={tried || name !== current ? problem : null}
            data-autofocus
          />
          <ErrorAlert error={change.error} title="The display name was not changed" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Back
            </Button>
            <Button type="submit" loading={change.isPending}>
              Change the name
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
