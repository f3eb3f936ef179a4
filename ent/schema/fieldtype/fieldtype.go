// Package fieldtype holds the Go types of the JSON columns, named and shaped as in the
// 360dialog Partner API. It is a leaf package so generated ent code can import it.
package fieldtype

// ContactInfo is the client's contact block, named as in the Partner API.
type ContactInfo struct {
	WebpageURL string `json:"webpage_url,omitempty"`
	Phone      string `json:"phone,omitempty"`
	Language   string `json:"language,omitempty"`
	Country    string `json:"country,omitempty"`
	StreetName string `json:"street_name,omitempty"`
	City       string `json:"city,omitempty"`
	Email      string `json:"email,omitempty"`
	FullName   string `json:"full_name,omitempty"`
	ZipCode    string `json:"zip_code,omitempty"`
}

// ContactUser is the client's main contact person.
type ContactUser struct {
	Phone string `json:"phone,omitempty"`
	Email string `json:"email,omitempty"`
	Name  string `json:"name,omitempty"`
}

// MetaInfo describes the client's business, named as in the Partner API.
type MetaInfo struct {
	BusinessVertical    string `json:"business_vertical,omitempty"`
	Timezone            string `json:"timezone,omitempty"`
	About               string `json:"about,omitempty"`
	BusinessDescription string `json:"business_description,omitempty"`
	UseCase             string `json:"use_case,omitempty"`
}

// PointOfContact is a client's designated support point of contact, whom support escalations reach.
type PointOfContact struct {
	Name  string `json:"name"`
	Email string `json:"email"`
}

// SetupInfo is the channel's registration data, named as in the Partner API.
type SetupInfo struct {
	PhoneNumber        string `json:"phone_number,omitempty"`
	PhoneName          string `json:"phone_name,omitempty"`
	WasInUse           bool   `json:"was_in_use"`
	VerificationMethod string `json:"verification_method,omitempty"`
	DefaultLanguage    string `json:"default_language,omitempty"`
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
