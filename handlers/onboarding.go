package handlers

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/partnerhub/partnerhub/services/channels"
	"github.com/partnerhub/partnerhub/services/onboarding"
)

// Integrated Onboarding: the API behind the page
// /dashboard/app/{partner_id}/permissions. Two public routes (the partner's page and the
// sign-up), then the wizard's steps under the signed-in client.

// onboardingPartner godoc
//
//	@Summary      The partner's onboarding page (public)
//	@Description  What the onboarding page shows before anyone signs in: brand, logo, billing model (direct payment asks for a plan and the terms before numbers are added), the plans, the current terms version, whether clients may add numbers, and whether the partner has a redirect URL (without one the permission step cannot send the client back). Unknown or inactive partners are a 404.
//	@Tags         onboarding
//	@Produce      json
//	@Param        partner_id  path      string  true  "Partner id (…PA)"
//	@Success      200         {object}  onboarding.PartnerInfo
//	@Failure      404         {object}  MetaEnvelope
//	@Router       /api/v2/onboarding/partners/{partner_id} [get]
func (s *Server) onboardingPartner(c *gin.Context) {
	info, err := s.hub.Onboarding.Partner(c.Request.Context(), c.Param("partner_id"))
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, info)
}

// SignupResponse is the answer to a sign-up: the same session as a browser sign-in
// (POST /api/v2/auth/login) plus the new client's id.
type SignupResponse struct {
	SessionResponse
	ClientID string `json:"client_id" example:"a1B2c3D4e5CL"`
}

// onboardingSignup godoc
//
//	@Summary      Sign up as a new client of the partner (public)
//	@Description  Creates a client of the partner (name and organisation from "organisation", partner_payload from the link's "partner" parameter) and its first client admin, who keeps the chosen password (12–256 characters), announces client_created, and opens a browser session exactly like POST /api/v2/auth/login: refresh token in the httpOnly ph_refresh cookie, CSRF cookie ph_csrf, access token in the body. An email that already has an account is a 409 email_taken ("sign in instead": existing clients use /api/v2/auth/login). At most 10 sign-up attempts per IP address per hour (429 + Retry-After). Cross-origin browser requests are refused (403 csrf_failed) and the body must be JSON (415).
//	@Tags         onboarding
//	@Accept       json
//	@Produce      json
//	@Param        partner_id  path      string             true  "Partner id (…PA)"
//	@Param        body        body      onboarding.Signup  true  "The person and the company"
//	@Success      201         {object}  SignupResponse
//	@Failure      400         {object}  MetaEnvelope
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Failure      409         {object}  MetaEnvelope
//	@Failure      413         {object}  MetaEnvelope
//	@Failure      415         {object}  MetaEnvelope
//	@Failure      422         {object}  MetaEnvelope
//	@Failure      429         {object}  MetaEnvelope
//	@Router       /api/v2/onboarding/partners/{partner_id}/signup [post]
func (s *Server) onboardingSignup(c *gin.Context) {
	var body onboarding.Signup
	if !bindJSON(c, &body) {
		return
	}
	res, err := s.hub.Onboarding.SignUp(c.Request.Context(), c.Param("partner_id"), body, clientOf(c))
	if err != nil {
		writeError(c, err)
		return
	}
	s.setSessionCookies(c, res.Session)
	c.JSON(http.StatusCreated, SignupResponse{SessionResponse: sessionResponse(res.Session), ClientID: res.ClientID})
}

// onboardingState godoc
//
//	@Summary      The onboarding wizard's state for a client
//	@Description  Everything the wizard needs in one call: whether the client belongs to the page's partner (false: it is managed by another partner and needs a partner change; the steps answer 409 managed_by_another_partner), its plan and accepted terms, whether a plan is still required (direct payment), whether it may add numbers now (with the reason and error code when not), its WABAs with room, and its numbers with their key permission. Client users of the client and platform staff.
//	@Tags         onboarding
//	@Produce      json
//	@Param        client_id   path      string  true   "Client id (…CL)"
//	@Param        partner_id  query     string  false  "The page's partner (…PA); default: the client's own partner"
//	@Success      200         {object}  onboarding.State
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Router       /api/v2/clients/{client_id}/onboarding [get]
func (s *Server) onboardingState(c *gin.Context) {
	st, err := s.hub.Onboarding.State(c.Request.Context(), c.Param("client_id"), c.Query("partner_id"))
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, st)
}

