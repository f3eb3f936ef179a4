package support

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/message"
	"github.com/partnerhub/partnerhub/ent/ticket"
	"github.com/partnerhub/partnerhub/ent/ticketmessage"
	"github.com/partnerhub/partnerhub/ent/user"
	"github.com/partnerhub/partnerhub/services/apikeys/keyformat"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/sla"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// WhatsApp tickets come from the support desk's own WhatsApp number (the platform's,
// kept by services/platformnumbers): a user's message opens a whatsapp ticket, or — while
// a ticket of that user is not resolved or closed — is added to it as the requester's
// reply. Agents' public replies on such a ticket go back as WhatsApp messages from the
// support number: free-form while the user's 24-hour customer-service window is open,
// an approved template of the platform's WABA otherwise. The send happens after the reply
// is stored, so a failed send never loses the reply: the failure shows in the reply's
// delivery status.

// WhatsAppDesk is the support number's side of WhatsApp tickets, provided by the
// platform numbers (UseWhatsApp): what the number knows of a user, its templates, and
// sending.
type WhatsAppDesk interface {
	// Contacts returns what the support number knows of each WhatsApp id that wrote to it.
	Contacts(ctx context.Context, waIDs []string) (map[string]WhatsAppContact, error)
	// Templates lists the approved templates of the platform's WABA an agent can send.
	Templates(ctx context.Context) ([]WhatsAppTemplate, error)
	// Send sends a stored reply from the support number as the viewer in ctx.
	Send(ctx context.Context, out WhatsAppOutgoing) error
}

// WhatsAppContact is what the support number knows of one WhatsApp user.
type WhatsAppContact struct {
	ProfileName string
	// LastInboundAt is when the user last wrote: the customer-service window runs 24 hours
	// from there.
	LastInboundAt *time.Time
}

// WhatsAppWindow is how long a user's message keeps the customer-service window open.
const WhatsAppWindow = 24 * time.Hour

// WhatsAppTemplate is an approved template of the platform's WABA that an agent can send
// from a ticket: its body text with {{1}}, {{2}}, … and how many parameters fill them.
type WhatsAppTemplate struct {
	Name       string `json:"name" example:"support_follow_up"`
	Language   string `json:"language" example:"en"`
	Category   string `json:"category" enums:"MARKETING,UTILITY" example:"UTILITY"`
	Body       string `json:"body" example:"Hello {{1}}, we have an update on your support request {{2}}. Reply to this message to continue."`
	Parameters int    `json:"parameters" example:"2"`
}

// WhatsAppTemplateRequest is the template a reply outside the customer-service window is
// sent as: an approved template of the platform's WABA, with one text per parameter of
// its body.
type WhatsAppTemplateRequest struct {
	Name       string   `json:"name" example:"support_follow_up"`
	Language   string   `json:"language" example:"en"`
	Parameters []string `json:"parameters" example:"Ana,a1B2c3D4e5TK"`
}

// WhatsAppOutgoing is a stored reply to send: free-form Text, or a Template.
type WhatsAppOutgoing struct {
	TicketMessageID string
	WAID            string
	Text            string
	Template        *WhatsAppTemplateRequest
}

// WhatsAppView is a whatsapp ticket's WhatsApp side: the user, the name their profile
// shows, and until when free-form replies can go out (null: only templates now).
type WhatsAppView struct {
	WAID            string     `json:"wa_id" example:"4915112345678"`
	Name            string     `json:"name" example:"Emma Schmidt"`
	WindowExpiresAt *time.Time `json:"window_expires_at"`
}

// DeliveryView is how the WhatsApp message carrying an agent's reply fared: not_sent when
// the send was refused (an internal note says why), else the message's status.
type DeliveryView struct {
	MessageID    string         `json:"message_id" example:"wamid.HBgNNDkxNTExMjM0NTY3OBUCABEYEjQ2"`
	Status       string         `json:"status" enums:"not_sent,sent,delivered,read,failed"`
	Error        *DeliveryError `json:"error"`
	TemplateName *string        `json:"template_name"`
	StatusAt     *time.Time     `json:"status_at"`
}

