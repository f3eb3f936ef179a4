import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { bodiesOf, fakeServer, json, signInAs } from '../test/fakeServer';
import { ids, page, runningChannel } from '../test/fixtures';
import { hoursFromNow, minutesFromNow, utcText } from '../test/now';
import { renderApp } from '../test/renderApp';
import type { TicketDetail, Topic } from './api';

const topics: Topic[] = [
  {
    key: 'templates',
    name: 'Message templates',
    severity: 'standard',
    premium_severity: 'standard',
    default_severity: 'standard',
    required: [
      { key: 'channel_id', label: 'Affected number' },
      { key: 'template_name', label: 'Template name and language' },
    ],
    kb_articles: [{ id: 'k1KB', topic: 'templates', title: 'Why templates get rejected', body: 'Variables may not start or end a template.', url: 'https://docs.example.com/templates' }],
  },
  {
    key: 'number_registration',
    name: 'Number registration',
    severity: 'standard',
    premium_severity: 'urgent',
    default_severity: 'urgent',
    required: [
      { key: 'phone_number', label: 'Phone number (E.164, e.g. +4915112345678)' },
      { key: 'error_message', label: 'Error returned (code and text)' },
    ],
    kb_articles: [],
  },
];

const opened: TicketDetail = {
  id: 't1TK',
  subject: 'Template rejected',
  status: 'new',
  severity: 'standard',
  topic: 'templates',
  source: 'hub_chat',
  opened_at: minutesFromNow(0),
  details: { template_name: 'order_confirmation (en)' },
  description: 'Rejected twice, key phc_**** masked.',
  channel_id: ids.channel,
  timers: [
    { metric: 'first_response', cycle: 1, due_at: minutesFromNow(30), warning_at: minutesFromNow(24), target_seconds: 1800, calendar: 'always' },
    { metric: 'resolution', cycle: 1, due_at: hoursFromNow(48), warning_at: minutesFromNow(30 * 60 + 24), target_seconds: 172800, calendar: 'always', soft: true },
  ],
  messages: [],
};

function hub(extra: Record<string, (request: Request) => Response | Promise<Response>> = {}) {
  return fakeServer({
    'GET /api/v2/support/topics': () => json(200, { topics }),
    [`GET /api/v2/clients/${ids.client}/channels`]: () => json(200, page('channels', [runningChannel()])),
    [`GET /api/v2/clients/${ids.client}/channels/${ids.channel}`]: () => json(200, runningChannel()),
    'GET /api/v2/support/tickets/t1TK': () => json(200, opened),
    ...extra,
  });
}

const fill = (name: string | RegExp, value: string) => fireEvent.change(screen.getByRole('textbox', { name }), { target: { value } });
const choose = (name: string | RegExp, value: string) => fireEvent.change(screen.getByRole('combobox', { name }), { target: { value } });

async function fillTemplatesTicket() {
  choose(/^Topic/, 'templates');
  fill(/^Subject/, 'Template rejected');
  choose(/^Affected number/, ids.channel);
  fill(/^Template name and language/, 'order_confirmation (en)');
  fill(/^Description/, 'Rejected twice, key phc_abc in the text.');
}

