package handlers

import (
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/media"
	"github.com/partnerhub/partnerhub/services/messaging"
)

// The media of the Messaging API, as Meta's Cloud API (through 360dialog) has them: upload
// with POST /media, describe with GET /{media_id}, download from the url that gives, and
// DELETE /{media_id}. Every refusal comes in Meta's error shape (writeMetaError).

// mediaUploadRoute is the upload's route; limitBody gives it maxMediaBody.
const mediaUploadRoute = "/media"

// maxMediaBody leaves room around the largest file (a 100 MB document) for the multipart
// envelope and its two small fields.
const maxMediaBody = media.MaxUploadBytes + 64<<10

// MediaUploaded is the answer to an upload.
type MediaUploaded struct {
	ID string `json:"id" example:"1037543291543636"`
}

// MediaDeleted is the answer to a delete.
type MediaDeleted struct {
	Success bool `json:"success" example:"true"`
}

// uploadMedia godoc
//
//	@Summary      Upload media (Cloud API)
//	@Description  A multipart form: file (the file), type (its MIME type; the file part's own Content-Type when left out) and messaging_product "whatsapp". The type is judged from the bytes and must match the declared one. Accepted: image/jpeg and image/png up to 5 MB; video/mp4 and video/3gpp up to 16 MB; audio/aac, audio/mp4, audio/mpeg, audio/amr and audio/ogg up to 16 MB; application/pdf, text/plain and the Word, Excel and PowerPoint types (old and Open XML) up to 100 MB; image/webp (a sticker) up to 500 KB. The media is kept for 30 days; send it with {"id": …} in a media message. Refusals in Meta's error shape: 100 for a missing field or a type WhatsApp does not take, 131053 (media upload error) for a file over its limit, empty, or not of its declared type; 413 for a body over 100 MB.
//	@Tags         messaging
//	@Accept       multipart/form-data
//	@Produce      json
//	@Param        D360-API-KEY       header    string  true  "Channel API key"
//	@Param        file               formData  file    true  "The file"
//	@Param        type               formData  string  true  "Its MIME type, e.g. image/jpeg"
//	@Param        messaging_product  formData  string  true  "whatsapp"
//	@Success      200                {object}  MediaUploaded
//	@Failure      400                {object}  CloudAPIError
//	@Failure      401                {object}  MetaEnvelope
//	@Failure      413                {object}  CloudAPIError
//	@Router       /media [post]
func (s *Server) uploadMedia(c *gin.Context) {
	up, me := readMediaUpload(c)
	if me != nil {
		writeMetaError(c, me)
		return
	}
	id, err := s.hub.Media.Upload(c.Request.Context(), channelPrincipal(c).ChannelID, up.declared, up.filename, up.data)
	if err != nil {
		writeMetaError(c, uploadRefusal(err, up.declared))
		return
	}
	c.JSON(http.StatusOK, MediaUploaded{ID: id})
}

// getMedia godoc
//
//	@Summary      Describe media (Cloud API)
//	@Description  The url downloads the file with the same D360-API-KEY header. Only the channel's own media: another's id, a deleted one or one older than 30 days is Meta's error 100 (Unsupported get request, HTTP 400).
//	@Tags         messaging
//	@Produce      json
//	@Param        D360-API-KEY  header    string  true  "Channel API key"
//	@Param        media_id      path      string  true  "Media id (digits)"
//	@Success      200           {object}  media.View
//	@Failure      400           {object}  CloudAPIError
//	@Failure      401           {object}  MetaEnvelope
//	@Router       /{media_id} [get]
func (s *Server) getMedia(c *gin.Context) {
	v, err := s.hub.Media.Get(c.Request.Context(), channelPrincipal(c).ChannelID, c.Param("media_id"))
	if err != nil {
		writeMetaError(c, mediaRefusal(err, "get", c.Param("media_id")))
		return
	}
	c.JSON(http.StatusOK, v)
}

// downloadMedia godoc
//
//	@Summary      Download media (Cloud API)
//	@Description  The file's bytes with its MIME type, from the url of GET /{media_id}, with the channel's D360-API-KEY. An unknown id (another channel's, deleted, older than 30 days) is 404 with Meta's error 100.
//	@Tags         messaging
//	@Produce      application/octet-stream
//	@Param        D360-API-KEY  header    string  true  "Channel API key"
//	@Param        mid           query     string  true  "Media id"
//	@Success      200           {file}    binary
//	@Failure      400           {object}  CloudAPIError
//	@Failure      401           {object}  MetaEnvelope
//	@Failure      404           {object}  CloudAPIError
//	@Router       /whatsapp_business/attachments/ [get]
func (s *Server) downloadMedia(c *gin.Context) {
	id := c.Query("mid")
	if id == "" {
		writeMetaError(c, messaging.InvalidParameter("The parameter mid is required."))
		return
	}
	mt, data, err := s.hub.Media.Download(c.Request.Context(), channelPrincipal(c).ChannelID, id)
	if err != nil {
		var me *messaging.MetaError
		if errors.As(mediaRefusal(err, "get", id), &me) {
			me.HTTPStatus = http.StatusNotFound // a download URL that is gone
			err = me
		}
		writeMetaError(c, err)
		return
	}
	c.Header("Cache-Control", "private, no-cache")
	c.Header("X-Content-Type-Options", "nosniff")
	c.Header("Content-Disposition", "attachment")
	c.Data(http.StatusOK, mt, data)
}

