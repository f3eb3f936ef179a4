package messaging

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Meta's limits on the message objects (the Cloud API's messages reference).
const (
	MaxTextBody          = 4096 // text.body
	MaxCaption           = 1024 // image, video and document captions
	MaxInteractiveBody   = 1024 // interactive.body.text
	MaxInteractiveHeader = 60   // interactive.header.text
	MaxInteractiveFooter = 60   // interactive.footer.text
	MaxReplyButtons      = 3    // reply buttons of a button message
	MaxButtonTitle       = 20   // a reply button's title, a list's button
	MaxButtonID          = 256  // a reply button's id
	MaxSections          = 10   // sections of a list message
	MaxRows              = 10   // rows of a list message, all sections together
	MaxRowID             = 200
	MaxRowTitle          = 24
	MaxRowDescription    = 72
	MaxSectionTitle      = 24
	MaxFilename          = 240
	MaxBizOpaqueData     = 512 // biz_opaque_callback_data
	MaxMessageID         = 128 // a wamid (context, reaction, mark as read)
)

// Types are the message types the sandbox sends; anything else is Meta's 131051.
var Types = []string{"text", "template", "image", "video", "audio", "document", "sticker", "interactive", "location", "contacts", "reaction"}

// MediaLookup finds an uploaded media of a channel by id (media.Exists): its MIME type and
// whether it is there (unknown, another channel's or expired media is not).
type MediaLookup func(ctx context.Context, channelID, id string) (mime string, ok bool, err error)

// mediaUse is a media sent by id, checked against the channel's uploads once the channel
// is known: where it stands in the body and which kind of media it must be.
type mediaUse struct {
	field string
	id    string
	kind  string // image, video, audio, document, sticker
}

// outgoing is a checked send body: its type, the object under the type as it is stored,
// and the media it sends by id.
type outgoing struct {
	typ     string
	content map[string]any
	media   []mediaUse
}

// mimes are the MIME types each kind of media may have (Meta's supported media types);
// documents take any type the upload accepted.
var mimes = map[string][]string{
	"image":   {"image/jpeg", "image/png"},
	"video":   {"video/mp4", "video/3gpp"},
	"audio":   {"audio/aac", "audio/mp4", "audio/mpeg", "audio/amr", "audio/ogg"},
	"sticker": {"image/webp"},
}

func missing(field string) *MetaError { return ParameterMissing(field + " is required.") }

func invalid(field, format string, a ...any) *MetaError {
	return ParameterInvalid(field + " " + fmt.Sprintf(format, a...) + ".")
}

func tooLong(field string, limit int) *MetaError {
	return invalid(field, "must be at most %d characters", limit)
}

func runes(s string) int { return utf8.RuneCountInString(s) }

// checkRequest checks a send body's shape and Meta's limits, in the order Meta reads it,
// and answers the first problem.
func checkRequest(r *Request) (*outgoing, error) {
	if err := checkProduct(r.MessagingProduct); err != nil {
		return nil, err
	}
	if r.RecipientType != "" && r.RecipientType != "individual" {
		return nil, invalid("recipient_type", "must be individual")
	}
	if strings.TrimSpace(r.To) == "" {
		return nil, missing("to")
	}
	if !isRecipient(r.To) {
		return nil, invalid("to", "must be a phone number in international format or a WhatsApp id")
	}
	if r.Context != nil {
		if err := checkMessageID("context.message_id", r.Context.MessageID); err != nil {
			return nil, err
		}
	}
	if runes(r.BizOpaqueCallbackData) > MaxBizOpaqueData {
		return nil, tooLong("biz_opaque_callback_data", MaxBizOpaqueData)
	}
	typ := r.Type
	if typ == "" {
		typ = "text" // Meta's default
	}
	if !slices.Contains(Types, typ) {
		return nil, UnsupportedMessageType(fmt.Sprintf("Message type %s is not currently supported.", strconv.Quote(typ)))
	}
	out := &outgoing{typ: typ}
	var object any
	var err error
	switch typ {
	case "text":
		object, err = r.Text, checkText(r.Text)
	case "template":
		object, err = r.Template, checkTemplate(r.Template, out)
	case "image", "video", "audio", "document", "sticker":
		m := map[string]*MediaObject{"image": r.Image, "video": r.Video, "audio": r.Audio, "document": r.Document, "sticker": r.Sticker}[typ]
		if m == nil {
			return nil, missing(typ)
		}
		object, err = m, checkMedia(typ, typ, m, out)
	case "interactive":
		object, err = r.Interactive, checkInteractive(r.Interactive, out)
	case "location":
		if r.Location == nil {
			return nil, missing("location")
		}
		object, err = r.Location, checkLocation("location", r.Location)
	case "contacts":
		object, err = map[string]any{"contacts": r.Contacts}, checkContacts(r.Contacts)
	case "reaction":
		object, err = r.Reaction, checkReaction(r.Reaction)
	}
	if err != nil {
		return nil, err
	}
	out.content, err = asMap(object)
	return out, err
}

