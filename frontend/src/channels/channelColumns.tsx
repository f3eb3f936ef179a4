import { Anchor, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { CsvColumn } from '../ui/csv';
import { formatDate, type Column } from '../ui/PagedTable';
import { StatusBadge } from '../ui/StatusBadge';
import { humanize } from '../ui/tone';
import type { Channel } from './api';
import { channelStatusTone, qualityTone } from './words';

/** channelColumns are the columns of a channel list; linkTo says where a number opens. */
export function channelColumns(linkTo: (channel: Channel) => string, { withClient = true } = {}): Column<Channel>[] {
  const columns: Column<Channel>[] = [
    {
      header: 'Number',
      sort: 'setup_info.phone_number',
      cell: (channel) => (
        <Anchor component={Link} to={linkTo(channel)} ff="monospace">
          {channel.setup_info?.phone_number || channel.id}
        </Anchor>
      ),
    },
    { header: 'Name', cell: (channel) => channel.setup_info?.phone_name },
    { header: 'Status', sort: 'status', cell: (channel) => <StatusBadge tone={channelStatusTone(channel.status)} /> },
    { header: 'Quality', cell: (channel) => <StatusBadge tone={qualityTone(channel.current_quality_rating)} /> },
    { header: 'Mode', cell: (channel) => humanize(channel.account_mode) },
    { header: 'Limit', cell: (channel) => <Text size="sm">{channel.current_limit}</Text> },
    { header: 'Created', sort: 'created_at', cell: (channel) => formatDate(channel.created_at) },
    { header: 'Modified', sort: 'modified_at', cell: (channel) => formatDate(channel.modified_at) },
  ];
  if (withClient) columns.splice(2, 0, { header: 'Client', cell: (channel) => channel.client?.name });
  return columns;
}

/** channelCsvColumns are the columns of a channel export. */
export const channelCsvColumns: CsvColumn<Channel>[] = [
  { header: 'id', value: (channel) => channel.id },
  { header: 'phone_number', value: (channel) => channel.setup_info?.phone_number },
  { header: 'phone_name', value: (channel) => channel.setup_info?.phone_name },
  { header: 'client_id', value: (channel) => channel.client_id },
  { header: 'client_name', value: (channel) => channel.client?.name },
  { header: 'status', value: (channel) => channel.status },
  { header: 'account_mode', value: (channel) => channel.account_mode },
  { header: 'quality', value: (channel) => channel.current_quality_rating },
  { header: 'limit', value: (channel) => channel.current_limit },
  { header: 'waba_id', value: (channel) => channel.waba_account?.id ?? channel.waba_account_id },
  { header: 'created_at', value: (channel) => channel.created_at },
];
