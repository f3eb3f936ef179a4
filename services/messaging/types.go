package messaging

import "time"

// Sender is who sends a message: a channel key on the Messaging API, or a person in the
// hub (the "Test messaging" panel, a support agent's reply from the support number).
type Sender struct {
	ChannelID string
	// KeyID is the channel key the message was sent with ("" for people).
	KeyID string
	// SandboxWAID is set for sandbox keys: the only WhatsApp id they may message.
	SandboxWAID string
	// UserID is the person who sent it from the hub ("" for keys).
	UserID string
	// TicketMessageID links a support reply to the message carrying it.
	TicketMessageID string
}

// Request is the Cloud API's send body (POST /messages), and its mark-as-read form
// ({"messaging_product":"whatsapp","status":"read","message_id":…}).
type Request struct {
	MessagingProduct string `json:"messaging_product" example:"whatsapp"`
	RecipientType    string `json:"recipient_type,omitempty" example:"individual"`
	To               string `json:"to,omitempty" example:"+4915112345678"`
	Type             string `json:"type,omitempty" example:"text"`
	// Mark as read: status "read" and the received message's id.
	Status    string `json:"status,omitempty" example:"read"`
	MessageID string `json:"message_id,omitempty"`

	Context     *Context      `json:"context,omitempty"`
	Text        *Text         `json:"text,omitempty"`
	Template    *Template     `json:"template,omitempty"`
	Image       *MediaObject  `json:"image,omitempty"`
	Video       *MediaObject  `json:"video,omitempty"`
	Audio       *MediaObject  `json:"audio,omitempty"`
	Document    *MediaObject  `json:"document,omitempty"`
	Sticker     *MediaObject  `json:"sticker,omitempty"`
	Interactive *Interactive  `json:"interactive,omitempty"`
	Location    *Location     `json:"location,omitempty"`
	Contacts    []ContactCard `json:"contacts,omitempty"`
	Reaction    *Reaction     `json:"reaction,omitempty"`
	// BizOpaqueCallbackData is echoed in status webhooks.
	BizOpaqueCallbackData string `json:"biz_opaque_callback_data,omitempty"`
}

// Context makes a message a reply to another.
type Context struct {
	MessageID string `json:"message_id"`
}

// Text is a text message.
type Text struct {
	Body       string `json:"body"`
	PreviewURL bool   `json:"preview_url,omitempty"`
}

// Template is a template message.
type Template struct {
	Name       string              `json:"name"`
	Language   TemplateLanguage    `json:"language"`
	Components []TemplateComponent `json:"components,omitempty"`
}

// TemplateLanguage names the template's translation.
type TemplateLanguage struct {
	Code   string `json:"code" example:"en_US"`
	Policy string `json:"policy,omitempty" example:"deterministic"`
}

// TemplateComponent fills one component's parameters.
type TemplateComponent struct {
	Type       string      `json:"type" example:"body"` // header, body, button
	SubType    string      `json:"sub_type,omitempty" example:"url"`
	Index      any         `json:"index,omitempty" swaggertype:"string" example:"0"` // Meta accepts "0" or 0
	Parameters []Parameter `json:"parameters,omitempty"`
}

// Parameter is one template parameter.
type Parameter struct {
	Type          string         `json:"type" example:"text"` // text, currency, date_time, image, video, document, location, payload, coupon_code
	ParameterName string         `json:"parameter_name,omitempty"`
	Text          string         `json:"text,omitempty"`
	Payload       string         `json:"payload,omitempty"`
	CouponCode    string         `json:"coupon_code,omitempty"`
	Currency      map[string]any `json:"currency,omitempty"`
	DateTime      map[string]any `json:"date_time,omitempty"`
	Image         *MediaObject   `json:"image,omitempty"`
	Video         *MediaObject   `json:"video,omitempty"`
	Document      *MediaObject   `json:"document,omitempty"`
	Location      *Location      `json:"location,omitempty"`
}

