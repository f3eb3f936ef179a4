package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"entgo.io/ent/dialect/sql"
	"github.com/nyaruka/phonenumbers"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/simulateduser"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/listquery"
	"github.com/partnerhub/partnerhub/services/phone"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// The simulator's directory of WhatsApp users (simulated_users): who a number is on
// WhatsApp, its WhatsApp id and how messages to it behave. Numbers outside the directory
// are reachable WhatsApp users whose id is their digits, so any valid number can be
// messaged; the directory holds the people worth knowing by name and the ones that
// behave differently (not on WhatsApp, unreachable, blocking businesses, no read receipts,
// a Brazilian id without the ninth digit).

// UnknownUserName is the profile name of numbers outside the directory.
const UnknownUserName = "WhatsApp user"

var _ WhatsApp = (*Simulator)(nil)

// seedUsers are the directory's example users, created by EnsureDirectory (and again after
// an operator deleted one, at the next start).
var seedUsers = []struct {
	phone, waID, name, language        string
	on, reachable, blocks, readReceipt bool
}{
	// Brazilian mobiles registered before the ninth digit was introduced keep an id without it.
	{"+5511987654321", "551187654321", "Ana Souza", "pt_BR", true, true, false, true},
	{"+5521998765432", "5521998765432", "Bruno Lima", "pt_BR", true, true, false, true},
	{"+33612345678", "33612345678", "Chloé Martin", "fr", true, true, false, true},
	{"+905321234567", "905321234567", "Deniz Yılmaz", "tr", true, false, false, true},
	{"+4915112345678", "4915112345678", "Emma Schmidt", "de", true, true, false, true},
	{"+971501234567", "971501234567", "Farah Khan", "ar", true, true, true, true},
	{"+5511976543210", "5511976543210", "Gustavo Pereira", "pt_BR", false, false, false, false},
	{"+819012345678", "819012345678", "Hiro Tanaka", "ja", true, true, false, false},
}

func isSeed(phoneNumber string) bool {
	for _, u := range seedUsers {
		if u.phone == phoneNumber {
			return true
		}
	}
	return false
}

// SimulatedUser is one WhatsApp user of the simulator's directory, as the operator console
// shows it.
type SimulatedUser struct {
	ID          string `json:"id" example:"01JD8Y3M7W2Q5ZKX9R4T6VBNCDSU"`
	PhoneNumber string `json:"phone_number" example:"+5511987654321"`
	// WAID is the WhatsApp id messages and webhooks carry: the digits of the number, or for
	// some Brazilian mobiles the number without its ninth digit.
	WAID           string `json:"wa_id" example:"551187654321"`
	Name           string `json:"name" example:"Ana Souza"`
	OnWhatsApp     bool   `json:"on_whatsapp"`     // false: messages fail with 131026
	Reachable      bool   `json:"reachable"`       // false: messages stay sent until the user is reachable again
	BlocksBusiness bool   `json:"blocks_business"` // true: messages fail with 131026
	ReadReceipts   bool   `json:"read_receipts"`   // false: messages end at delivered
	Language       string `json:"language" example:"pt_BR"`
	// Seed users are the simulator's examples: deleted, they come back at the next start.
	Seed      bool      `json:"seed"`
	CreatedAt time.Time `json:"created_at"`
}

func userView(u *ent.SimulatedUser) SimulatedUser {
	return SimulatedUser{ID: u.ID, PhoneNumber: u.PhoneNumber, WAID: u.WaID, Name: u.Name, OnWhatsApp: u.OnWhatsapp,
		Reachable: u.Reachable, BlocksBusiness: u.BlocksBusiness, ReadReceipts: u.ReadReceipts, Language: u.Language,
		Seed: isSeed(u.PhoneNumber), CreatedAt: u.CreatedAt.UTC()}
}

