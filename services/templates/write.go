package templates

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/waba"
	"github.com/partnerhub/partnerhub/ent/wabatemplate"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/audit"
	"github.com/partnerhub/partnerhub/services/events"
	"github.com/partnerhub/partnerhub/services/provider"
	"github.com/partnerhub/partnerhub/services/scope"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/templates/rules"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// Draft is a new template, as Meta's create body carries it.
type Draft struct {
	Name       string            `json:"name" example:"order_update"`
	Language   string            `json:"language" example:"en_US"`
	Category   string            `json:"category" enums:"MARKETING,UTILITY,AUTHENTICATION"`
	Components []rules.Component `json:"components"`
}

// Edit changes a template's components (and, while it is not approved, its category).
type Edit struct {
	Category   *string           `json:"category" enums:"MARKETING,UTILITY,AUTHENTICATION"`
	Components []rules.Component `json:"components"`
}

// check applies WhatsApp's rules to t: every problem in one template_invalid.
func check(t rules.Template) error {
	if problems := rules.Check(t); len(problems) > 0 {
		e := ErrInvalid.New("The template breaks WhatsApp's rules.")
		e.Details = problems
		return e
	}
	return nil
}

func actor(ctx context.Context) *string {
	if v := tenancy.FromContext(ctx); v != nil && !v.IsSystem() && v.UserID != "" {
		return &v.UserID
	}
	return nil
}

// Create checks d, submits it to the provider for review and keeps it as submitted in WABA
// wabaID (in scope). It answers the template.
//
// Errors: not_found, template_invalid, template_exists, template_name_deleted, template_limit_reached.
func (s *Service) Create(ctx context.Context, sc scope.Scope, wabaID string, d Draft) (View, error) {
	if err := check(ruleTemplate(d)); err != nil {
		return View{}, err
	}
	w, err := wabaIn(ctx, s.db, sc, wabaID)
	if err != nil {
		return View{}, err
	}
	return s.create(ctx, w, d, actor(ctx))
}

func (s *Service) create(ctx context.Context, w *ent.WABA, d Draft, by *string) (View, error) {
	comps, err := componentsOf(d.Components)
	if err != nil {
		return View{}, apperr.From(err)
	}
	// The provider is asked outside any transaction (it is a remote call); a refusal that
	// needs no provider comes first, and the transaction checks again.
	if err := roomFor(ctx, s.db, w, d.Name, d.Language, s.clock.Now(), false); err != nil {
		return View{}, err
	}
	ref, err := s.provider.SubmitTemplate(ctx, provider.TemplateSubmission{WABAExternalID: deref(w.ExternalID),
		Name: d.Name, Language: d.Language, Category: d.Category, Components: comps})
	if err != nil {
		return View{}, apperr.From(err)
	}
	var out View
	err = storage.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		db := tx.Client()
		now := s.clock.Now()
		// Creations in one WABA run one after the other, so two cannot both take its last place.
		if _, err := storage.LockRows(s.sql, db.WABA.Query().Where(waba.ID(w.ID))).Only(ctx); err != nil {
			return err
		}
		if err := roomFor(ctx, db, w, d.Name, d.Language, now, true); err != nil {
			return err
		}
		create := db.WABATemplate.Create().SetPartnerID(w.PartnerID).SetClientID(w.ClientID).SetWabaID(w.ID).
			SetExternalID(ref.ExternalID).SetName(d.Name).SetLanguage(d.Language).SetCategory(wabatemplate.Category(d.Category)).
			SetComponents(comps).SetStatus(wabatemplate.StatusSubmitted).SetStatusChangedAt(now).SetNamespace(w.Namespace).
			SetNillableCreatedBy(by).SetNillableModifiedBy(by).SetCreatedAt(now).SetModifiedAt(now)
		t, err := create.Save(ctx)
		if ent.IsConstraintError(err) {
			return ErrExists.Newf("The WABA already has a template %s in %s.", d.Name, d.Language)
		}
		if err != nil {
			return err
		}
		out, err = record(ctx, db, now, t, "waba_template.created", events.TemplateStatusChanged,
			map[string]any{"name": t.Name, "language": t.Language, "category": string(t.Category), "status": string(t.Status)})
		return err
	})
	return out, apperr.From(err)
}

