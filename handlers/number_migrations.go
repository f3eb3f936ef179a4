package handlers

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/partnerhub/partnerhub/services/numbermigrations"
	"github.com/partnerhub/partnerhub/services/provider"
)

// MigrationList is a page of number migrations (items key migrations).
type MigrationList struct {
	ListMeta
	Migrations []numbermigrations.View `json:"migrations"`
}

// MigrationOTPBody asks for a code by SMS or voice.
type MigrationOTPBody struct {
	Method string `json:"method" enums:"sms,voice" example:"sms"`
}

// MigrationVerifyBody enters the code.
type MigrationVerifyBody struct {
	Code string `json:"code" example:"123456"`
}

// MigrationCancelBody optionally says why.
type MigrationCancelBody struct {
	Reason string `json:"reason,omitempty" example:"Started by mistake"`
}

// migrationScope narrows migration lookups to the partner and client the path names.
func migrationScope(c *gin.Context) numbermigrations.Scope {
	return numbermigrations.Scope{PartnerID: c.Param("partner_id"), ClientID: c.Param("client_id")}
}

// startMigration godoc
//
//	@Summary      Start a number migration
//	@Description  port_in brings a number from another BSP or from Meta into a WABA of the client; waba_move moves a running number to another WABA of the same client; hosting_change moves an on-premise number to the cloud (no code; completed by a background job within seconds). Checked up front, each with its own code: a valid number (422 validation_failed); port_in of a number already active here (409 number_already_active); waba_move/hosting_change of a number that is not running (409 channel_not_running) or not in this client (404); target WABA not the client's (422 target_waba_not_found) or the number's current WABA (422 same_waba); no room in the target WABA (409 waba_number_limit, waba_unverified_limit, client_max_channels); port_in into a business that is not verified (422 business_not_verified); port_in/waba_move without two_step_disabled=true (422 two_step_verification_enabled); hosting_change of a number that is not on-premise (409 not_on_premise); a number already in an open migration or partner change (409 number_in_open_request); a number blocked by the registration limit (429 registration_limit_reached with Retry-After). A migration not finished 24 hours after it started expires.
//	@Tags         migrations
//	@Accept       json
//	@Produce      json
//	@Param        partner_id  path      string                   true  "Partner id (…PA)"
//	@Param        client_id   path      string                   true  "Client id (…CL)"
//	@Param        body        body      numbermigrations.NewMigration  true  "The migration"
//	@Success      201         {object}  numbermigrations.View
//	@Failure      400         {object}  MetaEnvelope
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Failure      409         {object}  MetaEnvelope
//	@Failure      422         {object}  MetaEnvelope
//	@Failure      429         {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/clients/{client_id}/migrations [post]
//	@Router       /api/v2/clients/{client_id}/migrations [post]
func (s *Server) startMigration(c *gin.Context) {
	var body numbermigrations.NewMigration
	if !bindJSON(c, &body) {
		return
	}
	v, err := s.hub.Migrations.Start(c.Request.Context(), migrationScope(c), body)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusCreated, v)
}

// listMigrations godoc
//
//	@Summary      List a client's number migrations
//	@Tags         migrations
//	@Produce      json
//	@Param        partner_id  path      string  true   "Partner id (…PA)"
//	@Param        client_id   path      string  true   "Client id (…CL)"
//	@Param        limit       query     int     false  "Page size (1–1000)"  default(20)
//	@Param        offset      query     int     false  "Items to skip"       default(0)
//	@Param        sort        query     string  false  "created_at, modified_at, status, phone_number or expires_at; leading - for descending"  default(-created_at)
//	@Param        filters     query     string  false  "JSON object: id, status, kind, phone_number, client_id, partner_id, target_waba_id, channel_id, source_channel_id, created_at (a UTC date = that day, or an RFC 3339 instant), created_at.from (inclusive), created_at.to (exclusive)"
//	@Success      200         {object}  MigrationList
//	@Failure      400         {object}  MetaEnvelope
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/clients/{client_id}/migrations [get]
//	@Router       /api/v2/clients/{client_id}/migrations [get]
func (s *Server) listMigrations(c *gin.Context) {
	q, ok := parseList(c, numbermigrations.ListSpec)
	if !ok {
		return
	}
	items, total, err := s.hub.Migrations.List(c.Request.Context(), migrationScope(c), q)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, MigrationList{ListMeta: listMeta(q, len(items), total), Migrations: items})
}

