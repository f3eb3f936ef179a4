package handlers

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/support"
)

// PolicyList lists SLA policy versions.
type PolicyList struct {
	Policies []support.PolicyView `json:"policies"`
}

// listPolicies godoc
//
//	@Summary      List SLA policy versions (support staff)
//	@Description  Newest first; the first is live. The list ends with version 0, the seeded policy.
//	@Tags         support
//	@Produce      json
//	@Success      200  {object}  PolicyList
//	@Failure      403  {object}  MetaEnvelope
//	@Router       /api/v2/support/policies [get]
func (s *Server) listPolicies(c *gin.Context) {
	out, err := s.hub.Support.Policies(c.Request.Context())
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, PolicyList{Policies: out})
}

// livePolicy godoc
//
//	@Summary      The live SLA policy (support staff)
//	@Description  The version tickets opened now are timed by, in the editor's shape.
//	@Tags         support
//	@Produce      json
//	@Success      200  {object}  support.PolicyView
//	@Failure      403  {object}  MetaEnvelope
//	@Router       /api/v2/support/policies/live [get]
func (s *Server) livePolicy(c *gin.Context) {
	out, err := s.hub.Support.LivePolicy(c.Request.Context())
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, out)
}

// savePolicy godoc
//
//	@Summary      Save a new SLA policy version (platform admins)
//	@Description  The draft (the preview's "policy" shape) is validated — an invalid one is a 422 listing every problem — and stored as the next version, live for tickets opened from now on. Open tickets keep the version they opened under.
//	@Tags         support
//	@Accept       json
//	@Produce      json
//	@Param        body  body      support.SavePolicyRequest  true  "The policy"
//	@Success      201   {object}  support.PolicyView
//	@Failure      400   {object}  MetaEnvelope
//	@Failure      403   {object}  MetaEnvelope
//	@Failure      409   {object}  MetaEnvelope
//	@Failure      422   {object}  MetaEnvelope
//	@Router       /api/v2/support/policies [post]
func (s *Server) savePolicy(c *gin.Context) {
	var req support.SavePolicyRequest
	if !bindJSON(c, &req) {
		return
	}
	out, err := s.hub.Support.SavePolicy(c.Request.Context(), req)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusCreated, out)
}

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
	out, err := s.hub.Support.Reports(c.Request.Context(), from, to)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, out)
}
