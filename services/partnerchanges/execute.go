package partnerchanges

import (
	"context"
	"errors"
	"fmt"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/channel"
	"github.com/partnerhub/partnerhub/ent/channelphoto"
	"github.com/partnerhub/partnerhub/ent/limitraiserequest"
	"github.com/partnerhub/partnerhub/ent/partner"
	"github.com/partnerhub/partnerhub/ent/partnerchangerequest"
	"github.com/partnerhub/partnerhub/ent/user"
	"github.com/partnerhub/partnerhub/ent/waba"
	"github.com/partnerhub/partnerhub/ent/wabatemplate"
	"github.com/partnerhub/partnerhub/services/apikeys"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/audit"
	"github.com/partnerhub/partnerhub/services/channels"
	"github.com/partnerhub/partnerhub/services/events"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// RunDue executes every approved request whose time has come and returns how many it
// finished (completed or failed). Any number of instances may run it at once: each request
// is claimed by the conditional update pending → completed inside the transaction that
// moves its data, so exactly one execution commits; the others find it no longer pending.
// A request whose conditions broke meanwhile is recorded as failed, not returned as an
// error; a request another instance finished meanwhile (invalid_state) is skipped.
//
// Errors: invalid_state.
func (s *Service) RunDue(ctx context.Context) (int, error) {
	// The scheduled job: it reads and moves the data of both partners of each request.
	sys := tenancy.AsSystem(ctx, tenancy.BackgroundJob)
	due, err := s.db.PartnerChangeRequest.Query().
		Where(partnerchangerequest.StatusEQ(partnerchangerequest.StatusPending), partnerchangerequest.ExecuteAfterLTE(s.clock.Now())).
		Order(partnerchangerequest.ByExecuteAfter(), partnerchangerequest.ByID()).Limit(100).IDs(sys)
	if err != nil {
		return 0, err
	}
	done := 0
	for _, id := range due {
		ok, err := s.execute(sys, id)
		if err != nil {
			return done, err
		}
		if ok {
			done++
		}
	}
	return done, nil
}

// failure is a reason a request cannot run, recorded on it as failed.
type failure struct{ reason string }

func (f failure) Error() string { return f.reason }

// execute runs request id. It reports whether this call finished it.
func (s *Service) execute(ctx context.Context, id string) (bool, error) {
	var won bool
	err := storage.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		won = false
		r, err := tx.PartnerChangeRequest.Get(ctx, id)
		if err != nil {
			return err
		}
		if r.Status != partnerchangerequest.StatusPending {
			return nil
		}
		now := s.clock.Now()
		// Claim first: on PostgreSQL a concurrent executor blocks on this row until we
		// commit or roll back, then sees status ≠ pending and updates nothing.
		n, err := tx.PartnerChangeRequest.Update().
			Where(partnerchangerequest.ID(id), partnerchangerequest.StatusEQ(partnerchangerequest.StatusPending)).
			SetStatus(partnerchangerequest.StatusCompleted).SetFinishedAt(now).Save(ctx)
		if err != nil || n == 0 {
			return err
		}
		won = true
		target, err := s.move(ctx, tx.Client(), r)
		if err != nil {
			return err
		}
		upd := tx.PartnerChangeRequest.UpdateOneID(id)
		if target != r.ClientID {
			upd.SetTargetClientID(target)
		}
		if r, err = upd.Save(ctx); err != nil {
			return err
		}
		if err := s.release(ctx, tx.Client(), r); err != nil {
			return err
		}
		return audit.RecordChange(ctx, tx.Client(), change(r, "partner_change_request.completed", events.PartnerChangeCompleted, map[string]any{
			"channel_ids": r.ChannelIds, "target_client_id": target,
		}, now))
	})
	var f failure
	switch {
	case err == nil:
		return won, nil
	case errors.As(err, &f):
		// Nothing moved (the transaction rolled back); record the failure on its own.
		return s.fail(ctx, id, f.reason)
	case apperr.As(err) != nil && apperr.KindOf(err) != apperr.Internal:
		return s.fail(ctx, id, apperr.As(err).Message)
	default:
		return false, err
	}
}