// NewSimulatedUser is a user an operator adds to the directory. Left out, the behaviour
// flags are those of an ordinary user: on WhatsApp, reachable, not blocking, read receipts on.
type NewSimulatedUser struct {
	PhoneNumber string `json:"phone_number" example:"+5511912345678"`
	Name        string `json:"name" example:"Carla Dias"`
	// DropNinthDigit gives a Brazilian mobile (+55, area code, 9 and eight digits) the
	// WhatsApp id without its ninth digit, as accounts made before the digit existed have.
	DropNinthDigit bool   `json:"drop_ninth_digit"`
	OnWhatsApp     *bool  `json:"on_whatsapp"`
	Reachable      *bool  `json:"reachable"`
	BlocksBusiness *bool  `json:"blocks_business"`
	ReadReceipts   *bool  `json:"read_receipts"`
	Language       string `json:"language" example:"pt_BR"`
}

// SimulatedUserChange changes a directory user; fields left out stay as they are. The
// number and WhatsApp id do not change (delete the user and add it again).
type SimulatedUserChange struct {
	Name           *string `json:"name"`
	OnWhatsApp     *bool   `json:"on_whatsapp"`
	Reachable      *bool   `json:"reachable"`
	BlocksBusiness *bool   `json:"blocks_business"`
	ReadReceipts   *bool   `json:"read_receipts"`
	Language       *string `json:"language"`
}

// SimulatedUserListSpec is what the directory list sorts and filters on.
var SimulatedUserListSpec = listquery.Spec{
	Sortable: map[string]listquery.Field{
		"name": {Column: simulateduser.FieldName}, "phone_number": {Column: simulateduser.FieldPhoneNumber},
		"created_at": {Column: simulateduser.FieldCreatedAt},
	},
	Filterable: map[string]listquery.Field{
		"phone_number": {Column: simulateduser.FieldPhoneNumber}, "wa_id": {Column: simulateduser.FieldWaID},
		"on_whatsapp": {Column: simulateduser.FieldOnWhatsapp}, "reachable": {Column: simulateduser.FieldReachable},
		"blocks_business": {Column: simulateduser.FieldBlocksBusiness}, "read_receipts": {Column: simulateduser.FieldReadReceipts},
		"language": {Column: simulateduser.FieldLanguage},
		// q: part of the name, the number or the WhatsApp id, any case.
		"q": {Predicate: func(v any) func(*sql.Selector) {
			text := strings.TrimPrefix(strings.TrimSpace(fmt.Sprint(v)), "+")
			return sql.OrPredicates(sql.FieldContainsFold(simulateduser.FieldName, text),
				sql.FieldContains(simulateduser.FieldPhoneNumber, text), sql.FieldContains(simulateduser.FieldWaID, text))
		}},
	},
	DefaultSort: "name",
}

// OnReachable registers h, told (after the change committed) of every directory user an
// operator made reachable again, so messages waiting for them move on. Register hooks
// before serving.
func (s *Simulator) OnReachable(h func(ctx context.Context, waID string) error) {
	reachableMu.Lock()
	defer reachableMu.Unlock()
	reachableHooks[s] = append(reachableHooks[s], h)
}

// The hooks of each simulator (kept beside the struct, which simulator.go declares).
var (
	reachableMu    sync.Mutex
	reachableHooks = map[*Simulator][]func(ctx context.Context, waID string) error{}
)

func (s *Simulator) reachable() []func(ctx context.Context, waID string) error {
	reachableMu.Lock()
	defer reachableMu.Unlock()
	return reachableHooks[s]
}

