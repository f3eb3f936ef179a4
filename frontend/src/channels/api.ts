/**
 * The channel calls: a number's data, business profile and photo, webhook, local storage,
 * cancellation and display name, each for partner staff (through their partner) and for client
 * users (through their client), typed by the generated OpenAPI schema. Like the schema, every
 * answer field is optional, and a field the server leaves unset may arrive as null.
 */
import { toApiError, unwrap } from '../api/client';
import type { components } from '../api/schema';
import { api } from '../app/session';
import { listParams, type ListQuery } from '../ui/listQuery';
import type { OtpChallenge } from '../ui/OtpDialog';

type Schemas = components['schemas'];
// The value lists below are checked against the schema's enums, so a change there fails the build.
type ValuesOf<T> = readonly NonNullable<T>[];

export const channelStatuses = [
  'created',
  'submitted',
  'ready',
  'running',
  'pending_deletion',
  'terminated',
  'ready_for_migration',
  'migration_code_requested',
  'migrating',
] as const satisfies ValuesOf<Channel['status']>;
export const qualityRatings = ['GREEN', 'YELLOW', 'RED', 'UNKNOWN'] as const satisfies ValuesOf<Channel['current_quality_rating']>;
export const accountModes = ['sandbox', 'live'] as const satisfies ValuesOf<Channel['account_mode']>;

/** Channel is one phone number (ChannelOut). */
export type Channel = Schemas['channels.View'];

/** Profile is a channel's WhatsApp business profile. */
export type Profile = Schemas['fieldtype.ProfileInfo'];

/** ProfileChanges is a partial change of a business profile: only the fields sent change. */
export type ProfileChanges = Schemas['profile.Update'];

/** ChannelWebhook is where a channel's messages and statuses are sent. */
export type ChannelWebhook = Schemas['channels.Webhook'];

/** storageRegions are where a channel's messages may be stored locally, with the country's name. */
export const storageRegions: Record<NonNullable<Schemas['handlers.LocalStorageBody']['data_localization_region']>, string> = {
  AU: 'Australia',
  ID: 'Indonesia',
  ZA: 'South Africa',
  IN: 'India',
  CA: 'Canada',
  JP: 'Japan',
  SG: 'Singapore',
  KR: 'South Korea',
  DE: 'Germany',
  CH: 'Switzerland',
  GB: 'United Kingdom',
  BR: 'Brazil',
};

/** StorageRegion is one of the local storage regions. */
export type StorageRegion = keyof typeof storageRegions;

export const listPartnerChannels = (partnerId: string, query: ListQuery) =>
  unwrap(api.GET('/api/v2/partners/{partner_id}/channels', { params: { path: { partner_id: partnerId }, query: listParams(query) } }));

export const listOwnChannels = (clientId: string, query: ListQuery) =>
  unwrap(api.GET('/api/v2/clients/{client_id}/channels', { params: { path: { client_id: clientId }, query: listParams(query) } }));

/**
 * ChannelOwner says through whom a channel is reached: partner staff go through their partner
 * and the channel's client, client users through their own client.
 */
export type ChannelOwner = { partnerId: string; clientId: string } | { partnerId?: undefined; clientId: string };

/** getChannel reads a channel: partner staff by partner (no client id needed), client users by their client. */
export const getChannel = (scope: { partnerId: string } | { clientId: string }, channelId: string) =>
  'partnerId' in scope
    ? unwrap(api.GET('/api/v2/partners/{partner_id}/channels/{channel_id}', { params: { path: { partner_id: scope.partnerId, channel_id: channelId } } }))
    : unwrap(api.GET('/api/v2/clients/{client_id}/channels/{channel_id}', { params: { path: { client_id: scope.clientId, channel_id: channelId } } }));

// Every per-channel call exists twice, once under each owner; these pick the path parameters.
const partnerPath = (owner: { partnerId: string; clientId: string }, channelId: string) => ({
  path: { partner_id: owner.partnerId, client_id: owner.clientId, channel_id: channelId },
});
const clientPath = (owner: ChannelOwner, channelId: string) => ({ path: { client_id: owner.clientId, channel_id: channelId } });
const viaPartner = (owner: ChannelOwner): owner is { partnerId: string; clientId: string } => owner.partnerId !== undefined;

