package templates

import (
	"context"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/channel"
	"github.com/partnerhub/partnerhub/ent/wabatemplate"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/listquery"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// The Messaging API (/v1/configs/templates) works on the templates of the WABA of the
// channel whose key the request carries. No viewer stands behind a channel key: the
// verified key names the channel, so these read and write as the system, within that WABA.

func (s *Service) wabaOfChannel(ctx context.Context, db *ent.Client, channelID string) (*ent.WABA, error) {
	ch, err := db.Channel.Query().Where(channel.ID(channelID)).WithWaba().Only(ctx)
	if err != nil {
		return nil, apperr.From(err)
	}
	if ch.Edges.Waba == nil {
		return nil, apperr.NotFoundf("The number has no WABA.")
	}
	return ch.Edges.Waba, nil
}

// ListForKey lists the templates of channel channelID's WABA.
//
// Errors: not_found.
func (s *Service) ListForKey(ctx context.Context, channelID string, q *listquery.Query) ([]View, int, error) {
	sys := tenancy.AsSystem(ctx, tenancy.Credentials) // the verified key names the channel
	w, err := s.wabaOfChannel(sys, s.db, channelID)
	if err != nil {
		return nil, 0, err
	}
	return s.list(sys, s.db, w.ID, q)
}

// CreateForKey creates a template in channel channelID's WABA, as Create does.
//
// Errors: not_found, template_invalid, template_exists, template_name_deleted, template_limit_reached.
func (s *Service) CreateForKey(ctx context.Context, channelID string, d Draft) (View, error) {
	if err := check(ruleTemplate(d)); err != nil {
		return View{}, err
	}
	sys := tenancy.AsSystem(ctx, tenancy.Credentials) // the verified key names the channel
	w, err := s.wabaOfChannel(sys, s.db, channelID)
	if err != nil {
		return View{}, err
	}
	return s.create(sys, w, d, nil)
}

// DeleteByNameForKey deletes every language of template name in channel channelID's WABA
// and answers the deleted templates.
//
// Errors: not_found.
func (s *Service) DeleteByNameForKey(ctx context.Context, channelID, name string) ([]View, error) {
	sys := tenancy.AsSystem(ctx, tenancy.Credentials) // the verified key names the channel
	w, err := s.wabaOfChannel(sys, s.db, channelID)
	if err != nil {
		return nil, err
	}
	ts, err := s.db.WABATemplate.Query().Where(wabatemplate.WabaID(w.ID), wabatemplate.Name(name),
		wabatemplate.StatusNEQ(wabatemplate.StatusDeleted)).Order(ent.Asc(wabatemplate.FieldLanguage)).All(sys)
	if err != nil {
		return nil, apperr.From(err)
	}
	if len(ts) == 0 {
		return nil, apperr.NotFoundf("The WABA has no template named %q.", name)
	}
	out := make([]View, 0, len(ts))
	for _, t := range ts {
		v, err := s.delete(sys, t)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}
