package messaging

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"image/png"
	"log/slog"
	"math"
	"math/big"
	"slices"
	"strings"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/channel"
	"github.com/partnerhub/partnerhub/ent/media"
	"github.com/partnerhub/partnerhub/ent/message"
	"github.com/partnerhub/partnerhub/ent/messagingcontact"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/provider"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// InboundTypes are the message types a WhatsApp user can write to a number here.
var InboundTypes = []string{"text", "image", "document", "audio", "video", "sticker", "button", "interactive", "location", "contacts", "reaction"}

// InboundRequest is a message a WhatsApp user writes to a number: who writes (a phone
// number or WhatsApp id the directory knows), the profile name they show (else the
// directory's), the type and the type's object, as the messages webhook will carry it.
type InboundRequest struct {
	From string `json:"from" example:"+5511987654321"`
	Name string `json:"name,omitempty" example:"Ana Souza"`
	Type string `json:"type" example:"text" enums:"text,image,document,audio,video,sticker,button,interactive,location,contacts,reaction"`
	// Context makes the message a reply to one the number sent (its wamid).
	Context     *Context            `json:"context,omitempty"`
	Text        *InboundText        `json:"text,omitempty"`
	Image       *InboundMedia       `json:"image,omitempty"`
	Document    *InboundMedia       `json:"document,omitempty"`
	Audio       *InboundMedia       `json:"audio,omitempty"`
	Video       *InboundMedia       `json:"video,omitempty"`
	Sticker     *InboundMedia       `json:"sticker,omitempty"`
	Button      *InboundButton      `json:"button,omitempty"`
	Interactive *InboundInteractive `json:"interactive,omitempty"`
	Location    *Location           `json:"location,omitempty"`
	Contacts    []ContactCard       `json:"contacts,omitempty"`
	Reaction    *Reaction           `json:"reaction,omitempty"`
}

// InboundText is a text the user writes.
type InboundText struct {
	Body string `json:"body" example:"Hi, is my order on its way?"`
}

// InboundMedia is a file the user sends: an uploaded media of the number by media_id, or
// — without one — a small placeholder file the simulator makes.
type InboundMedia struct {
	MediaID  string `json:"media_id,omitempty" example:"1037543291543636"`
	Caption  string `json:"caption,omitempty"`
	Filename string `json:"filename,omitempty"` // documents
}

// InboundButton is a tap on a template's quick-reply button: its payload and its text.
type InboundButton struct {
	Payload string `json:"payload" example:"track-order"`
	Text    string `json:"text" example:"Track"`
}

// InboundInteractive is the user's answer to an interactive message: a reply button or a
// list row.
type InboundInteractive struct {
	Type        string            `json:"type" enums:"button_reply,list_reply"`
	ButtonReply *ReplyTitle       `json:"button_reply,omitempty"`
	ListReply   *InboundListReply `json:"list_reply,omitempty"`
}

// InboundListReply is the list row the user chose.
type InboundListReply struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
}

// mediaRetention is how long a media file is kept (Meta's media ids expire after 30 days).
const mediaRetention = 30 * 24 * time.Hour

