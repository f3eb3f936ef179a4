import { Box, Group, Stack, Text } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { formatDateTime } from '../ui/PagedTable';
import type { MessageView } from './api';
import { failureWords, messageStatusLabel, messageTypeLabel, priceWords, ticks } from './words';

const time = (iso?: string | null) => (iso ? new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' }) : '');

/** StatusTicks shows where an outgoing message stands, as WhatsApp marks it (✓ sent, ✓✓ delivered, blue ✓✓ read, ✕ failed), with the word. */
export function StatusTicks({ message }: { message: Pick<MessageView, 'status' | 'status_at' | 'created_at'> }) {
  const label = messageStatusLabel(message.status);
  const mark = ticks[message.status] ?? '';
  const color = message.status === 'read' ? 'blue' : message.status === 'failed' ? 'red' : 'dimmed';
  return (
    <Text span size="xs" c={color} data-testid="status" data-status={message.status} title={message.status_at ? `${label} ${formatDateTime(message.status_at)}` : label}>
      {mark && (
        <Text span inherit aria-hidden fw={700} mr={4}>
          {mark}
        </Text>
      )}
      {label}
    </Text>
  );
}

/** templateValues are the text values a template message filled in, in order (its content is the Cloud API's template object). */
export function templateValues(content?: Record<string, unknown> | null): string[] {
  const components = Array.isArray(content?.components) ? (content.components as { parameters?: { type?: string; text?: string }[] }[]) : [];
  return components.flatMap((component) => (component.parameters ?? []).filter((parameter) => typeof parameter.text === 'string').map((parameter) => parameter.text as string));
}

/** Bubble is one message as a chat shows it: the business's on the right, the user's on the left. */
function Bubble({ message }: { message: MessageView }) {
  const outbound = message.direction === 'outbound';
  const values = message.type === 'template' ? templateValues(message.content) : [];
  const price = outbound ? priceWords(message) : '';
  return (
    <Box
      role="listitem"
      aria-label={`${outbound ? 'Sent' : 'Received'} ${messageTypeLabel(message.type).toLowerCase()} message`}
      data-direction={message.direction}
      data-message-id={message.id}
      style={{ alignSelf: outbound ? 'flex-end' : 'flex-start', maxWidth: '80%' }}
    >
      <Box
        px="sm"
        py={6}
        style={{
          background: outbound ? 'var(--mantine-color-green-light)' : 'var(--mantine-color-body)',
          border: '1px solid var(--mantine-color-default-border)',
          borderRadius: outbound ? '8px 0 8px 8px' : '0 8px 8px 8px',
          overflowWrap: 'anywhere',
        }}
      >
        {message.type !== 'text' && message.type !== 'template' && (
          <Text size="xs" c="dimmed">
            {messageTypeLabel(message.type)}
          </Text>
        )}
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {message.summary || '—'}
        </Text>
        {values.length > 0 && (
          <Text size="xs" c="dimmed" data-testid="values">
            Values: {values.join(' · ')}
          </Text>
        )}
        <Group gap="xs" justify="flex-end" wrap="nowrap" mt={2}>
          <Text size="xs" c="dimmed" title={formatDateTime(message.created_at)}>
            {time(message.created_at)}
          </Text>
          {outbound ? <StatusTicks message={message} /> : <Text size="xs" c="dimmed" data-testid="status" data-status={message.status}>{messageStatusLabel(message.status)}</Text>}
        </Group>
      </Box>
      {outbound && message.status === 'failed' && (
        <Text size="xs" c="red" mt={2} data-testid="failure">
          {failureWords(message.error)}
          {message.error?.details ? (
            <Text span size="xs" c="dimmed" display="block">
              WhatsApp says: {message.error.details}
            </Text>
          ) : null}
        </Text>
      )}
      {(price || message.sent_by?.user_name) && (
        <Text size="xs" c="dimmed" ta={outbound ? 'right' : 'left'} mt={2}>
          {[price, message.sent_by?.user_name ? `sent by ${message.sent_by.user_name}` : ''].filter(Boolean).join(' · ')}
        </Text>
      )}
    </Box>
  );
}

/** Conversation shows the messages of one conversation, oldest first, each with its status. */
export function Conversation({ messages, label }: { messages: MessageView[]; label: string }) {
  const list = useRef<HTMLDivElement>(null);
  const last = messages.at(-1);
  // A new message (or a new status of the last one) scrolls to the end, as a chat does.
  useEffect(() => {
    const element = list.current;
    if (element) element.scrollTop = element.scrollHeight;
  }, [last?.id, last?.status]);
  return (
    <Stack
      ref={list}
      gap="xs"
      role="list"
      aria-label={label}
      p="sm"
      style={{ background: 'var(--mantine-color-default-hover)', borderRadius: 'var(--mantine-radius-md)', minHeight: 160, maxHeight: 480, overflowY: 'auto' }}
    >
      {messages.length === 0 && (
        <Text size="sm" c="dimmed" ta="center" my="lg">
          No messages yet.
        </Text>
      )}
      {messages.map((message) => (
        <Bubble key={message.id} message={message} />
      ))}
    </Stack>
  );
}
