package handlers

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/partnerhub/partnerhub/services/templates"
)

// WABATemplateList is a page of a WABA's message templates (items key waba_templates, as
// in the Partner API).
type WABATemplateList struct {
	ListMeta
	WABATemplates []templates.View `json:"waba_templates"`
}

// DeletedTemplate answers a template's deletion: the meta envelope and the template, now
// deleted.
type DeletedTemplate struct {
	Meta Meta `json:"meta"`
	templates.View
}

// DeletedTemplates answers the deletion of a template name: every language deleted.
type DeletedTemplates struct {
	Meta          Meta             `json:"meta"`
	WABATemplates []templates.View `json:"waba_templates"`
}

// listWABATemplates godoc
//
//	@Summary      List a WABA's message templates
//	@Description  Deleted templates are left out unless filters name a status. q finds names containing it; business_templates.name is name (kairon's spelling, for sort and filters). Templates copied by number migrations carry copied_from (the migration) and start with quality_score UNKNOWN.
//	@Tags         templates
//	@Produce      json
//	@Param        partner_id  path      string  true   "Partner id (…PA)"
//	@Param        client_id   path      string  true   "Client id (…CL)"
//	@Param        waba_id     path      string  true   "WABA id (…WA)"
//	@Param        limit       query     int     false  "Page size (1–1000)"  default(20)
//	@Param        offset      query     int     false  "Items to skip"       default(0)
//	@Param        sort        query     string  false  "name, language, category, status, created_at, modified_at or business_templates.name; leading - for descending"  default(name)
//	@Param        filters     query     string  false  "JSON object: id, name, business_templates.name, q, language, category, status, quality_score, copied_from, external_id"
//	@Success      200         {object}  WABATemplateList
//	@Failure      400         {object}  MetaEnvelope
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/waba_accounts/{waba_id}/waba_templates [get]
//	@Router       /api/v2/clients/{client_id}/waba_accounts/{waba_id}/waba_templates [get]
func (s *Server) listWABATemplates(c *gin.Context) {
	q, ok := parseList(c, templates.ListSpec)
	if !ok {
		return
	}
	items, total, err := s.hub.Templates.List(c.Request.Context(), scopeOf(c), c.Param("waba_id"), q)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, WABATemplateList{ListMeta: listMeta(q, len(items), total), WABATemplates: items})
}

// createWABATemplate godoc
//
//	@Summary      Submit a message template for review
//	@Description  Meta's create body. Every broken rule is listed in one 422 template_invalid (meta.details). The template starts submitted; the provider's review makes it approved or rejected (with rejected_reason), announced by waba_template_status_changed. A WABA holds at most 250 templates while its business is not verified, 6 000 once it is. The name of a deleted template is blocked for 30 days.
//	@Tags         templates
//	@Accept       json
//	@Produce      json
//	@Param        partner_id  path      string            true  "Partner id (…PA)"
//	@Param        client_id   path      string            true  "Client id (…CL)"
//	@Param        waba_id     path      string            true  "WABA id (…WA)"
//	@Param        body        body      templates.Draft   true  "The template"
//	@Success      201         {object}  templates.View
//	@Failure      400         {object}  MetaEnvelope
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Failure      409         {object}  MetaEnvelope
//	@Failure      422         {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/waba_accounts/{waba_id}/waba_templates [post]
//	@Router       /api/v2/clients/{client_id}/waba_accounts/{waba_id}/waba_templates [post]
func (s *Server) createWABATemplate(c *gin.Context) {
	var d templates.Draft
	if !bindJSON(c, &d) {
		return
	}
	v, err := s.hub.Templates.Create(c.Request.Context(), scopeOf(c), c.Param("waba_id"), d)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusCreated, v)
}

// getWABATemplate godoc
//
//	@Summary      Get a message template
//	@Tags         templates
//	@Produce      json
//	@Param        partner_id   path      string  true  "Partner id (…PA)"
//	@Param        client_id    path      string  true  "Client id (…CL)"
//	@Param        waba_id      path      string  true  "WABA id (…WA)"
//	@Param        template_id  path      string  true  "Template id (…TP)"
//	@Success      200          {object}  templates.View
//	@Failure      403          {object}  MetaEnvelope
//	@Failure      404          {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/waba_accounts/{waba_id}/waba_templates/{template_id} [get]
//	@Router       /api/v2/clients/{client_id}/waba_accounts/{waba_id}/waba_templates/{template_id} [get]
func (s *Server) getWABATemplate(c *gin.Context) {
	v, err := s.hub.Templates.Get(c.Request.Context(), scopeOf(c), c.Param("waba_id"), c.Param("template_id"))
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, v)
}