// Receive takes a message a WhatsApp user writes to channelID (the simulator's "write as
// this user"): it stores it (received), opens the user's customer-service window
// (the contact's last inbound instant, and the profile name), and writes the messages
// webhook (contacts with the profile, messages with the message) in one transaction;
// after commit the inbound hooks run (support desk, sandbox). Media come from an upload
// of the number by media_id, or are a placeholder file stored for the message.
//
// Errors: validation_failed, not_found, invalid_state.
func (s *Service) Receive(ctx context.Context, channelID string, in InboundRequest) (MessageView, error) {
	if details := checkInbound(&in); len(details) > 0 {
		return MessageView{}, apperr.Validation(details...)
	}
	// The simulator plays the WhatsApp user, who writes to any tenant's number: a
	// background job (the simulator) writing that number's message, contact and webhook.
	sys := tenancy.AsSystem(ctx, tenancy.BackgroundJob)
	ch, err := s.db.Channel.Query().Where(channel.ID(channelID)).WithWaba().Only(sys)
	if err != nil {
		return MessageView{}, apperr.From(err)
	}
	if ch.Status != channel.StatusRunning {
		return MessageView{}, apperr.ErrInvalidState.New(fmt.Sprintf("The number is %s: only running numbers receive messages.", ch.Status))
	}
	// The Meta side is asked outside the transaction: it is a remote call.
	u, err := s.wa.LookupUser(ctx, in.From)
	if err != nil {
		return MessageView{}, apperr.From(err)
	}
	if !u.OnWhatsApp {
		return MessageView{}, apperr.Validation("from: " + in.From + " is not on WhatsApp")
	}
	waID := digits(u.WAID)
	if waID == "" {
		waID = digits(in.From)
	}
	// The name the user shows: as given, else the directory's, else the one the contact
	// already has (read in the transaction), else WhatsApp's placeholder.
	name := strings.TrimSpace(in.Name)
	if name == "" && u.Name != provider.UnknownUserName {
		name = u.Name
	}
	name = cutRunes(name, 256)
	var m *ent.Message
	err = storage.WithTx(sys, s.db, func(tx *ent.Tx) error {
		db := tx.Client()
		now := s.clock.Now()
		content, err := s.inboundContent(sys, db, ch, &in, now)
		if err != nil {
			return err
		}
		if name == "" {
			known, err := db.MessagingContact.Query().Where(messagingcontact.ChannelID(ch.ID), messagingcontact.WaID(waID)).
				Select(messagingcontact.FieldProfileName).Strings(sys)
			if err != nil {
				return err
			}
			if name = provider.UnknownUserName; len(known) == 1 && known[0] != "" {
				name = known[0]
			}
		}
		create := db.Message.Create().SetID(newWAMID()).SetPartnerID(ch.PartnerID).SetClientID(ch.ClientID).SetChannelID(ch.ID).
			SetDirection(message.DirectionInbound).SetWaID(waID).SetType(in.Type).SetContent(content).
			SetStatus(message.StatusReceived).SetCreatedAt(now).SetStatusAt(now)
		if in.Context != nil {
			ok, err := db.Message.Query().Where(message.ID(in.Context.MessageID), message.ChannelID(ch.ID)).Exist(sys)
			if err != nil {
				return err
			}
			if !ok {
				return apperr.Validation("context.message_id: the number has no message " + in.Context.MessageID)
			}
			create.SetContextMessageID(in.Context.MessageID)
		}
		if m, err = create.Save(sys); err != nil {
			return err
		}
		// Upserted: a send may create the contact at the same moment.
		err = db.MessagingContact.Create().SetChannelID(ch.ID).SetWaID(waID).SetPartnerID(ch.PartnerID).SetClientID(ch.ClientID).
			SetProfileName(name).SetLastInboundAt(now).SetLastMessageAt(now).SetCreatedAt(now).
			OnConflictColumns(messagingcontact.FieldChannelID, messagingcontact.FieldWaID).
			Update(func(c *ent.MessagingContactUpsert) {
				c.SetProfileName(name)
				c.SetLastInboundAt(now)
				c.SetLastMessageAt(now)
			}).Exec(sys)
		if err != nil {
			return err
		}
		return s.emitInbound(sys, db, ch, m, name)
	})
	if err != nil {
		return MessageView{}, apperr.From(err)
	}
	ev := Inbound{MessageID: m.ID, ChannelID: ch.ID, PartnerID: ch.PartnerID, ClientID: ch.ClientID, WAID: waID,
		ProfileName: name, Type: m.Type, Text: inboundWords(m), At: m.CreatedAt}
	for _, h := range s.hooks {
		if err := h(ctx, ev); err != nil {
			slog.Default().Error("inbound message hook failed; the message stays received", "message_id", m.ID, "error", err.Error())
		}
	}
	return MessageViewOf(m, nil), nil
}

