package media

import (
	"fmt"
	"mime"
	"strings"
)

// The size limits of Meta's Cloud API, per kind of media.
const (
	MaxImageBytes    = 5 << 20   // image/jpeg, image/png: 5 MB
	MaxVideoBytes    = 16 << 20  // video/mp4, video/3gpp: 16 MB
	MaxAudioBytes    = 16 << 20  // audio/aac, audio/mp4, audio/mpeg, audio/amr, audio/ogg: 16 MB
	MaxDocumentBytes = 100 << 20 // PDF, text, Office: 100 MB
	MaxStickerBytes  = 500 << 10 // image/webp: 500 KB (an animated sticker; a static one should stay under 100 KB)
	// MaxUploadBytes is the largest file of any kind.
	MaxUploadBytes = MaxDocumentBytes
)

// rule is what one accepted MIME type may be.
type rule struct {
	kind  string // the media type of a message: image, video, audio, document or sticker
	limit int64
}

// accepted lists the MIME types the Cloud API takes, in the order of Meta's own refusal
// message ("Param file must be a file with one of the following types: …").
var accepted = []string{
	"audio/aac", "audio/mp4", "audio/mpeg", "audio/amr", "audio/ogg",
	"application/vnd.ms-powerpoint", "application/msword",
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	"application/vnd.openxmlformats-officedocument.presentationml.presentation",
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	"application/pdf", "text/plain", "application/vnd.ms-excel",
	"image/jpeg", "image/png", "image/webp", "video/mp4", "video/3gpp",
}

var rules = map[string]rule{
	"image/jpeg": {"image", MaxImageBytes},
	"image/png":  {"image", MaxImageBytes},
	"video/mp4":  {"video", MaxVideoBytes},
	"video/3gpp": {"video", MaxVideoBytes},
	"audio/aac":  {"audio", MaxAudioBytes},
	"audio/mp4":  {"audio", MaxAudioBytes},
	"audio/mpeg": {"audio", MaxAudioBytes},
	"audio/amr":  {"audio", MaxAudioBytes},
	"audio/ogg":  {"audio", MaxAudioBytes},
	"image/webp": {"sticker", MaxStickerBytes},

	"application/pdf":               {"document", MaxDocumentBytes},
	"text/plain":                    {"document", MaxDocumentBytes},
	"application/msword":            {"document", MaxDocumentBytes},
	"application/vnd.ms-excel":      {"document", MaxDocumentBytes},
	"application/vnd.ms-powerpoint": {"document", MaxDocumentBytes},
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document":   {"document", MaxDocumentBytes},
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":         {"document", MaxDocumentBytes},
	"application/vnd.openxmlformats-officedocument.presentationml.presentation": {"document", MaxDocumentBytes},
}

// AcceptedTypes returns the MIME types an upload may declare, in Meta's order.
func AcceptedTypes() []string { return append([]string(nil), accepted...) }

// TypeOf returns the message media type (image, video, audio, document or sticker) of an
// accepted MIME type, and whether it is accepted; parameters and case are ignored.
func TypeOf(mimeType string) (string, bool) {
	r, ok := rules[normalize(mimeType)]
	return r.kind, ok
}

// LimitOf returns the largest file of an accepted MIME type, in bytes (0 for another type).
func LimitOf(mimeType string) int64 { return rules[normalize(mimeType)].limit }

// normalize lower-cases a MIME type and drops its parameters ("text/plain; charset=utf-8"
// is text/plain); it returns "" for what is no media type at all.
func normalize(mimeType string) string {
	mt, _, err := mime.ParseMediaType(strings.TrimSpace(mimeType))
	if err != nil {
		return ""
	}
	return mt
}

// sizeWords writes a byte count as the limits are stated (5 MB, 500 KB).
func sizeWords(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
