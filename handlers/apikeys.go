package handlers

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/partnerhub/partnerhub/services/apikeys"
	"github.com/partnerhub/partnerhub/services/channels"
)

// IssueKeyBody optionally keeps the previous key valid for a while.
type IssueKeyBody struct {
	GraceSeconds int `json:"grace_seconds,omitempty" minimum:"0" maximum:"86400"`
}

// PreviousKey is the key a rotation replaced.
type PreviousKey struct {
	ID         string     `json:"id"`
	State      string     `json:"state" enums:"grace,revoked"`
	ValidUntil *time.Time `json:"valid_until"`
}

// ChannelKeyCreated is the 360dialog-compatible answer {id, address, api_key, app_id};
// api_key is shown only here.
type ChannelKeyCreated struct {
	ID          string       `json:"id"`
	Address     string       `json:"address" example:"https://hub.example.com"`
	APIKey      string       `json:"api_key"`
	AppID       string       `json:"app_id"`
	PreviousKey *PreviousKey `json:"previous_key,omitempty"`
}

// ChannelKeyHistory lists a channel's keys (never the keys themselves).
type ChannelKeyHistory struct {
	APIKeys []apikeys.KeyView `json:"api_keys"`
}

func keyCreated(k *apikeys.IssuedKey) ChannelKeyCreated {
	out := ChannelKeyCreated{ID: k.Key.ID, Address: k.Address, APIKey: k.Plain, AppID: k.AppID}
	if p := k.Previous; p != nil {
		out.PreviousKey = &PreviousKey{ID: p.ID, State: string(p.State), ValidUntil: p.ValidUntil}
	}
	return out
}

