import { describe, expect, it, vi } from 'vitest';
import { csvCell, fetchAllRows, toCsv, type CsvColumn } from './csv';

type Row = { name: string; note?: string | null; count?: number };
const columns: CsvColumn<Row>[] = [
  { header: 'name', value: (row) => row.name },
  { header: 'note', value: (row) => row.note },
  { header: 'count', value: (row) => row.count },
];

describe('CSV export', () => {
  it('writes a header line and one CRLF-ended line per row', () => {
    expect(toCsv(columns, [{ name: 'Bluebird', note: 'ok', count: 3 }, { name: 'Contoso' }])).toBe(
      'name,note,count\r\nBluebird,ok,3\r\nContoso,,\r\n',
    );
  });

  it('quotes a field holding a comma', () => {
    expect(csvCell('Beauty, Spa and Salon')).toBe('"Beauty, Spa and Salon"');
  });

  it('doubles quotes inside a quoted field', () => {
    expect(csvCell('the "best" bakery')).toBe('"the ""best"" bakery"');
    expect(csvCell('"')).toBe('""""');
  });

  it('keeps line breaks inside one quoted field', () => {
    expect(csvCell('line one\nline two')).toBe('"line one\nline two"');
    expect(csvCell('a\r\nb')).toBe('"a\r\nb"');
    const csv = toCsv(columns, [{ name: 'Bluebird', note: 'first\nsecond, "third"' }]);
    expect(csv).toBe('name,note,count\r\nBluebird,"first\nsecond, ""third""",\r\n');
  });

  it('leaves plain text, numbers, booleans and phone numbers alone; empty for null', () => {
    expect(csvCell('Bluebird Bakery')).toBe('Bluebird Bakery');
    expect(csvCell(42)).toBe('42');
    expect(csvCell(false)).toBe('false');
    expect(csvCell('+4915112345001')).toBe('+4915112345001');
    expect(csvCell('-3')).toBe('-3');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://evil.example")')).toBe('"\'=HYPERLINK(""http://evil.example"")"');
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('+cmd|calc')).toBe("'+cmd|calc");
  });
});

describe('fetching every row for an export', () => {
  // A list of `total` rows served in pages, like the API.
  const server = (total: number) =>
    vi.fn(async (offset: number, limit: number) => ({
      rows: Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) => offset + i),
      total,
    }));

  it('reads page after page until the total', async () => {
    const fetchPage = server(2500);
    const result = await fetchAllRows(fetchPage);
    expect(result.rows).toHaveLength(2500);
    expect(result.rows[2499]).toBe(2499);
    expect(result.truncated).toBe(false);
    expect(fetchPage.mock.calls).toEqual([
      [0, 1000],
      [1000, 1000],
      [2000, 1000],
    ]);
  });

  it('stops at 10 000 rows and says the rest was left out', async () => {
    const fetchPage = server(12_345);
    const result = await fetchAllRows(fetchPage);
    expect(result.rows).toHaveLength(10_000);
    expect(result.total).toBe(12_345);
    expect(result.truncated).toBe(true);
    expect(fetchPage).toHaveBeenCalledTimes(10);
  });

  it('asks only for what is needed on the last page, and ends on an empty page', async () => {
    const fetchPage = server(10);
    expect((await fetchAllRows(fetchPage, 25, 7)).rows).toHaveLength(10);
    expect(fetchPage.mock.calls).toEqual([
      [0, 7],
      [7, 7],
    ]);
    const shrinking = vi.fn(async (offset: number) => ({ rows: offset === 0 ? [1, 2] : [], total: 5 }));
    expect((await fetchAllRows(shrinking)).rows).toEqual([1, 2]);
    expect(shrinking).toHaveBeenCalledTimes(2);
  });

  it('reads an empty list with one request', async () => {
    const fetchPage = server(0);
    expect(await fetchAllRows(fetchPage)).toEqual({ rows: [], total: 0, truncated: false });
    expect(fetchPage).toHaveBeenCalledTimes(1);
  });
});
