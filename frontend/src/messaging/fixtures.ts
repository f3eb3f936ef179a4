/** Fixtures of the messaging tests: simulated users, conversations and messages of the fixture channel, dated relative to NOW. */
import { ids } from '../test/fixtures';
import { hoursFromNow, minutesFromNow, secondsFromNow } from '../test/now';
import type { ChannelDelivery, ContactView, MessageView, SimulatedUser, UserConversation } from './api';

/** partnerChannel and portalChannel are the fixture channel's paths for partner staff and for client users. */
export const partnerChannel = `/api/v2/partners/${ids.partner}/clients/${ids.client}/channels/${ids.channel}`;
export const portalChannel = `/api/v2/clients/${ids.client}/channels/${ids.channel}`;

/** anaWaId is Ana's WhatsApp id: her Brazilian number without the ninth digit. */
export const anaWaId = '551187654321';

/** message is an outbound text, delivered a minute ago, with the changes. */
export function message(changes: Partial<MessageView> = {}): MessageView {
  return {
    id: 'wamid.1',
    direction: 'outbound',
    wa_id: anaWaId,
    type: 'text',
    summary: 'Your bread is ready.',
    category: 'service',
    billable: false,
    pricing_type: 'free_customer_service',
    status: 'delivered',
    created_at: minutesFromNow(-2),
    status_at: minutesFromNow(-1),
    delivered_at: minutesFromNow(-1),
    sent_by: { user_id: 'u-partner_admin', user_name: 'Ada Acme' },
    ...changes,
  };
}

/** anaMessages are a conversation with Ana, newest first as the list answers: a template read, her reply, a text delivered. */
export const anaMessages = (): MessageView[] => [
  message({ id: 'wamid.3', summary: 'See you at 8!', status: 'sent', created_at: secondsFromNow(-20), status_at: secondsFromNow(-20), delivered_at: null }),
  message({ id: 'wamid.2', direction: 'inbound', type: 'text', summary: 'Thanks, on my way', status: 'received', category: undefined, billable: undefined, pricing_type: undefined, sent_by: null, created_at: minutesFromNow(-1) }),
  message({
    id: 'wamid.1',
    type: 'template',
    summary: 'Template order_ready (en_US)',
    content: {
      name: 'order_ready',
      language: { code: 'en_US' },
      components: [
        { type: 'header', parameters: [{ type: 'text', text: '#1042' }] },
        { type: 'body', parameters: [{ type: 'text', text: 'Ana' }, { type: 'text', text: '8 am' }] },
      ],
    },
    template_name: 'order_ready',
    template_language: 'en_US',
    category: 'utility',
    billable: true,
    pricing_type: 'regular',
    status: 'read',
    created_at: hoursFromNow(-2),
    read_at: hoursFromNow(-1),
  }),
];

/** ana is the conversation with Ana: she wrote a minute ago, so the window is open for almost 24 hours. */
export const ana = (changes: Partial<ContactView> = {}): ContactView => ({
  wa_id: anaWaId,
  profile_name: 'Ana Souza',
  last_message_at: secondsFromNow(-20),
  last_inbound_at: secondsFromNow(-30),
  window_expires_at: secondsFromNow(24 * 3600 - 30),
  last_message: anaMessages()[0],
  ...changes,
});

/** emma is a conversation whose window closed: she last wrote two days ago. */
export const emma = (changes: Partial<ContactView> = {}): ContactView => ({
  wa_id: '4915112345678',
  profile_name: 'Emma Schmidt',
  last_message_at: hoursFromNow(-30),
  last_inbound_at: hoursFromNow(-48),
  window_expires_at: null,
  last_message: message({ id: 'wamid.9', wa_id: '4915112345678', summary: 'Your cake is ready.', created_at: hoursFromNow(-30) }),
  ...changes,
});

/** deliveries are the fixture channel's webhook deliveries: one delivered, one failing. */
export const deliveries = (): ChannelDelivery[] => [
  { id: 2, event: 'whatsapp.message_received', event_id: 'ev2', status: 'pending', attempts: 2, last_status_code: 500, last_error: 'receiver answered 500', next_attempt_at: minutesFromNow(1), created_at: minutesFromNow(-1) },
  { id: 1, event: 'whatsapp.message_status', event_id: 'ev1', status: 'delivered', attempts: 1, last_status_code: 200, delivered_at: minutesFromNow(-2), created_at: minutesFromNow(-2) },
];

/** simulatedUser is a directory user, Ana by default. */
export function simulatedUser(changes: Partial<SimulatedUser> = {}): SimulatedUser {
  return {
    id: 'su1',
    phone_number: '+5511987654321',
    wa_id: anaWaId,
    name: 'Ana Souza',
    on_whatsapp: true,
    reachable: true,
    blocks_business: false,
    read_receipts: true,
    language: 'pt_BR',
    seed: true,
    created_at: hoursFromNow(-72),
    ...changes,
  };
}

/** directory is a directory of four users that behave differently. */
export const directory = (): SimulatedUser[] => [
  simulatedUser(),
  simulatedUser({ id: 'su2', phone_number: '+905321234567', wa_id: '905321234567', name: 'Deniz Yılmaz', language: 'tr', reachable: false }),
  simulatedUser({ id: 'su3', phone_number: '+971501234567', wa_id: '971501234567', name: 'Farah Khan', language: 'ar', blocks_business: true }),
  simulatedUser({ id: 'su4', phone_number: '+5511976543210', wa_id: '5511976543210', name: 'Gustavo Pereira', on_whatsapp: false, reachable: false, read_receipts: false, seed: false }),
];

/** anaConversations are Ana's conversations: with the fixture channel (window open). */
export const anaConversations = (): UserConversation[] => [
  { ...ana(), channel_id: ids.channel, channel_phone_number: '+4915112345001', client_id: ids.client, client_name: 'Bluebird Bakery', partner_id: ids.partner },
];