// checkInbound lists what is wrong with in (field: why), after trimming what it may.
func checkInbound(in *InboundRequest) []string {
	var out []string
	bad := func(field, why string, a ...any) { out = append(out, field+": "+fmt.Sprintf(why, a...)) }
	in.From = strings.TrimSpace(in.From)
	if in.From == "" {
		bad("from", "is required")
	} else if !isRecipient(in.From) {
		bad("from", "must be a phone number in international format or a WhatsApp id")
	}
	if runes(in.Name) > 256 {
		bad("name", "must be at most 256 characters")
	}
	if in.Context != nil && (strings.TrimSpace(in.Context.MessageID) == "" || len(in.Context.MessageID) > MaxMessageID) {
		bad("context.message_id", "must be the wamid of a message of the number")
	}
	if !slices.Contains(InboundTypes, in.Type) {
		bad("type", "must be one of %s", strings.Join(InboundTypes, ", "))
		return out
	}
	switch in.Type {
	case "text":
		switch {
		case in.Text == nil || strings.TrimSpace(in.Text.Body) == "":
			bad("text.body", "is required")
		case runes(in.Text.Body) > MaxTextBody:
			bad("text.body", "must be at most %d characters", MaxTextBody)
		}
	case "image", "document", "audio", "video", "sticker":
		md := inboundMediaOf(in)
		switch {
		case md == nil:
			bad(in.Type, "is required")
		case md.MediaID != "" && (digits(md.MediaID) != md.MediaID || len(md.MediaID) > 32):
			bad(in.Type+".media_id", "is not a media id")
		case md.Caption != "" && (in.Type == "audio" || in.Type == "sticker"):
			bad(in.Type+".caption", "is not allowed on %s messages", in.Type)
		case runes(md.Caption) > MaxCaption:
			bad(in.Type+".caption", "must be at most %d characters", MaxCaption)
		case md.Filename != "" && in.Type != "document":
			bad(in.Type+".filename", "is allowed on documents only")
		case runes(md.Filename) > MaxFilename:
			bad(in.Type+".filename", "must be at most %d characters", MaxFilename)
		}
	case "button":
		if in.Button == nil || strings.TrimSpace(in.Button.Text) == "" {
			bad("button.text", "is required")
		} else if runes(in.Button.Text) > 256 || runes(in.Button.Payload) > 1024 {
			bad("button", "text must be at most 256 and payload at most 1024 characters")
		}
	case "interactive":
		it := in.Interactive
		switch {
		case it == nil:
			bad("interactive", "is required")
		case it.Type == "button_reply" && (it.ButtonReply == nil || it.ButtonReply.ID == "" || it.ButtonReply.Title == ""):
			bad("interactive.button_reply", "needs id and title")
		case it.Type == "button_reply" && (len(it.ButtonReply.ID) > MaxButtonID || runes(it.ButtonReply.Title) > MaxButtonTitle):
			bad("interactive.button_reply", "id must be at most %d and title at most %d characters", MaxButtonID, MaxButtonTitle)
		case it.Type == "list_reply" && (it.ListReply == nil || it.ListReply.ID == "" || it.ListReply.Title == ""):
			bad("interactive.list_reply", "needs id and title")
		case it.Type == "list_reply" && (len(it.ListReply.ID) > MaxRowID || runes(it.ListReply.Title) > MaxRowTitle ||
			runes(it.ListReply.Description) > MaxRowDescription):
			bad("interactive.list_reply", "id must be at most %d, title %d and description %d characters", MaxRowID, MaxRowTitle, MaxRowDescription)
		case it.Type != "button_reply" && it.Type != "list_reply":
			bad("interactive.type", "must be button_reply or list_reply")
		}
	case "location":
		l := in.Location
		switch {
		case l == nil:
			bad("location", "is required")
		case math.IsNaN(l.Latitude) || l.Latitude < -90 || l.Latitude > 90:
			bad("location.latitude", "must be from -90 to 90")
		case math.IsNaN(l.Longitude) || l.Longitude < -180 || l.Longitude > 180:
			bad("location.longitude", "must be from -180 to 180")
		case runes(l.Name) > 1000 || runes(l.Address) > 1000:
			bad("location", "name and address must be at most 1000 characters")
		}
	case "contacts":
		if len(in.Contacts) == 0 {
			bad("contacts", "is required")
		}
		for i, c := range in.Contacts {
			if v, _ := c.Name["formatted_name"].(string); strings.TrimSpace(v) == "" {
				bad(fmt.Sprintf("contacts[%d].name.formatted_name", i), "is required")
			}
		}
	case "reaction":
		switch r := in.Reaction; {
		case r == nil || strings.TrimSpace(r.MessageID) == "":
			bad("reaction.message_id", "is required")
		case len(r.MessageID) > MaxMessageID:
			bad("reaction.message_id", "must be at most %d characters", MaxMessageID)
		case runes(r.Emoji) > 10:
			bad("reaction.emoji", "must be one emoji")
		}
	}
	return out
}

func inboundMediaOf(in *InboundRequest) *InboundMedia {
	return map[string]*InboundMedia{"image": in.Image, "document": in.Document, "audio": in.Audio, "video": in.Video, "sticker": in.Sticker}[in.Type]
}