// EnsureDirectory creates the seed users the directory lacks (matched by number or
// WhatsApp id, so an operator's own user of the same number stays). It is idempotent and
// safe when instances start together.
func (s *Simulator) EnsureDirectory(ctx context.Context) error {
	// The directory is the simulator's platform data, outside any tenant; serve start seeds it.
	sys := tenancy.AsSystem(ctx, tenancy.PlatformSetup)
	now := s.clock.Now()
	for _, u := range seedUsers {
		exists, err := s.db.SimulatedUser.Query().
			Where(simulateduser.Or(simulateduser.PhoneNumber(u.phone), simulateduser.WaID(u.waID))).Exist(sys)
		if err != nil {
			return fmt.Errorf("simulator directory: %w", err)
		}
		if exists {
			continue
		}
		err = s.db.SimulatedUser.Create().SetPhoneNumber(u.phone).SetWaID(u.waID).SetName(u.name).SetLanguage(u.language).
			SetOnWhatsapp(u.on).SetReachable(u.reachable).SetBlocksBusiness(u.blocks).SetReadReceipts(u.readReceipt).
			SetCreatedAt(now).Exec(sys)
		if err != nil && !ent.IsConstraintError(err) { // a constraint error: another instance created it first
			return fmt.Errorf("simulator directory: %w", err)
		}
	}
	return nil
}

// LookupUser tells who number is on WhatsApp: number may be E.164 ("+5511987654321"),
// its digits, or a WhatsApp id ("551187654321" — a Brazilian id without the ninth digit
// finds the same user). Directory users answer as the directory says; other valid numbers
// are reachable users whose id is their digits; digits that are no valid number are not
// on WhatsApp.
//
// Errors: validation_failed.
func (s *Simulator) LookupUser(ctx context.Context, number string) (WhatsAppUser, error) {
	digits, ok := waDigits(number)
	if !ok {
		return WhatsAppUser{}, apperr.Validation("to: must be a phone number in international format or a WhatsApp id, e.g. +4915112345678")
	}
	waIDs, phones := []string{digits}, []string{"+" + digits}
	if with9, ok := brazilWithNinthDigit(digits); ok {
		phones = append(phones, "+"+with9)
	}
	// The directory is the simulator's own data; any sender (a channel key, a person, the
	// progression sweep) looks numbers up in it.
	sys := tenancy.AsSystem(ctx, tenancy.BackgroundJob)
	found, err := s.db.SimulatedUser.Query().
		Where(simulateduser.Or(simulateduser.WaIDIn(waIDs...), simulateduser.PhoneNumberIn(phones...))).All(sys)
	if err != nil {
		return WhatsAppUser{}, apperr.From(err)
	}
	// Best match first: the WhatsApp id, the number as given, then the Brazilian variant.
	for _, match := range []func(*ent.SimulatedUser) bool{
		func(u *ent.SimulatedUser) bool { return u.WaID == digits },
		func(u *ent.SimulatedUser) bool { return u.PhoneNumber == "+"+digits },
		func(*ent.SimulatedUser) bool { return true },
	} {
		for _, u := range found {
			if match(u) {
				return WhatsAppUser{Input: number, WAID: u.WaID, Name: u.Name, OnWhatsApp: u.OnWhatsapp, Reachable: u.Reachable,
					BlocksBusiness: u.BlocksBusiness, ReadReceipts: u.ReadReceipts, Language: u.Language}, nil
			}
		}
	}
	if !validNumber(digits) {
		return WhatsAppUser{Input: number, WAID: digits, Language: "en"}, nil
	}
	return WhatsAppUser{Input: number, WAID: digits, Name: UnknownUserName, OnWhatsApp: true, Reachable: true, ReadReceipts: true, Language: "en"}, nil
}

// waDigits reads a number as WhatsApp takes it: digits with an optional leading + or 00,
// spaces, dashes, dots and brackets ignored.
func waDigits(number string) (string, bool) {
	s := strings.TrimSpace(number)
	if strings.HasPrefix(s, "+") {
		s = s[1:]
	} else if strings.HasPrefix(s, "00") {
		s = s[2:]
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '.' || r == '(' || r == ')':
		default:
			return "", false
		}
	}
	d := b.String()
	if len(d) < 5 || len(d) > 15 || d[0] == '0' {
		return "", false
	}
	return d, true
}

