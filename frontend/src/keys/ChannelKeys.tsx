import { Alert, Badge, Button, Code, Group, Modal, Paper, Radio, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { keyAbilities } from '../app/roles';
import { useSignedIn } from '../app/session';
import type { Channel, ChannelOwner } from '../channels/api';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { CopyValue } from '../ui/CopyValue';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Facts } from '../ui/Facts';
import { formatDateTime } from '../ui/PagedTable';
import { SecretDialog } from '../ui/SecretDialog';
import { humanize } from '../ui/tone';
import { useNow } from '../ui/useNow';
import {
  graceChoices,
  issueChannelKey,
  listChannelKeys,
  newIdempotencyKey,
  retryLostAnswers,
  revokeChannelKey,
  type ChannelKey,
  type ChannelKeyCreated,
  type ChannelKeyRequest,
} from './api';
import { KeyPermission } from './KeyPermission';
import { channelKeyTone, keyCreatorWords, keyRefusalAdvice, keyValid, refusalCode, revokeReasonWords } from './words';

interface ChannelKeysProps {
  owner: ChannelOwner;
  channel: Channel;
  area: 'partner' | 'portal';
  /** onChannelChanged receives the channel after a change of its key permission. */
  onChannelChanged: (channel: Channel) => void;
  /** onStale asks for the channel again after the server refused because of its state. */
  onStale: () => void;
}

// Refusals that mean the page shows an outdated channel: its status or key permission changed.
const staleCodes = new Set(['permission_missing', 'channel_not_running', 'partner_payment', 'permission_shared']);

/**
 * ChannelKeys is a number's API key card, on the partner's and the client's channel page: the
 * current key (by its hint), generating or rotating it with a grace period, the key shown once,
 * the key history with immediate revocation, and in the portal the partner's key permission.
 */
export function ChannelKeys({ owner, channel, area, onChannelChanged, onStale }: ChannelKeysProps) {
  const { user } = useSignedIn();
  const queryClient = useQueryClient();
  const now = useNow(15_000);
  const channelId = channel.id ?? '';
  const phone = channel.setup_info?.phone_number || 'this number';
  const abilities = keyAbilities(user.role);
  const historyKey = ['channel', channelId, 'api_keys'];
  const history = useQuery({ queryKey: historyKey, queryFn: () => listChannelKeys(owner, channelId) });
  const keys = history.data?.api_keys ?? [];
  const active = keys.find((key) => key.state === 'active');
  const inGrace = keys.filter((key) => key.state === 'grace' && keyValid(key, now));

  // The portal cannot read the partner's billing model; a refusal saying "partner payment" tells it.
  const [partnerPayment, setPartnerPayment] = useState(false);
  const [asking, setAsking] = useState(false);
  // The new key lives only here, and only while its dialog is open.
  const [shown, setShown] = useState<ChannelKeyCreated | null>(null);
  const [revoking, setRevoking] = useState<ChannelKey | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const refused = (error: unknown) => {
    const code = refusalCode(error);
    if (code === 'partner_payment') setPartnerPayment(true);
    if (code && staleCodes.has(code)) onStale();
  };
  const issue = useMutation({
    mutationFn: (request: ChannelKeyRequest) => issueChannelKey(owner, channelId, request),
    ...retryLostAnswers,
    // The answer holds the key: nothing keeps it once the dialog lets go of it.
    gcTime: 0,
    onSuccess: (created) => {
      setAsking(false);
      setShown(created);
      return queryClient.invalidateQueries({ queryKey: historyKey });
    },
    onError: refused,
  });
  const revoke = useMutation({
    mutationFn: (key: ChannelKey) => revokeChannelKey(owner, channelId, key.id ?? ''),
    onSuccess: (_, key) => {
      setRevoking(null);
      setDone(`The key ${key.hint} is revoked: it no longer works.`);
      return queryClient.invalidateQueries({ queryKey: historyKey });
    },
    // Refused, e.g. already revoked by someone else: show the history as it is now.
    onError: () => queryClient.invalidateQueries({ queryKey: historyKey }),
  });
  const forget = () => {
    setShown(null);
    issue.reset();
  };

  const running = channel.status === 'running';
  const shared = channel.key_permission !== 'missing';
  // The partner generates while the client shares the permission; the client generates its own key once it is withdrawn.
  const mayGenerate = abilities.generate && (area === 'partner' ? shared : !shared && !partnerPayment);
  const own = area === 'portal';
  const action = active ? (own ? 'Rotate my key' : 'Rotate key') : own ? 'Generate my key' : 'Generate key';

  return (
    <Paper withBorder p="md">
      <Stack>
        <Title order={3} size="h4">
          API key
        </Title>
        <Text size="sm" c="dimmed">
          The number’s API key authenticates the system that sends and receives its messages, in the <Code>D360-API-KEY</Code> header. A number has one
          key at a time; a new key replaces the current one.
        </Text>
        {area === 'portal' && (
          <KeyPermission
            clientId={owner.clientId}
            channel={channel}
            canChange={abilities.share}
            partnerPayment={partnerPayment}
            onRefused={refused}
            onChanged={(updated) => {
              onChannelChanged(updated);
              void queryClient.invalidateQueries({ queryKey: historyKey });
            }}
          />
        )}
        {area === 'portal' && abilities.generate && shared && !partnerPayment && (
          <Text size="sm" c="dimmed">
            To generate your own key for this number, withdraw your partner’s key permission first.
          </Text>
        )}
        {area === 'partner' && !shared && (
          <Alert color="yellow" title="No key permission" role="note">
            The client has not shared the API key permission of {phone} with you, so you cannot generate its keys. The client can share it in the client
            portal, on this number’s page.
          </Alert>
        )}
        <ErrorAlert error={history.error} title="Could not load the keys" />
        {history.data && <CurrentKey active={active} inGrace={inGrace} empty={keys.length === 0} />}
        {mayGenerate && history.data && (
          <Stack gap="xs">
            <Group>
              <Button
                onClick={() => {
                  issue.reset();
                  setDone(null);
                  setAsking(true);
                }}
                disabled={!running}
              >
                {action}
              </Button>
            </Group>
            {!running && (
              <Text size="sm" c="dimmed">
                A key can be generated only while the number is running; it is {humanize(channel.status).toLowerCase()}.
              </Text>
            )}
          </Stack>
        )}
        {done && (
          <Alert color="green" role="status">
            {done}
          </Alert>
        )}
        {history.data && keys.length > 0 && (
          <KeyHistory
            keys={keys}
            now={now}
            canRevoke={abilities.revoke}
            onRevoke={(key) => {
              revoke.reset();
              setDone(null);
              setRevoking(key);
            }}
          />
        )}
      </Stack>
      <IssueDialog
        opened={asking}
        title={action}
        phone={phone}
        active={active}
        inGrace={inGrace}
        pending={issue.isPending}
        error={issue.error}
        onSubmit={(graceSeconds) => issue.mutate({ graceSeconds, idempotencyKey: newIdempotencyKey() })}
        onClose={() => setAsking(false)}
      />
      <NewKeyDialog created={shown} onClose={forget} />
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
          <strong>The key {revoking?.hint} stops working immediately:</strong> every request that uses it is refused from now on, and it cannot be
          restored.
        </p>
        <p>
          Revoke a key when it has leaked or is no longer used. To replace a key without interrupting your systems, rotate it with a grace period
          instead.
        </p>
        {revoking?.state === 'active' && <p>{phone} then has no valid key until a new one is generated.</p>}
      </ConfirmDialog>
    </Paper>
  );
}

