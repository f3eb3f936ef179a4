import { Alert, Anchor, Breadcrumbs, Button, Code, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { canManagePartnerWebhook } from '../app/roles';
import { useSignedIn } from '../app/session';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { ErrorAlert } from '../ui/ErrorAlert';
import { formatDateTime } from '../ui/PagedTable';
import { SecretDialog } from '../ui/SecretDialog';
import { getPartnerWebhookUrl, rotateWebhookSecret, setPartnerWebhookUrl, testPartnerWebhook, type SecretRotation } from './api';
import { webhookUrlCheck } from './webhookUrl';
import { responseExcerpt, testResultWords } from './words';

/**
 * PartnerWebhook is where a partner admin says where the partner's events go, checks the
 * receiver with a signed test event, and creates or rotates the signing secret. Partner members
 * see the address but change nothing.
 */
export function PartnerWebhook() {
  const { user } = useSignedIn();
  const partnerId = user.partner_id ?? '';
  const admin = canManagePartnerWebhook(user.role);
  const saved = useQuery({ queryKey: ['partners', partnerId, 'webhook_url'], queryFn: () => getPartnerWebhookUrl(partnerId) });
  const savedUrl = saved.data?.webhook_url ?? '';
  // The address form starts afresh from each saved URL, so what happened to it is said here.
  const [done, setDone] = useState<string | null>(null);

  return (
    <Stack>
      <Breadcrumbs>
        <Anchor component={Link} to="/partner/settings">
          Settings
        </Anchor>
        <span>Webhook</span>
      </Breadcrumbs>
      <Title order={2}>Webhook</Title>
      <Text c="dimmed" size="sm">
        PartnerHub sends your partner's events (clients, numbers, partner changes and more) to this address as signed JSON POST requests. A delivery counts
        when your receiver answers with a 2xx status within 10 seconds; otherwise it is retried with growing pauses for 24 hours.
      </Text>
      {!admin && <Text c="dimmed">Only a partner admin can change the webhook, send test events or manage the signing secret.</Text>}
      <ErrorAlert error={saved.error} title="Could not load the webhook" />
      {saved.data && (
        <Paper withBorder p="md">
          <Stack>
            <Title order={3} size="h4">
              Address
            </Title>
            <UrlForm key={savedUrl} partnerId={partnerId} savedUrl={savedUrl} editable={admin} onDone={setDone} />
            {done && (
              <Alert color="green" role="status">
                {done}
              </Alert>
            )}
          </Stack>
        </Paper>
      )}
      {saved.data && <TestEvent partnerId={partnerId} savedUrl={savedUrl} allowed={admin} />}
      <SigningSecret partnerId={partnerId} allowed={admin} />
      <Paper withBorder p="md">
        <Stack gap="xs">
          <Title order={3} size="h4">
            Delivery log
          </Title>
          <Text size="sm">Every event sent to this address, its attempts and what your receiver answered; failed deliveries can be sent again.</Text>
          <Group>
            <Button component={Link} to="/partner/webhook-deliveries" variant="default">
              Open the delivery log
            </Button>
          </Group>
        </Stack>
      </Paper>
    </Stack>
  );
}

interface UrlFormProps {
  partnerId: string;
  savedUrl: string;
  editable: boolean;
  onDone: (words: string | null) => void;
}

function UrlForm({ partnerId, savedUrl, editable, onDone }: UrlFormProps) {
  const queryClient = useQueryClient();
  const [url, setUrl] = useState(savedUrl);
  const [attempted, setAttempted] = useState(false);
  const [removing, setRemoving] = useState(false);
  const check = webhookUrlCheck(url);
  const save = useMutation({
    mutationFn: (next: string) => {
      onDone(null);
      return setPartnerWebhookUrl(partnerId, next);
    },
    onSuccess: (partner, next) => {
      onDone(next === '' ? 'Webhook removed: events are no longer sent.' : 'Webhook URL saved.');
      queryClient.setQueryData(['partners', partnerId, 'webhook_url'], { webhook_url: partner?.webhook_url ?? next });
      return queryClient.invalidateQueries({ queryKey: ['partners', partnerId, 'profile'] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (check.problem === null) save.mutate(url.trim());
  };

  return (
    <form noValidate onSubmit={submit}>
      <Stack>
        <TextInput
          label="Partner webhook URL"
          description="https only, no port, no underscore in the host name"
          placeholder="https://crm.example.com/partnerhub/events"
          value={url}
          onChange={(event) => setUrl(event.currentTarget.value)}
          error={attempted || url !== '' ? check.problem : null}
          disabled={!editable}
        />
        {check.notice && (
          <Text size="sm" c="orange.8">
            {check.notice}
          </Text>
        )}
        {!savedUrl && <Text size="sm" c="dimmed">No webhook is set: events are not sent anywhere.</Text>}
        <ErrorAlert error={save.error} title="Webhook not saved" />
        {editable && (
          <Group>
            <Button type="submit" loading={save.isPending && !removing} disabled={url.trim() === savedUrl}>
              Save webhook URL
            </Button>
            {savedUrl && (
              <Button variant="default" color="red" onClick={() => setRemoving(true)}>
                Remove webhook
              </Button>
            )}
          </Group>
        )}
      </Stack>
      <ConfirmDialog
        opened={removing}
        title="Remove the webhook"
        confirmLabel="Remove webhook"
        color="red"
        pending={save.isPending}
        error={removing ? save.error : null}
        onConfirm={() => save.mutate('', { onSuccess: () => setRemoving(false) })}
        onClose={() => setRemoving(false)}
      >
        Events that happen from now on are no longer sent to {savedUrl}. Deliveries already queued are still tried.
      </ConfirmDialog>
    </form>
  );
}

function TestEvent({ partnerId, savedUrl, allowed }: { partnerId: string; savedUrl: string; allowed: boolean }) {
  const send = useMutation({ mutationFn: () => testPartnerWebhook(partnerId) });
  const result = send.data;
  const response = responseExcerpt(result?.response);
  return (
    <Paper withBorder p="md">
      <Stack>
        <Title order={3} size="h4">
          Test event
        </Title>
        <Text size="sm">
          Sends a signed <Code>webhook.test</Code> event to the saved address now and shows what your receiver answered. It appears in the delivery log as a
          test.
        </Text>
        {allowed && (
          <Group>
            <Button onClick={() => send.mutate()} loading={send.isPending} disabled={!savedUrl}>
              Send test event
            </Button>
            {!savedUrl && (
              <Text size="sm" c="dimmed">
                Save a webhook URL first.
              </Text>
            )}
          </Group>
        )}
        <ErrorAlert error={send.error} title="Test event not sent" />
        {result && (
          <Alert color={result.delivered ? 'green' : 'red'} title={result.delivered ? 'Test event delivered' : 'Test event not delivered'} role="status">
            <Stack gap="xs">
              <Text size="sm">{testResultWords(result)}</Text>
              {result.event_id && (
                <Text size="sm">
                  Event ID <Code>{result.event_id}</Code>
                </Text>
              )}
              {response && (
                <>
                  <Text size="sm">Your receiver answered (first 1 KB):</Text>
                  <Code block style={{ maxHeight: 200, overflow: 'auto', whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                    {response}
                  </Code>
                </>
              )}
            </Stack>
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}

function SigningSecret({ partnerId, allowed }: { partnerId: string; allowed: boolean }) {
  const [asking, setAsking] = useState(false);
  // The secret lives only here, and only while its dialog is open.
  const [shown, setShown] = useState<SecretRotation | null>(null);
  const rotate = useMutation({
    mutationFn: () => rotateWebhookSecret(partnerId),
    // The answer holds the secret: nothing keeps it once the dialog lets go of it.
    gcTime: 0,
    onSuccess: (rotation) => {
      setAsking(false);
      setShown(rotation);
    },
  });
  const forget = () => {
    setShown(null);
    rotate.reset();
  };

  return (
    <Paper withBorder p="md">
      <Stack>
        <Title order={3} size="h4">
          Signing secret
        </Title>
        <Text size="sm">
          Every delivery carries <Code>X-PartnerHub-Signature: t=&lt;unix time&gt;,v1=&lt;hex&gt;</Code>, where v1 is the HMAC-SHA256 of{' '}
          <Code>&lt;t&gt;.&lt;raw body&gt;</Code> keyed with the secret, and <Code>X-PartnerHub-Event-Id</Code> to recognise repeats. After a rotation the
          previous secret keeps signing for 24 hours as a second v1 value, so your receiver can switch without losing events.
        </Text>
        {allowed ? (
          <Group>
            <Button
              variant="default"
              onClick={() => {
                rotate.reset();
                setAsking(true);
              }}
            >
              Create or rotate secret
            </Button>
          </Group>
        ) : (
          <Text size="sm" c="dimmed">
            Only a partner admin can create or rotate the signing secret.
          </Text>
        )}
      </Stack>
      <ConfirmDialog
        opened={asking}
        title="New signing secret"
        confirmLabel="Create secret"
        pending={rotate.isPending}
        error={rotate.error}
        onConfirm={() => rotate.mutate()}
        onClose={() => setAsking(false)}
      >
        A new signing secret is created and shown once. If there is one already, it is replaced: the previous secret keeps signing next to the new one for
        24 hours.
      </ConfirmDialog>
      <SecretDialog secret={shown?.secret ?? null} title="Your new signing secret" label="Signing secret" onClose={forget}>
        <Text size="sm">
          {shown?.previous_valid_until
            ? `The previous secret keeps signing too, as a second v1 value, until ${formatDateTime(shown.previous_valid_until)} (24 hours). Switch your receiver to the new secret before then.`
            : 'Deliveries are signed with this secret from now on.'}
        </Text>
      </SecretDialog>
    </Paper>
  );
}
