package auth

import "github.com/partnerhub/partnerhub/services/apperr"

// The codes this package returns.
var (
	ErrInvalidCredentials = apperr.Define("invalid_credentials", apperr.Unauthenticated, "The email or password is wrong (an unknown account answers the same way).")
	ErrLoginThrottled     = apperr.Define("login_throttled", apperr.RateLimited, "Too many failed sign-ins for this account or address; Retry-After says when to try again.")
	ErrInvalidToken       = apperr.Define("invalid_token", apperr.Unauthenticated, "The access token is not one the hub issued, or is malformed.")
	ErrTokenExpired       = apperr.Define("token_expired", apperr.Unauthenticated, "The access token has expired; refresh the session.")
	ErrSessionEnded       = apperr.Define("session_ended", apperr.Unauthenticated, "The session was ended (signed out, password changed, or access changed); sign in again.")
	ErrSessionExpired     = apperr.Define("session_expired", apperr.Unauthenticated, "The refresh token is revoked or expired; sign in again.")
	ErrRefreshTokenReused = apperr.Define("refresh_token_reused", apperr.Unauthenticated, "A refresh token was used twice, so its whole session was ended; sign in again.")
)

var (
	errSessionEnded       = ErrSessionEnded.New("This session has ended (signed out, password changed, or access changed). Sign in again.")
	errInvalidCredentials = ErrInvalidCredentials.New("The email or password is wrong.")
)
