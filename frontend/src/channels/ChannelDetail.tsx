import { Anchor, Breadcrumbs, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { channelAbilities } from '../app/roles';
import { useSignedIn } from '../app/session';
import { ChannelKeys } from '../keys/ChannelKeys';
import { TestMessagingPanel } from '../messaging/TestMessagingPanel';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Facts } from '../ui/Facts';
import { formatDateTime } from '../ui/PagedTable';
import { StatusBadge } from '../ui/StatusBadge';
import { untilWords } from '../ui/time';
import { humanize } from '../ui/tone';
import { getChannel, type Channel, type ChannelOwner } from './api';
import { Cancellation } from './Cancellation';
import { blockedUntil, DisplayName } from './DisplayName';
import { LocalStorage } from './LocalStorage';
import { ProfileEditor } from './ProfileEditor';
import { WebhookForm } from './WebhookForm';
import { channelStatusTone, qualityTone, regionLabel } from './words';

interface ChannelDetailProps {
  channelId: string;
  /** area is where the page is shown: partner staff reach a channel through their partner, client users through their client. */
  area: 'partner' | 'portal';
  /** back is the list the page was opened from. */
  back: { label: string; to: string };
}

/**
 * ChannelDetail is one number's page, shared by the partner admin UI and the client portal:
 * overview, API key, business profile, webhook, local storage and cancellation, each within what the
 * signed-in role may do.
 */
export function ChannelDetail({ channelId, area, back }: ChannelDetailProps) {
  const { user } = useSignedIn();
  const queryClient = useQueryClient();
  const scope = area === 'partner' ? { partnerId: user.partner_id ?? '' } : { clientId: user.client_id ?? '' };
  const channel = useQuery({ queryKey: ['channel', channelId], queryFn: () => getChannel(scope, channelId) });
  const abilities = channelAbilities(user.role);

  const data = channel.data;
  const owner: ChannelOwner | null = data
    ? area === 'partner'
      ? { partnerId: user.partner_id ?? '', clientId: data.client_id ?? '' }
      : { clientId: user.client_id ?? '' }
    : null;
  const reload = () => Promise.all([
    queryClient.invalidateQueries({ queryKey: ['channel', channelId], exact: true }),
    queryClient.invalidateQueries({ queryKey: ['partners'] }),
    queryClient.invalidateQueries({ queryKey: ['clients'] }),
  ]);
  const replace = (updated: Channel) => {
    if (updated && typeof updated === 'object' && updated.id) queryClient.setQueryData(['channel', channelId], updated);
    return reload();
  };
  const phone = data?.setup_info?.phone_number || channelId;
  const terminated = data?.status === 'terminated';

  return (
    <Stack>
      <Breadcrumbs>
        <Anchor component={Link} to={back.to}>
          {back.label}
        </Anchor>
        <span>{phone}</span>
      </Breadcrumbs>
      <Group gap="sm">
        <Title order={2} ff="monospace">
          {phone}
        </Title>
        {data && <StatusBadge tone={channelStatusTone(data.status)} />}
      </Group>
      <ErrorAlert error={channel.error} title="Could not load the number" />
      {data && owner && (
        <>
          <Overview channel={data} area={area} />
          <DisplayName owner={owner} channel={data} editable={abilities.change && !terminated} onChanged={(updated) => void replace(updated)} onStale={() => void reload()} />
          <ChannelKeys owner={owner} channel={data} area={area} onChannelChanged={(updated) => void replace(updated)} onStale={() => void reload()} />
          <ProfileEditor owner={owner} channelId={channelId} editable={abilities.change && !terminated} />
          <WebhookForm owner={owner} channelId={channelId} editable={abilities.change && !terminated} />
          {!terminated && <TestMessagingPanel owner={owner} channel={data} />}
          <LocalStorage owner={owner} channel={data} editable={abilities.change} onChanged={() => void reload()} />
          <Cancellation owner={owner} channel={data} canCancel={abilities.cancel} canReactivate={abilities.cancel} onChanged={(updated) => void replace(updated)} />
        </>
      )}
    </Stack>
  );
}

function Overview({ channel, area }: { channel: Channel; area: 'partner' | 'portal' }) {
  const client = channel.client;
  const waba = channel.waba_account;
  return (
    <Paper withBorder p="md">
      <Stack>
        <Title order={3} size="h4">
          Overview
        </Title>
        <Facts
          facts={[
            { label: 'Display name', value: channel.setup_info?.phone_name },
            { label: 'Status', value: <StatusBadge tone={channelStatusTone(channel.status)} /> },
            { label: 'Quality', value: <StatusBadge tone={qualityTone(channel.current_quality_rating)} /> },
            { label: 'Messaging limit', value: channel.current_limit },
            { label: 'Can send messages', value: channel.health?.can_send_message ? <StatusBadge status={channel.health.can_send_message} /> : null },
            { label: 'Mode', value: humanize(channel.account_mode) },
            { label: 'Hosting', value: humanize(channel.hosting_type) },
            { label: 'Support plan', value: humanize(channel.support_plan) },
            { label: 'Key permission', value: humanize(channel.key_permission) },
            { label: 'Local storage', value: regionLabel(channel.local_storage_region) },
            ...(blockedUntil(channel) ? [{ label: 'Registrations blocked until', value: untilWords(blockedUntil(channel) ?? '') }] : []),
            {
              label: 'Client',
              value:
                area === 'partner' && client?.id ? (
                  <Anchor component={Link} to={`/partner/clients/${client.id}`}>
                    {client.name ?? client.id}
                  </Anchor>
                ) : (
                  client?.name
                ),
            },
            { label: 'WhatsApp Business Account', value: waba ? `${waba.name ?? waba.id} (${humanize(waba.fb_account_status)}, up to ${waba.number_limit ?? '?'} numbers)` : channel.waba_account_id },
            { label: 'Created', value: formatDateTime(channel.created_at) },
            { label: 'Cancelled', value: formatDateTime(channel.cancelled_at) },
            { label: 'Channel ID', value: <Text span ff="monospace">{channel.id}</Text> },
          ]}
        />
      </Stack>
    </Paper>
  );
}
