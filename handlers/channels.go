package handlers

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/services/channels"
	"github.com/partnerhub/partnerhub/services/profile"
	"github.com/partnerhub/partnerhub/services/provider"
)

// PartnerChannelList is a page of a partner's channels (key partner_channels, as in the
// Partner API).
type PartnerChannelList struct {
	ListMeta
	PartnerChannels []channels.View `json:"partner_channels"`
}

// ClientChannelList is a page of a client's own channels.
type ClientChannelList struct {
	ListMeta
	Channels []channels.View `json:"channels"`
}

// scopeOf narrows lookups (channels, templates) to the partner and client the path names.
func scopeOf(c *gin.Context) channels.Scope {
	return channels.Scope{PartnerID: c.Param("partner_id"), ClientID: c.Param("client_id")}
}

func (s *Server) channelPage(c *gin.Context) (ListMeta, []channels.View, bool) {
	q, ok := parseList(c, channels.ListSpec)
	if !ok {
		return ListMeta{}, nil, false
	}
	views, total, err := s.hub.Channels.List(c.Request.Context(), scopeOf(c), q)
	if err != nil {
		writeError(c, err)
		return ListMeta{}, nil, false
	}
	return listMeta(q, len(views), total), views, true
}

// listPartnerChannels godoc
//
//	@Summary      List a partner's channels
//	@Tags         channels
//	@Produce      json
//	@Param        partner_id  path      string  true   "Partner id (…PA)"
//	@Param        limit       query     int     false  "Page size (1–1000)"  default(20)
//	@Param        offset      query     int     false  "Items to skip"       default(0)
//	@Param        sort        query     string  false  "created_at, modified_at, status or setup_info.phone_number; leading - for descending"  default(-created_at)
//	@Param        filters     query     string  false  "JSON object, e.g. {\"waba_account.id\":\"…\"}: id, status, account_mode, client_id, external_id, waba_account.id, waba_account_id, setup_info.phone_number, current_quality_rating, hosting_type, key_permission, is_migrated, client.partner_payload"
//	@Success      200         {object}  PartnerChannelList
//	@Failure      400         {object}  MetaEnvelope
//	@Failure      401         {object}  MetaEnvelope
//	@Failure      403         {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/channels [get]
func (s *Server) listPartnerChannels(c *gin.Context) {
	meta, views, ok := s.channelPage(c)
	if ok {
		c.JSON(http.StatusOK, PartnerChannelList{ListMeta: meta, PartnerChannels: views})
	}
}

// listClientChannels godoc
//
//	@Summary      List my numbers (client portal)
//	@Tags         channels
//	@Produce      json
//	@Param        client_id  path      string  true   "Client id (…CL)"
//	@Param        limit      query     int     false  "Page size (1–1000)"  default(20)
//	@Param        offset     query     int     false  "Items to skip"       default(0)
//	@Param        sort       query     string  false  "created_at, modified_at, status or setup_info.phone_number"  default(-created_at)
//	@Param        filters    query     string  false  "JSON object, as for partner channels"
//	@Success      200        {object}  ClientChannelList
//	@Failure      400        {object}  MetaEnvelope
//	@Failure      401        {object}  MetaEnvelope
//	@Failure      403        {object}  MetaEnvelope
//	@Router       /api/v2/clients/{client_id}/channels [get]
func (s *Server) listClientChannels(c *gin.Context) {
	meta, views, ok := s.channelPage(c)
	if ok {
		c.JSON(http.StatusOK, ClientChannelList{ListMeta: meta, Channels: views})
	}
}

// getChannel godoc
//
//	@Summary      Get a channel
//	@Tags         channels
//	@Produce      json
//	@Param        partner_id  path      string  true  "Partner id (…PA)"
//	@Param        client_id   path      string  true  "Client id (…CL)"
//	@Param        channel_id  path      string  true  "Channel id (…CH)"
//	@Success      200         {object}  channels.View
//	@Failure      401         {object}  MetaEnvelope
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/channels/{channel_id} [get]
//	@Router       /api/v2/partners/{partner_id}/clients/{client_id}/channels/{channel_id} [get]
//	@Router       /api/v2/clients/{client_id}/channels/{channel_id} [get]
func (s *Server) getChannel(c *gin.Context) {
	v, err := s.hub.Channels.Get(c.Request.Context(), scopeOf(c), c.Param("channel_id"))
	s.writeChannel(c, v, err)
}

