package handlers

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/partnerhub/partnerhub/ent"
)

// MeResponse is the signed-in user.
type MeResponse struct {
	ID                 string  `json:"id"`
	Email              string  `json:"email"`
	Name               string  `json:"name"`
	Role               string  `json:"role" enums:"platform_admin,support_agent,partner_admin,partner_member,client_admin,client_member"`
	PartnerID          *string `json:"partner_id"`
	ClientID           *string `json:"client_id"`
	MustChangePassword bool    `json:"must_change_password"`
}

// me godoc
//
//	@Summary      Who am I
//	@Description  The signed-in user; partner_id and client_id are null where they do not apply.
//	@Tags         auth
//	@Produce      json
//	@Success      200  {object}  MeResponse
//	@Failure      401  {object}  MetaEnvelope
//	@Router       /api/v2/me [get]
func (s *Server) me(c *gin.Context) {
	u, err := s.hub.Users.Me(c.Request.Context())
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, MeResponse{
		ID: u.ID, Email: u.Email, Name: u.Name, Role: string(u.Role),
		PartnerID: u.PartnerID, ClientID: u.ClientID, MustChangePassword: u.MustChangePassword,
	})
}

func userOut(u *ent.User) UserOut {
	return UserOut{
		ID: u.ID, Email: u.Email, Name: u.Name, Role: string(u.Role), PartnerID: u.PartnerID, ClientID: u.ClientID,
		MustChangePassword: u.MustChangePassword, Disabled: u.Disabled, CreatedAt: u.CreatedAt.UTC(),
	}
}