// DeliveryError is why WhatsApp did not deliver a message (Meta's error code and words).
type DeliveryError struct {
	Code    int    `json:"code" example:"131047"`
	Title   string `json:"title" example:"Re-engagement message"`
	Details string `json:"details"`
}

// UseWhatsApp connects the desk to the support number. Until it is called (or without a
// support number) whatsapp tickets are handled like any other.
func (s *Service) UseWhatsApp(d WhatsAppDesk) { s.whatsapp = d }

// WhatsAppMessage is a message a WhatsApp user wrote to the support desk's number.
type WhatsAppMessage struct {
	WAID        string
	ProfileName string
	// Text is the message in words (the text, a caption, a button's text).
	Text string
	At   time.Time
	// PartnerID and ClientID are the platform's own partner and client: they hold the
	// contact users of WhatsApp users who are not users of the hub.
	PartnerID, ClientID string
}

// WhatsAppReceived says what a WhatsApp message became.
type WhatsAppReceived struct {
	TicketID string
	// Opened is true for a new ticket, false for a reply added to the user's open one.
	Opened bool
}

// ReceiveWhatsApp files a message written to the support number: added as the
// requester's reply to the user's whatsapp ticket that is not resolved or closed (a
// ticket waiting on the customer becomes open again), else a new whatsapp ticket with
// the 24-hour first-response target of WhatsApp tickets, opened at the message's time.
// The requester is the hub user whose phone number is +wa_id, else a contact user of the
// platform's client (disabled: it cannot sign in) made for that WhatsApp id. API keys in
// the text are masked before storage. It acts as the system: nobody signed in wrote it.
//
// Errors: validation_failed, ticket_state.
func (s *Service) ReceiveWhatsApp(ctx context.Context, m WhatsAppMessage) (*WhatsAppReceived, error) {
	m.WAID = strings.TrimSpace(m.WAID)
	if m.WAID == "" || len(m.WAID) > 32 || strings.Trim(m.WAID, "0123456789") != "" {
		return nil, apperr.Validation("wa_id: must be the WhatsApp id, digits only")
	}
	if m.PartnerID == "" || m.ClientID == "" {
		return nil, apperr.Validation("client_id: the platform's client is required for contact users")
	}
	text := strings.TrimSpace(m.Text)
	if text == "" {
		text = "(a WhatsApp message without text)"
	}
	if utf8.RuneCountInString(text) > maxBody {
		text = string([]rune(text)[:maxBody-1]) + "…"
	}
	body, masked := keyformat.Redact(text)
	now := s.now()
	at := m.At.UTC().Truncate(time.Second)
	if at.IsZero() || at.After(now) {
		at = now
	}
	// Nobody signed in wrote this: the desk files it for the WhatsApp user, reading and
	// writing the requester's user, ticket and history whoever's tenant they are.
	sys := tenancy.AsSystem(ctx, tenancy.BackgroundJob)
	var out *WhatsAppReceived
	receive := func() error {
		return storage.WithTx(sys, s.db, func(tx *ent.Tx) error {
			db := tx.Client()
			who, err := s.whatsAppRequester(sys, db, m, now)
			if err != nil {
				return err
			}
			// One WhatsApp user's messages are filed one after the other, so two at once
			// cannot open two tickets.
			if _, err := storage.LockRows(s.sql, db.User.Query().Where(user.ID(who.id))).Only(sys); err != nil {
				return err
			}
			open, err := db.Ticket.Query().Where(ticket.WhatsappWaID(m.WAID), ticket.StatusNotIn(ticket.StatusResolved, ticket.StatusClosed)).
				Order(ent.Desc(ticket.FieldCreatedAt)).First(sys)
			if err != nil && !ent.IsNotFound(err) {
				return err
			}
			if open != nil {
				out = &WhatsAppReceived{TicketID: open.ID}
				return s.requesterReply(sys, db, open, who.id, body, masked, now)
			}
			topic, _ := TopicOf("other")
			waID := m.WAID
			nt := openTicket{requester: who, topic: topic, source: "whatsapp", language: languageOfNumber(m.WAID),
				subject: whatsAppSubject(body, m.ProfileName, m.WAID), description: body, details: map[string]string{},
				openedAt: at, masked: masked, whatsAppWAID: &waID}
			nt.severity = topic.SeverityFor(who.pkg)
			created, err := s.create(sys, db, nt, now)
			if err != nil {
				return err
			}
			out = &WhatsAppReceived{TicketID: created.ID, Opened: true}
			return nil
		})
	}
	err := receive()
	if ent.IsConstraintError(err) {
		// Another instance made the same contact user meanwhile: file it again with theirs.
		err = receive()
	}
	if err != nil {
		return nil, apperr.From(err)
	}
	return out, nil
}