func validNumber(digits string) bool {
	n, err := phonenumbers.Parse("+"+digits, "")
	return err == nil && phonenumbers.IsValidNumber(n)
}

// brazilWithoutNinthDigit returns the WhatsApp id of a Brazilian mobile without its ninth
// digit: 55, the two-digit area code, then 9 and eight digits.
func brazilWithoutNinthDigit(digits string) (string, bool) {
	if len(digits) == 13 && strings.HasPrefix(digits, "55") && digits[4] == '9' {
		return digits[:4] + digits[5:], true
	}
	return "", false
}

// brazilWithNinthDigit is the reverse: the number of a Brazilian mobile id of eight local
// digits (mobiles started with 6 to 9 before the ninth digit was put in front).
func brazilWithNinthDigit(digits string) (string, bool) {
	if len(digits) == 12 && strings.HasPrefix(digits, "55") && digits[4] >= '6' {
		return digits[:4] + "9" + digits[4:], true
	}
	return "", false
}

var languagePattern = regexp.MustCompile(`^[a-z]{2,3}(_[A-Z]{2})?$`)

// mayManage admits platform admins (and the system) to change the directory; support
// agents read it.
func mayManage(ctx context.Context) error {
	if v := tenancy.FromContext(ctx); v == nil || (v.Role != tenancy.PlatformAdmin && !v.IsSystem()) {
		return apperr.ErrForbidden.New("Only platform admins change the simulator's directory.")
	}
	return nil
}

func checkName(field, name string, problems []string) []string {
	switch {
	case strings.TrimSpace(name) == "":
		return append(problems, field+": is required")
	case len(name) > 256 || !utf8.ValidString(name):
		return append(problems, field+": must be at most 256 bytes of text")
	}
	return problems
}

func checkLanguage(field, lang string, problems []string) []string {
	if !languagePattern.MatchString(lang) {
		return append(problems, field+": must be a language code such as en, pt_BR or fil")
	}
	return problems
}

// ListUsers returns a page of the directory.
//
// Errors: not_found.
func (s *Simulator) ListUsers(ctx context.Context, q *listquery.Query) ([]SimulatedUser, int, error) {
	rows, total, err := listquery.Page(ctx, s.db.SimulatedUser.Query(), q)
	if err != nil {
		return nil, 0, err
	}
	out := make([]SimulatedUser, len(rows))
	for i, u := range rows {
		out[i] = userView(u)
	}
	return out, total, nil
}

// GetUser returns one directory user.
//
// Errors: not_found.
func (s *Simulator) GetUser(ctx context.Context, id string) (SimulatedUser, error) {
	u, err := s.db.SimulatedUser.Get(ctx, id)
	if err != nil {
		return SimulatedUser{}, apperr.From(err)
	}
	return userView(u), nil
}