export const getProfile = (owner: ChannelOwner, channelId: string) =>
  viaPartner(owner)
    ? unwrap(api.GET('/api/v2/partners/{partner_id}/clients/{client_id}/channels/{channel_id}/profile', { params: partnerPath(owner, channelId) }))
    : unwrap(api.GET('/api/v2/clients/{client_id}/channels/{channel_id}/profile', { params: clientPath(owner, channelId) }));

export const updateProfile = (owner: ChannelOwner, channelId: string, changes: ProfileChanges) =>
  viaPartner(owner)
    ? unwrap(
        api.PATCH('/api/v2/partners/{partner_id}/clients/{client_id}/channels/{channel_id}/profile', {
          params: partnerPath(owner, channelId),
          body: changes,
        }),
      )
    : unwrap(api.PATCH('/api/v2/clients/{client_id}/channels/{channel_id}/profile', { params: clientPath(owner, channelId), body: changes }));

/** PhotoType is what the server takes as a business-profile photo. */
export type PhotoType = 'image/jpeg' | 'image/png';

/**
 * getProfilePhoto reads the channel's business-profile photo as a Blob. It needs the session's
 * Bearer token, so a screen shows it through an object URL, not a plain image address.
 */
export const getProfilePhoto = (owner: ChannelOwner, channelId: string): Promise<Blob> =>
  viaPartner(owner)
    ? unwrap(
        api.GET('/api/v2/partners/{partner_id}/clients/{client_id}/channels/{channel_id}/profile/photo', {
          params: partnerPath(owner, channelId),
          parseAs: 'blob',
        }),
      )
    : unwrap(api.GET('/api/v2/clients/{client_id}/channels/{channel_id}/profile/photo', { params: clientPath(owner, channelId), parseAs: 'blob' }));

/**
 * uploadProfilePhoto sets the channel's business-profile photo: the image's bytes as the body,
 * with their type as Content-Type. The answer is the profile with the new photo's address.
 */
export const uploadProfilePhoto = (owner: ChannelOwner, channelId: string, bytes: ArrayBuffer, type: PhotoType) => {
  // The schema describes only the multipart form; the raw body is sent as it is.
  const init = { body: bytes as never, bodySerializer: (body: unknown) => body as BodyInit, headers: { 'Content-Type': type } };
  return viaPartner(owner)
    ? unwrap(
        api.POST('/api/v2/partners/{partner_id}/clients/{client_id}/channels/{channel_id}/profile/photo', {
          params: partnerPath(owner, channelId),
          ...init,
        }),
      )
    : unwrap(api.POST('/api/v2/clients/{client_id}/channels/{channel_id}/profile/photo', { params: clientPath(owner, channelId), ...init }));
};

export const getWebhook = (owner: ChannelOwner, channelId: string) =>
  viaPartner(owner)
    ? unwrap(api.GET('/api/v2/partners/{partner_id}/clients/{client_id}/channels/{channel_id}/webhook', { params: partnerPath(owner, channelId) }))
    : unwrap(api.GET('/api/v2/clients/{client_id}/channels/{channel_id}/webhook', { params: clientPath(owner, channelId) }));

export const setWebhook = (owner: ChannelOwner, channelId: string, webhook: ChannelWebhook) =>
  viaPartner(owner)
    ? unwrap(
        api.POST('/api/v2/partners/{partner_id}/clients/{client_id}/channels/{channel_id}/webhook', {
          params: partnerPath(owner, channelId),
          body: webhook,
        }),
      )
    : unwrap(api.POST('/api/v2/clients/{client_id}/channels/{channel_id}/webhook', { params: clientPath(owner, channelId), body: webhook }));

/** testChannelWebhook sends a test notification to the channel's saved webhook and reports what the receiver did. */
export const testChannelWebhook = (owner: ChannelOwner, channelId: string) =>
  viaPartner(owner)
    ? unwrap(api.POST('/api/v2/partners/{partner_id}/clients/{client_id}/channels/{channel_id}/webhook/test', { params: partnerPath(owner, channelId) }))
    : unwrap(api.POST('/api/v2/clients/{client_id}/channels/{channel_id}/webhook/test', { params: clientPath(owner, channelId) }));

/** OtpMethod is how a code reaches the number. */
export type OtpMethod = 'sms' | 'voice';

/** StorageChange is the answer to enabling local storage: done, or waiting for a code sent to the number. */
export type StorageChange = { done: true } | { done: false; otp: OtpChallenge };

