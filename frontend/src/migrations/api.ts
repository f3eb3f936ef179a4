/**
 * The number-migration calls: imports from another provider, moves between WABAs and
 * hosting changes, with the code that confirms them, and the client's WABAs they go into, typed
 * by the generated OpenAPI schema. The migration screens go through these functions, so each path
 * lives in one place.
 */
import { unwrap } from '../api/client';
import type { components } from '../api/schema';
import { api } from '../app/session';
import type { ChannelOwner } from '../channels/api';
import { listParams, type ListQuery } from '../ui/listQuery';

type Schemas = components['schemas'];
type ValuesOf<T> = readonly NonNullable<T>[];

/** Migration is one number migration; otp is set on single answers while a code is awaited. */
export type Migration = Schemas['numbermigrations.View'];

/** CarriedOver is what a completed migration moved, and what it did not. */
export type CarriedOver = Schemas['numbermigrations.CarriedOver'];

/** Waba is one WhatsApp Business Account of a client. */
export type Waba = Schemas['wabas.View'];

export const migrationStatuses = ['created', 'otp_requested', 'completed', 'failed', 'cancelled', 'expired'] as const satisfies ValuesOf<
  Migration['status']
>;
export const migrationKinds = ['port_in', 'waba_move', 'hosting_change'] as const satisfies ValuesOf<Migration['kind']>;

// ---- WABAs

export const listOwnWabas = (clientId: string) =>
  unwrap(api.GET('/api/v2/clients/{client_id}/waba_accounts', { params: { path: { client_id: clientId } } }));

// ---- Number migrations

/** NewPortIn brings a number from another provider into one of the client's WABAs. */
export interface NewPortIn {
  phone_number: string;
  target_waba_id: string;
  display_name?: string;
  two_step_disabled: boolean;
}

const viaPartner = (owner: ChannelOwner): owner is { partnerId: string; clientId: string } => owner.partnerId !== undefined;

export const startPortIn = (clientId: string, portIn: NewPortIn) =>
  unwrap(
    api.POST('/api/v2/clients/{client_id}/migrations', {
      params: { path: { client_id: clientId } },
      body: { kind: 'port_in', ...portIn, display_name: portIn.display_name?.trim() || undefined },
    }),
  );

export const listMigrations = (owner: ChannelOwner, query: ListQuery) =>
  viaPartner(owner)
    ? unwrap(
        api.GET('/api/v2/partners/{partner_id}/clients/{client_id}/migrations', {
          params: { path: { partner_id: owner.partnerId, client_id: owner.clientId }, query: listParams(query) },
        }),
      )
    : unwrap(api.GET('/api/v2/clients/{client_id}/migrations', { params: { path: { client_id: owner.clientId }, query: listParams(query) } }));

export const getMigration = (clientId: string, migrationId: string) =>
  unwrap(api.GET('/api/v2/clients/{client_id}/migrations/{migration_id}', { params: { path: { client_id: clientId, migration_id: migrationId } } }));

/** requestMigrationCode sends the code by SMS or voice; asking again sends a new one after the cool-down (429 before). */
export const requestMigrationCode = (clientId: string, migrationId: string, method: 'sms' | 'voice') =>
  unwrap(
    api.POST('/api/v2/clients/{client_id}/migrations/{migration_id}/request_otp', {
      params: { path: { client_id: clientId, migration_id: migrationId } },
      body: { method },
    }),
  );

export const verifyMigration = (clientId: string, migrationId: string, code: string) =>
  unwrap(
    api.POST('/api/v2/clients/{client_id}/migrations/{migration_id}/verify', {
      params: { path: { client_id: clientId, migration_id: migrationId } },
      body: { code },
    }),
  );

export const cancelMigration = (owner: ChannelOwner, migrationId: string) =>
  viaPartner(owner)
    ? unwrap(
        api.POST('/api/v2/partners/{partner_id}/clients/{client_id}/migrations/{migration_id}/cancel', {
          params: { path: { partner_id: owner.partnerId, client_id: owner.clientId, migration_id: migrationId } },
        }),
      )
    : unwrap(
        api.POST('/api/v2/clients/{client_id}/migrations/{migration_id}/cancel', {
          params: { path: { client_id: owner.clientId, migration_id: migrationId } },
        }),
      );

export const listAllMigrations = (query: ListQuery) => unwrap(api.GET('/api/v2/operator/migrations', { params: { query: listParams(query) } }));

export const cancelMigrationAsOperator = (migrationId: string, reason: string) =>
  unwrap(
    api.POST('/api/v2/operator/migrations/{migration_id}/cancel', {
      params: { path: { migration_id: migrationId } },
      body: reason.trim() ? { reason: reason.trim() } : {},
    }),
  );
