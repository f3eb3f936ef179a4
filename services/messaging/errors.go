package messaging

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/partnerhub/partnerhub/services/apperr"
)

// A send the Cloud API refuses at once is a *MetaError: Meta's code, title and details
// and the HTTP status Meta answers with. The Messaging API routes answer it in Meta's
// error shape ({"error":{"message":"(#code) title","type":"OAuthException","code",
// "error_data":{"messaging_product","details"},"fbtrace_id"}}); anywhere else (the hub's
// test panel, support replies) it reads as the hub code below, through errors.As, so
// writeError answers it in the hub's envelope. Refusals that come later (a closed
// window, the messaging limit, an undeliverable recipient) are not errors: the message
// is accepted and fails with a failed status carrying Meta's code (see failure).

// The hub's codes for the Cloud API's refusals, answered on the hub's own routes.
var (
	ErrInvalidParameter       = apperr.Define("whatsapp_invalid_parameter", apperr.BadRequest, "The Cloud API refused the message body (Meta's code 100, Invalid parameter): not JSON, a field of the wrong type, or an unknown value; the message says which.")
	ErrParameterMissing       = apperr.Define("whatsapp_parameter_missing", apperr.Invalid, "The message lacks a field it needs (Meta's code 131008, Required parameter is missing); the message names it.")
	ErrParameterInvalid       = apperr.Define("whatsapp_parameter_invalid", apperr.Invalid, "A field of the message has a value WhatsApp does not take (Meta's code 131009, Parameter value is not valid): the recipient is not a number, a text is too long, a link is not https, a media id is unknown …")
	ErrUnsupportedMessageType = apperr.Define("whatsapp_unsupported_message_type", apperr.Invalid, "The message type is not one WhatsApp sends (Meta's code 131051, Unsupported message type).")
	ErrNumberNotRegistered    = apperr.Define("whatsapp_number_not_registered", apperr.Conflict, "The number is not running, so it cannot send (Meta's code 133010, Account not registered).")
	ErrRecipientNotAllowed    = apperr.Define("whatsapp_recipient_not_allowed", apperr.Forbidden, "A sandbox key may message only the WhatsApp user it was issued to (Meta's code 131030, Recipient phone number not in allowed list).")
	ErrSandboxLimit           = apperr.Define("whatsapp_sandbox_limit", apperr.Forbidden, "The sandbox key has sent all the messages it may send (Meta's code 131048, Spam rate limit hit).")
	ErrTemplateNotFound       = apperr.Define("whatsapp_template_not_found", apperr.NotFound, "The WABA has no approved template of this name in this language (Meta's code 132001, Template name does not exist in the translation).")
	ErrTemplatePaused         = apperr.Define("whatsapp_template_paused", apperr.Conflict, "The template is paused for low quality and cannot be sent for now (Meta's code 132015, Template is Paused).")
	ErrTemplateDisabled       = apperr.Define("whatsapp_template_disabled", apperr.Conflict, "The template was paused too often and is disabled for good (Meta's code 132016, Template is Disabled).")
	ErrTemplateParamCount     = apperr.Define("whatsapp_template_parameter_count", apperr.Invalid, "The message gives a template component another number of parameters than the template has (Meta's code 132000).")
	ErrTemplateParamFormat    = apperr.Define("whatsapp_template_parameter_format", apperr.Invalid, "A template parameter has the wrong kind, e.g. text for an image header (Meta's code 132012, Parameter format does not match format in the created template).")
	ErrThroughput             = apperr.Define("whatsapp_rate_limit", apperr.RateLimited, "The number sends as many messages per second as it may (Meta's code 130429, Rate limit hit); retry after a second.")
	ErrPairRateLimit          = apperr.Define("whatsapp_pair_rate_limit", apperr.RateLimited, "The number sent too many messages to this user in a short time (Meta's code 131056, pair rate limit hit); wait before the next.")
)

// MetaError is a refusal in the Cloud API's terms.
type MetaError struct {
	// HTTPStatus is the status Meta answers with (400 for most, 404 for an unknown template).
	HTTPStatus int
	// Code is Meta's error code, e.g. 131047.
	Code int
	// Title is Meta's title of the code, e.g. "Re-engagement message".
	Title string
	// Details says what was wrong with this request.
	Details string

	hub        apperr.Code
	retryAfter time.Duration
}

// Error implements error.
func (e *MetaError) Error() string { return fmt.Sprintf("(#%d) %s: %s", e.Code, e.Title, e.Details) }

// Message is the error's message as Meta writes it: "(#131047) Re-engagement message".
func (e *MetaError) Message() string { return fmt.Sprintf("(#%d) %s", e.Code, e.Title) }

// As lets errors.As read the refusal as the hub's *apperr.Error (its hub code and kind),
// so the hub's own routes answer it in their envelope.
func (e *MetaError) As(target any) bool {
	p, ok := target.(**apperr.Error)
	if !ok || e.hub.Name == "" {
		return false
	}
	a := e.hub.New(fmt.Sprintf("%s (#%d): %s", e.Title, e.Code, e.Details))
	a.RetryAfter = e.retryAfter
	*p = a
	return true
}

