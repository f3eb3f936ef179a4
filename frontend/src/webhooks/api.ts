/**
 * The partner webhook calls: its URL, signing secret and test events, the delivery log with its
 * attempts and redeliveries, and the operators' webhook health across partners, typed by the
 * generated OpenAPI schema. Like the schema, every answer field is optional.
 */
import { unwrap } from '../api/client';
import type { components } from '../api/schema';
import { api } from '../app/session';
import { listParams, type ListQuery } from '../ui/listQuery';

type Schemas = components['schemas'];
// The value lists below are checked against the schema's enums, so a change there fails the build.
type ValuesOf<T> = readonly NonNullable<T>[];

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

/** webhookHealth is the operators' view of webhook delivery across partners, worst first. */
export const webhookHealth = () => unwrap(api.GET('/api/v2/operator/webhooks/health'));
