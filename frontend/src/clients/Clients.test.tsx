import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeServer, json, queriesOf, signInAs } from '../test/fakeServer';
import { bakery, ids, page } from '../test/fixtures';
import { renderApp } from '../test/renderApp';

// jsdom's Blob has no text(); FileReader reads it.
const textOf = (blob: Blob) =>
  new Promise<string>((done) => {
    const reader = new FileReader();
    reader.onload = () => done(reader.result as string);
    reader.readAsText(blob);
  });

const clientsRoute = `GET /api/v2/partners/${ids.partner}/clients`;

// A client list of `total` clients, served page by page; names carry a comma and a quote.
function clientsServer(total: number) {
  return fakeServer({
    [clientsRoute]: (request) => {
      const query = new URL(request.url).searchParams;
      const offset = Number(query.get('offset') ?? 0);
      const limit = Number(query.get('limit') ?? 20);
      const count = Math.max(0, Math.min(limit, total - offset));
      const clients = Array.from({ length: count }, (_, i) => ({ ...bakery, id: `c${offset + i}CL`, name: `Bakery ${offset + i}, "Berlin"` }));
      return json(200, { ...page('clients', clients, total), limit, offset });
    },
  });
}

describe('clients list', () => {
  beforeEach(() => signInAs('partner_admin', { partner_id: ids.partner }));

  it('searches, filters and sorts on the server, and goes back to the first page', async () => {
    const fetchMock = clientsServer(45);
    renderApp('/partner/clients?page=2');
    expect(await screen.findByText('45 in total')).toBeInTheDocument();
    expect(queriesOf(fetchMock, clientsRoute)[0]).toEqual({ limit: '20', offset: '20', sort: '-created_at' });

    fireEvent.change(screen.getByLabelText('Search clients'), { target: { value: ' crm-Blu ' } });
    await waitFor(() => expect(queriesOf(fetchMock, clientsRoute).at(-1)).toEqual({ limit: '20', offset: '0', sort: '-created_at', q: 'crm-Blu' }));

    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'suspended' } });
    fireEvent.change(screen.getByLabelText('Plan'), { target: { value: 'premium' } });
    await waitFor(() =>
      expect(JSON.parse(queriesOf(fetchMock, clientsRoute).at(-1)!.filters)).toEqual({ status: 'suspended', plan: 'premium' }),
    );

    fireEvent.click(screen.getByRole('button', { name: 'Sort by Name' }));
    await waitFor(() => expect(queriesOf(fetchMock, clientsRoute).at(-1)!.sort).toBe('name'));
    fireEvent.click(screen.getByRole('button', { name: 'Sort by Name' }));
    await waitFor(() => expect(queriesOf(fetchMock, clientsRoute).at(-1)!.sort).toBe('-name'));
    expect(screen.getByRole('columnheader', { name: /Name/ })).toHaveAttribute('aria-sort', 'descending');
    expect(screen.getByTestId('location')).toHaveTextContent('/partner/clients');
  });

  describe('CSV export', () => {
    let blobs: Blob[];
    beforeEach(() => {
      blobs = [];
      vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: (blob: Blob) => (blobs.push(blob), 'blob:clients'), revokeObjectURL: () => {} }));
      vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    });
    afterEach(() => vi.restoreAllMocks());

    it('downloads every row of the current filtered result, escaped', async () => {
      const fetchMock = clientsServer(1500);
      renderApp('/partner/clients?status=active&q=Bakery');
      await screen.findByText('1500 in total');
      fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
      expect(await screen.findByText('Exported 1500 clients.')).toBeInTheDocument();

      const exportQueries = queriesOf(fetchMock, clientsRoute).filter((query) => query.limit !== '20');
      expect(exportQueries).toEqual([
        { limit: '1000', offset: '0', sort: '-created_at', filters: '{"status":"active"}', q: 'Bakery' },
        { limit: '1000', offset: '1000', sort: '-created_at', filters: '{"status":"active"}', q: 'Bakery' },
      ]);
      const csv = await textOf(blobs[0]);
      const lines = csv.replace(/^\uFEFF/, '').split('\r\n');
      expect(lines[0]).toBe('id,name,organisation,status,plan,channel_count,max_channels,partner_payload,contact_name,contact_email,contact_phone,created_at,modified_at');
      expect(lines[1]).toMatch(/^c0CL,"Bakery 0, ""Berlin""",Bluebird Bakery Ltd,active,premium,3,10,crm-Blu,Bea Baker,owner@bluebird-bakery.example,,/);
      expect(lines).toHaveLength(1502);
    });

    it('stops at 10 000 rows and says so', async () => {
      clientsServer(10_500);
      renderApp('/partner/clients');
      await screen.findByText('10500 in total');
      fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
      expect(await screen.findByText(/Only the first 10,000 of 10,500 clients were exported/, {}, { timeout: 5000 })).toBeInTheDocument();
      expect((await textOf(blobs[0])).trim().split('\r\n')).toHaveLength(10_001);
    });
  });
});
