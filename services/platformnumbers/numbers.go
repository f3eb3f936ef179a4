package platformnumbers

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/channel"
	"github.com/partnerhub/partnerhub/ent/channelapikey"
	"github.com/partnerhub/partnerhub/ent/clientaccount"
	"github.com/partnerhub/partnerhub/ent/partner"
	"github.com/partnerhub/partnerhub/ent/schema/fieldtype"
	"github.com/partnerhub/partnerhub/ent/systemsetting"
	"github.com/partnerhub/partnerhub/ent/ticket"
	"github.com/partnerhub/partnerhub/ent/waba"
	"github.com/partnerhub/partnerhub/services/apikeys"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/audit"
	"github.com/partnerhub/partnerhub/services/channels"
	"github.com/partnerhub/partnerhub/services/phone"
	"github.com/partnerhub/partnerhub/services/registration"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/tenancy"
	"github.com/partnerhub/partnerhub/services/users"
)

// View is the platform numbers as the operator console shows them.
type View struct {
	Numbers []NumberView `json:"numbers"`
	// Address is the hub's Messaging API address, which sandbox keys are used with.
	Address string `json:"address" example:"https://hub.example.com"`
	// PartnerID, ClientID and WABAID are the platform's own account holding the numbers
	// (null until the first number is set up).
	PartnerID *string `json:"partner_id"`
	ClientID  *string `json:"client_id"`
	WABAID    *string `json:"waba_id"`
}

// NumberView is one platform number.
type NumberView struct {
	Kind        string     `json:"kind" enums:"support,sandbox"`
	Configured  bool       `json:"configured"`
	ChannelID   *string    `json:"channel_id"`
	PhoneNumber string     `json:"phone_number" example:"+4930577140819"`
	DisplayName string     `json:"display_name" example:"PartnerHub Support"`
	Status      string     `json:"status" example:"running"`
	SetAt       *time.Time `json:"set_at"`
	SetBy       *users.Ref `json:"set_by"`
	// OpenTickets counts the support number's whatsapp tickets not resolved or closed.
	OpenTickets int `json:"open_tickets"`
	// SandboxKeys counts the sandbox number's valid sandbox keys.
	SandboxKeys int `json:"sandbox_keys"`
}

// Get returns the platform numbers. Platform staff only.
//
// Errors: forbidden.
func (s *Service) Get(ctx context.Context) (*View, error) {
	if v := tenancy.FromContext(ctx); v == nil || !v.Role.IsPlatform() {
		return nil, apperr.ErrForbidden.New("The platform numbers are for platform staff.")
	}
	// The numbers' settings are platform settings, and their channels the platform's own.
	sys := tenancy.AsSystem(ctx, tenancy.PlatformSetup)
	out := &View{Numbers: []NumberView{}, Address: s.keys.Address()}
	var acct account
	if ok, err := readSetting(sys, s.db, settingAccount, &acct); err != nil {
		return nil, apperr.From(err)
	} else if ok {
		out.PartnerID, out.ClientID, out.WABAID = &acct.PartnerID, &acct.ClientID, &acct.WABAID
	}
	var setBy []string
	for _, kind := range Kinds {
		nv := NumberView{Kind: kind}
		var n number
		ok, err := readSetting(sys, s.db, settingPrefix+kind, &n)
		if err != nil {
			return nil, apperr.From(err)
		}
		if ok {
			ch, err := s.db.Channel.Get(sys, n.ChannelID)
			if err != nil && !ent.IsNotFound(err) {
				return nil, apperr.From(err)
			}
			if ch != nil {
				at := n.SetAt.UTC()
				nv.Configured, nv.ChannelID, nv.PhoneNumber, nv.Status, nv.SetAt = true, &ch.ID, ch.PhoneNumber, string(ch.Status), &at
				nv.DisplayName = ch.SetupInfo.PhoneName
				if n.SetBy != "" {
					nv.SetBy = &users.Ref{UserID: n.SetBy}
					setBy = append(setBy, n.SetBy)
				}
				if nv.OpenTickets, nv.SandboxKeys, err = s.counts(sys, kind, ch.ID); err != nil {
					return nil, apperr.From(err)
				}
			}
		}
		out.Numbers = append(out.Numbers, nv)
	}
	refs, err := users.Refs(ctx, s.db, setBy...)
	if err != nil {
		return nil, apperr.From(err)
	}
	for i := range out.Numbers {
		if r := out.Numbers[i].SetBy; r != nil {
			out.Numbers[i].SetBy = users.RefOf(refs, &r.UserID)
		}
	}
	return out, nil
}

