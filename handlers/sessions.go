package handlers

import (
	"github.com/gin-gonic/gin"

	"github.com/partnerhub/partnerhub/services/auth"
	"github.com/partnerhub/partnerhub/services/users"
)

// endSession godoc
//
//	@Summary      Sign out this session
//	@Description  Ends the session the access token belongs to: its refresh token stops working and every instance refuses its access tokens within a second. For API clients that signed in with POST /api/v2/token; browsers use /api/v2/auth/logout.
//	@Tags         auth
//	@Produce      json
//	@Success      200  {object}  MetaEnvelope
//	@Failure      401  {object}  MetaEnvelope
//	@Failure      403  {object}  MetaEnvelope
//	@Router       /api/v2/auth/session [delete]
func (s *Server) endSession(c *gin.Context) {
	if !bindOptionalJSON(c, &struct{}{}) {
		return
	}
	cl, _ := c.Get(claimsKey)
	claims, _ := cl.(*auth.Claims)
	sid := ""
	if claims != nil {
		sid = claims.SessionID
	}
	if err := s.hub.Auth.EndSession(c.Request.Context(), sid); err != nil {
		writeError(c, err)
		return
	}
	s.clearSessionCookies(c)
	writeOK(c, "Signed out.")
}

// endAllSessions godoc
//
//	@Summary      Sign out everywhere
//	@Description  Ends every session of the signed-in user, this one included: all refresh tokens stop working and every instance refuses their access tokens within a second.
//	@Tags         auth
//	@Produce      json
//	@Success      200  {object}  MetaEnvelope
//	@Failure      401  {object}  MetaEnvelope
//	@Failure      403  {object}  MetaEnvelope
//	@Router       /api/v2/auth/sessions/end_all [post]
func (s *Server) endAllSessions(c *gin.Context) {
	if !bindOptionalJSON(c, &struct{}{}) {
		return
	}
	if err := s.hub.Auth.EndAllSessions(c.Request.Context()); err != nil {
		writeError(c, err)
		return
	}
	s.clearSessionCookies(c)
	writeOK(c, "Signed out everywhere.")
}

// PartnerUserChange changes a partner user; absent fields stay as they are.
type PartnerUserChange struct {
	Name *string `json:"name" maxLength:"128"`
	Role *string `json:"role" enums:"partner_admin,partner_member"`
}

// updatePartnerUser godoc
//
//	@Summary      Change a partner user
//	@Description  Partner admins (and platform admins) change a staff member's name or role. A role change ends the user's sessions at once, so the new role applies from their next sign-in; a partner always keeps one admin (409 last_admin).
//	@Tags         users
//	@Accept       json
//	@Produce      json
//	@Param        partner_id  path      string             true  "Partner id"
//	@Param        user_id     path      string             true  "User id"
//	@Param        body        body      PartnerUserChange  true  "Changes"
//	@Success      200         {object}  UserOut
//	@Failure      400         {object}  MetaEnvelope
//	@Failure      401         {object}  MetaEnvelope
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Failure      409         {object}  MetaEnvelope
//	@Failure      422         {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/users/{user_id} [patch]
func (s *Server) updatePartnerUser(c *gin.Context) {
	var req PartnerUserChange
	if !bindJSON(c, &req) {
		return
	}
	u, err := s.hub.Users.UpdatePartnerUser(c.Request.Context(), c.Param("partner_id"), c.Param("user_id"),
		users.UserChange{Name: req.Name, Role: req.Role})
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(200, userOut(u))
}

// removePartnerUser godoc
//
//	@Summary      Remove a partner user
//	@Description  Takes a staff member's access away: the account is disabled (it keeps its name in audit logs and tickets) and every session of it ends at once. A partner always keeps one admin (409 last_admin).
//	@Tags         users
//	@Produce      json
//	@Param        partner_id  path      string  true  "Partner id"
//	@Param        user_id     path      string  true  "User id"
//	@Success      200         {object}  MetaEnvelope
//	@Failure      401         {object}  MetaEnvelope
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Failure      409         {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/users/{user_id} [delete]
func (s *Server) removePartnerUser(c *gin.Context) {
	if !bindOptionalJSON(c, &struct{}{}) {
		return
	}
	if err := s.hub.Users.RemovePartnerUser(c.Request.Context(), c.Param("partner_id"), c.Param("user_id")); err != nil {
		writeError(c, err)
		return
	}
	writeOK(c, "User removed.")
}
