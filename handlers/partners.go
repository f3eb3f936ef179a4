package handlers

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/partnerhub/partnerhub/services/partners"
)

// PartnerOut is a partner as the Partner API shows it.
type PartnerOut = partners.View

// PartnerList is a page of partners.
type PartnerList struct {
	ListMeta
	Partners []PartnerOut `json:"partners"`
}

// listPartners godoc
//
//	@Summary      List partners (operators)
//	@Tags         partners
//	@Produce      json
//	@Param        limit    query     int     false  "Page size (1–1000)"  default(20)
//	@Param        offset   query     int     false  "Items to skip"       default(0)
//	@Param        sort     query     string  false  "created_at or brand_name; leading - for descending"  default(-created_at)
//	@Param        filters  query     string  false  "JSON object: id, brand_name, country, partner_plan, partner_tier, status, billing_model"
//	@Success      200      {object}  PartnerList
//	@Failure      400      {object}  MetaEnvelope
//	@Failure      401      {object}  MetaEnvelope
//	@Failure      403      {object}  MetaEnvelope
//	@Router       /api/v2/partners [get]
func (s *Server) listPartners(c *gin.Context) {
	q, ok := parseList(c, partners.ListSpec)
	if !ok {
		return
	}
	items, total, err := s.hub.Partners.List(c.Request.Context(), q)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, PartnerList{ListMeta: listMeta(q, len(items), total), Partners: items})
}

// createPartner godoc
//
//	@Summary      Create a partner (platform admins)
//	@Tags         partners
//	@Accept       json
//	@Produce      json
//	@Param        body  body      partners.NewPartner  true  "The partner"
//	@Success      201   {object}  PartnerOut
//	@Failure      400   {object}  MetaEnvelope
//	@Failure      401   {object}  MetaEnvelope
//	@Failure      403   {object}  MetaEnvelope
//	@Failure      422   {object}  MetaEnvelope
//	@Router       /api/v2/partners [post]
func (s *Server) createPartner(c *gin.Context) {
	var in partners.NewPartner
	if !bindJSON(c, &in) {
		return
	}
	p, err := s.hub.Partners.Create(c.Request.Context(), in)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusCreated, p)
}

// getPartner godoc
//
//	@Summary      Get a partner
//	@Tags         partners
//	@Produce      json
//	@Param        partner_id  path      string  true  "Partner id (…PA)"
//	@Success      200         {object}  PartnerOut
//	@Failure      401         {object}  MetaEnvelope
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id} [get]
func (s *Server) getPartner(c *gin.Context) {
	p, err := s.hub.Partners.Get(c.Request.Context(), c.Param("partner_id"))
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, p)
}
