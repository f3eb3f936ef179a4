package partners

import "github.com/partnerhub/partnerhub/services/apperr"

// The codes this package returns.
var (
	// ErrOperatorFields: a partner admin tried to change an operator-only field.
	ErrOperatorFields = apperr.Define("operator_fields", apperr.Forbidden, "Only platform admins change a partner's plan, tier, billing model, billing system or status.")
)
