import { Alert, Anchor, Button, Group, Paper, Select, SimpleGrid, Stack, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { canCreatePartners } from '../app/roles';
import { useSignedIn } from '../app/session';
import { ErrorAlert } from '../ui/ErrorAlert';
import { formatDate, PagedTable, pageSize, type Column } from '../ui/PagedTable';
import { all, atMost, countryCode, required } from '../ui/rules';
import { StatusBadge } from '../ui/StatusBadge';
import { useForm } from '../ui/useForm';
import { createPartner, listPartnerPage, type NewPartner, type Partner } from './api';

const plans: NonNullable<NewPartner['partner_plan']>[] = ['sandbox', 'growth', 'premium'];
const tiers: NonNullable<NewPartner['partner_tier']>[] = ['none', 'silver', 'gold', 'platinum'];
const billingModels: NonNullable<NewPartner['billing_model']>[] = ['direct_payment', 'partner_payment'];

const columns: Column<Partner>[] = [
  {
    header: 'Brand',
    cell: (partner) => (
      <Anchor component={Link} to={`/operator/partners/${partner.id}`}>
        {partner.brand_name}
      </Anchor>
    ),
  },
  { header: 'ID', cell: (partner) => partner.id },
  { header: 'Country', cell: (partner) => partner.country },
  { header: 'Plan', cell: (partner) => partner.partner_plan },
  { header: 'Tier', cell: (partner) => partner.partner_tier },
  { header: 'Billing', cell: (partner) => partner.billing_model },
  { header: 'Status', cell: (partner) => <StatusBadge status={partner.status} /> },
  { header: 'Created', cell: (partner) => formatDate(partner.created_at) },
];

/** Partners lists every partner; a platform admin can also create one. */
export function Partners() {
  const { user } = useSignedIn();
  const [page, setPage] = useState(1);
  const partners = useQuery({
    queryKey: ['partners', page],
    queryFn: () => listPartnerPage({ limit: pageSize, offset: (page - 1) * pageSize }),
    placeholderData: keepPreviousData,
  });

  return (
    <Stack>
      <Title order={2}>Partners</Title>
      {canCreatePartners(user.role) && <CreatePartner />}
      <ErrorAlert error={partners.error} title="Could not load partners" />
      {partners.data && (
        <PagedTable
          caption="Partners"
          columns={columns}
          rows={partners.data.partners ?? []}
          total={partners.data.total ?? 0}
          page={page}
          onPage={setPage}
        />
      )}
    </Stack>
  );
}

function CreatePartner() {
  const queryClient = useQueryClient();
  const form = useForm(
    { brand_name: '', country: '', partner_plan: 'sandbox', partner_tier: 'none', billing_model: 'direct_payment' },
    { brand_name: all(required('Brand name'), atMost('Brand name', 128)), country: countryCode },
  );
  const create = useMutation({
    mutationFn: (values: typeof form.values) => createPartner({ ...values, country: values.country.trim().toUpperCase() } as NewPartner),
    onSuccess: () => {
      form.reset();
      return queryClient.invalidateQueries({ queryKey: ['partners'] });
    },
  });

  return (
    <Paper withBorder p="md" component="form" noValidate onSubmit={form.onSubmit(create.mutate)}>
      <Stack>
        <Title order={3} size="h4">
          New partner
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          <TextInput label="Brand name" required {...form.field('brand_name')} />
          <TextInput label="Country" placeholder="DE" maxLength={2} {...form.field('country')} />
          <Select label="Plan" data={plans} {...form.choice('partner_plan')} />
          <Select label="Tier" data={tiers} {...form.choice('partner_tier')} />
          <Select label="Billing model" data={billingModels} {...form.choice('billing_model')} />
        </SimpleGrid>
        <ErrorAlert error={create.error} title="Partner not created" />
        {create.isSuccess && <Alert color="green">Partner {create.data.brand_name} created.</Alert>}
        <Group>
          <Button type="submit" loading={create.isPending}>
            Create partner
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
