package numbermigrations

import (
	"context"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/channel"
	"github.com/partnerhub/partnerhub/ent/numbermigration"
	"github.com/partnerhub/partnerhub/ent/wabatemplate"
	"github.com/partnerhub/partnerhub/services/apikeys"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/channels"
	"github.com/partnerhub/partnerhub/services/events"
	"github.com/partnerhub/partnerhub/services/provider"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/templates"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// complete finishes m inside tx: the number lands in the target WABA (or on the cloud),
// what carries over is recorded, and m becomes completed through the conditional status
// update, so that of two concurrent completions exactly one commits. src is the source
// provider's view of a port_in number.
func (s *Service) complete(ctx context.Context, tx *ent.Client, m *ent.NumberMigration, src *provider.SourceInfo) (*ent.NumberMigration, error) {
	now := s.clock.Now()
	var (
		co        CarriedOver
		channelID string
		err       error
	)
	switch m.Kind {
	case PortIn:
		channelID, co, err = s.completePortIn(ctx, tx, m, src, now)
	case WABAMove:
		channelID, co, err = s.completeWABAMove(ctx, tx, m, now)
	case HostingChange:
		channelID, co, err = s.completeHostingChange(ctx, tx, m, now)
	}
	if err != nil {
		return nil, err
	}
	return s.finish(ctx, tx, m, channelID, co)
}

// finish records what m carried over to channelID and moves m to completed.
func (s *Service) finish(ctx context.Context, tx *ent.Client, m *ent.NumberMigration, channelID string, co CarriedOver) (*ent.NumberMigration, error) {
	if co.TemplatesCopied == nil {
		co.TemplatesCopied = []TemplateOutcome{}
	}
	if co.TemplatesNotCopied == nil {
		co.TemplatesNotCopied = []TemplateOutcome{}
	}
	raw := map[string]any{}
	if err := roundTrip(co, &raw); err != nil {
		return nil, err
	}
	return s.move(ctx, tx, m, Completed, "migration.completed",
		map[string]any{"channel_id": channelID, "templates_copied": len(co.TemplatesCopied)},
		func(u *ent.NumberMigrationUpdate) {
			u.SetChannelID(channelID).SetCarriedOver(raw).SetDisplayName(co.DisplayName)
		})
}

var qualities = []string{"GREEN", "YELLOW", "RED", "UNKNOWN"}

// completePortIn creates the number's channel in the target WABA, running and marked
// migrated, with the source's display name, quality rating and messaging limit.
func (s *Service) completePortIn(ctx context.Context, tx *ent.Client, m *ent.NumberMigration, src *provider.SourceInfo, now time.Time) (string, CarriedOver, error) {
	var co CarriedOver
	if src == nil {
		return "", co, ErrProviderUnavailable.New("The number's current provider did not answer.")
	}
	c, err := tx.ClientAccount.Get(ctx, m.ClientID)
	if err != nil {
		return "", co, err
	}
	w, err := tx.WABA.Get(ctx, m.TargetWabaID)
	if err != nil {
		return "", co, err
	}
	co.DisplayName = src.DisplayName
	if co.DisplayName == "" {
		co.DisplayName = m.DisplayName
	}
	co.QualityRating = src.Quality
	if !slices.Contains(qualities, co.QualityRating) {
		co.QualityRating = "UNKNOWN"
	}
	co.MessagingLimit = src.Limit
	// Create applies the hub's rules for a new number (not active elsewhere, room in the
	// WABA and the client, key permission, support plan, storage region) and announces it.
	ch, err := s.channels.Create(ctx, tx, c, w, channels.NewChannel{PhoneNumber: m.PhoneNumber, DisplayName: co.DisplayName})
	if err != nil {
		return "", co, err
	}
	// A ported number was in production at its previous provider: it arrives running, live.
	upd := tx.Channel.UpdateOneID(ch.ID).SetStatus(channel.StatusRunning).SetStatusChangedAt(now).SetIsMigrated(true).
		SetAccountMode(channel.AccountModeLive).
		SetCurrentQualityRating(channel.CurrentQualityRating(co.QualityRating))
	if co.MessagingLimit != "" {
		upd.SetCurrentLimit(co.MessagingLimit)
	} else {
		co.MessagingLimit = ch.CurrentLimit
	}
	if err := upd.Exec(ctx); err != nil {
		return "", co, err
	}
	if _, err := s.channels.Record(ctx, tx, ch.ID, "channel.status_changed", events.ChannelRunning,
		map[string]any{"from": string(ch.Status), "to": string(channel.StatusRunning), "migration_id": m.ID}, now); err != nil {
		return "", co, err
	}
	co.TemplatesCopied, co.TemplatesNotCopied, err = s.copyTemplates(ctx, tx, m, w, src.Templates, now)
	return ch.ID, co, err
}

// completeWABAMove moves the number's channel to the target WABA; display name, quality
// and limit stay with the channel. Templates of the source WABA are copied by the rule.
func (s *Service) completeWABAMove(ctx context.Context, tx *ent.Client, m *ent.NumberMigration, now time.Time) (string, CarriedOver, error) {
	var co CarriedOver
	ch, err := s.heldChannel(ctx, tx, m)
	if err != nil {
		return "", co, err
	}
	c, err := tx.ClientAccount.Get(ctx, m.ClientID)
	if err != nil {
		return "", co, err
	}
	w, err := tx.WABA.Get(ctx, m.TargetWabaID)
	if err != nil {
		return "", co, err
	}
	if err := roomFor(ctx, tx, &subject{kind: WABAMove, client: c, target: w}); err != nil {
		return "", co, err
	}
	var sources []provider.SourceTemplate
	rows, err := tx.WABATemplate.Query().Where(wabatemplate.WabaID(ch.WabaID)).Order(ent.Asc(wabatemplate.FieldName), ent.Asc(wabatemplate.FieldLanguage)).All(ctx)
	if err != nil {
		return "", co, err
	}
	for _, t := range rows {
		sources = append(sources, provider.SourceTemplate{Name: t.Name, Language: t.Language, Category: string(t.Category),
			Status: string(t.Status), Quality: string(t.QualityScore), Components: t.Components})
	}
	if err := tx.Channel.UpdateOneID(ch.ID).SetWabaID(w.ID).ClearLockedBy().Exec(ctx); err != nil {
		return "", co, err
	}
	if _, err := s.channels.Record(ctx, tx, ch.ID, "channel.waba_moved", events.ChannelUpdated,
		map[string]any{"from_waba_id": ch.WabaID, "to_waba_id": w.ID, "migration_id": m.ID}, now); err != nil {
		return "", co, err
	}
	co.DisplayName, co.QualityRating, co.MessagingLimit = ch.SetupInfo.PhoneName, string(ch.CurrentQualityRating), ch.CurrentLimit
	co.TemplatesCopied, co.TemplatesNotCopied, err = s.copyTemplates(ctx, tx, m, w, sources, now)
	return ch.ID, co, err
}

// completeHostingChange moves the number to cloud hosting. Its channel keys stop working,
// as they do at Meta after the change: new keys are generated afterwards.
func (s *Service) completeHostingChange(ctx context.Context, tx *ent.Client, m *ent.NumberMigration, now time.Time) (string, CarriedOver, error) {
	var co CarriedOver
	ch, err := s.heldChannel(ctx, tx, m)
	if err != nil {
		return "", co, err
	}
	if ch.HostingType != channel.HostingTypeOnPremise {
		return "", co, ErrImpossible.Newf("The number is hosted on %s already.", ch.HostingType)
	}
	if err := tx.Channel.UpdateOneID(ch.ID).SetHostingType(channel.HostingTypeCloud).ClearLockedBy().Exec(ctx); err != nil {
		return "", co, err
	}
	revoked, err := apikeys.RevokeAllForChannel(ctx, tx, s.sql, ch.ID, "hosting_change", now)
	if err != nil {
		return "", co, err
	}
	if _, err := s.channels.Record(ctx, tx, ch.ID, "channel.hosting_changed", events.ChannelUpdated,
		map[string]any{"from": string(ch.HostingType), "to": string(channel.HostingTypeCloud), "migration_id": m.ID, "api_keys_revoked": revoked}, now); err != nil {
		return "", co, err
	}
	co.DisplayName, co.QualityRating, co.MessagingLimit = ch.SetupInfo.PhoneName, string(ch.CurrentQualityRating), ch.CurrentLimit
	co.HostingType, co.PreviousHostingType, co.APIKeysRevoked = string(channel.HostingTypeCloud), string(ch.HostingType), revoked
	return ch.ID, co, nil
}

// heldChannel reads the channel m holds; a channel that was terminated or lost the lock
// meanwhile makes the migration impossible.
func (s *Service) heldChannel(ctx context.Context, tx *ent.Client, m *ent.NumberMigration) (*ent.Channel, error) {
	if m.SourceChannelID == nil {
		return nil, ErrImpossible.New("The migration names no channel.")
	}
	ch, err := tx.Channel.Get(ctx, *m.SourceChannelID)
	if ent.IsNotFound(err) {
		return nil, ErrImpossible.New("The number's channel no longer exists.")
	}
	if err != nil {
		return nil, err
	}
	if ch.Status == channel.StatusTerminated || ch.LockedBy == nil || *ch.LockedBy != m.ID {
		return nil, ErrImpossible.Newf("The number's channel changed meanwhile (it is %s).", ch.Status)
	}
	return ch, nil
}

// CopyRule says whether a template moves with its number: only approved templates of high
// quality (GREEN) are copied; otherwise it says why not.
func CopyRule(status, quality string) (bool, string) {
	switch {
	case status != string(wabatemplate.StatusApproved):
		return false, "only approved templates are copied; this one is " + status
	case quality != string(wabatemplate.QualityScoreGREEN):
		return false, "only high-quality (GREEN) templates are copied; this one is " + quality
	}
	return true, ""
}

// copyTemplates copies the templates that pass CopyRule into w with quality UNKNOWN and
// copied_from = the migration, and reports every source template's outcome.
func (s *Service) copyTemplates(ctx context.Context, tx *ent.Client, m *ent.NumberMigration, w *ent.WABA, src []provider.SourceTemplate, now time.Time) (copied, skipped []TemplateOutcome, err error) {
	copied, skipped = []TemplateOutcome{}, []TemplateOutcome{}
	for _, t := range src {
		out := TemplateOutcome{Name: t.Name, Language: t.Language, Status: t.Status, QualityScore: t.Quality}
		ok, why := CopyRule(t.Status, t.Quality)
		category := wabatemplate.Category(t.Category)
		switch {
		case !ok:
		case wabatemplate.CategoryValidator(category) != nil:
			ok, why = false, "its category "+t.Category+" is not known here"
		case t.Name == "" || utf8.RuneCountInString(t.Name) > 512 || t.Language == "" || len(t.Language) > 16:
			ok, why = false, "its name or language cannot be stored"
		}
		if ok {
			exists, err := tx.WABATemplate.Query().
				Where(wabatemplate.WabaID(w.ID), wabatemplate.Name(t.Name), wabatemplate.Language(t.Language)).Exist(ctx)
			if err != nil {
				return nil, nil, err
			}
			if exists {
				ok, why = false, "the target WABA already has a template with this name and language"
			}
		}
		if !ok {
			out.Reason = why
			skipped = append(skipped, out)
			continue
		}
		row, err := templates.Copy(ctx, tx, w, templates.Copied{Name: t.Name, Language: t.Language, Category: category,
			Components: t.Components, MigrationID: m.ID}, now)
		if err != nil {
			return nil, nil, err
		}
		out.TemplateID = row.ID
		copied = append(copied, out)
	}
	return copied, skipped, nil
}

// sweepBatch bounds the migrations one sweep run handles.
const sweepBatch = 100

// CompleteHostingChanges is the background job of hosting changes: every hosting change
// still created is completed, each exactly once — the completion's conditional status
// update (created → completed) inside its transaction lets only one of several
// concurrent sweeps commit. A change that can no longer happen fails with the reason. It
// returns how many migrations it completed.
//
// Errors: invalid_transition, concurrent_change, migration_impossible.
func (s *Service) CompleteHostingChanges(ctx context.Context) (int, error) {
	// The sweep: it completes every tenant's hosting changes.
	sys := tenancy.AsSystem(ctx, tenancy.BackgroundJob)
	due, err := s.db.NumberMigration.Query().
		Where(numbermigration.KindEQ(HostingChange), numbermigration.StatusEQ(Created), numbermigration.ExpiresAtGT(s.clock.Now())).
		Order(ent.Asc(numbermigration.FieldCreatedAt)).Limit(sweepBatch).All(sys)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, m := range due {
		err := storage.WithTx(sys, s.db, func(tx *ent.Tx) error {
			cur, err := s.lock(sys, tx.Client(), Scope{}, m.ID)
			if err != nil {
				return err
			}
			if cur.Status != Created {
				return apperr.ErrConcurrentChange.New("Completed elsewhere.")
			}
			channelID, co, err := s.completeHostingChange(sys, tx.Client(), cur, s.clock.Now())
			if err != nil {
				return err
			}
			_, err = s.finish(sys, tx.Client(), cur, channelID, co)
			return err
		})
		switch e := apperr.As(err); {
		case err == nil:
			n++
		case e.Code == apperr.ErrConcurrentChange.Name: // another instance got there first
		case e.Code == ErrImpossible.Name:
			if _, err := s.fail(sys, m, "The hosting change could not be made: "+e.Message); err != nil && !apperr.ErrConcurrentChange.Is(err) {
				return n, err
			}
		default:
			return n, err
		}
	}
	return n, nil
}

// ExpireDue expires every unfinished migration past its expires_at (24 hours after it
// was started), exactly once each, releasing its number. It returns how many it expired.
//
// Errors: invalid_transition, concurrent_change.
func (s *Service) ExpireDue(ctx context.Context) (int, error) {
	// The sweep: it expires every tenant's overdue migrations.
	sys := tenancy.AsSystem(ctx, tenancy.BackgroundJob)
	due, err := s.db.NumberMigration.Query().
		Where(numbermigration.StatusIn(Created, OTPRequested), numbermigration.ExpiresAtLTE(s.clock.Now())).
		Order(ent.Asc(numbermigration.FieldExpiresAt)).Limit(sweepBatch).All(sys)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, m := range due {
		_, err := s.expire(sys, m)
		switch apperr.CodeOf(err) {
		case "":
			n++
		case apperr.ErrConcurrentChange.Name:
		default:
			return n, err
		}
	}
	return n, nil
}

// expire moves m to expired. Expiry is the sweep's work, also when a request finds an
// overdue migration first: it is recorded as the system's, not as that user's.
func (s *Service) expire(ctx context.Context, m *ent.NumberMigration) (*ent.NumberMigration, error) {
	sys := tenancy.AsSystem(ctx, tenancy.BackgroundJob)
	const reason = "Not completed within 24 hours of being started."
	var out *ent.NumberMigration
	err := storage.WithTx(sys, s.db, func(tx *ent.Tx) error {
		cur, err := s.lock(sys, tx.Client(), Scope{}, m.ID)
		if err != nil {
			return err
		}
		if !Open(cur.Status) {
			return apperr.ErrConcurrentChange.Newf("This migration became %s meanwhile.", cur.Status)
		}
		out, err = s.move(sys, tx.Client(), cur, Expired, "migration.expired", map[string]any{"reason": reason},
			func(u *ent.NumberMigrationUpdate) { u.SetReason(reason) })
		return err
	})
	return out, apperr.From(err)
}

// Cancel ends an open migration (created or otp_requested) at the requester's wish,
// releasing its number, and returns it as the API shows it.
//
// Errors: forbidden, validation_failed, not_found, invalid_state, invalid_transition,
// concurrent_change.
func (s *Service) Cancel(ctx context.Context, sc Scope, id, reason string) (View, error) {
	if err := mayWrite(ctx); err != nil {
		return View{}, err
	}
	if utf8.RuneCountInString(reason) > 900 {
		return View{}, apperr.Validation("reason: must be at most 900 characters")
	}
	words := "Cancelled"
	if v := tenancy.FromContext(ctx); v != nil {
		words += " by " + string(v.Role)
	}
	if reason != "" {
		words += ": " + reason
	} else {
		words += "."
	}
	var out *ent.NumberMigration
	err := storage.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		m, err := s.lock(ctx, tx.Client(), sc, id)
		if err != nil {
			return err
		}
		if err := refuseUnless(m, "be cancelled", Created, OTPRequested); err != nil {
			return err
		}
		out, err = s.move(ctx, tx.Client(), m, Cancelled, "migration.cancelled", map[string]any{"reason": reason},
			func(u *ent.NumberMigrationUpdate) { u.SetReason(words) })
		return err
	})
	if err != nil {
		return View{}, apperr.From(err)
	}
	return ViewOf(out), nil
}
