/**
 * The client calls: a partner's clients and a client user's own client, typed by the generated
 * OpenAPI schema. Like the schema, every answer field is optional, and a field the server leaves
 * unset may arrive as null.
 */
import { unwrap } from '../api/client';
import type { components } from '../api/schema';
import { api } from '../app/session';
import { searchParams, type ListQuery } from '../ui/listQuery';

type Schemas = components['schemas'];
// The value lists below are checked against the schema's enums, so a change there fails the build.
type ValuesOf<T> = readonly NonNullable<T>[];

export const clientStatuses = ['active', 'inactive', 'suspended'] as const satisfies ValuesOf<ClientAccount['status']>;
export const clientPlans = ['basic', 'regular', 'premium'] as const satisfies ValuesOf<ClientAccount['plan']>;

/** ContactInfo is a client's contact block. */
export type ContactInfo = Schemas['fieldtype.ContactInfo'];

/** ClientAccount is one client of a partner (ClientOut). */
export type ClientAccount = Schemas['clients.View'];

/** ClientChanges is what partner staff may PATCH on a client. */
export type ClientChanges = Schemas['clients.Patch'];

export const listClients = (partnerId: string, query: ListQuery) =>
  unwrap(api.GET('/api/v2/partners/{partner_id}/clients', { params: { path: { partner_id: partnerId }, query: searchParams(query) } }));

export const getClient = (partnerId: string, clientId: string) =>
  unwrap(api.GET('/api/v2/partners/{partner_id}/clients/{client_id}', { params: { path: { partner_id: partnerId, client_id: clientId } } }));

export const updateClient = (partnerId: string, clientId: string, changes: ClientChanges) =>
  unwrap(
    api.PATCH('/api/v2/partners/{partner_id}/clients/{client_id}', {
      params: { path: { partner_id: partnerId, client_id: clientId } },
      body: changes,
    }),
  );

/** getOwnClient is the signed-in client user's own client. */
export const getOwnClient = (clientId: string) => unwrap(api.GET('/api/v2/clients/{client_id}', { params: { path: { client_id: clientId } } }));
