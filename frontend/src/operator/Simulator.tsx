import { Alert, Button, Checkbox, Code, Group, NativeSelect, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { qualityRatings } from '../channels/api';
import { channelStatusTone, qualityTone } from '../channels/words';
import { SimulatorUsers } from '../messaging/SimulatorUsers';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Facts } from '../ui/Facts';
import { SearchBox } from '../ui/ListFilters';
import { formatDateTime } from '../ui/PagedTable';
import { compactPhone } from '../ui/rules';
import { StatusBadge } from '../ui/StatusBadge';
import { humanize } from '../ui/tone';
import { healthValues, simulateChannel, simulatorInbox, type SimulatorControls } from './api';

/** inboxRefreshMs is how often the inbox reloads by itself. */
export const inboxRefreshMs = 5000;

/** messagingLimits are the tiers Meta reports a number's messaging limit in. */
export const messagingLimits = ['TIER_50', 'TIER_250', 'TIER_1K', 'TIER_10K', 'TIER_100K', 'TIER_UNLIMITED'] as const;

/** Simulator shows what the simulated provider delivered, and makes it report changes for a channel. */
export function Simulator() {
  return (
    <Stack>
      <Title order={2}>Simulator</Title>
      <Text c="dimmed" size="sm">
        The simulator stands in for Meta and the phone network: codes sent to numbers land in this inbox, and its WhatsApp users receive messages and write back.
      </Text>
      <Inbox />
      <SimulatorUsers />
      <ChannelControls />
    </Stack>
  );
}

function Inbox() {
  const [phone, setPhone] = useState('');
  const inbox = useQuery({
    queryKey: ['operator', 'simulator', 'inbox', phone],
    queryFn: () => simulatorInbox(phone),
    refetchInterval: inboxRefreshMs,
    placeholderData: keepPreviousData,
  });
  const messages = inbox.data?.messages ?? [];
  return (
    <Paper withBorder p="md">
      <Stack>
        <Group justify="space-between" align="flex-end">
          <Title order={3} size="h4">
            Inbox
          </Title>
          <Text size="xs" c="dimmed" aria-live="polite">
            {inbox.dataUpdatedAt ? `Updated ${new Date(inbox.dataUpdatedAt).toLocaleTimeString()} · refreshes every ${inboxRefreshMs / 1000} s` : 'Loading…'}
          </Text>
        </Group>
        <SearchBox label="Phone number" placeholder="+4915112345001" value={phone} onSearch={(text) => setPhone(compactPhone(text))} />
        <ErrorAlert error={inbox.error} title="Could not load the inbox" />
        <Table.ScrollContainer minWidth={600}>
          <Table striped aria-label="Simulator inbox">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Received</Table.Th>
                <Table.Th>Number</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th>Message</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {messages.map((message) => (
                <Table.Tr key={message.id}>
                  <Table.Td>{formatDateTime(message.created_at)}</Table.Td>
                  <Table.Td ff="monospace">{message.phone_number}</Table.Td>
                  <Table.Td>{message.kind === 'otp_voice' ? 'Voice call' : message.kind === 'otp_sms' ? 'SMS' : humanize(message.kind)}</Table.Td>
                  <Table.Td>{message.body}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {inbox.data && messages.length === 0 && (
          <Text size="sm" c="dimmed">
            {phone ? `Nothing was sent to ${phone} yet.` : 'Nothing was sent yet.'}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

function ChannelControls() {
  const [channelId, setChannelId] = useState('');
  const [quality, setQuality] = useState<SimulatorControls['current_quality_rating'] | ''>('');
  const [limit, setLimit] = useState('');
  const [health, setHealth] = useState<SimulatorControls['health'] | ''>('');
  const [advance, setAdvance] = useState(false);
  const [attempted, setAttempted] = useState(false);
  const controls: SimulatorControls = {
    ...(quality && { current_quality_rating: quality }),
    ...(limit && { current_limit: limit }),
    ...(health && { health }),
    ...(advance && { advance_status: true }),
  };
  const idProblem = channelId.trim() === '' ? 'Enter the channel ID (it ends in CH).' : /^[A-Za-z0-9]+$/.test(channelId.trim()) ? null : 'A channel ID has letters and digits only.';
  const nothing = Object.keys(controls).length === 0;
  const apply = useMutation({ mutationFn: () => simulateChannel(channelId.trim(), controls) });
  const result = apply.data;

  return (
    <Paper
      withBorder
      p="md"
      component="form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        setAttempted(true);
        if (!idProblem && !nothing) apply.mutate();
      }}
    >
      <Stack>
        <Title order={3} size="h4">
          Channel controls
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
          <TextInput
            label="Channel ID"
            placeholder="…CH"
            value={channelId}
            onChange={(event) => setChannelId(event.currentTarget.value)}
            error={attempted || channelId !== '' ? idProblem : null}
          />
          <NativeSelect
            label="Quality rating"
            value={quality}
            onChange={(event) => setQuality(event.currentTarget.value as typeof quality)}
            data={[{ value: '', label: 'No change' }, ...qualityRatings.map((rating) => ({ value: rating, label: `${rating} · ${qualityTone(rating).label}` }))]}
          />
          <NativeSelect
            label="Messaging limit"
            value={limit}
            onChange={(event) => setLimit(event.currentTarget.value)}
            data={[{ value: '', label: 'No change' }, ...messagingLimits]}
          />
          <NativeSelect
            label="Health"
            value={health}
            onChange={(event) => setHealth(event.currentTarget.value as typeof health)}
            data={[{ value: '', label: 'No change' }, ...healthValues.map((value) => ({ value, label: humanize(value) }))]}
          />
        </SimpleGrid>
        <Checkbox label="Advance the status one step (created → submitted → ready → running)" checked={advance} onChange={(event) => setAdvance(event.currentTarget.checked)} />
        {attempted && nothing && (
          <Text size="sm" c="red">
            Choose at least one change.
          </Text>
        )}
        <ErrorAlert error={apply.error} title="The simulator did not apply this" />
        {result && (
          <Alert color="green" title={`Applied to ${result.setup_info?.phone_number ?? result.id}`} role="status">
            <Facts
              cols={4}
              facts={[
                { label: 'Status', value: <StatusBadge tone={channelStatusTone(result.status)} /> },
                { label: 'Quality', value: <StatusBadge tone={qualityTone(result.current_quality_rating)} /> },
                { label: 'Limit', value: result.current_limit },
                { label: 'Health', value: result.health?.can_send_message ? <StatusBadge status={result.health.can_send_message} /> : null },
              ]}
            />
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={apply.isPending}>
            Apply
          </Button>
          <Text size="xs" c="dimmed">
            Find a channel ID on a number&apos;s page, e.g. <Code>…CH</Code>.
          </Text>
        </Group>
      </Stack>
    </Paper>
  );
}
