import { Alert, Anchor, Button, Center, Group, Loader, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { logout, type SignedIn } from '../app/session';
import { getOwnClient } from '../clients/api';
import { ErrorAlert } from '../ui/ErrorAlert';
import { getOnboardingState, type PartnerInfo } from './api';
import { NumberStep } from './NumberStep';
import { onboardingKey } from './onboardingKey';
import { PermissionStep } from './PermissionStep';
import { PlanStep } from './PlanStep';
import { Progress } from './Progress';
import type { OnboardingQuery } from './query';
import { roleWords } from './words';

/** SignedInAs names the signed-in user and offers to sign out, for someone who is not who the link expects. */
function SignedInAs({ session }: { session: SignedIn }) {
  const queryClient = useQueryClient();
  const out = useMutation({
    mutationFn: logout,
    onSuccess: () => queryClient.removeQueries({ queryKey: ['onboarding'] }),
  });
  return (
    <Group gap="xs" justify="space-between" wrap="wrap">
      <Text size="sm" c="dimmed">
        Signed in as <strong>{session.user.email}</strong>
      </Text>
      <Button variant="subtle" size="compact-sm" onClick={() => out.mutate()} loading={out.isPending}>
        Not you? Sign out
      </Button>
    </Group>
  );
}

/**
 * ClientWizard runs the steps after the account step for the signed-in user: plan and terms
 * (direct payment, until accepted), the number step (skippable once the client has numbers,
 * explained instead when the partner does not let it add numbers), and the permission step.
 * A user who is not a client's admin, or whose client another partner manages, is told why
 * they cannot go on.
 */
export function ClientWizard({ partner, query, session }: { partner: PartnerInfo; query: OnboardingQuery; session: SignedIn }) {
  const partnerId = partner.partner_id ?? '';
  const brand = partner.brand_name ?? 'The partner';
  const clientId = session.user.client_id ?? '';
  const isClient = clientId !== '' && (session.user.role === 'client_admin' || session.user.role === 'client_member');
  const state = useQuery({
    queryKey: onboardingKey(clientId, partnerId),
    queryFn: () => getOnboardingState(clientId, partnerId),
    enabled: isClient,
  });
  const account = useQuery({ queryKey: ['clients', clientId], queryFn: () => getOwnClient(clientId), enabled: isClient });
  // The number step is done once a number was added or the client chose to skip it.
  const [numberDone, setNumberDone] = useState(false);
  const [added, setAdded] = useState<string[]>([]);
  const withPlan = partner.plan_required === true;

  if (!isClient) {
    return (
      <Stack>
        <Alert color="orange" title="This page is for client accounts" role="alert">
          You are signed in as {session.user.email}, {roleWords(session.user.role)}. Connecting WhatsApp numbers to {brand} needs the
          account of the business that owns the numbers. Sign out, then sign up or log in with that account.
        </Alert>
        <SignedInAs session={session} />
      </Stack>
    );
  }
  if (state.isPending || account.isPending) {
    return (
      <Center py="xl">
        <Loader aria-label="Loading your account" />
      </Center>
    );
  }
  if (state.isError) {
    return (
      <Stack>
        <ErrorAlert error={state.error} title="Could not load your account" />
        <SignedInAs session={session} />
      </Stack>
    );
  }

  const current = state.data;
  if (!current.belongs_to_partner) {
    return (
      <Stack>
        <Alert color="orange" title={`Your account is managed by another partner`} role="alert">
          <Stack gap="xs">
            <Text size="sm">
              {account.data?.name ?? 'Your account'} is managed by another partner, so its numbers cannot be connected to {brand} from
              here.
            </Text>
            <Text size="sm">
              To move to {brand}, request a partner change instead: in your{' '}
              <Anchor href="/portal" size="sm">
                client portal
              </Anchor>
              , choose "Request partner change" and enter {brand}'s partner id <strong>{partnerId}</strong>. Once the change is done,
              open this link again.
            </Text>
          </Stack>
        </Alert>
        <SignedInAs session={session} />
      </Stack>
    );
  }
  if (session.user.role !== 'client_admin') {
    return (
      <Stack>
        <Alert color="orange" title="Only an admin of your account can do this" role="alert">
          You are {roleWords(session.user.role)} of {account.data?.name ?? 'your account'}. Adding numbers and sharing them with {brand} needs
          an admin of the account: ask one of them to open this link, or sign out and log in as an admin.
        </Alert>
        <SignedInAs session={session} />
      </Stack>
    );
  }

  const organisation = account.data?.organisation || account.data?.name || '';
  let step: 'plan' | 'number' | 'permissions' = 'permissions';
  if (current.plan_required) step = 'plan';
  else if (!numberDone) step = 'number';

  return (
    <Stack>
      <Progress current={step} withPlan={withPlan} />
      <SignedInAs session={session} />
      {step === 'plan' && <PlanStep partner={partner} state={current} query={query} />}
      {step === 'number' && (
        <NumberStep
          partnerId={partnerId}
          brand={brand}
          state={current}
          organisation={organisation}
          requestedNumber={query.number}
          onAdded={(channelId) => {
            setAdded((ids) => [...ids, channelId]);
            setNumberDone(true);
          }}
          onSkip={() => setNumberDone(true)}
        />
      )}
      {step === 'permissions' && (
        <PermissionStep
          partner={partner}
          state={current}
          query={query}
          added={added}
          onAddNumber={current.can_add_numbers ? () => setNumberDone(false) : undefined}
        />
      )}
    </Stack>
  );
}