// CreateUser adds a user to the directory. Platform admins only.
//
// Errors: forbidden, validation_failed, simulated_user_exists.
func (s *Simulator) CreateUser(ctx context.Context, in NewSimulatedUser) (SimulatedUser, error) {
	if err := mayManage(ctx); err != nil {
		return SimulatedUser{}, err
	}
	var problems []string
	number, err := phone.Normalize("phone_number", in.PhoneNumber)
	if err != nil {
		problems = append(problems, apperr.As(err).Details...)
	}
	in.Name = strings.TrimSpace(in.Name)
	problems = checkName("name", in.Name, problems)
	if in.Language == "" {
		in.Language = "en"
	}
	problems = checkLanguage("language", in.Language, problems)
	waID := strings.TrimPrefix(number, "+")
	if in.DropNinthDigit && number != "" {
		if without, ok := brazilWithoutNinthDigit(waID); ok {
			waID = without
		} else {
			problems = append(problems, "drop_ninth_digit: only a Brazilian mobile number (+55, the area code, then 9 and eight digits) has a WhatsApp id without its ninth digit")
		}
	}
	if len(problems) > 0 {
		return SimulatedUser{}, apperr.Validation(problems...)
	}
	// A number must not be another user's id, nor an id another user's number: lookups by
	// digits would find both.
	taken, err := s.db.SimulatedUser.Query().Where(simulateduser.Or(
		simulateduser.PhoneNumberIn(number, "+"+waID), simulateduser.WaIDIn(waID, strings.TrimPrefix(number, "+")),
	)).Exist(ctx)
	if err != nil {
		return SimulatedUser{}, apperr.From(err)
	}
	if taken {
		return SimulatedUser{}, ErrSimulatedUserExists.Newf("The directory already has a user with the number %s or the WhatsApp id %s.", number, waID)
	}
	flag := func(p *bool, def bool) bool {
		if p == nil {
			return def
		}
		return *p
	}
	u, err := s.db.SimulatedUser.Create().SetPhoneNumber(number).SetWaID(waID).SetName(in.Name).SetLanguage(in.Language).
		SetOnWhatsapp(flag(in.OnWhatsApp, true)).SetReachable(flag(in.Reachable, true)).
		SetBlocksBusiness(flag(in.BlocksBusiness, false)).SetReadReceipts(flag(in.ReadReceipts, true)).
		SetCreatedAt(s.clock.Now()).Save(ctx)
	if ent.IsConstraintError(err) {
		return SimulatedUser{}, ErrSimulatedUserExists.Newf("The directory already has a user with the number %s or the WhatsApp id %s.", number, waID)
	}
	if err != nil {
		return SimulatedUser{}, apperr.From(err)
	}
	return userView(u), nil
}

// UpdateUser changes a directory user's name, language or behaviour. Messages waiting for
// a user made reachable again move on (OnReachable). Platform admins only.
//
// Errors: forbidden, validation_failed, not_found.
func (s *Simulator) UpdateUser(ctx context.Context, id string, ch SimulatedUserChange) (SimulatedUser, error) {
	if err := mayManage(ctx); err != nil {
		return SimulatedUser{}, err
	}
	var problems []string
	if ch.Name != nil {
		*ch.Name = strings.TrimSpace(*ch.Name)
		problems = checkName("name", *ch.Name, problems)
	}
	if ch.Language != nil {
		problems = checkLanguage("language", *ch.Language, problems)
	}
	if len(problems) > 0 {
		return SimulatedUser{}, apperr.Validation(problems...)
	}
	old, err := s.db.SimulatedUser.Get(ctx, id)
	if err != nil {
		return SimulatedUser{}, apperr.From(err)
	}
	upd := s.db.SimulatedUser.UpdateOne(old)
	if ch.Name != nil {
		upd.SetName(*ch.Name)
	}
	if ch.Language != nil {
		upd.SetLanguage(*ch.Language)
	}
	if ch.OnWhatsApp != nil {
		upd.SetOnWhatsapp(*ch.OnWhatsApp)
	}
	if ch.Reachable != nil {
		upd.SetReachable(*ch.Reachable)
	}
	if ch.BlocksBusiness != nil {
		upd.SetBlocksBusiness(*ch.BlocksBusiness)
	}
	if ch.ReadReceipts != nil {
		upd.SetReadReceipts(*ch.ReadReceipts)
	}
	u, err := upd.Save(ctx)
	if err != nil {
		return SimulatedUser{}, apperr.From(err)
	}
	if !old.Reachable && u.Reachable {
		for _, h := range s.reachable() {
			if err := h(ctx, u.WaID); err != nil {
				return SimulatedUser{}, apperr.From(err)
			}
		}
	}
	return userView(u), nil
}

// DeleteUser removes a user from the directory; its number then behaves like any number
// outside it. Platform admins only.
//
// Errors: forbidden, not_found.
func (s *Simulator) DeleteUser(ctx context.Context, id string) error {
	if err := mayManage(ctx); err != nil {
		return err
	}
	return apperr.From(s.db.SimulatedUser.DeleteOneID(id).Exec(ctx))
}
