import { Alert, Anchor, Badge, Button, Group, List, NativeSelect, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useSignedIn } from '../app/session';
import { listOwnChannels, listPartnerChannels, type Channel } from '../channels/api';
import { ErrorAlert } from '../ui/ErrorAlert';
import { languages, openTicket, type Topic } from './api';
import { supportPath } from './paths';
import { bodyMax, emptyTicket, needsChannel, openRequest, subjectMax, ticketProblems, topicFields, type TicketValues } from './ticketForm';
import { useTopics } from './useTopics';
import { duplicateOf, explain, languageLabel, severityColor, severityLabel } from './words';

/** useOwnNumbers loads the numbers a requester may name as the affected one. */
function useOwnNumbers() {
  const { user } = useSignedIn();
  const clientId = user.client_id ?? '';
  const partnerId = user.partner_id ?? '';
  return useQuery({
    queryKey: ['support', 'numbers', clientId || partnerId],
    queryFn: async (): Promise<Channel[]> =>
      clientId
        ? ((await listOwnChannels(clientId, { limit: 1000, sort: 'setup_info.phone_number' })).channels ?? [])
        : ((await listPartnerChannels(partnerId, { limit: 1000, sort: 'setup_info.phone_number' })).partner_channels ?? []),
  });
}

const numberLabel = (channel: Channel) =>
  [channel.setup_info?.phone_number, channel.setup_info?.phone_name || channel.client?.name].filter(Boolean).join(' · ') || (channel.id ?? '');

/** Suggestions shows the topic's knowledge-base articles before the ticket is sent. */
function Suggestions({ topic }: { topic: Topic }) {
  const articles = topic.kb_articles ?? [];
  if (articles.length === 0) return null;
  return (
    <Paper withBorder p="md" component="section" aria-label="Suggested articles">
      <Stack gap="xs">
        <Text fw={600}>Before you send: these articles may already answer it</Text>
        <List spacing="xs">
          {articles.map((article) => (
            <List.Item key={article.id}>
              {article.url ? (
                <Anchor href={article.url} target="_blank" rel="noreferrer">
                  {article.title}
                </Anchor>
              ) : (
                <Text span fw={500}>
                  {article.title}
                </Text>
              )}
              {article.body && (
                <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
                  {article.body}
                </Text>
              )}
            </List.Item>
          ))}
        </List>
      </Stack>
    </Paper>
  );
}

/**
 * NewTicket opens a hub-chat ticket. The chosen topic decides the form: what it requires becomes
 * required fields, its articles are suggested first, and its severity (for the requester's
 * support package) is shown. An open ticket on the same topic and number is offered before a
 * second one is created.
 */
