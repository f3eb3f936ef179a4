import { Alert, Button, Group, NativeSelect, SegmentedControl, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { listPartnerChannels } from '../channels/api';
import { usePartnerNames } from '../partners/usePartnerNames';
import { ErrorAlert } from '../ui/ErrorAlert';
import { characters } from '../ui/rules';
import { writeAsUser, type InboundMessage, type SimulatedUser } from './api';
import { maxText } from './Composer';

/** ChosenChannel is the number the operator writes to, with the words it is shown in. */
export interface ChosenChannel {
  id: string;
  label: string;
}

type Kind = 'text' | 'button' | 'interactive' | 'location';

const kinds: { value: Kind; label: string }[] = [
  { value: 'text', label: 'Text' },
  { value: 'button', label: 'Template button' },
  { value: 'interactive', label: 'Reply button' },
  { value: 'location', label: 'Location' },
];

const kindHints: Record<Kind, string> = {
  text: 'A message the user types.',
  button: 'The user taps a quick-reply button of a template the business sent.',
  interactive: 'The user taps a reply button of an interactive message the business sent.',
  location: 'The user shares a location.',
};

/** Fields are the typed values of every kind of message; each kind reads its own. */
interface Fields {
  body: string;
  buttonText: string;
  payload: string;
  replyId: string;
  replyTitle: string;
  latitude: string;
  longitude: string;
  placeName: string;
  address: string;
}

const emptyFields: Fields = { body: '', buttonText: '', payload: '', replyId: '', replyTitle: '', latitude: '', longitude: '', placeName: '', address: '' };

const coordinate = (label: string, text: string, limit: number) => {
  if (text.trim() === '') return `${label} is required.`;
  const value = Number(text.trim());
  return Number.isFinite(value) && Math.abs(value) <= limit ? null : `${label} must be a number from -${limit} to ${limit}.`;
};

/** fieldProblems say what is wrong with the fields of a kind of message, by field. */
export function fieldProblems(kind: Kind, fields: Fields): Partial<Record<keyof Fields, string>> {
  const problems: Partial<Record<keyof Fields, string>> = {};
  const need = (name: keyof Fields, label: string) => {
    if (fields[name].trim() === '') problems[name] = `${label} is required.`;
  };
  if (kind === 'text') {
    need('body', 'Message');
    if (characters(fields.body) > maxText) problems.body = `A message can be at most ${maxText} characters.`;
  }
  if (kind === 'button') need('buttonText', 'Button text');
  if (kind === 'interactive') {
    need('replyId', 'Button ID');
    need('replyTitle', 'Button title');
  }
  if (kind === 'location') {
    const latitude = coordinate('Latitude', fields.latitude, 90);
    const longitude = coordinate('Longitude', fields.longitude, 180);
    if (latitude) problems.latitude = latitude;
    if (longitude) problems.longitude = longitude;
  }
  return problems;
}

/** inboundMessage is what the user writes, in the simulator's inbound shape. */
export function inboundMessage(user: Pick<SimulatedUser, 'wa_id' | 'name'>, kind: Kind, fields: Fields): InboundMessage {
  const from = { from: user.wa_id, name: user.name };
  switch (kind) {
    case 'text':
      return { ...from, type: 'text', text: { body: fields.body } };
    case 'button':
      return { ...from, type: 'button', button: { text: fields.buttonText.trim(), payload: fields.payload.trim() || fields.buttonText.trim() } };
    case 'interactive':
      return { ...from, type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: fields.replyId.trim(), title: fields.replyTitle.trim() } } };
    case 'location':
      return {
        ...from,
        type: 'location',
        location: {
          latitude: Number(fields.latitude.trim()),
          longitude: Number(fields.longitude.trim()),
          ...(fields.placeName.trim() && { name: fields.placeName.trim() }),
          ...(fields.address.trim() && { address: fields.address.trim() }),
        },
      };
  }
}

