import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Channel } from '../channels/api';
import { orderUpdate, partnerBase as partnerTemplates, portalBase as portalTemplates, springSale } from '../templates/fixtures';
import { bakeryProfile, ids, page, runningChannel } from '../test/fixtures';
import { bodiesOf, fakeServer, json, queriesOf, signInAs } from '../test/fakeServer';
import { renderApp } from '../test/renderApp';
import type { ContactView, MessageView } from './api';
import { ana, anaMessages, anaWaId, deliveries, emma, message, partnerChannel, portalChannel } from './fixtures';
import { messagingRefreshMs } from './TestMessagingPanel';

type Routes = Record<string, (request: Request) => Response | Promise<Response>>;

/** hub is a fake hub holding the fixture channel with its conversations, reachable by partner staff and by its client's users. */
function hub(state: { contacts: () => ContactView[]; messages: (waId: string) => MessageView[] }, extra: Routes = {}, channel: Channel = runningChannel()) {
  const routes: Routes = {
    [`GET /api/v2/partners/${ids.partner}/channels/${ids.channel}`]: () => json(200, channel),
    [`GET ${portalChannel}`]: () => json(200, channel),
    [`GET /api/v2/partners/${ids.partner}/channels/${ids.channel}/api_keys`]: () => json(200, { api_keys: [] }),
    [`GET ${portalChannel}/api_keys`]: () => json(200, { api_keys: [] }),
    [`GET ${partnerTemplates}`]: () => json(200, page('waba_templates', [orderUpdate()])),
    [`GET ${portalTemplates}`]: () => json(200, page('waba_templates', [orderUpdate()])),
  };
  for (const base of [partnerChannel, portalChannel]) {
    routes[`GET ${base}/profile`] = () => json(200, bakeryProfile);
    routes[`GET ${base}/webhook`] = () => json(200, { url: 'https://hooks.bluebird.example/wa' });
    routes[`GET ${base}/conversations`] = () => json(200, page('conversations', state.contacts()));
    routes[`GET ${base}/webhook_deliveries`] = () => json(200, page('webhook_deliveries', deliveries()));
    for (const contact of [ana(), emma(), { wa_id: '4930123456789' }, { wa_id: '5511912345678' }]) {
      routes[`GET ${base}/conversations/${contact.wa_id}/messages`] = () => json(200, page('messages', state.messages(contact.wa_id)));
    }
  }
  return fakeServer({ ...routes, ...extra });
}

const fixedState = () => ({ contacts: () => [ana(), emma()], messages: (waId: string) => (waId === anaWaId ? anaMessages() : []) });

async function openPanel(path = `/partner/channels/${ids.channel}`) {
  renderApp(path);
  fireEvent.click(await screen.findByRole('button', { name: 'Open test messaging' }));
  return screen.findByRole('list', { name: 'Conversations' });
}

const conversationWith = (name: string) => screen.findByRole('region', { name: `Conversation with ${name}` });

