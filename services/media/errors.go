package media

import "github.com/partnerhub/partnerhub/services/apperr"

// The codes this package returns. The Messaging API answers them in Meta's error shape
// (handlers/media.go): media_not_found as Graph API code 100, the upload refusals as
// 100 (type not accepted) or 131053 (media upload error).
var (
	// ErrMediaNotFound: no media of the channel has this id (never uploaded, deleted,
	// past its 30 days, or another channel's).
	ErrMediaNotFound = apperr.Define("media_not_found", apperr.NotFound, "No media of this number has that id: it was never uploaded here, was deleted, or is older than 30 days.")
	// ErrTypeNotAccepted: the declared MIME type is not one the Cloud API takes.
	ErrTypeNotAccepted = apperr.Define("media_type_not_accepted", apperr.Invalid, "The file's declared type is not one WhatsApp takes (JPEG, PNG, WebP stickers, MP4 and 3GPP video, AAC, MP4, MPEG, AMR and Ogg audio, PDF, text and Office documents).")
	// ErrTypeMismatch: the bytes are not a file of the declared type.
	ErrTypeMismatch = apperr.Define("media_type_mismatch", apperr.Invalid, "The file's contents are not of the type it was declared as (judged from its bytes).")
	// ErrTooLarge: the file is over the limit of its type.
	ErrTooLarge = apperr.Define("media_too_large", apperr.TooLarge, "The file is larger than WhatsApp allows for its type: 5 MB for images, 16 MB for video and audio, 100 MB for documents, 500 KB for stickers.")
)
