import { Alert, Anchor, Breadcrumbs, Button, Checkbox, Group, List, Paper, Radio, Stack, Stepper, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../api/client';
import { useSignedIn } from '../app/session';
import { listOwnChannels, type Channel } from '../channels/api';
import { getOwnClient } from '../clients/api';
import { listMigrations } from '../migrations/api';
import { isOpenMigration } from '../migrations/words';
import { ErrorAlert } from '../ui/ErrorAlert';
import { createPartnerChange, listOwnPartnerChanges, lookUpPartner, termsVersion, type PartnerChange } from './api';
import { Consequences } from './Consequences';
import { explain, explained, isOpenPartnerChange, partnerIdProblem } from './words';

/** Movable is a number of the client and, when it cannot move now, why not. */
export interface Movable {
  channel: Channel;
  blocked: string | null;
}

/**
 * movability says for each number whether it can change partner now, and why not: pending
 * deletion, being migrated, or already part of an open request.
 */
export function movability(channels: Channel[], requests: PartnerChange[], migrations: { source_channel_id?: string; status?: string; id?: string }[]): Movable[] {
  const inRequest = new Map<string, string>();
  for (const request of requests.filter(isOpenPartnerChange)) for (const id of request.channel_ids ?? []) inRequest.set(id, request.id ?? '');
  const migrating = new Set(migrations.filter((m) => isOpenMigration(m)).map((m) => m.source_channel_id ?? ''));
  return channels
    .filter((channel) => channel.status !== 'terminated')
    .map((channel) => {
      const id = channel.id ?? '';
      let blocked: string | null = null;
      if (channel.status === 'pending_deletion') blocked = 'Pending deletion — reactivate it on its page to move it.';
      else if (['ready_for_migration', 'migration_code_requested', 'migrating'].includes(channel.status ?? '') || migrating.has(id))
        blocked = 'Being migrated — wait until the migration has finished or cancel it.';
      else if (inRequest.has(id)) blocked = `Already part of open partner change ${inRequest.get(id)}.`;
      return { channel, blocked };
    });
}

/** fullMoveBlocker says why all numbers cannot move together, or null when they can. */
export function fullMoveBlocker(movables: Movable[]): string | null {
  if (movables.length === 0) return 'You have no numbers to move.';
  const blocked = movables.filter((movable) => movable.blocked);
  if (blocked.length === 0) return null;
  const phones = blocked.map((movable) => movable.channel.setup_info?.phone_number ?? movable.channel.id).join(', ');
  return `Moving everything is not possible now: ${phones} cannot move (see below). Pick the numbers that can move, or fix those first.`;
}

type Destination = { id: string; name: string | null; billingModel?: string };

const steps = ['Destination', 'Numbers', 'Review', 'Terms'] as const;

/** PartnerChangeWizard walks a client admin through asking to move to another partner. */
export function PartnerChangeWizard() {
  const { user } = useSignedIn();
  const clientId = user.client_id ?? '';
  const isAdmin = user.role === 'client_admin';
  const queryClient = useQueryClient();
  const client = useQuery({ queryKey: ['clients', clientId], queryFn: () => getOwnClient(clientId) });
  const channels = useQuery({
    queryKey: ['clients', clientId, 'channels', 'all'],
    queryFn: () => listOwnChannels(clientId, { limit: 1000, sort: 'setup_info.phone_number' }),
  });
  const requests = useQuery({
    queryKey: ['clients', clientId, 'partner_changes', 'all'],
    queryFn: () => listOwnPartnerChanges(clientId, { limit: 1000, sort: '-created_at' }),
  });
  const migrations = useQuery({
    queryKey: ['clients', clientId, 'migrations', 'all'],
    queryFn: () => listMigrations({ clientId }, { limit: 1000, sort: '-created_at' }),
  });

  const [step, setStep] = useState(0);
  const [partnerId, setPartnerId] = useState('');
  const [tried, setTried] = useState(false);
  const [destination, setDestination] = useState<Destination | null>(null);
  const [scope, setScope] = useState<'all' | 'some'>('all');
  const [picked, setPicked] = useState<string[]>([]);
  const [numbersTried, setNumbersTried] = useState(false);
  const [accepted, setAccepted] = useState(false);
  const [termsTried, setTermsTried] = useState(false);

  const movables = movability(channels.data?.channels ?? [], requests.data?.partner_change_requests ?? [], migrations.data?.migrations ?? []);
  const fullBlocked = fullMoveBlocker(movables);
  const effectiveScope = fullBlocked ? 'some' : scope;
  const moving = effectiveScope === 'all' ? movables.map((movable) => movable.channel) : movables.filter((m) => picked.includes(m.channel.id ?? '')).map((m) => m.channel);
  const isFull = effectiveScope === 'all' || (moving.length === movables.length && movables.length > 0);

  const currentPartnerId = client.data?.partner_id;
  const idProblem = partnerIdProblem(partnerId, currentPartnerId);
  const lookUp = useMutation({
    mutationFn: (id: string) => lookUpPartner(id),
    onSuccess: (info, id) => {
      setDestination({ id, name: info?.brand_name ?? null, billingModel: info?.billing_model });
      setStep(1);
    },
    onError: (error, id) => {
      // Only an answer that the partner does not exist stops the wizard; the request is checked again when sent.
      if (error instanceof ApiError && error.code === 'partner_not_found') return;
      setDestination({ id, name: null });
      setStep(1);
    },
  });
  const lookUpRefusal = lookUp.error instanceof ApiError && lookUp.error.code === 'partner_not_found' ? explain(lookUp.error) : null;
  const submitDestination = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (idProblem === null) lookUp.mutate(partnerId.trim());
  };

  const numbersProblem = moving.length === 0 ? (fullBlocked && movables.every((m) => m.blocked) ? 'None of your numbers can move now.' : 'Pick at least one number to move.') : null;

  const send = useMutation({
    mutationFn: () =>
      explained(
        createPartnerChange(clientId, {
          target_partner_id: destination?.id ?? '',
          channel_ids: isFull && effectiveScope === 'all' ? undefined : moving.map((channel) => channel.id ?? ''),
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['clients', clientId] }),
  });

  const targetName = destination?.name ?? `partner ${destination?.id ?? ''}`;
  const back = () => {
    send.reset();
    setStep((current) => Math.max(0, current - 1));
  };
  const loadError = client.error ?? channels.error ?? requests.error ?? migrations.error;

  return (
    <Stack>
      <Breadcrumbs>
        <Anchor component={Link} to="/portal/partner-changes">
          Partner changes
        </Anchor>
        <span>Change partner</span>
      </Breadcrumbs>
      <Title order={2}>Change partner</Title>
      {!isAdmin ? (
        <Alert color="blue">Only a client admin can ask to change partner. Ask an admin of your account.</Alert>
      ) : send.data ? (
        <Sent request={send.data} targetName={targetName} />
      ) : (
        <Paper withBorder p="md">
          <ErrorAlert error={loadError} title="Could not load your numbers" />
          <Stepper active={step} onStepClick={(next) => next < step && setStep(next)} allowNextStepsSelect={false} size="sm">
            <Stepper.Step label={steps[0]} description="Your new partner">
              <form noValidate onSubmit={submitDestination}>
                <Stack mt="md">
                  <Text size="sm">
                    Ask your new partner for their partner id (it ends in PA), or ask support. Your current partner is{' '}
                    <strong>{currentPartnerId ?? '…'}</strong>.
                  </Text>
                  <TextInput
                    label="Partner id of your new partner"
                    placeholder="f167CmAbcdPA"
                    value={partnerId}
                    onChange={(event) => {
                      setPartnerId(event.currentTarget.value);
                      lookUp.reset();
                    }}
                    error={tried || partnerId !== '' ? idProblem : null}
                    autoComplete="off"
                    data-autofocus
                  />
                  <ErrorAlert error={lookUpRefusal} title="No partner with this id" />
                  <Group justify="flex-end">
                    <Button type="submit" loading={lookUp.isPending}>
                      Next
                    </Button>
                  </Group>
                </Stack>
              </form>
            </Stepper.Step>

            <Stepper.Step label={steps[1]} description="What moves">
              <Stack mt="md">
                <Radio.Group
                  label={`Which numbers move to ${targetName}?`}
                  value={effectiveScope}
                  onChange={(value) => setScope(value as 'all' | 'some')}
                >
                  <Stack gap="xs" mt="xs">
                    <Radio
                      value="all"
                      label="All my numbers — my whole account moves"
                      description={fullBlocked ?? `Your account, its ${movables.length} numbers, WhatsApp Business Accounts and users move to ${targetName}.`}
                      disabled={fullBlocked !== null}
                    />
                    <Radio
                      value="some"
                      label="Only some numbers"
                      description={`The numbers you pick move into a new client account under ${targetName}. This account, with the other numbers and its users, stays with your current partner.`}
                    />
                  </Stack>
                </Radio.Group>
                {effectiveScope === 'some' && (
                  <Checkbox.Group label="Numbers to move" value={picked} onChange={setPicked} error={numbersTried ? numbersProblem : null}>
                    <Stack gap="xs" mt="xs">
                      {movables.map(({ channel, blocked }) => (
                        <Checkbox
                          key={channel.id}
                          value={channel.id ?? ''}
                          disabled={blocked !== null}
                          label={`${channel.setup_info?.phone_number ?? channel.id} · ${channel.setup_info?.phone_name ?? ''}`}
                          description={blocked ?? undefined}
                        />
                      ))}
                    </Stack>
                  </Checkbox.Group>
                )}
                {effectiveScope === 'some' && picked.length > 0 && isFull && (
                  <Text size="sm" c="dimmed">
                    You picked every number, so your whole account moves.
                  </Text>
                )}
                <Group justify="space-between">
                  <Button variant="default" onClick={back}>
                    Back
                  </Button>
                  <Button
                    onClick={() => {
                      setNumbersTried(true);
                      if (numbersProblem === null) setStep(2);
                    }}
                  >
                    Next
                  </Button>
                </Group>
              </Stack>
            </Stepper.Step>

            <Stepper.Step label={steps[2]} description="What will happen">
              <Stack mt="md">
                <Text size="sm">
                  {isFull
                    ? `Your whole account moves from your current partner to ${targetName}: `
                    : `A new client account is created under ${targetName} and these numbers move into it: `}
                  <strong>{moving.map((channel) => channel.setup_info?.phone_number ?? channel.id).join(', ')}</strong>.
                </Text>
                <Title order={3} size="h5">
                  What happens to the moving numbers
                </Title>
                <Consequences target={targetName} billingModel={destination?.billingModel} />
                <Title order={3} size="h5">
                  When it runs
                </Title>
                <Text size="sm">
                  {targetName} approves the request first, or approves such requests automatically. Then the move runs at once or at the end of the
                  month, as {targetName} has chosen; the list of your partner changes shows the date. Until they approve you can cancel the request.
                </Text>
                <Group justify="space-between">
                  <Button variant="default" onClick={back}>
                    Back
                  </Button>
                  <Button onClick={() => setStep(3)}>Next</Button>
                </Group>
              </Stack>
            </Stepper.Step>

            <Stepper.Step label={steps[3]} description="Accept and send">
              <Stack mt="md">
                <Paper withBorder p="sm" bg="gray.0">
                  <Text size="sm" fw={500}>
                    Partner-change terms, version {termsVersion}
                  </Text>
                  <List size="sm" mt="xs">
                    <List.Item>Messages sent before the move are billed by your current partner, messages after it by {targetName}.</List.Item>
                    <List.Item>Your plan moves with you; it is never downgraded by a partner change.</List.Item>
                    <List.Item>Keys are revoked and webhook URLs cleared as described in the previous step.</List.Item>
                  </List>
                </Paper>
                <Checkbox
                  label={`I accept the partner-change terms (version ${termsVersion})`}
                  checked={accepted}
                  onChange={(event) => setAccepted(event.currentTarget.checked)}
                  error={termsTried && !accepted ? 'Accept the terms to send the request.' : null}
                />
                <ErrorAlert error={send.error} title="The request was not sent" />
                <Group justify="space-between">
                  <Button variant="default" onClick={back}>
                    Back
                  </Button>
                  <Button
                    loading={send.isPending}
                    onClick={() => {
                      setTermsTried(true);
                      if (accepted) send.mutate();
                    }}
                  >
                    Send the request
                  </Button>
                </Group>
              </Stack>
            </Stepper.Step>
          </Stepper>
        </Paper>
      )}
    </Stack>
  );
}

function Sent({ request, targetName }: { request: PartnerChange; targetName: string }) {
  const name = request.target_partner_name || targetName;
  return (
    <Alert color="green" title="Request sent" role="status">
      <Stack gap="xs">
        <Text size="sm">
          {request.status === 'pending'
            ? `${name} approves partner changes automatically: your move is approved and queued${
                request.execute_after ? ` to run ${new Date(request.execute_after).toLocaleString()}` : ''
              }.`
            : `Your request ${request.id} now waits for ${name} to approve it. You can cancel it until then.`}
        </Text>
        <Group>
          <Button component={Link} to="/portal/partner-changes" variant="light">
            See your partner changes
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