// deleteMedia godoc
//
//	@Summary      Delete media (Cloud API)
//	@Description  Deletes one of the channel's media at once; its id no longer sends or downloads. Another channel's id is Meta's error 100 (Unsupported delete request, HTTP 400).
//	@Tags         messaging
//	@Produce      json
//	@Param        D360-API-KEY  header    string  true  "Channel API key"
//	@Param        media_id      path      string  true  "Media id (digits)"
//	@Success      200           {object}  MediaDeleted
//	@Failure      400           {object}  CloudAPIError
//	@Failure      401           {object}  MetaEnvelope
//	@Router       /{media_id} [delete]
func (s *Server) deleteMedia(c *gin.Context) {
	if err := s.hub.Media.Delete(c.Request.Context(), channelPrincipal(c).ChannelID, c.Param("media_id")); err != nil {
		writeMetaError(c, mediaRefusal(err, "delete", c.Param("media_id")))
		return
	}
	c.JSON(http.StatusOK, MediaDeleted{Success: true})
}

// mediaRefusal puts a refusal of the media service for id in Meta's terms: an unknown id
// is Graph API error 100 in the words Meta answers with for an object that does not exist
// or is not the caller's; op is "get" or "delete". Anything else stays as it is
// (writeMetaError answers it in the hub's envelope, logging internal errors).
//
// Errors: media_not_found.
func mediaRefusal(err error, op, id string) error {
	if !media.ErrMediaNotFound.Is(err) {
		return err
	}
	return &messaging.MetaError{HTTPStatus: http.StatusBadRequest, Code: 100, Details: apperr.As(err).Message,
		Title: "Unsupported " + op + " request. Object with ID '" + id + "' does not exist, cannot be loaded due to missing permissions, or does not support this operation"}
}

// uploadRefusal puts a refusal of an upload in Meta's terms: a type WhatsApp does not
// take is code 100 in Meta's own words; a file over its limit, empty or not of its
// declared type is 131053, media upload error.
//
// Errors: media_type_not_accepted, media_type_mismatch, media_too_large, validation_failed.
func uploadRefusal(err error, declared string) error {
	e := apperr.As(err)
	details := e.Message
	if len(e.Details) > 0 {
		details = strings.Join(e.Details, "; ")
	}
	switch e.Code {
	case media.ErrTypeNotAccepted.Name:
		return &messaging.MetaError{HTTPStatus: http.StatusBadRequest, Code: 100, Details: details,
			Title: "Param file must be a file with one of the following types: " + strings.Join(media.AcceptedTypes(), ", ") +
				". Received file of type '" + declared + "'."}
	case media.ErrTypeMismatch.Name, media.ErrTooLarge.Name, apperr.ErrValidationFailed.Name:
		return mediaUploadError(http.StatusBadRequest, details)
	}
	return err
}

// mediaUploadError is Meta's code 131053, media upload error.
func mediaUploadError(status int, details string) *messaging.MetaError {
	return &messaging.MetaError{HTTPStatus: status, Code: 131053, Title: "Media upload error", Details: details}
}

// mediaUpload is the form of an upload, read.
type mediaUpload struct {
	declared string
	filename string
	data     []byte
}

// readMediaUpload reads the multipart form as it streams in: the file part into one buffer
// sized by Content-Length (so a 100 MB document costs its own size, not a copy on disk
// and another in memory), the small fields into a few bytes, other parts skipped. limitBody
// caps the body at maxMediaBody; a larger declared Content-Length is refused before
// anything is read.
func readMediaUpload(c *gin.Context) (*mediaUpload, *messaging.MetaError) {
	tooLarge := mediaUploadError(http.StatusRequestEntityTooLarge,
		"The upload is larger than 100 MB, the most WhatsApp takes for any file.")
	if c.Request.ContentLength > maxMediaBody {
		return nil, tooLarge
	}
	mr, err := c.Request.MultipartReader()
	if err != nil {
		return nil, messaging.InvalidParameter("Send the file as multipart/form-data, with the fields file, type and messaging_product.")
	}
	var up mediaUpload
	var product, partType string
	var haveFile, haveProduct bool
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, uploadReadError(err, tooLarge)
		}
		switch p.FormName() {
		case "file":
			if haveFile {
				return nil, messaging.InvalidParameter("Send one file per upload.")
			}
			haveFile = true
			up.filename, partType = p.FileName(), p.Header.Get("Content-Type")
			if up.data, err = readFilePart(p, c.Request.ContentLength); err != nil {
				return nil, uploadReadError(err, tooLarge)
			}
		case "type":
			if up.declared, err = readField(p); err != nil {
				return nil, uploadReadError(err, tooLarge)
			}
		case "messaging_product":
			haveProduct = true
			if product, err = readField(p); err != nil {
				return nil, uploadReadError(err, tooLarge)
			}
		default:
			if _, err := io.Copy(io.Discard, p); err != nil {
				return nil, uploadReadError(err, tooLarge)
			}
		}
	}
	switch {
	case !haveProduct || product == "":
		return nil, messaging.InvalidParameter("The parameter messaging_product is required.")
	case !strings.EqualFold(product, "whatsapp"):
		return nil, messaging.InvalidParameter(`Param messaging_product must be one of {WHATSAPP} - got "` + product + `".`)
	case !haveFile:
		return nil, messaging.InvalidParameter("The parameter file is required.")
	}
	if up.declared == "" {
		if mt, _, err := mime.ParseMediaType(partType); err == nil && mt != "application/octet-stream" {
			up.declared = partType
		}
	}
	if up.declared == "" {
		return nil, messaging.InvalidParameter("The parameter type is required (the file's MIME type, e.g. image/jpeg).")
	}
	return &up, nil
}

