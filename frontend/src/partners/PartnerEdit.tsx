import { Anchor, Breadcrumbs, Paper, Stack, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { canEditPartnerCommercials } from '../app/roles';
import { useSignedIn } from '../app/session';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Facts } from '../ui/Facts';
import { formatDateTime } from '../ui/PagedTable';
import { StatusBadge } from '../ui/StatusBadge';
import { humanize } from '../ui/tone';
import { getPartner } from './api';
import { PartnerForm } from './PartnerForm';

/** PartnerEdit is the operator's page of one partner: a platform admin edits plan, tier, billing and status. */
export function PartnerEdit() {
  const { partnerId = '' } = useParams();
  const { user } = useSignedIn();
  const partner = useQuery({ queryKey: ['partners', partnerId, 'profile'], queryFn: () => getPartner(partnerId) });
  const admin = canEditPartnerCommercials(user.role);

  return (
    <Stack>
      <Breadcrumbs>
        <Anchor component={Link} to="/operator/partners">
          Partners
        </Anchor>
        <span>{partner.data?.brand_name ?? partnerId}</span>
      </Breadcrumbs>
      <Title order={2}>{partner.data?.brand_name ?? 'Partner'}</Title>
      <ErrorAlert error={partner.error} title="Could not load the partner" />
      {partner.data && (
        <>
          <Paper withBorder p="md">
            <Facts
              facts={[
                { label: 'Status', value: <StatusBadge status={partner.data.status} /> },
                { label: 'Plan', value: humanize(partner.data.partner_plan) },
                { label: 'Tier', value: humanize(partner.data.partner_tier) },
                { label: 'Billing', value: `${humanize(partner.data.billing_model)} · ${partner.data.billing_system ?? ''}` },
                { label: 'Partner ID', value: partner.data.id },
                { label: 'Created', value: formatDateTime(partner.data.created_at) },
              ]}
            />
          </Paper>
          <PartnerForm partner={partner.data} editable={admin} commercial={admin ? 'editable' : 'shown'} />
        </>
      )}
    </Stack>
  );
}
