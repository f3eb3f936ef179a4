package handlers

import (
	"github.com/gin-gonic/gin"
)

// DisplayNameBody sets a number's display name.
type DisplayNameBody struct {
	DisplayName string `json:"display_name" example:"Nordlicht Optik"`
}

// changeDisplayName godoc
//
//	@Summary      Change a number's display name
//	@Description  3 to 128 characters after trimming, on one line, with at least one letter. A display-name change is a registration-type action: a number gets at most 10 in any moving 72 hours (with number registrations, migrations and hosting changes); the 11th is refused with 429 and Retry-After and blocks the number for 72 hours (blocked_until on the channel). Answers the channel.
//	@Tags         channels
//	@Accept       json
//	@Produce      json
//	@Param        partner_id  path      string           true  "Partner id (…PA)"
//	@Param        client_id   path      string           true  "Client id (…CL)"
//	@Param        channel_id  path      string           true  "Channel id (…CH)"
//	@Param        body        body      DisplayNameBody  true  "The new name"
//	@Success      200         {object}  channels.View
//	@Failure      400         {object}  MetaEnvelope
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Failure      409         {object}  MetaEnvelope
//	@Failure      422         {object}  MetaEnvelope
//	@Failure      429         {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/clients/{client_id}/channels/{channel_id}/control/change_display_name [post]
//	@Router       /api/v2/clients/{client_id}/channels/{channel_id}/control/change_display_name [post]
func (s *Server) changeDisplayName(c *gin.Context) {
	var body DisplayNameBody
	if !bindJSON(c, &body) {
		return
	}
	v, err := s.hub.Channels.ChangeDisplayName(c.Request.Context(), scopeOf(c), c.Param("channel_id"), body.DisplayName)
	s.writeChannel(c, v, err)
}
