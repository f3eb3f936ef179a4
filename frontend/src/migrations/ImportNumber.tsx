import { Alert, Anchor, Breadcrumbs, Button, Checkbox, Group, List, NativeSelect, Paper, Radio, Stack, Stepper, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../api/client';
import { channelAbilities } from '../app/roles';
import { useSignedIn } from '../app/session';
import { displayNameMax, optionalDisplayNameProblem, qualityTone } from '../channels/words';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Facts } from '../ui/Facts';
import { OtpDialog } from '../ui/OtpDialog';
import { counter } from '../ui/rules';
import { StatusBadge } from '../ui/StatusBadge';
import { moment } from '../ui/time';
import {
  cancelMigration,
  getMigration,
  listOwnWabas,
  requestMigrationCode,
  startPortIn,
  type CarriedOver,
  type Migration,
  type Waba,
  verifyMigration,
} from './api';
import { CountdownText, useCountdown } from './CountdownText';
import { explained, isOpenMigration, migrationKindLabel, migrationTone, normalPhone, phoneNumberProblem } from './words';

const steps = ['Checklist', 'Number', 'Code', 'Done'] as const;

/** checklist is what must be true before a number can be imported (reference §3.4). */
export const checklist = [
  {
    key: 'twoStep',
    label: 'Two-step verification is turned off for this number at my current provider',
    description: 'Turn it off in your current provider’s settings (you can turn it on again afterwards). The import is refused while it is on.',
    missing: 'Turn off two-step verification at your current provider, then tick this. The import is refused while it is on.',
  },
  {
    key: 'verified',
    label: 'My business is verified by Meta',
    description: 'Only a WhatsApp Business Account of a verified business can take an imported number.',
    missing: 'Confirm your business is verified by Meta. Verify it in Meta Business Manager first if it is not.',
  },
  {
    key: 'reachable',
    label: 'The number can receive an SMS or a voice call now',
    description: 'A 6-digit code is sent to the number to prove it is yours.',
    missing: 'Make sure the number can receive an SMS or a call, then tick this: the import needs a code sent to it.',
  },
] as const;

type ChecklistKey = (typeof checklist)[number]['key'];

/** wabaProblem says why a WABA cannot take an imported number now, or null when it can. */
export function wabaProblem(waba: Waba): string | null {
  if (waba.fb_account_status && waba.fb_account_status !== 'verified') return 'business not verified by Meta';
  const limit = waba.effective_limit ?? waba.number_limit;
  if (limit !== undefined && (waba.number_count ?? 0) >= limit) return `full: ${waba.number_count} of ${limit} numbers`;
  return null;
}

const wabaLabel = (waba: Waba) => {
  const problem = wabaProblem(waba);
  const limit = waba.effective_limit ?? waba.number_limit;
  return `${waba.name ?? waba.id} — ${problem ?? `${waba.number_count ?? 0} of ${limit ?? '?'} numbers`}`;
};

/**
 * ImportNumber imports a number from another provider (a port_in migration): a
 * checklist, the number and its target WABA, a code sent by SMS or voice call, and what carried
 * over. At /portal/migrations/new it starts one; at /portal/migrations/:migrationId it continues
 * one, so a reload or a later visit picks up where the user left.
 */
export function ImportNumber() {
  const { migrationId } = useParams();
  const { user } = useSignedIn();
  const clientId = user.client_id ?? '';
  const migration = useQuery({
    queryKey: ['clients', clientId, 'migration', migrationId],
    queryFn: () => getMigration(clientId, migrationId ?? ''),
    enabled: migrationId !== undefined,
  });
  const data = migration.data;
  const step = !migrationId ? undefined : data?.status === 'completed' ? 4 : 2;

  return (
    <Stack>
      <Breadcrumbs>
        <Anchor component={Link} to="/portal/migrations">
          Number migrations
        </Anchor>
        <span>{migrationId ? (data?.phone_number ?? migrationId) : 'Import a number'}</span>
      </Breadcrumbs>
      <Group gap="sm">
        <Title order={2}>{data && data.kind !== 'port_in' ? migrationKindLabel(data.kind ?? '') : 'Import a number from another provider'}</Title>
        {data && <StatusBadge tone={migrationTone(data.status)} />}
      </Group>
      <ErrorAlert error={migration.error} title="Could not load the migration" />
      {!channelAbilities(user.role).change ? (
        <Alert color="blue">Your role may look at migrations but not start or continue one.</Alert>
      ) : !migrationId ? (
        <StartImport clientId={clientId} />
      ) : (
        data && (
          <Paper withBorder p="md">
            <Stepper active={step ?? 2} size="sm" allowNextStepsSelect={false}>
              {steps.map((label) => (
                <Stepper.Step key={label} label={label} />
              ))}
            </Stepper>
            <Stack mt="md">
              {isOpenMigration(data) ? (
                <CodeStep clientId={clientId} migration={data} />
              ) : data.status === 'completed' ? (
                <Completed migration={data} />
              ) : (
                <Ended migration={data} />
              )}
            </Stack>
          </Paper>
        )
      )}
    </Stack>
  );
}