// counts reads what the console shows about a number: the support number's unfinished
// whatsapp tickets, the sandbox number's valid sandbox keys. ctx is the system's.
func (s *Service) counts(ctx context.Context, kind, channelID string) (tickets, keys int, err error) {
	if kind == Support {
		tickets, err = s.db.Ticket.Query().Where(ticket.WhatsappWaIDNotNil(), ticket.SourceEQ(ticket.SourceWhatsapp),
			ticket.StatusNotIn(ticket.StatusResolved, ticket.StatusClosed)).Count(ctx)
		return tickets, 0, err
	}
	keys, err = s.db.ChannelAPIKey.Query().Where(channelapikey.ChannelID(channelID), channelapikey.SandboxWaIDNotNil(),
		channelapikey.StateIn(channelapikey.StateActive, channelapikey.StateGrace)).Count(ctx)
	return 0, keys, err
}

// SetRequest sets up a platform number: its phone number and the display name WhatsApp
// users see.
type SetRequest struct {
	PhoneNumber string `json:"phone_number" example:"+4930577140819"`
	DisplayName string `json:"display_name" example:"PartnerHub Support"`
}

// maxDisplayName bounds a platform number's display name.
const maxDisplayName = 100

// Set sets up the platform number kind (support or sandbox), platform admins only. The
// first number made also makes the platform's own partner (is_platform), client and
// WABA. The same phone number again only renames it; another phone number replaces the
// number: the previous channel is terminated and its keys revoked (sandbox users then
// write START again), and the new one runs at once. A number active anywhere in the hub
// cannot be a platform number.
//
// Errors: forbidden, not_found, validation_failed, number_already_active.
func (s *Service) Set(ctx context.Context, kind string, r SetRequest) (*View, error) {
	v := tenancy.FromContext(ctx)
	if v == nil || v.Role != tenancy.PlatformAdmin {
		return nil, apperr.ErrForbidden.New("Only platform admins set up the platform numbers.")
	}
	if !slices.Contains(Kinds, kind) {
		return nil, apperr.ErrNotFound.New("There is no such platform number: it is support or sandbox.")
	}
	phoneNumber, name, err := checkSet(r)
	if err != nil {
		return nil, err
	}
	if err := s.set(ctx, kind, phoneNumber, name, audit.Actor{UserID: v.UserID, Role: string(v.Role)}); err != nil {
		return nil, err
	}
	return s.Get(ctx)
}

// checkSet checks r, listing every problem, and returns the number in E.164 and the name.
//
// Errors: validation_failed.
func checkSet(r SetRequest) (string, string, error) {
	var problems []string
	number, err := phone.Normalize("phone_number", r.PhoneNumber)
	if err != nil {
		var ae *apperr.Error
		if !errors.As(err, &ae) {
			return "", "", err
		}
		problems = append(problems, ae.Details...)
	}
	name := strings.TrimSpace(r.DisplayName)
	switch {
	case name == "":
		problems = append(problems, "display_name: is required")
	case utf8.RuneCountInString(name) > maxDisplayName:
		problems = append(problems, "display_name: must be at most 100 characters")
	}
	if len(problems) > 0 {
		return "", "", apperr.Validation(problems...)
	}
	return number, name, nil
}