// roomFor checks that WABA w may take a template name+language: no such template yet, the
// name not blocked by a deletion in the last 30 days, and the WABA under its limit. A
// template deleted longer ago gives its row up to the new one (when free, in the
// transaction that creates it).
func roomFor(ctx context.Context, db *ent.Client, w *ent.WABA, name, language string, now time.Time, free bool) error {
	same, err := db.WABATemplate.Query().Where(wabatemplate.WabaID(w.ID), wabatemplate.Name(name)).All(ctx)
	if err != nil {
		return err
	}
	for _, t := range same {
		switch {
		case t.Status != wabatemplate.StatusDeleted:
			if t.Language == language {
				return ErrExists.Newf("The WABA already has a template %s in %s.", name, language)
			}
		case t.StatusChangedAt != nil && now.Before(t.StatusChangedAt.Add(NameBlockedFor)):
			return ErrNameDeleted.Newf("A template named %s was deleted on %s; the name can be used again from %s.",
				name, t.StatusChangedAt.UTC().Format(time.DateOnly), t.StatusChangedAt.Add(NameBlockedFor).UTC().Format(time.DateOnly))
		case t.Language == language && free:
			if err := db.WABATemplate.DeleteOne(t).Exec(ctx); err != nil {
				return err
			}
		}
	}
	n, err := db.WABATemplate.Query().Where(wabatemplate.WabaID(w.ID), wabatemplate.StatusNEQ(wabatemplate.StatusDeleted)).Count(ctx)
	if err != nil {
		return err
	}
	if limit := LimitOf(w); n >= limit {
		return ErrLimitReached.Newf("The WABA holds %d templates, its limit%s.", n, limitWords(w, limit))
	}
	return nil
}

// LimitOf is how many templates WABA w may hold: 6 000 once its business is verified,
// 250 before.
func LimitOf(w *ent.WABA) int {
	if w.FbAccountStatus == waba.FbAccountStatusVerified {
		return MaxPerVerifiedWABA
	}
	return MaxPerWABA
}

func limitWords(w *ent.WABA, limit int) string {
	if w.FbAccountStatus == waba.FbAccountStatusVerified {
		return fmt.Sprintf(" (%d for a verified business)", limit)
	}
	return fmt.Sprintf(" (%d while the business is not verified; %d once it is)", limit, MaxPerVerifiedWABA)
}

// Update edits template id of WABA wabaID (in scope) and submits it for review again.
// Approved, rejected and paused templates may be edited; the category of an approved or
// paused one cannot change, and Meta's limits bind its edits (one in 24 hours, 10 in 30
// days).
//
// Errors: not_found, validation_failed, template_invalid, template_not_editable, template_category_locked, template_edit_limited, concurrent_change.
func (s *Service) Update(ctx context.Context, sc scope.Scope, wabaID, id string, e Edit) (View, error) {
	t, err := s.get(ctx, s.db, sc, wabaID, id)
	if err != nil {
		return View{}, err
	}
	w, err := s.db.WABA.Get(ctx, t.WabaID)
	if err != nil {
		return View{}, apperr.From(err)
	}
	now := s.clock.Now()
	if e.Components == nil {
		return View{}, apperr.Validation("components: is required: an edit sends the template's components")
	}
	bound := t.Status == wabatemplate.StatusApproved || t.Status == wabatemplate.StatusPaused
	switch t.Status {
	case wabatemplate.StatusApproved, wabatemplate.StatusPaused, wabatemplate.StatusRejected:
	default:
		return View{}, ErrNotEditable.Newf("The template is %s; only approved, rejected or paused templates can be edited.", t.Status)
	}
	category := string(t.Category)
	if e.Category != nil && *e.Category != category {
		if bound {
			return View{}, ErrCategoryLocked.Newf("The template is approved as %s; its category cannot change.", category)
		}
		category = *e.Category
	}
	if err := check(rules.Template{Name: t.Name, Language: t.Language, Category: category, Components: e.Components}); err != nil {
		return View{}, err
	}
	edits := recentEdits(t.EditTimes, now)
	if bound {
		if next, _ := nextEdit(t, now); next.After(now) {
			return View{}, ErrEditLimited.Limited(fmt.Sprintf("An approved template may be edited once in 24 hours and %d times in 30 days; the next edit is allowed at %s.",
				MaxEditsInWindow, next.UTC().Format(time.RFC3339)), next.Sub(now))
		}
		edits = append(edits, now)
	}
	comps, err := componentsOf(e.Components)
	if err != nil {
		return View{}, apperr.From(err)
	}
	// The provider is asked outside the transaction; the update below applies only if the
	// template still has the status the checks above saw.
	ref, err := s.provider.SubmitTemplate(ctx, provider.TemplateSubmission{WABAExternalID: deref(w.ExternalID), ExternalID: deref(t.ExternalID),
		Name: t.Name, Language: t.Language, Category: category, Components: comps})
	if err != nil {
		return View{}, apperr.From(err)
	}
	var out View
	err = storage.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		db := tx.Client()
		n, err := db.WABATemplate.Update().Where(wabatemplate.ID(t.ID), wabatemplate.StatusEQ(t.Status)).
			SetComponents(comps).SetCategory(wabatemplate.Category(category)).SetExternalID(ref.ExternalID).
			SetStatus(wabatemplate.StatusSubmitted).SetStatusChangedAt(now).ClearRejectedReason().ClearRejectedDetail().
			SetEditTimes(edits).SetNillableModifiedBy(actor(ctx)).SetModifiedAt(now).Save(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			return apperr.ErrConcurrentChange.New("The template changed meanwhile; read it again and retry.")
		}
		from := string(t.Status)
		edited, err := db.WABATemplate.Get(ctx, t.ID)
		if err != nil {
			return err
		}
		out, err = record(ctx, db, now, edited, "waba_template.edited", events.TemplateStatusChanged,
			map[string]any{"from": from, "to": string(edited.Status), "category": category})
		return err
	})
	return out, apperr.From(err)
}