function CurrentKey({ active, inGrace, empty }: { active?: ChannelKey; inGrace: ChannelKey[]; empty: boolean }) {
  return (
    <Stack gap="sm" data-testid="current-key">
      {active ? (
        <Facts
          cols={4}
          facts={[
            { label: 'Current key (hint)', value: <Code>{active.hint}</Code> },
            { label: 'Created', value: `${formatDateTime(active.created_at)} by ${keyCreatorWords(active.created_by_type).toLowerCase()}` },
            { label: 'Last used', value: active.last_used_at ? formatDateTime(active.last_used_at) : 'Not used yet' },
            { label: 'Valid until', value: 'Until it is replaced or revoked' },
          ]}
        />
      ) : (
        <Text size="sm">{empty ? 'This number has no API key yet.' : 'This number has no active API key.'}</Text>
      )}
      {inGrace.map((key) => (
        <Alert key={key.id} color="yellow" title="Previous key in its grace period" role="note">
          The previous key {key.hint} keeps working until {formatDateTime(key.valid_until)}, so your systems can switch to the new key; then it stops.
        </Alert>
      ))}
    </Stack>
  );
}

interface IssueDialogProps {
  opened: boolean;
  title: string;
  phone: string;
  active?: ChannelKey;
  inGrace: ChannelKey[];
  pending: boolean;
  error: unknown;
  onSubmit: (graceSeconds: number) => void;
  onClose: () => void;
}

function IssueDialog({ opened, title, phone, active, inGrace, pending, error, onSubmit, onClose }: IssueDialogProps) {
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered size="lg">
      {opened && <IssueForm phone={phone} active={active} inGrace={inGrace} pending={pending} error={error} onSubmit={onSubmit} onClose={onClose} />}
    </Modal>
  );
}

