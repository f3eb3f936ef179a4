import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { bodiesOf, fakeServer, json, signInAs } from '../test/fakeServer';
import { hoursFromNow, minutesFromNow } from '../test/now';
import { renderApp } from '../test/renderApp';
import type { TicketDetail } from './api';
import { deliveryWords, problemWords, templateText } from './words';

const path = '/api/v2/support/tickets/w1TK';

function whatsAppTicket(changes: Partial<TicketDetail> = {}): TicketDetail {
  return {
    id: 'w1TK',
    subject: 'Webhook stopped',
    status: 'open',
    severity: 'standard',
    topic: 'other',
    source: 'whatsapp',
    language: 'de',
    partner_id: 'pPLPA',
    client_id: 'cPLCL',
    requester_kind: 'client',
    requester_user_id: 'uEmmaUS',
    plan: 'premium',
    package: 'premium',
    opened_at: hoursFromNow(-2),
    details: {},
    description: 'Webhook stopped\nNo events since 9:00.',
    timers: [],
    whatsapp: { wa_id: '4915112345678', name: 'Emma Schmidt', window_expires_at: hoursFromNow(22) },
    messages: [
      {
        id: 'm1',
        kind: 'public_reply',
        author_side: 'agent',
        author_user_id: 'a1US',
        body: 'We are looking into it.',
        created_at: minutesFromNow(-90),
        delivery: { message_id: 'wamid.A', status: 'read', status_at: minutesFromNow(-89) },
      },
      {
        id: 'm2',
        kind: 'public_reply',
        author_side: 'agent',
        author_user_id: 'a1US',
        body: 'Could you send the webhook URL?',
        created_at: minutesFromNow(-60),
        delivery: { message_id: 'wamid.B', status: 'failed', error: { code: 131026, title: 'Message undeliverable' }, status_at: minutesFromNow(-59) },
      },
      { id: 'm3', kind: 'public_reply', author_side: 'agent', author_user_id: 'a1US', body: 'Any news?', created_at: minutesFromNow(-30), delivery: { status: 'not_sent' } },
      {
        id: 'm4',
        kind: 'internal_note',
        author_side: 'system',
        body: 'This reply was not sent on WhatsApp: Account not registered (#133010).',
        created_at: minutesFromNow(-30),
      },
    ],
    ...changes,
  };
}

const staffRoutes = (current: () => TicketDetail, extra: Record<string, (request: Request) => Response | Promise<Response>> = {}) => ({
  [`GET ${path}`]: () => json(200, current()),
  'GET /api/v2/support/agents': () => json(200, { agents: [{ id: 'a1US', name: 'Ana Agent', languages: ['de'] }] }),
  'GET /api/v2/support/topics': () => json(200, { topics: [{ key: 'other', name: 'Other' }] }),
  ...extra,
});

