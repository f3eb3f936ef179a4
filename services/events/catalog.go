package events

// Kind names the shape of an event's data.
type Kind string

// The shapes of event data.
const (
	KindChannel   Kind = "channel"                // data is the channel, as the Partner API shows it
	KindClient    Kind = "client"                 // data is {"client": {id, name, contact_info}}
	KindChanges   Kind = "changes"                // data is {"id", "changes": {field: new value}}
	KindWABA      Kind = "waba"                   // data is {"id", "number_limit"}
	KindTest      Kind = "test"                   // data is {"partner_id", "message"}
	KindKey       Kind = "api_key"                // data is {"id", "channel_id"?, "hint", …} — never the key itself
	KindPCR       Kind = "partner_change_request" // data is the partner change request
	KindMigration Kind = "migration"              // data is the number migration
	KindTicket    Kind = "ticket"                 // data is {"ticket": {…}, "metric"?, "cycle"?, "due_at"?}
	KindTemplate  Kind = "waba_template"          // data is the template, as the Partner API shows it
	KindMessaging Kind = "messaging"              // data is Meta's webhook envelope {"object", "entry"}, POSTed as it is to the channel's webhook URL
)

// Info describes one partner event.
type Info struct {
	Name        string `json:"name" example:"channel_running"`
	Origin      string `json:"origin" enums:"360dialog,partnerhub"`
	Kind        Kind   `json:"data" enums:"channel,client,changes,waba,test,api_key,partner_change_request,migration,ticket,waba_template,messaging"`
	Description string `json:"description"`
}

// Catalog lists every event PartnerHub sends to partner webhooks, and (kind messaging)
// the Messaging API's events, which go to the channel's webhook URL in Meta's envelope
// instead, never to the partner's. 360dialog's partner event names are kept exactly;
// PartnerHub's own are namespaced with a dot.
var Catalog = []Info{
	{ClientCreated, "360dialog", KindClient, "A new client was created under the partner."},
	{ChannelCreated, "360dialog", KindChannel, "A new number was registered; the first event of its life."},
	{ChannelSubmitted, "360dialog", KindChannel, "The number was submitted to Meta."},
	{ChannelReady, "360dialog", KindChannel, "The number is ready to be registered."},
	{ChannelRunning, "360dialog", KindChannel, "The number runs; the usual moment to generate an API key."},
	{ChannelLive, "360dialog", KindChannel, "The number went live (account_mode live)."},
	{CancellationRequest, "360dialog", KindChannel, "Cancellation was requested: pending_deletion until the end of the month."},
	{CancellationRevoke, "360dialog", KindChannel, "A cancellation was withdrawn before the month ended."},
	{CancellationProcessed, "360dialog", KindChannel, "The cancellation took effect: the number is terminated."},
	{ChannelUpdated, "partnerhub", KindChannel, "Profile, display name, webhook, local storage, WABA, hosting, quality, limit or health of a number changed."},
	{ClientUpdated, "partnerhub", KindChanges, "partner_payload or max_channels of a client changed."},
	{PartnerUpdated, "partnerhub", KindChanges, "The partner's settings changed."},
	{WABALimitRaised, "partnerhub", KindWABA, "An operator raised a WABA's number limit."},
	{WebhookTest, "partnerhub", KindTest, "Sent only by the test button; never part of normal traffic."},
	{PartnerChangeCreated, "partnerhub", KindPCR, "A client asked to move numbers to another partner (sent to both partners)."},
	{PartnerChangeApproved, "partnerhub", KindPCR, "The destination partner approved; the move is queued (pending)."},
	{PartnerChangeRejected, "partnerhub", KindPCR, "The destination partner rejected the request, with a reason."},
	{PartnerChangeCancelled, "partnerhub", KindPCR, "The client cancelled the request before it was approved."},
	{PartnerChangeCompleted, "partnerhub", KindPCR, "The numbers moved: keys revoked, webhooks cleared, permissions reset."},
	{PartnerChangeFailed, "partnerhub", KindPCR, "The move could not run; nothing moved; reason given."},
	{MigrationCreated, "partnerhub", KindMigration, "A number migration into the hub was started."},
	{MigrationOTPRequested, "partnerhub", KindMigration, "A verification code was sent to the migrating number."},
	{MigrationCompleted, "partnerhub", KindMigration, "The number was migrated; display name, quality, limit and approved templates carried over."},
	{MigrationFailed, "partnerhub", KindMigration, "The migration failed (for example five wrong codes); reason given."},
	{MigrationCancelled, "partnerhub", KindMigration, "The migration was cancelled before completion."},
	{MigrationExpired, "partnerhub", KindMigration, "The migration was not finished in time."},
	{TicketCreated, "partnerhub", KindTicket, "A support ticket was opened for one of the partner's clients or the partner."},
	{TicketReplied, "partnerhub", KindTicket, "Support answered a ticket publicly."},
	{TicketEscalated, "partnerhub", KindTicket, "The requester escalated a ticket."},
	{TicketResolved, "partnerhub", KindTicket, "A ticket was resolved."},
	{TicketReopened, "partnerhub", KindTicket, "A resolved ticket was reopened: a new resolution cycle starts."},
	{TicketSLAWarning, "partnerhub", KindTicket, "An SLA timer reached its warning threshold (once per ticket, metric, cycle)."},
	{TicketSLABreached, "partnerhub", KindTicket, "An SLA timer passed its due instant unmet (once per ticket, metric, cycle)."},
	{TemplateStatusChanged, "360dialog", KindTemplate, "A message template's status changed: submitted (created or edited), approved, rejected (with the reason), paused, disabled or deleted."},
	{TemplateQualityChanged, "360dialog", KindTemplate, "A message template's quality score changed (GREEN, YELLOW, RED or UNKNOWN)."},
	{MessageStatus, "partnerhub", KindMessaging, "A sent message's status changed (sent, delivered, read or failed): Meta's statuses webhook, POSTed to the channel's webhook URL with its custom headers, never to the partner webhook."},
	{MessageReceived, "partnerhub", KindMessaging, "A WhatsApp user wrote to the number: Meta's messages webhook (contacts and messages), POSTed to the channel's webhook URL with its custom headers, never to the partner webhook."},
}