// errFileTooLarge: the file part is over media.MaxUploadBytes.
var errFileTooLarge = errors.New("file over the largest upload")

// uploadReadError is the refusal for a form that could not be read.
func uploadReadError(err error, tooLarge *messaging.MetaError) *messaging.MetaError {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) || errors.Is(err, errFileTooLarge) {
		return tooLarge
	}
	return messaging.InvalidParameter("The upload could not be read to its end (a broken multipart body, or the upload broke off).")
}

// readFilePart reads the file part, up to media.MaxUploadBytes, into a buffer of the
// body's declared length when there is one (the file is part of the body, so it fits).
func readFilePart(p *multipart.Part, contentLength int64) ([]byte, error) {
	size := int64(64 << 10)
	if contentLength > 0 && contentLength <= maxMediaBody {
		size = contentLength
	}
	buf := make([]byte, 0, size)
	for {
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, 1)
		}
		n, err := p.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > media.MaxUploadBytes {
			return nil, errFileTooLarge
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// readField reads a small form field (at most 256 bytes count; the rest is skipped).
func readField(p *multipart.Part) (string, error) {
	b, err := io.ReadAll(io.LimitReader(p, 256))
	if err != nil {
		return "", err
	}
	if _, err := io.Copy(io.Discard, p); err != nil {
		return "", err
	}
	return strings.TrimSpace(string(b)), nil
}

// mediaPath lets only media ids — digits, a single segment without a trailing slash —
// reach the media routes; anything else is a path of the web app (or an unknown one),
// answered as the router answers it without the media routes (withoutMediaRoutes).
func (s *Server) mediaPath(c *gin.Context) {
	if !isMediaID(c.Param("media_id")) || strings.HasSuffix(c.Request.URL.Path, "/") {
		s.withoutMediaRoutes(c)
		c.Abort()
		return
	}
	c.Next()
}

// isMediaID: 1 to 32 digits (Meta's media ids have 15 or 16).
func isMediaID(id string) bool {
	if id == "" || len(id) > 32 {
		return false
	}
	for _, r := range id {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// withoutMediaRoutes answers a single-segment path that is no media id as the router
// answers it without the /{media_id} routes: 405 when another method has exactly this
// path (GET /messages: only POST has it; noMethod's answer), a trailing-slash redirect when the method has
// the path with a slash (GET /swagger), the web app or a 404 otherwise (noRoute).
func (s *Server) withoutMediaRoutes(c *gin.Context) {
	p, method := c.Request.URL.Path, c.Request.Method
	c.Writer.Header().Del("Allow") // Gin's, which counts the media routes
	var allow []string
	for _, r := range s.table {
		switch {
		case r.Method == method && (r.Path == p+"/" || strings.HasPrefix(r.Path, p+"/*")):
			code := http.StatusMovedPermanently
			if method != http.MethodGet {
				code = http.StatusTemporaryRedirect
			}
			u := *c.Request.URL
			u.Path = p + "/"
			c.Redirect(code, u.String())
			return
		case r.Path == p && r.Method != method && !slices.Contains(allow, r.Method):
			allow = append(allow, r.Method)
		}
	}
	if len(allow) > 0 {
		c.Header("Allow", strings.Join(allow, ", "))
		// noMethod's answer, written here: noMethod itself comes back to this function.
		writeError(c, ErrMethodNotAllowed.New("Method "+method+" is not allowed on "+p))
		return
	}
	s.noRoute(c)
}

// answeredWithoutMediaRoutes is for noMethod: a method the /{media_id} routes lack on a
// single-segment path that is no media id (HEAD or POST /login) is answered as without
// those routes (the web app for HEAD, a 404 for POST; the right Allow header where
// another route has the path). It reports whether it answered.
func (s *Server) answeredWithoutMediaRoutes(c *gin.Context) bool {
	seg, ok := strings.CutPrefix(c.Request.URL.Path, "/")
	if !ok || seg == "" || strings.Contains(seg, "/") || isMediaID(seg) {
		return false
	}
	s.withoutMediaRoutes(c)
	return true
}
