/**
 * The partner-change calls: the client's requests to move to another partner, the
 * partners' decisions and settings, and the operators' view, typed by the generated OpenAPI schema.
 * The partner-change screens go through these functions, so each path lives in one place.
 */
import { unwrap } from '../api/client';
import type { components } from '../api/schema';
import { api } from '../app/session';
import { listParams, type ListQuery } from '../ui/listQuery';

type Schemas = components['schemas'];
type ValuesOf<T> = readonly NonNullable<T>[];

/** PartnerChange is one partner change request, with both partners' names. */
export type PartnerChange = Schemas['partnerchanges.View'];

/** Execution is when a partner's approved partner changes run. */
export type Execution = NonNullable<PartnerChange['execution']>;

export const partnerChangeStatuses = ['created', 'pending', 'completed', 'failed', 'rejected', 'cancelled'] as const satisfies ValuesOf<
  PartnerChange['status']
>;
export const executions = ['immediate', 'end_of_month'] as const satisfies ValuesOf<PartnerChange['execution']>;

/** termsVersion is the version of the partner-change terms the server asks to be accepted. */
export const termsVersion = '2026-11';

// ---- Partner changes, as the client

export const listOwnPartnerChanges = (clientId: string, query: ListQuery) =>
  unwrap(api.GET('/api/v2/clients/{client_id}/partner_change_requests', { params: { path: { client_id: clientId }, query: partnerChangeParams(query) } }));

/** NewPartnerChange asks to move all numbers (no channel_ids) or some of them to another partner. */
export interface NewPartnerChange {
  target_partner_id: string;
  channel_ids?: string[];
}

export const createPartnerChange = (clientId: string, change: NewPartnerChange) =>
  unwrap(
    api.POST('/api/v2/clients/{client_id}/partner_change_requests', {
      params: { path: { client_id: clientId } },
      body: { ...change, accept_terms: true, terms_version: termsVersion },
    }),
  );

export const cancelPartnerChange = (clientId: string, requestId: string) =>
  unwrap(
    api.POST('/api/v2/clients/{client_id}/partner_change_requests/{request_id}/cancel', {
      params: { path: { client_id: clientId, request_id: requestId } },
    }),
  );

/**
 * lookUpPartner reads a partner's public onboarding page, which names an active partner by its
 * id; an unknown or inactive partner is a 404 (partner_not_found).
 */
export const lookUpPartner = (partnerId: string) =>
  unwrap(api.GET('/api/v2/onboarding/partners/{partner_id}', { params: { path: { partner_id: partnerId } } }));

// ---- Partner changes, as a partner

/** listPartnerChanges lists a partner's requests; filters target_partner_id (incoming) or source_partner_id (outgoing) split them. */
export const listPartnerChanges = (partnerId: string, query: ListQuery) =>
  unwrap(
    api.GET('/api/v2/partners/{partner_id}/selective_partner_change_requests', {
      params: { path: { partner_id: partnerId }, query: partnerChangeParams(query) },
    }),
  );

/**
 * partnerChangeParams are the URL parameters of a partner-change list: the search text goes in
 * the filter q, and is_full_migration is sent as a boolean, as the column is.
 */
export function partnerChangeParams(query: ListQuery) {
  const { q, filters = {}, ...rest } = query;
  const params = listParams({ ...rest, filters: {} });
  const typed: Record<string, string | boolean> = {};
  for (const [name, value] of Object.entries(filters)) {
    if (value === '') continue;
    typed[name] = name === 'is_full_migration' ? value === 'true' : value;
  }
  if (q?.trim()) typed.q = q.trim();
  if (Object.keys(typed).length > 0) params.filters = JSON.stringify(typed);
  return params;
}

export const approvePartnerChange = (partnerId: string, requestId: string) =>
  unwrap(
    api.POST('/api/v2/partners/{partner_id}/selective_partner_change_requests/{pcr_id}/approve', {
      params: { path: { partner_id: partnerId, pcr_id: requestId } },
    }),
  );

export const rejectPartnerChange = (partnerId: string, requestId: string, reason: string) =>
  unwrap(
    api.POST('/api/v2/partners/{partner_id}/selective_partner_change_requests/{pcr_id}/reject', {
      params: { path: { partner_id: partnerId, pcr_id: requestId } },
      body: { reason: reason.trim() },
    }),
  );

/** PartnerChangeSettings are a partner's choices for incoming requests; a field left out keeps its value. */
export interface PartnerChangeSettings {
  auto_approve?: boolean;
  execution?: Execution;
}

export const setPartnerChangeSettings = (partnerId: string, settings: PartnerChangeSettings) =>
  unwrap(
    api.PATCH('/api/v2/partners/{partner_id}/settings/partner_change_request', {
      params: { path: { partner_id: partnerId } },
      body: settings,
    }),
  );

// ---- Partner changes, as an operator

export const listAllPartnerChanges = (query: ListQuery) =>
  unwrap(api.GET('/api/v2/operator/partner_change_requests', { params: { query: partnerChangeParams(query) } }));

export const cancelPartnerChangeAsOperator = (requestId: string, reason: string) =>
  unwrap(
    api.POST('/api/v2/operator/partner_change_requests/{request_id}/cancel', {
      params: { path: { request_id: requestId } },
      body: reason.trim() ? { reason: reason.trim() } : {},
    }),
  );
