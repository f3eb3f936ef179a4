import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { bodiesOf, fakeServer, json, queriesOf, signInAs } from '../test/fakeServer';
import { acmePartner, bakery, ids, page } from '../test/fixtures';
import { minutesFromNow } from '../test/now';
import { renderApp } from '../test/renderApp';
import type { WabaTemplate } from './api';
import { bluebirdWaba, orderUpdate, partnerBase, portalBase, springSale, wabaId, welcome } from './fixtures';
import { reviewRefreshMs } from './TemplateList';

const partnerPage = `/partner/clients/${ids.client}/wabas/${wabaId}/templates`;
const clientPath = `/api/v2/partners/${ids.partner}/clients/${ids.client}`;

/** partnerRoutes are the calls a partner's templates page makes, with the templates the list answers. */
const partnerRoutes = (templates: () => WabaTemplate[]) => ({
  [`GET ${clientPath}`]: () => json(200, bakery),
  [`GET ${clientPath}/waba_accounts`]: () => json(200, { waba_accounts: [bluebirdWaba] }),
  [`GET ${partnerBase}`]: () => json(200, page('waba_templates', templates())),
});

const table = () => screen.findByRole('table', { name: 'Message templates' });
const rowOf = async (name: string) => (await within(await table()).findByText(name)).closest('tr') as HTMLElement;

