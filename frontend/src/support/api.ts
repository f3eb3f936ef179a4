/**
 * The calls behind support tickets and their SLA timers, typed by the generated
 * OpenAPI schema. The support screens go through these functions, so each path lives in one place.
 */
import type { Client } from 'openapi-fetch';
import { unwrap } from '../api/client';
import type { components } from '../api/schema';
import { api } from '../app/session';
import { listParams, type ListQuery } from '../ui/listQuery';

type Schemas = components['schemas'];
type ValuesOf<T> = readonly NonNullable<T>[];

// ---- WhatsApp tickets (from the support desk's own WhatsApp number)
//
// The generated schema does not describe these fields and routes yet, so their types are written
// here by hand in its shape; once it does, they become the schema's.

/** WhatsAppInfo is a ticket's WhatsApp side: the user, their profile name, and until when free-form replies reach them. */
export interface WhatsAppInfo {
  wa_id?: string;
  name?: string;
  /** window_expires_at is when the user's 24-hour window closes; null when it is closed (only templates reach them). */
  window_expires_at?: string | null;
}

export const deliveryStatuses = ['not_sent', 'sent', 'delivered', 'read', 'failed'] as const;

/** Delivery is how the WhatsApp message carrying a support reply fared. */
export interface Delivery {
  message_id?: string;
  status?: (typeof deliveryStatuses)[number];
  error?: { code?: number; title?: string; details?: string } | null;
  template_name?: string | null;
  status_at?: string | null;
}

/** WhatsAppTemplate is an approved template of the support number a reply can be sent as. */
export interface WhatsAppTemplate {
  name?: string;
  language?: string;
  category?: string;
  /** body is the template's text with {{1}}, {{2}}, … where the parameters go. */
  body?: string;
  parameters?: number;
}

/** WhatsAppTemplateRequest sends a reply as a template: its name, language and one text per parameter. */
export interface WhatsAppTemplateRequest {
  name: string;
  language: string;
  parameters: string[];
}

/** Ticket is one ticket as lists show it, with its SLA timers. */
export type Ticket = Schemas['support.TicketView'] & { whatsapp?: WhatsAppInfo | null };
/** Message is one message of a ticket's conversation; support's replies on WhatsApp tickets carry their delivery. */
export type Message = Schemas['support.MessageView'] & { delivery?: Delivery | null };
/** TicketDetail is a ticket with its conversation (internal notes only for support staff). */
export type TicketDetail = Omit<Schemas['support.TicketDetail'], 'messages'> & { messages?: Message[]; whatsapp?: WhatsAppInfo | null };
/** Timer is one SLA timer of a ticket: a metric in one cycle with its due and warning instants. */
export type Timer = Schemas['support.TimerView'];
/** Topic is a kind of request with its default severity, required information and articles. */
export type Topic = Schemas['support.TopicView'];
/** Article is a knowledge-base article. */
export type Article = Schemas['support.KBArticleView'];
/** Agent is a member of support staff with the languages they answer in. */
export type Agent = Schemas['support.AgentView'];
/** OpenRequest is what opening a ticket sends. */
export type OpenRequest = Schemas['support.OpenRequest'];
/** Opened is the answer to opening a ticket, with the key-masking notice when keys were masked. */
export type Opened = Schemas['support.Opened'];
/** ActionResult is the answer to an action on a ticket: the ticket, and a notice when keys were masked. */
export type ActionResult = Omit<Schemas['support.Result'], 'ticket'> & { ticket?: TicketDetail };
/** DraftPolicy is an SLA policy in the editor's shape (what the preview and save send). */
export type DraftPolicy = Schemas['sla.DraftPolicy'];
export type DraftCalendar = Schemas['sla.DraftCalendar'];
export type DraftRule = Schemas['sla.DraftRule'];
/** PolicyVersion is one saved version of the SLA policy. */
export type PolicyVersion = Schemas['support.PolicyView'];
/** PreviewRequest is a hypothetical ticket for the SLA preview. */
export type PreviewRequest = Schemas['support.PreviewRequest'];
/** PreviewResult is what the hypothetical ticket would get. */
export type PreviewResult = Schemas['support.PreviewResult'];
/** Report is the support dashboard's figures. */
export type Report = Schemas['support.Report'];
export type Attainment = Schemas['support.Attainment'];
export type DayCount = Schemas['support.DayCount'];

export type Status = NonNullable<Ticket['status']>;
export type Severity = NonNullable<Ticket['severity']>;
export type Source = NonNullable<Ticket['source']>;

