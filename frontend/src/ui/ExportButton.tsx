import { Alert, Button, Stack } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { downloadCsv, exportRowLimit, fetchAllRows, toCsv, type CsvColumn } from './csv';
import { ErrorAlert } from './ErrorAlert';

interface ExportButtonProps<Row> {
  /** noun names one row and several rows in the messages, e.g. ["client", "clients"]. */
  noun: [string, string];
  filename: string;
  columns: CsvColumn<Row>[];
  fetchPage: (offset: number, limit: number) => Promise<{ rows: Row[]; total: number }>;
}

/** ExportButton downloads every row of the current filtered list (up to 10 000) as a CSV file. */
export function ExportButton<Row>({ noun, filename, columns, fetchPage }: ExportButtonProps<Row>) {
  const exporting = useMutation({
    mutationFn: async () => {
      const result = await fetchAllRows(fetchPage);
      downloadCsv(filename, toCsv(columns, result.rows));
      return result;
    },
  });
  const done = exporting.data;
  return (
    <Stack gap="xs">
      <Button variant="default" onClick={() => exporting.mutate()} loading={exporting.isPending}>
        Export CSV
      </Button>
      <ErrorAlert error={exporting.error} title="Export failed" />
      {done && (
        <Alert color={done.truncated ? 'yellow' : 'green'} role="status">
          {done.truncated
            ? `Only the first ${exportRowLimit.toLocaleString()} of ${done.total.toLocaleString()} ${noun[1]} were exported; narrow the filters to export the rest.`
            : `Exported ${done.rows.length} ${done.rows.length === 1 ? noun[0] : noun[1]}.`}
        </Alert>
      )}
    </Stack>
  );
}
