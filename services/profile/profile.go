// Package profile holds the WhatsApp business profile rules, as the Cloud API sets them:
// about ≤ 139 characters, address and description ≤ 256, email valid and ≤ 128, a
// vertical from a fixed list of 17 that cannot be reset to empty once set, at most two
// http(s) websites of ≤ 256 characters. The web UI enforces the same numbers.
package profile

import (
	"fmt"
	"net/mail"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/partnerhub/partnerhub/ent/schema/fieldtype"
	"github.com/partnerhub/partnerhub/services/apperr"
)

// Limits of the profile fields, in characters.
const (
	MaxAbout       = 139
	MaxAddress     = 256
	MaxDescription = 256
	MaxEmail       = 128
	MaxWebsites    = 2
	MaxWebsite     = 256
)

// Verticals are the accepted business verticals, exactly as Meta names them.
var Verticals = []string{
	"Automotive", "Beauty, Spa and Salon", "Clothing and Apparel", "Education", "Entertainment",
	"Event Planning and Service", "Finance and Banking", "Food and Grocery", "Public Service",
	"Hotel and Lodging", "Medical and Health", "Non-profit", "Professional Services",
	"Shopping and Retail", "Travel and Transportation", "Restaurant", "Other",
}

// Update is a partial change of a profile; nil fields stay as they are.
type Update struct {
	AboutText           *string   `json:"about_text,omitempty" maxLength:"139"`
	Address             *string   `json:"address,omitempty" maxLength:"256"`
	BusinessDescription *string   `json:"business_description,omitempty" maxLength:"256"`
	ContactEmail        *string   `json:"contact_email,omitempty" maxLength:"128"`
	BusinessVertical    *string   `json:"business_vertical,omitempty"`
	Websites            *[]string `json:"websites,omitempty"`
}

// Apply returns current changed by u, or an Invalid error listing every broken rule.
//
// Errors: validation_failed.
func Apply(current fieldtype.ProfileInfo, u Update) (fieldtype.ProfileInfo, error) {
	var problems []string
	next := current
	text := func(field string, v *string, max int, dst *string) {
		if v == nil {
			return
		}
		s := strings.TrimSpace(*v)
		switch {
		case !utf8.ValidString(s):
			problems = append(problems, field+": must be valid UTF-8 text")
		case utf8.RuneCountInString(s) > max:
			problems = append(problems, fmt.Sprintf("%s: must be at most %d characters (has %d)", field, max, utf8.RuneCountInString(s)))
		default:
			*dst = s
		}
	}
	text("about_text", u.AboutText, MaxAbout, &next.AboutText)
	text("address", u.Address, MaxAddress, &next.Address)
	text("business_description", u.BusinessDescription, MaxDescription, &next.BusinessDescription)
	if u.ContactEmail != nil {
		e := strings.TrimSpace(*u.ContactEmail)
		switch {
		case e == "":
			next.ContactEmail = ""
		case utf8.RuneCountInString(e) > MaxEmail:
			problems = append(problems, fmt.Sprintf("contact_email: must be at most %d characters", MaxEmail))
		case !validEmail(e):
			problems = append(problems, "contact_email: must be a valid email address")
		default:
			next.ContactEmail = e
		}
	}
	if u.BusinessVertical != nil {
		v := *u.BusinessVertical
		switch {
		case v == "" && current.BusinessVertical != "":
			problems = append(problems, "business_vertical: cannot be reset to empty once set")
		case v != "" && !slices.Contains(Verticals, v):
			problems = append(problems, "business_vertical: must be one of: "+strings.Join(Verticals, "; "))
		default:
			next.BusinessVertical = v
		}
	}
	if u.Websites != nil {
		sites := *u.Websites
		if len(sites) > MaxWebsites {
			problems = append(problems, fmt.Sprintf("websites: at most %d", MaxWebsites))
		}
		clean := make([]string, 0, len(sites))
		for i, w := range sites {
			w = strings.TrimSpace(w)
			if err := checkWebsite(w); err != "" {
				problems = append(problems, fmt.Sprintf("websites[%d]: %s", i, err))
				continue
			}
			clean = append(clean, w)
		}
		next.Websites = clean
	}
	if len(problems) > 0 {
		return current, apperr.Validation(problems...)
	}
	return next, nil
}

func checkWebsite(w string) string {
	if utf8.RuneCountInString(w) > MaxWebsite {
		return fmt.Sprintf("must be at most %d characters", MaxWebsite)
	}
	u, err := url.Parse(w)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "must be a URL starting with http:// or https://"
	}
	return ""
}

func validEmail(e string) bool {
	a, err := mail.ParseAddress(e)
	return err == nil && a.Address == e && strings.Contains(e[strings.LastIndexByte(e, '@'):], ".")
}