describe('templates of a WABA, for partner staff', () => {
  it('names the WABA and the people, and shows statuses, categories, languages and quality in words', async () => {
    await signInAs('partner_admin', { partner_id: ids.partner });
    fakeServer(partnerRoutes(() => [orderUpdate(), springSale(), welcome()]));
    renderApp(partnerPage);
    expect(await screen.findByRole('heading', { level: 2, name: 'Templates of Bluebird WABA' })).toBeInTheDocument();
    expect(await screen.findByRole('link', { name: 'Bluebird Bakery' })).toHaveAttribute('href', `/partner/clients/${ids.client}`);

    const approved = await rowOf('order_update');
    expect(approved).toHaveTextContent('English (US)');
    expect(approved).toHaveTextContent('Utility');
    expect(within(approved).getByText('Approved')).toBeInTheDocument();
    expect(within(approved).getByText('High quality')).toBeInTheDocument();
    expect(approved).toHaveTextContent('by Max Acme');

    const rejected = await rowOf('spring_sale');
    expect(rejected).toHaveTextContent('German');
    expect(within(rejected).getByText('Rejected')).toBeInTheDocument();
    const rejection = within(rejected).getByTestId('rejection');
    expect(within(rejection).getByText('The content does not fit the category: a utility template may not carry an offer. Choose Marketing, or take the offer out.')).toBeInTheDocument();
    expect(within(rejection).getByText('A UTILITY template may not carry a marketing offer ("20% off").')).toBeInTheDocument();
    expect(rejected).toHaveTextContent('by Anna Schmidt');
    expect(within(rejected).getByText('Not rated yet')).toBeInTheDocument();

    const submitted = await rowOf('welcome');
    expect(within(submitted).getByText('Submitted — in review')).toBeInTheDocument();
    expect(submitted).toHaveTextContent('Portuguese (Brazil)');
    expect(submitted).toHaveTextContent('Marketing');
    expect(within(submitted).queryByTestId('rejection')).toBeNull();
    // A template in review cannot be edited; the others can.
    expect(within(submitted).queryByRole('button', { name: /^Edit/ })).toBeNull();
    expect(within(approved).getByRole('button', { name: 'Edit order_update (English (US))' })).toBeInTheDocument();
    expect(within(rejected).getByRole('button', { name: 'Edit spring_sale (German)' })).toBeInTheDocument();
    expect(screen.getByText(/one template is in review; the list refreshes every 3 seconds/)).toBeInTheDocument();
  });

  it('searches by name and filters by status, category and language on the server, and sorts', async () => {
    await signInAs('partner_admin', { partner_id: ids.partner });
    const fetchMock = fakeServer(partnerRoutes(() => [orderUpdate()]));
    renderApp(partnerPage);
    await rowOf('order_update');
    const lastQuery = () => queriesOf(fetchMock, `GET ${partnerBase}`).at(-1)!;
    expect(lastQuery()).toEqual({ limit: '20', offset: '0', sort: 'name' });

    fireEvent.change(screen.getByLabelText('Search by name'), { target: { value: 'ORDER' } });
    await waitFor(() => expect(JSON.parse(lastQuery().filters ?? '{}')).toEqual({ q: 'ORDER' }));
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'rejected' } });
    fireEvent.change(screen.getByLabelText('Category'), { target: { value: 'UTILITY' } });
    fireEvent.change(screen.getByLabelText('Language'), { target: { value: 'de' } });
    await waitFor(() => expect(JSON.parse(lastQuery().filters ?? '{}')).toEqual({ q: 'ORDER', status: 'rejected', category: 'UTILITY', language: 'de' }));
    // The filters offer every status in words, deleted ones too.
    expect(within(screen.getByLabelText('Status')).getByRole('option', { name: 'Deleted' })).toHaveValue('deleted');
    expect(within(screen.getByLabelText('Language')).getByRole('option', { name: 'German' })).toHaveValue('de');

    fireEvent.click(screen.getByRole('button', { name: 'Sort by Changed' }));
    await waitFor(() => expect(lastQuery().sort).toBe('modified_at'));
    fireEvent.click(screen.getByRole('button', { name: 'Sort by Changed' }));
    await waitFor(() => expect(lastQuery().sort).toBe('-modified_at'));
  });

  it('refreshes by itself while a template is in review, so the approval shows without a reload', async () => {
    await signInAs('partner_admin', { partner_id: ids.partner });
    let reviewed = false;
    const fetchMock = fakeServer(partnerRoutes(() => [welcome(reviewed ? { status: 'approved', status_changed_at: minutesFromNow(0) } : {})]));
    renderApp(partnerPage);
    const row = await rowOf('welcome');
    expect(within(row).getByText('Submitted — in review')).toBeInTheDocument();
    reviewed = true;
    expect(await within(await table()).findByText('Approved', {}, { timeout: reviewRefreshMs * 2 })).toBeInTheDocument();
    const loads = queriesOf(fetchMock, `GET ${partnerBase}`).length;
    // Nothing is in review any more: the list stays as it is until asked.
    await new Promise((done) => setTimeout(done, reviewRefreshMs + 500));
    expect(queriesOf(fetchMock, `GET ${partnerBase}`)).toHaveLength(loads);
    fireEvent.click(screen.getByRole('button', { name: 'Sync templates' }));
    await waitFor(() => expect(queriesOf(fetchMock, `GET ${partnerBase}`)).toHaveLength(loads + 1));
  });

  it('deletes a template after asking', async () => {
    await signInAs('partner_member', { partner_id: ids.partner });
    let templates = [orderUpdate(), springSale()];
    const fetchMock = fakeServer({
      ...partnerRoutes(() => templates),
      [`DELETE ${partnerBase}/t2TP`]: () => {
        const deleted = { ...springSale(), status: 'deleted' as const };
        templates = templates.filter((template) => template.id !== 't2TP');
        return json(200, deleted);
      },
    });
    renderApp(partnerPage);
    fireEvent.click(within(await rowOf('spring_sale')).getByRole('button', { name: 'Delete spring_sale (German)' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete the template' });
    expect(dialog).toHaveTextContent('spring_sale in German can no longer be sent. Meta keeps its name blocked for 30 days');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete the template' }));
    expect(await screen.findByText('spring_sale (German) is deleted. Its name stays blocked at Meta for 30 days.')).toBeInTheDocument();
    await waitFor(() => expect(within(screen.getByRole('table', { name: 'Message templates' })).queryByText('spring_sale')).toBeNull());
    expect(fetchMock.mock.calls.filter(([request]) => (request as Request).method === 'DELETE')).toHaveLength(1);
  });

  it('previews a template as a WhatsApp message', async () => {
    await signInAs('partner_admin', { partner_id: ids.partner });
    fakeServer(partnerRoutes(() => [orderUpdate()]));
    renderApp(partnerPage);
    fireEvent.click(within(await rowOf('order_update')).getByRole('button', { name: 'Preview order_update (English (US))' }));
    const dialog = await screen.findByRole('dialog', { name: 'order_update · English (US)' });
    expect(within(dialog).getByTestId('preview-header')).toHaveTextContent('Order #123');
    expect(within(dialog).getByTestId('preview-body')).toHaveTextContent('Hi Ana, your order ships today.');
    expect(within(dialog).getAllByTestId('preview-button').map((button) => button.textContent?.trim())).toEqual(['↩ Track', '↗ Open', '☎ Call us']);
  });

  it('lists the WABAs of a client on its page, with a link to their templates', async () => {
    await signInAs('partner_admin', { partner_id: ids.partner });
    fakeServer({
      ...partnerRoutes(() => []),
      [`GET /api/v2/partners/${ids.partner}/channels`]: () => json(200, page('partner_channels', [])),
      [`GET ${clientPath}/migrations`]: () => json(200, page('migrations', [])),
    });
    renderApp(`/partner/clients/${ids.client}`);
    const accounts = await screen.findByRole('table', { name: 'WhatsApp Business Accounts' });
    expect(within(accounts).getByText('Verified by Meta')).toBeInTheDocument();
    fireEvent.click(within(accounts).getByRole('link', { name: 'Templates of Bluebird WABA' }));
    expect(screen.getByTestId('location')).toHaveTextContent(partnerPage);
    expect(await screen.findByText('This WhatsApp Business Account has no templates yet.')).toBeInTheDocument();
  });
});

describe('templates in the client portal', () => {
  it('leads from the WABAs to their templates, on the client routes', async () => {
    await signInAs('client_member', { client_id: ids.client });
    const fetchMock = fakeServer({
      [`GET /api/v2/clients/${ids.client}`]: () => json(200, bakery),
      [`GET /api/v2/clients/${ids.client}/waba_accounts`]: () => json(200, { waba_accounts: [bluebirdWaba] }),
      [`GET ${portalBase}`]: () => json(200, page('waba_templates', [orderUpdate()])),
    });
    renderApp('/portal/templates');
    fireEvent.click(await screen.findByRole('link', { name: 'Templates of Bluebird WABA' }));
    expect(await screen.findByRole('heading', { level: 2, name: 'Templates of Bluebird WABA' })).toBeInTheDocument();
    expect(await rowOf('order_update')).toHaveTextContent('Approved');
    expect(screen.getByRole('button', { name: 'New template' })).toBeInTheDocument();
    expect(queriesOf(fetchMock, `GET ${portalBase}`).length).toBeGreaterThan(0);
    expect(screen.queryByRole('button', { name: /^Simulator/ })).toBeNull();
  });
});

describe('templates for platform staff', () => {
  const operatorPage = `/operator/templates/${ids.partner}/${ids.client}/${wabaId}`;
  const operatorRoutes = (templates: () => WabaTemplate[]) => ({
    ...partnerRoutes(templates),
    'GET /api/v2/partners': () => json(200, page('partners', [acmePartner()])),
    [`GET /api/v2/partners/${ids.partner}/clients`]: () => json(200, page('clients', [bakery])),
  });

  it('finds a WABA by partner and client', async () => {
    await signInAs('support_agent');
    fakeServer(operatorRoutes(() => [orderUpdate()]));
    renderApp('/operator/templates');
    const partner = await screen.findByLabelText('Partner');
    await within(partner).findByRole('option', { name: 'Acme Messaging' });
    fireEvent.change(partner, { target: { value: ids.partner } });
    const client = screen.getByLabelText('Client');
    await within(client).findByRole('option', { name: 'Bluebird Bakery' });
    fireEvent.change(client, { target: { value: ids.client } });
    fireEvent.click(await screen.findByRole('link', { name: 'Templates of Bluebird WABA' }));
    expect(screen.getByTestId('location')).toHaveTextContent(operatorPage);
    // Support agents only read: no builder, no edits, no simulator.
    const row = await rowOf('order_update');
    expect(within(row).queryByRole('button', { name: /^(Edit|Delete|Simulator)/ })).toBeNull();
    expect(screen.queryByRole('button', { name: 'New template' })).toBeNull();
  });

  it('a platform admin rejects a template in review with the simulator, choosing the reason', async () => {
    await signInAs('platform_admin');
    let current = welcome();
    const fetchMock = fakeServer({
      ...operatorRoutes(() => [current]),
      'POST /api/v2/operator/simulator/templates/t3TP': async (request) => {
        const decision = await request.json();
        current = { ...current, status: 'rejected', rejected_reason: decision.rejected_reason, rejected_detail: 'The operator rejected it.' };
        return json(200, current);
      },
    });
    renderApp(operatorPage);
    expect(await screen.findByRole('heading', { level: 2, name: 'Templates of Bluebird WABA' })).toBeInTheDocument();
    fireEvent.click(within(await rowOf('welcome')).getByRole('button', { name: 'Simulator for welcome (Portuguese (Brazil))' }));
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Reject…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Reject welcome' });
    fireEvent.change(within(dialog).getByLabelText('Reason'), { target: { value: 'SCAM' } });
    expect(dialog).toHaveTextContent('Meta took it for a scam');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Reject' }));
    expect(await screen.findByText('The simulator set welcome to Rejected, not rated yet.')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Reject welcome' })).toBeNull());
    expect(await screen.findByText(/^Meta took it for a scam, for example because of a link through a URL shortener\./)).toBeInTheDocument();
    expect(screen.getByText('The operator rejected it.')).toBeInTheDocument();
    expect(await bodiesOf(fetchMock, 'POST /api/v2/operator/simulator/templates/t3TP')).toEqual([{ action: 'reject', rejected_reason: 'SCAM' }]);
    // Platform staff read templates but do not write them.
    expect(screen.queryByRole('button', { name: 'New template' })).toBeNull();
  });

  it('a platform admin approves and sets the quality', async () => {
    await signInAs('platform_admin');
    let current = welcome();
    const fetchMock = fakeServer({
      ...operatorRoutes(() => [current]),
      'POST /api/v2/operator/simulator/templates/t3TP': async (request) => {
        const decision = await request.json();
        current = decision.action === 'approve' ? { ...current, status: 'approved' } : { ...current, quality_score: decision.quality_score };
        return json(200, current);
      },
    });
    renderApp(operatorPage);
    fireEvent.click(within(await rowOf('welcome')).getByRole('button', { name: /^Simulator for welcome/ }));
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Approve' }));
    expect(await screen.findByText('The simulator set welcome to Approved, not rated yet.')).toBeInTheDocument();
    fireEvent.click(within(await rowOf('welcome')).getByRole('button', { name: /^Simulator for welcome/ }));
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Set quality…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Set the quality of welcome' });
    fireEvent.change(within(dialog).getByLabelText('Quality'), { target: { value: 'YELLOW' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Set quality' }));
    expect(await screen.findByText('The simulator set welcome to Approved, medium quality.')).toBeInTheDocument();
    expect(await bodiesOf(fetchMock, 'POST /api/v2/operator/simulator/templates/t3TP')).toEqual([{ action: 'approve' }, { action: 'quality', quality_score: 'YELLOW' }]);
  });
});
