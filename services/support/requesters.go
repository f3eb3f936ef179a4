package support

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/clientaccount"
	"github.com/partnerhub/partnerhub/ent/partner"
	"github.com/partnerhub/partnerhub/ent/user"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// RequesterView is a partner or client user an agent may enter a ticket for.
type RequesterView struct {
	ID            string  `json:"id"`
	Email         string  `json:"email"`
	Name          string  `json:"name"`
	Role          string  `json:"role"`
	RequesterKind string  `json:"requester_kind" enums:"partner,client"`
	PartnerID     string  `json:"partner_id"`
	PartnerName   string  `json:"partner_name"`
	ClientID      *string `json:"client_id"`
	ClientName    string  `json:"client_name,omitempty"`
}

// maxRequesters bounds one lookup.
const maxRequesters = 20

// FindRequesters finds partner and client users whose email or name contains q (at least
// two characters), for agents entering an email or WhatsApp ticket. Support staff only.
//
// Errors: forbidden, validation_failed.
func (s *Service) FindRequesters(ctx context.Context, q string) ([]RequesterView, error) {
	if !IsStaff(tenancy.FromContext(ctx)) {
		return nil, apperr.ErrForbidden.New("Looking up requesters is for support staff.")
	}
	q = strings.TrimSpace(q)
	if utf8.RuneCountInString(q) < 2 || len(q) > 254 {
		return nil, apperr.Validation("q: type at least 2 characters of the requester's email or name (at most 254)")
	}
	us, err := s.db.User.Query().Where(
		user.RoleIn(user.RolePartnerAdmin, user.RolePartnerMember, user.RoleClientAdmin, user.RoleClientMember),
		user.Disabled(false), user.PartnerIDNotNil(),
		user.Or(user.EmailContainsFold(q), user.NameContainsFold(q)),
	).Order(ent.Asc(user.FieldEmail)).Limit(maxRequesters).All(ctx)
	if err != nil {
		return nil, apperr.From(err)
	}
	var partnerIDs, clientIDs []string
	for _, u := range us {
		partnerIDs = append(partnerIDs, *u.PartnerID)
		if u.ClientID != nil {
			clientIDs = append(clientIDs, *u.ClientID)
		}
	}
	partners, clients := map[string]string{}, map[string]string{}
	ps, err := s.db.Partner.Query().Where(partner.IDIn(partnerIDs...)).Select(partner.FieldID, partner.FieldBrandName).All(ctx)
	if err != nil {
		return nil, apperr.From(err)
	}
	for _, p := range ps {
		partners[p.ID] = p.BrandName
	}
	cs, err := s.db.ClientAccount.Query().Where(clientaccount.IDIn(clientIDs...)).Select(clientaccount.FieldID, clientaccount.FieldName).All(ctx)
	if err != nil {
		return nil, apperr.From(err)
	}
	for _, c := range cs {
		clients[c.ID] = c.Name
	}
	out := make([]RequesterView, len(us))
	for i, u := range us {
		out[i] = RequesterView{ID: u.ID, Email: u.Email, Name: u.Name, Role: string(u.Role), RequesterKind: "partner",
			PartnerID: *u.PartnerID, PartnerName: partners[*u.PartnerID], ClientID: u.ClientID}
		if u.ClientID != nil {
			out[i].RequesterKind, out[i].ClientName = "client", clients[*u.ClientID]
		}
	}
	return out, nil
}
