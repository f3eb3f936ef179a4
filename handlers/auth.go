package handlers

import (
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/auth"
)

// TokenRequest is the Partner API token request: a hub user's email and password, or a
// refresh token to exchange.
type TokenRequest struct {
	Username     string `json:"username" example:"admin@acme-messaging.example"`
	Password     string `json:"password" example:"correct horse battery staple"`
	RefreshToken string `json:"refresh_token,omitempty"`
}

// TokenResponse is the Partner API token response.
type TokenResponse struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type" example:"bearer"`
	ExpiresIn    int    `json:"expires_in" example:"900"`
	RefreshToken string `json:"refresh_token"`
}

// OAuthError is the error shape of the token endpoint.
type OAuthError struct {
	Error            string `json:"error" example:"invalid_grant"`
	ErrorDescription string `json:"error_description" example:"The email or password is wrong."`
}

// token godoc
//
//	@Summary      Get an access token (Partner API)
//	@Description  Exchanges a Partner Hub user's email and password — or a refresh token — for a bearer access token (15 min) and a rotating refresh token. Errors use the OAuth shape {error, error_description}.
//	@Tags         auth
//	@Accept       json
//	@Produce      json
//	@Param        body  body      TokenRequest  true  "Credentials"
//	@Success      200   {object}  TokenResponse
//	@Failure      400   {object}  OAuthError
//	@Failure      401   {object}  OAuthError
//	@Failure      413   {object}  OAuthError
//	@Failure      415   {object}  OAuthError
//	@Failure      429   {object}  OAuthError
//	@Router       /api/v2/token [post]
//
// Errors: invalid_request.
func (s *Server) token(c *gin.Context) {
	var req TokenRequest
	if err := decodeJSON(c, &req); err != nil {
		writeOAuthError(c, err)
		return
	}
	var (
		sess *auth.Session
		err  error
	)
	switch {
	case req.Username != "" || req.Password != "":
		sess, err = s.hub.Auth.Login(c.Request.Context(), req.Username, req.Password, clientOf(c))
	case req.RefreshToken != "":
		sess, err = s.hub.Auth.Refresh(c.Request.Context(), req.RefreshToken, clientOf(c))
	default:
		err = ErrInvalidRequest.New("Send username and password, or refresh_token.")
	}
	if err != nil {
		writeOAuthError(c, err)
		return
	}
	c.JSON(http.StatusOK, TokenResponse{
		AccessToken: sess.AccessToken, TokenType: "bearer",
		ExpiresIn: int(sess.AccessExpiresIn / time.Second), RefreshToken: sess.RefreshToken,
	})
}

// writeOAuthError answers the token endpoint's errors in the OAuth shape (RFC 6749 §5.2).
func writeOAuthError(c *gin.Context, err error) {
	e := apperr.As(err)
	status, ok := statusOf[e.Kind]
	if !ok || status >= 500 {
		logger(c).Error("token request failed", "error", err.Error())
		c.AbortWithStatusJSON(http.StatusInternalServerError, OAuthError{"server_error", "Internal error."})
		return
	}
	code := "invalid_request"
	switch e.Kind {
	case apperr.Unauthenticated:
		code = "invalid_grant"
	case apperr.RateLimited:
		code = "slow_down"
		c.Header("Retry-After", itoaCeilSeconds(e.RetryAfter))
	}
	c.AbortWithStatusJSON(status, OAuthError{Error: code, ErrorDescription: e.Message})
}

// LoginRequest is a browser sign-in.
type LoginRequest struct {
	Email    string `json:"email" example:"admin@acme-messaging.example"`
	Password string `json:"password"`
}

// UserOut is a user as the API shows it.
type UserOut struct {
	ID                 string  `json:"id" example:"a1B2c3D4e5US"`
	Email              string  `json:"email"`
	Name               string  `json:"name"`
	Role               string  `json:"role" enums:"platform_admin,support_agent,partner_admin,partner_member,client_admin,client_member"`
	PartnerID          *string `json:"partner_id"`
	ClientID           *string `json:"client_id"`
	MustChangePassword bool    `json:"must_change_password"`
	// Disabled users were removed: they cannot sign in.
	Disabled  bool      `json:"disabled"`
	CreatedAt time.Time `json:"created_at"`
}

// SessionResponse is the body of a browser sign-in, refresh or password change. The
// refresh token travels only in the httpOnly ph_refresh cookie.
type SessionResponse struct {
	AccessToken        string  `json:"access_token"`
	TokenType          string  `json:"token_type" example:"bearer"`
	ExpiresIn          int     `json:"expires_in" example:"900"`
	MustChangePassword bool    `json:"must_change_password"`
	User               UserOut `json:"user"`
}

// login godoc
//
//	@Summary      Sign in (browser)
//	@Description  Checks email and password and opens a browser session: the refresh token is set in an httpOnly SameSite=Strict cookie (ph_refresh) with a CSRF cookie (ph_csrf); the access token is returned for the app to keep in memory. Cross-origin browser requests are refused (403 csrf_failed) and the body must be JSON (415). Failures lock the account from that IP after 5, the account after 10 and the IP after 100 within 15 minutes, with exponential back-off (429 + Retry-After).
//	@Tags         auth
//	@Accept       json
//	@Produce      json
//	@Param        body  body      LoginRequest  true  "Credentials"
//	@Success      200   {object}  SessionResponse
//	@Failure      400   {object}  MetaEnvelope
//	@Failure      401   {object}  MetaEnvelope
//	@Failure      403   {object}  MetaEnvelope
//	@Failure      413   {object}  MetaEnvelope
//	@Failure      415   {object}  MetaEnvelope
//	@Failure      429   {object}  MetaEnvelope
//	@Router       /api/v2/auth/login [post]
func (s *Server) login(c *gin.Context) {
	var req LoginRequest
	if !bindJSON(c, &req) {
		return
	}
	sess, err := s.hub.Auth.Login(c.Request.Context(), req.Email, req.Password, clientOf(c))
	if err != nil {
		writeError(c, err)
		return
	}
	s.writeSession(c, sess)
}

