import { Stack, Text, Title } from '@mantine/core';
import { useSearchParams } from 'react-router';
import { useSignedIn } from '../app/session';
import { usePartnerNames } from '../partners/usePartnerNames';
import { FilterSelect } from '../ui/ListFilters';
import { cancelMigrationAsOperator, listAllMigrations } from './api';
import { MigrationList } from './MigrationList';

/** OperatorMigrations lists every tenant's number migrations; a platform admin cancels open ones. */
export function OperatorMigrations() {
  const { user } = useSignedIn();
  const partners = usePartnerNames();
  const [params, setParams] = useSearchParams();
  const partnerId = params.get('partner_id') ?? '';
  const setPartner = (value: string) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set('partner_id', value);
        else next.delete('partner_id');
        next.delete('page');
        return next;
      },
      { replace: true },
    );
  return (
    <Stack>
      <Title order={2}>Number migrations</Title>
      <Text c="dimmed" size="sm">
        Every tenant's imports, WABA moves and hosting changes. Open ones hold their number until they finish, are cancelled or expire after 24 hours.
      </Text>
      <MigrationList
        caption="Number migrations"
        queryKey={['operator', 'migrations']}
        fetch={listAllMigrations}
        filters={{ partner_id: partnerId }}
        withOwner={{ partnerName: partners.name }}
        cancel={user.role === 'platform_admin' ? { run: (migration, reason) => cancelMigrationAsOperator(migration.id ?? '', reason), withReason: true } : undefined}
        empty="No number migration has been started."
      >
        <FilterSelect label="Partner" value={partnerId} options={partners.ids} format={(id) => partners.name(id) ?? id} onChange={setPartner} />
      </MigrationList>
    </Stack>
  );
}