func metaError(hub apperr.Code, status, code int, title, details string) *MetaError {
	return &MetaError{HTTPStatus: status, Code: code, Title: title, Details: details, hub: hub}
}

// InvalidParameter is Meta's code 100: a body that is not JSON, a field of the wrong type,
// a value outside the few a field takes.
func InvalidParameter(details string) *MetaError {
	return metaError(ErrInvalidParameter, http.StatusBadRequest, 100, "Invalid parameter", details)
}

// ParameterMissing is Meta's code 131008: a required field is missing.
func ParameterMissing(details string) *MetaError {
	return metaError(ErrParameterMissing, http.StatusBadRequest, 131008, "Required parameter is missing", details)
}

// ParameterInvalid is Meta's code 131009: a field's value is not valid.
func ParameterInvalid(details string) *MetaError {
	return metaError(ErrParameterInvalid, http.StatusBadRequest, 131009, "Parameter value is not valid", details)
}

// UnsupportedMessageType is Meta's code 131051.
func UnsupportedMessageType(details string) *MetaError {
	return metaError(ErrUnsupportedMessageType, http.StatusBadRequest, 131051, "Unsupported message type", details)
}

// NumberNotRegistered is Meta's code 133010: the sending number is not registered (here:
// not running).
func NumberNotRegistered(details string) *MetaError {
	return metaError(ErrNumberNotRegistered, http.StatusBadRequest, 133010, "Account not registered", details)
}

// RecipientNotAllowed is Meta's code 131030: a sandbox key sending to anyone but its owner.
func RecipientNotAllowed(details string) *MetaError {
	return metaError(ErrRecipientNotAllowed, http.StatusBadRequest, 131030, "Recipient phone number not in allowed list", details)
}

// SandboxLimit is Meta's code 131048 for a sandbox key past its messages.
func SandboxLimit(details string) *MetaError {
	return metaError(ErrSandboxLimit, http.StatusBadRequest, 131048, "Spam rate limit hit", details)
}

// TemplateNotFound is Meta's code 132001, answered with 404 as Meta does.
func TemplateNotFound(details string) *MetaError {
	return metaError(ErrTemplateNotFound, http.StatusNotFound, 132001, "Template name does not exist in the translation", details)
}

// TemplatePaused is Meta's code 132015.
func TemplatePaused(details string) *MetaError {
	return metaError(ErrTemplatePaused, http.StatusBadRequest, 132015, "Template is Paused", details)
}

// TemplateDisabled is Meta's code 132016.
func TemplateDisabled(details string) *MetaError {
	return metaError(ErrTemplateDisabled, http.StatusBadRequest, 132016, "Template is Disabled", details)
}

// TemplateParamCount is Meta's code 132000.
func TemplateParamCount(details string) *MetaError {
	return metaError(ErrTemplateParamCount, http.StatusBadRequest, 132000, "Number of parameters does not match the expected number of params", details)
}

// TemplateParamFormat is Meta's code 132012.
func TemplateParamFormat(details string) *MetaError {
	return metaError(ErrTemplateParamFormat, http.StatusBadRequest, 132012, "Parameter format does not match format in the created template", details)
}

// Throughput is Meta's code 130429: the number's messages per second are used up.
func Throughput(details string) *MetaError {
	e := metaError(ErrThroughput, http.StatusBadRequest, 130429, "Rate limit hit", details)
	e.retryAfter = time.Second
	return e
}

// PairRateLimit is Meta's code 131056: too many messages to one user in a short time.
func PairRateLimit(details string, retryAfter time.Duration) *MetaError {
	e := metaError(ErrPairRateLimit, http.StatusBadRequest, 131056, "(Business Account, Consumer Account) pair rate limit hit", details)
	e.retryAfter = retryAfter
	return e
}

// failure is why an accepted message failed afterwards: Meta's code, title and details, as
// the failed status webhook carries them (errors[{code, title, message, error_data}]).
type failure struct {
	Code    int
	Title   string
	Details string
}

// The failures a send can end in.
var (
	failReEngagement = failure{131047, "Re-engagement message",
		"Message failed to send because more than 24 hours have passed since the customer last replied to this number."}
	failUndeliverable = failure{131026, "Message Undeliverable", "Message Undeliverable."}
)

// failTier is the messaging limit reached: the business may start conversations with at
// most limit users in a moving 24 hours.
func failTier(tier string, limit int) failure {
	return failure{131048, "Spam rate limit hit", fmt.Sprintf(
		"Message failed to send because this phone number has reached its messaging limit (%s: %d new users in 24 hours).", tier, limit)}
}

// fromError returns err for a service's caller: a refusal in Meta's terms stays one, the
// rest is classified by apperr.
func fromError(err error) error {
	var me *MetaError
	if errors.As(err, &me) {
		return me
	}
	return apperr.From(err)
}
