import { Badge, Button, Grid, Group, NavLink, Paper, ScrollArea, Stack, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { Channel, ChannelOwner } from '../channels/api';
import { ErrorAlert } from '../ui/ErrorAlert';
import { compactPhone } from '../ui/rules';
import { useNow } from '../ui/useNow';
import { relativeTime } from '../webhooks/words';
import { listConversations, listMessages, type ContactView, type SendAnswer } from './api';
import { ChannelDeliveries } from './ChannelDeliveries';
import { Composer } from './Composer';
import { Conversation } from './Conversation';
import { WindowCountdown } from './WindowCountdown';
import { contactName, waNumber, windowState } from './words';

/** messagingRefreshMs is how often the open panel reloads the conversations, messages and webhook deliveries. */
export const messagingRefreshMs = 2000;

/** latestMessages is how many of a conversation's messages the panel shows: the latest ones. */
export const latestMessages = 100;

/** Recipient is who the panel writes to: the number as typed or picked, and the WhatsApp id once known. */
interface Recipient {
  to: string;
  waId: string;
}

/** recipientProblem says what is wrong with a typed phone number, or null. */
export function recipientProblem(typed: string): string | null {
  const number = compactPhone(typed.trim());
  if (number === '') return 'Enter a phone number.';
  return /^\+?[1-9]\d{6,14}$/.test(number) ? null : 'Enter a phone number in international format, like +49 151 12345678.';
}

const digits = (number: string) => number.replace(/\D/g, '');

interface PanelProps {
  owner: ChannelOwner;
  channel: Channel;
}

/**
 * TestMessagingPanel is a number's "Test messaging" section: write to a WhatsApp user from the
 * number (a text, or an approved template with its values), follow the conversation with its
 * statuses and the customer-service window, and see what the number's webhook was sent. While it
 * is open, it reloads every 2 seconds.
 */
export function TestMessagingPanel({ owner, channel }: PanelProps) {
  const [open, setOpen] = useState(false);
  return (
    <Paper withBorder p="md">
      <Stack>
        <Group justify="space-between">
          <Title order={3} size="h4">
            Test messaging
          </Title>
          <Button variant={open ? 'default' : 'filled'} onClick={() => setOpen(!open)} aria-expanded={open}>
            {open ? 'Close test messaging' : 'Open test messaging'}
          </Button>
        </Group>
        <Text size="sm" c="dimmed">
          Send messages from this number as your integration would, and watch them being delivered and read. Messages sent here count like any other
          towards the number&apos;s limits and usage.
        </Text>
        {open && <OpenPanel owner={owner} channel={channel} />}
      </Stack>
    </Paper>
  );
}

function OpenPanel({ owner, channel }: PanelProps) {
  const channelId = channel.id ?? '';
  const queryClient = useQueryClient();
  const [recipient, setRecipient] = useState<Recipient | null>(null);
  const conversationsQuery = { limit: 50, sort: '-last_message_at' };
  const conversations = useQuery({
    queryKey: ['channel', channelId, 'messaging', 'conversations', conversationsQuery],
    queryFn: () => listConversations(owner, channelId, conversationsQuery),
    placeholderData: keepPreviousData,
    refetchInterval: messagingRefreshMs,
  });
  const contacts = conversations.data?.conversations ?? [];
  const running = channel.status === 'running';

  const sent = (answer: SendAnswer) => {
    const waId = answer.contacts?.[0]?.wa_id;
    if (waId && recipient) setRecipient({ ...recipient, waId });
    return queryClient.invalidateQueries({ queryKey: ['channel', channelId, 'messaging'] });
  };

  return (
    <Stack>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="xs">
            <NewRecipient onChoose={(to) => setRecipient({ to, waId: contacts.find((contact) => contact.wa_id === digits(to))?.wa_id ?? digits(to) })} />
            <Text size="sm" fw={500} mt="xs">
              Conversations
            </Text>
            <ErrorAlert error={conversations.error} title="Could not load the conversations" />
            {conversations.data && contacts.length === 0 && (
              <Text size="sm" c="dimmed">
                No conversations yet. Enter a phone number to write to someone.
              </Text>
            )}
            <ScrollArea.Autosize mah={420} type="auto">
              <Stack gap={2} role="list" aria-label="Conversations">
                {contacts.map((contact) => (
                  <ContactLink
                    key={contact.wa_id}
                    contact={contact}
                    active={recipient?.waId === contact.wa_id}
                    onClick={() => setRecipient({ to: contact.wa_id, waId: contact.wa_id })}
                  />
                ))}
              </Stack>
            </ScrollArea.Autosize>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          {recipient ? (
            <ConversationPane
              key={recipient.to}
              owner={owner}
              channel={channel}
              recipient={recipient}
              contact={contacts.find((contact) => contact.wa_id === recipient.waId)}
              running={running}
              onSent={sent}
            />
          ) : (
            <Text size="sm" c="dimmed" mt="xl" ta="center">
              Choose a conversation, or enter a phone number, to write a message.
            </Text>
          )}
        </Grid.Col>
      </Grid>
      <ChannelDeliveries owner={owner} channelId={channelId} refreshMs={messagingRefreshMs} />
    </Stack>
  );
}

/** NewRecipient takes a phone number to write to. */
function NewRecipient({ onChoose }: { onChoose: (to: string) => void }) {
  const [typed, setTyped] = useState('');
  const [attempted, setAttempted] = useState(false);
  const problem = recipientProblem(typed);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (problem) return;
    const number = compactPhone(typed.trim());
    onChoose(number.startsWith('+') ? number : `+${number}`);
    setTyped('');
    setAttempted(false);
  };
  return (
    <form noValidate onSubmit={submit} aria-label="Write to a phone number">
      <Group align="flex-start" gap="xs" wrap="nowrap">
        <TextInput
          label="Phone number"
          placeholder="+55 11 98765 4321"
          value={typed}
          onChange={(event) => setTyped(event.currentTarget.value)}
          error={attempted ? problem : null}
          style={{ flex: 1 }}
        />
        <Button type="submit" variant="default" mt={25}>
          Write
        </Button>
      </Group>
    </form>
  );
}

