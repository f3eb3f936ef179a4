package support

import "github.com/partnerhub/partnerhub/services/apperr"

// The codes this package returns.
var (
	// ErrDuplicateOpenTicket: the requester already has an open ticket on the topic (and
	// number); details names it.
	ErrDuplicateOpenTicket = apperr.Define("duplicate_open_ticket", apperr.Conflict,
		"The requester already has an open ticket on this topic (and number), named in details as \"ticket_id: …\": continue there, or send again with \"confirm_new\": true to open another.")
	// ErrTicketState: the ticket's status does not allow the action.
	ErrTicketState = apperr.Define("ticket_state", apperr.Conflict,
		"The ticket's status does not allow this action; the message names the status and, for a status change, the statuses it may become.")
	// ErrAlreadyEscalated: the ticket is escalated already.
	ErrAlreadyEscalated = apperr.Define("already_escalated", apperr.Conflict,
		"The ticket is already escalated.")
	// ErrEscalationNotAvailable: the requester may not escalate.
	ErrEscalationNotAvailable = apperr.Define("escalation_not_available", apperr.Forbidden,
		"Escalation is for clients with a designated point of contact and for partners in the Silver, Gold and Platinum tiers; the message says why this ticket's requester is neither.")
	// ErrNothingToChange: a reclassification that changes nothing.
	ErrNothingToChange = apperr.Define("nothing_to_change", apperr.Conflict,
		"The reclassification names the topic and severity the ticket already has.")
	// ErrNoAgents: routing has nobody to assign.
	ErrNoAgents = apperr.Define("no_agents", apperr.Conflict,
		"Routing found no active support agent to assign the ticket to.")
	// ErrWhatsAppWindowClosed: a free-form reply to a WhatsApp user whose window is closed.
	ErrWhatsAppWindowClosed = apperr.Define("whatsapp_window_closed", apperr.Invalid,
		"The WhatsApp user last wrote to the support number more than 24 hours ago (their customer-service window is closed), so a free-form reply cannot reach them: send the reply as an approved template with \"whatsapp_template\".")
	// ErrNotWhatsAppTicket: a WhatsApp action on a ticket that did not come from WhatsApp.
	ErrNotWhatsAppTicket = apperr.Define("not_whatsapp_ticket", apperr.Conflict,
		"The ticket did not come from the support desk's WhatsApp number, so it has no WhatsApp conversation to send templates to.")
	// ErrPolicyVersionTaken: two policy versions were saved at once.
	ErrPolicyVersionTaken = apperr.Define("policy_version_taken", apperr.Conflict,
		"Another SLA policy version was saved at the same moment; reload the policies and save again.")
)
