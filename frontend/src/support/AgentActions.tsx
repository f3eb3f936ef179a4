import { Button, Group, NativeSelect, Paper, SegmentedControl, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/client';
import { useSignedIn } from '../app/session';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useNow } from '../ui/useNow';
import {
  addNote,
  assignTicket,
  closeTicket,
  reclassifyTicket,
  reopenTicket,
  replyToTicket,
  resolveTicket,
  setTicketStatus,
  severities,
  type Agent,
  type Severity,
  type TicketDetail,
} from './api';
import { bodyMax, reasonMax } from './ticketForm';
import { MessageForm, ReasonDialog, textProblem } from './TicketForms';
import { useTopics } from './useTopics';
import { TemplateReply, whoWrote, windowOpen } from './WhatsAppReply';
import { explained, languageLabel, severityLabel, statusLabel } from './words';

/** statusMoves lists the working states an agent may move a ticket to from its status (the server's table). */
export function statusMoves(status = ''): ('open' | 'waiting_on_customer' | 'waiting_on_meta')[] {
  const moves: Record<string, ('open' | 'waiting_on_customer' | 'waiting_on_meta')[]> = {
    new: ['open', 'waiting_on_customer', 'waiting_on_meta'],
    open: ['waiting_on_customer', 'waiting_on_meta'],
    waiting_on_customer: ['open', 'waiting_on_meta'],
    waiting_on_meta: ['open', 'waiting_on_customer'],
  };
  return moves[status] ?? [];
}

const moveLabels = { open: 'Mark open', waiting_on_customer: 'Waiting on customer', waiting_on_meta: 'Waiting on Meta' } as const;

