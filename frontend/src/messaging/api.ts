/**
 * The messaging sandbox calls: a number's conversations, their messages, test messages sent from
 * the hub and the number's Messaging API webhook deliveries (for partner staff through their
 * partner, for client users through their client), and the operator's simulated WhatsApp users,
 * their conversations and messages written as one of them.
 *
 * The generated schema does not describe these routes yet, so their types are written here by
 * hand, in the generated schema's shape (MessagingPaths), and the calls go through the same client
 * (session, renewal) as every other call. Once the schema has the routes, `messagingApi` becomes
 * `api` and the types below become the schema's.
 */
import type { Client } from 'openapi-fetch';
import { ApiError, toApiError, unwrap } from '../api/client';
import { api } from '../app/session';
import type { ChannelOwner } from '../channels/api';
import { listParams, type ListParams, type ListQuery } from '../ui/listQuery';
import { messagingCodeWords, metaErrorWords } from './words';

// ---- Views

/** UserRef names the person who did something. */
export interface UserRef {
  user_id?: string;
  user_name?: string;
}

/** MessageError is why a message failed: Meta's code, its title and details. */
export interface MessageError {
  code?: number;
  title?: string;
  details?: string;
}

export const messageStatuses = ['sent', 'delivered', 'read', 'failed', 'received'] as const;

/** MessageStatus is where a message stands: sent, delivered and read (or failed) going out, received coming in. */
export type MessageStatus = (typeof messageStatuses)[number];

/** MessageView is one message of a conversation, outbound (the business wrote) or inbound (the user wrote). */
export interface MessageView {
  id: string;
  direction: 'outbound' | 'inbound';
  wa_id: string;
  type: string;
  /** content is the message's object in the Cloud API's shape ({body} for text, the template, …). */
  content?: Record<string, unknown> | null;
  /** summary is the message in words: its text, caption, "Template order_ready (en_US)", "📍 Location", … */
  summary?: string;
  template_name?: string;
  template_language?: string;
  category?: string;
  billable?: boolean;
  pricing_type?: string;
  status: MessageStatus;
  error?: MessageError | null;
  created_at: string;
  status_at?: string;
  delivered_at?: string | null;
  read_at?: string | null;
  sent_by?: UserRef | null;
}

/** ContactView is one WhatsApp user a number talks to, with the customer-service window. */
export interface ContactView {
  wa_id: string;
  profile_name?: string;
  last_message_at?: string;
  last_inbound_at?: string | null;
  /** window_expires_at is when the 24-hour customer-service window closes; absent when it is closed. */
  window_expires_at?: string | null;
  last_message?: MessageView | null;
}

/** UserConversation is a simulated user's conversation with one number: the contact, and which number and client it is. */
export interface UserConversation extends ContactView {
  channel_id: string;
  channel_phone_number?: string;
  client_id?: string;
  client_name?: string;
  partner_id?: string;
}

/** ChannelDelivery is one event on its way to the number's webhook, in the partner delivery log's shape. */
export interface ChannelDelivery {
  id?: number;
  event?: string;
  event_id?: string;
  status?: 'pending' | 'delivered' | 'failed';
  attempts?: number;
  last_status_code?: number;
  last_error?: string;
  next_attempt_at?: string;
  delivered_at?: string;
  failed_at?: string;
  created_at?: string;
}

/** SimulatedUser is one WhatsApp user of the provider simulator's directory, and how they behave. */
export interface SimulatedUser {
  id: string;
  phone_number: string;
  wa_id: string;
  name: string;
  on_whatsapp: boolean;
  reachable: boolean;
  blocks_business: boolean;
  read_receipts: boolean;
  language: string;
  /** seed says the user is one of the simulator's examples: deleted, it comes back when the hub restarts. */
  seed?: boolean;
  created_at?: string;
}

/** NewSimulatedUser is what creating a simulated user sends; drop_ninth_digit gives a Brazilian mobile a WhatsApp id without its ninth digit. */
export interface NewSimulatedUser {
  phone_number: string;
  name: string;
  language?: string;
  on_whatsapp?: boolean;
  reachable?: boolean;
  blocks_business?: boolean;
  read_receipts?: boolean;
  drop_ninth_digit?: boolean;
}

