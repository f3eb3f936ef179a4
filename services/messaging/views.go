package messaging

import (
	"context"
	"fmt"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/channel"
	"github.com/partnerhub/partnerhub/ent/message"
	"github.com/partnerhub/partnerhub/ent/messagingcontact"
	"github.com/partnerhub/partnerhub/ent/predicate"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/listquery"
	"github.com/partnerhub/partnerhub/services/scope"
	"github.com/partnerhub/partnerhub/services/users"
)

// MessageView is a message of a conversation as the hub shows it (the "Test messaging"
// panel, the simulator): what was sent or received, in words too, and where it stands.
type MessageView struct {
	ID        string         `json:"id" example:"wamid.HBgNNTUxMTg3NjU0MzIxFQIAERgSQUJDMTIzNDU2Nzg5MEFCQ0RFAA=="`
	Direction string         `json:"direction" enums:"outbound,inbound"`
	WAID      string         `json:"wa_id" example:"551187654321"`
	Type      string         `json:"type" example:"text"`
	Content   map[string]any `json:"content"`
	// Summary is the message in words: the text, a caption, "Template order_update (en_US)", "📍 Location" …
	Summary          string        `json:"summary" example:"Hi, is my order on its way?"`
	ContextMessageID *string       `json:"context_message_id,omitempty"`
	TemplateName     *string       `json:"template_name,omitempty"`
	TemplateLanguage *string       `json:"template_language,omitempty"`
	Category         *string       `json:"category,omitempty" enums:"marketing,utility,authentication,service"`
	Billable         bool          `json:"billable"`
	PricingType      string        `json:"pricing_type" example:"free_customer_service"`
	Status           string        `json:"status" enums:"sent,delivered,read,failed,received"`
	Error            *MessageError `json:"error,omitempty"`
	CreatedAt        time.Time     `json:"created_at"`
	StatusAt         time.Time     `json:"status_at"`
	DeliveredAt      *time.Time    `json:"delivered_at,omitempty"`
	ReadAt           *time.Time    `json:"read_at,omitempty"`
	// SentBy is the person who sent it from the hub (test panel, support reply).
	SentBy *users.Ref `json:"sent_by,omitempty"`
}

// MessageError is why a message failed: Meta's code, title and details.
type MessageError struct {
	Code    int    `json:"code" example:"131047"`
	Title   string `json:"title" example:"Re-engagement message"`
	Details string `json:"details"`
}

// ContactView is a conversation of a number: the WhatsApp user, their customer-service
// window and the last message.
type ContactView struct {
	WAID          string     `json:"wa_id" example:"551187654321"`
	ProfileName   string     `json:"profile_name" example:"Ana Souza"`
	LastMessageAt time.Time  `json:"last_message_at"`
	LastInboundAt *time.Time `json:"last_inbound_at,omitempty"`
	// WindowExpiresAt is when the customer-service window closes (24 hours after the
	// user last wrote); absent when it is closed.
	WindowExpiresAt *time.Time   `json:"window_expires_at,omitempty"`
	LastMessage     *MessageView `json:"last_message,omitempty"`
}

// MessageViewOf renders m; refs names the people of sent_by (users.Refs), nil for none.
func MessageViewOf(m *ent.Message, refs map[string]users.Ref) MessageView {
	v := MessageView{ID: m.ID, Direction: string(m.Direction), WAID: m.WaID, Type: m.Type, Content: m.Content,
		Summary: summaryOf(m), ContextMessageID: m.ContextMessageID, TemplateName: m.TemplateName, TemplateLanguage: m.TemplateLanguage,
		Billable: m.Billable, PricingType: m.PricingType, Status: string(m.Status), CreatedAt: m.CreatedAt.UTC(),
		StatusAt: m.StatusAt.UTC(), DeliveredAt: utcOf(m.DeliveredAt), ReadAt: utcOf(m.ReadAt), SentBy: users.RefOf(refs, m.SentBy)}
	if v.Content == nil {
		v.Content = map[string]any{}
	}
	if m.Category != nil {
		c := string(*m.Category)
		v.Category = &c
	}
	if m.Status == message.StatusFailed {
		v.Error = &MessageError{Title: m.ErrorTitle, Details: m.ErrorDetails}
		if m.ErrorCode != nil {
			v.Error.Code = *m.ErrorCode
		}
	}
	return v
}

