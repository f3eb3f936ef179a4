/**
 * The message-template calls of a WABA, typed by the generated OpenAPI schema: partner staff reach
 * them under their partner (platform staff too, reading any partner), client users under their
 * client, and the operator's simulator decides a review. The template screens go through these
 * functions, so each path lives in one place.
 */
import { unwrap } from '../api/client';
import type { components } from '../api/schema';
import { api } from '../app/session';
import { listParams, type ListQuery } from '../ui/listQuery';
import type { Category, Component } from './rules';

type Schemas = components['schemas'];
// The value lists below are checked against the schema's enums, so a change there fails the build.
type ValuesOf<T> = readonly NonNullable<T>[];

type View = Schemas['templates.View'];

/** WabaTemplate is one message template of a WABA; its components are in Meta's shape (see rules.ts). */
export type WabaTemplate = Omit<View, 'components'> & { components?: Component[] };

/** Waba is one WhatsApp Business Account of a client. */
export type Waba = Schemas['wabas.View'];

export const templateStatuses = ['submitted', 'approved', 'rejected', 'paused', 'disabled', 'deleted'] as const satisfies ValuesOf<View['status']>;
export const templateCategories = ['MARKETING', 'UTILITY', 'AUTHENTICATION'] as const satisfies ValuesOf<View['category']>;
export const qualityScores = ['GREEN', 'YELLOW', 'RED', 'UNKNOWN'] as const satisfies ValuesOf<View['quality_score']>;
export const rejectionReasons = ['INVALID_FORMAT', 'INCORRECT_CATEGORY', 'ABUSIVE_CONTENT', 'SCAM', 'NONE'] as const satisfies ValuesOf<View['rejected_reason']>;

/** TemplateOwner is whose WABA it is: partner staff name the partner (and client, for its WABAs), client users only their client. */
export type TemplateOwner = { partnerId: string; clientId: string } | { partnerId?: undefined; clientId: string };

/** NewTemplate is what a create sends: Meta's create body. */
export type NewTemplate = Schemas['templates.Draft'] & { name: string; language: string; category: Category; components: Component[] };

/** TemplateEdit is what an edit sends: the components, and the category when it changes. */
export type TemplateEdit = Schemas['templates.Edit'] & { components: Component[]; category?: Category };

/** SimulatorDecision is what the operator makes the simulated review report for a template. */
export type SimulatorDecision = Schemas['templates.Control'] &
  (
    | { action: 'approve' | 'pause' | 'disable' }
    | { action: 'reject'; rejected_reason: (typeof rejectionReasons)[number] }
    | { action: 'quality'; quality_score: (typeof qualityScores)[number] }
  );

const viaPartner = (owner: TemplateOwner): owner is { partnerId: string; clientId: string } => owner.partnerId !== undefined;

// The answers' components are Meta's objects, which the schema leaves open.
const typed = (template: View) => template as WabaTemplate;

// ---- WABAs

/** listWabas lists the WABAs of a client: through the partner for partner and platform staff, the own ones for client users. */
export const listWabas = (owner: TemplateOwner) =>
  viaPartner(owner)
    ? unwrap(
        api.GET('/api/v2/partners/{partner_id}/clients/{client_id}/waba_accounts', {
          params: { path: { partner_id: owner.partnerId, client_id: owner.clientId } },
        }),
      )
    : unwrap(api.GET('/api/v2/clients/{client_id}/waba_accounts', { params: { path: { client_id: owner.clientId } } }));

// ---- Templates

/** listTemplates pages through a WABA's templates; filters.q finds names holding the text. */
export async function listTemplates(owner: TemplateOwner, wabaId: string, query: ListQuery) {
  const page = viaPartner(owner)
    ? await unwrap(
        api.GET('/api/v2/partners/{partner_id}/waba_accounts/{waba_id}/waba_templates', {
          params: { path: { partner_id: owner.partnerId, waba_id: wabaId }, query: listParams(query) },
        }),
      )
    : await unwrap(
        api.GET('/api/v2/clients/{client_id}/waba_accounts/{waba_id}/waba_templates', {
          params: { path: { client_id: owner.clientId, waba_id: wabaId }, query: listParams(query) },
        }),
      );
  return { ...page, waba_templates: (page.waba_templates ?? []).map(typed) };
}

export const createTemplate = async (owner: TemplateOwner, wabaId: string, template: NewTemplate) =>
  typed(
    viaPartner(owner)
      ? await unwrap(
          api.POST('/api/v2/partners/{partner_id}/waba_accounts/{waba_id}/waba_templates', {
            params: { path: { partner_id: owner.partnerId, waba_id: wabaId } },
            body: template,
          }),
        )
      : await unwrap(
          api.POST('/api/v2/clients/{client_id}/waba_accounts/{waba_id}/waba_templates', {
            params: { path: { client_id: owner.clientId, waba_id: wabaId } },
            body: template,
          }),
        ),
  );

export const editTemplate = async (owner: TemplateOwner, wabaId: string, templateId: string, edit: TemplateEdit) =>
  typed(
    viaPartner(owner)
      ? await unwrap(
          api.PATCH('/api/v2/partners/{partner_id}/waba_accounts/{waba_id}/waba_templates/{template_id}', {
            params: { path: { partner_id: owner.partnerId, waba_id: wabaId, template_id: templateId } },
            body: edit,
          }),
        )
      : await unwrap(
          api.PATCH('/api/v2/clients/{client_id}/waba_accounts/{waba_id}/waba_templates/{template_id}', {
            params: { path: { client_id: owner.clientId, waba_id: wabaId, template_id: templateId } },
            body: edit,
          }),
        ),
  );

export const deleteTemplate = async (owner: TemplateOwner, wabaId: string, templateId: string) =>
  typed(
    viaPartner(owner)
      ? await unwrap(
          api.DELETE('/api/v2/partners/{partner_id}/waba_accounts/{waba_id}/waba_templates/{template_id}', {
            params: { path: { partner_id: owner.partnerId, waba_id: wabaId, template_id: templateId } },
          }),
        )
      : await unwrap(
          api.DELETE('/api/v2/clients/{client_id}/waba_accounts/{waba_id}/waba_templates/{template_id}', {
            params: { path: { client_id: owner.clientId, waba_id: wabaId, template_id: templateId } },
          }),
        ),
  );

/** simulateReview makes the simulated provider decide a template's review, pause or disable it, or set its quality (platform admins). */
export const simulateReview = async (templateId: string, decision: SimulatorDecision) =>
  typed(
    await unwrap(
      api.POST('/api/v2/operator/simulator/templates/{template_id}', {
        params: { path: { template_id: templateId } },
        body: decision,
      }),
    ),
  );
