import { Button, Group, Modal, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../api/client';
import { useSignedIn } from '../app/session';
import { channelStatusTone } from '../channels/words';
import { CopyValue } from '../ui/CopyValue';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Facts } from '../ui/Facts';
import { all, atMost, compactPhone, required } from '../ui/rules';
import { StatusBadge } from '../ui/StatusBadge';
import { useForm } from '../ui/useForm';
import { getPlatformNumbers, platformNumberKinds, setPlatformNumber, type PlatformNumber, type PlatformNumberKind } from './api';

/** displayNameMax is the server's limit on a platform number's display name. */
export const platformDisplayNameMax = 100;

const kindWords: Record<PlatformNumberKind, { title: string; purpose: string }> = {
  support: {
    title: 'Support desk number',
    purpose:
      'WhatsApp users write to support here. Each message opens a WhatsApp ticket (or continues the writer’s open one), and agents’ replies go back from this number.',
  },
  sandbox: {
    title: 'Sandbox number',
    purpose:
      'Developers write START here and receive a sandbox API key on WhatsApp, for sending test messages to their own number. Writing START again replaces their key.',
  },
};

const phoneRule = all(required('The phone number'), (value) =>
  /^(\+|00)[1-9]\d{6,14}$/.test(compactPhone(value)) ? null : 'Write the number in international format with the country code, e.g. +4930577140819.',
);
const nameRule = all(required('The display name'), atMost('The display name', platformDisplayNameMax));

const fieldWords: Record<string, string> = { phone_number: 'The phone number', display_name: 'The display name' };

/** explain puts a refused set-up in words: each field problem with its field's name. */
function explain(error: unknown): unknown {
  if (!(error instanceof ApiError) || error.status !== 422) return error;
  const details = error.details.map((detail) => {
    const [, field = '', why = detail] = /^(\w+): (.*)$/s.exec(detail) ?? [];
    const label = fieldWords[field];
    const text = label && /^(is|must|may)\b/.test(why) ? `${label} ${why}` : why.charAt(0).toUpperCase() + why.slice(1);
    return /[.!?]$/.test(text) ? text : `${text}.`;
  });
  return new ApiError('Some values are not valid:', error.status, details, error.code);
}

/** NumberForm sets up (or changes) one platform number. */
function NumberForm({ kind, number, onClose }: { kind: PlatformNumberKind; number: PlatformNumber; onClose: () => void }) {
  const queryClient = useQueryClient();
  const form = useForm({ phone_number: number.phone_number ?? '', display_name: number.display_name ?? '' }, { phone_number: phoneRule, display_name: nameRule });
  const save = useMutation({
    mutationFn: (values: { phone_number: string; display_name: string }) =>
      setPlatformNumber(kind, values).catch((error: unknown) => {
        throw explain(error);
      }),
    onSuccess: (view) => {
      queryClient.setQueryData(['operator', 'platform_numbers'], view);
      onClose();
    },
  });
  const replaces = number.configured && compactPhone(form.values.phone_number) !== number.phone_number;
  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
      <Stack>
        <TextInput label="Phone number" description="International format with the country code" {...form.field('phone_number')} data-autofocus />
        <TextInput label="Display name" description="The name WhatsApp users see" {...form.field('display_name')} />
        {replaces && (
          <Text size="sm" c="orange">
            This replaces {number.phone_number}: that number stops running
            {kind === 'sandbox' ? ' and every sandbox key of it stops working (developers write START again)' : ''}.
          </Text>
        )}
        <ErrorAlert error={save.error} title="Setting up the number did not work" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Keep as is
          </Button>
          <Button type="submit" loading={save.isPending}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** NumberCard shows one platform number: what it is for, how it stands, and (for platform admins) its set-up. */
function NumberCard({ kind, number, canSet }: { kind: PlatformNumberKind; number: PlatformNumber; canSet: boolean }) {
  const [editing, setEditing] = useState(false);
  const words = kindWords[kind];
  return (
    <Paper withBorder p="md" component="section" aria-label={words.title}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={4}>{words.title}</Title>
          {canSet && (
            <Button size="xs" variant={number.configured ? 'default' : 'filled'} onClick={() => setEditing(true)}>
              {number.configured ? 'Change' : 'Set up'}
            </Button>
          )}
        </Group>
        <Text size="sm" c="dimmed">
          {words.purpose}
        </Text>
        {number.configured ? (
          <Facts
            facts={[
              { label: 'Phone number', value: number.phone_number },
              { label: 'Display name', value: number.display_name },
              { label: 'Status', value: <StatusBadge tone={channelStatusTone(number.status)} /> },
              kind === 'support'
                ? { label: 'Open WhatsApp tickets', value: String(number.open_tickets ?? 0) }
                : { label: 'Sandbox keys in use', value: String(number.sandbox_keys ?? 0) },
              { label: 'Set up by', value: number.set_by ? number.set_by.user_name || number.set_by.user_id : 'Demo data' },
            ]}
          />
        ) : (
          <Text size="sm">Not set up yet{canSet ? '.' : ': a platform admin sets it up.'}</Text>
        )}
      </Stack>
      <Modal opened={editing} onClose={() => setEditing(false)} title={`${number.configured ? 'Change' : 'Set up'} the ${words.title.toLowerCase()}`} centered>
        <NumberForm kind={kind} number={number} onClose={() => setEditing(false)} />
      </Modal>
    </Paper>
  );
}

/**
 * PlatformNumbers is the operator console's card for the platform's own WhatsApp numbers: the
 * support desk's number and the sandbox number. Platform admins set them up; support agents see
 * how they stand.
 */
export function PlatformNumbers() {
  const { user } = useSignedIn();
  const canSet = user.role === 'platform_admin';
  const numbers = useQuery({ queryKey: ['operator', 'platform_numbers'], queryFn: getPlatformNumbers });
  const byKind = new Map((numbers.data?.numbers ?? []).map((number) => [number.kind, number]));
  return (
    <Stack>
      <Title order={2}>Platform numbers</Title>
      <Text c="dimmed" size="sm">
        The platform’s own WhatsApp numbers. They belong to the platform itself, not to a partner, run as soon as they are set up and are billed to nobody.
      </Text>
      <ErrorAlert error={numbers.error} title="Could not load the platform numbers" />
      {numbers.data && (
        <>
          {platformNumberKinds.map((kind) => (
            <NumberCard key={kind} kind={kind} number={byKind.get(kind) ?? { kind }} canSet={canSet} />
          ))}
          {numbers.data.address && <CopyValue label="Messaging API address of the sandbox keys" value={numbers.data.address} />}
        </>
      )}
    </Stack>
  );
}