// onboardingPlan godoc
//
//	@Summary      Choose the plan and accept the terms
//	@Description  The direct-payment step before numbers: plan basic, regular or premium; accept_terms must be true and terms_version the current version (see GET /api/v2/onboarding/partners/{partner_id}), each refused with a 422 in words otherwise. Audited; announces client.updated. Answers the new state. Client admins (and platform admins).
//	@Tags         onboarding
//	@Accept       json
//	@Produce      json
//	@Param        client_id  path      string                 true  "Client id (…CL)"
//	@Param        body       body      onboarding.PlanChoice  true  "Plan and terms"
//	@Success      200        {object}  onboarding.State
//	@Failure      400        {object}  MetaEnvelope
//	@Failure      403        {object}  MetaEnvelope
//	@Failure      404        {object}  MetaEnvelope
//	@Failure      409        {object}  MetaEnvelope
//	@Failure      422        {object}  MetaEnvelope
//	@Router       /api/v2/clients/{client_id}/onboarding/plan [post]
func (s *Server) onboardingPlan(c *gin.Context) {
	var body onboarding.PlanChoice
	if !bindJSON(c, &body) {
		return
	}
	st, err := s.hub.Onboarding.ChoosePlan(c.Request.Context(), c.Param("client_id"), body)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, st)
}

// onboardingStartNumber godoc
//
//	@Summary      Add a number: send the verification code
//	@Description  The Embedded Signup step: business, an existing WABA of the client (waba_id) or a new one (new_waba; currency ISO 4217, default USD; timezone IANA, default UTC), display name, phone number (international format) and sms or voice. Checks everything first and sends a 6-digit code to the number (the simulator inbox), valid 10 minutes; nothing is registered until verify. Refusals: 409 managed_by_another_partner, 409 plan_required (direct payment without plan and current terms), 403 adding_numbers_disabled (the partner does not let clients with a number add more: ask the partner), 422 invalid number or fields, 409 number_already_active, 404 WABA not the client's, 409 waba_number_limit / waba_unverified_limit / client_max_channels, 429 registration_limit_reached (number blocked; Retry-After). Client admins (and platform admins).
//	@Tags         onboarding
//	@Accept       json
//	@Produce      json
//	@Param        client_id  path      string                    true  "Client id (…CL)"
//	@Param        body       body      onboarding.NumberRequest  true  "The number"
//	@Success      201        {object}  onboarding.NumberSignup
//	@Failure      400        {object}  MetaEnvelope
//	@Failure      403        {object}  MetaEnvelope
//	@Failure      404        {object}  MetaEnvelope
//	@Failure      409        {object}  MetaEnvelope
//	@Failure      422        {object}  MetaEnvelope
//	@Failure      429        {object}  MetaEnvelope
//	@Router       /api/v2/clients/{client_id}/onboarding/numbers [post]
func (s *Server) onboardingStartNumber(c *gin.Context) {
	var body onboarding.NumberRequest
	if !bindJSON(c, &body) {
		return
	}
	res, err := s.hub.Onboarding.StartNumber(c.Request.Context(), c.Param("client_id"), body)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusCreated, res)
}

// OnboardingResendBody asks for a new code, optionally by the other method.
type OnboardingResendBody struct {
	Method string `json:"method,omitempty" enums:"sms,voice"`
}

// onboardingResendCode godoc
//
//	@Summary      Add a number: send a new code
//	@Description  Sends a fresh code for the number step (the previous one stops working), by sms or voice ("" keeps the method). Not before resend_at (429 + Retry-After); at most 5 codes per step.
//	@Tags         onboarding
//	@Accept       json
//	@Produce      json
//	@Param        client_id  path      string                true   "Client id (…CL)"
//	@Param        signup_id  path      string                true   "Number step id (…OT)"
//	@Param        body       body      OnboardingResendBody  false  "Method"
//	@Success      200        {object}  onboarding.NumberSignup
//	@Failure      400        {object}  MetaEnvelope
//	@Failure      403        {object}  MetaEnvelope
//	@Failure      404        {object}  MetaEnvelope
//	@Failure      409        {object}  MetaEnvelope
//	@Failure      422        {object}  MetaEnvelope
//	@Failure      429        {object}  MetaEnvelope
//	@Router       /api/v2/clients/{client_id}/onboarding/numbers/{signup_id}/resend [post]
func (s *Server) onboardingResendCode(c *gin.Context) {
	var body OnboardingResendBody
	if !bindOptionalJSON(c, &body) {
		return
	}
	res, err := s.hub.Onboarding.ResendCode(c.Request.Context(), c.Param("client_id"), c.Param("signup_id"), body.Method)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, res)
}