// fail marks request id failed with reason, releasing its numbers.
func (s *Service) fail(ctx context.Context, id, reason string) (bool, error) {
	var won bool
	err := storage.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		r, err := tx.PartnerChangeRequest.Get(ctx, id)
		if err != nil {
			return err
		}
		now := s.clock.Now()
		out, err := s.transition(ctx, tx.Client(), r, partnerchangerequest.StatusFailed, func(u *ent.PartnerChangeRequestUpdate) {
			u.SetReason(reason).SetFinishedAt(now)
		})
		if err != nil {
			if apperr.KindOf(err) == apperr.Conflict {
				return nil // another instance finished it meanwhile
			}
			return err
		}
		won = true
		if err := s.release(ctx, tx.Client(), out); err != nil {
			return err
		}
		return audit.RecordChange(ctx, tx.Client(), change(out, "partner_change_request.failed", events.PartnerChangeFailed, map[string]any{"reason": reason}, now))
	})
	return won, err
}

// move hands r's numbers to the destination partner inside tx and returns the client that
// now holds them: the client itself on a full move, a new clone client on a partial one.
// The conditions are checked again, as the world may have changed since the request was
// made (end-of-month requests wait for weeks); a broken one fails the request.
func (s *Service) move(ctx context.Context, tx *ent.Client, r *ent.PartnerChangeRequest) (string, error) {
	src, err := tx.Partner.Get(ctx, r.PartnerID)
	if err != nil {
		return "", err
	}
	dst, err := tx.Partner.Get(ctx, r.TargetPartnerID)
	if err != nil {
		return "", err
	}
	if dst.Status != partner.StatusActive {
		return "", failure{"The destination partner is no longer active."}
	}
	if dst.BillingSystem != src.BillingSystem {
		return "", failure{"The destination partner now uses a different payment processor."}
	}
	c, err := tx.ClientAccount.Get(ctx, r.ClientID)
	if err != nil {
		return "", err
	}
	if c.PartnerID != src.ID {
		return "", failure{"The client no longer belongs to the partner it had when the request was made."}
	}
	chans, err := tx.Channel.Query().Where(channel.IDIn(r.ChannelIds...)).All(ctx)
	if err != nil {
		return "", err
	}
	if len(chans) != len(r.ChannelIds) {
		return "", failure{"A number of this request no longer exists."}
	}
	for _, ch := range chans {
		switch {
		case ch.ClientID != c.ID:
			return "", failure{fmt.Sprintf("The number %s no longer belongs to this client.", ch.PhoneNumber)}
		case ch.Status == channel.StatusTerminated || ch.Status == channel.StatusPendingDeletion:
			return "", failure{fmt.Sprintf("The number %s was cancelled meanwhile (status %s).", ch.PhoneNumber, ch.Status)}
		}
	}
	full := r.IsFullMigration
	if full {
		// A number registered after the request joins a full move only if it is not busy.
		rest, err := tx.Channel.Query().Where(channel.ClientID(c.ID), channel.StatusNEQ(channel.StatusTerminated), channel.IDNotIn(r.ChannelIds...)).Count(ctx)
		if err != nil {
			return "", err
		}
		full = rest == 0
	}
	now := s.clock.Now()
	target := c.ID
	if full {
		if err := tx.ClientAccount.UpdateOne(c).SetPartnerID(dst.ID).Exec(ctx); err != nil {
			return "", err
		}
		if _, err := tx.WABA.Update().Where(waba.ClientID(c.ID)).SetPartnerID(dst.ID).Save(ctx); err != nil {
			return "", err
		}
		if _, err := tx.WABATemplate.Update().Where(wabatemplate.ClientID(c.ID)).SetPartnerID(dst.ID).Save(ctx); err != nil {
			return "", err
		}
		moved, err := tx.User.Query().Where(user.ClientID(c.ID)).IDs(ctx)
		if err != nil {
			return "", err
		}
		if _, err := tx.User.Update().Where(user.ClientID(c.ID)).SetPartnerID(dst.ID).Save(ctx); err != nil {
			return "", err
		}
		for _, uid := range moved {
			if s.EndSessions != nil {
				if err := s.EndSessions(ctx, tx, uid); err != nil {
					return "", err
				}
			}
		}
		// Open limit raises go with the client; decided ones stay in the old partner's history.
		if _, err := tx.LimitRaiseRequest.Delete().Where(limitraiserequest.ClientID(c.ID), limitraiserequest.StatusEQ(limitraiserequest.StatusPending)).Exec(ctx); err != nil {
			return "", err
		}
	} else {
		clone, err := tx.ClientAccount.Create().SetPartnerID(dst.ID).SetName(c.Name).SetOrganisation(c.Organisation).
			SetPlan(c.Plan).SetMaxChannels(max(c.MaxChannels, len(chans))).SetContactInfo(c.ContactInfo).SetContactUser(c.ContactUser).
			SetMetaInfo(c.MetaInfo).SetClonedFrom(c.ID).Save(ctx)
		if err != nil {
			return "", err
		}
		target = clone.ID
		if err := s.splitWABAs(ctx, tx, clone, chans); err != nil {
			return "", err
		}
	}
	for _, ch := range chans {
		if _, err := apikeys.RevokeAllForChannel(ctx, tx, s.sql, ch.ID, "partner_change", now); err != nil {
			return "", err
		}
		upd := tx.Channel.UpdateOneID(ch.ID).SetPartnerID(dst.ID).SetClientID(target).
			ClearWebhookURL().ClearWebhookHeaders().SetKeyPermission(channels.DefaultKeyPermission(dst.BillingModel))
		if err := upd.Exec(ctx); err != nil {
			return "", err
		}
		if _, err := tx.ChannelPhoto.Update().Where(channelphoto.ID(ch.ID)).SetPartnerID(dst.ID).SetClientID(target).Save(ctx); err != nil {
			return "", err
		}
		// Both partners' trails record the move: the source with the client it left, the
		// destination with the client that holds the number now. No event: the request's
		// completion announces it.
		if err := audit.RecordChange(ctx, tx, audit.Change{Action: "channel.partner_changed", ObjectType: "channel", ObjectID: ch.ID,
			Sides: []audit.Side{{PartnerID: src.ID, ClientID: &c.ID}, {PartnerID: dst.ID, ClientID: &target}},
			Details: map[string]any{"from_partner_id": src.ID, "to_partner_id": dst.ID, "client_id": target, "request_id": r.ID,
				"keys_revoked": true, "webhook_cleared": ch.WebhookURL != nil}, At: now}); err != nil {
			return "", err
		}
	}
	return target, nil
}

