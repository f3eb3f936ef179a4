import { Alert, Button, Group, NativeSelect, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '../ui/ErrorAlert';
import { StatusBadge } from '../ui/StatusBadge';
import { useNow } from '../ui/useNow';
import { listWhatsAppTemplates, replyWithTemplate, type ActionResult, type Delivery, type TicketDetail, type WhatsAppInfo } from './api';
import { deliveryTone, deliveryWords, explained, formatInstant, templateText } from './words';

// Tickets from the support desk's own WhatsApp number: who wrote, whether free-form replies still
// reach them (the 24-hour window), how each reply fared, and the template picker for replies once
// the window has closed.

/** waNumber writes a WhatsApp id as the phone number people read: "+4915112345678". */
export const waNumber = (waId = '') => (waId ? `+${waId.replace(/^\+/, '')}` : '');

/** whoWrote names the WhatsApp user by their profile name, else their number. */
export const whoWrote = (info: WhatsAppInfo) => info.name?.trim() || waNumber(info.wa_id);

/** windowOpen says whether free-form replies still reach the user at now. */
export const windowOpen = (info: WhatsAppInfo, now: number) => !!info.window_expires_at && Date.parse(info.window_expires_at) > now;

/** WhatsAppFact is a WhatsApp ticket's user and window, for the ticket's facts. */
export function WhatsAppFact({ info }: { info: WhatsAppInfo }) {
  const now = useNow(30_000);
  const name = info.name?.trim();
  return (
    <Stack gap={0}>
      <span>
        {waNumber(info.wa_id)}
        {name ? ` · ${name}` : ''}
      </span>
      <Text size="xs" c="dimmed" fw={400}>
        {windowOpen(info, now)
          ? `Free-form replies reach them until ${formatInstant(info.window_expires_at)}.`
          : 'Their 24-hour window is closed: replies go out as approved templates until they write again.'}
      </Text>
    </Stack>
  );
}

/** DeliveryLine shows how the WhatsApp message carrying a reply fared, and why it did not arrive. */
export function DeliveryLine({ delivery, staff }: { delivery: Delivery; staff: boolean }) {
  const why = deliveryWords(delivery, staff);
  return (
    <Stack gap={2} mt={6} aria-label="WhatsApp delivery">
      <Group gap="xs">
        <StatusBadge tone={deliveryTone(delivery)} />
        {delivery.template_name && (
          <Text size="xs" c="dimmed">
            Template {delivery.template_name}
          </Text>
        )}
        {delivery.status_at && delivery.status !== 'not_sent' && (
          <Text size="xs" c="dimmed">
            {formatInstant(delivery.status_at)}
          </Text>
        )}
      </Group>
      {why && (
        <Text size="xs" c={delivery.status === 'failed' || delivery.status === 'not_sent' ? 'red' : 'dimmed'}>
          {why}
        </Text>
      )}
    </Stack>
  );
}

/**
 * TemplateReply sends support's reply as an approved template of the support number, once the
 * WhatsApp user's 24-hour window has closed: pick a template, fill in its parameters, see what
 * the user will receive.
 */
export function TemplateReply({ ticket, onSent }: { ticket: TicketDetail; onSent: (result: ActionResult) => void }) {
  const id = ticket.id ?? '';
  const who = whoWrote(ticket.whatsapp ?? {});
  const templates = useQuery({ queryKey: ['support', 'whatsapp_templates', id], queryFn: () => explained(listWhatsAppTemplates(id)), staleTime: 60_000 });
  const list = templates.data?.templates ?? [];
  const [choice, setChoice] = useState('');
  const [values, setValues] = useState<string[]>([]);
  const [attempted, setAttempted] = useState(false);
  const chosen = list.find((template) => `${template.name}|${template.language}` === choice);
  const count = chosen?.parameters ?? 0;
  const send = useMutation({
    mutationFn: () => explained(replyWithTemplate(id, { name: chosen?.name ?? '', language: chosen?.language ?? '', parameters: values.slice(0, count) })),
    onSuccess: (result) => {
      setChoice('');
      setValues([]);
      setAttempted(false);
      onSent(result);
    },
  });
  const problemOf = (index: number) => ((values[index] ?? '').trim() === '' ? `Fill in parameter {{${index + 1}}}.` : null);
  const problem = !chosen ? 'Choose a template.' : Array.from({ length: count }, (_, index) => problemOf(index)).find((p) => p !== null) ?? null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (!problem) send.mutate();
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Reply with a template">
      <Stack gap="xs">
        <Alert color="yellow" title={`Only templates reach ${who} now`}>
          {who} last wrote more than 24 hours ago. WhatsApp delivers free-form messages only within 24 hours of the user’s last message, so until they write
          again the reply goes out as an approved template of the support number.
        </Alert>
        <ErrorAlert error={templates.error} title="Could not load the templates" />
        {templates.isSuccess && list.length === 0 ? (
          <Text size="sm" c="dimmed">
            The support number has no approved template to send. An operator adds one to the platform’s WhatsApp Business Account.
          </Text>
        ) : (
          <>
            <NativeSelect
              label="Template"
              value={choice}
              onChange={(event) => {
                setChoice(event.currentTarget.value);
                setValues([]);
              }}
              error={attempted && !chosen ? 'Choose a template.' : null}
              data={[
                { value: '', label: 'Choose a template' },
                ...list.map((template) => ({ value: `${template.name}|${template.language}`, label: `${template.name} (${template.language})` })),
              ]}
            />
            {Array.from({ length: count }, (_, index) => (
              <TextInput
                key={`${choice}-${index}`}
                label={`Parameter {{${index + 1}}}`}
                value={values[index] ?? ''}
                onChange={(event) => {
                  const value = event.currentTarget.value;
                  setValues((current) => Object.assign([...current], { [index]: value }));
                }}
                error={attempted ? problemOf(index) : null}
              />
            ))}
            {chosen && (
              <Paper withBorder p="sm" bg="gray.0" aria-label="What the user receives">
                <Text size="xs" c="dimmed">
                  What {who} receives
                </Text>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {templateText(chosen.body ?? '', values)}
                </Text>
              </Paper>
            )}
            <ErrorAlert error={send.error} title="Send template did not work" />
            <Group>
              <Button type="submit" loading={send.isPending}>
                Send template
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </form>
  );
}
