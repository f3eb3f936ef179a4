import { Alert, Button, Code, Group, Modal, Stack, Text } from '@mantine/core';
import { useState, type ReactNode } from 'react';

interface SecretDialogProps {
  /** secret is the value to show; the dialog is open while it is set. */
  secret: string | null;
  title: string;
  /** label names the value in words, e.g. "Signing secret". */
  label: string;
  /** keep says where to store the value and what to do if it is lost. */
  keep?: string;
  children?: ReactNode;
  /** onClose must forget the secret: once closed, it cannot be shown again. */
  onClose: () => void;
}

/**
 * SecretDialog shows a secret the server reveals only once, with a copy-to-clipboard button and
 * a warning that it cannot be shown again. A click beside the dialog does not close it, so the
 * secret is not lost by accident.
 */
export function SecretDialog({ secret, title, label, keep = defaultKeep, children, onClose }: SecretDialogProps) {
  return (
    <Modal opened={secret !== null} onClose={onClose} title={title} centered size="lg" closeOnClickOutside={false}>
      {secret !== null && (
        <SecretBody key={secret} secret={secret} label={label} keep={keep} onClose={onClose}>
          {children}
        </SecretBody>
      )}
    </Modal>
  );
}

const defaultKeep = 'Store it where your receiver can read it; if it is lost, create a new one.';

// inSentence writes a label inside a sentence: "Signing secret" → "signing secret", but "API key" stays.
const inSentence = (label: string) => (/^[A-Z][a-z]/.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label);

function SecretBody({ secret, label, keep, children, onClose }: { secret: string; label: string; keep: string; children?: ReactNode; onClose: () => void }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const copy = async () => {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(secret);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <Stack>
      <Alert color="yellow" title="Copy it now">
        You will not see this {inSentence(label)} again. {keep}
      </Alert>
      <Stack gap={4}>
        <Text size="sm" fw={500} id="secret-label">
          {label}
        </Text>
        <Code block aria-labelledby="secret-label" data-testid="secret-value" style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
          {secret}
        </Code>
      </Stack>
      <Group>
        <Button onClick={() => void copy()} color={copied === 'yes' ? 'teal' : undefined}>
          {copied === 'yes' ? 'Copied' : 'Copy to clipboard'}
        </Button>
        {copied === 'yes' && (
          <Text size="sm" c="teal" role="status">
            Copied to the clipboard.
          </Text>
        )}
      </Group>
      {copied === 'failed' && (
        <Text size="sm" c="red" role="alert">
          The browser did not allow copying. Select the {inSentence(label)} above and copy it by hand.
        </Text>
      )}
      {children}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Done, close
        </Button>
      </Group>
    </Stack>
  );
}