// ContactViewOf renders c at now, with its last message when known.
func ContactViewOf(c *ent.MessagingContact, last *MessageView, now time.Time) ContactView {
	v := ContactView{WAID: c.WaID, ProfileName: c.ProfileName, LastMessageAt: c.LastMessageAt.UTC(),
		LastInboundAt: utcOf(c.LastInboundAt), LastMessage: last}
	if c.LastInboundAt != nil {
		if end := c.LastInboundAt.Add(Window).UTC(); end.After(now) {
			v.WindowExpiresAt = &end
		}
	}
	return v
}

// summaryOf says what m is in words.
func summaryOf(m *ent.Message) string {
	c := m.Content
	text := func(v any) string { s, _ := v.(string); return s }
	switch m.Type {
	case "text":
		return cutRunes(text(c["body"]), 200)
	case "template":
		name, lang := "", ""
		if m.TemplateName != nil {
			name = *m.TemplateName
		}
		if m.TemplateLanguage != nil {
			lang = *m.TemplateLanguage
		}
		if name == "" {
			name = text(c["name"])
		}
		return fmt.Sprintf("Template %s (%s)", name, lang)
	case "image", "video", "document", "audio", "sticker":
		if s := text(c["caption"]); s != "" {
			return cutRunes(s, 200)
		}
		if s := text(c["filename"]); s != "" && m.Type == "document" {
			return "📄 " + s
		}
		return map[string]string{"image": "📷 Photo", "video": "🎥 Video", "document": "📄 Document", "audio": "🎵 Audio", "sticker": "Sticker"}[m.Type]
	case "location":
		if s := text(c["name"]); s != "" {
			return "📍 " + s
		}
		return "📍 Location"
	case "contacts":
		if cs, ok := c["contacts"].([]any); ok && len(cs) > 0 {
			if card, ok := cs[0].(map[string]any); ok {
				if n, ok := card["name"].(map[string]any); ok && text(n["formatted_name"]) != "" {
					return "👤 " + text(n["formatted_name"])
				}
			}
		}
		return "👤 Contact"
	case "button":
		return text(c["text"])
	case "interactive":
		for _, k := range []string{"button_reply", "list_reply"} {
			if r, ok := c[k].(map[string]any); ok {
				return text(r["title"])
			}
		}
		if b, ok := c["body"].(map[string]any); ok {
			return cutRunes(text(b["text"]), 200)
		}
		return "Interactive message"
	case "reaction":
		if e := text(c["emoji"]); e != "" {
			return "Reacted " + e
		}
		return "Removed a reaction"
	}
	return m.Type
}

