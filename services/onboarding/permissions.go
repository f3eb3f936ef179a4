package onboarding

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/channel"
	"github.com/partnerhub/partnerhub/ent/partner"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/audit"
	"github.com/partnerhub/partnerhub/services/scope"
	"github.com/partnerhub/partnerhub/services/storage"
)

// Limits of the permission step's input.
const (
	maxStateLength      = 1024
	maxChannelsPerVisit = 1000
)

// PermissionRequest is the permission screen's answer: the numbers the partner may manage.
type PermissionRequest struct {
	// PartnerID is the partner whose page this is; "" means the client's own partner.
	PartnerID  string   `json:"partner_id,omitempty" example:"a1B2c3D4e5PA"`
	ChannelIDs []string `json:"channel_ids" example:"a1B2c3D4e5CH"`
	// RedirectURL overrides the partner's redirect URL for this visit. It must be an
	// absolute http(s) URL on the same origin (scheme, host, port) as the partner's
	// configured redirect URL, so a crafted link cannot redirect elsewhere.
	RedirectURL string `json:"redirect_url,omitempty" example:"https://app.partner.example/360/callback?tenant=7"`
	// State is the partner's opaque value from the link, echoed back URL-encoded.
	State string `json:"state,omitempty" example:"csrf-token 42"`
}

// PermissionResult says where to send the client and what changed.
type PermissionResult struct {
	// RedirectTo is the partner's redirect URL with
	// ?client=<id>&channels=[<a>,<b>]&revoked=[<c>]&state=<state> (revoked only when
	// non-empty, state only when given).
	RedirectTo string `json:"redirect_to" example:"https://app.partner.example/360/callback?client=a1B2c3D4e5CL&channels=[a1B2c3D4e5CH]"`
	Client     string `json:"client" example:"a1B2c3D4e5CL"`
	// Channels are the numbers the partner may manage after this visit.
	Channels []string `json:"channels"`
	// Revoked are the numbers whose permission this visit withdrew (their partner keys are revoked).
	Revoked []string `json:"revoked"`
}

// SharePermissions applies the permission screen. On direct payment the selected numbers
// are shared with the partner and the client's other shared numbers are withdrawn, which
// revokes the keys the partner generated for them (services/apikeys). On partner payment
// the permission is fixed: every number of the client is reported as shared and nothing
// changes. Nothing changes either when the client cannot be sent back (no redirect URL,
// or an override on another origin).
//
// Errors: unauthenticated, forbidden, not_found, validation_failed, partner_not_found,
// managed_by_another_partner, no_redirect_url.
func (s *Service) SharePermissions(ctx context.Context, clientID string, in PermissionRequest) (*PermissionResult, error) {
	if err := mayChange(ctx); err != nil {
		return nil, err
	}
	c, err := client(ctx, s.db, clientID)
	if err != nil {
		return nil, err
	}
	var problems []string
	if len(in.State) > maxStateLength {
		problems = append(problems, fmt.Sprintf("state: must be at most %d characters", maxStateLength))
	}
	if len(in.ChannelIDs) > maxChannelsPerVisit {
		problems = append(problems, fmt.Sprintf("channel_ids: must list at most %d numbers", maxChannelsPerVisit))
	}
	if len(problems) > 0 {
		return nil, apperr.Validation(problems...)
	}
	p, err := s.pagePartner(ctx, s.db, c, in.PartnerID)
	if err != nil {
		return nil, err
	}
	if c.PartnerID != p.ID {
		return nil, managedElsewhere(p)
	}
	if p.PartnerRedirectURL == nil || *p.PartnerRedirectURL == "" {
		return nil, ErrNoRedirectURL.Newf(
			"%s has not set up where to send you back after onboarding (its redirect URL), so your numbers cannot be shared with it yet. Please contact %s.",
			p.BrandName, p.BrandName)
	}
	base := *p.PartnerRedirectURL
	if in.RedirectURL != "" {
		if why := checkRedirectOverride(in.RedirectURL, base); why != "" {
			return nil, apperr.Validation("redirect_url: " + why)
		}
		base = in.RedirectURL
	}
	all, err := s.db.Channel.Query().Where(channel.ClientID(c.ID), channel.StatusNEQ(channel.StatusTerminated)).
		Order(ent.Asc(channel.FieldCreatedAt), ent.Asc(channel.FieldID)).All(ctx)
	if err != nil {
		return nil, apperr.From(err)
	}
	byID := map[string]*ent.Channel{}
	for _, ch := range all {
		byID[ch.ID] = ch
	}
	var selected []string
	for _, id := range in.ChannelIDs {
		id = strings.TrimSpace(id)
		switch {
		case byID[id] == nil:
			problems = append(problems, fmt.Sprintf("channel_ids: %q is not an active number of this client", truncate(id, 40)))
		case !slices.Contains(selected, id):
			selected = append(selected, id)
		}
	}
	if len(problems) > 0 {
		return nil, apperr.Validation(problems...)
	}
	res := &PermissionResult{Client: c.ID, Channels: []string{}, Revoked: []string{}}
	sc := scope.Scope{ClientID: c.ID}
	if p.BillingModel == partner.BillingModelPartnerPayment {
		for _, ch := range all {
			res.Channels = append(res.Channels, ch.ID)
		}
	} else {
		res.Channels = append(res.Channels, selected...)
		// Grants first: an interrupted visit leaves the partner with more of the chosen
		// numbers, never with fewer; repeating the visit completes it.
		for _, id := range selected {
			if byID[id].KeyPermission != channel.KeyPermissionShared {
				if _, err := s.keys.SetPermission(ctx, sc, id, string(channel.KeyPermissionShared)); err != nil {
					return nil, err
				}
			}
		}
		for _, ch := range all {
			if ch.KeyPermission == channel.KeyPermissionShared && !slices.Contains(selected, ch.ID) {
				if _, err := s.keys.SetPermission(ctx, sc, ch.ID, string(channel.KeyPermissionMissing)); err != nil {
					return nil, err
				}
				res.Revoked = append(res.Revoked, ch.ID)
			}
		}
	}
	res.RedirectTo = RedirectURL(base, c.ID, res.Channels, res.Revoked, in.State)
	err = storage.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		return audit.Record(ctx, tx.Client(), audit.Entry{Action: "onboarding.permissions_confirmed", ObjectType: "client",
			ObjectID: c.ID, PartnerID: &c.PartnerID, ClientID: &c.ID, At: s.clock.Now(),
			Details: map[string]any{"channels": res.Channels, "revoked": res.Revoked, "redirect_overridden": in.RedirectURL != ""}})
	})
	if err != nil {
		return nil, apperr.From(err)
	}
	return res, nil
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