export function NewTicket() {
  const { user } = useSignedIn();
  const base = supportPath(user.role);
  const navigate = useNavigate();
  const { list: topics, byKey, query: topicsQuery } = useTopics();
  const numbers = useOwnNumbers();
  const [values, setValues] = useState<TicketValues>(emptyTicket);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [attempted, setAttempted] = useState(false);
  const [duplicate, setDuplicate] = useState<string | null>(null);
  const topic = byKey.get(values.topic);
  const problems = ticketProblems(topic, values);
  const shown = (key: string) => (attempted || touched.has(key) ? (problems[key] ?? null) : null);
  const set = (changes: Partial<TicketValues>, key: string) => {
    setValues((current) => ({ ...current, ...changes }));
    setTouched((current) => new Set(current).add(key));
    setDuplicate(null);
  };
  const setDetail = (key: string, value: string) => set({ details: { ...values.details, [key]: value } }, `details.${key}`);

  const open = useMutation({
    mutationFn: async (confirmNew: boolean) => {
      try {
        return await openTicket(openRequest(topic!, values, confirmNew));
      } catch (error) {
        const existing = duplicateOf(error);
        if (existing) {
          setDuplicate(existing);
          return null;
        }
        throw explain(error);
      }
    },
    onSuccess: (opened) => {
      if (opened?.ticket?.id) navigate(`${base}/${opened.ticket.id}`, { state: { notice: opened.notice ?? '' } });
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (Object.keys(problems).length === 0 && topic) open.mutate(false);
  };
  const fields = topicFields(topic);

  return (
    <Stack maw={760}>
      <Title order={2}>New support ticket</Title>
      <ErrorAlert error={topicsQuery.error} title="Could not load the topics" />
      <form onSubmit={submit} noValidate>
        <Stack>
          <NativeSelect
            label="Topic"
            description="What the ticket is about decides what support needs from you and how fast it answers."
            value={values.topic}
            onChange={(event) => set({ topic: event.currentTarget.value }, 'topic')}
            data={[{ value: '', label: 'Choose a topic' }, ...topics.map((item) => ({ value: item.key ?? '', label: item.name ?? item.key ?? '' }))]}
            error={shown('topic')}
            required
          />
          {topic && (
            <Group gap="xs">
              <Text size="sm">Severity:</Text>
              <Badge color={severityColor(topic.default_severity)} variant="light">
                {severityLabel(topic.default_severity)}
              </Badge>
              <Text size="sm" c="dimmed">
                set by the topic for your support package; support may change it.
              </Text>
            </Group>
          )}
          {topic && <Suggestions topic={topic} />}
          <TextInput
            label="Subject"
            value={values.subject}
            onChange={(event) => set({ subject: event.currentTarget.value }, 'subject')}
            error={shown('subject')}
            maxLength={subjectMax + 50}
            required
          />
          {topic && (
            <NativeSelect
              label={needsChannel(topic) ? 'Affected number' : 'Affected number (optional)'}
              value={values.channelId}
              onChange={(event) => set({ channelId: event.currentTarget.value }, 'channel_id')}
              data={[
                { value: '', label: numbers.isPending ? 'Loading your numbers…' : needsChannel(topic) ? 'Choose a number' : 'None' },
                ...(numbers.data ?? []).map((channel) => ({ value: channel.id ?? '', label: numberLabel(channel) })),
              ]}
              error={shown('channel_id')}
              required={needsChannel(topic)}
            />
          )}
          {fields
            .filter((field) => field.kind === 'text')
            .map((field) => (
              <TextInput
                key={field.key}
                label={field.label}
                value={values.details[field.key] ?? ''}
                onChange={(event) => setDetail(field.key, event.currentTarget.value)}
                error={shown(`details.${field.key}`)}
                required
              />
            ))}
          <Textarea
            label="Description"
            description="What happened, what you expected, and what you already tried. Never paste API keys: we mask them."
            value={values.description}
            onChange={(event) => set({ description: event.currentTarget.value }, 'description')}
            error={shown('description')}
            autosize
            minRows={4}
            maxLength={bodyMax + 100}
            required
          />
          <NativeSelect
            label="Language"
            description="Support answers in this language when an agent speaks it, else in English."
            value={values.language}
            onChange={(event) => set({ language: event.currentTarget.value }, 'language')}
            data={languages.map((language) => ({ value: language, label: languageLabel(language) }))}
          />
          {duplicate && (
            <Alert color="yellow" title="You already have an open ticket on this" role="alert">
              <Stack gap="xs">
                <Text size="sm">
                  Ticket {duplicate} is still open for this topic and number. Continue there, so support has the whole story — or open a new ticket if this is a
                  different problem.
                </Text>
                <Group>
                  <Button component={Link} to={`${base}/${duplicate}`} variant="light">
                    Open ticket {duplicate}
                  </Button>
                  <Button variant="default" loading={open.isPending} onClick={() => open.mutate(true)}>
                    Create a new ticket anyway
                  </Button>
                </Group>
              </Stack>
            </Alert>
          )}
          <ErrorAlert error={open.error} title="The ticket was not opened" />
          <Group>
            <Button type="submit" loading={open.isPending} disabled={duplicate !== null}>
              Open ticket
            </Button>
            <Button component={Link} to={base} variant="default">
              Cancel
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