// refresh godoc
//
//	@Summary      Refresh the browser session
//	@Description  Exchanges the ph_refresh cookie for a new access token and rotates the cookie. Requires the X-CSRF-Token header to repeat the ph_csrf cookie. Reusing a rotated refresh token ends the whole session family.
//	@Tags         auth
//	@Produce      json
//	@Param        X-CSRF-Token  header    string  true  "Value of the ph_csrf cookie"
//	@Success      200           {object}  SessionResponse
//	@Failure      401           {object}  MetaEnvelope
//	@Failure      403           {object}  MetaEnvelope
//	@Router       /api/v2/auth/refresh [post]
func (s *Server) refresh(c *gin.Context) {
	token, _ := c.Cookie(refreshCookie)
	sess, err := s.hub.Auth.Refresh(c.Request.Context(), token, clientOf(c))
	if err != nil {
		s.clearSessionCookies(c)
		writeError(c, err)
		return
	}
	s.writeSession(c, sess)
}

// logout godoc
//
//	@Summary      Sign out (browser)
//	@Description  Ends the browser session (every token of its family) and clears the cookies. Requires X-CSRF-Token.
//	@Tags         auth
//	@Produce      json
//	@Param        X-CSRF-Token  header    string  true  "Value of the ph_csrf cookie"
//	@Success      200           {object}  MetaEnvelope
//	@Failure      403           {object}  MetaEnvelope
//	@Router       /api/v2/auth/logout [post]
func (s *Server) logout(c *gin.Context) {
	token, _ := c.Cookie(refreshCookie)
	if err := s.hub.Auth.Logout(c.Request.Context(), token); err != nil {
		writeError(c, err)
		return
	}
	s.clearSessionCookies(c)
	writeOK(c, "Signed out.")
}

// PasswordChangeRequest changes the signed-in user's password.
type PasswordChangeRequest struct {
	CurrentPassword string `json:"current_password"`
	NewPassword     string `json:"new_password" minLength:"12" maxLength:"256"`
}

// changePassword godoc
//
//	@Summary      Change my password
//	@Description  Replaces the signed-in user's password (12–256 characters), ends all other sessions and opens a new one (new cookies and access token). The only call allowed while a one-time password is still in use.
//	@Tags         auth
//	@Accept       json
//	@Produce      json
//	@Param        body  body      PasswordChangeRequest  true  "Passwords"
//	@Success      200   {object}  SessionResponse
//	@Failure      400   {object}  MetaEnvelope
//	@Failure      401   {object}  MetaEnvelope
//	@Failure      422   {object}  MetaEnvelope
//	@Router       /api/v2/auth/password [post]
func (s *Server) changePassword(c *gin.Context) {
	var req PasswordChangeRequest
	if !bindJSON(c, &req) {
		return
	}
	sess, err := s.hub.Auth.ChangePassword(c.Request.Context(), req.CurrentPassword, req.NewPassword, clientOf(c))
	if err != nil {
		writeError(c, err)
		return
	}
	s.writeSession(c, sess)
}

func (s *Server) writeSession(c *gin.Context, sess *auth.Session) {
	s.setSessionCookies(c, sess)
	c.JSON(http.StatusOK, sessionResponse(sess))
}

// setSessionCookies opens a browser session: the refresh token in the httpOnly cookie,
// a fresh CSRF cookie, and no caching of the answer that carries the access token.
func (s *Server) setSessionCookies(c *gin.Context, sess *auth.Session) {
	maxAge := int(sess.RefreshExpiresAt.Sub(s.hub.Clock.Now()) / time.Second)
	c.SetSameSite(http.SameSiteStrictMode)
	c.SetCookie(refreshCookie, sess.RefreshToken, maxAge, "/api/v2/auth", "", s.secureCookies(c), true)
	c.SetCookie(csrfCookie, randomToken(), maxAge, "/", "", s.secureCookies(c), false)
	c.Header("Cache-Control", "no-store")
}

func sessionResponse(sess *auth.Session) SessionResponse {
	return SessionResponse{
		AccessToken: sess.AccessToken, TokenType: "bearer", ExpiresIn: int(sess.AccessExpiresIn / time.Second),
		MustChangePassword: sess.User.MustChangePassword, User: userOut(sess.User),
	}
}

func (s *Server) clearSessionCookies(c *gin.Context) {
	c.SetSameSite(http.SameSiteStrictMode)
	c.SetCookie(refreshCookie, "", -1, "/api/v2/auth", "", s.secureCookies(c), true)
	c.SetCookie(csrfCookie, "", -1, "/", "", s.secureCookies(c), false)
}

func (s *Server) secureCookies(c *gin.Context) bool {
	return s.cfg.SecureCookies || c.Request.TLS != nil
}

func clientOf(c *gin.Context) auth.Client {
	return auth.Client{IP: c.ClientIP(), UserAgent: c.Request.UserAgent()}
}

func randomToken() string {
	var b [24]byte
	rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

func itoaCeilSeconds(d time.Duration) string {
	secs := int((d + time.Second - 1) / time.Second)
	if secs < 1 {
		secs = 1
	}
	return itoa(secs)
}