/** ContactLink is one conversation of the list: the user's name and number, the last message and whether the window is open. */
function ContactLink({ contact, active, onClick }: { contact: ContactView; active: boolean; onClick: () => void }) {
  const now = useNow(15_000);
  const state = windowState(contact.window_expires_at, now);
  const name = contactName(contact);
  return (
    <div role="listitem">
      <NavLink
        component="button"
        type="button"
        active={active}
        onClick={onClick}
        aria-label={`${name}${contact.profile_name ? ` ${waNumber(contact.wa_id)}` : ''}`}
        label={
          <Group gap={6} wrap="nowrap" justify="space-between">
            <Text size="sm" fw={500} truncate>
              {name}
            </Text>
            <Badge size="xs" variant="light" color={state.open ? 'green' : 'gray'} style={{ minWidth: 'max-content' }}>
              {state.open ? 'Window open' : 'Window closed'}
            </Badge>
          </Group>
        }
        description={
          <>
            {contact.profile_name && (
              <Text span size="xs" ff="monospace" display="block">
                {waNumber(contact.wa_id)}
              </Text>
            )}
            <Text span size="xs" c="dimmed" display="block" truncate>
              {contact.last_message?.summary ?? ''}
              {contact.last_message_at ? ` · ${relativeTime(contact.last_message_at, now)}` : ''}
            </Text>
          </>
        }
      />
    </div>
  );
}

interface PaneProps {
  owner: ChannelOwner;
  channel: Channel;
  recipient: Recipient;
  contact?: ContactView;
  running: boolean;
  onSent: (answer: SendAnswer) => void;
}

/** ConversationPane is the conversation with one user: who they are, the window, the messages and the composer. */
function ConversationPane({ owner, channel, recipient, contact: listed, running, onSent }: PaneProps) {
  const channelId = channel.id ?? '';
  // The conversation itself, for its window, whether or not the list shows it.
  const contactQuery = { limit: 1, filters: { wa_id: recipient.waId } };
  const contacts = useQuery({
    queryKey: ['channel', channelId, 'messaging', 'conversations', contactQuery],
    queryFn: () => listConversations(owner, channelId, contactQuery),
    enabled: recipient.waId !== '',
    placeholderData: keepPreviousData,
    refetchInterval: messagingRefreshMs,
  });
  const contact = contacts.data?.conversations?.find((candidate) => candidate.wa_id === recipient.waId) ?? listed;
  const query = { limit: latestMessages, sort: '-created_at' };
  const messages = useQuery({
    queryKey: ['channel', channelId, 'messaging', 'messages', recipient.waId, query],
    queryFn: () => listMessages(owner, channelId, recipient.waId, query),
    enabled: recipient.waId !== '',
    placeholderData: keepPreviousData,
    refetchInterval: messagingRefreshMs,
  });
  // The list comes newest first (the latest page); the conversation reads oldest first.
  const shown = [...(messages.data?.messages ?? [])].filter((message) => message.wa_id === undefined || message.wa_id === recipient.waId).reverse();
  const total = messages.data?.total ?? shown.length;
  const name = contact ? contactName(contact) : recipient.to.startsWith('+') ? recipient.to : waNumber(recipient.to);
  const number = waNumber(recipient.waId || digits(recipient.to));
  const typedDiffers = recipient.to.startsWith('+') && digits(recipient.to) !== recipient.waId && recipient.waId !== '';
  const windowOpen = windowState(contact?.window_expires_at, Date.now()).open;
  return (
    <Stack gap="sm" aria-label={`Conversation with ${name}`} role="region">
      <Group justify="space-between" align="flex-start">
        <Stack gap={0}>
          <Title order={4} size="h5">
            {name}
          </Title>
          {contact?.profile_name && (
            <Text size="sm" ff="monospace">
              {number}
            </Text>
          )}
          {typedDiffers && (
            <Text size="xs" c="dimmed">
              Typed as {recipient.to}; WhatsApp knows this user as {recipient.waId}.
            </Text>
          )}
        </Stack>
        <WindowCountdown expiresAt={contact?.window_expires_at} hint />
      </Group>
      <ErrorAlert error={messages.error} title="Could not load the messages" />
      {total > shown.length && (
        <Text size="xs" c="dimmed">
          The latest {shown.length} of {total} messages.
        </Text>
      )}
      <Conversation messages={shown} label={`Messages with ${name}`} />
      {running ? (
        <Composer owner={owner} channelId={channelId} wabaId={channel.waba_account_id} to={recipient.to} windowOpen={windowOpen} onSent={onSent} />
      ) : (
        <Text size="sm" c="orange">
          This number is not running, so it cannot send messages.
        </Text>
      )}
    </Stack>
  );
}
