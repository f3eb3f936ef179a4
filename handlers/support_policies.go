package handlers

import (
	"net/http"

	"github.com/gin-gonic/gin"

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