// writeChannel answers with the channel v, or with err.
func (s *Server) writeChannel(c *gin.Context, v channels.View, err error) {
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, v)
}

// getProfile godoc
//
//	@Summary      Get a channel's business profile
//	@Tags         channels
//	@Produce      json
//	@Param        partner_id  path      string  true  "Partner id (…PA)"
//	@Param        client_id   path      string  true  "Client id (…CL)"
//	@Param        channel_id  path      string  true  "Channel id (…CH)"
//	@Success      200         {object}  fieldtype.ProfileInfo
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/clients/{client_id}/channels/{channel_id}/profile [get]
//	@Router       /api/v2/clients/{client_id}/channels/{channel_id}/profile [get]
func (s *Server) getProfile(c *gin.Context) {
	p, err := s.hub.Channels.Profile(c.Request.Context(), scopeOf(c), c.Param("channel_id"))
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, p)
}

// updateProfile godoc
//
//	@Summary      Update a channel's business profile
//	@Description  Only the fields sent change. about_text ≤ 139 characters, address and business_description ≤ 256, contact_email valid and ≤ 128, business_vertical one of the 17 accepted values (cannot be reset to empty once set), at most 2 http(s) websites of ≤ 256 characters.
//	@Tags         channels
//	@Accept       json
//	@Produce      json
//	@Param        partner_id  path      string          true  "Partner id (…PA)"
//	@Param        client_id   path      string          true  "Client id (…CL)"
//	@Param        channel_id  path      string          true  "Channel id (…CH)"
//	@Param        body        body      profile.Update  true  "Fields to change"
//	@Success      200         {object}  fieldtype.ProfileInfo
//	@Failure      400         {object}  MetaEnvelope
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Failure      409         {object}  MetaEnvelope
//	@Failure      422         {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/clients/{client_id}/channels/{channel_id}/profile [patch]
//	@Router       /api/v2/clients/{client_id}/channels/{channel_id}/profile [patch]
func (s *Server) updateProfile(c *gin.Context) {
	var u profile.Update
	if !bindJSON(c, &u) {
		return
	}
	p, err := s.hub.Channels.UpdateProfile(c.Request.Context(), scopeOf(c), c.Param("channel_id"), u)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, p)
}

// getWebhook godoc
//
//	@Summary      Get a channel's webhook
//	@Tags         channels
//	@Produce      json
//	@Param        partner_id  path      string  true  "Partner id (…PA)"
//	@Param        client_id   path      string  true  "Client id (…CL)"
//	@Param        channel_id  path      string  true  "Channel id (…CH)"
//	@Success      200         {object}  channels.Webhook
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/clients/{client_id}/channels/{channel_id}/webhook [get]
//	@Router       /api/v2/clients/{client_id}/channels/{channel_id}/webhook [get]
func (s *Server) getWebhook(c *gin.Context) {
	w, err := s.hub.Channels.Webhook(c.Request.Context(), scopeOf(c), c.Param("channel_id"))
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, w)
}

// setWebhook godoc
//
//	@Summary      Set a channel's webhook
//	@Description  https only, no underscore anywhere in the host, no explicit port; up to 10 custom headers.
//	@Tags         channels
//	@Accept       json
//	@Produce      json
//	@Param        partner_id  path      string            true  "Partner id (…PA)"
//	@Param        client_id   path      string            true  "Client id (…CL)"
//	@Param        channel_id  path      string            true  "Channel id (…CH)"
//	@Param        body        body      channels.Webhook  true  "The webhook"
//	@Success      200         {object}  channels.Webhook
//	@Failure      400         {object}  MetaEnvelope
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Failure      409         {object}  MetaEnvelope
//	@Failure      422         {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/clients/{client_id}/channels/{channel_id}/webhook [post]
//	@Router       /api/v2/clients/{client_id}/channels/{channel_id}/webhook [post]
func (s *Server) setWebhook(c *gin.Context) {
	var w channels.Webhook
	if !bindJSON(c, &w) {
		return
	}
	out, err := s.hub.Channels.SetWebhook(c.Request.Context(), scopeOf(c), c.Param("channel_id"), w)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, out)
}