/** SimulatedUserChanges is an edit of a simulated user: only the fields sent change. */
export type SimulatedUserChanges = Partial<Omit<SimulatedUser, 'id' | 'phone_number' | 'wa_id' | 'seed' | 'created_at'>>;

// ---- Cloud API bodies

/** TemplateParameter is one value of a template component. */
export interface TemplateParameter {
  type: 'text' | 'image' | 'video' | 'document';
  text?: string;
  image?: { link: string };
  video?: { link: string };
  document?: { link: string };
}

/** TemplateComponentValues fills one component's parameters (header, body, or the button at index). */
export interface TemplateComponentValues {
  type: 'header' | 'body' | 'button';
  sub_type?: 'url';
  index?: string;
  parameters: TemplateParameter[];
}

/** SendRequest is the Cloud API's send body, as the test messages take it: a text or a template. */
export type SendRequest =
  | { messaging_product: 'whatsapp'; recipient_type?: 'individual'; to: string; type: 'text'; text: { body: string; preview_url?: boolean } }
  | {
      messaging_product: 'whatsapp';
      recipient_type?: 'individual';
      to: string;
      type: 'template';
      template: { name: string; language: { code: string }; components?: TemplateComponentValues[] };
    };

/** SendAnswer is the Cloud API's answer to a send: the recipient as sent and as WhatsApp knows it, and the message id. */
export interface SendAnswer {
  messaging_product?: string;
  contacts?: { input?: string; wa_id?: string }[];
  messages?: { id?: string; message_status?: string }[];
}

/** InboundMessage is what a simulated user writes to a number: a text, a reply button, an interactive reply or a location. */
export type InboundMessage = { from: string; name?: string } & (
  | { type: 'text'; text: { body: string } }
  | { type: 'button'; button: { payload: string; text: string } }
  | { type: 'interactive'; interactive: { type: 'button_reply'; button_reply: { id: string; title: string } } }
  | { type: 'location'; location: { latitude: number; longitude: number; name?: string; address?: string } }
);

/** MetaErrorBody is the Messaging API's error shape. */
export interface MetaErrorBody {
  error?: { message?: string; type?: string; code?: number; error_data?: { messaging_product?: string; details?: string }; fbtrace_id?: string };
}

// ---- The routes, in the generated schema's shape

/** Page is the list envelope every list answers with, the items under key. */
export type Page<Key extends string, Item> = { count?: number; total?: number; limit?: number; offset?: number } & { [K in Key]?: Item[] };

type Json<T> = { headers: { [name: string]: unknown }; content: { 'application/json': T } };
type Params<Path, Query = never> = { query?: Query; header?: never; path: Path; cookie?: never };
type Read<Path, Answer, Query = ListParams> = { parameters: Params<Path, Query>; requestBody?: never; responses: { 200: Json<Answer> } };
type Write<Path, Body, Answer> = {
  parameters: Params<Path>;
  requestBody: { content: { 'application/json': Body } };
  responses: { 200: Json<Answer>; 201: Json<Answer>; default: Json<unknown> };
};
type Remove<Path> = { parameters: Params<Path>; requestBody?: never; responses: { 200: Json<unknown>; 204: { headers: { [name: string]: unknown }; content?: never } } };

type PartnerChannel = { partner_id: string; client_id: string; channel_id: string };
type ClientChannel = { client_id: string; channel_id: string };
type PartnerChat = PartnerChannel & { wa_id: string };
type ClientChat = ClientChannel & { wa_id: string };

