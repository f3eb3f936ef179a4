package messaging

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/message"
	"github.com/partnerhub/partnerhub/services/events"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// This file builds the Cloud API's webhooks — Meta's envelope around a statuses or a
// messages change — and writes them to the outbox for the channel's webhook URL. The
// envelope is the event's data exactly; the dispatcher POSTs it as it is.

// unixString is how Meta writes instants in webhooks: UNIX seconds as a string.
func unixString(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) }

// phoneDigits is a number as Meta's metadata.display_phone_number shows it: digits only.
func phoneDigits(e164 string) string { return strings.TrimPrefix(e164, "+") }

// webhookEntryID is the entry id of ch's webhooks: its WABA's id at Meta when known,
// else the hub's WABA id.
func webhookEntryID(ch *ent.Channel) string {
	if w := ch.Edges.Waba; w != nil && w.ExternalID != nil && *w.ExternalID != "" {
		return *w.ExternalID
	}
	return ch.WabaID
}

// webhookEnvelope wraps one change value of ch in Meta's envelope:
// {"object","entry":[{"id","changes":[{"field":"messages","value":{…}}]}]}.
func webhookEnvelope(ch *ent.Channel, value map[string]any) map[string]any {
	value["messaging_product"] = "whatsapp"
	value["metadata"] = map[string]any{"display_phone_number": phoneDigits(ch.PhoneNumber), "phone_number_id": ch.ID}
	return map[string]any{
		"object": "whatsapp_business_account",
		"entry": []any{map[string]any{
			"id":      webhookEntryID(ch),
			"changes": []any{map[string]any{"field": "messages", "value": value}},
		}},
	}
}

// statusObject is one entry of a statuses webhook for m's current status. Failed statuses
// carry the error and no pricing; the conversation's expiry is in the sent status only,
// as Meta sends it.
func statusObject(m *ent.Message) map[string]any {
	st := map[string]any{
		"id":           m.ID,
		"status":       string(m.Status),
		"timestamp":    unixString(m.StatusAt),
		"recipient_id": m.WaID,
	}
	if m.BizOpaqueCallbackData != "" {
		st["biz_opaque_callback_data"] = m.BizOpaqueCallbackData
	}
	if m.Status == message.StatusFailed {
		code := 0
		if m.ErrorCode != nil {
			code = *m.ErrorCode
		}
		st["errors"] = []any{map[string]any{
			"code": code, "title": m.ErrorTitle, "message": m.ErrorTitle,
			"error_data": map[string]any{"details": m.ErrorDetails},
		}}
		return st
	}
	if m.Category == nil {
		return st
	}
	category := string(*m.Category)
	if m.ConversationID != "" {
		conv := map[string]any{"id": m.ConversationID, "origin": map[string]any{"type": category}}
		if m.Status == message.StatusSent && m.ConversationExpiresAt != nil {
			conv["expiration_timestamp"] = unixString(*m.ConversationExpiresAt)
		}
		st["conversation"] = conv
	}
	pricingType := m.PricingType
	if pricingType == "" {
		pricingType = "regular"
		if !m.Billable {
			pricingType = "free_customer_service"
		}
	}
	st["pricing"] = map[string]any{"billable": m.Billable, "pricing_model": "PMP", "category": category, "type": pricingType}
	return st
}

// StatusEnvelope is the statuses webhook of m's current status, as the channel's webhook
// URL receives it (Meta's envelope). ch should carry its WABA (WithWaba) for the entry id.
func StatusEnvelope(ch *ent.Channel, m *ent.Message) map[string]any {
	return webhookEnvelope(ch, map[string]any{"statuses": []any{statusObject(m)}})
}

// inboundObject is the messages[] entry of an inbound message: from, id, timestamp, type
// and the type's object (contacts messages carry their array under "contacts").
func inboundObject(ch *ent.Channel, m *ent.Message) map[string]any {
	obj := map[string]any{"from": m.WaID, "id": m.ID, "timestamp": unixString(m.CreatedAt), "type": m.Type}
	if m.ContextMessageID != nil {
		obj["context"] = map[string]any{"from": phoneDigits(ch.PhoneNumber), "id": *m.ContextMessageID}
	}
	if m.Type == "contacts" {
		obj["contacts"] = m.Content["contacts"]
	} else {
		obj[m.Type] = m.Content
	}
	return obj
}

// InboundEnvelope is the messages webhook of inbound message m from a user showing
// profileName: contacts[{profile{name}, wa_id}] and messages[…] in Meta's envelope.
func InboundEnvelope(ch *ent.Channel, m *ent.Message, profileName string) map[string]any {
	return webhookEnvelope(ch, map[string]any{
		"contacts": []any{map[string]any{"profile": map[string]any{"name": profileName}, "wa_id": m.WaID}},
		"messages": []any{inboundObject(ch, m)},
	})
}

// statusEvent is the outbox entry of m's current status for ch's webhook.
func statusEvent(ch *ent.Channel, m *ent.Message) events.ChannelEvent {
	clientID := m.ClientID
	return events.ChannelEvent{
		Event: events.Event{Name: events.MessageStatus, PartnerID: m.PartnerID, ClientID: &clientID,
			ObjectType: "message", ObjectID: m.ID, Data: StatusEnvelope(ch, m), At: m.StatusAt},
		ChannelID: ch.ID, WebhookURL: ch.WebhookURL,
	}
}

// withWABA loads ch's WABA into ch.Edges when the caller did not (its Meta id is the
// envelope's entry id): one query, once per channel object.
func withWABA(ctx context.Context, tx *ent.Client, ch *ent.Channel) error {
	if ch.Edges.Waba != nil {
		return nil
	}
	// The channel is already the caller's; its WABA is read only for the webhook's entry id.
	w, err := tx.WABA.Get(tenancy.AsSystem(ctx, tenancy.Bookkeeping), ch.WabaID)
	if err != nil {
		return err
	}
	ch.Edges.Waba = w
	return nil
}

// emitStatus writes, with tx (the transaction that set m's status), the statuses webhook
// of m's current status — sent, delivered, read or failed — for ch's webhook URL. Load ch
// WithWaba to spare a query.
func (s *Service) emitStatus(ctx context.Context, tx *ent.Client, ch *ent.Channel, m *ent.Message) error {
	if err := withWABA(ctx, tx, ch); err != nil {
		return err
	}
	e := statusEvent(ch, m)
	return events.EmitToChannel(ctx, tx, e.Event, e.ChannelID, e.WebhookURL)
}

// emitInbound writes, with tx (the transaction that stored m), the messages webhook of
// inbound message m for ch's webhook URL.
func (s *Service) emitInbound(ctx context.Context, tx *ent.Client, ch *ent.Channel, m *ent.Message, profileName string) error {
	if err := withWABA(ctx, tx, ch); err != nil {
		return err
	}
	clientID := m.ClientID
	return events.EmitToChannel(ctx, tx, events.Event{Name: events.MessageReceived, PartnerID: m.PartnerID, ClientID: &clientID,
		ObjectType: "message", ObjectID: m.ID, Data: InboundEnvelope(ch, m, profileName), At: m.CreatedAt}, ch.ID, ch.WebhookURL)
}
