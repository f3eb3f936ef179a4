package provider

import "github.com/partnerhub/partnerhub/services/apperr"

// The simulator directory's own codes.
var (
	// ErrSimulatedUserExists: the directory has a user with the number or WhatsApp id.
	ErrSimulatedUserExists = apperr.Define("simulated_user_exists", apperr.Conflict, "The simulator's directory already has a WhatsApp user with this phone number or WhatsApp id.")
)
