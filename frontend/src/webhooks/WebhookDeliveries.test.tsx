import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { bodiesOf, fakeServer, json, queriesOf, signInAs } from '../test/fakeServer';
import { ids, page } from '../test/fixtures';
import { hoursFromNow, minutesFromNow, secondsFromNow } from '../test/now';
import { renderApp } from '../test/renderApp';
import { toLocalInput } from '../ui/dateRange';
import type { WebhookAttempt, WebhookDelivery } from './api';

const base = `/api/v2/partners/${ids.partner}`;
/** local writes an instant as a datetime-local field holds it. */
const local = (iso: string) => toLocalInput(new Date(iso));

const deliveries: WebhookDelivery[] = [
  { id: 3, event_id: 'ev3', event: 'client.updated', status: 'pending', attempts: 2, created_at: minutesFromNow(-10), next_attempt_at: minutesFromNow(4), last_status_code: 503, last_error: 'receiver answered 503 Service Unavailable' },
  { id: 2, event_id: 'ev2', event: 'channel_running', status: 'failed', attempts: 9, created_at: hoursFromNow(-30), failed_at: hoursFromNow(-6), last_error: 'no answer within the timeout' },
  { id: 1, event_id: 'ev1', event: 'partner.updated', status: 'delivered', attempts: 1, created_at: hoursFromNow(-31), delivered_at: secondsFromNow(-31 * 3600 + 1), last_status_code: 200 },
];

const row = (id: number) => screen.getByRole('link', { name: `Attempts of delivery ${id}` }).closest('tr') as HTMLElement;

