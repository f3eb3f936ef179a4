package handlers

import (
	"bytes"
	"encoding/base64"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/partnerhub/partnerhub/services/media"
	"github.com/partnerhub/partnerhub/services/messaging"
	"github.com/partnerhub/partnerhub/services/templates"
)

// The On-Premise API's forms of the Messaging API, which WABA360Dialog.NET still calls
// (PUT /v1/messages/{id} to mark a message read, POST /v1/media with the file's bytes,
// GET /v1/media/{id} for the bytes), and Meta's template list (GET /message_templates) as
// n8n-nodes-360dialog reads it. They act as the Cloud API's routes do (messages.go,
// media.go) and answer in the shapes those clients parse; refusals come in Meta's error
// shape (writeMetaError).

// onPremiseMediaUploadRoute is the On-Premise upload's route; limitBody gives it
// maxMediaBody, as the Cloud API's upload.
const onPremiseMediaUploadRoute = "/v1/media"

// MarkedRead is the On-Premise API's answer to a mark-as-read: an empty object.
type MarkedRead struct{}

// markReadBody is the On-Premise mark-as-read body.
type markReadBody struct {
	Status string `json:"status" example:"read"`
}

// OnPremiseMediaUploaded is the On-Premise API's answer to an upload: the new media's id
// in a one-item list.
type OnPremiseMediaUploaded struct {
	Media []MediaUploaded `json:"media"`
}

// MetaTemplateList is a page of Meta's template list.
type MetaTemplateList struct {
	Data []templates.MetaTemplate `json:"data"`
	// Paging is left out of an empty page.
	Paging *MetaPaging `json:"paging,omitempty"`
}

// MetaPaging is the Graph API's cursor paging: before and after point at the page's first
// and last template; next (previous) is there when templates follow (precede) the page.
type MetaPaging struct {
	Cursors  MetaCursors `json:"cursors"`
	Next     string      `json:"next,omitempty" example:"https://hub.example.com/message_templates?after=MjQ&limit=25"`
	Previous string      `json:"previous,omitempty"`
}

// MetaCursors are a page's cursors, opaque strings to send back as before or after.
type MetaCursors struct {
	Before string `json:"before" example:"MA"`
	After  string `json:"after" example:"MjQ"`
}

// Page sizes of the template list (Meta's default, and the most one page holds).
const (
	metaTemplatesDefaultLimit = 25
	metaTemplatesMaxLimit     = 1000
)

// markReadOnPremise godoc
//
//	@Summary      Mark a message as read (On-Premise form)
//	@Description  The On-Premise API's mark-as-read, as WABA360Dialog.NET sends it: the received message's wamid in the path (wamids may contain "/"), {"status":"read"} as the body. Acts as POST /messages with {"messaging_product":"whatsapp","status":"read","message_id":…}: the message and every earlier one the same user sent the number become read; marking it again answers the same. Answers an empty object, as the On-Premise API did. Refusals in Meta's error shape: 131008 without a body or status, 100 for a status other than read, 404 with code 100 for a wamid that is not a message this number received (another channel's included), 133010 when the number is not running.
//	@Tags         messaging
//	@Accept       json
//	@Produce      json
//	@Param        D360-API-KEY  header    string        true  "Channel API key"
//	@Param        message_id    path      string        true  "The received message's wamid"
//	@Param        body          body      markReadBody  true  "status read"
//	@Success      200           {object}  MarkedRead
//	@Failure      400           {object}  CloudAPIError
//	@Failure      401           {object}  MetaEnvelope
//	@Failure      404           {object}  CloudAPIError
//	@Failure      415           {object}  CloudAPIError
//	@Router       /v1/messages/{message_id} [put]
func (s *Server) markReadOnPremise(c *gin.Context) {
	var body markReadBody
	if !bindMetaJSON(c, &body) {
		return
	}
	switch {
	case body.Status == "":
		writeMetaError(c, messaging.ParameterMissing("status is required."))
		return
	case body.Status != "read":
		writeMetaError(c, messaging.InvalidParameter("status must be read."))
		return
	}
	p := channelPrincipal(c)
	from := messaging.Sender{ChannelID: p.ChannelID, KeyID: p.KeyID, SandboxWAID: p.SandboxWAID}
	// The catch-all parameter keeps the path's "/" before the wamid.
	id := strings.TrimPrefix(c.Param("message_id"), "/")
	_, err := s.hub.Messaging.MarkRead(c.Request.Context(), from, messaging.Request{MessagingProduct: "whatsapp", Status: "read", MessageID: id})
	if err != nil {
		// With the product and status given here, Meta's code 100 is left for a wamid this
		// number did not receive, which the On-Premise API answered with 404.
		var me *messaging.MetaError
		if errors.As(err, &me) && me.Code == 100 {
			me.HTTPStatus = http.StatusNotFound
		}
		writeMetaError(c, err)
		return
	}
	c.JSON(http.StatusOK, MarkedRead{})
}

