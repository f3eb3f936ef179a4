// Package platformnumbers keeps the platform's own WhatsApp numbers: the support desk's
// number and the sandbox number. Both are channels of the platform's own partner
// (is_platform), client and WABA, made on first need, running at once and billed to
// nobody. Messages to the support number become whatsapp tickets (support.ReceiveWhatsApp)
// and agents' replies go back from it; "START" written to the sandbox number issues the
// writer a sandbox key (pht_) for messaging their own number, sent back on WhatsApp.
package platformnumbers

import (
	"context"
	"encoding/json"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/systemsetting"
	"github.com/partnerhub/partnerhub/services/apikeys"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/messaging"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/support"
)

// The platform numbers.
const (
	// Support is the support desk's number: WhatsApp users write to support there.
	Support = "support"
	// Sandbox is the sandbox number: "START" there issues a sandbox key.
	Sandbox = "sandbox"
)

// Kinds lists the platform numbers in the order the console shows them.
var Kinds = []string{Support, Sandbox}

// The settings (system_settings) holding the platform's account and its numbers.
const (
	settingAccount = "platform_number.account"
	settingPrefix  = "platform_number."
)

// Names of what the platform's account is made of.
const (
	PartnerBrand = "PartnerHub platform"
	ClientName   = "PartnerHub support"
	wabaName     = "PartnerHub platform"
)

// Service keeps the platform numbers.
type Service struct {
	db        *ent.Client
	sql       storage.SQL
	clock     clock.Clock
	keys      *apikeys.Service
	messaging *messaging.Service
	support   *support.Service
}

// New returns the service, registers its inbound hook on m and connects the support desk
// to the support number.
func New(db *ent.Client, d storage.SQL, clk clock.Clock, keys *apikeys.Service, m *messaging.Service, sup *support.Service) *Service {
	s := &Service{db: db, sql: d, clock: clk, keys: keys, messaging: m, support: sup}
	if m != nil {
		m.OnInbound(s.HandleInbound)
	}
	if sup != nil {
		sup.UseWhatsApp(desk{s})
	}
	return s
}

// account is the platform's own partner, client and WABA.
type account struct {
	PartnerID string `json:"partner_id"`
	ClientID  string `json:"client_id"`
	WABAID    string `json:"waba_id"`
}

// number is what the setting of one platform number holds.
type number struct {
	ChannelID string    `json:"channel_id"`
	SetAt     time.Time `json:"set_at"`
	SetBy     string    `json:"set_by,omitempty"`
}

// readSetting decodes the setting key into v with db; ok is false when it is absent or
// empty. ctx must be the system's.
func readSetting(ctx context.Context, db *ent.Client, key string, v any) (bool, error) {
	row, err := db.SystemSetting.Query().Where(systemsetting.ID(key)).Only(ctx)
	if ent.IsNotFound(err) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if len(row.Value) == 0 || string(row.Value) == "{}" {
		return false, nil
	}
	return true, json.Unmarshal(row.Value, v)
}

// writeSetting stores v as the setting key with db, the transaction holding the account's
// lock (see ensureAccount). ctx must be the system's.
func writeSetting(ctx context.Context, db *ent.Client, key string, v any, now time.Time) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	n, err := db.SystemSetting.Update().Where(systemsetting.ID(key)).SetValue(raw).Save(ctx)
	if err != nil || n > 0 {
		return err
	}
	return db.SystemSetting.Create().SetID(key).SetValue(raw).SetCreatedAt(now).Exec(ctx)
}

// channelOf returns the channel id of the platform number kind, "" when it is not set up.
// ctx must be the system's.
func channelOf(ctx context.Context, db *ent.Client, kind string) (string, error) {
	var n number
	ok, err := readSetting(ctx, db, settingPrefix+kind, &n)
	if err != nil || !ok {
		return "", err
	}
	return n.ChannelID, nil
}
