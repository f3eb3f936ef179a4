import { Anchor, Badge, Breadcrumbs, Button, Code, Group, NativeSelect, Paper, PasswordInput, SimpleGrid, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../api/client';
import { canManagePartnerKeys } from '../app/roles';
import { useSignedIn } from '../app/session';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { ErrorAlert } from '../ui/ErrorAlert';
import { formatDate, formatDateTime } from '../ui/PagedTable';
import { SecretDialog } from '../ui/SecretDialog';
import { useForm } from '../ui/useForm';
import { useNow } from '../ui/useNow';
import {
  createPartnerKey,
  listPartnerKeys,
  newIdempotencyKey,
  retryLostAnswers,
  revokePartnerKey,
  type CreatedPartnerKey,
  type NewPartnerKey,
  type PartnerKey,
} from './api';
import { checkIpAllowlist, ipAllowlistMax } from './ipAllowlist';
import { currentPassword, expiryMoment, localDate, partnerKeyAllowlist, partnerKeyExpiry, partnerKeyName } from './partnerKeyRules';
import { partnerKeyTone } from './words';

const scopeWords: Record<string, string> = {
  full: 'Full access',
  read: 'Read only',
};

/**
 * PartnerApiKeys is where a partner admin creates the partner's API keys (X-API-Key) for its
 * own systems, shown once, and revokes them. Creating one asks for the admin's password again.
 */
export function PartnerApiKeys() {
  const { user } = useSignedIn();
  const partnerId = user.partner_id ?? '';
  const admin = canManagePartnerKeys(user.role);

  return (
    <Stack>
      <Breadcrumbs>
        <Anchor component={Link} to="/partner/settings">
          Settings
        </Anchor>
        <span>API keys</span>
      </Breadcrumbs>
      <Title order={2}>API keys</Title>
      <Text c="dimmed" size="sm">
        Partner API keys let your own systems, such as a CRM, call the Partner API in the <Code>X-API-Key</Code> header: manage clients, numbers and
        their keys without a person signing in. A read-only key may only read (GET requests).
      </Text>
      {admin ? <AdminKeys partnerId={partnerId} /> : <Text>Only a partner admin can see and manage the partner’s API keys.</Text>}
    </Stack>
  );
}

function AdminKeys({ partnerId }: { partnerId: string }) {
  const queryClient = useQueryClient();
  const listKey = ['partners', partnerId, 'api_keys'];
  const keys = useQuery({ queryKey: listKey, queryFn: () => listPartnerKeys(partnerId) });
  const [revoking, setRevoking] = useState<PartnerKey | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const revoke = useMutation({
    mutationFn: (key: PartnerKey) => revokePartnerKey(partnerId, key.id ?? ''),
    onSuccess: (_, key) => {
      setRevoking(null);
      setDone(`The key “${key.name}” is revoked: it no longer works.`);
      return queryClient.invalidateQueries({ queryKey: listKey });
    },
  });

  return (
    <>
      <CreateKey partnerId={partnerId} onCreated={() => void queryClient.invalidateQueries({ queryKey: listKey })} />
      <Paper withBorder p="md">
        <Stack>
          <Title order={3} size="h4">
            Keys
          </Title>
          <ErrorAlert error={keys.error} title="Could not load the keys" />
          {done && (
            <Text size="sm" c="green" role="status">
              {done}
            </Text>
          )}
          {keys.data && (
            <KeyTable
              keys={keys.data.api_keys ?? []}
              onRevoke={(key) => {
                revoke.reset();
                setDone(null);
                setRevoking(key);
              }}
            />
          )}
        </Stack>
      </Paper>
      <ConfirmDialog
        opened={revoking !== null}
        title="Revoke API key"
        confirmLabel="Revoke key"
        color="red"
        pending={revoke.isPending}
        error={revoke.error}
        onConfirm={() => revoking && revoke.mutate(revoking)}
        onClose={() => setRevoking(null)}
      >
        <p>
          <strong>The key “{revoking?.name}” ({revoking?.hint}) stops working immediately:</strong> every system that uses it is refused from now on, and
          it cannot be restored.
        </p>
        <p>If a system still needs access, create a new key for it first.</p>
      </ConfirmDialog>
    </>
  );
}

function KeyTable({ keys, onRevoke }: { keys: PartnerKey[]; onRevoke: (key: PartnerKey) => void }) {
  const now = useNow();
  if (keys.length === 0) return <Text size="sm">No API keys yet.</Text>;
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped aria-label="Partner API keys">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Hint</Table.Th>
            <Table.Th>Scope</Table.Th>
            <Table.Th>Allowed from</Table.Th>
            <Table.Th>Expires</Table.Th>
            <Table.Th>Last used</Table.Th>
            <Table.Th>Created</Table.Th>
            <Table.Th>State</Table.Th>
            <Table.Th>Action</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {keys.map((key) => {
            const tone = partnerKeyTone(key, now);
            return (
              <Table.Tr key={key.id}>
                <Table.Td>{key.name}</Table.Td>
                <Table.Td>
                  <Code>{key.hint}</Code>
                </Table.Td>
                <Table.Td>{scopeWords[key.scope ?? ''] ?? key.scope}</Table.Td>
                <Table.Td>
                  {key.ip_allowlist && key.ip_allowlist.length > 0 ? (
                    <Stack gap={0}>
                      {key.ip_allowlist.map((entry) => (
                        <Text key={entry} size="sm" ff="monospace">
                          {entry}
                        </Text>
                      ))}
                    </Stack>
                  ) : (
                    'Any address'
                  )}
                </Table.Td>
                <Table.Td>{key.expires_at ? formatDateTime(key.expires_at) : 'Never'}</Table.Td>
                <Table.Td>{key.last_used_at ? formatDateTime(key.last_used_at) : 'Never'}</Table.Td>
                <Table.Td>{formatDate(key.created_at)}</Table.Td>
                <Table.Td>
                  <Stack gap={2}>
                    <Badge color={tone.color} variant="light" style={{ minWidth: 'max-content' }}>
                      {tone.label}
                    </Badge>
                    {key.revoked_at && <Text size="xs">{formatDateTime(key.revoked_at)}</Text>}
                  </Stack>
                </Table.Td>
                <Table.Td>
                  {tone.label === 'Active' && (
                    <Button size="compact-sm" variant="light" color="red" aria-label={`Revoke key ${key.name}`} onClick={() => onRevoke(key)}>
                      Revoke
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** KeyRequest is one submission of the form: the key asked for, and the name of this attempt. */
interface KeyRequest {
  key: NewPartnerKey;
  idempotencyKey: string;
}

function CreateKey({ partnerId, onCreated }: { partnerId: string; onCreated: () => void }) {
  const form = useForm(
    { name: '', scope: 'full', expires: '', allowlist: '', password: '' },
    { name: partnerKeyName, expires: partnerKeyExpiry(), allowlist: partnerKeyAllowlist, password: currentPassword },
  );
  // The new key lives only here, and only while its dialog is open.
  const [shown, setShown] = useState<CreatedPartnerKey | null>(null);
  const create = useMutation({
    mutationFn: ({ key, idempotencyKey }: KeyRequest) => createPartnerKey(partnerId, key, idempotencyKey),
    ...retryLostAnswers,
    gcTime: 0,
    onSuccess: (created) => {
      form.reset();
      setShown(created);
      onCreated();
    },
  });
  const submit = form.onSubmit((values) => {
    const key: NewPartnerKey = { name: values.name.trim(), scope: values.scope as NewPartnerKey['scope'], password: values.password };
    const expiry = expiryMoment(values.expires);
    if (expiry) key.expires_at = expiry.toISOString();
    const { entries } = checkIpAllowlist(values.allowlist);
    if (entries.length > 0) key.ip_allowlist = entries;
    create.mutate({ key, idempotencyKey: newIdempotencyKey() });
  });
  const wrongPassword =
    create.error instanceof ApiError && create.error.status === 422 && create.error.details.some((detail) => detail.startsWith('password:'));
  const allowlist = form.field('allowlist');
  const allowlistProblems = allowlist.error ? allowlist.error.split('\n') : [];
  const password = form.field('password');

  return (
    <>
      <Paper withBorder p="md" component="form" noValidate onSubmit={submit}>
        <Stack>
          <Title order={3} size="h4">
            Create a key
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Name" description="Which system uses the key, e.g. CRM production" required {...form.field('name')} />
            <NativeSelect
              label="Scope"
              description="A read-only key may make GET requests only"
              data={[
                { value: 'full', label: 'Full access' },
                { value: 'read', label: 'Read only' },
              ]}
              {...form.field('scope')}
            />
            <TextInput
              label="Expires after (optional)"
              description="The key stops working at the end of this day, your time; leave empty for no expiry"
              type="date"
              min={localDate(new Date())}
              {...form.field('expires')}
            />
            <PasswordInput
              label="Your password"
              description="Enter the password you signed in with, to confirm that it is you"
              autoComplete="current-password"
              required
              value={password.value}
              onChange={(event) => {
                password.onChange(event);
                if (wrongPassword) create.reset();
              }}
              error={password.error ?? (wrongPassword ? 'This is not your current password.' : null)}
            />
          </SimpleGrid>
          <Textarea
            label="Allowed IP addresses (optional)"
            description={`One address or CIDR range per line, such as 203.0.113.7 or 203.0.113.0/24, at most ${ipAllowlistMax}. Leave empty to allow calls from anywhere.`}
            autosize
            minRows={3}
            value={allowlist.value}
            onChange={allowlist.onChange}
            error={
              allowlistProblems.length > 0
                ? allowlistProblems.map((problem) => (
                    <span key={problem} style={{ display: 'block' }}>
                      {problem}
                    </span>
                  ))
                : null
            }
            styles={{ input: { fontFamily: 'monospace' } }}
          />
          <ErrorAlert error={create.error} title="Key not created" />
          <Group>
            <Button type="submit" loading={create.isPending}>
              Create key
            </Button>
          </Group>
        </Stack>
      </Paper>
      <SecretDialog
        secret={shown?.api_key ?? null}
        title="Your new partner API key"
        label="API key"
        keep="Store it in the system that calls the Partner API; if it is lost, revoke it and create a new one."
        onClose={() => {
          setShown(null);
          create.reset();
        }}
      >
        {shown && (
          <Stack gap={4}>
            <Text size="sm">
              Send it in the <Code>X-API-Key</Code> header. “{shown.name}”: {scopeWords[shown.scope ?? ''] ?? shown.scope},{' '}
              {shown.expires_at ? `expires ${formatDateTime(shown.expires_at)}` : 'no expiry'},{' '}
              {shown.ip_allowlist && shown.ip_allowlist.length > 0 ? `only from ${shown.ip_allowlist.join(', ')}` : 'from any address'}.
            </Text>
          </Stack>
        )}
      </SecretDialog>
    </>
  );
}
