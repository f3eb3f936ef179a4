package handlers

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/partnerhub/partnerhub/services/support"
)

// slaPreview godoc
//
//	@Summary      Preview SLA timers for a hypothetical ticket
//	@Description  Due and warning instants of first response and resolution (RFC 3339 UTC) and every matching rule, from the same engine that times real tickets. Pauses apply to resolution only. Without "policy" the live policy applies; with it, the draft replaces it for this preview (what the policy editor sends before saving); an invalid draft is a 422 listing every problem.
//	@Tags         support
//	@Accept       json
//	@Produce      json
//	@Param        body  body      support.PreviewRequest  true  "The ticket"
//	@Success      200   {object}  support.PreviewResult
//	@Failure      400   {object}  MetaEnvelope
//	@Failure      401   {object}  MetaEnvelope
//	@Failure      422   {object}  MetaEnvelope
//	@Router       /api/v2/support/sla/preview [post]
func (s *Server) slaPreview(c *gin.Context) {
	var req support.PreviewRequest
	if !bindJSON(c, &req) {
		return
	}
	out, err := s.hub.Support.Preview(c.Request.Context(), req)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, out)
}
