package handlers

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/partnerhub/partnerhub/services/apperr"
)

// supportReports godoc
//
//	@Summary      Support dashboard figures (support staff, partner staff)
//	@Description  For tickets opened in [from, to) (default the last 30 days, at most 366): SLA attainment % and median first response by plan, severity and source; warnings and breaches per UTC day; unfinished tickets by status now. Partner staff get their partner's numbers only.
//	@Tags         support
//	@Produce      json
//	@Param        from  query     string  false  "RFC 3339 instant or YYYY-MM-DD (UTC)"
//	@Param        to    query     string  false  "RFC 3339 instant or YYYY-MM-DD (UTC), exclusive"
//	@Success      200   {object}  support.Report
//	@Failure      403   {object}  MetaEnvelope
//	@Failure      422   {object}  MetaEnvelope
//	@Router       /api/v2/support/reports [get]
func (s *Server) supportReports(c *gin.Context) {
	var problems []string
	parse := func(name string) *time.Time {
		raw := c.Query(name)
		if raw == "" {
			return nil
		}
		for _, layout := range []string{time.RFC3339, "2006-01-02"} {
			if t, err := time.Parse(layout, raw); err == nil {
				return &t
			}
		}
		problems = append(problems, name+": must be an RFC 3339 instant or a date YYYY-MM-DD")
		return nil
	}
	from, to := parse("from"), parse("to")
	if len(problems) > 0 {
		writeError(c, apperr.Validation(problems...))
		return
	}
	out, err := s.hub.SupportReports.Dashboard(c.Request.Context(), from, to)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, out)
}
