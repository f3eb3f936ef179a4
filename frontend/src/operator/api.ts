/**
 * The operator console's own calls: number-limit raise requests and the provider simulator, typed
 * by the generated OpenAPI schema. Like the schema, every answer field is optional.
 */
import { unwrap } from '../api/client';
import type { components } from '../api/schema';
import { api } from '../app/session';
import { listParams, type ListQuery } from '../ui/listQuery';

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