// set makes phoneNumber (E.164) the platform number kind, named name, in one
// transaction: the platform's account first if need be, then the rename or the
// replacement, audited with actor.
//
// Errors: number_already_active.
func (s *Service) set(ctx context.Context, kind, phoneNumber, name string, actor audit.Actor) error {
	// The platform's own account, its numbers' channels and settings belong to no viewer's
	// tenant: the operator sets them up (or the demo seeding does).
	sys := tenancy.AsSystem(ctx, tenancy.PlatformSetup)
	err := storage.WithTx(sys, s.db, func(tx *ent.Tx) error {
		db := tx.Client()
		now := s.clock.Now()
		acct, err := s.ensureAccount(sys, db, now)
		if err != nil {
			return err
		}
		side := []audit.Side{{PartnerID: acct.PartnerID, ClientID: &acct.ClientID}}
		var cur number
		ok, err := readSetting(sys, db, settingPrefix+kind, &cur)
		if err != nil {
			return err
		}
		var prev *ent.Channel
		if ok {
			if prev, err = db.Channel.Get(sys, cur.ChannelID); err != nil && !ent.IsNotFound(err) {
				return err
			}
			if prev != nil && prev.Status == channel.StatusTerminated {
				prev = nil
			}
		}
		if prev != nil && prev.PhoneNumber == phoneNumber {
			info := prev.SetupInfo
			from := info.PhoneName
			info.PhoneName = name
			if err := db.Channel.UpdateOne(prev).SetSetupInfo(info).Exec(sys); err != nil {
				return err
			}
			if err := writeSetting(sys, db, settingPrefix+kind, number{ChannelID: prev.ID, SetAt: now, SetBy: actor.UserID}, now); err != nil {
				return err
			}
			return audit.RecordChange(sys, db, audit.Change{Action: "platform_number.renamed", ObjectType: "channel", ObjectID: prev.ID,
				Sides: side, Actor: actor, At: now, Details: map[string]any{"kind": kind, "from": from, "to": name}})
		}
		if prev != nil {
			if _, err := apikeys.RevokeAllForChannel(sys, db, s.sql, prev.ID, "platform number replaced", now); err != nil {
				return err
			}
			if err := db.Channel.UpdateOne(prev).SetStatus(channel.StatusTerminated).SetStatusChangedAt(now).SetTerminatedAt(now).Exec(sys); err != nil {
				return err
			}
		}
		ch, err := s.newChannel(sys, db, acct, phoneNumber, name, now)
		if err != nil {
			return err
		}
		if err := writeSetting(sys, db, settingPrefix+kind, number{ChannelID: ch.ID, SetAt: now, SetBy: actor.UserID}, now); err != nil {
			return err
		}
		details := map[string]any{"kind": kind, "phone_number": phoneNumber, "display_name": name}
		if prev != nil {
			details["previous_channel_id"], details["previous_phone_number"] = prev.ID, prev.PhoneNumber
		}
		return audit.RecordChange(sys, db, audit.Change{Action: "platform_number.set", ObjectType: "channel", ObjectID: ch.ID,
			Sides: side, Actor: actor, At: now, Details: details})
	})
	if err != nil {
		return apperr.From(err)
	}
	// Revoked keys leave this instance's cache at once; other instances follow the key events.
	_, err = s.keys.Verifier().Catchup(sys)
	return apperr.From(err)
}

