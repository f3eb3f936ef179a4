import { Group, Stack, Textarea } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { ErrorAlert } from '../ui/ErrorAlert';
import { FilterSelect } from '../ui/ListFilters';
import type { ListQuery } from '../ui/listQuery';
import { PagedTable } from '../ui/PagedTable';
import { useListState } from '../ui/useListState';
import { migrationKinds, migrationStatuses, type Migration } from './api';
import { migrationColumns } from './migrationColumns';
import { explained, migrationCancelReasonMax, migrationCancelReasonProblem, migrationKindLabel, migrationStatusLabel } from './words';

type Page = { migrations?: Migration[]; total?: number };

interface MigrationListProps {
  caption: string;
  /** queryKey names the list in the query cache; the list query is added to it. */
  queryKey: unknown[];
  fetch: (query: ListQuery) => Promise<Page>;
  /** cancel, when set, offers to cancel open migrations; withReason asks for an optional reason. */
  cancel?: { run: (migration: Migration, reason: string) => Promise<unknown>; withReason?: boolean };
  linkTo?: (migration: Migration) => string;
  withOwner?: { partnerName: (id?: string) => string | undefined };
  /** filters adds list filters (e.g. a partner) to status and kind. */
  filters?: Record<string, string>;
  /** children are more filter controls, shown with status and kind. */
  children?: ReactNode;
  empty: string;
}

/** MigrationList pages through migrations with status and kind filters, sorting, and cancelling open ones. */
export function MigrationList({ caption, queryKey, fetch, cancel, linkTo, withOwner, filters = {}, children, empty }: MigrationListProps) {
  const queryClient = useQueryClient();
  const list = useListState({ sort: '-created_at', filters: ['status', 'kind'] as const });
  const query = { ...list.query, filters: { ...list.query.filters, ...filters } };
  const migrations = useQuery({ queryKey: [...queryKey, query], queryFn: () => fetch(query), placeholderData: keepPreviousData, refetchInterval: 10_000 });
  const [cancelling, setCancelling] = useState<Migration | null>(null);
  const [reason, setReason] = useState('');
  const stop = useMutation({
    mutationFn: (migration: Migration) => explained(cancel!.run(migration, reason)),
    onSuccess: () => {
      setCancelling(null);
      return queryClient.invalidateQueries({ queryKey });
    },
  });
  const reasonProblem = migrationCancelReasonProblem(reason);
  const columns = migrationColumns({
    linkTo,
    withOwner,
    onCancel: cancel
      ? (migration) => {
          stop.reset();
          setReason('');
          setCancelling(migration);
        }
      : undefined,
  });
  const filtered = list.filters.status !== '' || list.filters.kind !== '' || Object.values(filters).some((value) => value !== '');

  return (
    <Stack>
      <Group align="flex-end" wrap="wrap">
        <FilterSelect
          label="Status"
          value={list.filters.status}
          options={migrationStatuses}
          format={migrationStatusLabel}
          onChange={(value) => list.setFilter('status', value)}
        />
        <FilterSelect label="Kind" value={list.filters.kind} options={migrationKinds} format={migrationKindLabel} onChange={(value) => list.setFilter('kind', value)} />
        {children}
      </Group>
      <ErrorAlert error={migrations.error} title="Could not load the migrations" />
      {migrations.data && (
        <PagedTable
          caption={caption}
          columns={columns}
          rows={migrations.data.migrations ?? []}
          total={migrations.data.total ?? 0}
          page={list.page}
          onPage={list.setPage}
          sort={list.sort}
          onSort={list.toggleSort}
          empty={filtered ? 'No migration matches these filters.' : empty}
        />
      )}
      <ConfirmDialog
        opened={cancelling !== null}
        title="Cancel the migration"
        confirmLabel="Cancel the migration"
        color="red"
        pending={stop.isPending}
        error={stop.error}
        onConfirm={() => cancelling && reasonProblem === null && stop.mutate(cancelling)}
        onClose={() => setCancelling(null)}
      >
        <Stack gap="sm">
          <span>
            {cancelling?.phone_number} stays where it is now, and the number is free for a new migration or partner change. A code already sent no
            longer works.
          </span>
          {cancel?.withReason && (
            <Textarea
              label="Reason (optional)"
              description={`${[...reason].length} / ${migrationCancelReasonMax} characters · the client sees it`}
              value={reason}
              onChange={(event) => setReason(event.currentTarget.value)}
              error={reasonProblem}
              autosize
              minRows={2}
            />
          )}
        </Stack>
      </ConfirmDialog>
    </Stack>
  );
}
