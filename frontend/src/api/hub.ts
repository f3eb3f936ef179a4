/**
 * The calls the partner, portal and operator screens make, typed by the generated OpenAPI
 * schema. Screens go through these functions rather than naming paths themselves, so each path
 * and its parameters live in one place.
 */
import { api } from '../auth/session';
import { toApiError, unwrap } from './client';
import type {
  ChannelWebhook,
  ClientChanges,
  ListQuery,
  OtpChallenge,
  PartnerChanges,
  ProfileChanges,
  SimulatorControls,
  StorageRegion,
} from './shapes';

/** ListParams are the URL parameters every list endpoint takes. */
export interface ListParams {
  limit?: number;
  offset?: number;
  sort?: string;
  filters?: string;
}

/** listParams turns a list query into URL parameters; empty filters are left out. */
export function listParams(query: ListQuery): ListParams {
  const params: ListParams = {};
  if (query.limit !== undefined) params.limit = query.limit;
  if (query.offset !== undefined) params.offset = query.offset;
  if (query.sort) params.sort = query.sort;
  const filters = Object.fromEntries(Object.entries(query.filters ?? {}).filter(([, value]) => value !== ''));
  if (Object.keys(filters).length > 0) params.filters = JSON.stringify(filters);
  return params;
}

/** searchParams adds the free search text, for the endpoints that offer it. */
export function searchParams(query: ListQuery): ListParams & { q?: string } {
  const q = query.q?.trim();
  return q ? { ...listParams(query), q } : listParams(query);
}

// ---- Partner

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

// ---- Clients

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

// ---- Channels

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

// ---- Partner webhook

const partnerParams = (partnerId: string) => ({ path: { partner_id: partnerId } });

export const getPartnerWebhookUrl = (partnerId: string) =>
  unwrap(api.GET('/api/v2/partners/{partner_id}/webhook_url', { params: partnerParams(partnerId) }));

/** setPartnerWebhookUrl stores where partner events go; an empty URL removes the webhook. */
export const setPartnerWebhookUrl = (partnerId: string, url: string) =>
  unwrap(api.POST('/api/v2/partners/{partner_id}/webhook_url', { params: partnerParams(partnerId), body: { webhook_url: url } }));

/** testPartnerWebhook sends a signed "webhook.test" event now (409 no_webhook without a URL). */
export const testPartnerWebhook = (partnerId: string) =>
  unwrap(api.POST('/api/v2/partners/{partner_id}/webhook_url/test', { params: partnerParams(partnerId) }));

/** rotateWebhookSecret creates the signing secret or replaces it; the answer is the only time it is shown. */
export const rotateWebhookSecret = (partnerId: string) =>
  unwrap(api.POST('/api/v2/partners/{partner_id}/webhook_secret', { params: partnerParams(partnerId) }));

export const listWebhookDeliveries = (partnerId: string, query: ListQuery) =>
  unwrap(api.GET('/api/v2/partners/{partner_id}/webhook_deliveries', { params: { ...partnerParams(partnerId), query: listParams(query) } }));

/** listDeliveryAttempts pages through the attempts of one delivery, newest first. */
export const listDeliveryAttempts = (partnerId: string, deliveryId: number, page: { limit: number; offset: number }) =>
  unwrap(
    api.GET('/api/v2/partners/{partner_id}/webhook_attempts', {
      // The delivery id is a number in the filter, as the column is.
      params: { ...partnerParams(partnerId), query: { ...page, sort: '-id', filters: JSON.stringify({ delivery_id: deliveryId }) } },
    }),
  );

/** redeliverWebhook queues a delivered or failed delivery again (409 already_pending while it is queued). */
export const redeliverWebhook = (partnerId: string, deliveryId: number) =>
  unwrap(
    api.POST('/api/v2/partners/{partner_id}/webhook_deliveries/{delivery_id}/redeliver', {
      params: { path: { partner_id: partnerId, delivery_id: deliveryId } },
    }),
  );

/** redeliverFailedWebhooks queues again every failed delivery created in [from, to) (RFC 3339). */
export const redeliverFailedWebhooks = (partnerId: string, from: string, to: string) =>
  unwrap(api.POST('/api/v2/partners/{partner_id}/webhook_deliveries/redeliver_failed', { params: partnerParams(partnerId), body: { from, to } }));

// ---- Audit log

export const listAuditLogs = (partnerId: string, query: ListQuery) =>
  unwrap(api.GET('/api/v2/partners/{partner_id}/audit_logs', { params: { path: { partner_id: partnerId }, query: listParams(query) } }));

// ---- Operator

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

/** webhookHealth is the operators' view of webhook delivery across partners, worst first. */
export const webhookHealth = () => unwrap(api.GET('/api/v2/operator/webhooks/health'));
