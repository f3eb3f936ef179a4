/** Words for API keys: their states, who made them, why they ended, and the server's refusals. */
import { ApiError } from '../api/client';
import type { CodeWords } from '../ui/refusals';
import type { Tone } from '../ui/tone';
import type { ChannelKey, PartnerKey } from './api';

/**
 * keyValid says whether a channel key still works at the moment now: active, or in a grace
 * period that has not ended. The server keeps an ended grace key's state as "grace"; its
 * valid_until is what counts.
 */
export function keyValid(key: ChannelKey, now: number): boolean {
  if (key.state === 'active') return true;
  return key.state === 'grace' && !!key.valid_until && Date.parse(key.valid_until) > now;
}

/** channelKeyTone colours a channel key's state at the moment now. */
export function channelKeyTone(key: ChannelKey, now: number): Tone {
  switch (key.state) {
    case 'active':
      return { color: 'green', label: 'Active' };
    case 'grace':
      return keyValid(key, now) ? { color: 'yellow', label: 'Grace period' } : { color: 'gray', label: 'Expired' };
    case 'revoked':
      return { color: 'red', label: 'Revoked' };
    default:
      return { color: 'gray', label: 'Unknown' };
  }
}

/** partnerKeyTone colours a partner API key: revoked, expired or active at the moment now. */
export function partnerKeyTone(key: PartnerKey, now: number): Tone {
  if (key.revoked_at) return { color: 'red', label: 'Revoked' };
  if (key.expires_at && Date.parse(key.expires_at) <= now) return { color: 'gray', label: 'Expired' };
  return { color: 'green', label: 'Active' };
}

const creators: Record<string, string> = {
  partner_user: 'Partner staff',
  partner_key: 'Partner API',
  client_user: 'Client',
  system: 'PartnerHub',
};

/** keyCreatorWords names who generated a channel key. */
export const keyCreatorWords = (type?: string) => (type ? (creators[type] ?? type) : '');

const reasons: Record<string, string> = {
  rotated: 'replaced by a new key',
  manual: 'revoked by hand',
  leaked: 'reported as leaked',
  permission_withdrawn: 'key permission withdrawn by the client',
};

/** revokeReasonWords says why a key was revoked. */
export const revokeReasonWords = (reason?: string) => (reason ? (reasons[reason] ?? reason.replace(/_/g, ' ')) : '');

/** keyCodeWords say what the refusals of API keys mean: making, revoking and using them. */
export const keyCodeWords = {
  permission_missing:
    'The client has not shared this number’s key permission with you. Only the client can share it, in the client portal on this number’s page.',
  partner_payment: 'On partner payment your partner always holds the key permission and generates the number’s keys.',
  permission_shared: 'The partner holds this number’s key permission. Withdraw it first; then you can generate your own key.',
  idempotency_key_used: 'This attempt was already used for a key that can no longer be shown, so nothing new was created. Try again.',
  already_revoked: 'This key is already revoked.',
  read_only_key: 'This API key may only read. Use a key with full access to make changes.',
  invalid_api_key: 'The API key is not valid. Check that it was copied completely and has not been revoked.',
  ip_not_allowed: 'This API key may not be used from this address. Add the address to the key’s allowlist, or use the key from an allowed one.',
} satisfies CodeWords;

/** keyAdvice says what to do next, shown under the server's sentence when it refuses to make or change a key. */
export const keyAdvice: Record<string, string> = {
  permission_missing: 'Only the client can share the key permission, in the client portal on this number’s page.',
  channel_not_running: 'Keys can be generated again once the number is running.',
  partner_payment: keyCodeWords.partner_payment,
  permission_shared: 'Withdraw the partner’s key permission first; then you can generate your own key.',
  idempotency_key_used: 'Nothing was created by this attempt. Try again.',
};

/** keyRefusalAdvice says what to do after the server refused to make or change a key; null when there is nothing to add. */
export function keyRefusalAdvice(error: unknown): string | null {
  return error instanceof ApiError && error.code ? (keyAdvice[error.code] ?? null) : null;
}

/** refusalCode is the stable code of a server refusal, if the error is one. */
export const refusalCode = (error: unknown) => (error instanceof ApiError ? error.code : undefined);
