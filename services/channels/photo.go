package channels

import (
	"bytes"
	"context"
	"fmt"
	"image"
	_ "image/jpeg" // decoders for DecodeConfig
	_ "image/png"
	"net/http"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/channelphoto"
	"github.com/partnerhub/partnerhub/ent/schema/fieldtype"
	"github.com/partnerhub/partnerhub/services/apperr"
)

// MaxPhotoBytes is the largest profile photo accepted, 5 MB; 640×640 is recommended.
const MaxPhotoBytes = 5 << 20

// Photo is a stored profile photo.
type Photo struct {
	ContentType string
	Data        []byte
}

// SetPhoto stores a JPEG or PNG as the channel's profile photo. The type is judged from the
// bytes, not from what the client claims, and the image must decode. It returns the
// business profile, which links the new photo.
//
// Errors: forbidden, photo_too_large, validation_failed, not_found, channel_terminated.
func (s *Service) SetPhoto(ctx context.Context, sc Scope, id string, data []byte) (fieldtype.ProfileInfo, error) {
	if err := mayWrite(ctx); err != nil {
		return fieldtype.ProfileInfo{}, err
	}
	if len(data) > MaxPhotoBytes {
		return fieldtype.ProfileInfo{}, ErrPhotoTooLarge.Newf("The photo is %.1f MB; the limit is 5 MB.", float64(len(data))/(1<<20))
	}
	if len(data) == 0 {
		return fieldtype.ProfileInfo{}, apperr.Validation("photo: is empty")
	}
	ct := http.DetectContentType(data)
	if ct != "image/jpeg" && ct != "image/png" {
		return fieldtype.ProfileInfo{}, apperr.Validation("photo: must be a JPEG or PNG image")
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width < 1 || cfg.Height < 1 {
		return fieldtype.ProfileInfo{}, apperr.Validation("photo: is not a readable image")
	}
	if cfg.Width > 10000 || cfg.Height > 10000 {
		return fieldtype.ProfileInfo{}, apperr.Validation(fmt.Sprintf("photo: %d×%d is too large; 640×640 is recommended", cfg.Width, cfg.Height))
	}
	out, err := s.change(ctx, sc, id, func(tx *ent.Client, ch *ent.Channel) (*ent.Channel, map[string]any, error) {
		now := s.clock.Now()
		err := tx.ChannelPhoto.Create().SetID(ch.ID).SetPartnerID(ch.PartnerID).SetClientID(ch.ClientID).
			SetContentType(ct).SetData(data).SetWidth(cfg.Width).SetHeight(cfg.Height).SetUpdatedAt(now).
			OnConflictColumns(channelphoto.FieldID).UpdateNewValues().Exec(ctx)
		if err != nil {
			return nil, nil, err
		}
		p := ch.ProfileInfo
		p.ProfilePhotoURL = fmt.Sprintf("/api/v2/clients/%s/channels/%s/profile/photo?v=%d", ch.ClientID, ch.ID, now.Unix())
		ch, err = tx.Channel.UpdateOne(ch).SetProfileInfo(p).Save(ctx)
		return ch, map[string]any{"profile_photo": map[string]any{"content_type": ct, "width": cfg.Width, "height": cfg.Height, "bytes": len(data)}}, err
	}, "channel.profile_photo_set")
	if err != nil {
		return fieldtype.ProfileInfo{}, err
	}
	return profileOf(out.ProfileInfo), nil
}

// GetPhoto returns the channel's profile photo.
//
// Errors: not_found.
func (s *Service) GetPhoto(ctx context.Context, sc Scope, id string) (*Photo, error) {
	ch, err := s.get(ctx, s.db, sc, id)
	if err != nil {
		return nil, err
	}
	p, err := s.db.ChannelPhoto.Get(ctx, ch.ID)
	if err != nil {
		return nil, apperr.From(err)
	}
	return &Photo{ContentType: p.ContentType, Data: p.Data}, nil
}