func utcOf(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// ConversationListSpec is what the conversation list sorts and filters on.
var ConversationListSpec = listquery.Spec{
	Sortable: map[string]listquery.Field{"last_message_at": {Column: messagingcontact.FieldLastMessageAt},
		"last_inbound_at": {Column: messagingcontact.FieldLastInboundAt}, "profile_name": {Column: messagingcontact.FieldProfileName}},
	Filterable:  map[string]listquery.Field{"wa_id": {Column: messagingcontact.FieldWaID}, "profile_name": {Column: messagingcontact.FieldProfileName}},
	DefaultSort: "-last_message_at",
}

// MessageListSpec is what a conversation's message list sorts and filters on.
var MessageListSpec = listquery.Spec{
	Sortable: map[string]listquery.Field{"created_at": {Column: message.FieldCreatedAt}, "status_at": {Column: message.FieldStatusAt}},
	Filterable: map[string]listquery.Field{"status": {Column: message.FieldStatus}, "direction": {Column: message.FieldDirection},
		"type": {Column: message.FieldType}},
	DefaultSort: "created_at",
}

// checkChannel answers not_found unless the viewer sees channelID within sc.
func (s *Service) checkChannel(ctx context.Context, sc scope.Scope, channelID string) error {
	where := []predicate.Channel{channel.ID(channelID)}
	if sc.PartnerID != "" {
		where = append(where, channel.PartnerID(sc.PartnerID))
	}
	if sc.ClientID != "" {
		where = append(where, channel.ClientID(sc.ClientID))
	}
	ok, err := s.db.Channel.Query().Where(where...).Exist(ctx)
	if err != nil {
		return apperr.From(err)
	}
	if !ok {
		return apperr.NotFoundf("Channel not found.")
	}
	return nil
}

// ListConversations returns a page of channelID's conversations (one per WhatsApp user,
// newest first by default) with each one's last message, and the total; a channel the
// viewer cannot see within sc is a 404.
//
// Errors: not_found, invalid_list_query.
func (s *Service) ListConversations(ctx context.Context, sc scope.Scope, channelID string, q *listquery.Query) ([]ContactView, int, error) {
	if err := s.checkChannel(ctx, sc, channelID); err != nil {
		return nil, 0, err
	}
	items, total, err := listquery.Page(ctx, s.db.MessagingContact.Query().Where(messagingcontact.ChannelID(channelID)), q)
	if err != nil {
		return nil, 0, err
	}
	last, err := s.lastMessages(ctx, channelID, items)
	if err != nil {
		return nil, 0, apperr.From(err)
	}
	now := s.clock.Now()
	out := make([]ContactView, len(items))
	for i, c := range items {
		out[i] = ContactViewOf(c, last[c.WaID], now)
	}
	return out, total, nil
}

// lastMessages reads the last message of each contact: the message at its
// last_message_at, for the whole page in one query (one more per contact whose last
// message was not found that way).
func (s *Service) lastMessages(ctx context.Context, channelID string, cs []*ent.MessagingContact) (map[string]*MessageView, error) {
	out := map[string]*MessageView{}
	if len(cs) == 0 {
		return out, nil
	}
	waIDs := make([]string, len(cs))
	instants := make([]time.Time, 0, len(cs))
	for i, c := range cs {
		waIDs[i] = c.WaID
		instants = append(instants, c.LastMessageAt)
	}
	ms, err := s.db.Message.Query().Where(message.ChannelID(channelID), message.WaIDIn(waIDs...), message.CreatedAtIn(instants...)).All(ctx)
	if err != nil {
		return nil, err
	}
	found := map[string]*ent.Message{}
	for _, m := range ms {
		if prev := found[m.WaID]; prev == nil || m.CreatedAt.After(prev.CreatedAt) || (m.CreatedAt.Equal(prev.CreatedAt) && m.ID > prev.ID) {
			found[m.WaID] = m
		}
	}
	for _, c := range cs {
		if found[c.WaID] != nil {
			continue
		}
		m, err := s.db.Message.Query().Where(message.ChannelID(channelID), message.WaID(c.WaID)).
			Order(ent.Desc(message.FieldCreatedAt), ent.Desc(message.FieldID)).First(ctx)
		if ent.IsNotFound(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		found[c.WaID] = m
	}
	refs, err := refsOf(ctx, s.db, found)
	if err != nil {
		return nil, err
	}
	for k, m := range found {
		v := MessageViewOf(m, refs)
		out[k] = &v
	}
	return out, nil
}

// ListMessages returns a page of the conversation of channelID with waID (oldest first
// by default) and the total; a channel the viewer cannot see within sc is a 404.
//
// Errors: not_found, invalid_list_query.
func (s *Service) ListMessages(ctx context.Context, sc scope.Scope, channelID, waID string, q *listquery.Query) ([]MessageView, int, error) {
	if err := s.checkChannel(ctx, sc, channelID); err != nil {
		return nil, 0, err
	}
	items, total, err := listquery.Page(ctx, s.db.Message.Query().Where(message.ChannelID(channelID), message.WaID(waID)), q)
	if err != nil {
		return nil, 0, err
	}
	byID := make(map[string]*ent.Message, len(items))
	for _, m := range items {
		byID[m.ID] = m
	}
	refs, err := refsOf(ctx, s.db, byID)
	if err != nil {
		return nil, 0, apperr.From(err)
	}
	out := make([]MessageView, len(items))
	for i, m := range items {
		out[i] = MessageViewOf(m, refs)
	}
	return out, total, nil
}

// refsOf names the senders of ms in one query.
func refsOf(ctx context.Context, db *ent.Client, ms map[string]*ent.Message) (map[string]users.Ref, error) {
	seen := map[string]bool{}
	var ids []string
	for _, m := range ms {
		if m.SentBy != nil && !seen[*m.SentBy] {
			seen[*m.SentBy] = true
			ids = append(ids, *m.SentBy)
		}
	}
	return users.Refs(ctx, db, ids...)
}
