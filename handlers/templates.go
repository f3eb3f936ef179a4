package handlers

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/partnerhub/partnerhub/services/scope"
	"github.com/partnerhub/partnerhub/services/templates"
)

// WABATemplateList is a page of a WABA's message templates (items key waba_templates, as
// in the Partner API).
type WABATemplateList struct {
	ListMeta
	WABATemplates []templates.View `json:"waba_templates"`
}

// listWABATemplates godoc
//
//	@Summary      List a WABA's message templates
//	@Description  Templates copied by number migrations carry copied_from (the migration) and start with quality_score UNKNOWN.
//	@Tags         wabas
//	@Produce      json
//	@Param        partner_id  path      string  true   "Partner id (…PA)"
//	@Param        client_id   path      string  true   "Client id (…CL)"
//	@Param        waba_id     path      string  true   "WABA id (…WA)"
//	@Param        limit       query     int     false  "Page size (1–1000)"  default(20)
//	@Param        offset      query     int     false  "Items to skip"       default(0)
//	@Param        sort        query     string  false  "name, created_at or modified_at; leading - for descending"  default(name)
//	@Param        filters     query     string  false  "JSON object: id, name, language, category, status, quality_score, copied_from"
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
	sc := scope.Scope{PartnerID: c.Param("partner_id"), ClientID: c.Param("client_id")}
	items, total, err := s.hub.Templates.List(c.Request.Context(), sc, c.Param("waba_id"), q)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, WABATemplateList{ListMeta: listMeta(q, len(items), total), WABATemplates: items})
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
