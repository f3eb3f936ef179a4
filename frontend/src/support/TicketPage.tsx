import { Alert, Anchor, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { isPlatformStaff } from '../app/roles';
import { useSignedIn } from '../app/session';
import { getChannel } from '../channels/api';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Facts } from '../ui/Facts';
import { StatusBadge } from '../ui/StatusBadge';
import { AgentActions } from './AgentActions';
import { closeTicket, escalateTicket, getTicket, listAgents, reopenTicket, replyToTicket, type Agent, type Message, type TicketDetail } from './api';
import { TimerPanel } from './Countdown';
import { EscalatedBadge } from './EscalatedAlert';
import { supportPath } from './paths';
import { bodyMax } from './ticketForm';
import { MessageForm, ReasonDialog } from './TicketForms';
import { DeliveryLine, WhatsAppFact } from './WhatsAppReply';
import { useTopics } from './useTopics';
import { explained, formatInstant, languageTone, planLabel, severityTone, sourceLabel, sourceTone, ticketStatusTone } from './words';

/** AffectedNumber shows a ticket's number by its phone number and name, or its id while it loads. */
function AffectedNumber({ ticket }: { ticket: TicketDetail }) {
  const { user } = useSignedIn();
  const channelId = ticket.channel_id ?? '';
  const scope = user.client_id ? { clientId: user.client_id } : { partnerId: ticket.partner_id ?? '' };
  const channel = useQuery({ queryKey: ['support', 'channel', channelId], queryFn: () => getChannel(scope, channelId), enabled: channelId !== '', staleTime: 60_000 });
  if (!channelId) return null;
  const info = channel.data?.setup_info;
  return <>{info?.phone_number ? `${info.phone_number}${info.phone_name ? ` · ${info.phone_name}` : ''}` : channelId}</>;
}

/** messageAuthor names who wrote a message, from the reader's side. */
export function messageAuthor(message: Message, readerId: string, staff: boolean, agents: Map<string, Agent>): string {
  if (message.kind === 'automated' || message.author_side === 'system') return 'Automated message';
  if (message.author_user_id && message.author_user_id === readerId) return 'You';
  if (message.author_side === 'agent') return staff ? (agents.get(message.author_user_id ?? '')?.name ?? 'Support') : 'Support';
  return staff ? 'Requester' : 'Your team';
}

/** Conversation shows a ticket's messages oldest first; internal notes (support staff only) stand out. */
function Conversation({ messages, staff, agents }: { messages: Message[]; staff: boolean; agents: Map<string, Agent> }) {
  const { user } = useSignedIn();
  if (messages.length === 0) return <Text c="dimmed">No messages yet.</Text>;
  return (
    <Stack gap="sm" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label="Conversation">
      {messages.map((message) => {
        const note = message.kind === 'internal_note';
        const automated = message.kind === 'automated';
        return (
          <Paper
            key={message.id}
            component="li"
            withBorder
            p="sm"
            bg={note ? 'yellow.0' : automated ? 'gray.0' : message.author_side === 'agent' ? 'blue.0' : undefined}
            aria-label={`${note ? 'Internal note' : 'Message'} from ${messageAuthor(message, user.id ?? '', staff, agents)}`}
          >
            <Group justify="space-between" gap="xs">
              <Group gap="xs">
                <Text fw={600} size="sm">
                  {messageAuthor(message, user.id ?? '', staff, agents)}
                </Text>
                {note && (
                  <Badge color="yellow" size="sm">
                    Internal note
                  </Badge>
                )}
              </Group>
              <Text size="xs" c="dimmed">
                {formatInstant(message.created_at)}
              </Text>
            </Group>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} mt={4}>
              {message.body}
            </Text>
            {message.delivery && <DeliveryLine delivery={message.delivery} staff={staff} />}
            {(message.keys_masked ?? 0) > 0 && (
              <Text size="xs" c="dimmed" mt={4}>
                {message.keys_masked === 1 ? 'An API key was masked in this message.' : `${message.keys_masked} API keys were masked in this message.`}
              </Text>
            )}
          </Paper>
        );
      })}
    </Stack>
  );
}

