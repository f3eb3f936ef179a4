import { Button, Group, NativeSelect, SegmentedControl, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { toLocalInput } from '../ui/dateRange';
import { ErrorAlert } from '../ui/ErrorAlert';
import { findRequesters, languages, openTicket, severities } from './api';
import { enteredProblems, enteredRequest, type EnteredValues } from './ticketForm';
import { useTopics } from './useTopics';
import { explained, languageLabel, severityLabel } from './words';

/**
 * AgentNewTicket lets support staff enter a ticket that arrived by email or WhatsApp on the
 * requester's behalf. The timers start at the time the message was received, not now.
 */
export function AgentNewTicket() {
  const navigate = useNavigate();
  const { list: topics } = useTopics();
  const [values, setValues] = useState<EnteredValues>(() => ({
    source: 'email',
    receivedAt: toLocalInput(new Date()),
    requesterUserId: '',
    topic: '',
    severity: '',
    subject: '',
    description: '',
    language: 'en',
  }));
  const [search, setSearch] = useState('');
  const [attempted, setAttempted] = useState(false);
  const term = search.trim();
  const found = useQuery({
    queryKey: ['support', 'requesters', term],
    queryFn: () => findRequesters(term),
    enabled: term.length >= 2,
  });
  const problems = enteredProblems(values);
  const set = (changes: Partial<EnteredValues>) => setValues((current) => ({ ...current, ...changes }));
  const shown = (key: keyof EnteredValues) => (attempted ? (problems[key] ?? null) : null);
  const open = useMutation({
    mutationFn: () => explained(openTicket(enteredRequest(values))),
    onSuccess: (opened) => navigate(`/operator/tickets/${opened.ticket?.id}`, { state: { notice: opened.notice ?? '' } }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (Object.keys(problems).length === 0) open.mutate();
  };
  const topic = topics.find((item) => item.key === values.topic);

  return (
    <Stack maw={760}>
      <Title order={2}>Enter an email or WhatsApp ticket</Title>
      <Text c="dimmed" size="sm">
        For requests that reached support outside the hub. The SLA timers start when the message was received.
      </Text>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Arrived by
            </Text>
            <SegmentedControl
              value={values.source}
              onChange={(value) => set({ source: value as EnteredValues['source'] })}
              data={[
                { value: 'email', label: 'Email' },
                { value: 'whatsapp', label: 'WhatsApp' },
              ]}
              style={{ alignSelf: 'flex-start' }}
            />
          </Stack>
          <TextInput
            type="datetime-local"
            step={1}
            label="Received at (your local time)"
            value={values.receivedAt}
            onChange={(event) => set({ receivedAt: event.currentTarget.value })}
            error={attempted || values.receivedAt !== '' ? problems.receivedAt : null}
            required
          />
          <Group grow align="flex-start">
            <TextInput
              label="Find the requester"
              description="Part of the email address or name of the partner or client user who wrote."
              value={search}
              onChange={(event) => setSearch(event.currentTarget.value)}
            />
            <NativeSelect
              label="Matching users"
              value=""
              disabled={!found.data}
              onChange={(event) => set({ requesterUserId: event.currentTarget.value })}
              data={[
                { value: '', label: found.data ? `${found.data.requesters?.length ?? 0} found — pick one` : 'Type 2 characters or more' },
                ...(found.data?.requesters ?? []).map((user) => ({
                  value: user.id ?? '',
                  label: `${user.name} <${user.email}> — ${user.client_name ? `${user.client_name} (${user.partner_name})` : user.partner_name}`,
                })),
              ]}
            />
          </Group>
          <TextInput
            label="Requester user id"
            description="Filled in when you pick a matching user above."
            value={values.requesterUserId}
            onChange={(event) => set({ requesterUserId: event.currentTarget.value })}
            error={attempted || values.requesterUserId !== '' ? problems.requesterUserId : null}
            required
          />
          <Group grow align="flex-start">
            <NativeSelect
              label="Topic"
              value={values.topic}
              onChange={(event) => set({ topic: event.currentTarget.value })}
              data={[{ value: '', label: 'Choose a topic' }, ...topics.map((item) => ({ value: item.key ?? '', label: item.name ?? '' }))]}
              error={shown('topic')}
              required
            />
            <NativeSelect
              label="Severity"
              value={values.severity}
              onChange={(event) => set({ severity: event.currentTarget.value })}
              data={[
                { value: '', label: topic ? `From the topic (${severityLabel(topic.severity)}, ${severityLabel(topic.premium_severity)} for premium)` : 'From the topic' },
                ...severities.map((value) => ({ value, label: severityLabel(value) })),
              ]}
            />
          </Group>
          <TextInput label="Subject" value={values.subject} onChange={(event) => set({ subject: event.currentTarget.value })} error={attempted || values.subject !== '' ? problems.subject : null} required />
          <Textarea label="Message as received" value={values.description} onChange={(event) => set({ description: event.currentTarget.value })} error={problems.description} autosize minRows={4} />
          <NativeSelect
            label="Language"
            value={values.language}
            onChange={(event) => set({ language: event.currentTarget.value })}
            data={languages.map((language) => ({ value: language, label: languageLabel(language) }))}
          />
          <ErrorAlert error={open.error} title="The ticket was not entered" />
          <Group>
            <Button type="submit" loading={open.isPending}>
              Enter ticket
            </Button>
            <Button component={Link} to="/operator/tickets" variant="default">
              Cancel
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
