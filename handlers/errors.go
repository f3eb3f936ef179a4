package handlers

import "github.com/partnerhub/partnerhub/services/apperr"

// The codes the HTTP layer itself answers with: requests it cannot read, routes that do not
// exist, and guards that refuse before any service runs.
var (
	ErrInvalidRequest         = apperr.Define("invalid_request", apperr.BadRequest, "The request lacks what the endpoint needs (e.g. a token request without username and password or refresh_token).")
	ErrBodyRequired           = apperr.Define("body_required", apperr.BadRequest, "The endpoint needs a JSON request body and none was sent.")
	ErrMalformedJSON          = apperr.Define("malformed_json", apperr.BadRequest, "The request body is not one valid JSON value (or is nested too deeply).")
	ErrWrongType              = apperr.Define("wrong_type", apperr.BadRequest, "A field of the body has the wrong JSON type; details names it and the type it must be.")
	ErrDuplicateKey           = apperr.Define("duplicate_key", apperr.BadRequest, "The body repeats a key; send each key once.")
	ErrKeyCaseMismatch        = apperr.Define("key_case_mismatch", apperr.BadRequest, "A key is spelled with other capitals than the field it names; keys are case-sensitive.")
	ErrBodyTooLarge           = apperr.Define("body_too_large", apperr.TooLarge, "The request body is larger than the endpoint accepts.")
	ErrUnsupportedMediaType   = apperr.Define("unsupported_media_type", apperr.UnsupportedMediaType, "The body is not sent as JSON (Content-Type: application/json).")
	ErrRouteNotFound          = apperr.Define("route_not_found", apperr.NotFound, "No endpoint or page has this path.")
	ErrMethodNotAllowed       = apperr.Define("method_not_allowed", apperr.MethodNotAllowed, "The path exists but does not take this HTTP method.")
	ErrCSRFFailed             = apperr.Define("csrf_failed", apperr.Forbidden, "A cookie-authenticated request came from another origin or without the X-CSRF-Token header.")
	ErrSessionRequired        = apperr.Define("session_required", apperr.Forbidden, "The endpoint needs a person signed in; API keys may not manage people, keys, passwords or sessions.")
	ErrReadOnlyKey            = apperr.Define("read_only_key", apperr.Forbidden, "The partner API key may only read, and the request would change something.")
	ErrPasswordChangeRequired = apperr.Define("password_change_required", apperr.Forbidden, "The user still has a one-time password and must change it before anything else.")
)

var errTooDeep = ErrMalformedJSON.New("The request body is nested too deeply.")
