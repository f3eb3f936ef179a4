package handlers

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/services/partners"
)

// PartnerOut is a partner as the Partner API shows it.
type PartnerOut struct {
	ID                      string         `json:"id" example:"f167CmAbcdPA"`
	BrandName               string         `json:"brand_name" example:"Acme Messaging"`
	LogoURL                 *string        `json:"logo_url"`
	Country                 string         `json:"country" example:"DE"`
	WebhookURL              *string        `json:"webhook_url"`
	PartnerRedirectURL      *string        `json:"partner_redirect_url"`
	AllowClientToAddPhoneNo bool           `json:"allow_client_to_add_phone_no"`
	AutoApprove             bool           `json:"auto_approve"`
	PcrExecution            string         `json:"pcr_execution" enums:"immediate,end_of_month"`
	DefaultStorageRegion    *string        `json:"default_storage_region"`
	BillingModel            string         `json:"billing_model" enums:"direct_payment,partner_payment"`
	BillingSystem           string         `json:"billing_system"`
	PartnerPlan             string         `json:"partner_plan" enums:"sandbox,growth,premium"`
	PartnerTier             string         `json:"partner_tier" enums:"none,silver,gold,platinum"`
	Status                  string         `json:"status" enums:"active,inactive"`
	SolutionID              *string        `json:"solution_id"`
	Settings                map[string]any `json:"settings"`
	CreatedAt               time.Time      `json:"created_at"`
	ModifiedAt              time.Time      `json:"modified_at"`
}

// PartnerList is a page of partners.
type PartnerList struct {
	ListMeta
	Partners []PartnerOut `json:"partners"`
}

func partnerOut(p *ent.Partner) PartnerOut {
	return PartnerOut{
		ID: p.ID, BrandName: p.BrandName, LogoURL: p.LogoURL, Country: p.Country, WebhookURL: p.WebhookURL,
		PartnerRedirectURL: p.PartnerRedirectURL, AllowClientToAddPhoneNo: p.AllowClientToAddPhoneNo,
		AutoApprove: p.AutoApprove, PcrExecution: string(p.PcrExecution), DefaultStorageRegion: p.DefaultStorageRegion,
		BillingModel: string(p.BillingModel), BillingSystem: p.BillingSystem, PartnerPlan: string(p.PartnerPlan),
		PartnerTier: string(p.PartnerTier), Status: string(p.Status), SolutionID: p.SolutionID, Settings: p.Settings,
		CreatedAt: p.CreatedAt.UTC(), ModifiedAt: p.ModifiedAt.UTC(),
	}
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
	out := PartnerList{ListMeta: listMeta(q, len(items), total), Partners: make([]PartnerOut, len(items))}
	for i, p := range items {
		out.Partners[i] = partnerOut(p)
	}
	c.JSON(http.StatusOK, out)
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
	c.JSON(http.StatusCreated, partnerOut(p))
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
	c.JSON(http.StatusOK, partnerOut(p))
}
