import { Center, Group, Pagination, Table, Text, UnstyledButton } from '@mantine/core';
import type { ReactNode } from 'react';

/** pageSize is how many rows one page of a list holds. */
export const pageSize = 20;

/** Column says how one column of a PagedTable is headed and filled, and by which field it sorts. */
export interface Column<Row> {
  header: string;
  cell: (row: Row) => ReactNode;
  /** sort is the API field this column sorts by; a column without one is not sortable. */
  sort?: string;
}

interface PagedTableProps<Row> {
  caption: string;
  columns: Column<Row>[];
  rows: Row[];
  total: number;
  page: number;
  onPage: (page: number) => void;
  /** sort is the current sort ("field" or "-field"); onSort asks to sort by a column's field. */
  sort?: string;
  onSort?: (field: string) => void;
  /** empty is what to say when there are no rows, e.g. because a filter matches nothing. */
  empty?: string;
}

function SortHeader({ header, field, sort, onSort }: { header: string; field: string; sort?: string; onSort: (field: string) => void }) {
  const direction = sort === field ? 'ascending' : sort === `-${field}` ? 'descending' : 'none';
  const arrow = direction === 'ascending' ? '▲' : direction === 'descending' ? '▼' : '↕';
  return (
    <Table.Th aria-sort={direction}>
      <UnstyledButton onClick={() => onSort(field)} fw={700} fz="sm" aria-label={`Sort by ${header}`}>
        <Group gap={4} wrap="nowrap">
          {header}
          <Center c={direction === 'none' ? 'dimmed' : undefined} aria-hidden>
            {arrow}
          </Center>
        </Group>
      </UnstyledButton>
    </Table.Th>
  );
}

/** PagedTable shows one page of a server-side list and lets the user move between pages and sort. */
export function PagedTable<Row extends { id?: string | number }>({ caption, columns, rows, total, page, onPage, sort, onSort, empty }: PagedTableProps<Row>) {
  return (
    <>
      <Table.ScrollContainer minWidth={600}>
        <Table striped highlightOnHover aria-label={caption}>
          <Table.Thead>
            <Table.Tr>
              {columns.map((column) =>
                column.sort && onSort ? (
                  <SortHeader key={column.header} header={column.header} field={column.sort} sort={sort} onSort={onSort} />
                ) : (
                  <Table.Th key={column.header}>{column.header}</Table.Th>
                ),
              )}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.id}>
                {columns.map((column) => (
                  <Table.Td key={column.header}>{column.cell(row)}</Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {total === 0 ? (empty ?? 'Nothing here yet.') : `${total} in total`}
        </Text>
        <Pagination total={Math.ceil(total / pageSize)} value={page} onChange={onPage} hideWithOnePage />
      </Group>
    </>
  );
}

/** formatDate shows an RFC 3339 timestamp as a local date. */
export const formatDate = (timestamp?: string | null) => (timestamp ? new Date(timestamp).toLocaleDateString() : '');

/** formatDateTime shows an RFC 3339 timestamp as a local date and time. */
export const formatDateTime = (timestamp?: string | null) => (timestamp ? new Date(timestamp).toLocaleString() : '');