// testWebhook godoc
//
//	@Summary      Send a test event to a channel's webhook
//	@Description  POSTs a test notification shaped like a Cloud API webhook ("partnerhub_test": true) with the custom headers, and reports the receiver's status and latency. Private and loopback addresses are refused at connect time.
//	@Tags         channels
//	@Produce      json
//	@Param        partner_id  path      string  true  "Partner id (…PA)"
//	@Param        client_id   path      string  true  "Client id (…CL)"
//	@Param        channel_id  path      string  true  "Channel id (…CH)"
//	@Success      200         {object}  channels.WebhookTestResult
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Failure      409         {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/clients/{client_id}/channels/{channel_id}/webhook/test [post]
//	@Router       /api/v2/clients/{client_id}/channels/{channel_id}/webhook/test [post]
func (s *Server) testWebhook(c *gin.Context) {
	if !bindOptionalJSON(c, &struct{}{}) {
		return
	}
	res, err := s.hub.Channels.TestWebhook(c.Request.Context(), scopeOf(c), c.Param("channel_id"))
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, res)
}

// CancellationBody is the optional body of cancellation_request; the .NET client sends
// {"enabled": bool}, where false withdraws a cancellation.
type CancellationBody struct {
	Enabled *bool `json:"enabled,omitempty"`
}

// LocalStorageBody enables local storage in a region.
type LocalStorageBody struct {
	Region string `json:"data_localization_region" example:"DE" enums:"AU,ID,ZA,IN,CA,JP,SG,KR,DE,CH,GB,BR"`
	// Method is how the OTP reaches the number when one is needed.
	Method string `json:"method,omitempty" enums:"sms,voice"`
}

// OTPOut describes a code that was sent and must be entered to finish an action.
type OTPOut struct {
	ID        string `json:"id"`
	Method    string `json:"method" enums:"sms,voice"`
	ExpiresAt string `json:"expires_at"`
	ResendAt  string `json:"resend_at"`
}

// OTPPending answers an action that waits for a code (HTTP 202).
type OTPPending struct {
	Meta Meta   `json:"meta"`
	OTP  OTPOut `json:"otp"`
}

func otpOut(o *ent.OTPChallenge) OTPOut {
	return OTPOut{ID: o.ID, Method: string(o.Method), ExpiresAt: rfc3339(o.ExpiresAt), ResendAt: rfc3339(o.ResendAt)}
}

// enableLocalStorage godoc
//
//	@Summary      Enable local storage
//	@Description  Stores the number's messages at rest in the region. On a running number on default storage a code is sent to the number first: the answer is 202 with the OTP to verify at …/enable_local_storage/verify. Otherwise the change is immediate (200).
//	@Tags         channels
//	@Accept       json
//	@Produce      json
//	@Param        partner_id  path      string            true  "Partner id (…PA)"
//	@Param        client_id   path      string            true  "Client id (…CL)"
//	@Param        channel_id  path      string            true  "Channel id (…CH)"
//	@Param        body        body      LocalStorageBody  true  "Region"
//	@Success      200         {object}  MetaEnvelope
//	@Success      202         {object}  OTPPending
//	@Failure      400         {object}  MetaEnvelope
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Failure      409         {object}  MetaEnvelope
//	@Failure      422         {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/clients/{client_id}/channels/{channel_id}/control/enable_local_storage [post]
//	@Router       /api/v2/clients/{client_id}/channels/{channel_id}/control/enable_local_storage [post]
func (s *Server) enableLocalStorage(c *gin.Context) {
	var body LocalStorageBody
	if !bindJSON(c, &body) {
		return
	}
	res, err := s.hub.Channels.EnableLocalStorage(c.Request.Context(), scopeOf(c), c.Param("channel_id"), body.Region, provider.OTPMethod(body.Method))
	if err != nil {
		writeError(c, err)
		return
	}
	if res.OTP != nil {
		c.JSON(http.StatusAccepted, OTPPending{
			Meta: Meta{Success: true, HTTPCode: http.StatusAccepted, DeveloperMessage: "A code was sent to the number; verify it to enable local storage."},
			OTP:  otpOut(res.OTP),
		})
		return
	}
	writeOK(c, "Local storage enabled in "+*res.Channel.LocalStorageRegion+".")
}