describe('WhatsApp tickets', () => {
  it('show who wrote, the window, and how each reply fared; replies inside the window are free-form', async () => {
    await signInAs('support_agent');
    const fetchMock = fakeServer(staffRoutes(() => whatsAppTicket(), { [`POST ${path}/replies`]: () => json(200, { ticket: whatsAppTicket() }) }));
    renderApp('/operator/tickets/w1TK');
    expect(await screen.findByText('+4915112345678 · Emma Schmidt')).toBeInTheDocument();
    expect(screen.getByText(/^Free-form replies reach them until /)).toBeInTheDocument();
    const conversation = screen.getByRole('list', { name: 'Conversation' });
    const [read, failed, notSent] = within(conversation).getAllByLabelText('WhatsApp delivery');
    expect(read).toHaveTextContent('Read on WhatsApp');
    expect(failed).toHaveTextContent('Not delivered on WhatsApp');
    expect(failed).toHaveTextContent('WhatsApp could not deliver the message');
    expect(notSent).toHaveTextContent('Not sent on WhatsApp');
    expect(notSent).toHaveTextContent('the internal note below says why');

    fireEvent.change(screen.getByRole('textbox', { name: 'Reply to Emma Schmidt (sent on WhatsApp)' }), { target: { value: 'Fixed on our side.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send reply' }));
    await waitFor(async () => expect(await bodiesOf(fetchMock, `POST ${path}/replies`)).toEqual([{ body: 'Fixed on our side.' }]));
  });

  it('once the window has closed, support replies with a template and its parameters', async () => {
    await signInAs('support_agent');
    const closed = whatsAppTicket({ whatsapp: { wa_id: '4915112345678', name: 'Emma Schmidt', window_expires_at: undefined } });
    const fetchMock = fakeServer(
      staffRoutes(() => closed, {
        [`GET ${path}/whatsapp_templates`]: () =>
          json(200, {
            templates: [
              {
                name: 'support_follow_up',
                language: 'en',
                category: 'UTILITY',
                body: 'Hello {{1}}, we have an update on your support request {{2}}. Reply to this message to continue.',
                parameters: 2,
              },
            ],
          }),
        [`POST ${path}/replies`]: () => json(200, { ticket: closed }),
      }),
    );
    renderApp('/operator/tickets/w1TK');
    expect(await screen.findByText('Their 24-hour window is closed: replies go out as approved templates until they write again.')).toBeInTheDocument();
    expect(screen.getByText('Only templates reach Emma Schmidt now')).toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: /Reply to/ })).toBeNull();
    const form = screen.getByRole('form', { name: 'Reply with a template' });
    fireEvent.click(within(form).getByRole('button', { name: 'Send template' }));
    expect(await within(form).findByText('Choose a template.')).toBeInTheDocument();
    fireEvent.change(await within(form).findByRole('combobox', { name: 'Template' }), { target: { value: 'support_follow_up|en' } });
    fireEvent.change(within(form).getByRole('textbox', { name: 'Parameter {{1}}' }), { target: { value: 'Emma' } });
    expect(within(form).getByLabelText('What the user receives')).toHaveTextContent('Hello Emma, we have an update on your support request {{2}}.');
    fireEvent.click(within(form).getByRole('button', { name: 'Send template' }));
    expect(await within(form).findByText('Fill in parameter {{2}}.')).toBeInTheDocument();
    fireEvent.change(within(form).getByRole('textbox', { name: 'Parameter {{2}}' }), { target: { value: ' w1TK ' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Send template' }));
    await waitFor(async () =>
      expect(await bodiesOf(fetchMock, `POST ${path}/replies`)).toEqual([
        { whatsapp_template: { name: 'support_follow_up', language: 'en', parameters: ['Emma', 'w1TK'] } },
      ]),
    );
  });

  it('a free-form reply refused because the window just closed is said in words', async () => {
    await signInAs('support_agent');
    fakeServer(
      staffRoutes(() => whatsAppTicket(), {
        [`POST ${path}/replies`]: () =>
          json(422, {
            meta: { success: false, http_code: 422, code: 'whatsapp_window_closed', developer_message: 'The WhatsApp user last wrote more than 24 hours ago.' },
          }),
      }),
    );
    renderApp('/operator/tickets/w1TK');
    fireEvent.change(await screen.findByRole('textbox', { name: 'Reply to Emma Schmidt (sent on WhatsApp)' }), { target: { value: 'Hello?' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send reply' }));
    expect(await screen.findByText(/WhatsApp delivers only approved templates to them now\. Send the reply as a template/)).toBeInTheDocument();
  });
});

describe('WhatsApp words', () => {
  it('fill templates, name delivery failures and template problems', () => {
    expect(templateText('Hi {{1}}, about {{ 2 }}.', ['Ana', ''])).toBe('Hi Ana, about {{ 2 }}.');
    expect(deliveryWords({ status: 'delivered' }, true)).toBe('');
    expect(deliveryWords({ status: 'not_sent' }, false)).toBe('This reply could not be sent on WhatsApp.');
    expect(deliveryWords({ status: 'failed', error: { code: 999999, title: 'Something odd' } }, true)).toBe('WhatsApp refused it: Something odd.');
    expect(problemWords('whatsapp_template.parameters[1]: is required')).toBe('Template parameter 2 is required.');
    expect(problemWords('whatsapp_template.parameters: the template support_follow_up takes 2 parameters, not 1')).toBe(
      'The template support_follow_up takes 2 parameters, not 1.',
    );
  });
});
