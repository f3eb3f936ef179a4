package handlers

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/partnerhub/partnerhub/services/accountsharing"
	"github.com/partnerhub/partnerhub/services/clients"
	"github.com/partnerhub/partnerhub/services/usage"
	"github.com/partnerhub/partnerhub/services/wabas"
)

// ClientList is a page of clients.
type ClientList struct {
	ListMeta
	Clients []clients.View `json:"clients"`
}

// listClients godoc
//
//	@Summary      List a partner's clients
//	@Tags         clients
//	@Produce      json
//	@Param        partner_id  path      string  true   "Partner id (…PA)"
//	@Param        q           query     string  false  "Search text in name, organisation or partner_payload"
//	@Param        limit       query     int     false  "Page size (1–1000)"  default(20)
//	@Param        offset      query     int     false  "Items to skip"       default(0)
//	@Param        sort        query     string  false  "created_at, modified_at or name; leading - for descending"  default(-created_at)
//	@Param        filters     query     string  false  "JSON object: id, name, status, plan, organisation, partner_payload, contact_info.email, contact_info.phone, meta_info.business_vertical"
//	@Success      200         {object}  ClientList
//	@Failure      400         {object}  MetaEnvelope
//	@Failure      401         {object}  MetaEnvelope
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      422         {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/clients [get]
func (s *Server) listClients(c *gin.Context) {
	q, ok := parseList(c, clients.ListSpec)
	if !ok {
		return
	}
	items, total, err := s.hub.Clients.List(c.Request.Context(), c.Param("partner_id"), c.Query("q"), q)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, ClientList{ListMeta: listMeta(q, len(items), total), Clients: items})
}

// getClient godoc
//
//	@Summary      Get a client
//	@Description  Partner staff read their clients under /partners/{partner_id}/clients/{client_id}; client users read their own organisation under /clients/{client_id}.
//	@Tags         clients
//	@Produce      json
//	@Param        partner_id  path      string  true  "Partner id (…PA)"
//	@Param        client_id   path      string  true  "Client id (…CL)"
//	@Success      200         {object}  clients.View
//	@Failure      401         {object}  MetaEnvelope
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/clients/{client_id} [get]
//	@Router       /api/v2/clients/{client_id} [get]
func (s *Server) getClient(c *gin.Context) {
	v, err := s.hub.Clients.Get(c.Request.Context(), c.Param("partner_id"), c.Param("client_id"))
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, v)
}

// patchClient godoc
//
//	@Summary      Update a client (partner_payload, max_channels)
//	@Tags         clients
//	@Accept       json
//	@Produce      json
//	@Param        partner_id  path      string         true  "Partner id (…PA)"
//	@Param        client_id   path      string         true  "Client id (…CL)"
//	@Param        body        body      clients.Patch  true  "Fields to change"
//	@Success      200         {object}  clients.View
//	@Failure      400         {object}  MetaEnvelope
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Failure      409         {object}  MetaEnvelope
//	@Failure      422         {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/clients/{client_id} [patch]
func (s *Server) patchClient(c *gin.Context) {
	var p clients.Patch
	if !bindJSON(c, &p) {
		return
	}
	v, err := s.hub.Clients.Update(c.Request.Context(), c.Param("partner_id"), c.Param("client_id"), p)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, v)
}

// clientBalance godoc
//
//	@Summary      Client balance and usage
//	@Description  Usage of the client's numbers per DAY or MONTH between start_date and end_date (UNIX seconds, UTC). At most 5 requests per 30 s per client (429 with Retry-After).
//	@Tags         usage
//	@Produce      json
//	@Param        partner_id   path      string  true   "Partner id (…PA)"
//	@Param        client_id    path      string  true   "Client id (…CL)"
//	@Param        start_date   query     int     false  "UNIX seconds; default: start of this month"
//	@Param        end_date     query     int     false  "UNIX seconds; default: now"
//	@Param        granularity  query     string  false  "DAY or MONTH"  default(MONTH)
//	@Success      200          {object}  usage.Report
//	@Failure      403          {object}  MetaEnvelope
//	@Failure      404          {object}  MetaEnvelope
//	@Failure      422          {object}  MetaEnvelope
//	@Failure      429          {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/clients/{client_id}/info/balance [get]
func (s *Server) clientBalance(c *gin.Context) {
	r, err := s.hub.Usage.ClientBalance(c.Request.Context(), c.Param("partner_id"), c.Param("client_id"), periodOf(c))
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, r)
}