function IssueForm({ phone, active, inGrace, pending, error, onSubmit, onClose }: Omit<IssueDialogProps, 'opened' | 'title'>) {
  // Every opening of the dialog starts without grace: the safe choice for a leaked key.
  const [grace, setGrace] = useState('0');
  const seconds = Number(grace);
  const chosen = graceChoices.find((choice) => choice.seconds === seconds);
  const advice = keyRefusalAdvice(error);
  return (
    <Stack>
      {active ? (
        <>
          <Text size="sm">
            A new key is generated for {phone} and replaces the current key {active.hint}. The new key is shown once.
          </Text>
          <Radio.Group label="Grace period for the current key" value={grace} onChange={setGrace}>
            <Stack gap="xs" mt="xs">
              {graceChoices.map((choice) => (
                <Radio key={choice.seconds} value={String(choice.seconds)} label={choice.label} />
              ))}
            </Stack>
          </Radio.Group>
          {seconds === 0 ? (
            <Alert color="orange" title="The current key stops at once" role="note">
              Without a grace period the key {active.hint} stops working the moment the new key is created: every system still using it is refused until
              it has the new key.
            </Alert>
          ) : (
            <Text size="sm">
              The key {active.hint} keeps working for {chosen?.label.toLowerCase()} next to the new one, so your systems can switch over without
              interruption; then it stops.
            </Text>
          )}
        </>
      ) : (
        <Text size="sm">A key is generated for {phone}. It is shown once.</Text>
      )}
      {inGrace.length > 0 && (
        <Text size="sm" c="dimmed">
          The previous key {inGrace.map((key) => key.hint).join(', ')}, still in its grace period, stops at once either way: a number never has more than
          two valid keys.
        </Text>
      )}
      <ErrorAlert error={error} title="Key not generated" />
      {advice && <Text size="sm">{advice}</Text>}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Keep as is
        </Button>
        <Button loading={pending} onClick={() => onSubmit(active ? seconds : 0)}>
          Generate key
        </Button>
      </Group>
    </Stack>
  );
}

// The key answer with where to use it; the address and app id are not secret, the key is.
function NewKeyDialog({ created, onClose }: { created: ChannelKeyCreated | null; onClose: () => void }) {
  const previous = created?.previous_key;
  return (
    <SecretDialog
      secret={created?.api_key ?? null}
      title="Your new API key"
      label="API key"
      keep="Store it in the system that sends this number’s messages; if it is lost, generate a new one."
      onClose={onClose}
    >
      {created?.address && <CopyValue label="Address" value={created.address} />}
      {created?.app_id && <CopyValue label="App ID" value={created.app_id} />}
      <Text size="sm">
        Send the key in the <Code>D360-API-KEY</Code> header with every request to the address.
      </Text>
      {previous && (
        <Text size="sm">
          {previous.state === 'grace' && previous.valid_until
            ? `The previous key keeps working until ${formatDateTime(previous.valid_until)}; switch your systems to the new key before then.`
            : 'The previous key has stopped working.'}
        </Text>
      )}
    </SecretDialog>
  );
}

function KeyHistory({ keys, now, canRevoke, onRevoke }: { keys: ChannelKey[]; now: number; canRevoke: boolean; onRevoke: (key: ChannelKey) => void }) {
  return (
    <Stack gap="xs">
      <Title order={4} size="h5">
        Key history
      </Title>
      <Table.ScrollContainer minWidth={700}>
        <Table striped aria-label="API key history">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Key (hint)</Table.Th>
              <Table.Th>State</Table.Th>
              <Table.Th>Created</Table.Th>
              <Table.Th>By</Table.Th>
              <Table.Th>Last used</Table.Th>
              <Table.Th>Ended</Table.Th>
              {canRevoke && <Table.Th>Action</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {keys.map((key) => {
              const tone = channelKeyTone(key, now);
              return (
                <Table.Tr key={key.id}>
                  <Table.Td>
                    <Code>{key.hint}</Code>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={tone.color} variant="light" style={{ minWidth: 'max-content' }}>
                      {tone.label}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{formatDateTime(key.created_at)}</Table.Td>
                  <Table.Td>{keyCreatorWords(key.created_by_type)}</Table.Td>
                  <Table.Td>{key.last_used_at ? formatDateTime(key.last_used_at) : 'Never'}</Table.Td>
                  <Table.Td>{endedWords(key, now)}</Table.Td>
                  {canRevoke && (
                    <Table.Td>
                      {keyValid(key, now) && (
                        <Button size="compact-sm" variant="light" color="red" aria-label={`Revoke key ${key.hint}`} onClick={() => onRevoke(key)}>
                          Revoke
                        </Button>
                      )}
                    </Table.Td>
                  )}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

function endedWords(key: ChannelKey, now: number): string {
  if (key.state === 'revoked') return `${formatDateTime(key.revoked_at)}${key.revoke_reason ? `, ${revokeReasonWords(key.revoke_reason)}` : ''}`;
  if (key.state === 'grace' && key.valid_until) return `${keyValid(key, now) ? 'Stops' : 'Stopped'} ${formatDateTime(key.valid_until)} (grace period)`;
  return '';
}