// Delete deletes template id of WABA wabaID (in scope) at the provider and here: it stays
// listed with status deleted, and its name is blocked for 30 days.
//
// Errors: not_found.
func (s *Service) Delete(ctx context.Context, sc scope.Scope, wabaID, id string) (View, error) {
	t, err := s.get(ctx, s.db, sc, wabaID, id)
	if err != nil {
		return View{}, err
	}
	if t.Status == wabatemplate.StatusDeleted {
		return View{}, apperr.NotFoundf("No such template in this WABA: it was deleted.")
	}
	return s.delete(ctx, t)
}

// delete deletes t at the provider, then here (if no one else did meanwhile).
func (s *Service) delete(ctx context.Context, t *ent.WABATemplate) (View, error) {
	if err := s.provider.DeleteTemplate(ctx, provider.TemplateRef{ExternalID: deref(t.ExternalID), Name: t.Name, Language: t.Language}); err != nil {
		return View{}, apperr.From(err)
	}
	var out View
	err := storage.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		db := tx.Client()
		now := s.clock.Now()
		n, err := db.WABATemplate.Update().Where(wabatemplate.ID(t.ID), wabatemplate.StatusNEQ(wabatemplate.StatusDeleted)).
			SetStatus(wabatemplate.StatusDeleted).SetStatusChangedAt(now).SetNillableModifiedBy(actor(ctx)).SetModifiedAt(now).Save(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			return apperr.NotFoundf("No such template in this WABA: it was deleted.")
		}
		deleted, err := db.WABATemplate.Get(ctx, t.ID)
		if err != nil {
			return err
		}
		out, err = record(ctx, db, now, deleted, "waba_template.deleted", events.TemplateStatusChanged,
			map[string]any{"from": string(t.Status), "to": string(deleted.Status)})
		return err
	})
	return out, apperr.From(err)
}

// record audits a change of t and emits event with the template as data; it answers the
// template's view.
func record(ctx context.Context, db *ent.Client, now time.Time, t *ent.WABATemplate, action, event string, details map[string]any) (View, error) {
	v, err := viewOf(ctx, db, now, t)
	if err != nil {
		return View{}, err
	}
	return v, audit.RecordChange(ctx, db, audit.Change{Action: action, Event: event, ObjectType: "waba_template", ObjectID: t.ID,
		Sides: []audit.Side{{PartnerID: t.PartnerID, ClientID: &t.ClientID}}, View: v, Details: details, At: now})
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func ruleTemplate(d Draft) rules.Template {
	return rules.Template{Name: d.Name, Language: d.Language, Category: d.Category, Components: d.Components}
}

// componentsOf turns checked components into the JSON maps that are stored and submitted
// (only the fields Meta's shape has, empty ones left out).
func componentsOf(cs []rules.Component) ([]map[string]any, error) {
	raw, err := json.Marshal(cs)
	if err != nil {
		return nil, err
	}
	var out []map[string]any
	return out, json.Unmarshal(raw, &out)
}