func checkProduct(p string) error {
	switch p {
	case "whatsapp":
		return nil
	case "":
		return InvalidParameter("The parameter messaging_product is required.")
	}
	return InvalidParameter("messaging_product must be whatsapp.")
}

// isRecipient: a phone number (optionally with +, spaces, dashes, dots and brackets) or a
// WhatsApp id, 7 to 15 digits as E.164 allows.
func isRecipient(to string) bool {
	s := strings.TrimSpace(to)
	s = strings.TrimPrefix(s, "+")
	n := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			n++
		case r == ' ' || r == '-' || r == '.' || r == '(' || r == ')':
		default:
			return false
		}
	}
	return n >= 7 && n <= 15
}

// digits returns the digits of s.
func digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func checkMessageID(field, id string) error {
	switch {
	case strings.TrimSpace(id) == "":
		return missing(field)
	case len(id) > MaxMessageID:
		return tooLong(field, MaxMessageID)
	}
	return nil
}

func checkText(t *Text) error {
	switch {
	case t == nil:
		return missing("text")
	case strings.TrimSpace(t.Body) == "":
		return missing("text.body")
	case runes(t.Body) > MaxTextBody:
		return tooLong("text.body", MaxTextBody)
	}
	return nil
}

// checkMedia checks a media object sent as kind at field: by id or by link, a caption
// only where WhatsApp shows one, a filename only on documents.
func checkMedia(field, kind string, m *MediaObject, out *outgoing) error {
	switch {
	case m.ID == "" && m.Link == "":
		return missing(field + ".id or " + field + ".link")
	case m.ID != "" && m.Link != "":
		return invalid(field, "takes id or link, not both")
	case m.Link != "" && !isHTTPS(m.Link):
		return invalid(field+".link", "must be an https URL")
	case m.ID != "" && (digits(m.ID) != m.ID || len(m.ID) > 32):
		return invalid(field+".id", "is not a media id")
	case m.Caption != "" && (kind == "audio" || kind == "sticker"):
		return invalid(field+".caption", "is not allowed on %s messages", kind)
	case runes(m.Caption) > MaxCaption:
		return tooLong(field+".caption", MaxCaption)
	case m.Filename != "" && kind != "document":
		return invalid(field+".filename", "is allowed on documents only")
	case runes(m.Filename) > MaxFilename:
		return tooLong(field+".filename", MaxFilename)
	}
	if m.ID != "" {
		out.media = append(out.media, mediaUse{field: field + ".id", id: m.ID, kind: kind})
	}
	return nil
}

func isHTTPS(raw string) bool {
	u, err := url.Parse(strings.TrimSpace(raw))
	return err == nil && u.Scheme == "https" && u.Host != ""
}

func checkLocation(field string, l *Location) error {
	switch {
	case math.IsNaN(l.Latitude) || l.Latitude < -90 || l.Latitude > 90:
		return invalid(field+".latitude", "must be from -90 to 90")
	case math.IsNaN(l.Longitude) || l.Longitude < -180 || l.Longitude > 180:
		return invalid(field+".longitude", "must be from -180 to 180")
	case runes(l.Name) > 1000:
		return tooLong(field+".name", 1000)
	case runes(l.Address) > 1000:
		return tooLong(field+".address", 1000)
	}
	return nil
}

func checkContacts(cs []ContactCard) error {
	if len(cs) == 0 {
		return missing("contacts")
	}
	for i, c := range cs {
		f := fmt.Sprintf("contacts[%d].name", i)
		if c.Name == nil {
			return missing(f)
		}
		v, ok := c.Name["formatted_name"]
		if !ok || v == nil {
			return missing(f + ".formatted_name")
		}
		s, ok := v.(string)
		if !ok {
			return InvalidParameter(f + ".formatted_name must be a string.")
		}
		if strings.TrimSpace(s) == "" {
			return missing(f + ".formatted_name")
		}
	}
	return nil
}

func checkReaction(r *Reaction) error {
	if r == nil {
		return missing("reaction")
	}
	if err := checkMessageID("reaction.message_id", r.MessageID); err != nil {
		return err
	}
	// An emoji is one grapheme, which may take several code points (skin tones, flags,
	// joined sequences); "" removes the reaction.
	if runes(r.Emoji) > 10 || strings.TrimSpace(r.Emoji) != r.Emoji {
		return invalid("reaction.emoji", "must be one emoji")
	}
	return nil
}

