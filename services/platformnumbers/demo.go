package platformnumbers

import (
	"context"

	"github.com/partnerhub/partnerhub/ent/wabatemplate"
	"github.com/partnerhub/partnerhub/services/audit"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// The demo installation's platform numbers and the support desk's follow-up template.
const (
	DemoSupportNumber = "+4930577140819"
	DemoSupportName   = "PartnerHub Support"
	DemoSandboxNumber = "+4930577140820"
	DemoSandboxName   = "PartnerHub Sandbox"
	FollowUpTemplate  = "support_follow_up"
	FollowUpLanguage  = "en"
	followUpBody      = "Hello {{1}}, we have an update on your support request {{2}}. Reply to this message to continue."
)

// SeedDemo sets up the demo installation's platform numbers (serve --demo): the support
// number "PartnerHub Support" and the sandbox number, unless they are set up already, and
// the approved UTILITY template support_follow_up (en) on the platform's WABA, which
// agents send when a WhatsApp user's window has closed. Running it again changes nothing.
//
// Errors: number_already_active.
func (s *Service) SeedDemo(ctx context.Context) error {
	// Demo data: the platform's own numbers and template, seeded before anyone signs in.
	sys := tenancy.AsSystem(ctx, tenancy.PlatformSetup)
	for _, n := range []struct{ kind, phone, name string }{
		{Support, DemoSupportNumber, DemoSupportName},
		{Sandbox, DemoSandboxNumber, DemoSandboxName},
	} {
		id, err := channelOf(sys, s.db, n.kind)
		if err != nil {
			return err
		}
		if id != "" {
			continue
		}
		if err := s.set(sys, n.kind, n.phone, n.name, audit.Actor{}); err != nil {
			return err
		}
	}
	var acct account
	if _, err := readSetting(sys, s.db, settingAccount, &acct); err != nil {
		return err
	}
	exists, err := s.db.WABATemplate.Query().Where(wabatemplate.WabaID(acct.WABAID), wabatemplate.Name(FollowUpTemplate),
		wabatemplate.Language(FollowUpLanguage)).Exist(sys)
	if err != nil || exists {
		return err
	}
	now := s.clock.Now()
	return s.db.WABATemplate.Create().SetPartnerID(acct.PartnerID).SetClientID(acct.ClientID).SetWabaID(acct.WABAID).
		SetName(FollowUpTemplate).SetLanguage(FollowUpLanguage).SetCategory(wabatemplate.CategoryUTILITY).
		SetStatus(wabatemplate.StatusApproved).SetQualityScore(wabatemplate.QualityScoreGREEN).SetStatusChangedAt(now).
		SetComponents([]map[string]any{{"type": "BODY", "text": followUpBody,
			"example": map[string]any{"body_text": [][]string{{"Ana", "a1B2c3D4e5TK"}}}}}).
		SetCreatedAt(now).SetModifiedAt(now).Exec(sys)
}
