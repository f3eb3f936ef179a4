package support

import (
	"context"
	"slices"
	"strings"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/kbarticle"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/sla"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// InfoItem is one piece of information a topic's hub submission must include. "channel_id"
// is the ticket's affected number; every other key is an entry of the ticket's details.
type InfoItem struct {
	Key   string `json:"key" example:"error_message"`
	Label string `json:"label" example:"Error returned (code and text)"`
}

// Topic is a kind of support request with its default severity and the minimum
// information a hub submission must carry.
type Topic struct {
	Key  string `json:"key" example:"number_registration"`
	Name string `json:"name" example:"Number registration"`
	// Severity is the default under the standard support package; PremiumSeverity under
	// the premium package (number registration is urgent there).
	Severity        string     `json:"severity" enums:"critical,urgent,standard"`
	PremiumSeverity string     `json:"premium_severity" enums:"critical,urgent,standard"`
	Required        []InfoItem `json:"required"`
}

// SeverityFor is the topic's default severity under support package pkg.
func (t Topic) SeverityFor(pkg string) string {
	if pkg == "premium" {
		return t.PremiumSeverity
	}
	return t.Severity
}

var (
	infoChannel     = InfoItem{"channel_id", "Affected number"}
	infoStarted     = InfoItem{"started_at", "When it started (date, time and time zone)"}
	infoError       = InfoItem{"error_message", "Error returned (code and text)"}
	infoPhone       = InfoItem{"phone_number", "Phone number (E.164, e.g. +4915112345678)"}
	infoBusinessID  = InfoItem{"business_manager_id", "Meta Business Manager id"}
	infoWABA        = InfoItem{"waba_id", "WhatsApp Business Account id"}
	infoEndpoint    = InfoItem{"endpoint", "Endpoint called (method and URL)"}
	infoMessageID   = InfoItem{"message_id", "Example message id (wamid)"}
	infoTemplate    = InfoItem{"template_name", "Template name and language"}
	infoProvider    = InfoItem{"current_provider", "Current provider or partner of the number"}
	infoStep        = InfoItem{"onboarding_step", "Step where onboarding stopped"}
	infoDestination = InfoItem{"destination_partner", "Partner the number moves to"}
	infoInvoice     = InfoItem{"invoice_reference", "Invoice number or billing period"}
	topicStandard   = func(key, name string, req ...InfoItem) Topic { return Topic{key, name, "standard", "standard", req} }
	topicOfSeverity = func(sev, key, name string, req ...InfoItem) Topic { return Topic{key, name, sev, sev, req} }
)

// Topics is the catalogue, in the order the new-ticket form offers them.
var Topics = []Topic{
	topicOfSeverity("critical", "messaging_outage", "Messaging service stopped working", infoChannel, infoStarted, infoError),
	topicOfSeverity("critical", "api_unreachable", "360dialog API not reachable", infoEndpoint, infoStarted, infoError),
	topicOfSeverity("critical", "messaging_delays", "Long messaging delays", infoChannel, infoMessageID, infoStarted),
	topicOfSeverity("urgent", "number_migration", "Number porting (migration)", infoPhone, infoProvider),
	{Key: "number_registration", Name: "Number registration", Severity: "standard", PremiumSeverity: "urgent", Required: []InfoItem{infoPhone, infoError}},
	topicStandard("onboarding", "Onboarding (signup)", infoStep, infoError),
	topicStandard("templates", "Message templates", infoChannel, infoTemplate),
	topicStandard("business_verification", "Business verification", infoBusinessID),
	topicStandard("commerce_policy", "Commerce policy (account status)", infoWABA, infoBusinessID),
	topicStandard("partner_change", "Changing partners (ISVs)", infoPhone, infoDestination),
	topicStandard("official_business_account", "Official business account", infoChannel),
	topicStandard("billing", "Billing", infoInvoice),
	topicStandard("other", "Other"),
}

// TopicOf returns the topic called key.
func TopicOf(key string) (Topic, bool) {
	i := slices.IndexFunc(Topics, func(t Topic) bool { return t.Key == key })
	if i < 0 {
		return Topic{}, false
	}
	return Topics[i], true
}

// TopicKeys lists the topic keys, comma-separated, for messages.
var TopicKeys = func() string {
	keys := make([]string, len(Topics))
	for i, t := range Topics {
		keys[i] = t.Key
	}
	return strings.Join(keys, ", ")
}()

// Languages are the languages support answers in: English, Brazilian Portuguese, German,
// Spanish, Turkish, Hindi and Russian. English is the fallback.
var Languages = []string{"en", "pt-BR", "de", "es", "tr", "hi", "ru"}

// Fallback is the language every agent is expected to answer in when nobody speaks the
// ticket's language.
const Fallback = "en"

// NormaliseLanguage returns the catalogue spelling of lang ("PT-br" → "pt-BR"), or "".
func NormaliseLanguage(lang string) string {
	for _, l := range Languages {
		if strings.EqualFold(l, lang) || (l == "pt-BR" && strings.EqualFold(lang, "pt_br")) {
			return l
		}
	}
	return ""
}

// Severities and sources of tickets.
var (
	Severities = []string{"critical", "urgent", "standard"}
	Sources    = []string{"hub_chat", "email", "whatsapp"}
)

// TopicView is a topic as the new-ticket form shows it: the caller's default severity
// (under the caller's support package), what must be included, and articles to read first.
type TopicView struct {
	Topic
	DefaultSeverity string          `json:"default_severity" enums:"critical,urgent,standard"`
	KBArticles      []KBArticleView `json:"kb_articles"`
}

// TopicList returns the topic catalogue with each topic's published articles and its
// default severity for the caller: under the support package of the caller's client (or
// partner); support staff see the standard package's.
func (s *Service) TopicList(ctx context.Context) ([]TopicView, error) {
	v := tenancy.FromContext(ctx)
	pkg := "standard"
	if v != nil && !IsStaff(v) && v.PartnerID != "" {
		// A requester reads its own client's (or partner's) plan.
		if v.ClientID != "" {
			if c, err := s.db.ClientAccount.Get(ctx, v.ClientID); err == nil {
				pkg = sla.PackageOf(string(c.Plan))
			}
		} else if p, err := s.db.Partner.Get(ctx, v.PartnerID); err == nil {
			pkg = sla.PackageOf(string(p.PartnerPlan))
		}
	}
	arts, err := s.db.KBArticle.Query().Where(kbarticle.Published(true)).
		Order(ent.Asc(kbarticle.FieldTitle), ent.Asc(kbarticle.FieldID)).All(ctx)
	if err != nil {
		return nil, apperr.From(err)
	}
	byTopic := map[string][]KBArticleView{}
	for _, a := range arts {
		byTopic[a.Topic] = append(byTopic[a.Topic], ArticleView(a))
	}
	out := make([]TopicView, len(Topics))
	for i, t := range Topics {
		out[i] = TopicView{Topic: t, DefaultSeverity: t.SeverityFor(pkg), KBArticles: byTopic[t.Key]}
		if out[i].KBArticles == nil {
			out[i].KBArticles = []KBArticleView{}
		}
		if out[i].Required == nil {
			out[i].Required = []InfoItem{}
		}
	}
	return out, nil
}
