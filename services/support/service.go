// Package support is the support desk: tickets with topics, messages, status transitions,
// escalation and language routing; their SLA timers, computed from each ticket's history
// with the policy version it opened under (services/sla) and stored for indexed lookup;
// the recorder that records each warning and breach exactly once; SLA policy versions and
// the SLA preview. The knowledge base (support/kb) and the dashboard (support/reports) are
// packages of their own; their API shapes are declared here, with the desk's others.
package support

import (
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/schema/idgen"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/sla"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// Service serves the support desk.
type Service struct {
	db       *ent.Client
	sql      storage.SQL
	clock    clock.Clock
	log      *slog.Logger
	policies *policyBook
	// policy returns the live policy for the preview.
	policy func() *sla.Policy
	// instance names this process in the SLA records it writes.
	instance string
	// batch is how many timers one recording transaction claims.
	batch int
	// whatsapp is the support number, once connected (UseWhatsApp).
	whatsapp WhatsAppDesk
}

// New returns the support service over db; d is what differs about the store's database.
func New(db *ent.Client, d storage.SQL, clk clock.Clock, log *slog.Logger) *Service {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	host, _ := os.Hostname()
	s := &Service{db: db, sql: d, clock: clk, log: log, policies: newPolicyBook(db),
		instance: fmt.Sprintf("%s:%d:%s", host, os.Getpid(), idgen.New("")[:6]), batch: defaultRecordBatch}
	s.policy = s.policies.cachedLive
	return s
}

// IsStaff reports whether v is support staff: a platform admin or a support agent.
func IsStaff(v *tenancy.Viewer) bool { return v != nil && v.Role.IsPlatform() }

// now is the instant of a ticket event: whole seconds, like the due instants, so that
// "strictly before due" is decided exactly whatever the database's time precision.
func (s *Service) now() time.Time { return s.clock.Now().UTC().Truncate(time.Second) }
