package demo

import (
	"context"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/user"
	"github.com/partnerhub/partnerhub/services/support"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// SeedTickets enters a few support tickets as the demo agent, as if they had arrived by
// email, so the queue, the countdowns and the report charts have something to show: one
// answered and resolved long after its due instants (breaches), one answered within its
// target, and one still waiting for its first response. It does nothing when tickets exist.
func SeedTickets(ctx context.Context, db *ent.Client, sup *support.Service, now time.Time) error {
	// Demo data: whether tickets exist at all, and the demo users they are entered for.
	sys := tenancy.AsSystem(ctx, tenancy.PlatformSetup)
	if seeded, err := db.Ticket.Query().Exist(sys); err != nil || seeded {
		return err // a restart of a demo installation keeps its tickets
	}
	ids := map[string]*ent.User{}
	for _, email := range []string{Logins[1].Email, "admin@bluebird-bakery.example", "admin@initech-travel.example", "admin@acme-messaging.example"} {
		u, err := db.User.Query().Where(user.Email(email)).Only(sys)
		if err != nil {
			return err
		}
		ids[email] = u
	}
	agent := ids[Logins[1].Email]
	as := tenancy.NewContext(ctx, &tenancy.Viewer{UserID: agent.ID, Role: tenancy.Role(agent.Role)})
	enter := func(requester, topic, subject, description string, age time.Duration, details map[string]string) (string, error) {
		at := now.Add(-age).Truncate(time.Second)
		out, err := sup.Open(as, support.OpenRequest{
			Source: "email", ReceivedAt: &at, RequesterUserID: ids[requester].ID, Topic: topic,
			Subject: subject, Description: description, Language: "en", Details: details,
		})
		if err != nil {
			return "", err
		}
		return out.Ticket.ID, nil
	}
	late, err := enter("admin@bluebird-bakery.example", "billing", "Invoice for October counts a cancelled number",
		"The October invoice still bills +4915112345003, which we cancelled in September.", 50*time.Hour,
		map[string]string{"invoice_reference": "INV-2026-10-0042"})
	if err != nil {
		return err
	}
	if _, err := sup.Reply(as, late, support.ReplyRequest{Body: "Sorry for the wait — the number left billing on 1 October; a credit note follows."}); err != nil {
		return err
	}
	if _, err := sup.Resolve(as, late, support.ResolveRequest{Message: "Credit note CN-2026-0107 issued."}); err != nil {
		return err
	}
	quick, err := enter("admin@initech-travel.example", "other", "How do we add a second user?",
		"We would like our support lead to sign in to the portal as well.", 10*time.Minute, nil)
	if err != nil {
		return err
	}
	if _, err := sup.Reply(as, quick, support.ReplyRequest{Body: "Your partner Globex Connect adds portal users for you; ask them to invite your lead."}); err != nil {
		return err
	}
	_, err = enter("admin@acme-messaging.example", "onboarding", "Client stuck after the OTP step",
		"A new client of ours entered the code but the number stays in 'created'.", 2*time.Hour,
		map[string]string{"onboarding_step": "after OTP verification", "error_message": "none shown"})
	return err
}