export const statuses = ['new', 'open', 'waiting_on_customer', 'waiting_on_meta', 'resolved', 'closed'] as const satisfies ValuesOf<Ticket['status']>;
/** unfinishedStatuses are the states that still need support (the queue's default). */
export const unfinishedStatuses = ['new', 'open', 'waiting_on_customer', 'waiting_on_meta'] as const satisfies ValuesOf<Ticket['status']>;
export const severities = ['critical', 'urgent', 'standard'] as const satisfies ValuesOf<Ticket['severity']>;
export const sources = ['hub_chat', 'email', 'whatsapp'] as const satisfies ValuesOf<Ticket['source']>;
/** languages are the languages support answers in; English is the fallback. */
export const languages = ['en', 'pt-BR', 'de', 'es', 'tr', 'hi', 'ru'] as const;
/** waitingStatuses are the states an agent sets with the status action. */
export const settableStatuses = ['open', 'waiting_on_customer', 'waiting_on_meta'] as const satisfies ValuesOf<Schemas['support.StatusRequest']['status']>;

// ---- Requesters and staff

export const listTopics = () => unwrap(api.GET('/api/v2/support/topics'));

export const listTickets = (query: ListQuery) => unwrap(api.GET('/api/v2/support/tickets', { params: { query: listParams(query) } }));

export const getTicket = (ticketId: string) =>
  unwrap<TicketDetail>(api.GET('/api/v2/support/tickets/{ticket_id}', { params: { path: { ticket_id: ticketId } } }));

/** openTicket opens a ticket; 409 duplicate_open_ticket offers an open one unless confirm_new is set. */
export const openTicket = (request: OpenRequest) => unwrap(api.POST('/api/v2/support/tickets', { body: request }));

const ticketPath = (ticketId: string) => ({ path: { ticket_id: ticketId } });

export const replyToTicket = (ticketId: string, body: string) =>
  unwrap(api.POST('/api/v2/support/tickets/{ticket_id}/replies', { params: ticketPath(ticketId), body: { body: body.trim() } }));

export const escalateTicket = (ticketId: string, reason: string) =>
  unwrap(api.POST('/api/v2/support/tickets/{ticket_id}/escalate', { params: ticketPath(ticketId), body: { reason: reason.trim() } }));

export const reopenTicket = (ticketId: string, reason: string) =>
  unwrap(
    api.POST('/api/v2/support/tickets/{ticket_id}/reopen', {
      params: ticketPath(ticketId),
      body: reason.trim() ? { reason: reason.trim() } : {},
    }),
  );

export const closeTicket = (ticketId: string) => unwrap(api.POST('/api/v2/support/tickets/{ticket_id}/close', { params: ticketPath(ticketId) }));

// ---- Support staff

/** QueueQuery narrows the agents' queue; an empty value leaves that filter out. */
export interface QueueQuery {
  status?: string;
  severity?: string;
  language?: string;
  /** assignee is "me", "none" or a user id. */
  assignee?: string;
  limit?: number;
  offset?: number;
}

export const ticketQueue = (query: QueueQuery) =>
  unwrap(
    api.GET('/api/v2/support/queue', {
      params: { query: Object.fromEntries(Object.entries(query).filter(([, value]) => value !== '' && value !== undefined)) },
    }),
  );

export const listAgents = () => unwrap(api.GET('/api/v2/support/agents'));

/** findRequesters looks up partner and client users by part of their email or name. */
export const findRequesters = (q: string) => unwrap(api.GET('/api/v2/support/requesters', { params: { query: { q } } }));

export const addNote = (ticketId: string, body: string) =>
  unwrap(api.POST('/api/v2/support/tickets/{ticket_id}/notes', { params: ticketPath(ticketId), body: { body: body.trim() } }));

/** assignTicket assigns to an agent, or lets routing choose when agentId is empty. */
export const assignTicket = (ticketId: string, agentId: string) =>
  unwrap(api.POST('/api/v2/support/tickets/{ticket_id}/assign', { params: ticketPath(ticketId), body: agentId ? { assignee_id: agentId } : {} }));

export interface Reclassification {
  topic?: string;
  severity?: Severity;
  reason: string;
}

export const reclassifyTicket = (ticketId: string, change: Reclassification) =>
  unwrap(api.POST('/api/v2/support/tickets/{ticket_id}/reclassify', { params: ticketPath(ticketId), body: { ...change, reason: change.reason.trim() } }));

export const setTicketStatus = (ticketId: string, status: (typeof settableStatuses)[number], reason: string) =>
  unwrap(api.POST('/api/v2/support/tickets/{ticket_id}/status', { params: ticketPath(ticketId), body: { status, reason: reason.trim() } }));

