import { Anchor, Button, Group, Text } from '@mantine/core';
import { Link } from 'react-router';
import { formatDateTime, type Column } from '../ui/PagedTable';
import { StatusBadge } from '../ui/StatusBadge';
import type { Migration } from './api';
import { isOpenMigration, migrationKindLabel, migrationTone } from './words';

interface MigrationColumnOptions {
  /** linkTo, when set, makes the number a link to where the migration continues. */
  linkTo?: (migration: Migration) => string;
  /** onCancel, when set, offers to cancel open migrations. */
  onCancel?: (migration: Migration) => void;
  /** withOwner adds the partner and client columns (operators). */
  withOwner?: { partnerName: (id?: string) => string | undefined };
}

/** migrationColumns are the columns of a migration list, sortable where the server sorts. */
export function migrationColumns({ linkTo, onCancel, withOwner }: MigrationColumnOptions = {}): Column<Migration>[] {
  const columns: Column<Migration>[] = [
    { header: 'Started', sort: 'created_at', cell: (migration) => formatDateTime(migration.created_at) },
    {
      header: 'Number',
      sort: 'phone_number',
      cell: (migration) =>
        linkTo ? (
          <Anchor component={Link} to={linkTo(migration)} ff="monospace">
            {migration.phone_number}
          </Anchor>
        ) : (
          <Text size="sm" ff="monospace">
            {migration.phone_number}
          </Text>
        ),
    },
    { header: 'Kind', cell: (migration) => migrationKindLabel(migration.kind ?? '') },
    { header: 'Target WABA', cell: (migration) => <Text size="sm" ff="monospace">{migration.target_waba_id}</Text> },
    { header: 'Status', sort: 'status', cell: (migration) => <StatusBadge tone={migrationTone(migration.status)} /> },
    {
      header: 'Ends',
      sort: 'expires_at',
      cell: (migration) =>
        migration.finished_at ? `Ended ${formatDateTime(migration.finished_at)}` : isOpenMigration(migration) ? `Expires ${formatDateTime(migration.expires_at)}` : '',
    },
    { header: 'Reason', cell: (migration) => <Text size="sm">{migration.reason}</Text> },
  ];
  if (withOwner) {
    columns.splice(
      2,
      0,
      { header: 'Partner', cell: (migration) => withOwner.partnerName(migration.partner_id) ?? migration.partner_id },
      { header: 'Client', cell: (migration) => <Text size="sm" ff="monospace">{migration.client_id}</Text> },
    );
  }
  if (onCancel || linkTo) {
    columns.push({
      header: 'Action',
      cell: (migration) =>
        isOpenMigration(migration) ? (
          <Group gap="xs" wrap="nowrap">
            {linkTo && migration.kind !== 'hosting_change' && (
              <Button component={Link} to={linkTo(migration)} size="xs" variant="light" aria-label={`Continue migration ${migration.id}`}>
                Continue
              </Button>
            )}
            {onCancel && (
              <Button size="xs" variant="outline" color="red" onClick={() => onCancel(migration)} aria-label={`Cancel migration ${migration.id}`}>
                Cancel
              </Button>
            )}
          </Group>
        ) : null,
    });
  }
  return columns;
}
