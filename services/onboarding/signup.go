package onboarding

import (
	"context"
	"strings"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/schema/fieldtype"
	"github.com/partnerhub/partnerhub/ent/schema/idgen"
	"github.com/partnerhub/partnerhub/ent/user"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/audit"
	"github.com/partnerhub/partnerhub/services/auth"
	"github.com/partnerhub/partnerhub/services/events"
	"github.com/partnerhub/partnerhub/services/ratelimit"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/tenancy"
	"github.com/partnerhub/partnerhub/services/users"
	"github.com/partnerhub/partnerhub/services/validate"
)

// Sign-up throttle: at most SignupLimit sign-up attempts per IP address in SignupWindow,
// counted in the database so every instance enforces the same limit. Attempts that fail
// validation are not counted; attempts with a taken email are (they probe accounts).
const (
	SignupLimit  = 10
	SignupWindow = time.Hour
)

// Signup is the body of the onboarding sign-up: the person, their company and the
// partner's payload from the link (the "partner" parameter).
type Signup struct {
	Email    string `json:"email" validate:"required,email,max=254" example:"bea@bluebird.example"`
	Password string `json:"password" minLength:"12" maxLength:"256"`
	// Name is the person signing up.
	Name string `json:"name" validate:"required,max=128" example:"Bea Baker"`
	// Organisation is the company: it becomes the client's name and organisation.
	Organisation   string `json:"organisation" validate:"required,max=256" example:"Bluebird Bakery Ltd"`
	PartnerPayload string `json:"partner_payload,omitempty" validate:"max=1024" example:"crm-customer-4711"`
}

// SignedUp is a finished sign-up: the new client and the session of its first admin.
type SignedUp struct {
	ClientID string
	Session  *auth.Session
}

// SignUp creates a client of partnerID and its first client admin (who keeps the password
// they chose), announces client_created, and opens the admin's session, all in one
// transaction. A taken email is a 409 email_taken: that person signs in instead. Sign-ups
// are throttled per IP address (ratelimit's code).
//
// Errors: validation_failed, partner_not_found, rate_limited, email_taken.
func (s *Service) SignUp(ctx context.Context, partnerID string, in Signup, from auth.Client) (*SignedUp, error) {
	in.Email = auth.NormalizeEmail(in.Email)
	in.Name = strings.TrimSpace(in.Name)
	in.Organisation = strings.TrimSpace(in.Organisation)
	in.PartnerPayload = strings.TrimSpace(in.PartnerPayload)
	if err := validate.Struct(in); err != nil {
		return nil, err
	}
	if err := auth.CheckPasswordPolicy("password", in.Password); err != nil {
		return nil, err
	}
	// The person has no account yet: the sign-up creates the client, its first admin and
	// their trail as the system, and checks the email against every account (an email is
	// one account across the hub).
	sys := tenancy.AsSystem(ctx, tenancy.PublicFlow)
	p, err := s.activePartner(ctx, s.db, partnerID)
	if err != nil {
		return nil, apperr.From(err)
	}
	now := s.clock.Now()
	if err := ratelimit.Allow(ctx, s.db, "signup:"+from.IP, now, SignupLimit, SignupWindow,
		"Too many sign-ups from your network. Try again later."); err != nil {
		return nil, err
	}
	// Checked before hashing too, so a taken email costs no argon2 work; the transaction
	// below checks again.
	if taken, err := s.db.User.Query().Where(user.Email(in.Email)).Exist(sys); err != nil || taken {
		if err == nil {
			err = emailTaken()
		}
		return nil, apperr.From(err)
	}
	hash := auth.HashPassword(in.Password, s.auth.PasswordParams())
	out := &SignedUp{}
	err = storage.WithTx(sys, s.db, func(tx *ent.Tx) error {
		taken, err := tx.User.Query().Where(user.Email(in.Email)).Exist(sys)
		if err != nil {
			return err
		}
		if taken {
			return emailTaken()
		}
		userID := idgen.New(idgen.User)
		c, err := tx.ClientAccount.Create().SetPartnerID(p.ID).SetName(in.Organisation).SetOrganisation(in.Organisation).
			SetPartnerPayload(in.PartnerPayload).
			SetContactUser(fieldtype.ContactUser{Email: in.Email, Name: in.Name}).
			SetContactInfo(fieldtype.ContactInfo{Email: in.Email, FullName: in.Name}).
			SetCreatedBy(userID).Save(sys)
		if err != nil {
			return err
		}
		u, err := tx.User.Create().SetID(userID).SetEmail(in.Email).SetName(in.Name).SetRole(user.RoleClientAdmin).
			SetPasswordHash(hash).SetPartnerID(p.ID).SetClientID(c.ID).SetPasswordChangedAt(now).Save(sys)
		if err != nil {
			return err
		}
		actor := audit.Actor{UserID: u.ID, Role: string(u.Role)}
		if err := audit.Record(sys, tx.Client(), audit.Entry{Actor: actor, Action: "client.created", ObjectType: "client",
			ObjectID: c.ID, PartnerID: &c.PartnerID, ClientID: &c.ID, At: now,
			Details: map[string]any{"name": c.Name, "via": "onboarding", "ip": from.IP}}); err != nil {
			return err
		}
		if err := audit.Record(sys, tx.Client(), audit.Entry{Actor: actor, Action: "user.created", ObjectType: "user",
			ObjectID: u.ID, PartnerID: u.PartnerID, ClientID: u.ClientID, At: now,
			Details: map[string]any{"email": u.Email, "role": string(u.Role), "via": "onboarding"}}); err != nil {
			return err
		}
		if err := events.Emit(sys, tx.Client(), events.Event{Name: events.ClientCreated, PartnerID: c.PartnerID, ClientID: &c.ID,
			ObjectType: "client", ObjectID: c.ID, At: now,
			Data: map[string]any{"client": map[string]any{"id": c.ID, "name": c.Name, "organisation": c.Organisation,
				"partner_payload": c.PartnerPayload, "contact_info": map[string]any{"email": in.Email}}}}); err != nil {
			return err
		}
		out.ClientID = c.ID
		out.Session, err = s.auth.OpenSignupSession(ctx, tx.Client(), u, from)
		return err
	})
	if err != nil {
		if ent.IsConstraintError(err) {
			return nil, emailTaken().Wrap(err) // a concurrent sign-up with the same email won
		}
		return nil, apperr.From(err)
	}
	return out, nil
}

func emailTaken() *apperr.Error {
	return users.ErrEmailTaken.New("An account with this email exists — sign in instead.")
}
