import { Group, Stack, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useSignedIn } from '../app/session';
import { ErrorAlert } from '../ui/ErrorAlert';
import { ExportButton } from '../ui/ExportButton';
import { FilterSelect, SearchBox } from '../ui/ListFilters';
import { PagedTable } from '../ui/PagedTable';
import { compactPhone } from '../ui/rules';
import { humanize } from '../ui/tone';
import { useListState } from '../ui/useListState';
import { accountModes, channelStatuses, listPartnerChannels, qualityRatings } from './api';
import { channelColumns, channelCsvColumns } from './channelColumns';
import { qualityTone } from './words';

const phoneFilter = 'setup_info.phone_number';

const columns = channelColumns((channel) => `/partner/channels/${channel.id}`);

/** Channels lists every number of the partner's clients, with filters, sorting and paging. */
export function Channels() {
  const partnerId = useSignedIn().user.partner_id ?? '';
  const list = useListState({ sort: '-created_at', filters: ['status', 'account_mode', 'current_quality_rating', phoneFilter] as const });
  const channels = useQuery({
    queryKey: ['partners', partnerId, 'channels', list.query],
    queryFn: () => listPartnerChannels(partnerId, list.query),
    placeholderData: keepPreviousData,
  });
  const filtered = Object.values(list.filters).some((value) => value !== '');

  return (
    <Stack>
      <Title order={2}>Channels</Title>
      <Group align="flex-end" wrap="wrap">
        <SearchBox
          label="Phone number"
          placeholder="+4915112345001"
          value={list.filters[phoneFilter]}
          onSearch={(text) => list.setFilter(phoneFilter, compactPhone(text))}
        />
        <FilterSelect label="Status" value={list.filters.status} options={channelStatuses} onChange={(value) => list.setFilter('status', value)} />
        <FilterSelect label="Mode" value={list.filters.account_mode} options={accountModes} format={humanize} onChange={(value) => list.setFilter('account_mode', value)} />
        <FilterSelect
          label="Quality"
          value={list.filters.current_quality_rating}
          options={qualityRatings}
          format={(rating) => qualityTone(rating).label}
          onChange={(value) => list.setFilter('current_quality_rating', value)}
        />
        <ExportButton
          noun={['number', 'numbers']}
          filename={`channels-${new Date().toISOString().slice(0, 10)}.csv`}
          columns={channelCsvColumns}
          fetchPage={async (offset, limit) => {
            const page = await listPartnerChannels(partnerId, { ...list.query, offset, limit });
            return { rows: page.partner_channels ?? [], total: page.total ?? 0 };
          }}
        />
      </Group>
      <ErrorAlert error={channels.error} title="Could not load channels" />
      {channels.data && (
        <PagedTable
          caption="Channels"
          columns={columns}
          rows={channels.data.partner_channels ?? []}
          total={channels.data.total ?? 0}
          page={list.page}
          onPage={list.setPage}
          sort={list.sort}
          onSort={list.toggleSort}
          empty={filtered ? 'No number matches these filters.' : undefined}
        />
      )}
    </Stack>
  );
}
