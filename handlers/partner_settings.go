package handlers

import (
	"encoding/json"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/partners"
)

// updatePartner godoc
//
//	@Summary      Update a partner
//	@Description  Partner admins change the public data (brand, logo, country, webhook and redirect URLs, allow_client_to_add_phone_no, default storage region); platform admins may also change plan, tier, billing model and system, and status.
//	@Tags         partners
//	@Accept       json
//	@Produce      json
//	@Param        partner_id  path      string          true  "Partner id (…PA)"
//	@Param        body        body      partners.Patch  true  "Fields to change"
//	@Success      200         {object}  PartnerOut
//	@Failure      400         {object}  MetaEnvelope
//	@Failure      401         {object}  MetaEnvelope
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Failure      422         {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id} [patch]
func (s *Server) updatePartner(c *gin.Context) {
	var p partners.Patch
	if !bindJSON(c, &p) {
		return
	}
	out, err := s.hub.Partners.Update(c.Request.Context(), c.Param("partner_id"), p)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, out)
}

// WebhookURLBody is the partner webhook URL, where partner events are delivered.
type WebhookURLBody struct {
	WebhookURL *string `json:"webhook_url" example:"https://crm.example.com/partnerhub/events"`
}

// getPartnerWebhookURL godoc
//
//	@Summary      Get the partner webhook URL
//	@Tags         partners
//	@Produce      json
//	@Param        partner_id  path      string  true  "Partner id (…PA)"
//	@Success      200         {object}  WebhookURLBody
//	@Failure      401         {object}  MetaEnvelope
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/webhook_url [get]
func (s *Server) getPartnerWebhookURL(c *gin.Context) {
	p, err := s.hub.Partners.Get(c.Request.Context(), c.Param("partner_id"))
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, WebhookURLBody{WebhookURL: p.WebhookURL})
}

// setPartnerWebhookURL godoc
//
//	@Summary      Set the partner webhook URL
//	@Description  https only, no underscore in the host, no explicit port. An empty string removes it.
//	@Tags         partners
//	@Accept       json
//	@Produce      json
//	@Param        partner_id  path      string          true  "Partner id (…PA)"
//	@Param        body        body      WebhookURLBody  true  "The URL"
//	@Success      200         {object}  PartnerOut
//	@Failure      400         {object}  MetaEnvelope
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Failure      422         {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/webhook_url [post]
func (s *Server) setPartnerWebhookURL(c *gin.Context) {
	var body WebhookURLBody
	if !bindJSON(c, &body) {
		return
	}
	if body.WebhookURL == nil {
		writeError(c, apperr.Validation("webhook_url: is required"))
		return
	}
	out, err := s.hub.Partners.Update(c.Request.Context(), c.Param("partner_id"), partners.Patch{WebhookURL: body.WebhookURL})
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, out)
}

// AutoApproveBody is the partner-change-request setting. The documented example sends the
// string "true", so strings "true"/"false" are accepted as well as booleans. Either field
// may be left out to keep its value.
type AutoApproveBody struct {
	AutoApprove bool   `json:"auto_approve"`
	Execution   string `json:"execution" enums:"immediate,end_of_month" example:"immediate"`
	set         partners.PartnerChangeSettings
}

// UnmarshalJSON accepts auto_approve as a boolean or as "true"/"false".
//
// Errors: validation_failed.
func (b *AutoApproveBody) UnmarshalJSON(raw []byte) error {
	var v struct {
		AutoApprove json.RawMessage `json:"auto_approve"`
		Execution   *string         `json:"execution"`
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		return err
	}
	var problems []string
	switch string(v.AutoApprove) {
	case "":
	case "true", `"true"`:
		on := true
		b.set.AutoApprove = &on
	case "false", `"false"`:
		off := false
		b.set.AutoApprove = &off
	default:
		problems = append(problems, "auto_approve: must be true or false")
	}
	if v.Execution != nil {
		if *v.Execution != "immediate" && *v.Execution != "end_of_month" {
			problems = append(problems, "execution: must be immediate or end_of_month")
		}
		b.set.Execution = v.Execution
	}
	if len(problems) > 0 {
		return apperr.Validation(problems...)
	}
	if b.set.AutoApprove == nil && b.set.Execution == nil {
		return apperr.Validation("auto_approve: required (or execution)")
	}
	return nil
}

// setAutoApprove godoc
//
//	@Summary      Set auto-approval and execution time of partner change requests
//	@Description  auto_approve approves incoming requests as they arrive; execution immediate runs approved requests at once, end_of_month at 00:00 UTC on the first day of the next month. Leave a field out to keep it.
//	@Tags         partners
//	@Accept       json
//	@Produce      json
//	@Param        partner_id  path      string           true  "Partner id (…PA)"
//	@Param        body        body      AutoApproveBody  true  "The setting"
//	@Success      200         {object}  AutoApproveBody
//	@Failure      400         {object}  MetaEnvelope
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Failure      422         {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/settings/partner_change_request [patch]
func (s *Server) setAutoApprove(c *gin.Context) {
	var body AutoApproveBody
	if !bindJSON(c, &body) {
		return
	}
	p, err := s.hub.Partners.SetPartnerChangeSettings(c.Request.Context(), c.Param("partner_id"), body.set)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, AutoApproveBody{AutoApprove: p.AutoApprove, Execution: p.PcrExecution})
}
