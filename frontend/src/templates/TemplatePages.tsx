import { Anchor, Breadcrumbs, NativeSelect, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import { useSignedIn } from '../app/session';
import { getClient, getOwnClient, listClients } from '../clients/api';
import { usePartnerNames } from '../partners/usePartnerNames';
import { ErrorAlert } from '../ui/ErrorAlert';
import { listWabas, type TemplateOwner, type Waba } from './api';
import { templateAbilities, TemplateList } from './TemplateList';

/** templateLimit is how many templates Meta lets a WABA hold: 6000 once its business is verified, 250 before. */
export const templateLimit = (waba?: Waba) => (waba?.fb_account_status === 'verified' ? 6000 : 250);

const ownerKey = (owner: TemplateOwner) => (owner.partnerId ? ['partners', owner.partnerId, 'clients', owner.clientId] : ['clients', owner.clientId]);

/** useWabas loads the WABAs of a client, through the partner or as the client. */
export function useWabas(owner: TemplateOwner, enabled = true) {
  return useQuery({ queryKey: [...ownerKey(owner), 'waba_accounts'], queryFn: () => listWabas(owner), enabled: enabled && owner.clientId !== '', staleTime: 30_000 });
}

/** ClientWabas lists a client's WhatsApp Business Accounts, each with a link to its templates. */
export function ClientWabas({ owner, linkTo }: { owner: TemplateOwner; linkTo: (waba: Waba) => string }) {
  const wabas = useWabas(owner);
  const rows = wabas.data?.waba_accounts ?? [];
  return (
    <Stack gap="xs">
      <ErrorAlert error={wabas.error} title="Could not load the WhatsApp Business Accounts" />
      {wabas.data && rows.length === 0 && <Text size="sm">No WhatsApp Business Account yet.</Text>}
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={480}>
          <Table striped aria-label="WhatsApp Business Accounts">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>WhatsApp Business Account</Table.Th>
                <Table.Th>Business</Table.Th>
                <Table.Th>Numbers</Table.Th>
                <Table.Th>Templates</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((waba) => (
                <Table.Tr key={waba.id}>
                  <Table.Td>{waba.name}</Table.Td>
                  <Table.Td>{waba.fb_account_status === 'verified' ? 'Verified by Meta' : 'Not verified yet'}</Table.Td>
                  <Table.Td>
                    {waba.number_count ?? 0} of {waba.effective_limit ?? waba.number_limit ?? '—'}
                  </Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={linkTo(waba)} aria-label={`Templates of ${waba.name}`}>
                      Templates
                    </Anchor>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

/** WabaTemplates is the templates page of one WABA: its name in the heading, what Meta allows it, and the list. */
function WabaTemplates({ owner, wabaId, crumbs, clientName }: { owner: TemplateOwner; wabaId: string; crumbs: { label: string; to: string }[]; clientName?: string }) {
  const { user } = useSignedIn();
  const wabas = useWabas(owner);
  const waba = wabas.data?.waba_accounts?.find((candidate) => candidate.id === wabaId);
  const name = waba?.name ?? (wabas.isPending ? '…' : 'this WhatsApp Business Account');
  return (
    <Stack>
      <Breadcrumbs>
        {crumbs.map((crumb) => (
          <Anchor key={crumb.to} component={Link} to={crumb.to}>
            {crumb.label}
          </Anchor>
        ))}
        <span>Templates of {name}</span>
      </Breadcrumbs>
      <Title order={2}>Templates of {name}</Title>
      <Text c="dimmed" size="sm">
        {clientName ? `${clientName} · ` : ''}Message templates are the messages a business may send outside the 24-hour window after a customer wrote. Meta
        reviews each one before it can be sent{waba ? `; this account may hold up to ${templateLimit(waba)}` : ''}.
      </Text>
      <ErrorAlert error={wabas.error} title="Could not load the WhatsApp Business Account" />
      {wabas.data && !waba && <Text>This WhatsApp Business Account is not one of this client&apos;s.</Text>}
      <TemplateList owner={owner} wabaId={wabaId} abilities={templateAbilities(user.role)} />
    </Stack>
  );
}

/** PartnerTemplates is partner staff's templates page of one of a client's WABAs. */
export function PartnerTemplates() {
  const { clientId = '', wabaId = '' } = useParams();
  const partnerId = useSignedIn().user.partner_id ?? '';
  const client = useQuery({ queryKey: ['partners', partnerId, 'clients', clientId], queryFn: () => getClient(partnerId, clientId) });
  return (
    <WabaTemplates
      key={wabaId}
      owner={{ partnerId, clientId }}
      wabaId={wabaId}
      clientName={client.data?.name}
      crumbs={[
        { label: 'Clients', to: '/partner/clients' },
        { label: client.data?.name ?? 'Client', to: `/partner/clients/${clientId}` },
      ]}
    />
  );
}

/** PortalTemplates lists the client's WABAs, each leading to its templates. */
export function PortalTemplates() {
  const clientId = useSignedIn().user.client_id ?? '';
  return (
    <Stack>
      <Title order={2}>Message templates</Title>
      <Text c="dimmed" size="sm">
        Templates belong to a WhatsApp Business Account. Choose one to see, create and edit its templates.
      </Text>
      <ClientWabas owner={{ clientId }} linkTo={(waba) => `/portal/wabas/${waba.id}/templates`} />
    </Stack>
  );
}

/** PortalWabaTemplates is a client user's templates page of one of their WABAs. */
export function PortalWabaTemplates() {
  const { wabaId = '' } = useParams();
  const clientId = useSignedIn().user.client_id ?? '';
  const client = useQuery({ queryKey: ['clients', clientId], queryFn: () => getOwnClient(clientId), enabled: clientId !== '' });
  return <WabaTemplates key={wabaId} owner={{ clientId }} wabaId={wabaId} clientName={client.data?.name} crumbs={[{ label: 'Message templates', to: '/portal/templates' }]} />;
}

/**
 * OperatorTemplates lets platform staff find a partner's templates: the partner, then the client,
 * then one of its WABAs. Platform admins drive the review from there with the simulator.
 */
export function OperatorTemplates() {
  const partners = usePartnerNames();
  const [params, setParams] = useSearchParams();
  const partnerId = params.get('partner') ?? '';
  const clientId = params.get('client') ?? '';
  const clients = useQuery({
    queryKey: ['partners', partnerId, 'clients', 'names'],
    queryFn: () => listClients(partnerId, { limit: 1000, sort: 'name' }),
    enabled: partnerId !== '',
    staleTime: 60_000,
  });
  const choose = (next: Record<string, string>) =>
    setParams(
      () => {
        const fresh = new URLSearchParams();
        for (const [name, value] of Object.entries(next)) if (value) fresh.set(name, value);
        return fresh;
      },
      { replace: true },
    );
  return (
    <Stack>
      <Title order={2}>Message templates</Title>
      <Text c="dimmed" size="sm">
        Find a partner&apos;s templates by client and WhatsApp Business Account. Platform admins can approve, reject, pause or disable them with the
        simulator, and set their quality.
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 2 }} maw={720}>
        <NativeSelect
          label="Partner"
          value={partnerId}
          onChange={(event) => choose({ partner: event.currentTarget.value })}
          data={[{ value: '', label: 'Choose a partner' }, ...partners.ids.map((id) => ({ value: id, label: partners.name(id) ?? id }))]}
        />
        <NativeSelect
          label="Client"
          value={clientId}
          disabled={partnerId === ''}
          onChange={(event) => choose({ partner: partnerId, client: event.currentTarget.value })}
          data={[{ value: '', label: 'Choose a client' }, ...(clients.data?.clients ?? []).map((client) => ({ value: client.id ?? '', label: client.name ?? client.id ?? '' }))]}
        />
      </SimpleGrid>
      <ErrorAlert error={clients.error} title="Could not load the clients" />
      {partnerId && clientId ? (
        <Paper withBorder p="md">
          <ClientWabas owner={{ partnerId, clientId }} linkTo={(waba) => `/operator/templates/${partnerId}/${clientId}/${waba.id}`} />
        </Paper>
      ) : (
        <Text size="sm">Choose a partner and a client to see their WhatsApp Business Accounts.</Text>
      )}
    </Stack>
  );
}

/** OperatorWabaTemplates is platform staff's templates page of one WABA, read-only but for the simulator. */
export function OperatorWabaTemplates() {
  const { partnerId = '', clientId = '', wabaId = '' } = useParams();
  const partners = usePartnerNames();
  const client = useQuery({ queryKey: ['partners', partnerId, 'clients', clientId], queryFn: () => getClient(partnerId, clientId) });
  const partnerName = partners.name(partnerId) ?? 'Partner';
  return (
    <WabaTemplates
      key={wabaId}
      owner={{ partnerId, clientId }}
      wabaId={wabaId}
      clientName={client.data?.name ? `${partnerName} · ${client.data.name}` : undefined}
      crumbs={[{ label: 'Message templates', to: `/operator/templates?partner=${partnerId}&client=${clientId}` }]}
    />
  );
}
