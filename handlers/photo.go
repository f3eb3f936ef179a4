package handlers

import (
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/channels"
)

// uploadPhoto godoc
//
//	@Summary      Set a channel's business-profile photo
//	@Description  JPEG or PNG (judged from the bytes), at most 5 MB (413 beyond), 640×640 recommended. Send the image as the body (Content-Type image/jpeg or image/png) or as the "file" field of a multipart form.
//	@Tags         channels
//	@Accept       image/jpeg,image/png,multipart/form-data
//	@Produce      json
//	@Param        partner_id  path      string  true   "Partner id (…PA)"
//	@Param        client_id   path      string  true   "Client id (…CL)"
//	@Param        channel_id  path      string  true   "Channel id (…CH)"
//	@Param        file        formData  file    false  "The image (multipart)"
//	@Success      200         {object}  fieldtype.ProfileInfo
//	@Failure      400         {object}  MetaEnvelope
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Failure      413         {object}  MetaEnvelope
//	@Failure      422         {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/clients/{client_id}/channels/{channel_id}/profile/photo [post]
//	@Router       /api/v2/clients/{client_id}/channels/{channel_id}/profile/photo [post]
func (s *Server) uploadPhoto(c *gin.Context) {
	data, err := readPhoto(c)
	if err != nil {
		writeError(c, err)
		return
	}
	p, err := s.hub.Channels.SetPhoto(c.Request.Context(), scopeOf(c), c.Param("channel_id"), data)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, p)
}

// errUnreadableBody: the upload broke off or could not be read.
var errUnreadableBody = apperr.Define("unreadable_body", apperr.BadRequest, "The uploaded body could not be read to its end (the upload broke off).")

// readPhoto reads the image from the body, or from the "file" field of a multipart form.
//
// Errors: photo_too_large, validation_failed, unreadable_body.
func readPhoto(c *gin.Context) ([]byte, error) {
	var r io.Reader = c.Request.Body
	if strings.HasPrefix(c.ContentType(), "multipart/") {
		f, _, err := c.Request.FormFile("file")
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				return nil, channels.ErrPhotoTooLarge.New("The photo is larger than 5 MB.")
			}
			return nil, apperr.Validation("file: send the image in the file field")
		}
		defer f.Close()
		r = f
	}
	if r == nil {
		return nil, apperr.Validation("photo: is empty")
	}
	data, err := io.ReadAll(io.LimitReader(r, channels.MaxPhotoBytes+1))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig), len(data) > channels.MaxPhotoBytes:
		return nil, channels.ErrPhotoTooLarge.New("The photo is larger than 5 MB.")
	case err != nil:
		return nil, errUnreadableBody.New("The upload could not be read.")
	}
	return data, nil
}

// getPhoto godoc
//
//	@Summary      A channel's business-profile photo
//	@Tags         channels
//	@Produce      image/jpeg,image/png
//	@Param        partner_id  path      string  true  "Partner id (…PA)"
//	@Param        client_id   path      string  true  "Client id (…CL)"
//	@Param        channel_id  path      string  true  "Channel id (…CH)"
//	@Success      200         {file}    binary
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/clients/{client_id}/channels/{channel_id}/profile/photo [get]
//	@Router       /api/v2/clients/{client_id}/channels/{channel_id}/profile/photo [get]
func (s *Server) getPhoto(c *gin.Context) {
	p, err := s.hub.Channels.GetPhoto(c.Request.Context(), scopeOf(c), c.Param("channel_id"))
	if err != nil {
		writeError(c, err)
		return
	}
	c.Header("Cache-Control", "private, max-age=300")
	c.Header("X-Content-Type-Options", "nosniff")
	c.Data(http.StatusOK, p.ContentType, p.Data)
}
