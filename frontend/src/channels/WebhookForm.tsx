import { ActionIcon, Alert, Button, Code, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '../ui/ErrorAlert';
import { headerNameProblem, headerValueProblem, webhookHeadersMax, webhookUrlCheck } from '../webhooks/webhookUrl';
import { responseExcerpt, testResultWords } from '../webhooks/words';
import { getWebhook, setWebhook, testChannelWebhook, type ChannelOwner, type ChannelWebhook } from './api';

interface WebhookFormProps {
  owner: ChannelOwner;
  channelId: string;
  editable: boolean;
}

/** WebhookForm shows and sets where the channel's messages are sent, with optional headers. */
export function WebhookForm({ owner, channelId, editable }: WebhookFormProps) {
  const webhook = useQuery({ queryKey: ['channel', channelId, 'webhook'], queryFn: () => getWebhook(owner, channelId) });
  const [saved, setSaved] = useState(false);
  return (
    <Paper withBorder p="md">
      <Stack>
        <Title order={3} size="h4">
          Webhook
        </Title>
        <Text size="sm" c="dimmed">
          Incoming messages and status updates of this number are sent to this address.
        </Text>
        <ErrorAlert error={webhook.error} title="Could not load the webhook" />
        {webhook.data && (
          <WebhookFields key={webhook.dataUpdatedAt} owner={owner} channelId={channelId} saved={webhook.data} editable={editable} onSaved={setSaved} />
        )}
        {saved && (
          <Alert color="green" role="status">
            Webhook saved.
          </Alert>
        )}
        {webhook.data && editable && <WebhookTest owner={owner} channelId={channelId} savedUrl={webhook.data.url ?? ''} />}
      </Stack>
    </Paper>
  );
}

/** WebhookTest sends a test notification to the saved webhook and says what the receiver did. */
function WebhookTest({ owner, channelId, savedUrl }: { owner: ChannelOwner; channelId: string; savedUrl: string }) {
  const send = useMutation({ mutationFn: () => testChannelWebhook(owner, channelId) });
  const result = send.data;
  const response = responseExcerpt(result?.response);
  return (
    <Stack gap="xs">
      <Group>
        <Button variant="default" onClick={() => send.mutate()} loading={send.isPending} disabled={!savedUrl}>
          Send test event
        </Button>
        <Text size="sm" c="dimmed">
          {savedUrl ? 'Sends a test status notification ("partnerhub_test": true) to the saved address, with its headers.' : 'Save a webhook URL first.'}
        </Text>
      </Group>
      <ErrorAlert error={send.error} title="Test event not sent" />
      {result && (
        <Alert color={result.delivered ? 'green' : 'red'} title={result.delivered ? 'Test event delivered' : 'Test event not delivered'} role="status">
          <Stack gap="xs">
            <Text size="sm">{testResultWords(result)}</Text>
            {response && (
              <Code block style={{ maxHeight: 200, overflow: 'auto', whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                {response}
              </Code>
            )}
          </Stack>
        </Alert>
      )}
    </Stack>
  );
}

type Header = { key: number; name: string; value: string };

interface WebhookFieldsProps {
  owner: ChannelOwner;
  channelId: string;
  saved: ChannelWebhook;
  editable: boolean;
  onSaved: (saved: boolean) => void;
}

function WebhookFields({ owner, channelId, saved, editable, onSaved }: WebhookFieldsProps) {
  const queryClient = useQueryClient();
  const [url, setUrl] = useState(saved.url ?? '');
  const [headers, setHeaders] = useState<Header[]>(() =>
    Object.entries(saved.headers ?? {}).map(([name, value], key) => ({ key, name, value })),
  );
  const [attempted, setAttempted] = useState(false);
  const { problem: urlProblem, notice: urlNotice } = webhookUrlCheck(url);
  const headerProblems = headers.map((header) => ({
    name: header.name === '' && header.value === '' ? null : headerNameProblem(header.name.trim()),
    value: headerValueProblem(header.value),
  }));
  const names = headers.map((header) => header.name.trim().toLowerCase()).filter((name) => name !== '');
  const duplicate = names.find((name, index) => names.indexOf(name) !== index);
  const valid = urlProblem === null && headerProblems.every((problem) => !problem.name && !problem.value) && !duplicate;

  const save = useMutation({
    mutationFn: () => {
      onSaved(false);
      const body: ChannelWebhook = { url: url.trim() };
      const filled = headers.filter((header) => header.name.trim() !== '');
      if (filled.length > 0 || Object.keys(saved.headers ?? {}).length > 0) {
        body.headers = Object.fromEntries(filled.map((header) => [header.name.trim(), header.value]));
      }
      return setWebhook(owner, channelId, body);
    },
    onSuccess: (answer) => {
      onSaved(true);
      queryClient.setQueryData(['channel', channelId, 'webhook'], answer ?? { url: url.trim() });
      return queryClient.invalidateQueries({ queryKey: ['channel', channelId], exact: true });
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (valid) save.mutate();
  };
  const change = (key: number, part: 'name' | 'value', text: string) =>
    setHeaders((current) => current.map((header) => (header.key === key ? { ...header, [part]: text } : header)));

  return (
    <form noValidate onSubmit={submit}>
      <Stack>
        <TextInput
          label="Webhook URL"
          placeholder="https://hooks.example.com/whatsapp"
          description="https only, no port, no underscore in the host name"
          value={url}
          onChange={(event) => setUrl(event.currentTarget.value)}
          error={attempted || url !== '' ? urlProblem : null}
          disabled={!editable}
        />
        {urlNotice && (
          <Text size="sm" c="orange.8">
            {urlNotice}
          </Text>
        )}
        <Text size="sm" fw={500}>
          Extra headers (optional)
        </Text>
        {headers.map((header, index) => (
          <Group key={header.key} align="flex-start" wrap="nowrap">
            <TextInput
              aria-label={`Header ${index + 1} name`}
              placeholder="Authorization"
              value={header.name}
              onChange={(event) => change(header.key, 'name', event.currentTarget.value)}
              error={headerProblems[index].name}
              disabled={!editable}
            />
            <TextInput
              aria-label={`Header ${index + 1} value`}
              placeholder="value"
              value={header.value}
              onChange={(event) => change(header.key, 'value', event.currentTarget.value)}
              error={headerProblems[index].value}
              disabled={!editable}
              style={{ flex: 1 }}
            />
            {editable && (
              <ActionIcon
                variant="subtle"
                color="red"
                mt={4}
                aria-label={`Remove header ${index + 1}`}
                onClick={() => setHeaders((current) => current.filter((other) => other.key !== header.key))}
              >
                ✕
              </ActionIcon>
            )}
          </Group>
        ))}
        {duplicate && (
          <Text size="sm" c="red">
            The header {duplicate} is named twice.
          </Text>
        )}
        {editable && headers.length < webhookHeadersMax && (
          <Group>
            <Button
              variant="default"
              size="xs"
              onClick={() => setHeaders((current) => [...current, { key: Math.max(-1, ...current.map((h) => h.key)) + 1, name: '', value: '' }])}
            >
              Add header
            </Button>
          </Group>
        )}
        <ErrorAlert error={save.error} title="Webhook not saved" />
        {editable && (
          <Group>
            <Button type="submit" loading={save.isPending}>
              Save webhook
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}