// whatsAppRequester finds whose ticket a WhatsApp message is, with db (the filing
// transaction) as the system: the partner or client user with the phone number +wa_id,
// else the WhatsApp id's contact user in the platform's client, created on its first
// message. It reads the contract (plan, package) as resolveRequester does.
func (s *Service) whatsAppRequester(ctx context.Context, db *ent.Client, m WhatsAppMessage, now time.Time) (requester, error) {
	u, err := db.User.Query().Where(user.PhoneNumberIn(phoneNumbersOf(m.WAID)...), user.Disabled(false), user.PartnerIDNotNil(),
		user.RoleIn(user.RolePartnerAdmin, user.RolePartnerMember, user.RoleClientAdmin, user.RoleClientMember)).
		Order(ent.Asc(user.FieldCreatedAt), ent.Asc(user.FieldID)).First(ctx)
	if ent.IsNotFound(err) {
		u, err = s.contactUser(ctx, db, m, now)
	}
	if err != nil {
		return requester{}, err
	}
	who := requester{id: u.ID, kind: "partner", partnerID: *u.PartnerID, clientID: u.ClientID}
	if u.ClientID != nil {
		who.kind = "client"
		c, err := db.ClientAccount.Get(ctx, *u.ClientID)
		if err != nil {
			return requester{}, err
		}
		who.plan = string(c.Plan)
	} else {
		p, err := db.Partner.Get(ctx, who.partnerID)
		if err != nil {
			return requester{}, err
		}
		who.plan = string(p.PartnerPlan)
	}
	who.pkg = sla.PackageOf(who.plan)
	return who, nil
}

// phoneNumbersOf are the phone numbers (E.164) a WhatsApp id may belong to: +wa_id, and
// for a Brazilian mobile whose WhatsApp id lacks the ninth digit (55 + area code + 8
// digits) also the number with it, as people write it.
func phoneNumbersOf(waID string) []string {
	out := []string{"+" + waID}
	if len(waID) == 12 && strings.HasPrefix(waID, "55") && strings.ContainsAny(waID[4:5], "6789") {
		out = append(out, "+"+waID[:4]+"9"+waID[4:])
	}
	return out
}

// ContactEmail is the address of the contact user the desk makes for a WhatsApp id that
// is no hub user's phone number: never deliverable (.invalid), unique per WhatsApp id.
func ContactEmail(waID string) string { return "wa-" + waID + "@contacts.invalid" }

// contactPassword is the contact users' password hash: no password verifies against it.
const contactPassword = "!whatsapp-contact"

// contactUser returns the WhatsApp id's contact user in the platform's client, creating it
// with db: disabled, so it cannot sign in; named as the user's profile.
func (s *Service) contactUser(ctx context.Context, db *ent.Client, m WhatsAppMessage, now time.Time) (*ent.User, error) {
	u, err := db.User.Query().Where(user.Email(ContactEmail(m.WAID))).Only(ctx)
	if !ent.IsNotFound(err) {
		return u, err
	}
	name := strings.TrimSpace(m.ProfileName)
	if name == "" {
		name = "+" + m.WAID
	}
	if utf8.RuneCountInString(name) > 128 {
		name = string([]rune(name)[:128])
	}
	c := db.User.Create().SetEmail(ContactEmail(m.WAID)).SetName(name).SetRole(user.RoleClientMember).
		SetPasswordHash(contactPassword).SetPartnerID(m.PartnerID).SetClientID(m.ClientID).SetDisabled(true)
	if len(m.WAID) < 16 {
		c.SetPhoneNumber("+" + m.WAID)
	}
	return c.Save(ctx)
}

