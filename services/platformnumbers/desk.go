package platformnumbers

import (
	"context"
	"errors"
	"regexp"
	"strconv"
	"strings"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/messagingcontact"
	"github.com/partnerhub/partnerhub/ent/wabatemplate"
	"github.com/partnerhub/partnerhub/services/messaging"
	"github.com/partnerhub/partnerhub/services/support"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// desk is the support number as the support desk uses it (support.WhatsAppDesk).
type desk struct{ s *Service }

// errNoSupportNumber: a reply to send, and no support number set up.
var errNoSupportNumber = errors.New("the support desk has no WhatsApp number: an operator sets it up under Platform numbers")

// Contacts returns what the support number knows of each of waIDs: their profile name and
// when they last wrote.
func (d desk) Contacts(ctx context.Context, waIDs []string) (map[string]support.WhatsAppContact, error) {
	// The support number's contacts are the platform's, shown with the tickets they
	// opened to whoever reads those tickets.
	sys := tenancy.AsSystem(ctx, tenancy.Bookkeeping)
	out := map[string]support.WhatsAppContact{}
	channelID, err := channelOf(sys, d.s.db, Support)
	if err != nil || channelID == "" || len(waIDs) == 0 {
		return out, err
	}
	rows, err := d.s.db.MessagingContact.Query().
		Where(messagingcontact.ChannelID(channelID), messagingcontact.WaIDIn(waIDs...)).All(sys)
	if err != nil {
		return nil, err
	}
	for _, c := range rows {
		out[c.WaID] = support.WhatsAppContact{ProfileName: c.ProfileName, LastInboundAt: c.LastInboundAt}
	}
	return out, nil
}

// Templates lists the approved templates of the support number's WABA that an agent can
// send from a ticket: every parameter in the body, none in a header or button;
// authentication templates (codes) are not the desk's.
func (d desk) Templates(ctx context.Context) ([]support.WhatsAppTemplate, error) {
	// The platform's templates, read for support staff replying from the support number.
	sys := tenancy.AsSystem(ctx, tenancy.PlatformSetup)
	out := []support.WhatsAppTemplate{}
	channelID, err := channelOf(sys, d.s.db, Support)
	if err != nil || channelID == "" {
		return out, err
	}
	ch, err := d.s.db.Channel.Get(sys, channelID)
	if err != nil {
		return nil, err
	}
	rows, err := d.s.db.WABATemplate.Query().Where(wabatemplate.WabaID(ch.WabaID), wabatemplate.StatusEQ(wabatemplate.StatusApproved),
		wabatemplate.CategoryNEQ(wabatemplate.CategoryAUTHENTICATION)).
		Order(ent.Asc(wabatemplate.FieldName), ent.Asc(wabatemplate.FieldLanguage)).All(sys)
	if err != nil {
		return nil, err
	}
	for _, t := range rows {
		body, params, ok := Sendable(t.Components)
		if !ok {
			continue
		}
		out = append(out, support.WhatsAppTemplate{Name: t.Name, Language: t.Language, Category: string(t.Category), Body: body, Parameters: params})
	}
	return out, nil
}

// Send sends a stored support reply from the support number as the viewer in ctx (the
// agent), linked to the reply.
func (d desk) Send(ctx context.Context, o support.WhatsAppOutgoing) error {
	// The number the reply goes out from is a platform setting.
	channelID, err := channelOf(tenancy.AsSystem(ctx, tenancy.PlatformSetup), d.s.db, Support)
	if err != nil {
		return err
	}
	if channelID == "" {
		return errNoSupportNumber
	}
	from := messaging.Sender{ChannelID: channelID, TicketMessageID: o.TicketMessageID}
	if v := tenancy.FromContext(ctx); v != nil {
		from.UserID = v.UserID
	}
	r := messaging.Request{MessagingProduct: "whatsapp", RecipientType: "individual", To: o.WAID}
	if o.Template != nil {
		r.Type = "template"
		r.Template = &messaging.Template{Name: o.Template.Name, Language: messaging.TemplateLanguage{Code: o.Template.Language}}
		if len(o.Template.Parameters) > 0 {
			c := messaging.TemplateComponent{Type: "body"}
			for _, p := range o.Template.Parameters {
				c.Parameters = append(c.Parameters, messaging.Parameter{Type: "text", Text: strings.TrimSpace(p)})
			}
			r.Template.Components = []messaging.TemplateComponent{c}
		}
	} else {
		r.Type, r.Text = "text", &messaging.Text{Body: o.Text}
	}
	_, err = d.s.messaging.Send(ctx, from, r)
	return err
}

// placeholder is a template parameter ({{1}}).
var placeholder = regexp.MustCompile(`\{\{\s*(\d+)\s*\}\}`)

// Sendable reads a template's components (Meta's shape): its body text and how many
// parameters the body takes (the highest {{n}}), and whether the desk can send it — no
// media or parameter in the header, no button that needs a parameter or a code.
func Sendable(components []map[string]any) (body string, params int, ok bool) {
	for _, c := range components {
		text, _ := c["text"].(string)
		switch strings.ToUpper(asString(c["type"])) {
		case "BODY":
			body = text
			for _, m := range placeholder.FindAllStringSubmatch(text, -1) {
				if n, err := strconv.Atoi(m[1]); err == nil && n > params {
					params = n
				}
			}
		case "HEADER":
			if f := strings.ToUpper(asString(c["format"])); (f != "" && f != "TEXT") || placeholder.MatchString(text) {
				return "", 0, false
			}
		case "BUTTONS":
			var buttons []map[string]any
			switch bs := c["buttons"].(type) {
			case []map[string]any:
				buttons = bs
			case []any:
				for _, b := range bs {
					bm, _ := b.(map[string]any)
					buttons = append(buttons, bm)
				}
			}
			for _, bm := range buttons {
				switch strings.ToUpper(asString(bm["type"])) {
				case "URL":
					if placeholder.MatchString(asString(bm["url"])) {
						return "", 0, false
					}
				case "OTP", "COPY_CODE", "FLOW", "CATALOG", "MPM":
					return "", 0, false
				}
			}
		}
	}
	return body, params, body != ""
}

func asString(v any) string {
	s, _ := v.(string)
	return s
}
