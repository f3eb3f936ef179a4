/**
 * The shapes of the partner, client, channel and operator resources, named after the generated
 * OpenAPI schema, plus the fixed value lists the screens offer. Like the schema, every answer
 * field is optional, and a field the server leaves unset may arrive as null: screens never rely
 * on a field being present.
 */
import type { components } from './schema';

type Schemas = components['schemas'];

/** ListQuery asks a list endpoint for one page: sort is a field, "-" first for descending. */
export interface ListQuery {
  limit?: number;
  offset?: number;
  sort?: string;
  filters?: Record<string, string>;
  /** q is free search text, where the endpoint offers it. */
  q?: string;
}

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

export const clientStatuses = ['active', 'inactive', 'suspended'] as const satisfies ValuesOf<ClientAccount['status']>;
export const clientPlans = ['basic', 'regular', 'premium'] as const satisfies ValuesOf<ClientAccount['plan']>;

/** ContactInfo is a client's contact block. */
export type ContactInfo = Schemas['fieldtype.ContactInfo'];

/** ClientAccount is one client of a partner (ClientOut). */
export type ClientAccount = Schemas['clients.View'];

/** ClientChanges is what partner staff may PATCH on a client. */
export type ClientChanges = Schemas['clients.Patch'];

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

/** OtpChallenge is a code sent to the number that an action waits for. */
export type OtpChallenge = Schemas['handlers.OTPOut'];

/** AuditEntry is one line of a partner's audit log. */
export type AuditEntry = Schemas['auditlog.View'];

export const limitRaiseStatuses = ['pending', 'approved', 'rejected'] as const satisfies ValuesOf<LimitRaiseRequest['status']>;

/** LimitRaiseRequest asks the operator to raise a WABA's number limit. */
export type LimitRaiseRequest = Schemas['wabas.LimitRaiseView'];

/** SimulatorMessage is what the simulated provider "delivered" to a phone. */
export type SimulatorMessage = Schemas['handlers.SimulatorMessage'];

export const healthValues = ['AVAILABLE', 'LIMITED', 'BLOCKED'] as const satisfies ValuesOf<SimulatorControls['health']>;

/** SimulatorControls is what the operator may make the simulated provider report for a channel. */
export type SimulatorControls = Schemas['channels.ProviderUpdate'];

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

/** regionLabel names a region in words, e.g. "Germany (DE)". */
export const regionLabel = (code?: string | null) =>
  code ? `${storageRegions[code as StorageRegion] ?? code} (${code})` : 'Default storage';

// ---- Partner webhooks

export const deliveryStatuses = ['pending', 'delivered', 'failed'] as const satisfies ValuesOf<WebhookDelivery['status']>;

/** WebhookDelivery is one event on its way to the partner webhook, with its retry state. */
export type WebhookDelivery = Schemas['webhooks.DeliveryView'];

/** WebhookAttempt is one try of a delivery (or of a test event) as the delivery log keeps it. */
export type WebhookAttempt = Schemas['webhooks.AttemptView'];

/** SecretRotation is a newly created signing secret; the server shows it once. */
export type SecretRotation = Schemas['webhooks.SecretRotation'];

/** WebhookTestResult is what a webhook receiver did with a test event. */
export type WebhookTestResult = Schemas['webhooks.TestResult'] | Schemas['channels.WebhookTestResult'];

/** PartnerWebhookHealth is one partner's line of the operators' webhook health. */
export type PartnerWebhookHealth = Schemas['webhooks.PartnerHealth'];

// ---- API keys

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