// newChannel registers phoneNumber as a running channel of the platform's WABA with db,
// after checking that the number is active nowhere in the hub (under the number's lock, as
// channels.Create does). Platform numbers are billed to nobody: the platform's partner
// pays itself, and no billing period starts.
//
// Errors: number_already_active.
func (s *Service) newChannel(ctx context.Context, db *ent.Client, acct account, phoneNumber, name string, now time.Time) (*ent.Channel, error) {
	if err := registration.LockNumber(ctx, db, phoneNumber, now); err != nil {
		return nil, err
	}
	taken, err := db.Channel.Query().Where(channel.PhoneNumber(phoneNumber), channel.StatusNEQ(channel.StatusTerminated)).Exist(ctx)
	if err != nil {
		return nil, err
	}
	if taken {
		return nil, channels.ErrNumberAlreadyActive.New("This phone number is already active in the hub.")
	}
	return db.Channel.Create().SetPartnerID(acct.PartnerID).SetClientID(acct.ClientID).SetWabaID(acct.WABAID).
		SetPhoneNumber(phoneNumber).SetStatus(channel.StatusRunning).SetStatusChangedAt(now).
		SetAccountMode(channel.AccountModeLive).SetCurrentQualityRating(channel.CurrentQualityRatingGREEN).
		SetCurrentLimit("TIER_UNLIMITED").SetSupportPlan(channel.SupportPlanPremium).SetKeyPermission(channel.KeyPermissionShared).
		SetSetupInfo(fieldtype.SetupInfo{PhoneNumber: phoneNumber, PhoneName: name, VerificationMethod: "sms"}).Save(ctx)
}

// ensureAccount returns the platform's own partner, client and WABA, making them on
// first need, with db (the caller's transaction, as the system). The account's setting
// row is locked first, so two instances setting numbers at once make one account.
func (s *Service) ensureAccount(ctx context.Context, db *ent.Client, now time.Time) (account, error) {
	// Insert-if-absent: when the row exists the database returns no row, which is fine.
	if err := db.SystemSetting.Create().SetID(settingAccount).SetValue([]byte("{}")).SetCreatedAt(now).
		OnConflictColumns(systemsetting.FieldID).DoNothing().Exec(ctx); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return account{}, err
	}
	if _, err := storage.LockRows(s.sql, db.SystemSetting.Query().Where(systemsetting.ID(settingAccount))).Only(ctx); err != nil {
		return account{}, err
	}
	var acct account
	ok, err := readSetting(ctx, db, settingAccount, &acct)
	if err != nil || ok {
		return acct, err
	}
	p, err := db.Partner.Query().Where(partner.IsPlatform(true)).Order(ent.Asc(partner.FieldCreatedAt)).First(ctx)
	if ent.IsNotFound(err) {
		p, err = db.Partner.Create().SetBrandName(PartnerBrand).SetIsPlatform(true).
			SetBillingModel(partner.BillingModelPartnerPayment).SetPartnerPlan(partner.PartnerPlanPremium).Save(ctx)
	}
	if err != nil {
		return account{}, err
	}
	c, err := db.ClientAccount.Query().Where(clientaccount.PartnerID(p.ID), clientaccount.Name(ClientName)).First(ctx)
	if ent.IsNotFound(err) {
		c, err = db.ClientAccount.Create().SetPartnerID(p.ID).SetName(ClientName).SetOrganisation(PartnerBrand).
			SetPlan(clientaccount.PlanPremium).SetMaxChannels(25).Save(ctx)
	}
	if err != nil {
		return account{}, err
	}
	w, err := db.WABA.Query().Where(waba.ClientID(c.ID)).Order(ent.Asc(waba.FieldCreatedAt)).First(ctx)
	if ent.IsNotFound(err) {
		w, err = db.WABA.Create().SetPartnerID(p.ID).SetClientID(c.ID).SetName(wabaName).
			SetFbAccountStatus(waba.FbAccountStatusVerified).Save(ctx)
	}
	if err != nil {
		return account{}, err
	}
	acct = account{PartnerID: p.ID, ClientID: c.ID, WABAID: w.ID}
	if err := writeSetting(ctx, db, settingAccount, acct, now); err != nil {
		return account{}, err
	}
	return acct, audit.RecordChange(ctx, db, audit.Change{Action: "platform_account.created", ObjectType: "partner", ObjectID: p.ID,
		Sides: []audit.Side{{PartnerID: p.ID}}, At: now, Details: map[string]any{"client_id": c.ID, "waba_id": w.ID}})
}
