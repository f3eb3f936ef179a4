// Package support is the support desk (SPEC §5.7): tickets with topics, messages, status
// transitions, escalation and language routing; their SLA timers, computed from each
// ticket's history with the policy version it opened under (services/sla) and stored for
// indexed lookup; the recorder that records each warning and breach exactly once; policy
// versions, knowledge-base articles, reports and the SLA preview.
package support

import (
	"fmt"
	"log/slog"
	"os"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/idgen"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/sla"
)

// Service serves the support desk.
type Service struct {
	db       *ent.Client
	dialect  string
	clock    clock.Clock
	log      *slog.Logger
	policies *policyBook
	// policy returns the live policy for the preview.
	policy func() *sla.Policy
	// instance names this process in the SLA records it writes.
	instance string
	// batch is how many timers one recording transaction claims.
	batch int
}

// New returns the support service over db (of dialect "sqlite3" or "postgres").
func New(db *ent.Client, dialect string, clk clock.Clock, log *slog.Logger) *Service {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	host, _ := os.Hostname()
	s := &Service{db: db, dialect: dialect, clock: clk, log: log, policies: newPolicyBook(db),
		instance: fmt.Sprintf("%s:%d:%s", host, os.Getpid(), idgen.New("")[:6]), batch: defaultRecordBatch}
	s.policy = s.policies.cachedLive
	return s
}