/** RequesterActions are what a requester does with a ticket: reply, escalate, reopen, close. */
function RequesterActions({ ticket, onChanged }: { ticket: TicketDetail; onChanged: () => void }) {
  const id = ticket.id ?? '';
  const [dialog, setDialog] = useState<'escalate' | 'reopen' | 'close' | null>(null);
  const close = useMutation({ mutationFn: () => explained(closeTicket(id)), onSuccess: () => (setDialog(null), onChanged()) });
  const finished = ticket.status === 'resolved' || ticket.status === 'closed';
  return (
    <Stack>
      {!finished && (
        <MessageForm
          label="Your reply"
          submitLabel="Send reply"
          what="your reply"
          onSend={async (body) => {
            const result = await replyToTicket(id, body);
            onChanged();
            return result;
          }}
        />
      )}
      {ticket.status === 'resolved' && (
        <Alert color="green" title="Support resolved this ticket">
          If the problem is back or not solved, reopen it — a new resolution timer starts. If all is well, close it.
        </Alert>
      )}
      {ticket.status === 'closed' && <Text c="dimmed">This ticket is closed. Open a new ticket if you need more help.</Text>}
      <Group>
        {!finished && !ticket.escalated && (
          <Button variant="outline" color="red" onClick={() => setDialog('escalate')}>
            Escalate
          </Button>
        )}
        {ticket.status === 'resolved' && <Button onClick={() => setDialog('reopen')}>Reopen</Button>}
        {ticket.status === 'resolved' && (
          <Button variant="default" onClick={() => (close.reset(), setDialog('close'))}>
            Close ticket
          </Button>
        )}
      </Group>
      <ReasonDialog
        opened={dialog === 'escalate'}
        title="Escalate the ticket"
        label="Why it needs escalating"
        description="Escalated tickets go to the top of support's queue and the support managers are told. Escalation is open to clients with a designated point of contact and to partners in the Silver, Gold and Platinum tiers."
        confirmLabel="Escalate"
        color="red"
        required
        onConfirm={async (reason) => {
          await escalateTicket(id, reason);
          onChanged();
        }}
        onClose={() => setDialog(null)}
      />
      <ReasonDialog
        opened={dialog === 'reopen'}
        title="Reopen the ticket"
        label="What is still wrong (optional)"
        confirmLabel="Reopen"
        required={false}
        max={bodyMax}
        onConfirm={async (reason) => {
          await reopenTicket(id, reason);
          onChanged();
        }}
        onClose={() => setDialog(null)}
      />
      <ConfirmDialog
        opened={dialog === 'close'}
        title="Close the ticket"
        confirmLabel="Close ticket"
        pending={close.isPending}
        error={close.error}
        onConfirm={() => close.mutate()}
        onClose={() => setDialog(null)}
      >
        A closed ticket cannot be reopened; you would open a new one.
      </ConfirmDialog>
    </Stack>
  );
}

/**
 * TicketPage shows one ticket: its state, due instants with live countdowns, the details the topic
 * asked for, the conversation (internal notes only for support staff — the server leaves them out
 * for requesters) and what the reader may do: requesters reply, escalate, reopen; support staff
 * work the ticket.
 */