// OTPVerifyBody enters a code.
type OTPVerifyBody struct {
	OTPID string `json:"otp_id"`
	Code  string `json:"code" example:"123456"`
}

// verifyLocalStorage godoc
//
//	@Summary      Verify the local-storage code
//	@Description  A wrong code answers 422 with the attempts left; the fifth wrong code fails the request (409); codes expire after 10 minutes (409).
//	@Tags         channels
//	@Accept       json
//	@Produce      json
//	@Param        partner_id  path      string         true  "Partner id (…PA)"
//	@Param        client_id   path      string         true  "Client id (…CL)"
//	@Param        channel_id  path      string         true  "Channel id (…CH)"
//	@Param        body        body      OTPVerifyBody  true  "The code"
//	@Success      200         {object}  MetaEnvelope
//	@Failure      400         {object}  MetaEnvelope
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Failure      409         {object}  MetaEnvelope
//	@Failure      422         {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/clients/{client_id}/channels/{channel_id}/control/enable_local_storage/verify [post]
//	@Router       /api/v2/clients/{client_id}/channels/{channel_id}/control/enable_local_storage/verify [post]
func (s *Server) verifyLocalStorage(c *gin.Context) {
	var body OTPVerifyBody
	if !bindJSON(c, &body) {
		return
	}
	ch, err := s.hub.Channels.VerifyLocalStorage(c.Request.Context(), scopeOf(c), c.Param("channel_id"), body.OTPID, body.Code)
	if err != nil {
		writeError(c, err)
		return
	}
	writeOK(c, "Local storage enabled in "+*ch.LocalStorageRegion+".")
}

// OTPResendBody asks for a new code.
type OTPResendBody struct {
	OTPID  string `json:"otp_id"`
	Method string `json:"method,omitempty" enums:"sms,voice"`
}

// resendLocalStorageCode godoc
//
//	@Summary      Send the local-storage code again
//	@Description  After a 60 s cool-down (429 with Retry-After before that), by SMS or voice; the earlier code stops working.
//	@Tags         channels
//	@Accept       json
//	@Produce      json
//	@Param        partner_id  path      string         true  "Partner id (…PA)"
//	@Param        client_id   path      string         true  "Client id (…CL)"
//	@Param        channel_id  path      string         true  "Channel id (…CH)"
//	@Param        body        body      OTPResendBody  true  "Which request"
//	@Success      202         {object}  OTPPending
//	@Failure      400         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Failure      409         {object}  MetaEnvelope
//	@Failure      429         {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/clients/{client_id}/channels/{channel_id}/control/enable_local_storage/resend [post]
//	@Router       /api/v2/clients/{client_id}/channels/{channel_id}/control/enable_local_storage/resend [post]
func (s *Server) resendLocalStorageCode(c *gin.Context) {
	var body OTPResendBody
	if !bindJSON(c, &body) {
		return
	}
	o, err := s.hub.Channels.ResendLocalStorageCode(c.Request.Context(), scopeOf(c), c.Param("channel_id"), body.OTPID, provider.OTPMethod(body.Method))
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusAccepted, OTPPending{
		Meta: Meta{Success: true, HTTPCode: http.StatusAccepted, DeveloperMessage: "A new code was sent to the number."},
		OTP:  otpOut(o),
	})
}

