package handlers

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/partnerhub/partnerhub/services/apikeys/keyformat"
	"github.com/partnerhub/partnerhub/services/apperr"
)

// Meta is the Partner API's status block, in errors and in action responses: {"meta": {"success", "http_code", "developer_message", "code", "details"}}.
type Meta struct {
	Success          bool     `json:"success"`
	HTTPCode         int      `json:"http_code" example:"422"`
	DeveloperMessage string   `json:"developer_message" example:"The request has invalid fields."`
	Details          []string `json:"details,omitempty" example:"email: must be a valid email address"`
	// Code is a stable identifier of the error for programs to match on.
	Code string `json:"code,omitempty" example:"validation_failed"`
}

// MetaEnvelope wraps Meta: every error body, and the body of actions that return no resource.
type MetaEnvelope struct {
	Meta Meta `json:"meta"`
}

// statusOf is the one place where an error kind becomes an HTTP status.
var statusOf = map[apperr.Kind]int{
	apperr.BadRequest:           http.StatusBadRequest,
	apperr.Invalid:              http.StatusUnprocessableEntity,
	apperr.Unauthenticated:      http.StatusUnauthorized,
	apperr.Forbidden:            http.StatusForbidden,
	apperr.NotFound:             http.StatusNotFound,
	apperr.Conflict:             http.StatusConflict,
	apperr.TooLarge:             http.StatusRequestEntityTooLarge,
	apperr.UnsupportedMediaType: http.StatusUnsupportedMediaType,
	apperr.RateLimited:          http.StatusTooManyRequests,
	apperr.MethodNotAllowed:     http.StatusMethodNotAllowed,
	apperr.Internal:             http.StatusInternalServerError,
}

// writeError answers with err in the meta envelope. Internal errors are logged with the
// request id and answered without their details.
//
// Errors: internal.
func writeError(c *gin.Context, err error) {
	if errors.Is(err, context.Canceled) && c.Request.Context().Err() != nil {
		// The client went away; nobody reads an answer, and it is not a server error.
		logger(c).Debug("client closed the request", "error", err.Error())
		c.AbortWithStatus(statusClientClosedRequest)
		return
	}
	e := apperr.As(err)
	status, ok := statusOf[e.Kind]
	if !ok {
		status = http.StatusInternalServerError
	}
	if status >= 500 {
		logger(c).Error("request failed", "error", redact(err.Error()), "code", e.Code)
		e = apperr.ErrInternal.New("Internal error. Quote the request id " + requestID(c) + " when reporting it.")
	} else if e.Err != nil {
		logger(c).Debug("request refused", "code", e.Code, "cause", redact(e.Err.Error()))
	}
	if e.Kind == apperr.RateLimited && e.RetryAfter > 0 {
		c.Header("Retry-After", itoaCeilSeconds(e.RetryAfter))
	}
	if e.Kind == apperr.Unauthenticated {
		c.Header("WWW-Authenticate", `Bearer realm="partnerhub"`)
	}
	c.AbortWithStatusJSON(status, MetaEnvelope{Meta: Meta{
		Success: false, HTTPCode: status, DeveloperMessage: e.Message, Details: e.Details, Code: e.Code,
	}})
}

// writeOK answers an action that returns no resource.
func writeOK(c *gin.Context, message string) {
	c.JSON(http.StatusOK, MetaEnvelope{Meta: Meta{Success: true, HTTPCode: http.StatusOK, DeveloperMessage: message}})
}

// statusClientClosedRequest is nginx's conventional status for a request the client
// abandoned; it only reaches logs and metrics.
const statusClientClosedRequest = 499

// maxBodyBytes bounds every request body (413 beyond it).
const maxBodyBytes = 1 << 20

// bindJSON decodes the request body into dst, writing the error envelope itself when it
// cannot; it reports whether to go on.
func bindJSON(c *gin.Context, dst any) bool {
	if err := decodeJSON(c, dst); err != nil {
		writeError(c, err)
		return false
	}
	return true
}

// bindOptionalJSON is bindJSON for routes whose body may be left out: no body leaves dst as
// it is, whatever the Content-Type; a body, when sent, must be a valid JSON object like any
// other (pass &struct{}{} on routes that take none, so a garbled body is still a 400 rather
// than silently ignored).
func bindOptionalJSON(c *gin.Context, dst any) bool {
	raw, err := readBody(c)
	if err == nil && len(raw) > 0 {
		err = unmarshalBody(c, raw, dst)
	}
	if err != nil {
		writeError(c, err)
		return false
	}
	return true
}

