package partnerchanges

import "github.com/partnerhub/partnerhub/services/apperr"

// The codes this package returns.
var (
	// ErrDestinationUnknown: the destination partner id names no partner.
	ErrDestinationUnknown = apperr.Define("destination_unknown", apperr.Invalid,
		"The destination partner id of a partner change names no partner; check the id with the new partner.")
	// ErrDestinationIsCurrent: the destination is the client's partner already.
	ErrDestinationIsCurrent = apperr.Define("destination_is_current", apperr.Invalid,
		"A partner change names the client's current partner as its destination.")
	// ErrDestinationInactive: the destination partner is not active.
	ErrDestinationInactive = apperr.Define("destination_inactive", apperr.Conflict,
		"The destination partner of a partner change is not active and cannot take on clients.")
	// ErrDifferentBillingSystem: the two partners use different payment processors.
	ErrDifferentBillingSystem = apperr.Define("different_billing_system", apperr.Conflict,
		"The destination partner uses a different payment processor than the current one, so a partner change between them is not possible.")
	// ErrNoNumbers: the client has no number to move.
	ErrNoNumbers = apperr.Define("no_numbers", apperr.Conflict,
		"The client has no numbers, so there is nothing a partner change could move.")
	// ErrChannelPendingDeletion: a selected number is pending deletion.
	ErrChannelPendingDeletion = apperr.Define("channel_pending_deletion", apperr.Conflict,
		"A number selected for a partner change is pending deletion; reactivate it first. The message names the number.")
	// ErrChannelMigrating: a selected number is being migrated.
	ErrChannelMigrating = apperr.Define("channel_migrating", apperr.Conflict,
		"A number selected for a partner change is being migrated; finish or cancel the migration first. The message names the number.")
	// ErrChannelInOpenRequest: a selected number is held by another open partner change or
	// migration.
	ErrChannelInOpenRequest = apperr.Define("channel_in_open_request", apperr.Conflict,
		"A number selected for a partner change is already part of another open partner change or migration.")
	// ErrOutgoingRequest: the source partner tried to decide on its client's request.
	ErrOutgoingRequest = apperr.Define("outgoing_request", apperr.Forbidden,
		"Only the destination partner approves or rejects a partner change request; the current partner sees it read-only.")
)
