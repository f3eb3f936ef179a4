package channels

import (
	"context"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/channel"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/registration"
)

// Display-name length bounds, in characters.
const (
	MinDisplayName = 3
	MaxDisplayName = 128
)

// CheckDisplayName trims name and checks it reads as a business name: 3 to 128
// characters on one line, with at least one letter (a name of only digits, spaces and
// punctuation is not a name).
//
// Errors: validation_failed.
func CheckDisplayName(name string) (string, error) {
	name = strings.TrimSpace(name)
	n := utf8.RuneCountInString(name)
	switch {
	case n == 0:
		return "", apperr.Validation("display_name: is required")
	case strings.ContainsFunc(name, unicode.IsControl):
		return "", apperr.Validation("display_name: must be one line without control characters")
	case n < MinDisplayName || n > MaxDisplayName:
		return "", apperr.Validation(fmt.Sprintf("display_name: must be %d to %d characters long; it has %d", MinDisplayName, MaxDisplayName, n))
	case !strings.ContainsFunc(name, unicode.IsLetter):
		return "", apperr.Validation("display_name: must contain letters; a name made only of digits, spaces and punctuation is not accepted")
	}
	return name, nil
}

// ChangeDisplayName gives channel id a new display name. The change is a registration-type
// action: it counts against Meta's limit of 10 such actions per number in 72 hours, and the
// attempt that would exceed it is refused with a 429 and blocks the number. The attempt is
// counted only once the request is known to be valid for a channel the caller may change.
// It returns the channel as the API shows it.
//
// Errors: forbidden, validation_failed, not_found, channel_terminated,
// display_name_unchanged, registration_limit_reached.
func (s *Service) ChangeDisplayName(ctx context.Context, sc Scope, id, name string) (View, error) {
	if err := mayWrite(ctx); err != nil {
		return View{}, err
	}
	name, err := CheckDisplayName(name)
	if err != nil {
		return View{}, err
	}
	ch, err := s.get(ctx, s.db, sc, id)
	if err != nil {
		return View{}, err
	}
	switch {
	case ch.Status == channel.StatusTerminated:
		return View{}, ErrTerminated.New("This channel is terminated and cannot be changed.")
	case ch.SetupInfo.PhoneName == name:
		return View{}, ErrDisplayNameUnchanged.Newf("The display name is already %q.", name)
	}
	if err := s.registration.Consume(ctx, registration.Attempt{
		PhoneNumber: ch.PhoneNumber, Kind: registration.DisplayNameChange, PartnerID: ch.PartnerID, ObjectID: ch.ID,
	}); err != nil {
		return View{}, err
	}
	out, err := s.change(ctx, sc, id, func(tx *ent.Client, ch *ent.Channel) (*ent.Channel, map[string]any, error) {
		info := ch.SetupInfo
		from := info.PhoneName
		info.PhoneName = name
		ch, err := tx.Channel.UpdateOne(ch).SetSetupInfo(info).Save(ctx)
		return ch, map[string]any{"from": from, "to": name}, err
	}, "channel.display_name_changed")
	if err != nil {
		return View{}, err
	}
	return s.view(ctx, out)
}
