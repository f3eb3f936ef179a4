package demo

import (
	"context"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/waba"
	"github.com/partnerhub/partnerhub/ent/wabatemplate"
)

// demoTemplates are the message templates of the first demo client's WABA: approved ones
// of each kind, and one the review rejected, so the templates page shows every state.
var demoTemplates = []struct {
	name, language string
	category       wabatemplate.Category
	status         wabatemplate.Status
	quality        wabatemplate.QualityScore
	reason, detail string
	components     []map[string]any
}{
	{"order_ready", "en_US", wabatemplate.CategoryUTILITY, wabatemplate.StatusApproved, wabatemplate.QualityScoreGREEN, "", "", []map[string]any{
		{"type": "HEADER", "format": "TEXT", "text": "Order {{1}}", "example": map[string]any{"header_text": []string{"#1042"}}},
		{"type": "BODY", "text": "Hi {{1}}, your order is ready for pick-up from {{2}}.", "example": map[string]any{"body_text": [][]string{{"Ana", "8 am"}}}},
		{"type": "FOOTER", "text": "Bluebird Bakery"},
		{"type": "BUTTONS", "buttons": []map[string]any{{"type": "QUICK_REPLY", "text": "On my way"}, {"type": "PHONE_NUMBER", "text": "Call the shop", "phone_number": "+4930123456"}}},
	}},
	{"order_ready", "de", wabatemplate.CategoryUTILITY, wabatemplate.StatusApproved, wabatemplate.QualityScoreUNKNOWN, "", "", []map[string]any{
		{"type": "BODY", "text": "Hallo {{1}}, Ihre Bestellung liegt ab {{2}} bereit.", "example": map[string]any{"body_text": [][]string{{"Ana", "8 Uhr"}}}},
	}},
	{"weekend_offer", "en_US", wabatemplate.CategoryUTILITY, wabatemplate.StatusRejected, wabatemplate.QualityScoreUNKNOWN, "INCORRECT_CATEGORY",
		`A UTILITY template may not carry a marketing offer ("20% off"): submit it as MARKETING.`, []map[string]any{
			{"type": "BODY", "text": "Get 20% off all cakes this weekend."},
		}},
	{"login_code", "en_US", wabatemplate.CategoryAUTHENTICATION, wabatemplate.StatusApproved, wabatemplate.QualityScoreGREEN, "", "", []map[string]any{
		{"type": "BODY", "add_security_recommendation": true},
		{"type": "FOOTER", "code_expiration_minutes": 10},
		{"type": "BUTTONS", "buttons": []map[string]any{{"type": "OTP", "otp_type": "COPY_CODE", "text": "Copy code"}}},
	}},
}

// seedTemplates gives client c's WABA the demo templates.
func seedTemplates(ctx context.Context, db *ent.Client, c *ent.ClientAccount) error {
	w, err := db.WABA.Query().Where(waba.ClientID(c.ID)).First(ctx)
	if err != nil {
		return err
	}
	now := time.Now().UTC()
	for i, t := range demoTemplates {
		at := now.Add(-time.Duration(len(demoTemplates)-i) * 24 * time.Hour)
		create := db.WABATemplate.Create().SetPartnerID(w.PartnerID).SetClientID(c.ID).SetWabaID(w.ID).
			SetName(t.name).SetLanguage(t.language).SetCategory(t.category).SetStatus(t.status).SetQualityScore(t.quality).
			SetComponents(t.components).SetNamespace(w.Namespace).SetStatusChangedAt(at).SetCreatedAt(at).SetModifiedAt(at)
		if t.reason != "" {
			create.SetRejectedReason(t.reason).SetRejectedDetail(t.detail)
		}
		if err := create.Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}