// MediaObject is media by uploaded id or by link.
type MediaObject struct {
	ID       string `json:"id,omitempty"`
	Link     string `json:"link,omitempty"`
	Caption  string `json:"caption,omitempty"`
	Filename string `json:"filename,omitempty"`
}

// Interactive is a reply-button or list message.
type Interactive struct {
	Type   string             `json:"type" example:"button"` // button, list
	Header *InteractiveHeader `json:"header,omitempty"`
	Body   *InteractiveText   `json:"body,omitempty"`
	Footer *InteractiveText   `json:"footer,omitempty"`
	Action *InteractiveAction `json:"action,omitempty"`
}

// InteractiveHeader is an interactive message's header.
type InteractiveHeader struct {
	Type     string       `json:"type"` // text, image, video, document
	Text     string       `json:"text,omitempty"`
	Image    *MediaObject `json:"image,omitempty"`
	Video    *MediaObject `json:"video,omitempty"`
	Document *MediaObject `json:"document,omitempty"`
}

// InteractiveText is a body or footer.
type InteractiveText struct {
	Text string `json:"text"`
}

// InteractiveAction holds reply buttons, or a list's button and sections.
type InteractiveAction struct {
	Buttons  []ReplyButton `json:"buttons,omitempty"`
	Button   string        `json:"button,omitempty"`
	Sections []ListSection `json:"sections,omitempty"`
}

// ReplyButton is one reply button.
type ReplyButton struct {
	Type  string     `json:"type" example:"reply"`
	Reply ReplyTitle `json:"reply"`
}

// ReplyTitle is a reply button's id and title.
type ReplyTitle struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// ListSection is one section of a list message.
type ListSection struct {
	Title string    `json:"title,omitempty"`
	Rows  []ListRow `json:"rows"`
}

// ListRow is one row of a list section.
type ListRow struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
}

// Location is a location message (or parameter).
type Location struct {
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
	Name      string  `json:"name,omitempty"`
	Address   string  `json:"address,omitempty"`
}

// ContactCard is one contact of a contacts message, in Meta's shape (name, phones,
// emails, org, urls, addresses, birthday).
type ContactCard struct {
	Name      map[string]any   `json:"name"`
	Phones    []map[string]any `json:"phones,omitempty"`
	Emails    []map[string]any `json:"emails,omitempty"`
	Org       map[string]any   `json:"org,omitempty"`
	URLs      []map[string]any `json:"urls,omitempty"`
	Addresses []map[string]any `json:"addresses,omitempty"`
	Birthday  string           `json:"birthday,omitempty"`
}

// Reaction reacts to a message with an emoji ("" removes the reaction).
type Reaction struct {
	MessageID string `json:"message_id"`
	Emoji     string `json:"emoji"`
}

// Answer is the Cloud API's answer to a send.
type Answer struct {
	MessagingProduct string          `json:"messaging_product" example:"whatsapp"`
	Contacts         []AnswerContact `json:"contacts"`
	Messages         []AnswerMessage `json:"messages"`
}

// AnswerContact is the recipient as sent and as WhatsApp knows it.
type AnswerContact struct {
	Input string `json:"input" example:"+5511987654321"`
	WAID  string `json:"wa_id" example:"551187654321"`
}

// AnswerMessage is the accepted message's id.
type AnswerMessage struct {
	ID            string `json:"id" example:"wamid.HBgNNTUxMTg3NjU0MzIxFQIAERgSQUJDMTIzNDU2Nzg5MEFCQ0RFAA=="`
	MessageStatus string `json:"message_status,omitempty" example:"accepted"`
}

// ReadAnswer is the answer to mark-as-read.
type ReadAnswer struct {
	Success bool `json:"success"`
}

// Inbound is a message a WhatsApp user wrote to a channel, as inbound hooks see it
// after it committed.
type Inbound struct {
	MessageID   string
	ChannelID   string
	PartnerID   string
	ClientID    string
	WAID        string
	ProfileName string
	Type        string
	// Text is what the message says in words: the text body, a caption, a button's text.
	Text string
	At   time.Time
}