/** MessagingPaths are the messaging routes as the generated schema will describe them. */
interface MessagingPaths {
  '/api/v2/partners/{partner_id}/clients/{client_id}/channels/{channel_id}/conversations': { get: Read<PartnerChannel, Page<'conversations', ContactView>> };
  '/api/v2/clients/{client_id}/channels/{channel_id}/conversations': { get: Read<ClientChannel, Page<'conversations', ContactView>> };
  '/api/v2/partners/{partner_id}/clients/{client_id}/channels/{channel_id}/conversations/{wa_id}/messages': { get: Read<PartnerChat, Page<'messages', MessageView>> };
  '/api/v2/clients/{client_id}/channels/{channel_id}/conversations/{wa_id}/messages': { get: Read<ClientChat, Page<'messages', MessageView>> };
  '/api/v2/partners/{partner_id}/clients/{client_id}/channels/{channel_id}/test_messages': { post: Write<PartnerChannel, SendRequest, SendAnswer> };
  '/api/v2/clients/{client_id}/channels/{channel_id}/test_messages': { post: Write<ClientChannel, SendRequest, SendAnswer> };
  '/api/v2/partners/{partner_id}/clients/{client_id}/channels/{channel_id}/webhook_deliveries': { get: Read<PartnerChannel, Page<'webhook_deliveries', ChannelDelivery>> };
  '/api/v2/clients/{client_id}/channels/{channel_id}/webhook_deliveries': { get: Read<ClientChannel, Page<'webhook_deliveries', ChannelDelivery>> };
  '/api/v2/operator/simulator/users': {
    get: Read<Record<string, never>, Page<'users', SimulatedUser>>;
    post: Write<Record<string, never>, NewSimulatedUser, SimulatedUser>;
  };
  '/api/v2/operator/simulator/users/{user_id}': { patch: Write<{ user_id: string }, SimulatedUserChanges, SimulatedUser>; delete: Remove<{ user_id: string }> };
  '/api/v2/operator/simulator/users/{user_id}/conversations': { get: Read<{ user_id: string }, Page<'conversations', UserConversation>> };
  '/api/v2/operator/simulator/channels/{channel_id}/inbound': { post: Write<{ channel_id: string }, InboundMessage, MessageView> };
}

// The same client as every other call (the session's token, renewal on 401), typed for the routes above.
const messagingApi = api as unknown as Client<MessagingPaths>;

// ---- Meta's errors

/** MetaError is a send Meta's side refused: its numeric code, in words (see words.ts), with Meta's own details. */
export class MetaError extends ApiError {
  constructor(
    message: string,
    status: number,
    details: string[],
    /** metaCode is Meta's numeric error code, e.g. 131047. */
    readonly metaCode: number,
    /** title is Meta's own short sentence for the code. */
    readonly title: string,
  ) {
    super(message, status, details, String(metaCode));
  }
}

/**
 * toSendError puts a refused send in words. The hub's routes answer a refusal of the Cloud API in
 * the hub's envelope with a whatsapp_… code (words in messagingCodeWords), the server's sentence
 * (Meta's title, code and details) kept as a detail; the Messaging API's own shape (Meta's error
 * object) is read too, by Meta's code.
 */
