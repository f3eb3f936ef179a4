package users

import "github.com/partnerhub/partnerhub/services/apperr"

// The codes this package returns.
var (
	// ErrEmailTaken: an account with the email exists.
	ErrEmailTaken = apperr.Define("email_taken", apperr.Conflict, "An account with this email already exists: an email is one account across the hub.")
	// ErrLastAdmin: the change would leave a partner without an admin.
	ErrLastAdmin = apperr.Define("last_admin", apperr.Conflict, "The change would leave the partner without an enabled admin; make someone else an admin first.")
)