// disableLocalStorage godoc
//
//	@Summary      Disable local storage
//	@Description  Returns the number to default storage.
//	@Tags         channels
//	@Produce      json
//	@Param        partner_id  path      string  true  "Partner id (…PA)"
//	@Param        client_id   path      string  true  "Client id (…CL)"
//	@Param        channel_id  path      string  true  "Channel id (…CH)"
//	@Success      200         {object}  MetaEnvelope
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Failure      409         {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/clients/{client_id}/channels/{channel_id}/control/disable_local_storage [post]
//	@Router       /api/v2/clients/{client_id}/channels/{channel_id}/control/disable_local_storage [post]
func (s *Server) disableLocalStorage(c *gin.Context) {
	if !bindOptionalJSON(c, &struct{}{}) {
		return
	}
	if _, err := s.hub.Channels.DisableLocalStorage(c.Request.Context(), scopeOf(c), c.Param("channel_id")); err != nil {
		writeError(c, err)
		return
	}
	writeOK(c, "Local storage disabled; the number is back on default storage.")
}

// requestCancellation godoc
//
//	@Summary      Cancel a number
//	@Description  Puts the number into pending_deletion: it keeps messaging until the end of the month, when it is terminated, unless reactivated before. Client admins (portal) and partner staff may cancel. {"enabled": false} withdraws a cancellation, as reactivate does.
//	@Tags         channels
//	@Accept       json
//	@Produce      json
//	@Param        partner_id  path      string  true  "Partner id (…PA)"
//	@Param        client_id   path      string  true  "Client id (…CL)"
//	@Param        channel_id  path      string            true   "Channel id (…CH)"
//	@Param        body        body      CancellationBody  false  "Optional"
//	@Success      200         {object}  channels.View
//	@Failure      400         {object}  MetaEnvelope
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Failure      409         {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/clients/{client_id}/channels/{channel_id}/control/cancellation_request [post]
//	@Router       /api/v2/clients/{client_id}/channels/{channel_id}/control/cancellation_request [post]
func (s *Server) requestCancellation(c *gin.Context) {
	var body CancellationBody
	if !bindOptionalJSON(c, &body) {
		return
	}
	if body.Enabled != nil && !*body.Enabled {
		v, err := s.hub.Channels.Reactivate(c.Request.Context(), scopeOf(c), c.Param("channel_id"))
		s.writeChannel(c, v, err)
		return
	}
	v, err := s.hub.Channels.RequestCancellation(c.Request.Context(), scopeOf(c), c.Param("channel_id"))
	s.writeChannel(c, v, err)
}

// reactivate godoc
//
//	@Summary      Reactivate a cancelled number
//	@Description  Withdraws a cancellation before the month ends; the number returns to the status it had.
//	@Tags         channels
//	@Produce      json
//	@Param        partner_id  path      string  true  "Partner id (…PA)"
//	@Param        client_id   path      string  true  "Client id (…CL)"
//	@Param        channel_id  path      string  true  "Channel id (…CH)"
//	@Success      200         {object}  channels.View
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Failure      409         {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/clients/{client_id}/channels/{channel_id}/control/reactivate [post]
//	@Router       /api/v2/clients/{client_id}/channels/{channel_id}/control/reactivate [post]
func (s *Server) reactivate(c *gin.Context) {
	if !bindOptionalJSON(c, &struct{}{}) {
		return
	}
	v, err := s.hub.Channels.Reactivate(c.Request.Context(), scopeOf(c), c.Param("channel_id"))
	s.writeChannel(c, v, err)
}

// channelUsage godoc
//
//	@Summary      Channel usage
//	@Description  Usage of one number per DAY or MONTH from start_date (required) to end_date (UNIX seconds, UTC).
//	@Tags         usage
//	@Produce      json
//	@Param        partner_id   path      string  true   "Partner id (…PA)"
//	@Param        client_id    path      string  true   "Client id (…CL)"
//	@Param        channel_id   path      string  true   "Channel id (…CH)"
//	@Param        start_date   query     int     true   "UNIX seconds"
//	@Param        end_date     query     int     false  "UNIX seconds; default: now"
//	@Param        granularity  query     string  false  "DAY or MONTH"  default(MONTH)
//	@Success      200          {object}  usage.Report
//	@Failure      403          {object}  MetaEnvelope
//	@Failure      404          {object}  MetaEnvelope
//	@Failure      422          {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/clients/{client_id}/channels/{channel_id}/info/usage [get]
func (s *Server) channelUsage(c *gin.Context) {
	r, err := s.hub.Usage.ChannelUsage(c.Request.Context(), c.Param("partner_id"), c.Param("client_id"), c.Param("channel_id"), periodOf(c))
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, r)
}