export function toSendError(body: unknown, response: Response): ApiError {
  const meta = (body as MetaErrorBody | undefined)?.error;
  if (meta && typeof meta.code === 'number') {
    // Meta writes its message as "(#131047) Re-engagement message".
    const title = (meta.message ?? '').replace(/^\(#\d+\)\s*/, '');
    const details = meta.error_data?.details ? [meta.error_data.details] : [];
    return new MetaError(metaErrorWords(meta.code, title), response.status, details, meta.code, title);
  }
  const error = toApiError(body, response);
  const words = error.code && Object.hasOwn(messagingCodeWords, error.code) ? messagingCodeWords[error.code as keyof typeof messagingCodeWords] : undefined;
  if (!words) return error;
  const said = error.generic || response.status === 429 ? [] : [`WhatsApp says: ${error.message}`];
  return new ApiError(words, error.status, [...said, ...error.details], error.code, error.retryAfter);
}

// ---- The number's conversations

const viaPartner = (owner: ChannelOwner): owner is { partnerId: string; clientId: string } => owner.partnerId !== undefined;
const partnerParams = (owner: { partnerId: string; clientId: string }, channelId: string) => ({ partner_id: owner.partnerId, client_id: owner.clientId, channel_id: channelId });
const clientParams = (owner: ChannelOwner, channelId: string) => ({ client_id: owner.clientId, channel_id: channelId });

/** listConversations pages through the users a number talks to, the latest conversation first. */
export const listConversations = (owner: ChannelOwner, channelId: string, query: ListQuery) =>
  viaPartner(owner)
    ? unwrap(messagingApi.GET('/api/v2/partners/{partner_id}/clients/{client_id}/channels/{channel_id}/conversations', { params: { path: partnerParams(owner, channelId), query: listParams(query) } }))
    : unwrap(messagingApi.GET('/api/v2/clients/{client_id}/channels/{channel_id}/conversations', { params: { path: clientParams(owner, channelId), query: listParams(query) } }));

/** listMessages pages through the messages of one conversation, oldest first unless query sorts otherwise. */
export const listMessages = (owner: ChannelOwner, channelId: string, waId: string, query: ListQuery) =>
  viaPartner(owner)
    ? unwrap(
        messagingApi.GET('/api/v2/partners/{partner_id}/clients/{client_id}/channels/{channel_id}/conversations/{wa_id}/messages', {
          params: { path: { ...partnerParams(owner, channelId), wa_id: waId }, query: listParams(query) },
        }),
      )
    : unwrap(
        messagingApi.GET('/api/v2/clients/{client_id}/channels/{channel_id}/conversations/{wa_id}/messages', {
          params: { path: { ...clientParams(owner, channelId), wa_id: waId }, query: listParams(query) },
        }),
      );

/**
 * sendTestMessage sends a message from the number as the signed-in person. A refusal in Meta's
 * shape becomes a MetaError in words; the message may still fail later (its status says why).
 */
export async function sendTestMessage(owner: ChannelOwner, channelId: string, message: SendRequest): Promise<SendAnswer> {
  const { data, error, response } = viaPartner(owner)
    ? await messagingApi.POST('/api/v2/partners/{partner_id}/clients/{client_id}/channels/{channel_id}/test_messages', { params: { path: partnerParams(owner, channelId) }, body: message })
    : await messagingApi.POST('/api/v2/clients/{client_id}/channels/{channel_id}/test_messages', { params: { path: clientParams(owner, channelId) }, body: message });
  if (!response.ok) throw toSendError(error, response);
  return data as SendAnswer;
}

/** listChannelDeliveries pages through the number's webhook deliveries, newest first unless query sorts otherwise. */
export const listChannelDeliveries = (owner: ChannelOwner, channelId: string, query: ListQuery) =>
  viaPartner(owner)
    ? unwrap(messagingApi.GET('/api/v2/partners/{partner_id}/clients/{client_id}/channels/{channel_id}/webhook_deliveries', { params: { path: partnerParams(owner, channelId), query: listParams(query) } }))
    : unwrap(messagingApi.GET('/api/v2/clients/{client_id}/channels/{channel_id}/webhook_deliveries', { params: { path: clientParams(owner, channelId), query: listParams(query) } }));

// ---- The operator's simulated users

/** listSimulatedUsers pages through the simulator's directory; query.q finds part of a name, number or WhatsApp ID. */
export const listSimulatedUsers = (query: ListQuery) => {
  const q = query.q?.trim();
  const filters = q ? { ...query.filters, q } : query.filters;
  return unwrap(messagingApi.GET('/api/v2/operator/simulator/users', { params: { path: {}, query: listParams({ ...query, filters }) } }));
};

export const createSimulatedUser = (user: NewSimulatedUser) =>
  unwrap(messagingApi.POST('/api/v2/operator/simulator/users', { params: { path: {} }, body: user }));

export const updateSimulatedUser = (userId: string, changes: SimulatedUserChanges) =>
  unwrap(messagingApi.PATCH('/api/v2/operator/simulator/users/{user_id}', { params: { path: { user_id: userId } }, body: changes }));

export const deleteSimulatedUser = (userId: string) =>
  unwrap(messagingApi.DELETE('/api/v2/operator/simulator/users/{user_id}', { params: { path: { user_id: userId } } }));

/** listUserConversations lists a simulated user's conversations with every number, the latest first. */
export const listUserConversations = (userId: string, query: ListQuery) =>
  unwrap(messagingApi.GET('/api/v2/operator/simulator/users/{user_id}/conversations', { params: { path: { user_id: userId }, query: listParams(query) } }));

/** writeAsUser makes a simulated user write to a number: the number receives it as a WhatsApp message (and its webhook gets it). */
export const writeAsUser = (channelId: string, message: InboundMessage) =>
  unwrap(messagingApi.POST('/api/v2/operator/simulator/channels/{channel_id}/inbound', { params: { path: { channel_id: channelId } }, body: message }));