// inboundContent is the message object the webhook carries under the type, as Meta
// writes it for inbound messages.
func (s *Service) inboundContent(ctx context.Context, db *ent.Client, ch *ent.Channel, in *InboundRequest, now time.Time) (map[string]any, error) {
	switch in.Type {
	case "text":
		return map[string]any{"body": in.Text.Body}, nil
	case "image", "document", "audio", "video", "sticker":
		return s.inboundMediaContent(ctx, db, ch, in.Type, inboundMediaOf(in), now)
	case "button":
		return map[string]any{"payload": in.Button.Payload, "text": in.Button.Text}, nil
	case "interactive":
		if in.Interactive.Type == "button_reply" {
			r := in.Interactive.ButtonReply
			return map[string]any{"type": "button_reply", "button_reply": map[string]any{"id": r.ID, "title": r.Title}}, nil
		}
		r := in.Interactive.ListReply
		reply := map[string]any{"id": r.ID, "title": r.Title}
		if r.Description != "" {
			reply["description"] = r.Description
		}
		return map[string]any{"type": "list_reply", "list_reply": reply}, nil
	case "location":
		return asMap(in.Location)
	case "contacts":
		return asMap(map[string]any{"contacts": in.Contacts})
	case "reaction":
		return map[string]any{"message_id": in.Reaction.MessageID, "emoji": in.Reaction.Emoji}, nil
	}
	return nil, apperr.Validation("type: " + in.Type + " is not a message type a user sends")
}

// inboundMediaContent is {id, mime_type, sha256, caption?, filename?} of the media an
// inbound message carries: the number's upload md.MediaID (not expired, of the kind the
// message is), or a placeholder file stored now.
func (s *Service) inboundMediaContent(ctx context.Context, db *ent.Client, ch *ent.Channel, kind string, md *InboundMedia, now time.Time) (map[string]any, error) {
	var row *ent.Media
	if md.MediaID != "" {
		var err error
		row, err = db.Media.Query().Where(media.ID(md.MediaID), media.ChannelID(ch.ID), media.ExpiresAtGT(now)).Only(ctx)
		if ent.IsNotFound(err) {
			return nil, apperr.Validation(kind + ".media_id: the number has no media " + md.MediaID)
		}
		if err != nil {
			return nil, err
		}
		if row.Type != kind {
			return nil, apperr.Validation(kind + ".media_id: names a " + row.Type + ", not a " + kind)
		}
	} else {
		mime, data := placeholderFile(kind)
		filename := md.Filename
		if kind == "document" && filename == "" {
			filename = "document.pdf"
		}
		sum := sha256.Sum256(data)
		var err error
		row, err = db.Media.Create().SetID(newMediaID()).SetPartnerID(ch.PartnerID).SetClientID(ch.ClientID).SetChannelID(ch.ID).
			SetType(kind).SetMimeType(mime).SetSha256(hex.EncodeToString(sum[:])).SetFileSize(int64(len(data))).
			SetFilename(filename).SetData(data).SetCreatedAt(now).SetExpiresAt(now.Add(mediaRetention)).Save(ctx)
		if err != nil {
			return nil, err
		}
	}
	out := map[string]any{"id": row.ID, "mime_type": row.MimeType, "sha256": row.Sha256}
	if md.Caption != "" {
		out["caption"] = md.Caption
	}
	if kind == "document" {
		if f := md.Filename; f != "" {
			out["filename"] = f
		} else if row.Filename != "" {
			out["filename"] = row.Filename
		}
	}
	if kind == "audio" {
		out["voice"] = false
	}
	return out, nil
}

// placeholderFile is a tiny file of kind the simulator attaches when the user "sends" media
// without an upload: real enough for clients that fetch it.
func placeholderFile(kind string) (mime string, data []byte) {
	switch kind {
	case "image":
		var b bytes.Buffer
		png.Encode(&b, image.NewGray(image.Rect(0, 0, 1, 1)))
		return "image/png", b.Bytes()
	case "sticker":
		// A 1×1 lossless WebP.
		return "image/webp", []byte("RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00")
	case "video":
		// An MP4 file type box and nothing else.
		return "video/mp4", []byte("\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom")
	case "audio":
		return "audio/ogg", []byte("OggS\x00\x02\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00")
	}
	return "application/pdf", []byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
}

// newMediaID is a numeric id, as Meta's media ids are: 16 digits.
func newMediaID() string {
	n, _ := rand.Int(rand.Reader, big.NewInt(9e15))
	return fmt.Sprint(n.Int64() + 1e15)
}

// inboundWords is what an inbound message says in words, for the hooks: the text, a
// caption, a button's text, a chosen reply or row, a location's name.
func inboundWords(m *ent.Message) string {
	str := func(v any) string { s, _ := v.(string); return s }
	c := m.Content
	switch m.Type {
	case "text":
		return str(c["body"])
	case "image", "document", "video":
		return str(c["caption"])
	case "button":
		return str(c["text"])
	case "interactive":
		for _, k := range []string{"button_reply", "list_reply"} {
			if r, ok := c[k].(map[string]any); ok {
				return str(r["title"])
			}
		}
	case "location":
		return str(c["name"])
	case "reaction":
		return str(c["emoji"])
	}
	return ""
}

// cutRunes is s shortened to at most n characters.
func cutRunes(s string, n int) string {
	if runes(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}
