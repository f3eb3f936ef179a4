package handlers

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/partnerhub/partnerhub/services/partnerchanges"
)

// PartnerChangeList is a page of partner change requests.
type PartnerChangeList struct {
	ListMeta
	PartnerChangeRequests []partnerchanges.View `json:"partner_change_requests"`
}

// RejectBody gives the reason a destination partner rejects a request with.
type RejectBody struct {
	Reason string `json:"reason" example:"We do not serve customers in this region."`
}

// CancelBody optionally says why an operator cancelled something.
type CancelBody struct {
	Reason string `json:"reason,omitempty" example:"Requested by the client on the phone."`
}

// createPartnerChange godoc
//
//	@Summary      Ask to change partner
//	@Description  A client admin asks to move numbers to another partner. No channel_ids (or all of them) is a full move: the client changes partner. A subset is a partial move into a clone client under the destination. Refusals, each with its own code: destination_unknown, destination_is_current (422), destination_inactive, different_billing_system, no_numbers, channel_pending_deletion, channel_migrating, channel_in_open_request (409); terms must be accepted in the current version. When the destination auto-approves, the request answers already pending.
//	@Tags         partner-changes
//	@Accept       json
//	@Produce      json
//	@Param        client_id  path      string                     true  "Client id (…CL)"
//	@Param        body       body      partnerchanges.NewRequest  true  "The request"
//	@Success      201        {object}  partnerchanges.View
//	@Failure      400        {object}  MetaEnvelope
//	@Failure      403        {object}  MetaEnvelope
//	@Failure      404        {object}  MetaEnvelope
//	@Failure      409        {object}  MetaEnvelope
//	@Failure      422        {object}  MetaEnvelope
//	@Router       /api/v2/clients/{client_id}/partner_change_requests [post]
func (s *Server) createPartnerChange(c *gin.Context) {
	var body partnerchanges.NewRequest
	if !bindJSON(c, &body) {
		return
	}
	r, err := s.hub.PartnerChanges.Create(c.Request.Context(), c.Param("client_id"), body)
	writePartnerChange(c, http.StatusCreated, r, err)
}

// listClientPartnerChanges godoc
//
//	@Summary      List a client's partner change requests
//	@Tags         partner-changes
//	@Produce      json
//	@Param        client_id  path      string  true   "Client id (…CL)"
//	@Param        limit      query     int     false  "Page size (1–1000)"  default(20)
//	@Param        offset     query     int     false  "Items to skip"       default(0)
//	@Param        sort       query     string  false  "created_at, modified_at or status; leading - for descending"  default(-created_at)
//	@Param        filters    query     string  false  "JSON object: q, id, status, created_at, is_full_migration, source_partner_id, target_partner_id, source_client_id, target_client_id"
//	@Success      200        {object}  PartnerChangeList
//	@Failure      400        {object}  MetaEnvelope
//	@Failure      404        {object}  MetaEnvelope
//	@Router       /api/v2/clients/{client_id}/partner_change_requests [get]
func (s *Server) listClientPartnerChanges(c *gin.Context) {
	s.listPartnerChangesIn(c, partnerchanges.Scope{ClientID: c.Param("client_id")})
}

// listSelectivePartnerChanges godoc
//
//	@Summary      List partner change requests (incoming and outgoing)
//	@Description  Requests to this partner (incoming: approve or reject them) and from its clients to other partners (outgoing: read-only). Filter target_partner_id to see only incoming ones.
//	@Tags         partner-changes
//	@Produce      json
//	@Param        partner_id  path      string  true   "Partner id (…PA)"
//	@Param        limit       query     int     false  "Page size (1–1000)"  default(20)
//	@Param        offset      query     int     false  "Items to skip"       default(0)
//	@Param        sort        query     string  false  "created_at, modified_at or status; leading - for descending"  default(-created_at)
//	@Param        filters     query     string  false  "JSON object: q, id, status, created_at, is_full_migration, source_partner_id, target_partner_id, source_client_id, target_client_id"
//	@Success      200         {object}  PartnerChangeList
//	@Failure      400         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/selective_partner_change_requests [get]
func (s *Server) listSelectivePartnerChanges(c *gin.Context) {
	s.listPartnerChangesIn(c, partnerchanges.Scope{PartnerID: c.Param("partner_id")})
}

// listAllPartnerChanges godoc
//
//	@Summary      List every partner change request (operators)
//	@Tags         operator
//	@Produce      json
//	@Param        limit    query     int     false  "Page size (1–1000)"  default(20)
//	@Param        offset   query     int     false  "Items to skip"       default(0)
//	@Param        sort     query     string  false  "created_at, modified_at or status; leading - for descending"  default(-created_at)
//	@Param        filters  query     string  false  "JSON object: q, id, status, created_at, is_full_migration, source_partner_id, target_partner_id, source_client_id, target_client_id"
//	@Success      200      {object}  PartnerChangeList
//	@Failure      400      {object}  MetaEnvelope
//	@Failure      403      {object}  MetaEnvelope
//	@Router       /api/v2/operator/partner_change_requests [get]
func (s *Server) listAllPartnerChanges(c *gin.Context) {
	s.listPartnerChangesIn(c, partnerchanges.Scope{})
}

func (s *Server) listPartnerChangesIn(c *gin.Context, sc partnerchanges.Scope) {
	q, ok := parseList(c, partnerchanges.ListSpec)
	if !ok {
		return
	}
	items, total, err := s.hub.PartnerChanges.List(c.Request.Context(), sc, q)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, PartnerChangeList{ListMeta: listMeta(q, len(items), total), PartnerChangeRequests: items})
}

