// Package media keeps the files of the Messaging API: uploaded with POST /media (or received
// from a WhatsApp user, written by the simulator) and kept in the database, so that every
// instance serves them, for 30 days. Ids are numeric, as Meta's are; a channel reaches
// only its own media — another channel's id does not exist for it.
package media

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"math/big"
	"path"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/partnerhub/partnerhub/ent"
	entmedia "github.com/partnerhub/partnerhub/ent/media"
	"github.com/partnerhub/partnerhub/ent/predicate"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// Retention is how long media is kept: from then on it is absent, and PurgeExpired
// removes it.
const Retention = 30 * 24 * time.Hour

// purgeBatch is how many expired files one statement of PurgeExpired deletes.
const purgeBatch = 200

// Service keeps media.
type Service struct {
	db        *ent.Client
	clock     clock.Clock
	publicURL string
}

// New returns the media service; publicURL is where download URLs point.
func New(db *ent.Client, clk clock.Clock, publicURL string) *Service {
	return &Service{db: db, clock: clk, publicURL: strings.TrimRight(publicURL, "/")}
}

// View is a media object as the Cloud API describes it (GET /{media_id}).
type View struct {
	MessagingProduct string `json:"messaging_product" example:"whatsapp"`
	// URL downloads the file, with the channel's D360-API-KEY.
	URL      string `json:"url" example:"https://hub.example.com/whatsapp_business/attachments/?mid=1037543291543636"`
	MimeType string `json:"mime_type" example:"image/jpeg"`
	// SHA256 is the hex SHA-256 of the file.
	SHA256   string `json:"sha256"`
	FileSize int64  `json:"file_size" example:"303833"`
	ID       string `json:"id" example:"1037543291543636"`
}

// The Messaging API authenticates with a channel key, which speaks for one channel and
// brings no viewer: Upload, Get, Download, Delete and Exists act as the system on that
// channel's media only. channelID is the channel the verified key names, never input the
// caller chooses.

// Upload stores a file for the channel and returns its id. declaredType is the MIME type
// the client sends; the bytes must be a file of that type and within its limit.
//
// Errors: media_type_not_accepted, media_type_mismatch, media_too_large, validation_failed, not_found.
func (s *Service) Upload(ctx context.Context, channelID, declaredType, filename string, data []byte) (string, error) {
	mt, kind, err := check(declaredType, data)
	if err != nil {
		return "", err
	}
	// No viewer: the verified channel key names the channel; its row gives the tenant.
	sys := tenancy.AsSystem(ctx, tenancy.Credentials)
	ch, err := s.db.Channel.Get(sys, channelID)
	if ent.IsNotFound(err) {
		return "", apperr.NotFoundf("The channel does not exist.")
	}
	if err != nil {
		return "", apperr.From(err)
	}
	return s.insert(sys, s.db, ch.ID, ch.PartnerID, ch.ClientID, mt, kind, cleanFilename(filename), data)
}

// Store keeps a file a WhatsApp user sent to the channel (the simulator writes inbound
// media) and returns its id, in tx when tx is not nil. The same type rules as for uploads
// apply; Placeholder makes a valid file of each media type.
//
// Errors: media_type_not_accepted, media_type_mismatch, media_too_large, validation_failed.
func (s *Service) Store(ctx context.Context, tx *ent.Client, channelID, partnerID, clientID, mimeType string, data []byte) (string, error) {
	mt, kind, err := check(mimeType, data)
	if err != nil {
		return "", err
	}
	if tx == nil {
		tx = s.db
	}
	// The simulator delivers a user's file to the channel it writes to (partnerID and
	// clientID are that channel's); no viewer asked for it.
	return s.insert(tenancy.AsSystem(ctx, tenancy.BackgroundJob), tx, channelID, partnerID, clientID, mt, kind, "", data)
}

// Get describes one of the channel's media.
//
// Errors: media_not_found.
func (s *Service) Get(ctx context.Context, channelID, id string) (View, error) {
	// No viewer: the verified channel key names the channel (see above).
	m, err := s.find(tenancy.AsSystem(ctx, tenancy.Credentials), channelID, id,
		entmedia.FieldID, entmedia.FieldMimeType, entmedia.FieldSha256, entmedia.FieldFileSize)
	if err != nil {
		return View{}, err
	}
	return View{MessagingProduct: "whatsapp", URL: s.URL(m.ID), MimeType: m.MimeType, SHA256: m.Sha256, FileSize: m.FileSize, ID: m.ID}, nil
}

// Download returns the type and bytes of one of the channel's media.
//
// Errors: media_not_found.
func (s *Service) Download(ctx context.Context, channelID, id string) (string, []byte, error) {
	// No viewer: the verified channel key names the channel (see above).
	m, err := s.find(tenancy.AsSystem(ctx, tenancy.Credentials), channelID, id, entmedia.FieldMimeType, entmedia.FieldData)
	if err != nil {
		return "", nil, err
	}
	return m.MimeType, m.Data, nil
}

// Delete removes one of the channel's media at once.
//
// Errors: media_not_found.
func (s *Service) Delete(ctx context.Context, channelID, id string) error {
	// No viewer: the verified channel key names the channel (see above).
	n, err := s.db.Media.Delete().Where(s.live(channelID, id)...).Exec(tenancy.AsSystem(ctx, tenancy.Credentials))
	if err != nil {
		return apperr.From(err)
	}
	if n == 0 {
		return notFound(id)
	}
	return nil
}