// updateWABATemplate godoc
//
//	@Summary      Edit a message template
//	@Description  Approved, rejected and paused templates may be edited: the components, and the category of a rejected one. An edit submits the template for review again. Meta's limits bind approved templates: one edit in 24 hours and 10 in 30 days (429 template_edit_limited with Retry-After; next_edit_at says when). The /v1/partners/… path is the same operation as kairon calls it.
//	@Tags         templates
//	@Accept       json
//	@Produce      json
//	@Param        partner_id   path      string          true  "Partner id (…PA)"
//	@Param        client_id    path      string          true  "Client id (…CL)"
//	@Param        waba_id      path      string          true  "WABA id (…WA)"
//	@Param        template_id  path      string          true  "Template id (…TP)"
//	@Param        body         body      templates.Edit  true  "The new components (and category)"
//	@Success      200          {object}  templates.View
//	@Failure      400          {object}  MetaEnvelope
//	@Failure      403          {object}  MetaEnvelope
//	@Failure      404          {object}  MetaEnvelope
//	@Failure      409          {object}  MetaEnvelope
//	@Failure      422          {object}  MetaEnvelope
//	@Failure      429          {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/waba_accounts/{waba_id}/waba_templates/{template_id} [patch]
//	@Router       /v1/partners/{partner_id}/waba_accounts/{waba_id}/waba_templates/{template_id} [patch]
//	@Router       /api/v2/clients/{client_id}/waba_accounts/{waba_id}/waba_templates/{template_id} [patch]
func (s *Server) updateWABATemplate(c *gin.Context) {
	var e templates.Edit
	if !bindJSON(c, &e) {
		return
	}
	v, err := s.hub.Templates.Update(c.Request.Context(), scopeOf(c), c.Param("waba_id"), c.Param("template_id"), e)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, v)
}

// deleteWABATemplate godoc
//
//	@Summary      Delete a message template
//	@Description  Deleted at the provider; the template stays, with status deleted (listed when filters name the status), and its name is blocked for 30 days.
//	@Tags         templates
//	@Produce      json
//	@Param        partner_id   path      string  true  "Partner id (…PA)"
//	@Param        client_id    path      string  true  "Client id (…CL)"
//	@Param        waba_id      path      string  true  "WABA id (…WA)"
//	@Param        template_id  path      string  true  "Template id (…TP)"
//	@Success      200          {object}  DeletedTemplate
//	@Failure      403          {object}  MetaEnvelope
//	@Failure      404          {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/waba_accounts/{waba_id}/waba_templates/{template_id} [delete]
//	@Router       /api/v2/clients/{client_id}/waba_accounts/{waba_id}/waba_templates/{template_id} [delete]
func (s *Server) deleteWABATemplate(c *gin.Context) {
	v, err := s.hub.Templates.Delete(c.Request.Context(), scopeOf(c), c.Param("waba_id"), c.Param("template_id"))
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, DeletedTemplate{Meta: Meta{Success: true, HTTPCode: http.StatusOK, DeveloperMessage: "The template is deleted."}, View: v})
}

// listMessagingTemplates godoc
//
//	@Summary      List the templates of the key's WABA (Messaging API)
//	@Description  The list conventions of the Partner API (limit, offset, sort, filters; items key waba_templates), over the WABA of the channel whose key is sent.
//	@Tags         messaging
//	@Produce      json
//	@Param        D360-API-KEY  header    string  true   "Channel API key"
//	@Param        limit         query     int     false  "Page size (1–1000)"  default(20)
//	@Param        offset        query     int     false  "Items to skip"       default(0)
//	@Param        sort          query     string  false  "as on the Partner API"  default(name)
//	@Param        filters       query     string  false  "as on the Partner API"
//	@Success      200           {object}  WABATemplateList
//	@Failure      400           {object}  MetaEnvelope
//	@Failure      401           {object}  MetaEnvelope
//	@Router       /v1/configs/templates [get]
func (s *Server) listMessagingTemplates(c *gin.Context) {
	q, ok := parseList(c, templates.ListSpec)
	if !ok {
		return
	}
	items, total, err := s.hub.Templates.ListForKey(c.Request.Context(), channelPrincipal(c).ChannelID, q)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, WABATemplateList{ListMeta: listMeta(q, len(items), total), WABATemplates: items})
}