// issueChannelKey godoc
//
//	@Summary      Generate a channel API key (D360-API-KEY)
//	@Description  Only while the channel is running, and only with the partner's key permission on the number. Revokes every earlier key at once, unless grace_seconds (0–86 400) keeps the previous one valid until then (never more than two valid keys). The key is shown only in this answer. An Idempotency-Key header makes the call safe to retry: a retry returns the same key.
//	@Tags         api keys
//	@Accept       json
//	@Produce      json
//	@Param        partner_id       path      string        true   "Partner id (…PA)"
//	@Param        channel_id       path      string        true   "Channel id (…CH)"
//	@Param        Idempotency-Key  header    string        false  "Retry key"
//	@Param        body             body      IssueKeyBody  false  "Options"
//	@Success      201              {object}  ChannelKeyCreated
//	@Failure      400              {object}  MetaEnvelope
//	@Failure      403              {object}  MetaEnvelope
//	@Failure      404              {object}  MetaEnvelope
//	@Failure      409              {object}  MetaEnvelope
//	@Failure      422              {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/channels/{channel_id}/api_keys [post]
func (s *Server) issueChannelKey(c *gin.Context) {
	var body IssueKeyBody
	if !bindOptionalJSON(c, &body) {
		return
	}
	req := apikeys.IssueRequest{GraceSeconds: body.GraceSeconds, IdempotencyKey: c.GetHeader("Idempotency-Key")}
	k, err := s.hub.APIKeys.IssueForPartner(c.Request.Context(), scopeOf(c), c.Param("channel_id"), req)
	if err != nil {
		writeError(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusCreated, keyCreated(k))
}

// issueClientKey godoc
//
//	@Summary      Generate my own channel API key (client portal)
//	@Description  For a direct-payment number whose partner holds no key permission. Same rotation, grace and Idempotency-Key rules as the partner call.
//	@Tags         api keys
//	@Accept       json
//	@Produce      json
//	@Param        client_id        path      string        true   "Client id (…CL)"
//	@Param        channel_id       path      string        true   "Channel id (…CH)"
//	@Param        Idempotency-Key  header    string        false  "Retry key"
//	@Param        body             body      IssueKeyBody  false  "Options"
//	@Success      201              {object}  ChannelKeyCreated
//	@Failure      400              {object}  MetaEnvelope
//	@Failure      403              {object}  MetaEnvelope
//	@Failure      404              {object}  MetaEnvelope
//	@Failure      409              {object}  MetaEnvelope
//	@Failure      422              {object}  MetaEnvelope
//	@Router       /api/v2/clients/{client_id}/channels/{channel_id}/api_keys [post]
func (s *Server) issueClientKey(c *gin.Context) {
	var body IssueKeyBody
	if !bindOptionalJSON(c, &body) {
		return
	}
	req := apikeys.IssueRequest{GraceSeconds: body.GraceSeconds, IdempotencyKey: c.GetHeader("Idempotency-Key")}
	k, err := s.hub.APIKeys.IssueForClient(c.Request.Context(), scopeOf(c), c.Param("channel_id"), req)
	if err != nil {
		writeError(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusCreated, keyCreated(k))
}

// listChannelKeys godoc
//
//	@Summary      A channel's key history
//	@Description  Every key with its hint, state, creator, last use and revocation; never the keys themselves.
//	@Tags         api keys
//	@Produce      json
//	@Param        partner_id  path      string  true  "Partner id (…PA)"
//	@Param        client_id   path      string  true  "Client id (…CL)"
//	@Param        channel_id  path      string  true  "Channel id (…CH)"
//	@Success      200         {object}  ChannelKeyHistory
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/channels/{channel_id}/api_keys [get]
//	@Router       /api/v2/clients/{client_id}/channels/{channel_id}/api_keys [get]
func (s *Server) listChannelKeys(c *gin.Context) {
	keys, err := s.hub.APIKeys.History(c.Request.Context(), scopeOf(c), c.Param("channel_id"))
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, ChannelKeyHistory{APIKeys: keys})
}

// revokeChannelKeys godoc
//
//	@Summary      Revoke every valid key of a channel now
//	@Description  As WABA360Dialog.NET's "delete the channel's API keys": every active key and every key in grace stops working at once. Asking again when none is valid answers the same, with a count of 0.
//	@Tags         api keys
//	@Produce      json
//	@Param        partner_id  path      string  true  "Partner id (…PA)"
//	@Param        channel_id  path      string  true  "Channel id (…CH)"
//	@Success      200         {object}  MetaEnvelope
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/channels/{channel_id}/api_keys [delete]
func (s *Server) revokeChannelKeys(c *gin.Context) {
	n, err := s.hub.APIKeys.RevokeAll(c.Request.Context(), scopeOf(c), c.Param("channel_id"), "manual")
	if err != nil {
		writeError(c, err)
		return
	}
	if n == 1 {
		writeOK(c, "1 key is revoked.")
		return
	}
	writeOK(c, strconv.Itoa(n)+" keys are revoked.")
}

// revokeChannelKey godoc
//
//	@Summary      Revoke a channel key now
//	@Description  For a leaked key revoke — do not rotate with grace.
//	@Tags         api keys
//	@Produce      json
//	@Param        partner_id  path      string  true  "Partner id (…PA)"
//	@Param        client_id   path      string  true  "Client id (…CL)"
//	@Param        channel_id  path      string  true  "Channel id (…CH)"
//	@Param        key_id      path      string  true  "Key id (…CK)"
//	@Success      200         {object}  MetaEnvelope
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Failure      409         {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/channels/{channel_id}/api_keys/{key_id} [delete]
//	@Router       /api/v2/clients/{client_id}/channels/{channel_id}/api_keys/{key_id} [delete]
func (s *Server) revokeChannelKey(c *gin.Context) {
	if _, err := s.hub.APIKeys.Revoke(c.Request.Context(), scopeOf(c), c.Param("channel_id"), c.Param("key_id"), "manual"); err != nil {
		writeError(c, err)
		return
	}
	writeOK(c, "The key is revoked.")
}

// PermissionBody sets the partner's key permission on a number.
type PermissionBody struct {
	State string `json:"state" enums:"shared,missing"`
}

// setKeyPermission godoc
//
//	@Summary      Share or withdraw the partner's API key permission (client portal)
//	@Description  Direct-payment numbers only. Withdrawing ("missing") revokes at once every key the partner generated for the number; the client may then generate its own.
//	@Tags         api keys
//	@Accept       json
//	@Produce      json
//	@Param        client_id   path      string          true  "Client id (…CL)"
//	@Param        channel_id  path      string          true  "Channel id (…CH)"
//	@Param        body        body      PermissionBody  true  "New state"
//	@Success      200         {object}  channels.View
//	@Failure      400         {object}  MetaEnvelope
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Failure      409         {object}  MetaEnvelope
//	@Failure      422         {object}  MetaEnvelope
//	@Router       /api/v2/clients/{client_id}/channels/{channel_id}/permission [post]
func (s *Server) setKeyPermission(c *gin.Context) {
	var body PermissionBody
	if !bindJSON(c, &body) {
		return
	}
	v, err := s.hub.Channels.SetKeyPermission(c.Request.Context(), scopeOf(c), c.Param("channel_id"), body.State)
	s.writeChannel(c, v, err)
}

// PartnerKeyList lists a partner's API keys.
type PartnerKeyList struct {
	APIKeys []apikeys.PartnerKeyView `json:"api_keys"`
}

// listPartnerKeys godoc
//
//	@Summary      List partner API keys
//	@Tags         api keys
//	@Produce      json
//	@Param        partner_id  path      string  true  "Partner id (…PA)"
//	@Success      200         {object}  PartnerKeyList
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/api_keys [get]
func (s *Server) listPartnerKeys(c *gin.Context) {
	keys, err := s.hub.APIKeys.PartnerKeys(c.Request.Context(), c.Param("partner_id"))
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, PartnerKeyList{APIKeys: keys})
}

// createPartnerKey godoc
//
//	@Summary      Create a partner API key (X-API-Key)
//	@Description  Partner admins signed in with a password, which they enter again here. Named; scope read (GET only) or full; optional expiry and IP allow-list (addresses or CIDRs). The key is shown only in this answer; an Idempotency-Key header makes a retry return the same key.
//	@Tags         api keys
//	@Accept       json
//	@Produce      json
//	@Param        partner_id       path      string                 true   "Partner id (…PA)"
//	@Param        Idempotency-Key  header    string                 false  "Retry key"
//	@Param        body             body      apikeys.NewPartnerKey  true   "The key"
//	@Success      201              {object}  apikeys.CreatedPartnerKey
//	@Failure      400              {object}  MetaEnvelope
//	@Failure      403              {object}  MetaEnvelope
//	@Failure      404              {object}  MetaEnvelope
//	@Failure      409              {object}  MetaEnvelope
//	@Failure      422              {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/api_keys [post]
func (s *Server) createPartnerKey(c *gin.Context) {
	var in apikeys.NewPartnerKey
	if !bindJSON(c, &in) {
		return
	}
	k, err := s.hub.APIKeys.CreatePartnerKey(c.Request.Context(), c.Param("partner_id"), c.GetHeader("Idempotency-Key"), in)
	if err != nil {
		writeError(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusCreated, k)
}

// revokePartnerKey godoc
//
//	@Summary      Revoke a partner API key
//	@Tags         api keys
//	@Produce      json
//	@Param        partner_id  path      string  true  "Partner id (…PA)"
//	@Param        key_id      path      string  true  "Key id (…PK)"
//	@Success      200         {object}  apikeys.PartnerKeyView
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Failure      409         {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/api_keys/{key_id} [delete]
func (s *Server) revokePartnerKey(c *gin.Context) {
	k, err := s.hub.APIKeys.RevokePartnerKey(c.Request.Context(), c.Param("partner_id"), c.Param("key_id"))
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, k)
}

// LeakReport names a key that leaked.
type LeakReport struct {
	APIKey string `json:"api_key"`
}

// reportLeak godoc
//
//	@Summary      Report a leaked API key
//	@Description  No authentication. A valid key is revoked at once and its owner notified. The answer is the same whether or not the key was valid. At most 10 reports per minute per address.
//	@Tags         api keys
//	@Accept       json
//	@Produce      json
//	@Param        body  body      LeakReport  true  "The key"
//	@Success      202   {object}  MetaEnvelope
//	@Failure      400   {object}  MetaEnvelope
//	@Failure      429   {object}  MetaEnvelope
//	@Router       /api/v2/api_keys/report_leak [post]
func (s *Server) reportLeak(c *gin.Context) {
	var body LeakReport
	if !bindJSON(c, &body) {
		return
	}
	if err := s.hub.APIKeys.ReportLeak(c.Request.Context(), body.APIKey, c.ClientIP()); err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusAccepted, MetaEnvelope{Meta: Meta{Success: true, HTTPCode: http.StatusAccepted,
		DeveloperMessage: "Thank you. If this is a valid key, it has been revoked and its owner notified."}})
}

// --- Messaging API (authenticated by D360-API-KEY) ---

const channelPrincipalKey = "partnerhub.channel_principal"

// authenticateChannelKey requires a valid D360-API-KEY and remembers its channel.
func (s *Server) authenticateChannelKey(c *gin.Context) {
	p, err := s.hub.APIKeys.Verifier().VerifyChannelKey(c.Request.Context(), c.GetHeader("D360-API-KEY"), c.ClientIP())
	if err != nil {
		writeError(c, err)
		return
	}
	c.Set(channelPrincipalKey, p)
	c.Next()
}

func channelPrincipal(c *gin.Context) *apikeys.ChannelPrincipal {
	return c.MustGet(channelPrincipalKey).(*apikeys.ChannelPrincipal)
}

// getMessagingWebhook godoc
//
//	@Summary      Get the channel webhook (Messaging API)
//	@Tags         messaging
//	@Produce      json
//	@Param        D360-API-KEY  header    string  true  "Channel API key"
//	@Success      200           {object}  channels.Webhook
//	@Failure      401           {object}  MetaEnvelope
//	@Router       /v1/configs/webhook [get]
func (s *Server) getMessagingWebhook(c *gin.Context) {
	ch, err := s.hub.Channels.GetForKey(c.Request.Context(), channelPrincipal(c).ChannelID)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, channels.WebhookOf(ch))
}