/** ChannelPicker chooses a number by partner, then by its phone number and client. */
function ChannelPicker({ onChoose }: { onChoose: (channel: ChosenChannel | null) => void }) {
  const partners = usePartnerNames();
  const [partnerId, setPartnerId] = useState('');
  const [channelId, setChannelId] = useState('');
  const query = { limit: 1000, sort: 'setup_info.phone_number', filters: { status: 'running' } };
  const channels = useQuery({
    queryKey: ['partners', partnerId, 'channels', 'running', query],
    queryFn: () => listPartnerChannels(partnerId, query),
    enabled: partnerId !== '',
    staleTime: 30_000,
  });
  const rows = channels.data?.partner_channels ?? [];
  const labelOf = (channel: (typeof rows)[number]) =>
    [channel.setup_info?.phone_number ?? channel.id, channel.setup_info?.phone_name, channel.client?.name].filter(Boolean).join(' · ');
  return (
    <Stack gap="xs">
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <NativeSelect
          label="Partner"
          value={partnerId}
          onChange={(event) => {
            setPartnerId(event.currentTarget.value);
            setChannelId('');
            onChoose(null);
          }}
          data={[{ value: '', label: 'Choose a partner' }, ...partners.ids.map((id) => ({ value: id, label: partners.name(id) ?? id }))]}
        />
        <NativeSelect
          label="Number"
          value={channelId}
          disabled={partnerId === ''}
          onChange={(event) => {
            const id = event.currentTarget.value;
            setChannelId(id);
            const channel = rows.find((row) => row.id === id);
            onChoose(channel ? { id, label: labelOf(channel) } : null);
          }}
          data={[{ value: '', label: partnerId && channels.data && rows.length === 0 ? 'No running number' : 'Choose a number' }, ...rows.map((channel) => ({ value: channel.id ?? '', label: labelOf(channel) }))]}
        />
      </SimpleGrid>
      <ErrorAlert error={channels.error} title="Could not load the numbers" />
    </Stack>
  );
}

/**
 * WriteAsUser makes a simulated user write to a number, as if from their phone: a text, a tap on
 * a button, or a location. The number receives it like any WhatsApp message (its webhook too), and
 * the 24-hour window of that conversation opens.
 */
export function WriteAsUser({ user, initialChannel }: { user: SimulatedUser; initialChannel?: ChosenChannel | null }) {
  const queryClient = useQueryClient();
  const [channel, setChannel] = useState<ChosenChannel | null>(initialChannel ?? null);
  const [picking, setPicking] = useState(!initialChannel);
  const [kind, setKind] = useState<Kind>('text');
  const [fields, setFields] = useState<Fields>(emptyFields);
  const [attempted, setAttempted] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const problems = fieldProblems(kind, fields);
  const valid = Object.keys(problems).length === 0;
  const write = useMutation({
    mutationFn: () => writeAsUser(channel?.id ?? '', inboundMessage(user, kind, fields)),
    onSuccess: (message) => {
      setDone(`${user.name} wrote to ${channel?.label}: “${message.summary || kinds.find((candidate) => candidate.value === kind)?.label}”. The window of this conversation is open for 24 hours.`);
      setFields(emptyFields);
      setAttempted(false);
      return queryClient.invalidateQueries({ queryKey: ['operator', 'simulator', 'users', user.id] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    setDone(null);
    if (valid && channel) write.mutate();
  };
  const field = (name: keyof Fields) => ({
    value: fields[name],
    onChange: (event: { currentTarget: { value: string } }) => {
      const value = event.currentTarget.value;
      setFields((current) => ({ ...current, [name]: value }));
    },
    error: attempted ? (problems[name] ?? null) : null,
  });

  return (
    <form noValidate onSubmit={submit} aria-label={`Write as ${user.name}`}>
      <Stack gap="sm">
        <Title order={5}>Write as {user.name}</Title>
        {channel && !picking ? (
          <Group gap="xs">
            <Text size="sm">
              To{' '}
              <Text span fw={500} ff="monospace">
                {channel.label}
              </Text>
            </Text>
            <Button size="compact-xs" variant="subtle" onClick={() => setPicking(true)}>
              Another number
            </Button>
          </Group>
        ) : (
          <ChannelPicker onChoose={setChannel} />
        )}
        {attempted && !channel && (
          <Text size="xs" c="red">
            Choose the number to write to.
          </Text>
        )}
        <SegmentedControl value={kind} onChange={(value) => setKind(value as Kind)} data={kinds} aria-label="Message kind" w="fit-content" />
        <Text size="xs" c="dimmed">
          {kindHints[kind]}
        </Text>
        {kind === 'text' && <Textarea label="Message" autosize minRows={2} maxRows={6} {...field('body')} />}
        {kind === 'button' && (
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Button text" placeholder="On my way" {...field('buttonText')} />
            <TextInput label="Payload (optional)" description="What the business gave the button; the text when left empty" {...field('payload')} />
          </SimpleGrid>
        )}
        {kind === 'interactive' && (
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Button ID" placeholder="confirm" {...field('replyId')} />
            <TextInput label="Button title" placeholder="Confirm" {...field('replyTitle')} />
          </SimpleGrid>
        )}
        {kind === 'location' && (
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Latitude" placeholder="52.5200" {...field('latitude')} />
            <TextInput label="Longitude" placeholder="13.4050" {...field('longitude')} />
            <TextInput label="Place name (optional)" {...field('placeName')} />
            <TextInput label="Address (optional)" {...field('address')} />
          </SimpleGrid>
        )}
        <ErrorAlert error={write.error} title="Not written" />
        {done && (
          <Alert color="green" role="status">
            {done}
          </Alert>
        )}
        <Button type="submit" loading={write.isPending} w="fit-content">
          Write as {user.name}
        </Button>
      </Stack>
    </form>
  );
}
