package onboarding

import "github.com/partnerhub/partnerhub/services/apperr"

// The codes this package returns. The number step also answers with the codes of the
// rules it shares with other flows: channels.ErrNumberAlreadyActive,
// channels.ErrProviderRefused, wabas' room codes, otp's code codes,
// registration.ErrLimitReached and users.ErrEmailTaken.
var (
	// ErrPartnerNotFound: the onboarding link names no active partner.
	ErrPartnerNotFound = apperr.Define("partner_not_found", apperr.NotFound,
		"The onboarding link names no active partner; check the link, or ask the partner for a new one.")
	// ErrManagedByAnotherPartner: the client belongs to another partner than the page's.
	ErrManagedByAnotherPartner = apperr.Define("managed_by_another_partner", apperr.Conflict,
		"The client is managed by another partner than the one whose onboarding page this is; it must request a partner change first.")
	// ErrClientNotActive: the client is suspended or otherwise not active.
	ErrClientNotActive = apperr.Define("client_not_active", apperr.Conflict,
		"The client is not active, so numbers cannot be added through onboarding; the message says its status.")
	// ErrPlanRequired: a direct-payment client has not accepted the current terms.
	ErrPlanRequired = apperr.Define("plan_required", apperr.Conflict,
		"A client of a direct-payment partner must choose a plan and accept the current terms before adding a number.")
	// ErrAddingNumbersDisabled: the partner does not let clients add further numbers.
	ErrAddingNumbersDisabled = apperr.Define("adding_numbers_disabled", apperr.Forbidden,
		"The partner does not let clients add further numbers themselves; the partner adds them.")
	// ErrNoRedirectURL: the partner has no redirect URL to send the client back to.
	ErrNoRedirectURL = apperr.Define("no_redirect_url", apperr.Conflict,
		"The partner has not set its redirect URL, so the permission step cannot send the client back and shares nothing.")
)
