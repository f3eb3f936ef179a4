// Package fieldtype holds the Go types of the JSON columns, named and shaped as in the
// 360dialog Partner API. It is a leaf package so generated ent code can import it.
package fieldtype

// ContactInfo is the client's contact block, named as in the Partner API. Every field is
// present, "" when unknown: clients such as WABA360Dialog.NET read them all.
type ContactInfo struct {
	WebpageURL string `json:"webpage_url"`
	Phone      string `json:"phone"`
	Language   string `json:"language"`
	Country    string `json:"country"`
	StreetName string `json:"street_name"`
	City       string `json:"city"`
	Email      string `json:"email"`
	FullName   string `json:"full_name"`
	ZipCode    string `json:"zip_code"`
}

// ContactUser is the client's main contact person.
type ContactUser struct {
	Phone string `json:"phone"`
	Email string `json:"email"`
	Name  string `json:"name"`
}

// MetaInfo describes the client's business, named as in the Partner API.
type MetaInfo struct {
	BusinessVertical    string `json:"business_vertical"`
	Timezone            string `json:"timezone"`
	About               string `json:"about"`
	BusinessDescription string `json:"business_description"`
	UseCase             string `json:"use_case"`
}

// PointOfContact is a client's designated support point of contact, whom support escalations reach.
type PointOfContact struct {
	Name  string `json:"name"`
	Email string `json:"email"`
}

// SetupInfo is the channel's registration data, named and typed as in the Partner API
// (WABA360Dialog.NET's SetupInfo). Every field is present; verification_method alone is
// left out while unknown, because clients read it as an enum (sms, voice) that has no
// empty value.
type SetupInfo struct {
	PhoneNumber         string `json:"phone_number"`
	PhoneName           string `json:"phone_name"`
	WasInUse            bool   `json:"was_in_use"`
	IVR                 bool   `json:"ivr"`
	VerificationMethod  string `json:"verification_method,omitempty"`
	Certificate         string `json:"certificate"`
	NewNameStatus       string `json:"new_name_status"`
	DefaultLanguage     string `json:"default_language"`
	HasIntegrationLayer bool   `json:"has_integration_layer"`
	Error               string `json:"error"`
	ConfigurationType   string `json:"configuration_type"`
	Region              string `json:"region"`
	ShardsNumber        int    `json:"shards_number"`
}

// ProfileInfo is the channel's WhatsApp business profile, within WhatsApp's length limits.
type ProfileInfo struct {
	AboutText           string   `json:"about_text,omitempty"`
	Address             string   `json:"address,omitempty"`
	BusinessVertical    string   `json:"business_vertical,omitempty"`
	BusinessDescription string   `json:"business_description,omitempty"`
	ContactEmail        string   `json:"contact_email,omitempty"`
	Websites            []string `json:"websites,omitempty"`
	ProfilePhotoURL     string   `json:"profile_photo_url,omitempty"`
}

// Health is a channel's messaging health as the Messaging API reports it (reference §3.9):
// AVAILABLE, LIMITED or BLOCKED per entity; the overall value is the worst.
type Health struct {
	CanSendMessage string         `json:"can_send_message"`
	Entities       []HealthEntity `json:"entities"`
}

// HealthEntity is the health of one entity behind a channel.
type HealthEntity struct {
	EntityType     string   `json:"entity_type"` // PHONE_NUMBER, WABA, BUSINESS, APP
	ID             string   `json:"id"`
	CanSendMessage string   `json:"can_send_message"`
	AdditionalInfo []string `json:"additional_info,omitempty"`
	Errors         []string `json:"errors,omitempty"`
}

// Conversation is an open pricing conversation of a messaging contact: its id, as status
// webhooks carry it, and when it expires (24 hours after it opened).
type Conversation struct {
	ID        string `json:"id"`
	ExpiresAt int64  `json:"expires_at"` // UNIX seconds
}
