import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '../ui/ErrorAlert';
import { characters } from '../ui/rules';
import type { ActionResult } from './api';
import { bodyMax, reasonMax } from './ticketForm';
import { explained } from './words';

/** textProblem checks a message or reason against the server's limits. */
export function textProblem(text: string, label: string, max: number, required = true): string | null {
  const length = characters(text.trim());
  if (required && length === 0) return `Write ${label} first.`;
  if (length > max) return `This can be at most ${max} characters (${length} now).`;
  return null;
}

/** MessageForm sends one text (a reply or a note) and clears itself once sent. */
export function MessageForm({
  label,
  submitLabel,
  onSend,
  color,
  what,
}: {
  label: string;
  submitLabel: string;
  onSend: (text: string) => Promise<ActionResult>;
  color?: string;
  what: string;
}) {
  const [text, setText] = useState('');
  const [attempted, setAttempted] = useState(false);
  const [notice, setNotice] = useState('');
  const send = useMutation({
    mutationFn: (body: string) => explained(onSend(body)),
    onSuccess: (result) => {
      setText('');
      setAttempted(false);
      setNotice(result.notice ?? '');
    },
  });
  const problem = textProblem(text, what, bodyMax);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (!problem) send.mutate(text);
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="xs">
        <Textarea
          label={label}
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          error={attempted || text.trim() !== '' ? problem : null}
          autosize
          minRows={3}
        />
        {notice && (
          <Alert color="yellow" title="An API key was masked" role="status" withCloseButton onClose={() => setNotice('')}>
            {notice}
          </Alert>
        )}
        <ErrorAlert error={send.error} title={`${submitLabel} did not work`} />
        <Group>
          <Button type="submit" loading={send.isPending} color={color}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** ReasonDialog asks for a reason (required or optional) and runs an action with it. */
export function ReasonDialog({
  opened,
  title,
  label,
  description,
  confirmLabel,
  required,
  onConfirm,
  onClose,
  color,
  max = reasonMax,
}: {
  max?: number;
  opened: boolean;
  title: string;
  label: string;
  description?: string;
  confirmLabel: string;
  required: boolean;
  onConfirm: (reason: string) => Promise<unknown>;
  onClose: () => void;
  color?: string;
}) {
  const [reason, setReason] = useState('');
  const [attempted, setAttempted] = useState(false);
  const action = useMutation({
    mutationFn: (text: string) => explained(onConfirm(text)),
    onSuccess: () => {
      setReason('');
      setAttempted(false);
      onClose();
    },
  });
  const problem = textProblem(reason, 'the reason', max, required);
  const close = () => {
    action.reset();
    setAttempted(false);
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title={title} centered>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setAttempted(true);
          if (!problem) action.mutate(reason);
        }}
        noValidate
      >
        <Stack>
          {description && <Text size="sm">{description}</Text>}
          <Textarea label={label} value={reason} onChange={(event) => setReason(event.currentTarget.value)} error={attempted || reason !== '' ? problem : null} autosize minRows={3} data-autofocus />
          <ErrorAlert error={action.error} title={`${title} did not work`} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Keep as is
            </Button>
            <Button type="submit" loading={action.isPending} color={color}>
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