// setMessagingWebhook godoc
//
//	@Summary      Set the channel webhook (Messaging API)
//	@Description  {url, headers?}; https only, no underscore in the host, no explicit port.
//	@Tags         messaging
//	@Accept       json
//	@Produce      json
//	@Param        D360-API-KEY  header    string            true  "Channel API key"
//	@Param        body          body      channels.Webhook  true  "The webhook"
//	@Success      200           {object}  channels.Webhook
//	@Failure      400           {object}  MetaEnvelope
//	@Failure      401           {object}  MetaEnvelope
//	@Failure      422           {object}  MetaEnvelope
//	@Router       /v1/configs/webhook [post]
func (s *Server) setMessagingWebhook(c *gin.Context) {
	var w channels.Webhook
	if !bindJSON(c, &w) {
		return
	}
	ch, err := s.hub.Channels.SetWebhookForKey(c.Request.Context(), channelPrincipal(c).ChannelID, w)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, channels.WebhookOf(ch))
}

// healthStatus godoc
//
//	@Summary      Messaging health of the channel (Messaging API)
//	@Description  AVAILABLE, LIMITED or BLOCKED for the number and its WABA, as the provider reports it; the overall value is the worst.
//	@Tags         messaging
//	@Produce      json
//	@Param        D360-API-KEY  header    string  true  "Channel API key"
//	@Success      200           {object}  channels.HealthReport
//	@Failure      401           {object}  MetaEnvelope
//	@Router       /health_status [get]
func (s *Server) healthStatus(c *gin.Context) {
	r, err := s.hub.Channels.HealthForKey(c.Request.Context(), channelPrincipal(c).ChannelID)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, r)
}
