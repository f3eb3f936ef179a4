/**
 * The partner calls: a partner's own data and settings, the operators' list of partners, and a
 * partner's users, typed by the generated OpenAPI schema. Like the schema, every answer field is
 * optional, and a field the server leaves unset may arrive as null.
 */
import { unwrap } from '../api/client';
import type { components, paths } from '../api/schema';
import { api } from '../app/session';
import { listParams, type ListQuery } from '../ui/listQuery';

type Schemas = components['schemas'];
// The value lists below are checked against the schema's enums, so a change there fails the build.
type ValuesOf<T> = readonly NonNullable<T>[];

export const partnerPlans = ['sandbox', 'growth', 'premium'] as const satisfies ValuesOf<Partner['partner_plan']>;
export const partnerTiers = ['none', 'silver', 'gold', 'platinum'] as const satisfies ValuesOf<Partner['partner_tier']>;
export const billingModels = ['direct_payment', 'partner_payment'] as const satisfies ValuesOf<Partner['billing_model']>;
export const partnerStatuses = ['active', 'inactive'] as const satisfies ValuesOf<Partner['status']>;

/** Partner is one partner (PartnerOut). */
export type Partner = Schemas['handlers.PartnerOut'];

/** PartnerChanges is what a partner admin (first group) and a platform admin (all) may PATCH. */
export type PartnerChanges = Schemas['partners.Patch'];

/** NewPartner is what a platform admin sends to create a partner. */
export type NewPartner = NonNullable<paths['/api/v2/partners']['post']['requestBody']>['content']['application/json'];

type UsersPath = paths['/api/v2/partners/{partner_id}/users'];
/** PartnerUser is one person of a partner. */
export type PartnerUser = NonNullable<UsersPath['get']['responses'][200]['content']['application/json']['users']>[number];
/** NewPartnerUser is what a partner admin sends to add a person. */
export type NewPartnerUser = NonNullable<UsersPath['post']['requestBody']>['content']['application/json'];

/** Page is one page of a list that is paged but neither sorted nor filtered. */
export interface Page {
  limit: number;
  offset: number;
}

export const getPartner = (partnerId: string) =>
  unwrap(api.GET('/api/v2/partners/{partner_id}', { params: { path: { partner_id: partnerId } } }));

export const updatePartner = (partnerId: string, changes: PartnerChanges) =>
  unwrap(api.PATCH('/api/v2/partners/{partner_id}', { params: { path: { partner_id: partnerId } }, body: changes }));

export const setAutoApprove = (partnerId: string, autoApprove: boolean) =>
  unwrap(
    api.PATCH('/api/v2/partners/{partner_id}/settings/partner_change_request', {
      params: { path: { partner_id: partnerId } },
      body: { auto_approve: autoApprove },
    }),
  );

/** listPartners is the operators' list of every partner. */
export const listPartners = (query: ListQuery) => unwrap(api.GET('/api/v2/partners', { params: { query: listParams(query) } }));

/** listPartnerPage is one page of every partner, in the server's order. */
export const listPartnerPage = (page: Page) => unwrap(api.GET('/api/v2/partners', { params: { query: page } }));

export const createPartner = (partner: NewPartner) => unwrap(api.POST('/api/v2/partners', { body: partner }));

export const listPartnerUsers = (partnerId: string, page: Page) =>
  unwrap(
    api.GET('/api/v2/partners/{partner_id}/users', {
      params: { path: { partner_id: partnerId }, query: page },
    }),
  );

export const addPartnerUser = (partnerId: string, user: NewPartnerUser) =>
  unwrap(
    api.POST('/api/v2/partners/{partner_id}/users', {
      params: { path: { partner_id: partnerId } },
      body: user,
    }),
  );