// getClientPartnerChange godoc
//
//	@Summary      Get one of a client's partner change requests
//	@Tags         partner-changes
//	@Produce      json
//	@Param        client_id   path      string  true  "Client id (…CL)"
//	@Param        request_id  path      string  true  "Request id (…PCR)"
//	@Success      200         {object}  partnerchanges.View
//	@Failure      404         {object}  MetaEnvelope
//	@Router       /api/v2/clients/{client_id}/partner_change_requests/{request_id} [get]
func (s *Server) getClientPartnerChange(c *gin.Context) {
	v, err := s.hub.PartnerChanges.Get(c.Request.Context(), partnerchanges.Scope{ClientID: c.Param("client_id")}, c.Param("request_id"))
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, v)
}

// getSelectivePartnerChange godoc
//
//	@Summary      Get one partner change request
//	@Tags         partner-changes
//	@Produce      json
//	@Param        partner_id  path      string  true  "Partner id (…PA)"
//	@Param        pcr_id      path      string  true  "Request id (…PCR)"
//	@Success      200         {object}  partnerchanges.View
//	@Failure      404         {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/selective_partner_change_requests/{pcr_id} [get]
func (s *Server) getSelectivePartnerChange(c *gin.Context) {
	v, err := s.hub.PartnerChanges.Get(c.Request.Context(), partnerchanges.Scope{PartnerID: c.Param("partner_id")}, c.Param("pcr_id"))
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, v)
}

// cancelPartnerChange godoc
//
//	@Summary      Cancel a partner change request
//	@Description  Client admins withdraw a request while it awaits the destination (status created); otherwise a 409 names the current status.
//	@Tags         partner-changes
//	@Produce      json
//	@Param        client_id   path      string  true  "Client id (…CL)"
//	@Param        request_id  path      string  true  "Request id (…PCR)"
//	@Success      200         {object}  partnerchanges.View
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Failure      409         {object}  MetaEnvelope
//	@Router       /api/v2/clients/{client_id}/partner_change_requests/{request_id}/cancel [post]
func (s *Server) cancelPartnerChange(c *gin.Context) {
	if !bindOptionalJSON(c, &struct{}{}) {
		return
	}
	r, err := s.hub.PartnerChanges.Cancel(c.Request.Context(), c.Param("client_id"), c.Param("request_id"))
	writePartnerChange(c, http.StatusOK, r, err)
}

// approvePartnerChange godoc
//
//	@Summary      Approve a partner change request
//	@Description  The destination partner approves an incoming request (status created → pending). It runs at once or at the end of the month, as the partner's setting says. The source partner sees outgoing requests read-only (403 here).
//	@Tags         partner-changes
//	@Produce      json
//	@Param        partner_id  path      string  true  "Partner id (…PA)"
//	@Param        pcr_id      path      string  true  "Request id (…PCR)"
//	@Success      200         {object}  partnerchanges.View
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Failure      409         {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/selective_partner_change_requests/{pcr_id}/approve [post]
func (s *Server) approvePartnerChange(c *gin.Context) {
	if !bindOptionalJSON(c, &struct{}{}) {
		return
	}
	r, err := s.hub.PartnerChanges.Approve(c.Request.Context(), c.Param("partner_id"), c.Param("pcr_id"))
	writePartnerChange(c, http.StatusOK, r, err)
}

// rejectPartnerChange godoc
//
//	@Summary      Reject a partner change request
//	@Description  The destination partner rejects an incoming request with a reason the client sees.
//	@Tags         partner-changes
//	@Accept       json
//	@Produce      json
//	@Param        partner_id  path      string      true  "Partner id (…PA)"
//	@Param        pcr_id      path      string      true  "Request id (…PCR)"
//	@Param        body        body      RejectBody  true  "Why"
//	@Success      200         {object}  partnerchanges.View
//	@Failure      400         {object}  MetaEnvelope
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Failure      409         {object}  MetaEnvelope
//	@Failure      422         {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/selective_partner_change_requests/{pcr_id}/reject [post]
func (s *Server) rejectPartnerChange(c *gin.Context) {
	var body RejectBody
	if !bindJSON(c, &body) {
		return
	}
	r, err := s.hub.PartnerChanges.Reject(c.Request.Context(), c.Param("partner_id"), c.Param("pcr_id"), body.Reason)
	writePartnerChange(c, http.StatusOK, r, err)
}

// operatorCancelPartnerChange godoc
//
//	@Summary      Cancel a partner change request (operators)
//	@Description  Platform admins cancel a request that awaits the destination; executed ones cannot be undone (409).
//	@Tags         operator
//	@Accept       json
//	@Produce      json
//	@Param        request_id  path      string      true   "Request id (…PCR)"
//	@Param        body        body      CancelBody  false  "Why"
//	@Success      200         {object}  partnerchanges.View
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Failure      409         {object}  MetaEnvelope
//	@Router       /api/v2/operator/partner_change_requests/{request_id}/cancel [post]
func (s *Server) operatorCancelPartnerChange(c *gin.Context) {
	var body CancelBody
	if !bindOptionalJSON(c, &body) {
		return
	}
	r, err := s.hub.PartnerChanges.CancelAsOperator(c.Request.Context(), c.Param("request_id"), body.Reason)
	writePartnerChange(c, http.StatusOK, r, err)
}

// writePartnerChange answers with the request a service method returned, or its error.
func writePartnerChange(c *gin.Context, status int, v partnerchanges.View, err error) {
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(status, v)
}