/** Reclassify changes a ticket's topic and/or severity with a reason (audited; a severity change recomputes the timers). */
function Reclassify({ ticket, onChanged }: { ticket: TicketDetail; onChanged: () => void }) {
  const { list } = useTopics();
  const [topic, setTopic] = useState(ticket.topic ?? '');
  const [severity, setSeverity] = useState<string>(ticket.severity ?? '');
  const [reason, setReason] = useState('');
  const [attempted, setAttempted] = useState(false);
  const change = useMutation({
    mutationFn: () =>
      explained(
        reclassifyTicket(ticket.id ?? '', {
          topic: topic !== ticket.topic ? topic : undefined,
          severity: severity !== ticket.severity ? (severity as Severity) : undefined,
          reason,
        }),
      ),
    onSuccess: () => {
      setReason('');
      setAttempted(false);
      onChanged();
    },
  });
  const unchanged = topic === ticket.topic && severity === ticket.severity;
  const problem = unchanged ? 'Choose a different topic or severity.' : textProblem(reason, 'why (reclassification is audited)', reasonMax);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (!problem) change.mutate();
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Reclassify">
      <Stack gap="xs">
        <Group grow align="flex-start">
          <NativeSelect label="Topic" value={topic} onChange={(event) => setTopic(event.currentTarget.value)} data={list.map((item) => ({ value: item.key ?? '', label: item.name ?? '' }))} />
          <NativeSelect
            label="Severity"
            value={severity}
            onChange={(event) => setSeverity(event.currentTarget.value)}
            data={severities.map((value) => ({ value, label: severityLabel(value) }))}
          />
        </Group>
        <Text size="xs" c="dimmed">
          A new severity recomputes the timers from the ticket's start: a due time already past counts as breached at that time.
        </Text>
        <Textarea label="Reason for the change" value={reason} onChange={(event) => setReason(event.currentTarget.value)} error={attempted ? problem : null} autosize minRows={2} />
        <ErrorAlert error={change.error} title="Reclassifying did not work" />
        <Group>
          <Button type="submit" variant="light" loading={change.isPending}>
            Reclassify
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Assign gives the ticket to an agent, or lets routing choose by language. */
function Assign({ ticket, agents, onChanged }: { ticket: TicketDetail; agents: Agent[]; onChanged: () => void }) {
  const { user } = useSignedIn();
  const [agentId, setAgentId] = useState('');
  const assign = useMutation({ mutationFn: (id: string) => explained(assignTicket(ticket.id ?? '', id)), onSuccess: onChanged });
  return (
    <Stack gap="xs">
      <Group align="flex-end">
        <NativeSelect
          label="Assign to"
          value={agentId}
          onChange={(event) => setAgentId(event.currentTarget.value)}
          data={[
            { value: '', label: 'Whoever speaks the language (routing)' },
            ...agents.map((agent) => ({
              value: agent.id ?? '',
              label: `${agent.name}${agent.id === user.id ? ' (me)' : ''} — ${(agent.languages ?? []).map(languageLabel).join(', ') || 'no languages'} · ${agent.open_tickets ?? 0} open`,
            })),
          ]}
        />
        <Button variant="light" loading={assign.isPending} onClick={() => assign.mutate(agentId)}>
          Assign
        </Button>
        {ticket.assignee_id !== user.id && (
          <Button variant="default" loading={assign.isPending} onClick={() => assign.mutate(user.id ?? '')}>
            Take it
          </Button>
        )}
      </Group>
      <ErrorAlert error={assign.error} title="Assigning did not work" />
    </Stack>
  );
}

/**
 * AgentActions are what support staff do with a ticket: reply publicly or add an internal note,
 * set a waiting state (the resolution timer stands still), reclassify, assign, resolve — and
 * reopen or close a resolved one.
 */
export function AgentActions({ ticket, agents, onChanged }: { ticket: TicketDetail; agents: Agent[]; onChanged: () => void }) {
  const id = ticket.id ?? '';
  const [kind, setKind] = useState<'reply' | 'note'>('reply');
  const [dialog, setDialog] = useState<'resolve' | 'reopen' | 'close' | 'open' | 'waiting_on_customer' | 'waiting_on_meta' | null>(null);
  const close = useMutation({ mutationFn: () => explained(closeTicket(id)), onSuccess: () => (setDialog(null), onChanged()) });
  const status = ticket.status ?? '';
  const closed = status === 'closed';
  const resolved = status === 'resolved';
  const then = <T,>(call: Promise<T>) => call.then((result) => (onChanged(), result));
  const now = useNow(30_000);
  const whatsApp = ticket.whatsapp ?? null;
  // The window closed while the reply was written: reload, so the template picker takes over.
  const reloadWhenWindowClosed = (error: unknown): never => {
    if (error instanceof ApiError && error.code === 'whatsapp_window_closed') onChanged();
    throw error;
  };

  return (
    <Stack>
      {!closed && (
        <Paper withBorder p="md">
          <Stack gap="xs">
            <SegmentedControl
              value={kind}
              onChange={(value) => setKind(value as 'reply' | 'note')}
              data={[
                { value: 'reply', label: 'Public reply' },
                { value: 'note', label: 'Internal note' },
              ]}
              aria-label="Message kind"
              style={{ alignSelf: 'flex-start' }}
            />
            {kind === 'reply' ? (
              whatsApp && !windowOpen(whatsApp, now) ? (
                <TemplateReply key="template" ticket={ticket} onSent={onChanged} />
              ) : (
                <MessageForm
                  key="reply"
                  label={whatsApp ? `Reply to ${whoWrote(whatsApp)} (sent on WhatsApp)` : 'Reply to the requester'}
                  submitLabel="Send reply"
                  what="the reply"
                  onSend={(body) => then(replyToTicket(id, body)).catch(reloadWhenWindowClosed)}
                />
              )
            ) : (
              <MessageForm key="note" label="Internal note (support staff only)" submitLabel="Add note" what="the note" color="yellow" onSend={(body) => then(addNote(id, body))} />
            )}
          </Stack>
        </Paper>
      )}
      {!closed && (
        <Paper withBorder p="md">
          <Stack gap="xs">
            <Title order={4}>Status</Title>
            <Text size="sm">
              Now: <strong>{statusLabel(status, true)}</strong>. While the ticket waits on the customer or on Meta its resolution timer stands still.
            </Text>
            <Group>
              {statusMoves(status).map((move) => (
                <Button key={move} variant="light" onClick={() => setDialog(move)}>
                  {moveLabels[move]}
                </Button>
              ))}
              {!resolved && (
                <Button color="green" onClick={() => setDialog('resolve')}>
                  Resolve
                </Button>
              )}
              {resolved && <Button onClick={() => setDialog('reopen')}>Reopen</Button>}
              {resolved && (
                <Button variant="default" onClick={() => (close.reset(), setDialog('close'))}>
                  Close ticket
                </Button>
              )}
            </Group>
          </Stack>
        </Paper>
      )}
      {!closed && (
        <Paper withBorder p="md">
          <Stack gap="xs">
            <Title order={4}>Classification and assignment</Title>
            <Reclassify key={`${ticket.topic}-${ticket.severity}`} ticket={ticket} onChanged={onChanged} />
            <Assign ticket={ticket} agents={agents} onChanged={onChanged} />
          </Stack>
        </Paper>
      )}
      {statusMoves(status).map((move) => (
        <ReasonDialog
          key={move}
          opened={dialog === move}
          title={move === 'open' ? 'Mark the ticket open' : `Set the ticket to ${statusLabel(move, true)}`}
          label="Note for the record (optional)"
          description={
            move === 'open' ? 'The resolution timer runs again.' : 'The resolution timer stands still until the ticket is open again; the first-response timer never pauses.'
          }
          confirmLabel={moveLabels[move]}
          required={false}
          onConfirm={(reason) => then(setTicketStatus(id, move, reason))}
          onClose={() => setDialog(null)}
        />
      ))}
      <ReasonDialog
        opened={dialog === 'resolve'}
        title="Resolve the ticket"
        label="Final message to the requester (optional)"
        description="Sent as a public reply before the ticket is resolved; the resolution timer of this cycle stops."
        confirmLabel="Resolve"
        color="green"
        required={false}
        max={bodyMax}
        onConfirm={(message) => then(resolveTicket(id, message))}
        onClose={() => setDialog(null)}
      />
      <ReasonDialog
        opened={dialog === 'reopen'}
        title="Reopen the ticket"
        label="Public message (optional)"
        confirmLabel="Reopen"
        required={false}
        max={bodyMax}
        onConfirm={(reason) => then(reopenTicket(id, reason))}
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
        Closed is final: the requester would open a new ticket.
      </ConfirmDialog>
    </Stack>
  );
}