// listAllMigrations godoc
//
//	@Summary      List every tenant's number migrations (operators)
//	@Tags         migrations
//	@Produce      json
//	@Param        limit    query     int     false  "Page size (1–1000)"  default(20)
//	@Param        offset   query     int     false  "Items to skip"       default(0)
//	@Param        sort     query     string  false  "created_at, modified_at, status, phone_number or expires_at; leading - for descending"  default(-created_at)
//	@Param        filters  query     string  false  "JSON object, as for a client's migrations (partner_id narrows to one partner)"
//	@Success      200      {object}  MigrationList
//	@Failure      400      {object}  MetaEnvelope
//	@Failure      403      {object}  MetaEnvelope
//	@Router       /api/v2/operator/migrations [get]
func (s *Server) listAllMigrations(c *gin.Context) { s.listMigrations(c) }

// getMigration godoc
//
//	@Summary      Get a number migration
//	@Description  While the status is otp_requested the answer carries otp: the code's id, method, expiry, when a new code may be requested, and the attempts left.
//	@Tags         migrations
//	@Produce      json
//	@Param        partner_id    path      string  true  "Partner id (…PA)"
//	@Param        client_id     path      string  true  "Client id (…CL)"
//	@Param        migration_id  path      string  true  "Migration id (…MG)"
//	@Success      200           {object}  numbermigrations.View
//	@Failure      403           {object}  MetaEnvelope
//	@Failure      404           {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/clients/{client_id}/migrations/{migration_id} [get]
//	@Router       /api/v2/clients/{client_id}/migrations/{migration_id} [get]
func (s *Server) getMigration(c *gin.Context) {
	v, err := s.hub.Migrations.Get(c.Request.Context(), migrationScope(c), c.Param("migration_id"))
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, v)
}

// requestMigrationOTP godoc
//
//	@Summary      Send the migration code to the number
//	@Description  By SMS or voice; the status becomes otp_requested and the answer carries otp. Asking again sends a new code (the earlier one stops working) after a 60 s cool-down — 429 with Retry-After before that. A hosting change needs no code (409 otp_not_needed); a finished migration answers 409 naming its status; one past its 24 h expiry is expired (409 migration_expired).
//	@Tags         migrations
//	@Accept       json
//	@Produce      json
//	@Param        partner_id    path      string            true  "Partner id (…PA)"
//	@Param        client_id     path      string            true  "Client id (…CL)"
//	@Param        migration_id  path      string            true  "Migration id (…MG)"
//	@Param        body          body      MigrationOTPBody  true  "How"
//	@Success      200           {object}  numbermigrations.View
//	@Failure      400           {object}  MetaEnvelope
//	@Failure      403           {object}  MetaEnvelope
//	@Failure      404           {object}  MetaEnvelope
//	@Failure      409           {object}  MetaEnvelope
//	@Failure      422           {object}  MetaEnvelope
//	@Failure      429           {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/clients/{client_id}/migrations/{migration_id}/request_otp [post]
//	@Router       /api/v2/clients/{client_id}/migrations/{migration_id}/request_otp [post]
func (s *Server) requestMigrationOTP(c *gin.Context) {
	var body MigrationOTPBody
	if !bindJSON(c, &body) {
		return
	}
	v, err := s.hub.Migrations.RequestOTP(c.Request.Context(), migrationScope(c), c.Param("migration_id"), provider.OTPMethod(body.Method))
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, v)
}

