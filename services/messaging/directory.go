package messaging

import (
	"context"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/channel"
	"github.com/partnerhub/partnerhub/ent/clientaccount"
	"github.com/partnerhub/partnerhub/ent/message"
	"github.com/partnerhub/partnerhub/ent/messagingcontact"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/listquery"
	"github.com/partnerhub/partnerhub/services/scope"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// The hub's own messaging screens: the "Test messaging" panel of a number (sending as the
// signed-in person) and the operator's simulator console (a simulated user's
// conversations across channels, messages waiting for a user who is reachable again).

// SendTest sends r from channel channelID (within the path's scope sc) as the signed-in
// person, as the "Test messaging" panel does: the same rules and answer as the Messaging
// API's send, the message marked as sent by the person. Support agents only read.
//
// Errors: forbidden, not_found, whatsapp_invalid_parameter, whatsapp_parameter_missing,
// whatsapp_parameter_invalid, whatsapp_unsupported_message_type,
// whatsapp_number_not_registered, whatsapp_recipient_not_allowed, whatsapp_sandbox_limit,
// whatsapp_template_not_found, whatsapp_template_paused, whatsapp_template_disabled,
// whatsapp_template_parameter_count, whatsapp_template_parameter_format,
// whatsapp_rate_limit, whatsapp_pair_rate_limit, internal.
func (s *Service) SendTest(ctx context.Context, sc scope.Scope, channelID string, r Request) (*Answer, error) {
	v := tenancy.FromContext(ctx)
	if v == nil || v.Role == tenancy.SupportAgent || v.IsSystem() {
		return nil, apperr.ErrForbidden.New("Your role may not send messages from numbers.")
	}
	if err := s.checkChannel(ctx, sc, channelID); err != nil {
		return nil, err
	}
	return s.Send(ctx, Sender{ChannelID: channelID, UserID: v.UserID}, r)
}

// ResumeFor moves on the messages waiting for the WhatsApp user waID — sent while the
// user was unreachable, on any channel — so the progression delivers them at its next
// pass. The simulator calls it when an operator makes a user reachable again
// (provider.Simulator.OnReachable).
func (s *Service) ResumeFor(ctx context.Context, waID string) error {
	// The directory changed for one WhatsApp user: the messages of every channel waiting
	// for that user move on, whoever sent them.
	sys := tenancy.AsSystem(ctx, tenancy.BackgroundJob)
	now := s.clock.Now()
	_, err := s.db.Message.Update().
		Where(message.WaID(waID), message.DirectionEQ(message.DirectionOutbound), message.StatusEQ(message.StatusSent),
			message.Or(message.NextStatusAtIsNil(), message.NextStatusAtGT(now))).
		SetNextStatusAt(now).Save(sys)
	return err
}

// UserConversation is one conversation of a simulated WhatsApp user with a number, as the
// simulator console lists them across channels: the conversation and whose number it is.
type UserConversation struct {
	ContactView
	ChannelID          string `json:"channel_id" example:"01JD8Y3M7W2Q5ZKX9R4T6VBNCDCH"`
	ChannelPhoneNumber string `json:"channel_phone_number" example:"+4930577140819"`
	PartnerID          string `json:"partner_id"`
	ClientID           string `json:"client_id"`
	ClientName         string `json:"client_name" example:"Bakery Schmidt"`
}

// UserConversationListSpec is what a simulated user's conversation list sorts and
// filters on.
var UserConversationListSpec = listquery.Spec{
	Sortable: map[string]listquery.Field{"last_message_at": {Column: messagingcontact.FieldLastMessageAt},
		"last_inbound_at": {Column: messagingcontact.FieldLastInboundAt}},
	Filterable:  map[string]listquery.Field{"channel_id": {Column: messagingcontact.FieldChannelID}},
	DefaultSort: "-last_message_at",
}

// ConversationsOfUser returns a page of the conversations the simulated user userID (of
// the simulator's directory) has with any number, newest first by default, each with its
// last message and the number's client; and the total. Operators only: the directory and
// other tenants' conversations are platform data.
//
// Errors: not_found.
func (s *Service) ConversationsOfUser(ctx context.Context, userID string, q *listquery.Query) ([]UserConversation, int, error) {
	u, err := s.db.SimulatedUser.Get(ctx, userID)
	if err != nil {
		return nil, 0, apperr.From(err)
	}
	items, total, err := listquery.Page(ctx, s.db.MessagingContact.Query().Where(messagingcontact.WaID(u.WaID)), q)
	if err != nil {
		return nil, 0, err
	}
	byChannel := map[string][]*ent.MessagingContact{}
	var channelIDs, clientIDs []string
	for _, c := range items {
		if byChannel[c.ChannelID] == nil {
			channelIDs = append(channelIDs, c.ChannelID)
			clientIDs = append(clientIDs, c.ClientID)
		}
		byChannel[c.ChannelID] = append(byChannel[c.ChannelID], c)
	}
	last := map[string]*MessageView{} // by channel: one contact per channel here
	for id, cs := range byChannel {
		m, err := s.lastMessages(ctx, id, cs)
		if err != nil {
			return nil, 0, apperr.From(err)
		}
		last[id] = m[u.WaID]
	}
	chs, err := s.db.Channel.Query().Where(channel.IDIn(channelIDs...)).Select(channel.FieldID, channel.FieldPhoneNumber).All(ctx)
	if err != nil {
		return nil, 0, apperr.From(err)
	}
	phones := map[string]string{}
	for _, ch := range chs {
		phones[ch.ID] = ch.PhoneNumber
	}
	cls, err := s.db.ClientAccount.Query().Where(clientaccount.IDIn(clientIDs...)).Select(clientaccount.FieldID, clientaccount.FieldName).All(ctx)
	if err != nil {
		return nil, 0, apperr.From(err)
	}
	names := map[string]string{}
	for _, c := range cls {
		names[c.ID] = c.Name
	}
	now := s.clock.Now()
	out := make([]UserConversation, len(items))
	for i, c := range items {
		out[i] = UserConversation{ContactView: ContactViewOf(c, last[c.ChannelID], now), ChannelID: c.ChannelID,
			ChannelPhoneNumber: phones[c.ChannelID], PartnerID: c.PartnerID, ClientID: c.ClientID, ClientName: names[c.ClientID]}
	}
	return out, total, nil
}
