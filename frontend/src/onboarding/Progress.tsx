import { Badge, Group } from '@mantine/core';

/** StepName names the steps of the progress line. */
export type StepName = 'account' | 'plan' | 'number' | 'permissions';

const stepLabels: Record<StepName, string> = {
  account: 'Your account',
  plan: 'Plan and terms',
  number: 'Phone number',
  permissions: 'Permissions',
};

/** Progress shows where the visitor is among the steps; the plan step only on direct payment. */
export function Progress({ current, withPlan }: { current: StepName; withPlan: boolean }) {
  const steps: StepName[] = withPlan ? ['account', 'plan', 'number', 'permissions'] : ['account', 'number', 'permissions'];
  const at = steps.indexOf(current);
  return (
    <Group component="ol" aria-label="Progress" gap={6} wrap="wrap" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {steps.map((step, index) => (
        <li key={step} aria-current={index === at ? 'step' : undefined}>
          <Badge variant={index === at ? 'filled' : index < at ? 'light' : 'outline'} color={index < at ? 'teal' : 'blue'} radius="sm">
            {index + 1}. {stepLabels[step]}
          </Badge>
        </li>
      ))}
    </Group>
  );
}