// requesterReply adds body as the requester's (author's) public reply to the unfinished
// ticket t with db: a ticket waiting on the customer becomes open again.
func (s *Service) requesterReply(ctx context.Context, db *ent.Client, t *ent.Ticket, author, body string, masked int, now time.Time) error {
	if _, err := s.addMessage(ctx, db, t, "public_reply", "requester", &author, body, masked, now); err != nil {
		return err
	}
	if t.Status == ticket.StatusWaitingOnCustomer {
		_, err := s.transition(ctx, db, t, "open", now, "the requester replied")
		return err
	}
	return db.Ticket.UpdateOne(t).SetModifiedAt(now).Exec(ctx)
}

// whatsAppSubject is a WhatsApp ticket's subject: the first line of its first message.
func whatsAppSubject(body, profileName, waID string) string {
	line, _, _ := strings.Cut(body, "\n")
	line = strings.TrimSpace(line)
	if line == "" || line == "(a WhatsApp message without text)" {
		who := strings.TrimSpace(profileName)
		if who == "" {
			who = "+" + waID
		}
		line = "WhatsApp message from " + who
	}
	if utf8.RuneCountInString(line) > maxSubject {
		line = string([]rune(line)[:maxSubject-1]) + "…"
	}
	return line
}

// numberLanguages are the languages support answers in, by the country calling codes
// that speak them; anyone else is answered in English.
var numberLanguages = []struct{ prefix, language string }{
	{"55", "pt-BR"}, {"49", "de"}, {"43", "de"}, {"41", "de"}, {"90", "tr"}, {"91", "hi"}, {"7", "ru"},
	{"34", "es"}, {"52", "es"}, {"54", "es"}, {"56", "es"}, {"57", "es"}, {"51", "es"}, {"58", "es"},
}

// languageOfNumber is the language a WhatsApp ticket is routed by, from the country of
// the user's number.
func languageOfNumber(waID string) string {
	for _, l := range numberLanguages {
		if strings.HasPrefix(waID, l.prefix) {
			return l.language
		}
	}
	return Fallback
}

// whatsAppReply is how an agent's public reply goes out on a WhatsApp ticket.
type whatsAppReply struct {
	waID     string
	text     string                   // free-form: the reply as stored
	template *WhatsAppTemplateRequest // or this template
	body     string                   // what the ticket stores
}

// maxWhatsAppText is the longest text message WhatsApp carries.
const maxWhatsAppText = 4096

// planWhatsApp decides how the agent's public reply body (already masked) or tmpl goes
// out on ticket id: nil when the ticket did not come from the support number (tmpl is
// then refused). Free-form needs the user's window open; a template must be one of the
// platform WABA's approved templates with a text for each parameter, and is stored as its
// body with the parameters filled in. field names the reply's text in errors.
//
// Errors: not_found, validation_failed, whatsapp_window_closed.
func (s *Service) planWhatsApp(ctx context.Context, id, field, body string, tmpl *WhatsAppTemplateRequest) (*whatsAppReply, error) {
	t, err := s.db.Ticket.Get(ctx, id)
	if err != nil {
		return nil, apperr.From(err)
	}
	if t.WhatsappWaID == nil || s.whatsapp == nil {
		if tmpl != nil {
			return nil, apperr.Validation("whatsapp_template: only for tickets that came from the support desk's WhatsApp number")
		}
		return nil, nil
	}
	out := &whatsAppReply{waID: *t.WhatsappWaID, text: body, body: body}
	if tmpl != nil {
		if body != "" {
			return nil, apperr.Validation(field + ": leave it empty when sending a WhatsApp template: the reply is the template's text")
		}
		if out.body, err = s.checkTemplate(ctx, tmpl); err != nil {
			return nil, err
		}
		out.template, out.text = tmpl, ""
		return out, nil
	}
	if utf8.RuneCountInString(body) > maxWhatsAppText {
		return nil, apperr.Validation(fmt.Sprintf("%s: a WhatsApp message carries at most %d characters", field, maxWhatsAppText))
	}
	contacts, err := s.whatsapp.Contacts(ctx, []string{out.waID})
	if err != nil {
		return nil, apperr.From(err)
	}
	if windowEnd(contacts[out.waID], s.clock.Now()) == nil {
		return nil, ErrWhatsAppWindowClosed.New("The WhatsApp user last wrote more than 24 hours ago, so a free-form reply cannot reach them: send an approved template (whatsapp_template) instead.")
	}
	return out, nil
}