func checkInteractive(in *Interactive, out *outgoing) error {
	if in == nil {
		return missing("interactive")
	}
	switch in.Type {
	case "":
		return missing("interactive.type")
	case "button", "list":
	default:
		return invalid("interactive.type", "must be button or list")
	}
	if in.Body == nil || strings.TrimSpace(in.Body.Text) == "" {
		return missing("interactive.body.text")
	}
	if runes(in.Body.Text) > MaxInteractiveBody {
		return tooLong("interactive.body.text", MaxInteractiveBody)
	}
	if in.Footer != nil && runes(in.Footer.Text) > MaxInteractiveFooter {
		return tooLong("interactive.footer.text", MaxInteractiveFooter)
	}
	if h := in.Header; h != nil {
		if err := checkInteractiveHeader(in.Type, h, out); err != nil {
			return err
		}
	}
	if in.Action == nil {
		return missing("interactive.action")
	}
	if in.Type == "button" {
		return checkReplyButtons(in.Action.Buttons)
	}
	return checkList(in.Action)
}

func checkInteractiveHeader(typ string, h *InteractiveHeader, out *outgoing) error {
	if typ == "list" && h.Type != "text" {
		return invalid("interactive.header.type", "must be text in a list message")
	}
	switch h.Type {
	case "":
		return missing("interactive.header.type")
	case "text":
		switch {
		case strings.TrimSpace(h.Text) == "":
			return missing("interactive.header.text")
		case runes(h.Text) > MaxInteractiveHeader:
			return tooLong("interactive.header.text", MaxInteractiveHeader)
		}
		return nil
	case "image", "video", "document":
		m := map[string]*MediaObject{"image": h.Image, "video": h.Video, "document": h.Document}[h.Type]
		if m == nil {
			return missing("interactive.header." + h.Type)
		}
		return checkMedia("interactive.header."+h.Type, h.Type, m, out)
	}
	return invalid("interactive.header.type", "must be text, image, video or document")
}

func checkReplyButtons(bs []ReplyButton) error {
	if len(bs) == 0 {
		return missing("interactive.action.buttons")
	}
	if len(bs) > MaxReplyButtons {
		return invalid("interactive.action.buttons", "may hold at most %d buttons", MaxReplyButtons)
	}
	ids, titles := map[string]bool{}, map[string]bool{}
	for i, b := range bs {
		f := fmt.Sprintf("interactive.action.buttons[%d]", i)
		switch {
		case b.Type != "reply":
			return invalid(f+".type", "must be reply")
		case strings.TrimSpace(b.Reply.ID) == "":
			return missing(f + ".reply.id")
		case len(b.Reply.ID) > MaxButtonID:
			return tooLong(f+".reply.id", MaxButtonID)
		case strings.TrimSpace(b.Reply.Title) == "":
			return missing(f + ".reply.title")
		case runes(b.Reply.Title) > MaxButtonTitle:
			return tooLong(f+".reply.title", MaxButtonTitle)
		case ids[b.Reply.ID]:
			return invalid(f+".reply.id", "repeats another button's id")
		case titles[b.Reply.Title]:
			return invalid(f+".reply.title", "repeats another button's title")
		}
		ids[b.Reply.ID], titles[b.Reply.Title] = true, true
	}
	return nil
}

func checkList(a *InteractiveAction) error {
	switch {
	case strings.TrimSpace(a.Button) == "":
		return missing("interactive.action.button")
	case runes(a.Button) > MaxButtonTitle:
		return tooLong("interactive.action.button", MaxButtonTitle)
	case len(a.Sections) == 0:
		return missing("interactive.action.sections")
	case len(a.Sections) > MaxSections:
		return invalid("interactive.action.sections", "may hold at most %d sections", MaxSections)
	}
	rows := 0
	ids := map[string]bool{}
	for i, s := range a.Sections {
		f := fmt.Sprintf("interactive.action.sections[%d]", i)
		switch {
		case len(a.Sections) > 1 && strings.TrimSpace(s.Title) == "":
			return missing(f + ".title")
		case runes(s.Title) > MaxSectionTitle:
			return tooLong(f+".title", MaxSectionTitle)
		case len(s.Rows) == 0:
			return missing(f + ".rows")
		}
		for j, r := range s.Rows {
			rf := fmt.Sprintf("%s.rows[%d]", f, j)
			switch {
			case strings.TrimSpace(r.ID) == "":
				return missing(rf + ".id")
			case len(r.ID) > MaxRowID:
				return tooLong(rf+".id", MaxRowID)
			case ids[r.ID]:
				return invalid(rf+".id", "repeats another row's id")
			case strings.TrimSpace(r.Title) == "":
				return missing(rf + ".title")
			case runes(r.Title) > MaxRowTitle:
				return tooLong(rf+".title", MaxRowTitle)
			case runes(r.Description) > MaxRowDescription:
				return tooLong(rf+".description", MaxRowDescription)
			}
			ids[r.ID] = true
		}
		rows += len(s.Rows)
	}
	if rows > MaxRows {
		return invalid("interactive.action.sections", "may hold at most %d rows in all", MaxRows)
	}
	return nil
}

