import { Alert, Button, Center, Group, Loader, Modal, Stack, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '../ui/ErrorAlert';
import { getOnboardingPartner, getOnboardingState } from './api';
import { NumberStep } from './NumberStep';
import { onboardingKey } from './onboardingKey';
import { PlanStep } from './PlanStep';

interface AddNumberDialogProps {
  opened: boolean;
  onClose: () => void;
  clientId: string;
  /** partnerId is the client's own partner; "" lets the server take it from the client. */
  partnerId: string;
  organisation: string;
}

/**
 * AddNumberDialog is the onboarding's plan and number steps inside the client portal: the same
 * screens and server rules as the partner's onboarding page, without the account step (the
 * client is signed in) and without the permission step and redirect, which only make sense when
 * a partner's integration is waiting for the answer.
 */
export function AddNumberDialog({ opened, onClose, ...rest }: AddNumberDialogProps) {
  const phone = useMediaQuery('(max-width: 36em)');
  return (
    <Modal opened={opened} onClose={onClose} title="Add a number" size="lg" fullScreen={phone}>
      {opened && <AddNumber onClose={onClose} {...rest} />}
    </Modal>
  );
}

function AddNumber({ onClose, clientId, partnerId, organisation }: Omit<AddNumberDialogProps, 'opened'>) {
  const queryClient = useQueryClient();
  const state = useQuery({ queryKey: onboardingKey(clientId, partnerId), queryFn: () => getOnboardingState(clientId, partnerId) });
  const ownPartner = state.data?.partner_id ?? partnerId;
  const partner = useQuery({
    queryKey: ['onboarding-partner', ownPartner],
    queryFn: () => getOnboardingPartner(ownPartner),
    enabled: ownPartner !== '',
  });
  const [added, setAdded] = useState<string | null>(null);

  if (state.isError || partner.isError) return <ErrorAlert error={state.error ?? partner.error} title="Could not load your account" />;
  if (state.isPending || partner.isPending) {
    return (
      <Center py="xl">
        <Loader aria-label="Loading your account" />
      </Center>
    );
  }
  const brand = partner.data.brand_name ?? 'your partner';
  if (added !== null) {
    const directPayment = partner.data.billing_model === 'direct_payment';
    return (
      <Stack>
        <Alert color="teal" title="Number added" role="status">
          Your number is registered and is being set up; it shows as running once WhatsApp has finished.
          {directPayment && ` To let ${brand} manage it, share its API key permission on the number's page.`}
        </Alert>
        <Group justify="flex-end">
          <Button onClick={onClose}>Done</Button>
        </Group>
      </Stack>
    );
  }
  if (state.data.plan_required) {
    return (
      <Stack>
        <Text size="sm">Before you add a number, choose your plan and accept the terms.</Text>
        <PlanStep partner={partner.data} state={state.data} />
      </Stack>
    );
  }
  return (
    <NumberStep
      partnerId={partnerId}
      brand={brand}
      state={state.data}
      organisation={organisation}
      onAdded={(channelId) => {
        setAdded(channelId);
        void queryClient.invalidateQueries({ queryKey: ['clients', clientId] });
      }}
    />
  );
}
