/**
 * The onboarding calls, typed by the generated OpenAPI schema. The partner's page
 * and the sign-up are public; the rest act for the signed-in client.
 */
import { toApiError, type ErrorEnvelope } from '../api/client';
import type { components } from '../api/schema';
import { api } from '../app/session';
import { withWait } from './words';

type Schemas = components['schemas'];

/** PartnerInfo is what the page shows about the partner before anyone signs in. */
export type PartnerInfo = Schemas['onboarding.PartnerInfo'];
/** OnboardingState is the wizard's view of a signed-in client on one partner's page. */
export type OnboardingState = Schemas['onboarding.State'];
export type WabaSummary = Schemas['onboarding.WABASummary'];
export type ChannelSummary = Schemas['onboarding.ChannelSummary'];
export type SignupBody = Schemas['onboarding.Signup'];
export type NumberRequest = Schemas['onboarding.NumberRequest'];
/** NumberSignup is a started number step: a code was sent and waits for the verify call. */
export type NumberSignup = Schemas['onboarding.NumberSignup'];
export type PermissionRequest = Schemas['onboarding.PermissionRequest'];
export type PermissionResult = Schemas['onboarding.PermissionResult'];
export type Plan = Schemas['onboarding.PlanChoice']['plan'];
export type Method = 'sms' | 'voice';

/**
 * unwrap returns the data of a successful call and throws an ApiError otherwise. Unlike the
 * shared one it keeps the server's reason of a 429 (a registration limit says until when the
 * number is blocked) and adds the wait in words.
 */
async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw withWait(toApiError(error, response), (error as ErrorEnvelope | undefined)?.meta?.developer_message);
  return data as T;
}

const clientPath = (clientId: string) => ({ path: { client_id: clientId } });

export const getOnboardingPartner = (partnerId: string) =>
  unwrap(api.GET('/api/v2/onboarding/partners/{partner_id}', { params: { path: { partner_id: partnerId } } }));

/** signUp creates the client and its first admin; the answer opens a session (cookie and token). */
export const signUp = (partnerId: string, body: SignupBody) =>
  unwrap(api.POST('/api/v2/onboarding/partners/{partner_id}/signup', { params: { path: { partner_id: partnerId } }, body }));

export const getOnboardingState = (clientId: string, partnerId: string) =>
  unwrap(api.GET('/api/v2/clients/{client_id}/onboarding', { params: { ...clientPath(clientId), query: { partner_id: partnerId } } }));

export const choosePlan = (clientId: string, partnerId: string, plan: Plan, termsVersion: string) =>
  unwrap(
    api.POST('/api/v2/clients/{client_id}/onboarding/plan', {
      params: clientPath(clientId),
      body: { partner_id: partnerId, plan, accept_terms: true, terms_version: termsVersion },
    }),
  );

export const startNumber = (clientId: string, body: NumberRequest) =>
  unwrap(api.POST('/api/v2/clients/{client_id}/onboarding/numbers', { params: clientPath(clientId), body }));

export const resendNumberCode = (clientId: string, signupId: string, method: Method) =>
  unwrap(
    api.POST('/api/v2/clients/{client_id}/onboarding/numbers/{signup_id}/resend', {
      params: { path: { client_id: clientId, signup_id: signupId } },
      body: { method },
    }),
  );

/** verifyNumber checks the code and registers the number; the answer carries the new channel. */
export const verifyNumber = (clientId: string, signupId: string, code: string) =>
  unwrap(
    api.POST('/api/v2/clients/{client_id}/onboarding/numbers/{signup_id}/verify', {
      params: { path: { client_id: clientId, signup_id: signupId } },
      body: { code },
    }),
  );

export const sharePermissions = (clientId: string, body: PermissionRequest) =>
  unwrap(api.POST('/api/v2/clients/{client_id}/onboarding/permissions', { params: clientPath(clientId), body }));