// splitWABAs places the moving channels in WABAs of the clone: a WABA whose every live
// number moves goes over whole (with its templates); otherwise the clone gets a copy of the
// WABA's account data and the moving numbers are placed in it.
func (s *Service) splitWABAs(ctx context.Context, tx *ent.Client, clone *ent.ClientAccount, chans []*ent.Channel) error {
	moving := map[string][]string{}
	for _, ch := range chans {
		moving[ch.WabaID] = append(moving[ch.WabaID], ch.ID)
	}
	for wid, ids := range moving {
		w, err := tx.WABA.Get(ctx, wid)
		if err != nil {
			return err
		}
		staying, err := tx.Channel.Query().Where(channel.WabaID(wid), channel.StatusNEQ(channel.StatusTerminated), channel.IDNotIn(ids...)).Count(ctx)
		if err != nil {
			return err
		}
		if staying == 0 {
			if err := tx.WABA.UpdateOne(w).SetClientID(clone.ID).SetPartnerID(clone.PartnerID).Exec(ctx); err != nil {
				return err
			}
			if _, err := tx.WABATemplate.Update().Where(wabatemplate.WabaID(wid)).SetClientID(clone.ID).SetPartnerID(clone.PartnerID).Save(ctx); err != nil {
				return err
			}
			continue
		}
		copyW := tx.WABA.Create().SetPartnerID(clone.PartnerID).SetClientID(clone.ID).SetName(w.Name).SetNamespace(w.Namespace).
			SetFbAccountStatus(w.FbAccountStatus).SetCurrency(w.Currency).SetTimezone(w.Timezone).SetNumberLimit(w.NumberLimit)
		nw, err := copyW.Save(ctx)
		if err != nil {
			return err
		}
		if _, err := tx.Channel.Update().Where(channel.IDIn(ids...)).SetWabaID(nw.ID).Save(ctx); err != nil {
			return err
		}
	}
	return nil
}