describe('test messaging on a number’s page', () => {
  it('lists the conversations by name, and shows one oldest first with its ticks, prices and window', async () => {
    await signInAs('partner_admin', { partner_id: ids.partner });
    hub(fixedState());
    const list = await openPanel();
    const anaLink = await within(list).findByRole('button', { name: `Ana Souza +${anaWaId}` });
    expect(anaLink).toHaveTextContent('Window open');
    expect(within(list).getByRole('button', { name: 'Emma Schmidt +4915112345678' })).toHaveTextContent('Window closed');

    fireEvent.click(anaLink);
    const pane = await conversationWith('Ana Souza');
    expect(within(pane).getByText(`+${anaWaId}`)).toBeInTheDocument();
    expect(within(pane).getByTestId('window')).toHaveTextContent(/^Window open · 23 h 59 min left/);
    const bubbles = await within(pane).findAllByRole('listitem');
    // Oldest first: the template, Ana's reply, the latest text.
    expect(bubbles.map((bubble) => bubble.getAttribute('data-message-id'))).toEqual(['wamid.1', 'wamid.2', 'wamid.3']);
    const [template, reply, text] = bubbles;
    expect(template).toHaveTextContent('Template order_ready (en_US)');
    expect(within(template).getByTestId('values')).toHaveTextContent('Values: #1042 · Ana · 8 am');
    expect(within(template).getByTestId('status')).toHaveTextContent('✓✓Read');
    expect(within(template).getByTestId('status')).toHaveAttribute('data-status', 'read');
    expect(template).toHaveTextContent('Utility · Charged · sent by Ada Acme');
    expect(within(reply).getByTestId('status')).toHaveTextContent('Received');
    expect(reply).toHaveAttribute('data-direction', 'inbound');
    expect(within(text).getByTestId('status')).toHaveTextContent('✓Sent');
    // The window is open: the composer starts on text.
    expect(within(pane).getByRole('button', { name: 'Send text' })).toBeInTheDocument();
  });

  it('shows a failed message with its reason in words, and delivered ones with two ticks', async () => {
    await signInAs('partner_member', { partner_id: ids.partner });
    hub({
      contacts: () => [emma()],
      messages: () => [
        message({
          id: 'wamid.f',
          wa_id: '4915112345678',
          status: 'failed',
          error: { code: 131047, title: 'Re-engagement message', details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.' },
        }),
        message({ id: 'wamid.d', wa_id: '4915112345678', status: 'delivered', created_at: '2026-01-01T00:00:00Z' }),
        message({ id: 'wamid.x', wa_id: '4915112345678', status: 'failed', error: { code: 999999, title: 'Something new' }, created_at: '2026-01-01T00:00:00Z' }),
      ],
    });
    const list = await openPanel();
    fireEvent.click(await within(list).findByRole('button', { name: /^Emma Schmidt/ }));
    const pane = await conversationWith('Emma Schmidt');
    expect(within(pane).getByTestId('window')).toHaveTextContent('Window closed: only templates reach this user');
    const failed = (await within(pane).findAllByRole('listitem')).find((bubble) => bubble.getAttribute('data-message-id') === 'wamid.f')!;
    expect(within(failed).getByTestId('status')).toHaveTextContent('✕Failed');
    expect(within(failed).getByTestId('failure')).toHaveTextContent(/^More than 24 hours have passed since the user last wrote, so only a template can reach them now\./);
    expect(within(failed).getByTestId('failure')).toHaveTextContent('WhatsApp says: Message failed to send because more than 24 hours');
    // A code without words of its own keeps Meta's title.
    expect(within(pane).getByText('WhatsApp refused it: Something new.')).toBeInTheDocument();
    const delivered = within(pane).getAllByTestId('status').find((status) => status.getAttribute('data-status') === 'delivered')!;
    expect(delivered).toHaveTextContent('✓✓Delivered');
    // The window is closed: the composer starts on templates.
    expect(within(pane).getByRole('button', { name: 'Send template' })).toBeInTheDocument();
  });

  it('sends a text to a conversation and shows its status change without a reload', async () => {
    await signInAs('partner_admin', { partner_id: ids.partner });
    let sent: MessageView[] = [];
    const fetchMock = hub(
      { contacts: () => [ana()], messages: (waId) => (waId === anaWaId ? [...sent, ...anaMessages()] : []) },
      {
        [`POST ${partnerChannel}/test_messages`]: async (request) => {
          const body = await request.json();
          sent = [message({ id: 'wamid.new', summary: body.text.body, status: 'sent', created_at: new Date().toISOString(), delivered_at: null })];
          return json(200, { messaging_product: 'whatsapp', contacts: [{ input: anaWaId, wa_id: anaWaId }], messages: [{ id: 'wamid.new' }] });
        },
      },
    );
    const list = await openPanel();
    fireEvent.click(await within(list).findByRole('button', { name: /^Ana Souza/ }));
    const pane = await conversationWith('Ana Souza');
    fireEvent.change(within(pane).getByRole('textbox', { name: 'Message' }), { target: { value: 'Your rolls are warm.' } });
    fireEvent.click(within(pane).getByRole('button', { name: 'Send text' }));
    await waitFor(() => expect(within(pane).getByText('Your rolls are warm.')).toBeInTheDocument());
    expect(await bodiesOf(fetchMock, `POST ${partnerChannel}/test_messages`)).toEqual([
      { messaging_product: 'whatsapp', recipient_type: 'individual', to: anaWaId, type: 'text', text: { body: 'Your rolls are warm.' } },
    ]);
    expect(within(pane).getByRole('textbox', { name: 'Message' })).toHaveValue('');
    const newest = () => within(pane).getAllByRole('listitem').at(-1)!;
    expect(within(newest()).getByTestId('status')).toHaveTextContent('Sent');
    // The simulator delivers it; the open panel follows by itself.
    sent = [{ ...sent[0], status: 'delivered', delivered_at: new Date().toISOString() }];
    await waitFor(() => expect(within(newest()).getByTestId('status')).toHaveTextContent('✓✓Delivered'), { timeout: messagingRefreshMs * 3 });
  });

  it('writes to a typed number with an approved template and its values, previewed as they go out', async () => {
    await signInAs('partner_admin', { partner_id: ids.partner });
    const fetchMock = hub(fixedState(), {
      [`GET ${partnerTemplates}`]: () => json(200, page('waba_templates', [orderUpdate(), springSale()])),
      [`POST ${partnerChannel}/test_messages`]: () =>
        json(200, { messaging_product: 'whatsapp', contacts: [{ input: '+4930123456789', wa_id: '4930123456789' }], messages: [{ id: 'wamid.t', message_status: 'accepted' }] }),
    });
    await openPanel();
    fireEvent.change(screen.getByLabelText('Phone number'), { target: { value: '12' } });
    fireEvent.click(screen.getByRole('button', { name: 'Write' }));
    expect(await screen.findByText('Enter a phone number in international format, like +49 151 12345678.')).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('Phone number'), { target: { value: '+49 30 123456789' } });
    fireEvent.click(screen.getByRole('button', { name: 'Write' }));
    const pane = await conversationWith('+4930123456789');
    expect(within(pane).getByTestId('window')).toHaveTextContent('Window closed: only templates reach this user');
    expect(within(pane).getByText(/The window opens for 24 hours each time the user writes to this number/)).toBeInTheDocument();

    // Only approved templates are offered.
    const picker = await within(pane).findByRole('combobox', { name: 'Template' });
    await within(picker).findByRole('option', { name: 'order_update · English (US)' });
    expect(within(picker).queryByRole('option', { name: /spring_sale/ })).toBeNull();
    fireEvent.click(within(pane).getByRole('button', { name: 'Send template' }));
    expect(await within(pane).findByText('Header {{1}} is required.')).toBeInTheDocument();
    fireEvent.change(within(pane).getByLabelText('Header {{1}}'), { target: { value: '#77' } });
    fireEvent.change(within(pane).getByLabelText('Body {{1}}'), { target: { value: 'Jonas' } });
    fireEvent.change(within(pane).getByLabelText('Body {{2}}'), { target: { value: 'tomorrow' } });
    fireEvent.change(within(pane).getByLabelText('Button “Open” link {{1}}'), { target: { value: '77' } });
    expect(within(pane).getByTestId('preview-header')).toHaveTextContent('Order #77');
    expect(within(pane).getByTestId('preview-body')).toHaveTextContent('Hi Jonas, your order ships tomorrow.');
    fireEvent.click(within(pane).getByRole('button', { name: 'Send template' }));
    await waitFor(async () => expect(await bodiesOf(fetchMock, `POST ${partnerChannel}/test_messages`)).toHaveLength(1));
    expect(await bodiesOf(fetchMock, `POST ${partnerChannel}/test_messages`)).toEqual([
      {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: '+4930123456789',
        type: 'template',
        template: {
          name: 'order_update',
          language: { code: 'en_US' },
          components: [
            { type: 'header', parameters: [{ type: 'text', text: '#77' }] },
            { type: 'body', parameters: [{ type: 'text', text: 'Jonas' }, { type: 'text', text: 'tomorrow' }] },
            { type: 'button', sub_type: 'url', index: '1', parameters: [{ type: 'text', text: '77' }] },
          ],
        },
      },
    ]);
    // The conversation is then read under the WhatsApp id the answer named.
    await waitFor(() => expect(queriesOf(fetchMock, `GET ${partnerChannel}/conversations/4930123456789/messages`).length).toBeGreaterThan(0));
  });

  it('puts a refusal of the Cloud API in words, with what WhatsApp said', async () => {
    await signInAs('partner_admin', { partner_id: ids.partner });
    hub(fixedState(), {
      [`POST ${partnerChannel}/test_messages`]: () =>
        json(422, {
          meta: {
            success: false,
            http_code: 422,
            code: 'whatsapp_template_parameter_count',
            developer_message: 'Number of parameters does not match the expected number of params (#132000): body: number of localizable_params (1) does not match the expected number of params (2)',
          },
        }),
    });
    const list = await openPanel();
    fireEvent.click(await within(list).findByRole('button', { name: /^Ana Souza/ }));
    const pane = await conversationWith('Ana Souza');
    fireEvent.change(within(pane).getByRole('textbox', { name: 'Message' }), { target: { value: 'Hello' } });
    fireEvent.click(within(pane).getByRole('button', { name: 'Send text' }));
    const alert = await within(pane).findByRole('alert');
    expect(alert).toHaveTextContent('Not sent');
    expect(alert).toHaveTextContent('The number of values does not match the template: fill in exactly one value for each {{1}}, {{2}}, … of the template.');
    expect(alert).toHaveTextContent('WhatsApp says: Number of parameters does not match the expected number of params (#132000): body: number of localizable_params (1)');
    // What was typed stays, to be sent again.
    expect(within(pane).getByRole('textbox', { name: 'Message' })).toHaveValue('Hello');
  });

  it('shows the number’s webhook deliveries with their attempts and last answer', async () => {
    await signInAs('partner_admin', { partner_id: ids.partner });
    const fetchMock = hub(fixedState());
    await openPanel();
    const table = await screen.findByRole('table', { name: 'Webhook deliveries of this number' });
    const received = (await within(table).findByText('Message received')).closest('tr')!;
    expect(within(received).getByText('Pending')).toBeInTheDocument();
    expect(received).toHaveTextContent('2 attempts');
    expect(received).toHaveTextContent('HTTP 500');
    const status = within(table).getByText('Message status').closest('tr')!;
    expect(within(status).getByText('Delivered')).toBeInTheDocument();
    expect(status).toHaveTextContent('1 attempt');
    expect(queriesOf(fetchMock, `GET ${partnerChannel}/webhook_deliveries`).at(-1)).toEqual({ limit: '20', offset: '0', sort: '-created_at' });
  });

  it('loads nothing until opened, and stops when closed', async () => {
    await signInAs('partner_admin', { partner_id: ids.partner });
    const fetchMock = hub(fixedState());
    renderApp(`/partner/channels/${ids.channel}`);
    const open = await screen.findByRole('button', { name: 'Open test messaging' });
    expect(queriesOf(fetchMock, `GET ${partnerChannel}/conversations`)).toHaveLength(0);
    fireEvent.click(open);
    await screen.findByRole('button', { name: /^Ana Souza/ });
    fireEvent.click(screen.getByRole('button', { name: 'Close test messaging' }));
    const loads = queriesOf(fetchMock, `GET ${partnerChannel}/conversations`).length;
    await new Promise((done) => setTimeout(done, messagingRefreshMs + 500));
    expect(queriesOf(fetchMock, `GET ${partnerChannel}/conversations`)).toHaveLength(loads);
  });

  it('a number that is not running cannot send', async () => {
    await signInAs('partner_admin', { partner_id: ids.partner });
    hub(fixedState(), {}, runningChannel({ status: 'ready' }));
    const list = await openPanel();
    fireEvent.click(await within(list).findByRole('button', { name: /^Ana Souza/ }));
    const pane = await conversationWith('Ana Souza');
    expect(within(pane).getByText('This number is not running, so it cannot send messages.')).toBeInTheDocument();
    expect(within(pane).queryByRole('button', { name: /^Send/ })).toBeNull();
  });
});

