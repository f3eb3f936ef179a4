import { Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getPartner } from '../api/hub';
import { canEditPartnerSettings } from '../auth/roles';
import { useSignedIn } from '../auth/session';
import { ErrorAlert } from '../components/ErrorAlert';
import { PartnerForm } from '../components/PartnerForm';

/** PartnerSettings is where a partner admin keeps the partner's brand, URLs and defaults. */
export function PartnerSettings() {
  const { user } = useSignedIn();
  const partnerId = user.partner_id ?? '';
  const partner = useQuery({ queryKey: ['partners', partnerId, 'profile'], queryFn: () => getPartner(partnerId) });
  const editable = canEditPartnerSettings(user.role);

  return (
    <Stack>
      <Title order={2}>Settings</Title>
      {!editable && <Text c="dimmed">Only a partner admin can change these settings.</Text>}
      <ErrorAlert error={partner.error} title="Could not load the partner" />
      {partner.data && <PartnerForm partner={partner.data} editable={editable} commercial="hidden" />}
    </Stack>
  );
}
