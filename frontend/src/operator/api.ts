/**
 * The operator console's own calls: number-limit raise requests and the provider simulator, typed
 * by the generated OpenAPI schema. Like the schema, every answer field is optional.
 */
import type { Client } from 'openapi-fetch';
import { unwrap } from '../api/client';
import type { components } from '../api/schema';
import { api } from '../app/session';
import { listParams, type ListQuery } from '../ui/listQuery';
import { compactPhone } from '../ui/rules';

type Schemas = components['schemas'];
// The value lists below are checked against the schema's enums, so a change there fails the build.
type ValuesOf<T> = readonly NonNullable<T>[];

export const limitRaiseStatuses = ['pending', 'approved', 'rejected'] as const satisfies ValuesOf<LimitRaiseRequest['status']>;

/** LimitRaiseRequest asks the operator to raise a WABA's number limit. */
export type LimitRaiseRequest = Schemas['wabas.LimitRaiseView'];

/** SimulatorMessage is what the simulated provider "delivered" to a phone. */
export type SimulatorMessage = Schemas['handlers.SimulatorMessage'];

export const healthValues = ['AVAILABLE', 'LIMITED', 'BLOCKED'] as const satisfies ValuesOf<SimulatorControls['health']>;

/** SimulatorControls is what the operator may make the simulated provider report for a channel. */
export type SimulatorControls = Schemas['channels.ProviderUpdate'];

export const listLimitRaiseRequests = (query: ListQuery) =>
  unwrap(api.GET('/api/v2/operator/limit_raise_requests', { params: { query: listParams(query) } }));

export const decideLimitRaiseRequest = (id: string, decision: 'approve' | 'reject', note: string) => {
  const init = { params: { path: { request_id: id } }, body: note.trim() ? { note: note.trim() } : {} };
  return decision === 'approve'
    ? unwrap(api.POST('/api/v2/operator/limit_raise_requests/{request_id}/approve', init))
    : unwrap(api.POST('/api/v2/operator/limit_raise_requests/{request_id}/reject', init));
};

export const simulatorInbox = (phoneNumber: string) =>
  unwrap(
    api.GET('/api/v2/operator/simulator/inbox', {
      params: { query: phoneNumber.trim() ? { phone_number: phoneNumber.trim() } : {} },
    }),
  );

export const simulateChannel = (channelId: string, controls: SimulatorControls) =>
  unwrap(api.POST('/api/v2/operator/simulator/channels/{channel_id}', { params: { path: { channel_id: channelId } }, body: controls }));

// ---- The platform's own numbers
//
// The generated schema does not describe these routes yet, so their types are written here by hand
// in its shape; once it does, `platformApi` becomes `api` and the types below become the schema's.

export const platformNumberKinds = ['support', 'sandbox'] as const;

/** PlatformNumberKind is one of the platform's own numbers: the support desk's or the sandbox. */
export type PlatformNumberKind = (typeof platformNumberKinds)[number];

/** PlatformNumber is one of the platform's own WhatsApp numbers, as the operator console shows it. */
export interface PlatformNumber {
  kind?: PlatformNumberKind;
  configured?: boolean;
  channel_id?: string | null;
  phone_number?: string;
  display_name?: string;
  status?: string;
  set_at?: string | null;
  set_by?: { user_id?: string; user_name?: string } | null;
  /** open_tickets counts the support number's WhatsApp tickets not resolved or closed. */
  open_tickets?: number;
  /** sandbox_keys counts the sandbox number's valid sandbox keys. */
  sandbox_keys?: number;
}

/** PlatformNumbers are the platform's numbers with the account holding them and the hub's Messaging API address. */
export interface PlatformNumbers {
  numbers?: PlatformNumber[];
  address?: string;
  partner_id?: string | null;
  client_id?: string | null;
  waba_id?: string | null;
}

/** PlatformNumberRequest sets up a platform number. */
export interface PlatformNumberRequest {
  phone_number: string;
  display_name: string;
}

type Json<T> = { headers: { [name: string]: unknown }; content: { 'application/json': T } };

/** PlatformPaths are the platform-number routes as the generated schema will describe them. */
interface PlatformPaths {
  '/api/v2/operator/platform_numbers': {
    get: { parameters: { query?: never; header?: never; path?: never; cookie?: never }; requestBody?: never; responses: { 200: Json<PlatformNumbers> } };
  };
  '/api/v2/operator/platform_numbers/{kind}': {
    put: {
      parameters: { query?: never; header?: never; path: { kind: PlatformNumberKind }; cookie?: never };
      requestBody: { content: { 'application/json': PlatformNumberRequest } };
      responses: { 200: Json<PlatformNumbers>; default: Json<unknown> };
    };
  };
}

// The same client as every other call (the session's token, renewal on 401), typed for the routes above.
const platformApi = api as unknown as Client<PlatformPaths>;

export const getPlatformNumbers = () => unwrap(platformApi.GET('/api/v2/operator/platform_numbers'));

/** setPlatformNumber makes a phone number the support or sandbox number (or renames it). */
export const setPlatformNumber = (kind: PlatformNumberKind, request: PlatformNumberRequest) =>
  unwrap(
    platformApi.PUT('/api/v2/operator/platform_numbers/{kind}', {
      params: { path: { kind } },
      body: { phone_number: compactPhone(request.phone_number), display_name: request.display_name.trim() },
    }),
  );