// parameterTypes are the template parameter types Meta knows.
var parameterTypes = []string{"text", "currency", "date_time", "image", "video", "document", "location", "payload", "coupon_code"}

// checkTemplate checks a template message's own shape; checkTemplateParameters compares
// it with the template once that is found.
func checkTemplate(t *Template, out *outgoing) error {
	switch {
	case t == nil:
		return missing("template")
	case strings.TrimSpace(t.Name) == "":
		return missing("template.name")
	case strings.TrimSpace(t.Language.Code) == "":
		return missing("template.language.code")
	case t.Language.Policy != "" && !strings.EqualFold(t.Language.Policy, "deterministic"):
		return InvalidParameter("The parameter template.language.policy must be one of {DETERMINISTIC}.")
	}
	for i, c := range t.Components {
		f := fmt.Sprintf("template.components[%d]", i)
		switch strings.ToLower(c.Type) {
		case "":
			return missing(f + ".type")
		case "header", "body":
		case "button":
			if c.SubType == "" {
				return missing(f + ".sub_type")
			}
			if !slices.Contains([]string{"quick_reply", "url", "copy_code"}, strings.ToLower(c.SubType)) {
				return invalid(f+".sub_type", "must be quick_reply, url or copy_code")
			}
			if c.Index == nil {
				return missing(f + ".index")
			}
			if _, ok := buttonIndex(c.Index); !ok {
				return invalid(f+".index", "must be a button's position, 0 to 9")
			}
		default:
			return invalid(f+".type", "must be header, body or button")
		}
		for j, p := range c.Parameters {
			if err := checkParameter(fmt.Sprintf("%s.parameters[%d]", f, j), p, out); err != nil {
				return err
			}
		}
	}
	return nil
}

// buttonIndex reads a button component's index: Meta takes 0 as well as "0".
func buttonIndex(v any) (int, bool) {
	var n int
	switch x := v.(type) {
	case float64:
		if x != math.Trunc(x) {
			return 0, false
		}
		n = int(x)
	case int:
		n = x
	case string:
		i, err := strconv.Atoi(strings.TrimSpace(x))
		if err != nil {
			return 0, false
		}
		n = i
	default:
		return 0, false
	}
	return n, n >= 0 && n <= 9
}

func checkParameter(f string, p Parameter, out *outgoing) error {
	typ := strings.ToLower(p.Type)
	if typ == "" {
		return missing(f + ".type")
	}
	if !slices.Contains(parameterTypes, typ) {
		return invalid(f+".type", "must be one of %s", strings.Join(parameterTypes, ", "))
	}
	switch typ {
	case "text":
		if strings.TrimSpace(p.Text) == "" {
			return ParameterMissing(f + ": a parameter of type text is missing its text value.")
		}
	case "payload":
		if p.Payload == "" {
			return missing(f + ".payload")
		}
	case "coupon_code":
		if p.CouponCode == "" {
			return missing(f + ".coupon_code")
		}
	case "currency":
		if p.Currency == nil || p.Currency["fallback_value"] == nil {
			return missing(f + ".currency.fallback_value")
		}
	case "date_time":
		if p.DateTime == nil || p.DateTime["fallback_value"] == nil {
			return missing(f + ".date_time.fallback_value")
		}
	case "image", "video", "document":
		m := map[string]*MediaObject{"image": p.Image, "video": p.Video, "document": p.Document}[typ]
		if m == nil {
			return missing(f + "." + typ)
		}
		return checkMedia(f+"."+typ, typ, m, out)
	case "location":
		if p.Location == nil {
			return missing(f + ".location")
		}
		return checkLocation(f+".location", p.Location)
	}
	return nil
}

// asMap is the JSON object of v, as the message row stores it.
func asMap(v any) (map[string]any, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, err
	}
	return m, nil
}

// mediaAllowed reports whether a media of MIME type mime may be sent as kind.
func mediaAllowed(kind, mime string) bool {
	allowed, ok := mimes[kind]
	if !ok {
		return true // documents: whatever the upload took
	}
	base, _, _ := strings.Cut(mime, ";")
	return slices.Contains(allowed, strings.TrimSpace(strings.ToLower(base)))
}
