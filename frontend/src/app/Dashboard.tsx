import { Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { EscalatedAlert } from '../support/EscalatedAlert';
import { SupportOverview } from '../support/SupportReports';
import { areaOf, roleLabel } from './roles';
import { useSignedIn } from './session';

/** Dashboard greets the user and says whom they act for. */
export function Dashboard() {
  const { user } = useSignedIn();
  const facts = [
    { label: 'Signed in as', value: `${user.name} (${user.email})` },
    { label: 'Role', value: roleLabel(user.role) },
    { label: 'Partner', value: user.partner_id },
    { label: 'Client', value: user.client_id },
  ].filter((fact) => fact.value);

  return (
    <Stack>
      <Title order={2}>Dashboard</Title>
      {areaOf(user.role) === 'operator' && <EscalatedAlert />}
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {facts.map((fact) => (
          <Paper key={fact.label} withBorder p="md">
            <Text size="sm" c="dimmed">
              {fact.label}
            </Text>
            <Text fw={500}>{fact.value}</Text>
          </Paper>
        ))}
      </SimpleGrid>
      {areaOf(user.role) !== 'portal' && <SupportOverview />}
    </Stack>
  );
}
