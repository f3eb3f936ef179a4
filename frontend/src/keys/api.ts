/**
 * The API key calls: a channel's key (D360-API-KEY) with its history and the client's key
 * permission, and the partner's own API keys (X-API-Key). Creating a key is the one call that
 * must never happen twice by accident, so it carries an Idempotency-Key and is retried, with
 * the same Idempotency-Key, only when the answer was lost on the way (see retryLostAnswers).
 */
import { ApiError, unwrap } from '../api/client';
import type { components } from '../api/schema';
import { api } from '../app/session';
import type { Channel, ChannelOwner } from '../channels/api';

type Schemas = components['schemas'];
// The value lists below are checked against the schema's enums, so a change there fails the build.
type ValuesOf<T> = readonly NonNullable<T>[];

/** KeyPermission says whether the partner may generate a number's API keys. */
export type KeyPermission = NonNullable<Channel['key_permission']>;

/** ChannelKey is one key of a number's history (never the key itself). */
export type ChannelKey = Schemas['apikeys.KeyView'];

/** ChannelKeyCreated is a new channel key with where to use it; the server shows the key once. */
export type ChannelKeyCreated = Schemas['handlers.ChannelKeyCreated'];

/** PartnerKey is one of the partner's own API keys (never the key itself). */
export type PartnerKey = Schemas['apikeys.PartnerKeyView'];

/** CreatedPartnerKey is a new partner API key; the server shows the key once. */
export type CreatedPartnerKey = Schemas['apikeys.CreatedPartnerKey'];

/** NewPartnerKey asks for a partner API key; password is the admin's own, entered again. */
export type NewPartnerKey = Schemas['apikeys.NewPartnerKey'];

export const partnerKeyScopes = ['full', 'read'] as const satisfies ValuesOf<PartnerKey['scope']>;

/** graceChoices are the grace periods a rotation offers, in seconds (the server allows 0 to 86 400). */
export const graceChoices = [
  { seconds: 0, label: 'No grace period' },
  { seconds: 600, label: '10 minutes' },
  { seconds: 3600, label: '1 hour' },
  { seconds: 86400, label: '24 hours' },
] as const;

/** newIdempotencyKey names one submission; every automatic retry of it sends the same name. */
export const newIdempotencyKey = (): string => crypto.randomUUID();

// ---- Channel keys: partner staff through their partner, client users through their client.

const partnerChannel = (partnerId: string, channelId: string) => ({ path: { partner_id: partnerId, channel_id: channelId } });
const clientChannel = (clientId: string, channelId: string) => ({ path: { client_id: clientId, channel_id: channelId } });

/** ChannelKeyRequest is one submission of the generate/rotate dialog. */
export interface ChannelKeyRequest {
  /** graceSeconds keeps the current key valid this long next to the new one (0: it stops at once). */
  graceSeconds: number;
  idempotencyKey: string;
}

/**
 * issueChannelKey generates the number's key, replacing the current one: the partner's key
 * through the partner, the client's own key through the client. The answer is the only time
 * the key is shown.
 */
export const issueChannelKey = (owner: ChannelOwner, channelId: string, { graceSeconds, idempotencyKey }: ChannelKeyRequest) => {
  const init = { header: { 'Idempotency-Key': idempotencyKey } };
  const body = { grace_seconds: graceSeconds };
  return owner.partnerId !== undefined
    ? unwrap(api.POST('/api/v2/partners/{partner_id}/channels/{channel_id}/api_keys', { params: { ...partnerChannel(owner.partnerId, channelId), ...init }, body }))
    : unwrap(api.POST('/api/v2/clients/{client_id}/channels/{channel_id}/api_keys', { params: { ...clientChannel(owner.clientId, channelId), ...init }, body }));
};

/** listChannelKeys is the number's key history, newest first; never the keys themselves. */
export const listChannelKeys = (owner: ChannelOwner, channelId: string) =>
  owner.partnerId !== undefined
    ? unwrap(api.GET('/api/v2/partners/{partner_id}/channels/{channel_id}/api_keys', { params: partnerChannel(owner.partnerId, channelId) }))
    : unwrap(api.GET('/api/v2/clients/{client_id}/channels/{channel_id}/api_keys', { params: clientChannel(owner.clientId, channelId) }));

/** revokeChannelKey stops a key at once (for a leak: no grace). */
export const revokeChannelKey = (owner: ChannelOwner, channelId: string, keyId: string) =>
  owner.partnerId !== undefined
    ? unwrap(
        api.DELETE('/api/v2/partners/{partner_id}/channels/{channel_id}/api_keys/{key_id}', {
          params: { path: { ...partnerChannel(owner.partnerId, channelId).path, key_id: keyId } },
        }),
      )
    : unwrap(
        api.DELETE('/api/v2/clients/{client_id}/channels/{channel_id}/api_keys/{key_id}', {
          params: { path: { ...clientChannel(owner.clientId, channelId).path, key_id: keyId } },
        }),
      );

/**
 * setKeyPermission shares the number's key permission with the partner or withdraws it (client
 * admins, direct-payment numbers). Withdrawing revokes every key the partner generated for it.
 */
export const setKeyPermission = (clientId: string, channelId: string, state: KeyPermission) =>
  unwrap(api.POST('/api/v2/clients/{client_id}/channels/{channel_id}/permission', { params: clientChannel(clientId, channelId), body: { state } }));

// ---- Partner API keys

const partnerParams = (partnerId: string) => ({ path: { partner_id: partnerId } });

export const listPartnerKeys = (partnerId: string) => unwrap(api.GET('/api/v2/partners/{partner_id}/api_keys', { params: partnerParams(partnerId) }));

/** createPartnerKey makes a partner API key; the admin's password is checked again. The answer is the only time the key is shown. */
export const createPartnerKey = (partnerId: string, key: NewPartnerKey, idempotencyKey: string) =>
  unwrap(
    api.POST('/api/v2/partners/{partner_id}/api_keys', {
      params: { ...partnerParams(partnerId), header: { 'Idempotency-Key': idempotencyKey } },
      body: key,
    }),
  );

export const revokePartnerKey = (partnerId: string, keyId: string) =>
  unwrap(api.DELETE('/api/v2/partners/{partner_id}/api_keys/{key_id}', { params: { path: { partner_id: partnerId, key_id: keyId } } }));

// ---- Retrying a lost answer

/**
 * answerLost says whether a failed call may have been done by the server without its answer
 * reaching us: the connection failed, or a proxy in between gave up. Every other failure is the
 * server's word and is shown, never retried.
 */
export function answerLost(error: unknown): boolean {
  if (error instanceof ApiError) return error.status === 502 || error.status === 503 || error.status === 504;
  return error instanceof TypeError || (error instanceof DOMException && error.name === 'NetworkError');
}

/** lostAnswerRetries is how many times a key creation is sent again after a lost answer. */
export const lostAnswerRetries = 2;

/**
 * retryLostAnswers is the retry policy of a key-creating mutation. The mutation's variables
 * hold the Idempotency-Key, and a retry runs with the same variables, so a retry whose first
 * attempt did reach the server gets the same key back instead of minting a second one.
 */
export const retryLostAnswers = {
  retry: (failures: number, error: unknown) => failures < lostAnswerRetries && answerLost(error),
  retryDelay: (failures: number) => 400 * 2 ** failures,
};
