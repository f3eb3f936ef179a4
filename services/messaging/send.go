package messaging

import (
	"context"
	"fmt"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/channel"
	"github.com/partnerhub/partnerhub/ent/message"
	"github.com/partnerhub/partnerhub/ent/messagingcontact"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/provider"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// Send sends one message as the Cloud API does (docs/MESSAGING.md, "Sending"): the body is
// checked (Meta's codes 100, 131008, 131009, 131051), the number must be running (133010),
// a sandbox key may reach only its owner (131030) and send SandboxMessageLimit messages
// (131048), a template must be approved and filled as it asks (132001, 132015, 132016,
// 132000, 132012), and the number's throughput (130429) and the pair rate (131056) must
// allow one more. Those refusals are *MetaError values. An accepted message is stored and
// announced with its first status in one transaction: sent, or failed when it cannot go
// out — free-form outside the customer-service window (131047), a new conversation
// beyond the messaging limit (131048), a recipient not on WhatsApp or blocking the number
// (131026) — and the answer is Meta's (contacts with the wa_id, the message's wamid).
// The mark-as-read form ({"status":"read","message_id"}) is MarkRead's; Send applies it
// and answers an empty Answer.
//
// A channel key's sender reaches its channel as the system (the verified key names it);
// a person's sender must see the channel.
//
// Errors: whatsapp_invalid_parameter, whatsapp_parameter_missing, whatsapp_parameter_invalid,
// whatsapp_unsupported_message_type, whatsapp_number_not_registered,
// whatsapp_recipient_not_allowed, whatsapp_sandbox_limit, whatsapp_template_not_found,
// whatsapp_template_paused, whatsapp_template_disabled, whatsapp_template_parameter_count,
// whatsapp_template_parameter_format, whatsapp_rate_limit, whatsapp_pair_rate_limit,
// not_found, internal.
func (s *Service) Send(ctx context.Context, from Sender, r Request) (*Answer, error) {
	if r.Status != "" {
		if _, err := s.MarkRead(ctx, from, r); err != nil {
			return nil, err
		}
		return &Answer{MessagingProduct: "whatsapp", Contacts: []AnswerContact{}, Messages: []AnswerMessage{}}, nil
	}
	out, err := checkRequest(&r)
	if err != nil {
		return nil, err
	}
	sys, ch, err := s.channelOf(ctx, from)
	if err != nil {
		return nil, err
	}
	if err := s.checkMediaIDs(sys, ch.ID, out.media); err != nil {
		return nil, err
	}
	var tm *ent.WABATemplate
	if out.typ == "template" {
		if tm, err = templateOf(sys, s.db, ch, r.Template); err != nil {
			return nil, fromError(err)
		}
		if err := checkTemplateParameters(tm, r.Template); err != nil {
			return nil, err
		}
	}
	// The Meta side is asked outside the transaction: it is a remote call.
	u, err := s.wa.LookupUser(ctx, r.To)
	if err != nil {
		return nil, apperr.From(err)
	}
	waID := digits(u.WAID)
	if waID == "" {
		waID = digits(r.To)
	}
	var m *ent.Message
	err = storage.WithTx(sys, s.db, func(tx *ent.Tx) error {
		db := tx.Client()
		now := s.clock.Now()
		// The number's sends run one after the other (on PostgreSQL across instances), so
		// every count below sees every message sent before. Its WABA is the webhook's entry.
		ch, err = storage.LockRows(s.sql, db.Channel.Query().Where(channel.ID(ch.ID))).WithWaba().Only(sys)
		if err != nil {
			return err
		}
		if ch.Status != channel.StatusRunning {
			return notRunning(ch)
		}
		if err := checkSandbox(sys, db, from, waID); err != nil {
			return err
		}
		if err := s.checkThroughput(sys, db, ch.ID, now); err != nil {
			return err
		}
		if err := checkPair(sys, db, ch.ID, waID, now); err != nil {
			return err
		}
		m, err = s.store(sys, db, ch, from, &r, out, tm, u, waID, now)
		if err != nil {
			return err
		}
		return s.emitStatus(sys, db, ch, m)
	})
	if err != nil {
		return nil, fromError(err)
	}
	a := &Answer{MessagingProduct: "whatsapp", Contacts: []AnswerContact{{Input: r.To, WAID: waID}},
		Messages: []AnswerMessage{{ID: m.ID}}}
	if out.typ == "template" {
		a.Messages[0].MessageStatus = "accepted"
	}
	return a, nil
}

// channelOf reads the sender's channel and returns the context the send works in: a
// channel key's send acts as the system (the verified key names the channel); a
// person's must see the channel, then the messages and contacts it writes are rows no
// tenant writes directly.
func (s *Service) channelOf(ctx context.Context, from Sender) (context.Context, *ent.Channel, error) {
	var sys context.Context
	if from.KeyID != "" {
		sys = tenancy.AsSystem(ctx, tenancy.Credentials) // the verified key names the channel
	} else {
		if _, err := s.db.Channel.Query().Where(channel.ID(from.ChannelID)).OnlyID(ctx); err != nil {
			return nil, nil, apperr.From(err)
		}
		sys = tenancy.AsSystem(ctx, tenancy.Bookkeeping) // the templates, messages and contacts of a channel the person sees
	}
	ch, err := s.db.Channel.Query().Where(channel.ID(from.ChannelID)).Only(sys)
	if err != nil {
		return nil, nil, apperr.From(err)
	}
	if ch.Status != channel.StatusRunning {
		return nil, nil, notRunning(ch)
	}
	return sys, ch, nil
}

func notRunning(ch *ent.Channel) *MetaError {
	return NumberNotRegistered(fmt.Sprintf("The phone number %s is not registered on the WhatsApp Business Platform: it is %s, not running.", ch.PhoneNumber, ch.Status))
}

// checkMediaIDs checks the media a message sends by id: an upload of this channel, of a
// type the message may carry.
func (s *Service) checkMediaIDs(ctx context.Context, channelID string, uses []mediaUse) error {
	lookup := s.mediaLookup()
	for _, u := range uses {
		if lookup == nil {
			return invalid(u.field, "names no media uploaded for this number")
		}
		mime, ok, err := lookup(ctx, channelID, u.id)
		if err != nil {
			return apperr.From(err)
		}
		if !ok {
			return invalid(u.field, "names no media uploaded for this number (%s)", u.id)
		}
		if !mediaAllowed(u.kind, mime) {
			return invalid(u.field, "names a %s file, which a %s cannot carry", mime, u.kind)
		}
	}
	return nil
}

// store writes an accepted message and what it changes about the recipient: its first
// status (sent, or failed with why), its pricing and conversation, and the contact's
// last message, business-initiated conversation and open conversations.
func (s *Service) store(ctx context.Context, db *ent.Client, ch *ent.Channel, from Sender, r *Request, out *outgoing,
	tm *ent.WABATemplate, u provider.WhatsAppUser, waID string, now time.Time) (*ent.Message, error) {
	contact, err := db.MessagingContact.Query().Where(messagingcontact.ChannelID(ch.ID), messagingcontact.WaID(waID)).Only(ctx)
	if err != nil && !ent.IsNotFound(err) {
		return nil, err
	}
	var lastInbound, lastStarted *time.Time
	if contact != nil {
		lastInbound, lastStarted = contact.LastInboundAt, contact.LastBusinessInitiatedAt
	}
	open := windowOpen(lastInbound, now)
	category := message.CategoryService
	if tm != nil {
		category = pricingCategory(tm)
	}
	business := tm != nil && !open

	var fail *failure
	switch {
	case !u.OnWhatsApp || u.BlocksBusiness:
		fail = &failUndeliverable
	case tm == nil && !open:
		fail = &failReEngagement
	case business && !startedWithin(lastStarted, now):
		// A new business-initiated conversation counts for the messaging limit.
		room, limit, err := tierRoom(ctx, db, ch, now)
		if err != nil {
			return nil, err
		}
		if !room {
			f := failTier(ch.CurrentLimit, limit)
			fail = &f
		}
	}

	create := db.Message.Create().SetID(newWAMID()).SetPartnerID(ch.PartnerID).SetClientID(ch.ClientID).SetChannelID(ch.ID).
		SetDirection(message.DirectionOutbound).SetWaID(waID).SetRecipientInput(truncate(r.To, 64)).SetType(out.typ).
		SetContent(out.content).SetCategory(category).SetBusinessInitiated(business && fail == nil).
		SetCreatedAt(now).SetStatusAt(now)
	create.SetBizOpaqueCallbackData(r.BizOpaqueCallbackData)
	if r.Context != nil {
		create.SetContextMessageID(r.Context.MessageID)
	}
	if tm != nil {
		create.SetTemplateName(tm.Name).SetTemplateLanguage(tm.Language)
	}
	if from.KeyID != "" {
		create.SetKeyID(from.KeyID)
	}
	if from.UserID != "" {
		create.SetSentBy(from.UserID)
	}
	if from.TicketMessageID != "" {
		create.SetTicketMessageID(from.TicketMessageID)
	}
	upsert := db.MessagingContact.Create().SetChannelID(ch.ID).SetWaID(waID).SetPartnerID(ch.PartnerID).
		SetClientID(ch.ClientID).SetLastMessageAt(now).SetCreatedAt(now)
	update := db.MessagingContact.Update().Where(messagingcontact.ChannelID(ch.ID), messagingcontact.WaID(waID)).
		SetLastMessageAt(now)
	if fail != nil {
		create.SetStatus(message.StatusFailed).SetErrorCode(fail.Code).SetErrorTitle(fail.Title).
			SetErrorDetails(fail.Details).SetBillable(false)
	} else {
		billable, pricingType := pricing(category, open)
		conv, all := conversationFor(contact, category, now)
		create.SetStatus(message.StatusSent).SetBillable(billable).SetPricingType(pricingType).
			SetConversationID(conv.ID).SetConversationExpiresAt(time.Unix(conv.ExpiresAt, 0).UTC())
		if u.Reachable {
			create.SetNextStatusAt(now.Add(s.cfg.DeliverAfter))
		}
		upsert.SetConversations(all)
		update.SetConversations(all)
		if business {
			upsert.SetLastBusinessInitiatedAt(now)
			update.SetLastBusinessInitiatedAt(now)
		}
	}
	m, err := create.Save(ctx)
	if err != nil {
		return nil, err
	}
	if contact == nil {
		// An inbound message may create the contact at the same moment: then it is updated
		// below like any other.
		err = upsert.OnConflictColumns(messagingcontact.FieldChannelID, messagingcontact.FieldWaID).
			Update(func(c *ent.MessagingContactUpsert) { c.SetLastMessageAt(now) }).Exec(ctx)
		if err != nil {
			return nil, err
		}
	}
	return m, update.Exec(ctx)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