// placeholder is a template parameter in a body text.
var placeholder = regexp.MustCompile(`\{\{\s*(\d+)\s*\}\}`)

// checkTemplate checks tmpl against the platform WABA's approved templates and returns its
// body with the parameters filled in.
//
// Errors: validation_failed.
func (s *Service) checkTemplate(ctx context.Context, tmpl *WhatsAppTemplateRequest) (string, error) {
	templates, err := s.whatsapp.Templates(ctx)
	if err != nil {
		return "", apperr.From(err)
	}
	i := slices.IndexFunc(templates, func(w WhatsAppTemplate) bool { return w.Name == tmpl.Name && w.Language == tmpl.Language })
	if i < 0 {
		return "", apperr.Validation("whatsapp_template: no approved template " + tmpl.Name + " (" + tmpl.Language + ") of the support number to send")
	}
	w := templates[i]
	var problems []string
	if len(tmpl.Parameters) != w.Parameters {
		problems = append(problems, fmt.Sprintf("whatsapp_template.parameters: the template %s takes %d parameters, not %d", w.Name, w.Parameters, len(tmpl.Parameters)))
	}
	for i, p := range tmpl.Parameters {
		switch {
		case strings.TrimSpace(p) == "":
			problems = append(problems, fmt.Sprintf("whatsapp_template.parameters[%d]: is required", i))
		case utf8.RuneCountInString(p) > 1024:
			problems = append(problems, fmt.Sprintf("whatsapp_template.parameters[%d]: must be at most 1024 characters", i))
		case strings.ContainsAny(p, "\n\t") || strings.Contains(p, "     "):
			// WhatsApp refuses parameters with new lines, tabs or more than four spaces in a row.
			problems = append(problems, fmt.Sprintf("whatsapp_template.parameters[%d]: must be one line without tabs or runs of spaces", i))
		}
	}
	if len(problems) > 0 {
		return "", apperr.Validation(problems...)
	}
	filled := placeholder.ReplaceAllStringFunc(w.Body, func(ph string) string {
		var n int
		fmt.Sscanf(placeholder.FindStringSubmatch(ph)[1], "%d", &n)
		if n >= 1 && n <= len(tmpl.Parameters) {
			return strings.TrimSpace(tmpl.Parameters[n-1])
		}
		return ph
	})
	body, _ := keyformat.Redact(filled)
	return body, nil
}

// windowEnd is when c's customer-service window closes, or nil when it is closed at now.
func windowEnd(c WhatsAppContact, now time.Time) *time.Time {
	if c.LastInboundAt == nil {
		return nil
	}
	end := c.LastInboundAt.UTC().Add(WhatsAppWindow)
	if !now.Before(end) {
		return nil
	}
	return &end
}

// sendWhatsApp sends the stored reply replyID of ticket id as planned, as the viewer in
// ctx. A refused send is written into the ticket as an internal note for support (the
// reply stays, its delivery says not_sent).
func (s *Service) sendWhatsApp(ctx context.Context, id, replyID string, wa *whatsAppReply) {
	if wa == nil || replyID == "" {
		return
	}
	err := s.whatsapp.Send(ctx, WhatsAppOutgoing{TicketMessageID: replyID, WAID: wa.waID, Text: wa.text, Template: wa.template})
	if err == nil {
		return
	}
	s.log.Warn("support reply not sent on WhatsApp", "ticket", id, "message", replyID, "error", err.Error())
	words := err.Error()
	var ae *apperr.Error
	if errors.As(err, &ae) && ae.Message != "" {
		words = ae.Message
	}
	note := "This reply was not sent on WhatsApp: " + words
	err = storage.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		t, err := tx.Ticket.Get(ctx, id)
		if err != nil {
			return err
		}
		_, err = s.addMessage(ctx, tx.Client(), t, "internal_note", "system", nil, note, 0, s.now())
		return err
	})
	if err != nil {
		s.log.Error("support: recording a failed WhatsApp send", "ticket", id, "error", err.Error())
	}
}

