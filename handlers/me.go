package handlers

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/services/users"
)

// MeResponse is the signed-in user.
type MeResponse = users.MeView

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
	c.JSON(http.StatusOK, u)
}

// userOut renders u as UserOut, which has users.View's shape.
func userOut(u *ent.User) UserOut { return UserOut(users.ViewOf(u)) }
