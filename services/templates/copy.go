package templates

import (
	"context"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/wabatemplate"
	"github.com/partnerhub/partnerhub/services/events"
)

// Copied is a template a number migration brings into a WABA.
type Copied struct {
	Name        string
	Language    string
	Category    wabatemplate.Category
	Components  []map[string]any
	MigrationID string
}

// Copy keeps c in WABA w with db (the migration's transaction) as an approved template of
// quality UNKNOWN (Meta rates it again in its new WABA), copied_from the migration, and
// audits and announces it like any other status change. The caller has checked the copy
// rule and that w has no template of that name and language.
func Copy(ctx context.Context, db *ent.Client, w *ent.WABA, c Copied, now time.Time) (*ent.WABATemplate, error) {
	t, err := db.WABATemplate.Create().SetPartnerID(w.PartnerID).SetClientID(w.ClientID).SetWabaID(w.ID).
		SetName(c.Name).SetLanguage(c.Language).SetCategory(c.Category).SetStatus(wabatemplate.StatusApproved).
		SetStatusChangedAt(now).SetQualityScore(wabatemplate.QualityScoreUNKNOWN).SetComponents(c.Components).
		SetNamespace(w.Namespace).SetCopiedFrom(c.MigrationID).SetCreatedAt(now).SetModifiedAt(now).Save(ctx)
	if err != nil {
		return nil, err
	}
	_, err = record(ctx, db, now, t, "waba_template.copied", events.TemplateStatusChanged,
		map[string]any{"to": string(t.Status), "migration_id": c.MigrationID})
	return t, err
}