/** enableLocalStorage answers 200 when the change is done, 202 with a code request when the number must confirm it. */
export async function enableLocalStorage(owner: ChannelOwner, channelId: string, region: StorageRegion, method: OtpMethod = 'sms'): Promise<StorageChange> {
  const body = { data_localization_region: region, method };
  const { data, error, response } = viaPartner(owner)
    ? await api.POST('/api/v2/partners/{partner_id}/clients/{client_id}/channels/{channel_id}/control/enable_local_storage', {
        params: partnerPath(owner, channelId),
        body,
      })
    : await api.POST('/api/v2/clients/{client_id}/channels/{channel_id}/control/enable_local_storage', { params: clientPath(owner, channelId), body });
  if (!response.ok) throw toApiError(error, response);
  const otp = (data as { otp?: OtpChallenge } | undefined)?.otp;
  return response.status === 202 && otp?.id ? { done: false, otp } : { done: true };
}

export const verifyLocalStorage = (owner: ChannelOwner, channelId: string, otpId: string, code: string) =>
  viaPartner(owner)
    ? unwrap(
        api.POST('/api/v2/partners/{partner_id}/clients/{client_id}/channels/{channel_id}/control/enable_local_storage/verify', {
          params: partnerPath(owner, channelId),
          body: { otp_id: otpId, code },
        }),
      )
    : unwrap(
        api.POST('/api/v2/clients/{client_id}/channels/{channel_id}/control/enable_local_storage/verify', {
          params: clientPath(owner, channelId),
          body: { otp_id: otpId, code },
        }),
      );

export const resendLocalStorageCode = (owner: ChannelOwner, channelId: string, otpId: string, method: OtpMethod) =>
  viaPartner(owner)
    ? unwrap(
        api.POST('/api/v2/partners/{partner_id}/clients/{client_id}/channels/{channel_id}/control/enable_local_storage/resend', {
          params: partnerPath(owner, channelId),
          body: { otp_id: otpId, method },
        }),
      )
    : unwrap(
        api.POST('/api/v2/clients/{client_id}/channels/{channel_id}/control/enable_local_storage/resend', {
          params: clientPath(owner, channelId),
          body: { otp_id: otpId, method },
        }),
      );

export const disableLocalStorage = (owner: ChannelOwner, channelId: string) =>
  viaPartner(owner)
    ? unwrap(
        api.POST('/api/v2/partners/{partner_id}/clients/{client_id}/channels/{channel_id}/control/disable_local_storage', {
          params: partnerPath(owner, channelId),
        }),
      )
    : unwrap(api.POST('/api/v2/clients/{client_id}/channels/{channel_id}/control/disable_local_storage', { params: clientPath(owner, channelId) }));

export const requestCancellation = (owner: ChannelOwner, channelId: string) =>
  viaPartner(owner)
    ? unwrap(
        api.POST('/api/v2/partners/{partner_id}/clients/{client_id}/channels/{channel_id}/control/cancellation_request', {
          params: partnerPath(owner, channelId),
        }),
      )
    : unwrap(api.POST('/api/v2/clients/{client_id}/channels/{channel_id}/control/cancellation_request', { params: clientPath(owner, channelId) }));

export const reactivateChannel = (owner: ChannelOwner, channelId: string) =>
  viaPartner(owner)
    ? unwrap(
        api.POST('/api/v2/partners/{partner_id}/clients/{client_id}/channels/{channel_id}/control/reactivate', {
          params: partnerPath(owner, channelId),
        }),
      )
    : unwrap(api.POST('/api/v2/clients/{client_id}/channels/{channel_id}/control/reactivate', { params: clientPath(owner, channelId) }));

// ---- Display name

export const changeDisplayName = (owner: ChannelOwner, channelId: string, displayName: string) =>
  viaPartner(owner)
    ? unwrap(
        api.POST('/api/v2/partners/{partner_id}/clients/{client_id}/channels/{channel_id}/control/change_display_name', {
          params: { path: { partner_id: owner.partnerId, client_id: owner.clientId, channel_id: channelId } },
          body: { display_name: displayName.trim() },
        }),
      )
    : unwrap(
        api.POST('/api/v2/clients/{client_id}/channels/{channel_id}/control/change_display_name', {
          params: { path: { client_id: owner.clientId, channel_id: channelId } },
          body: { display_name: displayName.trim() },
        }),
      );
