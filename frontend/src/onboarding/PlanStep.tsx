import { Anchor, Button, Checkbox, Radio, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '../ui/ErrorAlert';
import { choosePlan, type OnboardingState, type PartnerInfo, type Plan } from './api';
import { onboardingKey } from './onboardingKey';
import type { OnboardingQuery } from './query';

/** planLabel names a plan in words, e.g. "Premium". */
export const planLabel = (plan: string) => plan.charAt(0).toUpperCase() + plan.slice(1);

/**
 * PlanStep asks a client of a direct-payment partner to choose a plan and accept the current
 * terms before adding numbers. The link's plan_selection preselects a plan the partner offers.
 */
export function PlanStep({ partner, state, query, onDone }: { partner: PartnerInfo; state: OnboardingState; query?: OnboardingQuery; onDone?: () => void }) {
  const plans = partner.plans?.length ? partner.plans : ['basic', 'regular', 'premium'];
  const preselected = [query?.planSelection, state.plan].find((plan): plan is string => plan !== undefined && plans.includes(plan));
  const [plan, setPlan] = useState<string>(preselected ?? '');
  const [accepted, setAccepted] = useState(false);
  const [attempted, setAttempted] = useState(false);
  const termsVersion = state.current_terms_version || partner.terms_version || '';
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: () => choosePlan(state.client_id ?? '', partner.partner_id ?? '', plan as Plan, termsVersion),
    onSuccess: (next) => {
      // Every view of this client's wizard (the partner's page, the portal) has the new plan.
      queryClient.setQueriesData({ queryKey: onboardingKey(state.client_id ?? '').slice(0, 2) }, next);
      onDone?.();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (plan !== '' && accepted) save.mutate();
  };
  const renewal = state.terms_version && state.terms_version !== termsVersion;

  return (
    <form noValidate onSubmit={submit} aria-labelledby="plan-title">
      <Stack>
        <div>
          <Title order={2} size="h3" id="plan-title">
            Choose your plan
          </Title>
          <Text size="sm" c="dimmed">
            {partner.brand_name} bills you directly (direct payment), so choose a plan and accept the terms before you add numbers.
          </Text>
        </div>
        {renewal && (
          <Text size="sm">
            The terms changed since you accepted version {state.terms_version}; please read and accept version {termsVersion}.
          </Text>
        )}
        <Radio.Group
          label="Plan"
          required
          value={plan}
          onChange={setPlan}
          error={attempted && plan === '' ? 'Choose a plan.' : null}
        >
          <Stack gap="xs" mt="xs">
            {plans.map((option) => (
              <Radio key={option} value={option} label={planLabel(option)} />
            ))}
          </Stack>
        </Radio.Group>
        <Checkbox
          checked={accepted}
          onChange={(event) => setAccepted(event.currentTarget.checked)}
          label={`I accept the terms and conditions (version ${termsVersion})`}
          description={
            partner.terms_url ? (
              <Anchor href={partner.terms_url} target="_blank" rel="noreferrer" size="xs">
                Read the terms
              </Anchor>
            ) : undefined
          }
          error={attempted && !accepted ? 'Accept the terms to continue.' : null}
        />
        <ErrorAlert error={save.error} title="Your plan was not saved" />
        <Button type="submit" loading={save.isPending}>
          Continue
        </Button>
      </Stack>
    </form>
  );
}