// verifyMigration godoc
//
//	@Summary      Verify the migration code and complete the migration
//	@Description  A wrong code answers 422 with the attempts left; the fifth wrong code fails the migration (409 migration_failed, and 409 on every later call). An expired code (codes live 10 minutes) answers 409 otp_expired: request a new one. A right code counts against the number's registration limit — when that refuses (429 with Retry-After) the migration stays otp_requested and can be retried with a new code after the block — and completes the migration (a target WABA that has no room any more answers 409 and the migration waits; a port_in number that became active here meanwhile fails the migration): port_in creates the channel (running, is_migrated) with the source's display name, quality rating and messaging limit; waba_move moves the channel; approved GREEN templates are copied with quality UNKNOWN (carried_over lists what moved and what did not, and why).
//	@Tags         migrations
//	@Accept       json
//	@Produce      json
//	@Param        partner_id    path      string               true  "Partner id (…PA)"
//	@Param        client_id     path      string               true  "Client id (…CL)"
//	@Param        migration_id  path      string               true  "Migration id (…MG)"
//	@Param        body          body      MigrationVerifyBody  true  "The code"
//	@Success      200           {object}  numbermigrations.View
//	@Failure      400           {object}  MetaEnvelope
//	@Failure      403           {object}  MetaEnvelope
//	@Failure      404           {object}  MetaEnvelope
//	@Failure      409           {object}  MetaEnvelope
//	@Failure      422           {object}  MetaEnvelope
//	@Failure      429           {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/clients/{client_id}/migrations/{migration_id}/verify [post]
//	@Router       /api/v2/clients/{client_id}/migrations/{migration_id}/verify [post]
func (s *Server) verifyMigration(c *gin.Context) {
	var body MigrationVerifyBody
	if !bindJSON(c, &body) {
		return
	}
	v, err := s.hub.Migrations.Verify(c.Request.Context(), migrationScope(c), c.Param("migration_id"), body.Code)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, v)
}

// cancelMigration godoc
//
//	@Summary      Cancel a number migration
//	@Description  Only while created or otp_requested; otherwise 409 naming the status. Releases the number.
//	@Tags         migrations
//	@Accept       json
//	@Produce      json
//	@Param        partner_id    path      string               true   "Partner id (…PA)"
//	@Param        client_id     path      string               true   "Client id (…CL)"
//	@Param        migration_id  path      string               true   "Migration id (…MG)"
//	@Param        body          body      MigrationCancelBody  false  "Optional reason"
//	@Success      200           {object}  numbermigrations.View
//	@Failure      400           {object}  MetaEnvelope
//	@Failure      403           {object}  MetaEnvelope
//	@Failure      404           {object}  MetaEnvelope
//	@Failure      409           {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/clients/{client_id}/migrations/{migration_id}/cancel [post]
//	@Router       /api/v2/clients/{client_id}/migrations/{migration_id}/cancel [post]
func (s *Server) cancelMigration(c *gin.Context) {
	var body MigrationCancelBody
	if !bindOptionalJSON(c, &body) {
		return
	}
	v, err := s.hub.Migrations.Cancel(c.Request.Context(), migrationScope(c), c.Param("migration_id"), body.Reason)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, v)
}

// operatorCancelMigration godoc
//
//	@Summary      Cancel any tenant's number migration (platform admins)
//	@Description  Only while created or otp_requested; otherwise 409 naming the status.
//	@Tags         migrations
//	@Accept       json
//	@Produce      json
//	@Param        migration_id  path      string               true   "Migration id (…MG)"
//	@Param        body          body      MigrationCancelBody  false  "Optional reason"
//	@Success      200           {object}  numbermigrations.View
//	@Failure      400           {object}  MetaEnvelope
//	@Failure      403           {object}  MetaEnvelope
//	@Failure      404           {object}  MetaEnvelope
//	@Failure      409           {object}  MetaEnvelope
//	@Router       /api/v2/operator/migrations/{migration_id}/cancel [post]
func (s *Server) operatorCancelMigration(c *gin.Context) { s.cancelMigration(c) }