// uploadMediaOnPremise godoc
//
//	@Summary      Upload media (On-Premise form)
//	@Description  The On-Premise API's upload, as WABA360Dialog.NET sends it: the file's bytes as the body and its MIME type as Content-Type (no multipart form, no messaging_product). The same types, limits and checks as POST /media; the answer is the On-Premise shape {"media":[{"id":…}]}, and the id sends and downloads as any upload's. Refusals in Meta's error shape: 100 for a missing Content-Type, a multipart body or a type WhatsApp does not take, 131053 for a file over its limit, empty, or not of its declared type; 413 for a body over 100 MB.
//	@Tags         messaging
//	@Accept       image/jpeg,image/png,image/webp,video/mp4,video/3gpp,audio/aac,audio/mp4,audio/mpeg,audio/amr,audio/ogg,application/pdf,text/plain
//	@Produce      json
//	@Param        D360-API-KEY  header    string  true  "Channel API key"
//	@Param        file          body      string  true  "The file's bytes, its MIME type as Content-Type"
//	@Success      200           {object}  OnPremiseMediaUploaded
//	@Failure      400           {object}  CloudAPIError
//	@Failure      401           {object}  MetaEnvelope
//	@Failure      413           {object}  CloudAPIError
//	@Router       /v1/media [post]
func (s *Server) uploadMediaOnPremise(c *gin.Context) {
	declared, data, me := readRawMedia(c)
	if me != nil {
		writeMetaError(c, me)
		return
	}
	id, err := s.hub.Media.Upload(c.Request.Context(), channelPrincipal(c).ChannelID, declared, "", data)
	if err != nil {
		writeMetaError(c, uploadRefusal(err, declared))
		return
	}
	c.JSON(http.StatusOK, OnPremiseMediaUploaded{Media: []MediaUploaded{{ID: id}}})
}

// readRawMedia reads an On-Premise upload: the declared type from Content-Type and the
// body's bytes, into one buffer sized by Content-Length. limitBody caps the body at
// maxMediaBody; a declared length over the largest upload is refused before anything is
// read.
func readRawMedia(c *gin.Context) (string, []byte, *messaging.MetaError) {
	tooLarge := mediaUploadError(http.StatusRequestEntityTooLarge,
		"The upload is larger than 100 MB, the most WhatsApp takes for any file.")
	if c.Request.ContentLength > media.MaxUploadBytes {
		return "", nil, tooLarge
	}
	ct := strings.TrimSpace(c.GetHeader("Content-Type"))
	mt, _, err := mime.ParseMediaType(ct)
	switch {
	case ct == "" || err != nil:
		return "", nil, messaging.InvalidParameter("Send the file's MIME type as the Content-Type header (e.g. image/jpeg) and its bytes as the body.")
	case strings.HasPrefix(mt, "multipart/"):
		return "", nil, messaging.InvalidParameter("POST /v1/media takes the file's bytes as the body, with its MIME type as Content-Type; a multipart form goes to POST /media.")
	}
	size := int64(64 << 10)
	if n := c.Request.ContentLength; n >= 0 && n <= media.MaxUploadBytes {
		size = n
	}
	buf := bytes.NewBuffer(make([]byte, 0, size+bytes.MinRead)) // room to see the end without growing
	n, err := buf.ReadFrom(io.LimitReader(c.Request.Body, media.MaxUploadBytes+1))
	if err != nil {
		return "", nil, uploadReadError(err, tooLarge)
	}
	if n > media.MaxUploadBytes {
		return "", nil, tooLarge
	}
	return mt, buf.Bytes(), nil
}

// downloadMediaOnPremise godoc
//
//	@Summary      Download media (On-Premise form)
//	@Description  The On-Premise API's download, as WABA360Dialog.NET calls it: the file's bytes with its MIME type as Content-Type and its size as Content-Length. Only the channel's own media: another channel's id, a deleted one or one older than 30 days is 404 with Meta's error 100.
//	@Tags         messaging
//	@Produce      application/octet-stream
//	@Param        D360-API-KEY  header    string  true  "Channel API key"
//	@Param        media_id      path      string  true  "Media id"
//	@Success      200           {file}    binary
//	@Failure      401           {object}  MetaEnvelope
//	@Failure      404           {object}  CloudAPIError
//	@Router       /v1/media/{media_id} [get]
func (s *Server) downloadMediaOnPremise(c *gin.Context) {
	id := c.Param("media_id")
	mt, data, err := s.hub.Media.Download(c.Request.Context(), channelPrincipal(c).ChannelID, id)
	if err != nil {
		var me *messaging.MetaError
		if errors.As(mediaRefusal(err, "get", id), &me) {
			me.HTTPStatus = http.StatusNotFound // the On-Premise API's answer for media it does not have
			err = me
		}
		writeMetaError(c, err)
		return
	}
	c.Header("Cache-Control", "private, no-cache")
	c.Header("X-Content-Type-Options", "nosniff")
	c.Header("Content-Disposition", "attachment")
	c.Header("Content-Length", strconv.Itoa(len(data)))
	c.Data(http.StatusOK, mt, data)
}