// createMessagingTemplate godoc
//
//	@Summary      Submit a template for review (Messaging API)
//	@Description  As the Partner API's create, in the WABA of the key's channel; answers 201 with the template.
//	@Tags         messaging
//	@Accept       json
//	@Produce      json
//	@Param        D360-API-KEY  header    string           true  "Channel API key"
//	@Param        body          body      templates.Draft  true  "The template"
//	@Success      201           {object}  templates.View
//	@Failure      400           {object}  MetaEnvelope
//	@Failure      401           {object}  MetaEnvelope
//	@Failure      409           {object}  MetaEnvelope
//	@Failure      422           {object}  MetaEnvelope
//	@Router       /v1/configs/templates [post]
func (s *Server) createMessagingTemplate(c *gin.Context) {
	var d templates.Draft
	if !bindJSON(c, &d) {
		return
	}
	v, err := s.hub.Templates.CreateForKey(c.Request.Context(), channelPrincipal(c).ChannelID, d)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusCreated, v)
}

// deleteMessagingTemplate godoc
//
//	@Summary      Delete a template by name (Messaging API)
//	@Description  Every language of the name is deleted in the WABA of the key's channel.
//	@Tags         messaging
//	@Produce      json
//	@Param        D360-API-KEY  header    string  true  "Channel API key"
//	@Param        name          path      string  true  "Template name"
//	@Success      200           {object}  DeletedTemplates
//	@Failure      401           {object}  MetaEnvelope
//	@Failure      404           {object}  MetaEnvelope
//	@Router       /v1/configs/templates/{name} [delete]
func (s *Server) deleteMessagingTemplate(c *gin.Context) {
	vs, err := s.hub.Templates.DeleteByNameForKey(c.Request.Context(), channelPrincipal(c).ChannelID, c.Param("name"))
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, DeletedTemplates{Meta: Meta{Success: true, HTTPCode: http.StatusOK,
		DeveloperMessage: "The template is deleted in every language."}, WABATemplates: vs})
}

// simulateTemplate godoc
//
//	@Summary      Play the provider's review of a template (simulator)
//	@Description  approve (from submitted, rejected or paused), reject with Meta's rejected_reason (from submitted or approved; NONE when left out), pause (from approved), disable (from approved or paused), or quality with a quality_score. Each is audited and announced as the provider's own report would be.
//	@Tags         operator
//	@Accept       json
//	@Produce      json
//	@Param        template_id  path      string             true  "Template id (…TP)"
//	@Param        body         body      templates.Control  true  "The control"
//	@Success      200          {object}  templates.View
//	@Failure      400          {object}  MetaEnvelope
//	@Failure      403          {object}  MetaEnvelope
//	@Failure      404          {object}  MetaEnvelope
//	@Failure      409          {object}  MetaEnvelope
//	@Failure      422          {object}  MetaEnvelope
//	@Router       /api/v2/operator/simulator/templates/{template_id} [post]
func (s *Server) simulateTemplate(c *gin.Context) {
	var body templates.Control
	if !bindJSON(c, &body) {
		return
	}
	v, err := s.hub.Templates.Simulate(c.Request.Context(), c.Param("template_id"), body)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, v)
}

// listClientWABAs godoc
//
//	@Summary      List my WABAs with their number limits (client portal)
//	@Tags         wabas
//	@Produce      json
//	@Param        client_id  path      string  true  "Client id (…CL)"
//	@Success      200        {object}  WABAList
//	@Failure      403        {object}  MetaEnvelope
//	@Failure      404        {object}  MetaEnvelope
//	@Router       /api/v2/clients/{client_id}/waba_accounts [get]
func (s *Server) listClientWABAs(c *gin.Context) {
	ws, err := s.hub.WABAs.List(c.Request.Context(), "", c.Param("client_id"))
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, WABAList{WABAAccounts: ws})
}
