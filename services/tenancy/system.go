package tenancy

import "context"

// Reason says why code acts as the system identity, which passes every privacy rule. The
// set is closed: each reason below is one of the legitimate cases listed in
// docs/ARCHITECTURE.md ("Acting as the system"), and every switch names one, with a comment
// saying what it reads or writes outside the viewer's tenant.
type Reason string

// The legitimate reasons to act as the system.
const (
	// Credentials: the hub's own credential rows — passwords, refresh tokens, API-key
	// hashes, sign-in throttles, session events — which no tenant policy opens; read to
	// authenticate a caller who has no viewer yet, or written to end a user's own sessions.
	Credentials Reason = "credentials"
	// Bookkeeping: rows the hub keeps for itself about a tenant's action (webhook
	// deliveries, key usage, rate-limit hits, registration attempts), which no tenant
	// writes directly.
	Bookkeeping Reason = "bookkeeping"
	// BackgroundJob: sweeps and workers that no request asked for (dispatcher, SLA
	// timers, scheduled partner changes and migrations, key-cache refresh).
	BackgroundJob Reason = "background_job"
	// AcrossTenants: one change that two tenants both see (a partner change writes the
	// trail of the source and the destination partner), or a rule that holds across
	// tenants (a number is hosted once; an email is one account), answered without
	// revealing the other tenant's object.
	AcrossTenants Reason = "across_tenants"
	// PlatformSetup: the operator's setup outside any tenant — bootstrap admin, demo
	// data, secret-key rotation, platform settings, benchmarks' seed data.
	PlatformSetup Reason = "platform_setup"
	// PublicFlow: a flow open to someone who has no account yet (client sign-up in the
	// integrated onboarding), acting only on the objects that flow creates.
	PublicFlow Reason = "public_flow"
)

// Reasons lists every reason, for the test that keeps docs/ARCHITECTURE.md in step.
var Reasons = []Reason{Credentials, Bookkeeping, BackgroundJob, AcrossTenants, PlatformSetup, PublicFlow}

// AsSystem returns ctx acting as the internal system identity, for the named reason. Never
// use it with input whose scope a user controls.
func AsSystem(ctx context.Context, why Reason) context.Context {
	_ = why // the reason is for readers and for the test that lists the call sites
	return NewContext(ctx, systemViewer)
}
