import { Button, Code, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { canEditPartnerSettings, canManagePartnerKeys } from '../app/roles';
import { useSignedIn } from '../app/session';
import { ErrorAlert } from '../ui/ErrorAlert';
import { getPartner } from './api';
import { PartnerForm } from './PartnerForm';

/** PartnerSettings is where a partner admin keeps the partner's brand, URLs and defaults, and finds the webhook and API keys. */
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
      {partner.data && (
        <Paper withBorder p="md">
          <Stack gap="xs">
            <Title order={3} size="h4">
              Webhook
            </Title>
            <Text size="sm">
              {partner.data.webhook_url ? (
                <>
                  Events are sent to <Code>{partner.data.webhook_url}</Code>, signed with the partner's signing secret.
                </>
              ) : (
                'No webhook is set: events are not sent anywhere.'
              )}
            </Text>
            <Group>
              <Button component={Link} to="/partner/webhook" variant="default">
                {editable ? 'Set up the webhook' : 'See the webhook'}
              </Button>
              <Button component={Link} to="/partner/webhook-deliveries" variant="subtle">
                Delivery log
              </Button>
            </Group>
          </Stack>
        </Paper>
      )}
      {partner.data && canManagePartnerKeys(user.role) && (
        <Paper withBorder p="md">
          <Stack gap="xs">
            <Title order={3} size="h4">
              API keys
            </Title>
            <Text size="sm">Keys for your own systems to call the Partner API (X-API-Key header), with a scope, an optional expiry and IP allow-list.</Text>
            <Group>
              <Button component={Link} to="/partner/api-keys" variant="default">
                Manage API keys
              </Button>
            </Group>
          </Stack>
        </Paper>
      )}
      {partner.data && <PartnerForm partner={partner.data} editable={editable} commercial="hidden" withWebhookUrl={false} />}
    </Stack>
  );
}
