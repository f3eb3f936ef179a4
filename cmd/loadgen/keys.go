package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
)

// keyHeader carries a channel API key on Messaging API requests.
const keyHeader = "D360-API-KEY"

// healthRoute and messagesRoute are the Messaging API routes loaded with a channel key.
const (
	healthRoute   = "/health_status"
	messagesRoute = "/messages"
)

// channelKey issues a channel API key through the Partner API as the signed-in
// partner_admin (tok): the partner is the one GET /api/v2/me names (the demo's Acme
// Messaging, on partner payment, so it holds the key permission of every number), the
// channel the first running one of its channels that shares the permission. It checks
// that the key opens
// GET /health_status before returning it, so a broken setup fails here, not as a phase
// full of 401s.
func (h *hub) channelKey(ctx context.Context, tok string) (key, channelID string, err error) {
	bearer := http.Header{"Authorization": {"Bearer " + tok}}
	var me struct {
		PartnerID *string `json:"partner_id"`
	}
	if err := h.call(ctx, http.MethodGet, "/api/v2/me", bearer, nil, http.StatusOK, &me); err != nil {
		return "", "", err
	}
	if me.PartnerID == nil || *me.PartnerID == "" {
		return "", "", fmt.Errorf("GET /api/v2/me: the partner_admin login has no partner_id")
	}
	pid := url.PathEscape(*me.PartnerID)
	var list struct {
		Channels []struct {
			ID     string `json:"id"`
			Status string `json:"status"`
		} `json:"partner_channels"`
	}
	q := url.Values{"filters": {`{"status":"running","key_permission":"shared"}`}, "limit": {"1"}}
	if err := h.call(ctx, http.MethodGet, "/api/v2/partners/"+pid+"/channels?"+q.Encode(), bearer, nil, http.StatusOK, &list); err != nil {
		return "", "", err
	}
	if len(list.Channels) == 0 || list.Channels[0].Status != "running" {
		return "", "", fmt.Errorf("the demo partner %s has no running channel with the key permission shared", *me.PartnerID)
	}
	chid := url.PathEscape(list.Channels[0].ID)
	var created struct {
		APIKey string `json:"api_key"`
	}
	if err := h.call(ctx, http.MethodPost, "/api/v2/partners/"+pid+"/channels/"+chid+"/api_keys", bearer, nil, http.StatusCreated, &created); err != nil {
		return "", "", err
	}
	if created.APIKey == "" {
		return "", "", fmt.Errorf("POST …/api_keys: no api_key in the answer")
	}
	if err := h.call(ctx, http.MethodGet, healthRoute, http.Header{keyHeader: {created.APIKey}}, nil, http.StatusOK, nil); err != nil {
		return "", "", fmt.Errorf("the new channel key: %w", err)
	}
	return created.APIKey, list.Channels[0].ID, nil
}

// messagingRecipients is how many WhatsApp users the POST /messages target spreads its
// sends over: Meta's pair rate limit lets one number send a user at most 45 messages in
// 270 s, so a 12 s phase at a few thousand sends per second needs about a thousand.
const messagingRecipients = 1000

// messagesTarget prepares the POST /messages target: as the demo platform_admin it has
// messagingRecipients simulated users write to the channel (the operator's simulator
// console), which opens each one's 24-hour window, and returns one text-message body per
// recipient. Free-form text inside the window is the plain send path: no template to
// match, nothing to fail later.
func (h *hub) messagesTarget(ctx context.Context, channelID, key string) (target, error) {
	tok, err := h.token(ctx, "platform_admin")
	if err != nil {
		return target{}, err
	}
	bearer := http.Header{"Authorization": {"Bearer " + tok}}
	path := "/api/v2/operator/simulator/channels/" + url.PathEscape(channelID) + "/inbound"
	bodies := make([][]byte, messagingRecipients)
	for i := range bodies {
		from := fmt.Sprintf("+4915799%06d", i)
		in := map[string]any{"from": from, "name": fmt.Sprintf("Load %d", i), "type": "text", "text": map[string]string{"body": "hello"}}
		if err := h.call(ctx, http.MethodPost, path, bearer, in, http.StatusCreated, nil); err != nil {
			return target{}, fmt.Errorf("open the window of %s: %w", from, err)
		}
		bodies[i], _ = json.Marshal(map[string]any{"messaging_product": "whatsapp", "recipient_type": "individual", "to": from,
			"type": "text", "text": map[string]string{"body": "Your order has shipped."}})
	}
	hdr := http.Header{keyHeader: {key}, "Content-Type": {"application/json"}}
	if err := h.call(ctx, http.MethodPost, messagesRoute, hdr, json.RawMessage(bodies[0]), http.StatusOK, nil); err != nil {
		return target{}, fmt.Errorf("the first message: %w", err)
	}
	return target{name: "POST /messages (hub, text in the window)", url: h.Base + messagesRoute, header: hdr, bodies: bodies}, nil
}

// call sends one request to the hub and decodes the answer into out (nil: discard it);
// any status but want is an error that quotes the answer.
func (h *hub) call(ctx context.Context, method, path string, header http.Header, body any, want int, out any) error {
	var rd io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(ctx, method, h.Base+path, rd)
	if err != nil {
		return err
	}
	req.Header = header.Clone()
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{Proxy: nil}}
	defer client.CloseIdleConnections()
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode != want {
		return fmt.Errorf("%s %s: HTTP %s, want %d: %s", method, path, resp.Status, want, raw)
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	return nil
}
