// Package tenancy is PartnerHub's tenancy in the data layer. A Viewer (who is asking)
// travels in the context.Context; the ent privacy policies here, which every schema gets
// through its TenancyMixin (ent/schema/mixin.go), scope every query and mutation to the
// viewer's tenant, so no handler or service has to remember a filter. Code that must act
// outside the viewer's tenant says why with AsSystem and one of a closed set of Reasons.
package tenancy

import "context"

// Role is one of the six roles: platform admin and support agent (platform staff),
// partner admin and member (partner staff), client admin and member (client users).
type Role string

// The six roles.
const (
	PlatformAdmin Role = "platform_admin"
	SupportAgent  Role = "support_agent"
	PartnerAdmin  Role = "partner_admin"
	PartnerMember Role = "partner_member"
	ClientAdmin   Role = "client_admin"
	ClientMember  Role = "client_member"
)

// Roles lists every role in the order the product presents them.
var Roles = []Role{PlatformAdmin, SupportAgent, PartnerAdmin, PartnerMember, ClientAdmin, ClientMember}

// Valid reports whether r is one of the known roles.
func (r Role) Valid() bool {
	for _, k := range Roles {
		if r == k {
			return true
		}
	}
	return false
}

// IsPlatform reports whether r is platform staff (sees every tenant).
func (r Role) IsPlatform() bool { return r == PlatformAdmin || r == SupportAgent }

// IsPartner reports whether r is partner staff.
func (r Role) IsPartner() bool { return r == PartnerAdmin || r == PartnerMember }

// IsClient reports whether r is a client user.
func (r Role) IsClient() bool { return r == ClientAdmin || r == ClientMember }

// Viewer is the identity a request or job acts as.
type Viewer struct {
	UserID    string
	Role      Role
	PartnerID string // set for partner staff and client users (the client's partner)
	ClientID  string // set for client users
	// APIKeyID is set when the request authenticated with a partner API key.
	APIKeyID string
	system   bool
}

// IsSystem reports whether v is the internal identity used by jobs, bootstrap and auth.
func (v *Viewer) IsSystem() bool { return v != nil && v.system }

// IsPlatform reports whether v may see every tenant.
func (v *Viewer) IsPlatform() bool { return v != nil && (v.system || v.Role.IsPlatform()) }

type ctxKey struct{}

var systemViewer = &Viewer{system: true}

// NewContext returns ctx carrying v.
func NewContext(ctx context.Context, v *Viewer) context.Context {
	return context.WithValue(ctx, ctxKey{}, v)
}

// FromContext returns the viewer in ctx, or nil.
func FromContext(ctx context.Context) *Viewer {
	v, _ := ctx.Value(ctxKey{}).(*Viewer)
	return v
}