describe('webhook deliveries', () => {
  beforeEach(() => signInAs('partner_member', { partner_id: ids.partner }));

  it('shows status, attempts, the last answer and the next try; redeliver is offered except while pending', async () => {
    const fetchMock = fakeServer({ [`GET ${base}/webhook_deliveries`]: () => json(200, page('webhook_deliveries', deliveries)) });
    renderApp('/partner/webhook-deliveries');
    await screen.findByRole('table', { name: 'Webhook deliveries' });

    expect(within(row(3)).getByText('Pending')).toBeInTheDocument();
    expect(within(row(3)).getByText('2 attempts')).toBeInTheDocument();
    expect(within(row(3)).getByText('HTTP 503')).toBeInTheDocument();
    expect(within(row(3)).getByText(/^Next try in 4 min/)).toBeInTheDocument();
    expect(within(row(3)).queryByRole('button', { name: /Redeliver/ })).toBeNull();

    expect(within(row(2)).getByText('Failed')).toBeInTheDocument();
    expect(within(row(2)).getByText('no answer within the timeout')).toBeInTheDocument();
    expect(within(row(2)).getByRole('button', { name: 'Redeliver delivery 2' })).toBeInTheDocument();
    expect(within(row(1)).getByText('Delivered')).toBeInTheDocument();
    expect(within(row(1)).getByRole('button', { name: 'Redeliver delivery 1' })).toBeInTheDocument();
    expect(screen.getAllByRole('button', { name: /^Redeliver delivery/ })).toHaveLength(2);

    expect(screen.getByRole('link', { name: 'Attempts of delivery 2' })).toHaveAttribute('href', '/partner/webhook-deliveries/2');
    expect(queriesOf(fetchMock, `GET ${base}/webhook_deliveries`)[0]).toEqual({ limit: '20', offset: '0', sort: '-created_at' });
  });

  it('filters by status and event', async () => {
    const fetchMock = fakeServer({ [`GET ${base}/webhook_deliveries`]: () => json(200, page('webhook_deliveries', [])) });
    renderApp('/partner/webhook-deliveries');
    expect(await screen.findByText('No event was sent to the webhook yet.')).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'failed' } });
    await waitFor(() => expect(queriesOf(fetchMock, `GET ${base}/webhook_deliveries`).at(-1)!.filters).toBe('{"status":"failed"}'));
    fireEvent.change(screen.getByLabelText('Event'), { target: { value: 'client.updated' } });
    await waitFor(() => expect(JSON.parse(queriesOf(fetchMock, `GET ${base}/webhook_deliveries`).at(-1)!.filters)).toEqual({ status: 'failed', event: 'client.updated' }));
    expect(await screen.findByText('No delivery matches these filters.')).toBeInTheDocument();
  });

  it('redelivers a failed delivery', async () => {
    let current = deliveries;
    const fetchMock = fakeServer({
      [`GET ${base}/webhook_deliveries`]: () => json(200, page('webhook_deliveries', current)),
      [`POST ${base}/webhook_deliveries/2/redeliver`]: () => {
        const queued = { ...deliveries[1], status: 'pending' as const, failed_at: undefined, next_attempt_at: new Date().toISOString() };
        current = [deliveries[0], queued, deliveries[2]];
        return json(200, queued);
      },
    });
    renderApp('/partner/webhook-deliveries');
    fireEvent.click(await screen.findByRole('button', { name: 'Redeliver delivery 2' }));
    expect(await screen.findByText('Delivery 2 (channel_running) is queued again and is sent shortly.')).toBeInTheDocument();
    await waitFor(() => expect(within(row(2)).getByText('Pending')).toBeInTheDocument());
    expect(within(row(2)).queryByRole('button', { name: /Redeliver/ })).toBeNull();
    expect(fetchMock.mock.calls.filter((call) => (call[0] as Request).url.endsWith('/webhook_deliveries/2/redeliver'))).toHaveLength(1);
  });

  it('shows the 409 of a delivery that is already queued in words', async () => {
    fakeServer({
      [`GET ${base}/webhook_deliveries`]: () => json(200, page('webhook_deliveries', deliveries)),
      [`POST ${base}/webhook_deliveries/1/redeliver`]: () =>
        json(409, { meta: { success: false, http_code: 409, developer_message: 'This delivery is already queued.', code: 'already_pending' } }),
    });
    renderApp('/partner/webhook-deliveries');
    fireEvent.click(await screen.findByRole('button', { name: 'Redeliver delivery 1' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Delivery 1 was not sent again');
    expect(alert).toHaveTextContent('This delivery is already queued.');
  });
});

describe('redeliver failed deliveries of a range', () => {
  beforeEach(() => signInAs('partner_admin', { partner_id: ids.partner }));

  async function openDialog() {
    const fetchMock = fakeServer({
      [`GET ${base}/webhook_deliveries`]: () => json(200, page('webhook_deliveries', deliveries)),
      [`POST ${base}/webhook_deliveries/redeliver_failed`]: () => json(200, { redelivered: 2 }),
    });
    renderApp('/partner/webhook-deliveries');
    fireEvent.click(await screen.findByRole('button', { name: 'Redeliver failed…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Redeliver failed deliveries' });
    return { fetchMock, dialog };
  }

  it('starts at the last 24 hours, and refuses a "to" that is not after "from" as the user types', async () => {
    const { fetchMock, dialog } = await openDialog();
    const from = within(dialog).getByLabelText('From') as HTMLInputElement;
    const to = within(dialog).getByLabelText('To') as HTMLInputElement;
    const span = new Date(to.value).getTime() - new Date(from.value).getTime();
    expect(span).toBeGreaterThanOrEqual(24 * 60 * 60_000);
    expect(span).toBeLessThanOrEqual(24 * 60 * 60_000 + 2 * 60_000);

    fireEvent.change(from, { target: { value: local(hoursFromNow(-1)) } });
    fireEvent.change(to, { target: { value: local(hoursFromNow(-4)) } });
    expect(within(dialog).getByText('To must be after From.')).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Redeliver failed' })).toBeDisabled();
    fireEvent.change(to, { target: { value: local(hoursFromNow(-1)) } });
    expect(within(dialog).getByText('To must be after From.')).toBeInTheDocument();
    fireEvent.submit(to.closest('form')!);
    fireEvent.change(to, { target: { value: '' } });
    expect(within(dialog).getByText('Enter when the range ends.')).toBeInTheDocument();
    expect(await bodiesOf(fetchMock, `POST ${base}/webhook_deliveries/redeliver_failed`)).toEqual([]);
  });

  it('sends the range as RFC 3339 and says how many were queued again', async () => {
    const { fetchMock, dialog } = await openDialog();
    const [from, to] = [local(minutesFromNow(-26 * 60 - 30)), local(minutesFromNow(-2 * 60 - 30))];
    fireEvent.change(within(dialog).getByLabelText('From'), { target: { value: from } });
    fireEvent.change(within(dialog).getByLabelText('To'), { target: { value: to } });
    expect(within(dialog).queryByText('To must be after From.')).toBeNull();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Redeliver failed' }));
    expect(await screen.findByText('2 failed deliveries are queued again.')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(await bodiesOf(fetchMock, `POST ${base}/webhook_deliveries/redeliver_failed`)).toEqual([
      { from: new Date(from).toISOString(), to: new Date(to).toISOString() },
    ]);
  });
});

describe('attempts of a delivery', () => {
  it('lists the attempts of the delivery with status, latency, error and the first 1 KB of the answer', async () => {
    await signInAs('partner_admin', { partner_id: ids.partner });
    const long = `<html>${'x'.repeat(1500)}</html>`;
    const attempts: WebhookAttempt[] = [
      { id: 12, delivery_id: 2, event_id: 'ev2', event: 'channel_running', url: 'https://crm.example.com/hook', attempted_at: hoursFromNow(-29), status_code: 500, latency_ms: 87, error: 'receiver answered 500 Internal Server Error', response: long },
      { id: 11, delivery_id: 2, event_id: 'ev2', event: 'channel_running', url: 'https://crm.example.com/hook', attempted_at: hoursFromNow(-30), latency_ms: 10000, error: 'no answer within the timeout' },
    ];
    const fetchMock = fakeServer({ [`GET ${base}/webhook_attempts`]: () => json(200, page('webhook_attempts', attempts)) });
    renderApp('/partner/webhook-deliveries/2');
    expect(await screen.findByRole('heading', { name: 'Attempts of delivery 2' })).toBeInTheDocument();
    expect(JSON.parse(queriesOf(fetchMock, `GET ${base}/webhook_attempts`)[0].filters)).toEqual({ delivery_id: 2 });

    const cards = await screen.findAllByRole('article');
    expect(cards).toHaveLength(2);
    expect(within(cards[0]).getByText('HTTP 500')).toBeInTheDocument();
    expect(within(cards[0]).getByText('87 ms')).toBeInTheDocument();
    expect(within(cards[0]).getByText('receiver answered 500 Internal Server Error')).toBeInTheDocument();
    const answer = cards[0].querySelector('pre')!;
    expect(answer.textContent).toBe(long.slice(0, 1024));
    expect(within(cards[1]).getByText('No answer')).toBeInTheDocument();
    expect(within(cards[1]).getByText('no answer within the timeout')).toBeInTheDocument();
    expect(within(cards[1]).getByText('No answer body.')).toBeInTheDocument();
  });
});