func periodOf(c *gin.Context) usage.Period {
	return usage.Period{StartDate: c.Query("start_date"), EndDate: c.Query("end_date"), Granularity: c.Query("granularity")}
}

// WABAList lists a client's WABAs.
type WABAList struct {
	WABAAccounts []wabas.View `json:"waba_accounts"`
}

// listWABAs godoc
//
//	@Summary      List a client's WABAs with their number limits
//	@Tags         wabas
//	@Produce      json
//	@Param        partner_id  path      string  true  "Partner id (…PA)"
//	@Param        client_id   path      string  true  "Client id (…CL)"
//	@Success      200         {object}  WABAList
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/clients/{client_id}/waba_accounts [get]
func (s *Server) listWABAs(c *gin.Context) {
	ws, err := s.hub.WABAs.List(c.Request.Context(), c.Param("partner_id"), c.Param("client_id"))
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, WABAList{WABAAccounts: ws})
}

// LimitRaiseBody asks for a higher number limit.
type LimitRaiseBody struct {
	Reason string `json:"reason" example:"Opening 40 branch numbers"`
}

// requestLimitRaise godoc
//
//	@Summary      Request a WABA number-limit raise (25 → 120)
//	@Tags         wabas
//	@Accept       json
//	@Produce      json
//	@Param        partner_id  path      string          true  "Partner id (…PA)"
//	@Param        client_id   path      string          true  "Client id (…CL)"
//	@Param        waba_id     path      string          true  "WABA id (…WA)"
//	@Param        body        body      LimitRaiseBody  true  "Why"
//	@Success      201         {object}  wabas.LimitRaiseView
//	@Failure      400         {object}  MetaEnvelope
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Failure      409         {object}  MetaEnvelope
//	@Failure      422         {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/clients/{client_id}/waba_accounts/{waba_id}/limit_raise_requests [post]
func (s *Server) requestLimitRaise(c *gin.Context) {
	var body LimitRaiseBody
	if !bindJSON(c, &body) {
		return
	}
	r, err := s.hub.WABAs.RequestLimitRaise(c.Request.Context(), c.Param("partner_id"), c.Param("client_id"), c.Param("waba_id"), body.Reason)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusCreated, r)
}

// createSharedClient godoc
//
//	@Summary      Create a client (account sharing)
//	@Description  For partners that host their own Embedded Signup: creates a client under the partner and announces client_created.
//	@Tags         account sharing
//	@Accept       json
//	@Produce      json
//	@Param        partner_id  path      string                    true  "Partner id (…PA)"
//	@Param        body        body      accountsharing.NewClient  true  "The client"
//	@Success      201         {object}  accountsharing.CreatedClient
//	@Failure      400         {object}  MetaEnvelope
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Failure      422         {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/account_sharing/clients [post]
func (s *Server) createSharedClient(c *gin.Context) {
	var in accountsharing.NewClient
	if !bindJSON(c, &in) {
		return
	}
	out, err := s.hub.AccountSharing.CreateClient(c.Request.Context(), c.Param("partner_id"), in)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusCreated, out)
}

// registerSharedNumber godoc
//
//	@Summary      Register a number (account sharing)
//	@Description  Registers a number from the partner's own Embedded Signup under the client's WABA (created from waba_external_id if new). WABA and client limits apply (409).
//	@Tags         account sharing
//	@Accept       json
//	@Produce      json
//	@Param        partner_id  path      string                    true  "Partner id (…PA)"
//	@Param        body        body      accountsharing.NewNumber  true  "The number"
//	@Success      201         {object}  accountsharing.RegisteredNumber
//	@Failure      400         {object}  MetaEnvelope
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Failure      409         {object}  MetaEnvelope
//	@Failure      422         {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/account_sharing/numbers [post]
func (s *Server) registerSharedNumber(c *gin.Context) {
	var in accountsharing.NewNumber
	if !bindJSON(c, &in) {
		return
	}
	out, err := s.hub.AccountSharing.RegisterNumber(c.Request.Context(), c.Param("partner_id"), in)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusCreated, out)
}