// WhatsAppTemplates lists the templates an agent can send on ticket id when the user's
// window is closed: the approved templates of the platform's WABA whose parameters are
// all in the body. Support staff only.
//
// Errors: forbidden, not_found, not_whatsapp_ticket.
func (s *Service) WhatsAppTemplates(ctx context.Context, id string) ([]WhatsAppTemplate, error) {
	if !IsStaff(tenancy.FromContext(ctx)) {
		return nil, apperr.ErrForbidden.New("WhatsApp templates are for support staff.")
	}
	t, err := s.db.Ticket.Get(ctx, id)
	if err != nil {
		return nil, apperr.From(err)
	}
	if t.WhatsappWaID == nil {
		return nil, ErrNotWhatsAppTicket.New("This ticket did not come from the support desk's WhatsApp number; its replies are not sent on WhatsApp.")
	}
	out := []WhatsAppTemplate{}
	if s.whatsapp == nil {
		return out, nil
	}
	ts, err := s.whatsapp.Templates(ctx)
	if err != nil {
		return nil, apperr.From(err)
	}
	return append(out, ts...), nil
}

// whatsAppViews fills in the WhatsApp side of the whatsapp tickets among out.
func (s *Service) whatsAppViews(ctx context.Context, tickets []*ent.Ticket, out []TicketView) error {
	var waIDs []string
	for _, t := range tickets {
		if t.WhatsappWaID != nil {
			waIDs = append(waIDs, *t.WhatsappWaID)
		}
	}
	if len(waIDs) == 0 {
		return nil
	}
	contacts := map[string]WhatsAppContact{}
	if s.whatsapp != nil {
		var err error
		if contacts, err = s.whatsapp.Contacts(ctx, slices.Compact(slices.Sorted(slices.Values(waIDs)))); err != nil {
			return err
		}
	}
	now := s.clock.Now()
	for i, t := range tickets {
		if t.WhatsappWaID == nil {
			continue
		}
		c := contacts[*t.WhatsappWaID]
		out[i].WhatsApp = &WhatsAppView{WAID: *t.WhatsappWaID, Name: c.ProfileName, WindowExpiresAt: windowEnd(c, now)}
	}
	return nil
}

// deliveries fills in the delivery of the agents' public replies among d's messages, from
// the WhatsApp messages that carried them.
func (s *Service) deliveries(ctx context.Context, t *ent.Ticket, msgs []*ent.TicketMessage, views []MessageView) error {
	if t.WhatsappWaID == nil {
		return nil
	}
	var ids []string
	for _, m := range msgs {
		if m.Kind == ticketmessage.KindPublicReply && m.AuthorSide == ticketmessage.AuthorSideAgent {
			ids = append(ids, m.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	// The WhatsApp messages carrying a ticket's replies are the hub's record of how they
	// fared; they belong to the platform's support number, whoever reads the ticket.
	sent, err := s.db.Message.Query().Where(message.TicketMessageIDIn(ids...)).All(tenancy.AsSystem(ctx, tenancy.Bookkeeping))
	if err != nil {
		return err
	}
	byReply := map[string]*ent.Message{}
	for _, m := range sent {
		byReply[*m.TicketMessageID] = m
	}
	for i, m := range msgs {
		if !slices.Contains(ids, m.ID) {
			continue
		}
		w, ok := byReply[m.ID]
		if !ok {
			views[i].Delivery = &DeliveryView{Status: "not_sent"}
			continue
		}
		at := w.StatusAt.UTC()
		dv := &DeliveryView{MessageID: w.ID, Status: string(w.Status), TemplateName: w.TemplateName, StatusAt: &at}
		if w.ErrorCode != nil {
			dv.Error = &DeliveryError{Code: *w.ErrorCode, Title: w.ErrorTitle, Details: w.ErrorDetails}
		}
		views[i].Delivery = dv
	}
	return nil
}