function StartImport({ clientId }: { clientId: string }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [step, setStep] = useState(0);
  const [ticked, setTicked] = useState<ChecklistKey[]>([]);
  const [checkTried, setCheckTried] = useState(false);
  const [phone, setPhone] = useState('');
  const [wabaId, setWabaId] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [tried, setTried] = useState(false);
  const wabas = useQuery({ queryKey: ['clients', clientId, 'wabas'], queryFn: () => listOwnWabas(clientId) });
  const accounts = wabas.data?.waba_accounts ?? [];
  const usable = accounts.filter((waba) => wabaProblem(waba) === null);
  // The first usable account is chosen until the user picks one.
  const chosen = wabaId || usable[0]?.id || '';

  const missing = checklist.filter((item) => !ticked.includes(item.key));
  const phoneProblem = phoneNumberProblem(phone);
  const nameProblem = optionalDisplayNameProblem(displayName);
  const wabaMissing = chosen ? null : accounts.length === 0 ? 'You have no WhatsApp Business Account yet; ask your partner to create one.' : 'No account can take a number now.';

  const start = useMutation({
    mutationFn: () =>
      explained(
        startPortIn(clientId, {
          phone_number: normalPhone(phone),
          target_waba_id: chosen,
          display_name: displayName,
          two_step_disabled: ticked.includes('twoStep'),
        }),
      ),
    onSuccess: (created) => {
      void queryClient.invalidateQueries({ queryKey: ['clients', clientId, 'migrations'] });
      queryClient.setQueryData(['clients', clientId, 'migration', created.id], created);
      void navigate(`/portal/migrations/${created.id}`);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (phoneProblem === null && nameProblem === null && wabaMissing === null) start.mutate();
  };

  return (
    <Paper withBorder p="md">
      <Stepper active={step} onStepClick={(next) => next < step && setStep(next)} allowNextStepsSelect={false} size="sm">
        <Stepper.Step label={steps[0]} description="Before you start">
          <Stack mt="md">
            <Text size="sm">Check each point. The import is refused if one of them is not true.</Text>
            <Checkbox.Group value={ticked} onChange={(value) => setTicked(value as ChecklistKey[])}>
              <Stack gap="sm">
                {checklist.map((item) => (
                  <Checkbox
                    key={item.key}
                    value={item.key}
                    label={item.label}
                    description={item.description}
                    error={checkTried && !ticked.includes(item.key) ? item.missing : undefined}
                  />
                ))}
              </Stack>
            </Checkbox.Group>
            <Group justify="flex-end">
              <Button
                onClick={() => {
                  setCheckTried(true);
                  if (missing.length === 0) setStep(1);
                }}
              >
                Next
              </Button>
            </Group>
          </Stack>
        </Stepper.Step>

        <Stepper.Step label={steps[1]} description="Which number, where to">
          <form noValidate onSubmit={submit}>
            <Stack mt="md">
              <TextInput
                label="Phone number"
                description="In international format with the country code"
                placeholder="+4915112345678"
                value={phone}
                onChange={(event) => setPhone(event.currentTarget.value)}
                error={tried || phone !== '' ? phoneProblem : null}
                inputMode="tel"
                autoComplete="off"
                data-autofocus
              />
              <ErrorAlert error={wabas.error} title="Could not load your WhatsApp Business Accounts" />
              <NativeSelect
                label="WhatsApp Business Account"
                description="The account the number joins. Accounts that cannot take a number now are shown with why."
                value={chosen}
                onChange={(event) => setWabaId(event.currentTarget.value)}
                data={accounts.map((waba) => ({ value: waba.id ?? '', label: wabaLabel(waba), disabled: wabaProblem(waba) !== null }))}
                error={tried || accounts.length > 0 ? wabaMissing : null}
                disabled={wabas.isPending}
              />
              <TextInput
                label="Display name (optional)"
                description={`${counter(displayName.trim(), displayNameMax)} characters · used only if your current provider reports none`}
                value={displayName}
                onChange={(event) => setDisplayName(event.currentTarget.value)}
                error={nameProblem}
              />
              <ErrorAlert error={start.error} title="The import was not started" />
              <Group justify="space-between">
                <Button variant="default" onClick={() => setStep(0)}>
                  Back
                </Button>
                <Button type="submit" loading={start.isPending}>
                  Start the import
                </Button>
              </Group>
            </Stack>
          </form>
        </Stepper.Step>
        <Stepper.Step label={steps[2]} description="Prove it is yours" />
        <Stepper.Step label={steps[3]} description="What carried over" />
      </Stepper>
    </Paper>
  );
}

function CodeStep({ clientId, migration }: { clientId: string; migration: Migration }) {
  const queryClient = useQueryClient();
  const migrationId = migration.id ?? '';
  const [method, setMethod] = useState<'sms' | 'voice'>(migration.otp_method ?? 'sms');
  const [dialogOpen, setDialogOpen] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  // A code cannot be asked for again until the cool-down ends: the server's resend_at, or its Retry-After.
  const [waitUntil, setWaitUntil] = useState<number | null>(() => {
    const at = migration.otp?.resend_at ? Date.parse(migration.otp.resend_at) : NaN;
    return Number.isNaN(at) || at <= Date.now() ? null : at;
  });
  const secondsLeft = useCountdown(waitUntil);
  const key = ['clients', clientId, 'migration', migrationId];
  const store = (next: Migration) => queryClient.setQueryData(key, next);
  const reload = () => Promise.all([queryClient.invalidateQueries({ queryKey: key }), queryClient.invalidateQueries({ queryKey: ['clients', clientId] })]);

  const send = useMutation({
    mutationFn: (how: 'sms' | 'voice') => explained(requestMigrationCode(clientId, migrationId, how)),
    onSuccess: (next) => {
      store(next);
      const at = next.otp?.resend_at ? Date.parse(next.otp.resend_at) : Date.now() + 60_000;
      setWaitUntil(Number.isNaN(at) ? Date.now() + 60_000 : at);
      setDialogOpen(true);
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 429 && error.code !== 'registration_limit_reached') setWaitUntil(Date.now() + (error.retryAfter ?? 60) * 1000);
      if (error instanceof ApiError && error.status === 409) void reload();
    },
  });
  const cancel = useMutation({
    mutationFn: () => explained(cancelMigration({ clientId }, migrationId)),
    onSuccess: (next) => {
      setCancelling(false);
      store(next);
      return reload();
    },
  });
  // A throttled request is answered by the countdown, not by an error box.
  const sendError = send.error instanceof ApiError && send.error.code === 'otp_cooldown' && secondsLeft > 0 ? null : send.error;
  const otp = migration.status === 'otp_requested' ? migration.otp : undefined;

  if (migration.kind === 'hosting_change') {
    return <Text size="sm">A hosting change needs no code: it completes by itself within a few minutes. This page shows the result then.</Text>;
  }
  return (
    <Stack>
      <Text size="sm">
        {migrationKindLabel(migration.kind ?? '')}: <strong>{migration.phone_number}</strong> into WhatsApp Business Account{' '}
        <Text span ff="monospace">
          {migration.target_waba_id}
        </Text>
        . To prove the number is yours we send it a 6-digit code. This migration expires {moment(new Date(migration.expires_at ?? ''))} if it is not
        finished by then.
      </Text>
      {otp && (
        <Alert color="blue" role="status">
          A code was sent by {otp.method === 'voice' ? 'voice call' : 'SMS'}
          {otp.expires_at ? `; it works until ${new Date(otp.expires_at).toLocaleTimeString()}` : ''}
          {otp.attempts_left !== undefined ? `. ${otp.attempts_left} attempts left.` : '.'}
        </Alert>
      )}
      <Radio.Group label="Send the code by" value={method} onChange={(value) => setMethod(value as 'sms' | 'voice')}>
        <Group mt="xs">
          <Radio value="sms" label="SMS" />
          <Radio value="voice" label="Voice call" />
        </Group>
      </Radio.Group>
      <ErrorAlert error={sendError} title="No code was sent" />
      <Group>
        {otp && (
          <Button onClick={() => setDialogOpen(true)} variant="filled">
            Enter the code
          </Button>
        )}
        <Button variant={otp ? 'default' : 'filled'} onClick={() => send.mutate(method)} loading={send.isPending} disabled={secondsLeft > 0}>
          {otp ? 'Send a new code' : 'Send the code'}
        </Button>
        {secondsLeft > 0 && <CountdownText seconds={secondsLeft} what="ask for a new code" />}
      </Group>
      <Group justify="flex-end">
        <Button
          variant="subtle"
          color="red"
          onClick={() => {
            cancel.reset();
            setCancelling(true);
          }}
        >
          Cancel the migration
        </Button>
      </Group>
      <OtpDialog
        challenge={dialogOpen && otp ? otp : null}
        phoneNumber={migration.phone_number ?? ''}
        purpose={`Importing ${migration.phone_number}`}
        verify={(_otpId, code) =>
          explained(verifyMigration(clientId, migrationId, code)).then((next) => {
            store(next);
            return next;
          })
        }
        resend={(_otpId, how) =>
          explained(requestMigrationCode(clientId, migrationId, how)).then((next) => {
            store(next);
            const at = next.otp?.resend_at ? Date.parse(next.otp.resend_at) : NaN;
            if (!Number.isNaN(at)) setWaitUntil(at);
            return next;
          })
        }
        onVerified={() => {
          setDialogOpen(false);
          void reload();
        }}
        onClose={() => {
          setDialogOpen(false);
          void reload();
        }}
      />
      <ConfirmDialog
        opened={cancelling}
        title="Cancel the migration"
        confirmLabel="Cancel the migration"
        color="red"
        pending={cancel.isPending}
        error={cancel.error}
        onConfirm={() => cancel.mutate()}
        onClose={() => setCancelling(false)}
      >
        {migration.phone_number} stays with its current provider, and a code already sent no longer works. You can start a new import later.
      </ConfirmDialog>
    </Stack>
  );
}

/** carriedOverFacts lists what a completed migration brought along, for the completed view. */
export function carriedOverFacts(carried: CarriedOver | undefined) {
  return [
    { label: 'Display name', value: carried?.display_name },
    { label: 'Quality rating', value: carried?.quality_rating ? <StatusBadge tone={qualityTone(carried.quality_rating)} /> : null },
    { label: 'Messaging limit', value: carried?.messaging_limit },
  ];
}

function Completed({ migration }: { migration: Migration }) {
  const carried = migration.carried_over;
  const copied = carried?.templates_copied ?? [];
  const notCopied = carried?.templates_not_copied ?? [];
  return (
    <Stack>
      <Alert color="green" title="The number is yours now" role="status">
        {migration.phone_number} now runs in WhatsApp Business Account {migration.target_waba_id}
        {migration.finished_at ? ` since ${moment(new Date(migration.finished_at))}` : ''}.
      </Alert>
      <Title order={3} size="h4">
        What carried over
      </Title>
      <Facts facts={carriedOverFacts(carried)} />
      <Title order={3} size="h5">
        Templates copied ({copied.length})
      </Title>
      {copied.length === 0 ? (
        <Text size="sm">No template was copied.</Text>
      ) : (
        <>
          <Text size="sm" c="dimmed">
            Approved templates of high quality are copied. Their quality starts as unknown until Meta rates them again.
          </Text>
          <List size="sm">
            {copied.map((template) => (
              <List.Item key={`${template.name}-${template.language}`}>
                {template.name} ({template.language})
              </List.Item>
            ))}
          </List>
        </>
      )}
      {notCopied.length > 0 && (
        <>
          <Title order={3} size="h5">
            Not copied ({notCopied.length})
          </Title>
          <List size="sm">
            {notCopied.map((template) => (
              <List.Item key={`${template.name}-${template.language}`}>
                {template.name} ({template.language}): {template.reason || `${template.status}, quality ${template.quality_score}`}
              </List.Item>
            ))}
          </List>
        </>
      )}
      <Group>
        {migration.channel_id && (
          <Button component={Link} to={`/portal/numbers/${migration.channel_id}`}>
            Open the number
          </Button>
        )}
        <Button component={Link} to="/portal/migrations" variant="default">
          All migrations
        </Button>
      </Group>
    </Stack>
  );
}

function Ended({ migration }: { migration: Migration }) {
  const words: Record<string, string> = {
    failed: 'This migration failed.',
    cancelled: 'This migration was cancelled.',
    expired: 'This migration expired: it was not finished within 24 hours.',
  };
  return (
    <Stack>
      <Alert color={migration.status === 'cancelled' ? 'gray' : 'red'} title={words[migration.status ?? ''] ?? 'This migration has ended.'}>
        {migration.reason || 'The number stays where it was.'}
      </Alert>
      <Group>
        <Button component={Link} to="/portal/migrations/new">
          Start a new import
        </Button>
        <Button component={Link} to="/portal/migrations" variant="default">
          All migrations
        </Button>
      </Group>
    </Stack>
  );
}
