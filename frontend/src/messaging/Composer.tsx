import { Anchor, Button, Grid, NativeSelect, SegmentedControl, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import type { ChannelOwner } from '../channels/api';
import { listTemplates, type WabaTemplate } from '../templates/api';
import { Preview } from '../templates/Preview';
import { categoryLabel } from '../templates/words';
import { ErrorAlert } from '../ui/ErrorAlert';
import { characters, counter } from '../ui/rules';
import { sendTestMessage, type SendAnswer } from './api';
import { previewComponents, slotProblem, slotsOf, templateLabel, templateRequest, textRequest, unsendableReason } from './templateMessage';

/** maxText is the longest text WhatsApp sends, in characters. */
export const maxText = 4096;

interface ComposerProps {
  owner: ChannelOwner;
  channelId: string;
  wabaId?: string;
  /** to is the recipient: a phone number or WhatsApp id. */
  to: string;
  windowOpen: boolean;
  onSent: (answer: SendAnswer) => void;
}

/** useApprovedTemplates loads the approved templates of the number's WABA, the ones that can be sent. */
function useApprovedTemplates(owner: ChannelOwner, wabaId?: string) {
  const query = { limit: 1000, sort: 'name', filters: { status: 'approved' } };
  return useQuery({
    queryKey: [...(owner.partnerId ? ['partners', owner.partnerId] : ['clients', owner.clientId]), 'waba_accounts', wabaId, 'waba_templates', query],
    queryFn: () => listTemplates(owner, wabaId ?? '', query),
    enabled: Boolean(wabaId),
    staleTime: 30_000,
  });
}

/** Composer writes a message to the recipient: a free-form text, or an approved template with its values. */
export function Composer({ owner, channelId, wabaId, to, windowOpen, onSent }: ComposerProps) {
  const [kind, setKind] = useState<'text' | 'template'>(windowOpen ? 'text' : 'template');
  const [body, setBody] = useState('');
  const [templateId, setTemplateId] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const [attempted, setAttempted] = useState(false);
  const templates = useApprovedTemplates(owner, wabaId);
  const approved = (templates.data?.waba_templates ?? []).filter((template) => template.status === 'approved');
  const template: WabaTemplate | undefined = approved.find((candidate) => candidate.id === templateId) ?? approved.find((candidate) => !unsendableReason(candidate));
  const slots = template ? slotsOf(template) : [];
  const send = useMutation({
    mutationFn: () => sendTestMessage(owner, channelId, kind === 'text' ? textRequest(to, body) : templateRequest(to, template!, values)),
    onSuccess: (answer) => {
      setAttempted(false);
      if (kind === 'text') setBody('');
      onSent(answer);
    },
  });

  const textProblem = body.trim() === '' ? 'Write a message.' : characters(body) > maxText ? `A message can be at most ${maxText} characters.` : null;
  const templateProblem = !template ? 'Choose an approved template.' : (unsendableReason(template) ?? slots.map((slot) => slotProblem(slot, values[slot.key])).find(Boolean) ?? null);
  const problem = kind === 'text' ? textProblem : templateProblem;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (!problem && to) send.mutate();
  };
  const templatesPage = wabaId ? (owner.partnerId ? `/partner/clients/${owner.clientId}/wabas/${wabaId}/templates` : `/portal/wabas/${wabaId}/templates`) : undefined;

  return (
    <form noValidate onSubmit={submit} aria-label="Write a message">
      <Stack gap="xs">
        <SegmentedControl
          value={kind}
          onChange={(value) => {
            setKind(value as 'text' | 'template');
            setAttempted(false);
          }}
          data={[
            { value: 'text', label: 'Text' },
            { value: 'template', label: 'Template' },
          ]}
          aria-label="Message kind"
          w="fit-content"
        />
        {kind === 'text' ? (
          <>
            <Textarea
              label="Message"
              autosize
              minRows={2}
              maxRows={8}
              value={body}
              onChange={(event) => setBody(event.currentTarget.value)}
              error={attempted || characters(body) > maxText ? textProblem : null}
              description={`${counter(body, maxText)} characters`}
            />
            {!windowOpen && (
              <Text size="xs" c="orange">
                The window is closed: a free-form message will not reach this user. Send a template instead.
              </Text>
            )}
          </>
        ) : (
          <Grid gap="md">
            <Grid.Col span={{ base: 12, md: 6 }}>
              <Stack gap="xs">
                <ErrorAlert error={templates.error} title="Could not load the templates" />
                {templates.data && approved.length === 0 ? (
                  <Text size="sm">
                    This number&apos;s WhatsApp Business Account has no approved template yet.{' '}
                    {templatesPage && (
                      <Anchor component={Link} to={templatesPage}>
                        Create one
                      </Anchor>
                    )}
                  </Text>
                ) : (
                  <NativeSelect
                    label="Template"
                    value={template?.id ?? ''}
                    onChange={(event) => {
                      setTemplateId(event.currentTarget.value);
                      setValues({});
                      setAttempted(false);
                    }}
                    data={approved.map((candidate) => ({ value: candidate.id ?? '', label: templateLabel(candidate), disabled: Boolean(unsendableReason(candidate)) }))}
                    description={template ? `${categoryLabel(template.category)} template` : undefined}
                  />
                )}
                {slots.map((slot) => (
                  <TextInput
                    key={`${template?.id}-${slot.key}`}
                    label={slot.label}
                    placeholder={slot.sample}
                    value={values[slot.key] ?? ''}
                    onChange={(event) => {
                      const value = event.currentTarget.value;
                      setValues((current) => ({ ...current, [slot.key]: value }));
                    }}
                    error={attempted ? slotProblem(slot, values[slot.key]) : null}
                  />
                ))}
                {template && slots.length === 0 && (
                  <Text size="xs" c="dimmed">
                    This template has no values to fill in.
                  </Text>
                )}
                {attempted && template && unsendableReason(template) && (
                  <Text size="xs" c="red">
                    {unsendableReason(template)}
                  </Text>
                )}
              </Stack>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 6 }}>{template && <Preview components={previewComponents(template, values)} category={template.category} />}</Grid.Col>
          </Grid>
        )}
        {attempted && kind === 'template' && !template && (
          <Text size="xs" c="red">
            {templateProblem}
          </Text>
        )}
        <ErrorAlert error={send.error} title="Not sent" />
        <Button type="submit" loading={send.isPending} disabled={!to} w="fit-content">
          {kind === 'text' ? 'Send text' : 'Send template'}
        </Button>
      </Stack>
    </form>
  );
}
