import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { channelAbilities } from '../app/roles';
import { useSignedIn } from '../app/session';
import { cancelMigration, listMigrations } from './api';
import { MigrationList } from './MigrationList';

/** PortalMigrations lists the client's number migrations; open ones can be continued or cancelled. */
export function PortalMigrations() {
  const { user } = useSignedIn();
  const clientId = user.client_id ?? '';
  const changes = channelAbilities(user.role).change;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Number migrations</Title>
        {changes && (
          <Button component={Link} to="/portal/migrations/new">
            Import a number
          </Button>
        )}
      </Group>
      <Text c="dimmed" size="sm">
        Bring a number you use with another provider into one of your WhatsApp Business Accounts. Its display name, quality rating and messaging limit
        come with it.
      </Text>
      <MigrationList
        caption="Number migrations"
        queryKey={['clients', clientId, 'migrations']}
        fetch={(query) => listMigrations({ clientId }, query)}
        linkTo={(migration) => `/portal/migrations/${migration.id}`}
        cancel={changes ? { run: (migration) => cancelMigration({ clientId }, migration.id ?? '') } : undefined}
        empty="You have not imported a number yet."
      />
    </Stack>
  );
}