// decodeJSON decodes the request body into dst, strictly (docs/ARCHITECTURE.md, "API
// conventions"): the body must be sent as JSON (415 otherwise), be one JSON value, repeat
// no key in any object (400 duplicate_key), and spell each key of a known field exactly
// as documented (400 key_case_mismatch); malformed JSON and wrong types are a 400 naming
// the field; an oversize body is a 413. Unknown fields are ignored (integrations send
// extra fields).
//
// Errors: body_required.
func decodeJSON(c *gin.Context, dst any) error {
	raw, err := readBody(c)
	if err != nil {
		return err
	}
	if len(raw) == 0 {
		return ErrBodyRequired.New("A JSON request body is required.")
	}
	return unmarshalBody(c, raw, dst)
}

// readBody reads the whole request body (at most maxBodyBytes, which limitBody enforces);
// no body reads as empty.
func readBody(c *gin.Context) ([]byte, error) {
	if c.Request.Body == nil || c.Request.Body == http.NoBody || c.Request.ContentLength == 0 {
		return nil, nil
	}
	raw, err := io.ReadAll(c.Request.Body)
	if err != nil {
		return nil, decodeError(err)
	}
	return raw, nil
}

// unmarshalBody decodes raw, a non-empty body, into dst: the Content-Type must say JSON,
// one token pass refuses repeated and wrongly cased keys, then encoding/json decodes.
//
// Errors: malformed_json.
func unmarshalBody(c *gin.Context, raw []byte, dst any) error {
	if err := requireJSONContent(c.Request); err != nil {
		return err
	}
	if err := checkJSONKeys(raw, reflect.TypeOf(dst)); err != nil {
		var appErr *apperr.Error
		if errors.As(err, &appErr) {
			return appErr
		}
		return decodeError(err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(dst); err != nil {
		var appErr *apperr.Error
		if errors.As(err, &appErr) {
			return appErr // a type's own UnmarshalJSON refused a value
		}
		return decodeError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return ErrMalformedJSON.New("The request body must be a single JSON value.")
	}
	return nil
}

// requireJSONContent refuses (415) a request whose Content-Type is not JSON:
// application/json or any application/*+json type, parameters allowed, and if a charset
// is given it must be UTF-8 (RFC 8259 §8.1). Without this check a page on another site
// could post JSON as text/plain — a "simple" request that needs no CORS preflight.
//
// Errors: unsupported_media_type.
func requireJSONContent(r *http.Request) error {
	header := r.Header.Get("Content-Type")
	if isJSONMediaType(header) {
		return nil
	}
	got := "no Content-Type"
	if header != "" {
		if len(header) > 100 {
			header = header[:100] + "…"
		}
		got = strconv.Quote(header)
	}
	e := ErrUnsupportedMediaType.New("The request body must be JSON, sent with Content-Type: application/json.")
	e.Details = []string{"Content-Type: got " + got}
	return e
}

// isJSONMediaType reports whether a Content-Type header names JSON in UTF-8.
func isJSONMediaType(header string) bool {
	mt, params, err := mime.ParseMediaType(header)
	if err != nil {
		return false
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return false
	}
	return mt == "application/json" || (strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json"))
}

// Errors: body_too_large, wrong_type, malformed_json.
func decodeError(err error) error {
	var (
		tooBig  *http.MaxBytesError
		typeErr *json.UnmarshalTypeError
		synErr  *json.SyntaxError
	)
	switch {
	case errors.As(err, &tooBig):
		return ErrBodyTooLarge.Newf("The request body is larger than %d bytes.", maxBodyBytes)
	case errors.As(err, &typeErr):
		field := typeErr.Field
		if field == "" {
			field = "body"
		}
		e := ErrWrongType.New("A field has the wrong type.")
		e.Details = []string{fmt.Sprintf("%s: must be %s", field, jsonType(typeErr.Type.Kind().String()))}
		return e
	case errors.As(err, &synErr), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return ErrMalformedJSON.New("The request body is not valid JSON.")
	}
	return ErrMalformedJSON.New("The request body could not be read.").Wrap(err)
}

func jsonType(goKind string) string {
	switch {
	case goKind == "string":
		return "a string"
	case goKind == "bool":
		return "true or false"
	case strings.HasPrefix(goKind, "int"), strings.HasPrefix(goKind, "uint"), strings.HasPrefix(goKind, "float"):
		return "a number"
	case goKind == "slice", goKind == "array":
		return "an array"
	}
	return "an object"
}

func itoa(n int) string { return strconv.Itoa(n) }

func logger(c *gin.Context) *slog.Logger {
	if l, ok := c.Get(loggerKey); ok {
		return l.(*slog.Logger)
	}
	return slog.Default()
}

func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// redact masks any API key in text before it reaches a log.
func redact(text string) string {
	out, _ := keyformat.Redact(text)
	return out
}
