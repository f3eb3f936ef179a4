import { Alert, Anchor, Breadcrumbs, Button, Group, Paper, SimpleGrid, Stack, Textarea, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useSignedIn } from '../app/session';
import { listPartnerChannels } from '../channels/api';
import { channelColumns } from '../channels/channelColumns';
import { ClientMigrations } from '../migrations/PartnerMigrations';
import { ClientWabas } from '../templates/TemplatePages';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Facts } from '../ui/Facts';
import { formatDateTime, PagedTable, pageSize } from '../ui/PagedTable';
import { atMost, counter, wholeNumber } from '../ui/rules';
import { StatusBadge } from '../ui/StatusBadge';
import { humanize } from '../ui/tone';
import { useForm } from '../ui/useForm';
import { getClient, type ClientAccount, type ClientChanges, updateClient } from './api';

/** clientLimits are the server's limits on the fields partner staff may change. */
export const clientLimits = { partner_payload: 1024, max_channels: 10_000 } as const;

/** maxChannelsProblem checks a client's number limit: a whole number, not below the numbers it has. */
export function maxChannelsProblem(value: string, channelCount: number): string | null {
  const problem = wholeNumber('Maximum numbers', 0, clientLimits.max_channels)(value);
  if (problem) return problem;
  const count = Number(value.trim());
  return count < channelCount ? `Maximum numbers cannot be below the ${channelCount} numbers this client already has.` : null;
}

/** ClientDetail shows one client, lets partner staff change its payload and number limit, and lists its numbers. */
export function ClientDetail() {
  const { clientId = '' } = useParams();
  const partnerId = useSignedIn().user.partner_id ?? '';
  const client = useQuery({ queryKey: ['partners', partnerId, 'clients', clientId], queryFn: () => getClient(partnerId, clientId) });
  // The form starts afresh from each saved client, so the word that it was saved lives here.
  const [saved, setSaved] = useState(false);

  return (
    <Stack>
      <Breadcrumbs>
        <Anchor component={Link} to="/partner/clients">
          Clients
        </Anchor>
        <span>{client.data?.name ?? clientId}</span>
      </Breadcrumbs>
      <Title order={2}>{client.data?.name ?? 'Client'}</Title>
      <ErrorAlert error={client.error} title="Could not load the client" />
      {client.data && (
        <>
          <Paper withBorder p="md">
            <Facts
              facts={[
                { label: 'Status', value: <StatusBadge status={client.data.status} /> },
                { label: 'Organisation', value: client.data.organisation },
                { label: 'Plan', value: humanize(client.data.plan) },
                { label: 'Numbers', value: `${client.data.channel_count ?? 0} of at most ${client.data.max_channels ?? '—'}` },
                { label: 'Contact', value: client.data.contact_info?.full_name },
                { label: 'Contact email', value: client.data.contact_info?.email },
                { label: 'Contact phone', value: client.data.contact_info?.phone },
                { label: 'Client ID', value: client.data.id },
                { label: 'Created', value: formatDateTime(client.data.created_at) },
                { label: 'Modified', value: formatDateTime(client.data.modified_at) },
              ]}
            />
          </Paper>
          <EditClient key={client.data.modified_at} partnerId={partnerId} client={client.data} onSaved={setSaved} />
          {saved && (
            <Alert color="green" role="status">
              Client saved.
            </Alert>
          )}
          <ClientChannels partnerId={partnerId} clientId={clientId} />
          <Title order={3} size="h4">
            WhatsApp Business Accounts
          </Title>
          <ClientWabas owner={{ partnerId, clientId }} linkTo={(waba) => `/partner/clients/${clientId}/wabas/${waba.id}/templates`} />
          <Title order={3} size="h4">
            Number migrations
          </Title>
          <ClientMigrations partnerId={partnerId} clientId={clientId} />
        </>
      )}
    </Stack>
  );
}

function EditClient({ partnerId, client, onSaved }: { partnerId: string; client: ClientAccount; onSaved: (saved: boolean) => void }) {
  const queryClient = useQueryClient();
  const form = useForm(
    { partner_payload: client.partner_payload ?? '', max_channels: String(client.max_channels ?? '') },
    {
      partner_payload: atMost('Partner payload', clientLimits.partner_payload),
      max_channels: (value) => maxChannelsProblem(value, client.channel_count ?? 0),
    },
  );
  const save = useMutation({
    mutationFn: (values: typeof form.values) => {
      onSaved(false);
      const changes: ClientChanges = {};
      if (form.changed.includes('partner_payload')) changes.partner_payload = values.partner_payload;
      if (form.changed.includes('max_channels')) changes.max_channels = Number(values.max_channels.trim());
      return updateClient(partnerId, client.id ?? '', changes);
    },
    onSuccess: (saved) => {
      onSaved(true);
      queryClient.setQueryData(['partners', partnerId, 'clients', client.id], saved);
      return queryClient.invalidateQueries({ queryKey: ['partners', partnerId, 'clients'] });
    },
  });

  return (
    <Paper withBorder p="md" component="form" noValidate onSubmit={form.onSubmit(save.mutate)}>
      <Stack>
        <Title order={3} size="h4">
          Partner settings for this client
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Textarea
            label="Partner payload"
            description={`Your own reference, e.g. the CRM id · ${counter(form.values.partner_payload, clientLimits.partner_payload)}`}
            autosize
            minRows={1}
            {...form.field('partner_payload')}
          />
          <TextInput
            label="Maximum numbers"
            description={`How many numbers this client may have (now ${client.channel_count ?? 0})`}
            inputMode="numeric"
            {...form.field('max_channels')}
          />
        </SimpleGrid>
        <ErrorAlert error={save.error} title="Client not saved" />
        <Group>
          <Button type="submit" loading={save.isPending} disabled={form.changed.length === 0}>
            Save client
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function ClientChannels({ partnerId, clientId }: { partnerId: string; clientId: string }) {
  const [page, setPage] = useState(1);
  const query = { limit: pageSize, offset: (page - 1) * pageSize, sort: 'setup_info.phone_number', filters: { client_id: clientId } };
  const channels = useQuery({
    queryKey: ['partners', partnerId, 'channels', query],
    queryFn: () => listPartnerChannels(partnerId, query),
    placeholderData: keepPreviousData,
  });
  return (
    <Stack>
      <Title order={3} size="h4">
        Numbers
      </Title>
      <ErrorAlert error={channels.error} title="Could not load the numbers" />
      {channels.data && (
        <PagedTable
          caption="Numbers of this client"
          columns={channelColumns((channel) => `/partner/channels/${channel.id}`, { withClient: false })}
          rows={channels.data.partner_channels ?? []}
          total={channels.data.total ?? 0}
          page={page}
          onPage={setPage}
          empty="This client has no numbers yet."
        />
      )}
    </Stack>
  );
}
