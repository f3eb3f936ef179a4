package apikeys

import "github.com/partnerhub/partnerhub/services/apperr"

// The codes this package returns.
var (
	ErrInvalidAPIKey      = apperr.Define("invalid_api_key", apperr.Unauthenticated, "The API key is unknown, revoked, expired, or of a number that no longer runs.")
	ErrIPNotAllowed       = apperr.Define("ip_not_allowed", apperr.Forbidden, "The API key has an IP allowlist and the request comes from another address.")
	ErrPermissionMissing  = apperr.Define("permission_missing", apperr.Forbidden, "The partner does not hold the key permission of this number, so it cannot generate its key.")
	ErrPartnerPayment     = apperr.Define("partner_payment", apperr.Forbidden, "On partner payment the partner generates the keys of the number and always holds the key permission.")
	ErrPermissionShared   = apperr.Define("permission_shared", apperr.Forbidden, "The partner holds the key permission of this number; the client withdraws it before generating a key of its own.")
	ErrChannelNotRunning  = apperr.Define("channel_not_running", apperr.Conflict, "The number is not running, so this cannot be done now; the message says its status.")
	ErrIdempotencyKeyUsed = apperr.Define("idempotency_key_used", apperr.Conflict, "The Idempotency-Key was used for a key that can no longer be shown again; send a new Idempotency-Key.")
	ErrAlreadyRevoked     = apperr.Define("already_revoked", apperr.Conflict, "The key is already revoked.")
)

// errPartnerPaymentConflict is partner_payment as the key-permission change answers it
// (409: the permission cannot move), where generating a key answers 403.
var errPartnerPaymentConflict = ErrPartnerPayment.WithKind(apperr.Conflict)