export function TicketPage() {
  const { ticketId = '' } = useParams();
  const { user } = useSignedIn();
  const staff = isPlatformStaff(user.role);
  const location = useLocation();
  const [notice, setNotice] = useState<string>((location.state as { notice?: string } | null)?.notice ?? '');
  const queryClient = useQueryClient();
  const key = ['support', 'ticket', ticketId];
  const ticket = useQuery({ queryKey: key, queryFn: () => explained(getTicket(ticketId)), refetchInterval: 10_000 });
  const agents = useQuery({ queryKey: ['support', 'agents'], queryFn: () => explained(listAgents()), enabled: staff, staleTime: 60_000 });
  const agentById = new Map((agents.data?.agents ?? []).map((agent) => [agent.id ?? '', agent]));
  const { byKey, topicName } = useTopics();
  const changed = () => {
    void queryClient.invalidateQueries({ queryKey: key });
    void queryClient.invalidateQueries({ queryKey: ['support', 'tickets'] });
    void queryClient.invalidateQueries({ queryKey: ['support', 'queue'] });
  };
  const base = supportPath(user.role);
  const data = ticket.data;
  const required = byKey.get(data?.topic ?? '')?.required ?? [];
  const detailLabel = (detailKey: string) => required.find((item) => item.key === detailKey)?.label ?? detailKey.replace(/_/g, ' ');

  return (
    <Stack>
      <Anchor component={Link} to={base} size="sm">
        ← {staff ? 'Ticket queue' : 'All tickets'}
      </Anchor>
      <ErrorAlert error={ticket.error} title="Could not load the ticket" />
      {data && (
        <>
          <Group gap="sm" align="center">
            <Title order={2}>{data.subject}</Title>
            <StatusBadge tone={ticketStatusTone(data.status, staff)} />
            <StatusBadge tone={severityTone(data.severity)} />
            {data.escalated && <EscalatedBadge />}
          </Group>
          {notice && (
            <Alert color="yellow" title="We masked an API key" role="status" withCloseButton onClose={() => setNotice('')}>
              {notice}
            </Alert>
          )}
          <Facts
            facts={[
              { label: 'Ticket', value: <Text ff="monospace">{data.id}</Text> },
              { label: 'Topic', value: topicName(data.topic) },
              { label: 'Opened', value: formatInstant(data.opened_at) },
              { label: 'Source', value: staff ? <StatusBadge tone={sourceTone(data.source)} /> : sourceLabel(data.source) },
              { label: 'Language', value: <StatusBadge tone={languageTone(data.language, staff && data.language_fallback)} /> },
              { label: 'Affected number', value: data.channel_id ? <AffectedNumber ticket={data} /> : null },
              ...(data.whatsapp ? [{ label: 'WhatsApp', value: <WhatsAppFact info={data.whatsapp} /> }] : []),
              ...(staff
                ? [
                    { label: 'Requester', value: `${data.requester_kind === 'client' ? 'Client user' : 'Partner staff'} ${data.requester_user_id}` },
                    { label: 'Plan · package', value: `${planLabel(data.plan)} · ${data.package} support` },
                    { label: 'Assignee', value: data.assignee_id ? (agentById.get(data.assignee_id)?.name ?? data.assignee_id) : 'Nobody' },
                    { label: 'Policy version', value: String(data.policy_version ?? 0) },
                    ...(data.entered_by ? [{ label: 'Entered by', value: agentById.get(data.entered_by)?.name ?? data.entered_by }] : []),
                  ]
                : []),
              ...(data.escalated ? [{ label: 'Escalated', value: `${formatInstant(data.escalated_at)}: ${data.escalation_reason}` }] : []),
            ]}
          />
          <Title order={3}>SLA</Title>
          <TimerPanel timers={data.timers} cycle={data.cycle} />
          <Title order={3}>Request</Title>
          <Paper withBorder p="md">
            <Stack gap="xs">
              {Object.entries(data.details ?? {}).map(([detailKey, value]) => (
                <Text size="sm" key={detailKey}>
                  <strong>{detailLabel(detailKey)}:</strong> {value}
                </Text>
              ))}
              <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                {data.description}
              </Text>
            </Stack>
          </Paper>
          <Title order={3}>Conversation</Title>
          <Conversation messages={data.messages ?? []} staff={staff} agents={agentById} />
          {staff ? <AgentActions ticket={data} agents={agents.data?.agents ?? []} onChanged={changed} /> : <RequesterActions ticket={data} onChanged={changed} />}
        </>
      )}
    </Stack>
  );
}
