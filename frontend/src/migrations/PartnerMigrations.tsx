import { NativeSelect, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { channelAbilities } from '../app/roles';
import { useSignedIn } from '../app/session';
import { listClients } from '../clients/api';
import { ErrorAlert } from '../ui/ErrorAlert';
import { cancelMigration, listMigrations } from './api';
import { MigrationList } from './MigrationList';

/** ClientMigrations lists one client's number migrations for partner staff, who may cancel open ones. */
export function ClientMigrations({ partnerId, clientId }: { partnerId: string; clientId: string }) {
  const { user } = useSignedIn();
  const owner = { partnerId, clientId };
  return (
    <MigrationList
      caption="Number migrations of this client"
      queryKey={['partners', partnerId, 'clients', clientId, 'migrations']}
      fetch={(query) => listMigrations(owner, query)}
      cancel={channelAbilities(user.role).change ? { run: (migration) => cancelMigration(owner, migration.id ?? '') } : undefined}
      empty="This client has no number migrations."
    />
  );
}

/**
 * PartnerMigrations is the partner's view of number migrations. The server lists them per client,
 * so the page asks which client first (also reachable from a client's page).
 */
export function PartnerMigrations() {
  const partnerId = useSignedIn().user.partner_id ?? '';
  const [params, setParams] = useSearchParams();
  const clientId = params.get('client') ?? '';
  const clients = useQuery({
    queryKey: ['partners', partnerId, 'clients', 'names'],
    queryFn: () => listClients(partnerId, { limit: 1000, sort: 'name' }),
    staleTime: 60_000,
  });
  const choose = (next: string) =>
    setParams(
      () => {
        const fresh = new URLSearchParams();
        if (next) fresh.set('client', next);
        return fresh;
      },
      { replace: true },
    );

  return (
    <Stack>
      <Title order={2}>Number migrations</Title>
      <Text c="dimmed" size="sm">
        Numbers your clients import from other providers, move between their WhatsApp Business Accounts, or move from on-premise to the cloud.
      </Text>
      <ErrorAlert error={clients.error} title="Could not load your clients" />
      <NativeSelect
        label="Client"
        value={clientId}
        onChange={(event) => choose(event.currentTarget.value)}
        data={[{ value: '', label: 'Choose a client' }, ...(clients.data?.clients ?? []).map((client) => ({ value: client.id ?? '', label: client.name ?? client.id ?? '' }))]}
        maw={360}
      />
      {clientId ? (
        <ClientMigrations key={clientId} partnerId={partnerId} clientId={clientId} />
      ) : (
        <Text size="sm">Choose a client to see its migrations.</Text>
      )}
    </Stack>
  );
}
