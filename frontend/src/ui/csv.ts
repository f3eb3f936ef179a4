/** CsvColumn names a column of an export and says how to read it from a row. */
export interface CsvColumn<Row> {
  header: string;
  value: (row: Row) => string | number | boolean | null | undefined;
}

// A spreadsheet runs a cell that starts like a formula; such text gets a leading apostrophe.
// Plain numbers (like +4915112345001 or -3) are left as they are.
function neutralise(text: string): string {
  if (!/^[=+\-@\t\r]/.test(text) || /^[+-]?\d[\d ]*(\.\d+)?$/.test(text)) return text;
  return `'${text}`;
}

/** csvCell writes one value as a CSV field: quoted when it holds a comma, quote or line break. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  const text = neutralise(value === null || value === undefined ? '' : String(value));
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** toCsv writes rows as RFC 4180 CSV: a header line, then one line per row, CRLF line ends. */
export function toCsv<Row>(columns: CsvColumn<Row>[], rows: Row[]): string {
  const lines = [columns.map((column) => csvCell(column.header)), ...rows.map((row) => columns.map((column) => csvCell(column.value(row))))];
  return lines.map((cells) => cells.join(',')).join('\r\n') + '\r\n';
}

/** exportRowLimit is the most rows one export fetches. */
export const exportRowLimit = 10_000;

/** exportPageSize is how many rows each request of an export asks for (the API's largest page). */
export const exportPageSize = 1000;

/**
 * fetchAllRows reads every page of a list, up to max rows, and says whether rows were left out.
 * fetchPage gets the offset and limit of one page and answers its rows and the list's total.
 */
export async function fetchAllRows<Row>(
  fetchPage: (offset: number, limit: number) => Promise<{ rows: Row[]; total: number }>,
  max = exportRowLimit,
  pageSize = exportPageSize,
): Promise<{ rows: Row[]; total: number; truncated: boolean }> {
  const rows: Row[] = [];
  let total = Infinity;
  while (rows.length < Math.min(total, max)) {
    const page = await fetchPage(rows.length, Math.min(pageSize, max - rows.length));
    total = page.total;
    rows.push(...page.rows);
    if (page.rows.length === 0) break;
  }
  return { rows: rows.slice(0, max), total: Number.isFinite(total) ? total : rows.length, truncated: total > max };
}

/** downloadCsv hands the text to the browser as a file; the BOM lets spreadsheets read UTF-8. */
export function downloadCsv(filename: string, csv: string): void {
  const url = URL.createObjectURL(new Blob(['\uFEFF', csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
