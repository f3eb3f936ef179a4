package templates

import (
	"context"
	"slices"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/wabatemplate"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/events"
	"github.com/partnerhub/partnerhub/services/provider"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// ReviewDue applies review to the templates that have waited in submitted for step: each
// becomes approved or rejected (with Meta's reason), as if the provider reported it. It is
// the provider simulator's sweep; the conditional update makes each review happen once
// however many instances sweep.
//
// Errors: concurrent_change.
func (s *Service) ReviewDue(ctx context.Context, step time.Duration, review Reviewer) (int, error) {
	// A background sweep of the simulator: it reviews the templates of every tenant.
	sys := tenancy.AsSystem(ctx, tenancy.BackgroundJob)
	cutoff := s.clock.Now().Add(-step)
	due, err := s.db.WABATemplate.Query().
		Where(wabatemplate.StatusEQ(wabatemplate.StatusSubmitted), wabatemplate.StatusChangedAtLTE(cutoff)).
		Order(ent.Asc(wabatemplate.FieldStatusChangedAt)).Limit(500).All(sys)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, t := range due {
		r := review(provider.TemplateSubmission{ExternalID: deref(t.ExternalID), Name: t.Name, Language: t.Language,
			Category: string(t.Category), Components: t.Components})
		to, reason, detail := wabatemplate.StatusApproved, "", ""
		if !r.Approved {
			to, reason, detail = wabatemplate.StatusRejected, r.Reason, r.Detail
		}
		err := storage.WithTx(sys, s.db, func(tx *ent.Tx) error {
			_, err := s.setStatus(sys, tx.Client(), t, to, reason, detail, "provider_review")
			return err
		})
		switch apperr.CodeOf(err) {
		case "":
			n++
		case apperr.ErrConcurrentChange.Name: // another instance reviewed it first, or it was edited
		default:
			return n, err
		}
	}
	return n, nil
}

// setStatus moves t to status to (with a rejection reason when rejected) if it still has
// the status it was read with, and audits and announces the change.
func (s *Service) setStatus(ctx context.Context, db *ent.Client, t *ent.WABATemplate, to wabatemplate.Status, reason, detail, source string) (View, error) {
	now := s.clock.Now()
	upd := db.WABATemplate.Update().Where(wabatemplate.ID(t.ID), wabatemplate.StatusEQ(t.Status)).
		SetStatus(to).SetStatusChangedAt(now).SetModifiedAt(now)
	if to == wabatemplate.StatusRejected {
		upd.SetRejectedReason(reason).SetNillableRejectedDetail(nonEmpty(detail))
	} else {
		upd.ClearRejectedReason().ClearRejectedDetail()
	}
	n, err := upd.Save(ctx)
	if err != nil {
		return View{}, err
	}
	if n == 0 {
		return View{}, apperr.ErrConcurrentChange.New("The template changed meanwhile; read it again and retry.")
	}
	from := string(t.Status)
	if t, err = db.WABATemplate.Get(ctx, t.ID); err != nil {
		return View{}, err
	}
	details := map[string]any{"from": from, "to": string(to), "source": source}
	if reason != "" {
		details["rejected_reason"] = reason
	}
	return record(ctx, db, now, t, "waba_template.status_changed", events.TemplateStatusChanged, details)
}

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// Simulator control actions on a template (the operator plays Meta's review and ratings).
const (
	ActionApprove = "approve"
	ActionReject  = "reject"
	ActionPause   = "pause"
	ActionDisable = "disable"
	ActionQuality = "quality"
)

// Control is a simulator control: an operator approves, rejects (with Meta's reason),
// pauses or disables a template, or sets its quality score.
type Control struct {
	Action         string `json:"action" binding:"required" enums:"approve,reject,pause,disable,quality"`
	RejectedReason string `json:"rejected_reason,omitempty" enums:"INVALID_FORMAT,INCORRECT_CATEGORY,ABUSIVE_CONTENT,SCAM,NONE"`
	QualityScore   string `json:"quality_score,omitempty" enums:"GREEN,YELLOW,RED,UNKNOWN"`
}

// controlFrom are the statuses each status action may start from.
var controlFrom = map[string]struct {
	to   wabatemplate.Status
	from []wabatemplate.Status
}{
	ActionApprove: {wabatemplate.StatusApproved, []wabatemplate.Status{wabatemplate.StatusSubmitted, wabatemplate.StatusRejected, wabatemplate.StatusPaused}},
	ActionReject:  {wabatemplate.StatusRejected, []wabatemplate.Status{wabatemplate.StatusSubmitted, wabatemplate.StatusApproved}},
	ActionPause:   {wabatemplate.StatusPaused, []wabatemplate.Status{wabatemplate.StatusApproved}},
	ActionDisable: {wabatemplate.StatusDisabled, []wabatemplate.Status{wabatemplate.StatusApproved, wabatemplate.StatusPaused}},
}

// Simulate applies the simulator control c to template id, of any tenant (the operator
// console), as if the provider reported it.
//
// Errors: validation_failed, not_found, invalid_transition, concurrent_change.
func (s *Service) Simulate(ctx context.Context, id string, c Control) (View, error) {
	var out View
	err := storage.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		db := tx.Client()
		t, err := db.WABATemplate.Get(ctx, id)
		if err != nil {
			return apperr.From(err)
		}
		if t.Status == wabatemplate.StatusDeleted {
			return apperr.ErrInvalidTransition.New("The template is deleted.")
		}
		if c.Action == ActionQuality {
			out, err = s.setQuality(ctx, db, t, c.QualityScore)
			return err
		}
		rule, ok := controlFrom[c.Action]
		if !ok {
			return apperr.Validation("action: must be approve, reject, pause, disable or quality")
		}
		reason := ""
		if c.Action == ActionReject {
			reason = c.RejectedReason
			if reason == "" {
				reason = provider.RejectNone
			}
			if !slices.Contains(provider.RejectionReasons, reason) {
				return apperr.Validation("rejected_reason: must be INVALID_FORMAT, INCORRECT_CATEGORY, ABUSIVE_CONTENT, SCAM or NONE")
			}
		}
		if !slices.Contains(rule.from, t.Status) {
			return apperr.ErrInvalidTransition.Newf("A %s template cannot be made %s.", t.Status, rule.to)
		}
		out, err = s.setStatus(ctx, db, t, rule.to, reason, "", "simulator_control")
		return err
	})
	return out, apperr.From(err)
}

func (s *Service) setQuality(ctx context.Context, db *ent.Client, t *ent.WABATemplate, score string) (View, error) {
	q := wabatemplate.QualityScore(score)
	if wabatemplate.QualityScoreValidator(q) != nil {
		return View{}, apperr.Validation("quality_score: must be GREEN, YELLOW, RED or UNKNOWN")
	}
	now := s.clock.Now()
	if q == t.QualityScore {
		// Meta reports a quality change, not a rating that stayed.
		return viewOf(ctx, db, now, t)
	}
	from := string(t.QualityScore)
	t, err := db.WABATemplate.UpdateOne(t).SetQualityScore(q).SetModifiedAt(now).Save(ctx)
	if err != nil {
		return View{}, err
	}
	return record(ctx, db, now, t, "waba_template.quality_changed", events.TemplateQualityChanged,
		map[string]any{"from": from, "to": score, "source": "simulator_control"})
}