describe('test messaging in the client portal', () => {
  it('uses the client’s own routes', async () => {
    await signInAs('client_member', { client_id: ids.client });
    const fetchMock = hub(fixedState(), {
      [`POST ${portalChannel}/test_messages`]: () => json(200, { messaging_product: 'whatsapp', contacts: [{ input: '+5511912345678', wa_id: '5511912345678' }], messages: [{ id: 'wamid.p' }] }),
    });
    await openPanel(`/portal/numbers/${ids.channel}`);
    fireEvent.change(screen.getByLabelText('Phone number'), { target: { value: '+55 11 91234-5678' } });
    fireEvent.click(screen.getByRole('button', { name: 'Write' }));
    const pane = await conversationWith('+5511912345678');
    fireEvent.change(await within(pane).findByLabelText('Header {{1}}'), { target: { value: '#1' } });
    fireEvent.change(within(pane).getByLabelText('Body {{1}}'), { target: { value: 'Lu' } });
    fireEvent.change(within(pane).getByLabelText('Body {{2}}'), { target: { value: 'now' } });
    fireEvent.change(within(pane).getByLabelText('Button “Open” link {{1}}'), { target: { value: '1' } });
    fireEvent.click(within(pane).getByRole('button', { name: 'Send template' }));
    await waitFor(async () => expect(await bodiesOf(fetchMock, `POST ${portalChannel}/test_messages`)).toHaveLength(1));
    expect(queriesOf(fetchMock, `GET ${portalChannel}/conversations`).length).toBeGreaterThan(0);
    expect(queriesOf(fetchMock, `GET ${portalTemplates}`).at(-1)).toEqual({ limit: '1000', sort: 'name', filters: '{"status":"approved"}' });
  });
});