describe('new ticket', () => {
  it('follows the topic: its required information, severity and articles', async () => {
    await signInAs('client_admin', { partner_id: ids.partner, client_id: ids.client });
    hub();
    renderApp('/portal/support/new');
    await screen.findByRole('option', { name: 'Message templates' });
    expect(screen.queryByRole('textbox', { name: /Template name/ })).toBeNull();

    choose(/^Topic/, 'templates');
    expect(screen.getByRole('textbox', { name: /^Template name and language/ })).toBeRequired();
    expect(screen.getByRole('combobox', { name: /^Affected number/ })).toBeRequired();
    const articles = screen.getByRole('region', { name: 'Suggested articles' });
    expect(within(articles).getByRole('link', { name: 'Why templates get rejected' })).toHaveAttribute('href', 'https://docs.example.com/templates');
    expect(screen.getByText('Standard')).toBeInTheDocument();

    // Another topic, other fields; the premium package makes registration urgent.
    choose(/^Topic/, 'number_registration');
    expect(screen.queryByRole('textbox', { name: /Template name/ })).toBeNull();
    expect(screen.getByRole('textbox', { name: /^Phone number/ })).toBeRequired();
    expect(screen.getByRole('textbox', { name: /^Error returned/ })).toBeRequired();
    expect(screen.getByRole('combobox', { name: 'Affected number (optional)' })).not.toBeRequired();
    expect(screen.getByText('Urgent')).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Suggested articles' })).toBeNull();
  });

  it('says what is missing before sending, and sends nothing until it is complete', async () => {
    await signInAs('client_admin', { partner_id: ids.partner, client_id: ids.client });
    const fetchMock = hub();
    renderApp('/portal/support/new');
    await screen.findByRole('option', { name: 'Message templates' });
    choose(/^Topic/, 'templates');
    fireEvent.click(screen.getByRole('button', { name: 'Open ticket' }));
    expect(await screen.findByText('Template name and language is required for Message templates.')).toBeInTheDocument();
    expect(screen.getByText('Choose the affected number: Message templates needs it.')).toBeInTheDocument();
    expect(screen.getByText('Give the ticket a subject.')).toBeInTheDocument();
    expect(screen.getByText('Describe the issue in at least 20 characters (0 so far).')).toBeInTheDocument();
    expect(await bodiesOf(fetchMock, 'POST /api/v2/support/tickets')).toEqual([]);
  });

  it('offers the open ticket on the same topic and number, and creates a new one only when asked', async () => {
    await signInAs('client_admin', { partner_id: ids.partner, client_id: ids.client });
    let calls = 0;
    const fetchMock = hub({
      'POST /api/v2/support/tickets': () =>
        ++calls === 1
          ? json(409, {
              meta: {
                http_code: 409,
                code: 'duplicate_open_ticket',
                developer_message: 'You already have an open ticket on this topic for this number (old1TK): continue there.',
                details: ['ticket_id: old1TK'],
              },
            })
          : json(201, { ticket: opened, keys_masked: 1, notice: 'We masked an API key in your text before storing it. Never share full API keys: revoke that key and create a new one.' }),
    });
    renderApp('/portal/support/new');
    await screen.findByRole('option', { name: 'Message templates' });
    await waitFor(() => expect(screen.getAllByRole('option').length).toBeGreaterThan(2));
    await fillTemplatesTicket();
    fireEvent.click(screen.getByRole('button', { name: 'Open ticket' }));

    const offer = await screen.findByRole('alert');
    expect(within(offer).getByText('You already have an open ticket on this')).toBeInTheDocument();
    expect(within(offer).getByRole('link', { name: 'Open ticket old1TK' })).toHaveAttribute('href', '/portal/support/old1TK');
    expect(screen.getByRole('button', { name: 'Open ticket' })).toBeDisabled();

    fireEvent.click(within(offer).getByRole('button', { name: 'Create a new ticket anyway' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/portal/support/t1TK'));
    const [first, second] = (await bodiesOf(fetchMock, 'POST /api/v2/support/tickets')) as Record<string, unknown>[];
    expect(first).toEqual({
      topic: 'templates',
      subject: 'Template rejected',
      description: 'Rejected twice, key phc_abc in the text.',
      language: 'en',
      channel_id: ids.channel,
      details: { template_name: 'order_confirmation (en)' },
    });
    expect(second).toEqual({ ...first, confirm_new: true });

    // The ticket page tells the requester the key was masked, and shows the due instant.
    expect(await screen.findByText(/We masked an API key in your text before storing it/)).toBeInTheDocument();
    expect(await screen.findByText(`(${utcText(minutesFromNow(30))})`)).toBeInTheDocument();
    expect(await screen.findByText('+4915112345001 · Bluebird Bakery')).toBeInTheDocument();
  });

  it('shows the server\'s refusal in words', async () => {
    await signInAs('partner_admin', { partner_id: ids.partner });
    hub({
      [`GET /api/v2/partners/${ids.partner}/channels`]: () => json(200, page('partner_channels', [runningChannel()])),
      'POST /api/v2/support/tickets': () =>
        json(422, {
          meta: { http_code: 422, code: 'validation_failed', developer_message: 'The request has invalid fields.', details: ['channel_id: no number with this id belongs to the requester'] },
        }),
    });
    renderApp('/partner/support/new');
    await screen.findByRole('option', { name: 'Message templates' });
    await waitFor(() => expect(screen.getAllByRole('option').length).toBeGreaterThan(2));
    await fillTemplatesTicket();
    fireEvent.click(screen.getByRole('button', { name: 'Open ticket' }));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('Some values are not valid:')).toBeInTheDocument();
    expect(within(alert).getByText('No number with this id belongs to the requester.')).toBeInTheDocument();
  });
});
