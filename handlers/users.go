package handlers

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/partnerhub/partnerhub/services/users"
)

// UserList is a page of users.
type UserList struct {
	ListMeta
	Users []UserOut `json:"users"`
}

// NewPartnerUserRequest adds a partner user.
type NewPartnerUserRequest struct {
	Email    string `json:"email" example:"ops@acme-messaging.example"`
	Name     string `json:"name" example:"Ops Team"`
	Role     string `json:"role" enums:"partner_admin,partner_member"`
	Password string `json:"password" minLength:"12" maxLength:"256"`
}

// listPartnerUsers godoc
//
//	@Summary      List a partner's staff
//	@Tags         users
//	@Produce      json
//	@Param        partner_id  path      string  true   "Partner id (…PA)"
//	@Param        limit       query     int     false  "Page size (1–1000)"  default(20)
//	@Param        offset      query     int     false  "Items to skip"       default(0)
//	@Param        sort        query     string  false  "created_at, email or name; leading - for descending"  default(created_at)
//	@Param        filters     query     string  false  "JSON object: id, email, role"
//	@Success      200         {object}  UserList
//	@Failure      400         {object}  MetaEnvelope
//	@Failure      401         {object}  MetaEnvelope
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/users [get]
func (s *Server) listPartnerUsers(c *gin.Context) {
	q, ok := parseList(c, users.ListSpec)
	if !ok {
		return
	}
	items, total, err := s.hub.Users.ListPartnerUsers(c.Request.Context(), c.Param("partner_id"), q)
	if err != nil {
		writeError(c, err)
		return
	}
	out := UserList{ListMeta: listMeta(q, len(items), total), Users: make([]UserOut, len(items))}
	for i, u := range items {
		out.Users[i] = UserOut(u)
	}
	c.JSON(http.StatusOK, out)
}

// createPartnerUser godoc
//
//	@Summary      Add a partner user
//	@Description  Platform admins add a partner's first admin; partner admins add admins and members of their own partner.
//	@Tags         users
//	@Accept       json
//	@Produce      json
//	@Param        partner_id  path      string                 true  "Partner id (…PA)"
//	@Param        body        body      NewPartnerUserRequest  true  "The user"
//	@Success      201         {object}  UserOut
//	@Failure      400         {object}  MetaEnvelope
//	@Failure      401         {object}  MetaEnvelope
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Failure      409         {object}  MetaEnvelope
//	@Failure      422         {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/users [post]
func (s *Server) createPartnerUser(c *gin.Context) {
	var req NewPartnerUserRequest
	if !bindJSON(c, &req) {
		return
	}
	u, err := s.hub.Users.CreatePartnerUser(c.Request.Context(), c.Param("partner_id"),
		users.NewUser{Email: req.Email, Name: req.Name, Role: req.Role, Password: req.Password})
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusCreated, userOut(u))
}
