import { Group, Pagination, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** pageSize is how many rows one page of a list holds. */
export const pageSize = 20;

/** Column says how one column of a PagedTable is headed and filled. */
export interface Column<Row> {
  header: string;
  cell: (row: Row) => ReactNode;
}

interface PagedTableProps<Row> {
  caption: string;
  columns: Column<Row>[];
  rows: Row[];
  total: number;
  page: number;
  onPage: (page: number) => void;
}

/** PagedTable shows one page of a server-side list and lets the user move between pages. */
export function PagedTable<Row extends { id?: string }>({ caption, columns, rows, total, page, onPage }: PagedTableProps<Row>) {
  return (
    <>
      <Table.ScrollContainer minWidth={600}>
        <Table striped highlightOnHover aria-label={caption}>
          <Table.Thead>
            <Table.Tr>
              {columns.map((column) => (
                <Table.Th key={column.header}>{column.header}</Table.Th>
              ))}
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
          {total === 0 ? 'Nothing here yet.' : `${total} in total`}
        </Text>
        <Pagination total={Math.ceil(total / pageSize)} value={page} onChange={onPage} hideWithOnePage />
      </Group>
    </>
  );
}

/** formatDate shows an RFC 3339 timestamp as a local date. */
export const formatDate = (timestamp?: string) => (timestamp ? new Date(timestamp).toLocaleDateString() : '');