// Exists reports whether the channel has the media id (for sending media by id), with its
// MIME type; TypeOf gives its message media type.
func (s *Service) Exists(ctx context.Context, channelID, id string) (string, bool, error) {
	// The sender's channel, whose key (or whose owner's access) the caller checked; only
	// that channel's media are read.
	sys := tenancy.AsSystem(ctx, tenancy.Credentials)
	m, err := s.db.Media.Query().Where(s.live(channelID, id)...).Select(entmedia.FieldMimeType).Only(sys)
	if ent.IsNotFound(err) {
		return "", false, nil
	}
	if err != nil {
		return "", false, apperr.From(err)
	}
	return m.MimeType, true, nil
}

// PurgeExpired deletes the media past their 30 days (already absent to every caller) and
// returns how many it deleted. Instances may run it at the same time.
func (s *Service) PurgeExpired(ctx context.Context) (int, error) {
	// A sweep no request asked for: expired media of every tenant.
	sys := tenancy.AsSystem(ctx, tenancy.BackgroundJob)
	now := s.clock.Now()
	total := 0
	for {
		ids, err := s.db.Media.Query().Where(entmedia.ExpiresAtLTE(now)).Limit(purgeBatch).IDs(sys)
		if err != nil {
			return total, apperr.From(err)
		}
		if len(ids) == 0 {
			return total, nil
		}
		n, err := s.db.Media.Delete().Where(entmedia.IDIn(ids...), entmedia.ExpiresAtLTE(now)).Exec(sys)
		if err != nil {
			return total, apperr.From(err)
		}
		total += n
		if len(ids) < purgeBatch {
			return total, nil
		}
	}
}

// URL is where the media of id is downloaded (with the channel's key).
func (s *Service) URL(id string) string {
	return s.publicURL + "/whatsapp_business/attachments/?mid=" + id
}

// live selects the channel's media id while it is kept: expired media are absent even
// before PurgeExpired removes them.
func (s *Service) live(channelID, id string) []predicate.Media {
	return []predicate.Media{entmedia.ID(id), entmedia.ChannelID(channelID), entmedia.ExpiresAtGT(s.clock.Now())}
}

// find reads the given fields of the channel's media id.
//
// Errors: media_not_found.
func (s *Service) find(ctx context.Context, channelID, id string, fields ...string) (*ent.Media, error) {
	m, err := s.db.Media.Query().Where(s.live(channelID, id)...).Select(fields...).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, notFound(id)
	}
	if err != nil {
		return nil, apperr.From(err)
	}
	return m, nil
}

// notFound is the refusal for an id the channel does not have.
//
// Errors: media_not_found.
func notFound(id string) error {
	return ErrMediaNotFound.Newf("Media %s does not exist (or is another number's, or older than 30 days).", id)
}

// insert writes a checked file under a new id. A clash of ids (one in 10^15 per file)
// takes another id.
func (s *Service) insert(ctx context.Context, db *ent.Client, channelID, partnerID, clientID, mimeType, kind, filename string, data []byte) (string, error) {
	sum := sha256.Sum256(data)
	now := s.clock.Now()
	for attempt := 0; ; attempt++ {
		id, err := newID()
		if err != nil {
			return "", apperr.From(err)
		}
		err = db.Media.Create().SetID(id).SetPartnerID(partnerID).SetClientID(clientID).SetChannelID(channelID).
			SetType(kind).SetMimeType(mimeType).SetSha256(hex.EncodeToString(sum[:])).SetFileSize(int64(len(data))).
			SetFilename(filename).SetData(data).SetCreatedAt(now).SetExpiresAt(now.Add(Retention)).Exec(ctx)
		if ent.IsConstraintError(err) && attempt < 3 {
			continue
		}
		if err != nil {
			return "", apperr.From(err)
		}
		return id, nil
	}
}

// newID returns a random 16-digit id, as Meta's media ids look.
func newID() (string, error) {
	n, err := rand.Int(rand.Reader, big.NewInt(9e15))
	if err != nil {
		return "", err
	}
	return n.Add(n, big.NewInt(1e15)).String(), nil
}

// check judges a file: its declared type must be accepted, its size within that type's
// limit, and its bytes a file of that type. It returns the type (normalised) and the
// message media type.
//
// Errors: media_type_not_accepted, media_too_large, validation_failed, media_type_mismatch.
func check(declaredType string, data []byte) (string, string, error) {
	mt := normalize(declaredType)
	r, ok := rules[mt]
	if !ok {
		return "", "", ErrTypeNotAccepted.Newf("%q is not a type WhatsApp takes; it takes %s.", strings.TrimSpace(declaredType), strings.Join(accepted, ", "))
	}
	if int64(len(data)) > r.limit {
		return "", "", ErrTooLarge.Newf("The file is %d bytes; %s files may be at most %s (%d bytes).", len(data), mt, sizeWords(r.limit), r.limit)
	}
	if len(data) == 0 {
		return "", "", apperr.Validation("file: is empty")
	}
	if got := sniff(data); !slices.Contains(got, mt) {
		return "", "", ErrTypeMismatch.Newf("The file was declared as %s, but its contents are %s.", mt, describe(data))
	}
	return mt, r.kind, nil
}

// cleanFilename keeps the last path element of a client's file name, without control
// characters, at most 255 bytes.
func cleanFilename(name string) string {
	name = path.Base(strings.ReplaceAll(name, "\\", "/"))
	if name == "." || name == "/" {
		return ""
	}
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return -1
		}
		return r
	}, name)
	for len(name) > 255 {
		_, size := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-size]
	}
	return name
}