export const resolveTicket = (ticketId: string, message: string) =>
  unwrap(
    api.POST('/api/v2/support/tickets/{ticket_id}/resolve', {
      params: ticketPath(ticketId),
      body: message.trim() ? { message: message.trim() } : {},
    }),
  );

// ---- SLA policy

export const previewSla = (request: PreviewRequest) => unwrap(api.POST('/api/v2/support/sla/preview', { body: request }));

export const listPolicies = () => unwrap(api.GET('/api/v2/support/policies'));

export const livePolicy = () => unwrap(api.GET('/api/v2/support/policies/live'));

export const savePolicy = (policy: DraftPolicy, note: string) =>
  unwrap(api.POST('/api/v2/support/policies', { body: { policy, note: note.trim() } }));

// ---- Reports

/** supportReport reads the dashboard for [from, to) (dates YYYY-MM-DD, UTC); empty means the last 30 days. */
export const supportReport = (from = '', to = '') =>
  unwrap(
    api.GET('/api/v2/support/reports', {
      params: { query: Object.fromEntries(Object.entries({ from, to }).filter(([, value]) => value !== '')) },
    }),
  );

// ---- Requesters, for tickets support staff enter

// ---- Knowledge base and agents' languages

/** ArticleChanges are an article's fields to set; on create topic and title are required. */
export type ArticleChanges = Schemas['support.KBArticleRequest'];

export const listArticles = (topic = '') => unwrap(api.GET('/api/v2/support/kb_articles', { params: { query: topic ? { topic } : {} } }));

export const createArticle = (article: ArticleChanges) => unwrap(api.POST('/api/v2/support/kb_articles', { body: article }));

export const updateArticle = (articleId: string, changes: ArticleChanges) =>
  unwrap(api.PATCH('/api/v2/support/kb_articles/{article_id}', { params: { path: { article_id: articleId } }, body: changes }));

export const deleteArticle = (articleId: string) =>
  unwrap(api.DELETE('/api/v2/support/kb_articles/{article_id}', { params: { path: { article_id: articleId } } }));

export const setAgentLanguages = (userId: string, chosen: string[]) =>
  unwrap(api.PUT('/api/v2/support/agents/{user_id}/languages', { params: { path: { user_id: userId } }, body: { languages: chosen } }));

/** listEscalated lists escalated tickets (newest first), for the support managers' alert. */
export const listEscalated = () =>
  unwrap(api.GET('/api/v2/support/tickets', { params: { query: { filters: JSON.stringify({ escalated: true }), sort: '-modified_at', limit: 100 } } }));

// ---- WhatsApp replies

type Json<T> = { headers: { [name: string]: unknown }; content: { 'application/json': T } };
type TicketParams = { query?: never; header?: never; path: { ticket_id: string }; cookie?: never };

/** WhatsAppPaths are the WhatsApp routes of a ticket as the generated schema will describe them. */
interface WhatsAppPaths {
  '/api/v2/support/tickets/{ticket_id}/whatsapp_templates': {
    get: { parameters: TicketParams; requestBody?: never; responses: { 200: Json<{ templates?: WhatsAppTemplate[] }> } };
  };
  '/api/v2/support/tickets/{ticket_id}/replies': {
    post: {
      parameters: TicketParams;
      requestBody: { content: { 'application/json': { body?: string; whatsapp_template?: WhatsAppTemplateRequest } } };
      responses: { 200: Json<ActionResult>; default: Json<unknown> };
    };
  };
}

// The same client as every other call (the session's token, renewal on 401), typed for the routes above.
const whatsAppApi = api as unknown as Client<WhatsAppPaths>;

/** listWhatsAppTemplates lists the templates a reply on a WhatsApp ticket can be sent as. */
export const listWhatsAppTemplates = (ticketId: string) =>
  unwrap(whatsAppApi.GET('/api/v2/support/tickets/{ticket_id}/whatsapp_templates', { params: ticketPath(ticketId) }));

/** replyWithTemplate sends support's reply on a WhatsApp ticket as an approved template (the user's window has closed). */
export const replyWithTemplate = (ticketId: string, template: WhatsAppTemplateRequest) =>
  unwrap(
    whatsAppApi.POST('/api/v2/support/tickets/{ticket_id}/replies', {
      params: ticketPath(ticketId),
      body: { whatsapp_template: { ...template, parameters: template.parameters.map((value) => value.trim()) } },
    }),
  );