// OnboardingVerifyBody is the code the phone received.
type OnboardingVerifyBody struct {
	Code string `json:"code" example:"123456"`
}

// OnboardingNumberAdded is the number the verify step registered.
type OnboardingNumberAdded struct {
	Channel channels.View `json:"channel"`
}

// onboardingVerifyNumber godoc
//
//	@Summary      Add a number: verify the code and register the number
//	@Description  Checks the code (wrong: 422 with the attempts left; the 5th wrong code fails the step, 409), counts a number registration against Meta's limit (429 registration_limit_reached + Retry-After when refused), creates the new WABA if one was asked for, and creates the channel (status created; it moves on to running on the provider's schedule; channel_created is announced). The key permission starts as the billing model says (shared on partner payment, missing on direct payment until the permission step).
//	@Tags         onboarding
//	@Accept       json
//	@Produce      json
//	@Param        client_id  path      string                true  "Client id (…CL)"
//	@Param        signup_id  path      string                true  "Number step id (…OT)"
//	@Param        body       body      OnboardingVerifyBody  true  "The code"
//	@Success      201        {object}  OnboardingNumberAdded
//	@Failure      400        {object}  MetaEnvelope
//	@Failure      403        {object}  MetaEnvelope
//	@Failure      404        {object}  MetaEnvelope
//	@Failure      409        {object}  MetaEnvelope
//	@Failure      422        {object}  MetaEnvelope
//	@Failure      429        {object}  MetaEnvelope
//	@Router       /api/v2/clients/{client_id}/onboarding/numbers/{signup_id}/verify [post]
func (s *Server) onboardingVerifyNumber(c *gin.Context) {
	var body OnboardingVerifyBody
	if !bindJSON(c, &body) {
		return
	}
	ch, err := s.hub.Onboarding.VerifyNumber(c.Request.Context(), c.Param("client_id"), c.Param("signup_id"), body.Code)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusCreated, OnboardingNumberAdded{Channel: ch})
}

// onboardingPermissions godoc
//
//	@Summary      Share numbers with the partner and get the redirect
//	@Description  The permission screen. Direct payment: the selected numbers get key_permission shared, and the client's other shared numbers are withdrawn (the partner's keys for them are revoked at once) and listed in revoked. Partner payment: the permission is fixed; channels lists every number of the client and revoked is empty. redirect_to is redirect_url (if given) or the partner's redirect URL with exactly ?client=<id>&channels=[<a>,<b>] then &revoked=[<c>] only when non-empty, then &state=<state> (URL-encoded) when given; ids are raw (no quotes, brackets and commas not encoded); a base URL with a query is continued with &. redirect_url must be an absolute http(s) URL with the same origin (scheme, host, port) as the partner's redirect URL (422 otherwise; this prevents open redirects). A partner without a redirect URL is a 409 no_redirect_url and nothing changes. Client admins (and platform admins).
//	@Tags         onboarding
//	@Accept       json
//	@Produce      json
//	@Param        client_id  path      string                        true  "Client id (…CL)"
//	@Param        body       body      onboarding.PermissionRequest  true  "The selection"
//	@Success      200        {object}  onboarding.PermissionResult
//	@Failure      400        {object}  MetaEnvelope
//	@Failure      403        {object}  MetaEnvelope
//	@Failure      404        {object}  MetaEnvelope
//	@Failure      409        {object}  MetaEnvelope
//	@Failure      422        {object}  MetaEnvelope
//	@Router       /api/v2/clients/{client_id}/onboarding/permissions [post]
func (s *Server) onboardingPermissions(c *gin.Context) {
	var body onboarding.PermissionRequest
	if !bindJSON(c, &body) {
		return
	}
	res, err := s.hub.Onboarding.SharePermissions(c.Request.Context(), c.Param("client_id"), body)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, res)
}