// listMessageTemplates godoc
//
//	@Summary      List the templates of the key's WABA (Meta's template list)
//	@Description  The WABA's message templates as the Graph API lists them and n8n-nodes-360dialog reads them: data [{name, language, status, category, components, id}] with Meta's upper-case status (APPROVED, PENDING, REJECTED, PAUSED, DISABLED, DELETED) and category, by name and language, and cursor paging: paging.cursors {before, after}, paging.next while templates follow (paging.previous while some precede). Pass after (or before) from a page's cursors for the next (or previous) page. Deleted templates are listed only with status=DELETED. Refusals in Meta's error shape: 100 for a limit outside 1–1000, a cursor this list did not give, both cursors, or an unknown status.
//	@Tags         messaging
//	@Produce      json
//	@Param        D360-API-KEY  header    string  true   "Channel API key"
//	@Param        limit         query     int     false  "Page size (1–1000)"  default(25)
//	@Param        after         query     string  false  "paging.cursors.after of the page before"
//	@Param        before        query     string  false  "paging.cursors.before of the page after"
//	@Param        status        query     string  false  "Only templates in this status"  Enums(APPROVED, PENDING, REJECTED, PAUSED, DISABLED, DELETED)
//	@Success      200           {object}  MetaTemplateList
//	@Failure      400           {object}  CloudAPIError
//	@Failure      401           {object}  MetaEnvelope
//	@Router       /message_templates [get]
func (s *Server) listMessageTemplates(c *gin.Context) {
	q, me := metaTemplatesQuery(c)
	if me != nil {
		writeMetaError(c, me)
		return
	}
	if q.Limit == 0 { // before the first template: nothing precedes it
		c.JSON(http.StatusOK, MetaTemplateList{Data: []templates.MetaTemplate{}})
		return
	}
	items, total, err := s.hub.Templates.MetaListForKey(c.Request.Context(), channelPrincipal(c).ChannelID, q)
	if err != nil {
		writeMetaError(c, err)
		return
	}
	out := MetaTemplateList{Data: items}
	if len(items) > 0 {
		last := q.Offset + len(items) - 1
		out.Paging = &MetaPaging{Cursors: MetaCursors{Before: templateCursor(q.Offset), After: templateCursor(last)}}
		if last+1 < total {
			out.Paging.Next = s.templatesPageURL(c, "after", templateCursor(last))
		}
		if q.Offset > 0 {
			out.Paging.Previous = s.templatesPageURL(c, "before", templateCursor(q.Offset))
		}
	}
	c.JSON(http.StatusOK, out)
}

// metaTemplatesQuery reads the template list's query: limit, one cursor (after: the
// templates following the one it points at; before: those preceding it) and status.
func metaTemplatesQuery(c *gin.Context) (templates.MetaQuery, *messaging.MetaError) {
	q := templates.MetaQuery{Limit: metaTemplatesDefaultLimit}
	if raw := c.Query("limit"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || n > metaTemplatesMaxLimit {
			return q, messaging.InvalidParameter("Param limit must be a whole number from 1 to " + strconv.Itoa(metaTemplatesMaxLimit) + ".")
		}
		q.Limit = n
	}
	after, before := c.Query("after"), c.Query("before")
	switch {
	case after != "" && before != "":
		return q, messaging.InvalidParameter("Send one of the cursors after and before, not both.")
	case after != "":
		i, ok := readTemplateCursor(after)
		if !ok {
			return q, messaging.InvalidParameter("Param after is not a cursor of this list.")
		}
		q.Offset = i + 1
	case before != "":
		i, ok := readTemplateCursor(before)
		if !ok {
			return q, messaging.InvalidParameter("Param before is not a cursor of this list.")
		}
		q.Offset = max(0, i-q.Limit)
		q.Limit = i - q.Offset
	}
	if raw := c.Query("status"); raw != "" {
		st, ok := templates.StatusFromMeta(raw)
		if !ok {
			return q, messaging.InvalidParameter("Param status must be one of {" + strings.Join(templates.MetaStatusWords(), ", ") + `} - got "` + raw + `".`)
		}
		q.Status = st
	}
	return q, nil
}

// maxTemplateCursor bounds what a cursor may point at (far beyond any WABA's templates).
const maxTemplateCursor = 1 << 30

// templateCursor is the opaque cursor of the template at position i of the list.
func templateCursor(i int) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.Itoa(i)))
}

// readTemplateCursor reads a cursor templateCursor made.
func readTemplateCursor(cursor string) (int, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(cursor, "="))
	if err != nil {
		return 0, false
	}
	i, err := strconv.Atoi(string(raw))
	if err != nil || i < 0 || i > maxTemplateCursor || strconv.Itoa(i) != string(raw) {
		return 0, false
	}
	return i, true
}

// templatesPageURL is the address of the page at cursor (after or before), with the
// request's limit and status.
func (s *Server) templatesPageURL(c *gin.Context, key, cursor string) string {
	v := url.Values{}
	for _, k := range []string{"limit", "status"} {
		if x := c.Query(k); x != "" {
			v.Set(k, x)
		}
	}
	v.Set(key, cursor)
	return strings.TrimRight(s.hub.Config.PublicURL, "/") + "/message_templates?" + v.Encode()
}
