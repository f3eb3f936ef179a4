package handlers

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/partnerhub/partnerhub/services/messaging"
	"github.com/partnerhub/partnerhub/services/provider"
	"github.com/partnerhub/partnerhub/services/usage"
)

// The operator's simulator console (WhatsApp users writing in, the directory of simulated
// users, the rate card) and the "Test messaging" panel of a number (its conversations,
// sending as the signed-in person).

// SimulatedUserList is a page of the simulator's directory of WhatsApp users.
type SimulatedUserList struct {
	ListMeta
	Users []provider.SimulatedUser `json:"users"`
}

// UserConversationList is a page of one simulated user's conversations across channels.
type UserConversationList struct {
	ListMeta
	Conversations []messaging.UserConversation `json:"conversations"`
}

// ConversationList is a page of a number's conversations, newest first.
type ConversationList struct {
	ListMeta
	Conversations []messaging.ContactView `json:"conversations"`
}

// MessageList is a page of one conversation's messages.
type MessageList struct {
	ListMeta
	Messages []messaging.MessageView `json:"messages"`
}

// simulateInbound godoc
//
//	@Summary      Write to a number as a WhatsApp user (simulator controls)
//	@Description  The message arrives as if the user had written it on WhatsApp: it opens (or renews) the
//	@Description  24-hour customer-service window and is announced to the channel's webhook URL in Meta's
//	@Description  envelope (whatsapp.message_received). from is a phone number or WhatsApp id; media
//	@Description  messages name an uploaded media id of the channel, or none for a placeholder file.
//	@Tags         operator
//	@Accept       json
//	@Produce      json
//	@Param        channel_id  path      string                    true  "Channel id (…CH)"
//	@Param        body        body      messaging.InboundRequest  true  "The user's message"
//	@Success      201         {object}  messaging.MessageView
//	@Failure      400         {object}  MetaEnvelope
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Failure      409         {object}  MetaEnvelope
//	@Failure      422         {object}  MetaEnvelope
//	@Router       /api/v2/operator/simulator/channels/{channel_id}/inbound [post]
func (s *Server) simulateInbound(c *gin.Context) {
	var in messaging.InboundRequest
	if !bindJSON(c, &in) {
		return
	}
	v, err := s.hub.Messaging.Receive(c.Request.Context(), c.Param("channel_id"), in)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusCreated, v)
}

// listSimulatedUsers godoc
//
//	@Summary      List the simulator's WhatsApp users (operators)
//	@Description  The directory decides who a number is on WhatsApp: its WhatsApp id, whether it is on
//	@Description  WhatsApp, reachable, blocking businesses, sending read receipts. Numbers outside it are
//	@Description  reachable users whose WhatsApp id is their digits.
//	@Tags         operator
//	@Produce      json
//	@Param        limit    query     int     false  "Page size (1–1000)"  default(20)
//	@Param        offset   query     int     false  "Items to skip"       default(0)
//	@Param        sort     query     string  false  "name, phone_number or created_at; leading - for descending"  default(name)
//	@Param        filters  query     string  false  "JSON object: q (part of the name, number or WhatsApp id), phone_number, wa_id, on_whatsapp, reachable, blocks_business, read_receipts, language"
//	@Success      200      {object}  SimulatedUserList
//	@Failure      400      {object}  MetaEnvelope
//	@Failure      403      {object}  MetaEnvelope
//	@Router       /api/v2/operator/simulator/users [get]
func (s *Server) listSimulatedUsers(c *gin.Context) {
	q, ok := parseList(c, provider.SimulatedUserListSpec)
	if !ok {
		return
	}
	users, total, err := s.hub.Simulator.ListUsers(c.Request.Context(), q)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, SimulatedUserList{ListMeta: listMeta(q, len(users), total), Users: users})
}

// createSimulatedUser godoc
//
//	@Summary      Add a WhatsApp user to the simulator's directory (platform admins)
//	@Description  drop_ninth_digit gives a Brazilian mobile the WhatsApp id without its ninth digit.
//	@Tags         operator
//	@Accept       json
//	@Produce      json
//	@Param        body  body      provider.NewSimulatedUser  true  "The user"
//	@Success      201   {object}  provider.SimulatedUser
//	@Failure      400   {object}  MetaEnvelope
//	@Failure      403   {object}  MetaEnvelope
//	@Failure      409   {object}  MetaEnvelope
//	@Failure      422   {object}  MetaEnvelope
//	@Router       /api/v2/operator/simulator/users [post]
func (s *Server) createSimulatedUser(c *gin.Context) {
	var in provider.NewSimulatedUser
	if !bindJSON(c, &in) {
		return
	}
	u, err := s.hub.Simulator.CreateUser(c.Request.Context(), in)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusCreated, u)
}

// updateSimulatedUser godoc
//
//	@Summary      Change a simulated WhatsApp user (platform admins)
//	@Description  Fields left out stay. Made reachable again, the user receives the messages that waited.
//	@Tags         operator
//	@Accept       json
//	@Produce      json
//	@Param        user_id  path      string                        true  "Simulated user id (…SU)"
//	@Param        body     body      provider.SimulatedUserChange  true  "What changes"
//	@Success      200      {object}  provider.SimulatedUser
//	@Failure      400      {object}  MetaEnvelope
//	@Failure      403      {object}  MetaEnvelope
//	@Failure      404      {object}  MetaEnvelope
//	@Failure      422      {object}  MetaEnvelope
//	@Router       /api/v2/operator/simulator/users/{user_id} [patch]
func (s *Server) updateSimulatedUser(c *gin.Context) {
	var ch provider.SimulatedUserChange
	if !bindJSON(c, &ch) {
		return
	}
	u, err := s.hub.Simulator.UpdateUser(c.Request.Context(), c.Param("user_id"), ch)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, u)
}

// deleteSimulatedUser godoc
//
//	@Summary      Remove a WhatsApp user from the simulator's directory (platform admins)
//	@Description  Its number then behaves like any number outside the directory. Seed users come back at
//	@Description  the next start.
//	@Tags         operator
//	@Produce      json
//	@Param        user_id  path      string  true  "Simulated user id (…SU)"
//	@Success      200      {object}  MetaEnvelope
//	@Failure      403      {object}  MetaEnvelope
//	@Failure      404      {object}  MetaEnvelope
//	@Router       /api/v2/operator/simulator/users/{user_id} [delete]
func (s *Server) deleteSimulatedUser(c *gin.Context) {
	if err := s.hub.Simulator.DeleteUser(c.Request.Context(), c.Param("user_id")); err != nil {
		writeError(c, err)
		return
	}
	writeOK(c, "Simulated user deleted.")
}

// simulatedUserConversations godoc
//
//	@Summary      List a simulated user's conversations across numbers (operators)
//	@Tags         operator
//	@Produce      json
//	@Param        user_id  path      string  true   "Simulated user id (…SU)"
//	@Param        limit    query     int     false  "Page size (1–1000)"  default(20)
//	@Param        offset   query     int     false  "Items to skip"       default(0)
//	@Param        sort     query     string  false  "last_message_at; leading - for descending"  default(-last_message_at)
//	@Param        filters  query     string  false  "JSON object: channel_id"
//	@Success      200      {object}  UserConversationList
//	@Failure      400      {object}  MetaEnvelope
//	@Failure      403      {object}  MetaEnvelope
//	@Failure      404      {object}  MetaEnvelope
//	@Router       /api/v2/operator/simulator/users/{user_id}/conversations [get]
func (s *Server) simulatedUserConversations(c *gin.Context) {
	q, ok := parseList(c, messaging.UserConversationListSpec)
	if !ok {
		return
	}
	items, total, err := s.hub.Messaging.ConversationsOfUser(c.Request.Context(), c.Param("user_id"), q)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, UserConversationList{ListMeta: listMeta(q, len(items), total), Conversations: items})
}

// listMessagePrices godoc
//
//	@Summary      Read the message rate card (operators)
//	@Description  The price of one delivered message per currency and pricing category, in millionths of
//	@Description  the currency unit. example is true for the prices the hub ships with (examples, not
//	@Description  Meta's prices for any market) where no operator price is set.
//	@Tags         operator
//	@Produce      json
//	@Success      200  {array}   usage.Price
//	@Failure      403  {object}  MetaEnvelope
//	@Router       /api/v2/operator/message_prices [get]
func (s *Server) listMessagePrices(c *gin.Context) {
	prices, err := s.hub.Usage.Prices(c.Request.Context())
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, prices)
}

// setMessagePrices godoc
//
//	@Summary      Set a currency's message prices (platform admins)
//	@Description  Prices per delivered message in millionths of the currency unit. A category left out (or
//	@Description  null) goes back to its example price. Messages delivered afterwards cost the new prices.
//	@Tags         operator
//	@Accept       json
//	@Produce      json
//	@Param        currency  path      string                true  "ISO 4217 code, e.g. EUR"
//	@Param        body      body      usage.CategoryPrices  true  "The prices"
//	@Success      200       {array}   usage.Price
//	@Failure      400       {object}  MetaEnvelope
//	@Failure      403       {object}  MetaEnvelope
//	@Failure      422       {object}  MetaEnvelope
//	@Router       /api/v2/operator/message_prices/{currency} [put]
func (s *Server) setMessagePrices(c *gin.Context) {
	var p usage.CategoryPrices
	if !bindJSON(c, &p) {
		return
	}
	prices, err := s.hub.Usage.SetPrices(c.Request.Context(), c.Param("currency"), p)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, prices)
}

// listConversations godoc
//
//	@Summary      List a number's conversations ("Test messaging")
//	@Description  One item per WhatsApp user the number talks to, with the last message and the end of the
//	@Description  24-hour customer-service window while it is open.
//	@Tags         messaging
//	@Produce      json
//	@Param        partner_id  path      string  true   "Partner id (…PA)"
//	@Param        client_id   path      string  true   "Client id (…CL)"
//	@Param        channel_id  path      string  true   "Channel id (…CH)"
//	@Param        limit       query     int     false  "Page size (1–1000)"  default(20)
//	@Param        offset      query     int     false  "Items to skip"       default(0)
//	@Param        sort        query     string  false  "last_message_at; leading - for descending"  default(-last_message_at)
//	@Param        filters     query     string  false  "JSON object: wa_id"
//	@Success      200         {object}  ConversationList
//	@Failure      400         {object}  MetaEnvelope
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/clients/{client_id}/channels/{channel_id}/conversations [get]
//	@Router       /api/v2/clients/{client_id}/channels/{channel_id}/conversations [get]
func (s *Server) listConversations(c *gin.Context) {
	q, ok := parseList(c, messaging.ConversationListSpec)
	if !ok {
		return
	}
	items, total, err := s.hub.Messaging.ListConversations(c.Request.Context(), scopeOf(c), c.Param("channel_id"), q)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, ConversationList{ListMeta: listMeta(q, len(items), total), Conversations: items})
}

// listConversationMessages godoc
//
//	@Summary      List the messages of one conversation ("Test messaging")
//	@Description  Both directions, oldest first by default, each outbound message with its status (sent,
//	@Description  delivered, read, or failed with Meta's error).
//	@Tags         messaging
//	@Produce      json
//	@Param        partner_id  path      string  true   "Partner id (…PA)"
//	@Param        client_id   path      string  true   "Client id (…CL)"
//	@Param        channel_id  path      string  true   "Channel id (…CH)"
//	@Param        wa_id       path      string  true   "The WhatsApp user's id (digits)"
//	@Param        limit       query     int     false  "Page size (1–1000)"  default(20)
//	@Param        offset      query     int     false  "Items to skip"       default(0)
//	@Param        sort        query     string  false  "created_at; leading - for descending"  default(created_at)
//	@Param        filters     query     string  false  "JSON object: status, direction"
//	@Success      200         {object}  MessageList
//	@Failure      400         {object}  MetaEnvelope
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/clients/{client_id}/channels/{channel_id}/conversations/{wa_id}/messages [get]
//	@Router       /api/v2/clients/{client_id}/channels/{channel_id}/conversations/{wa_id}/messages [get]
func (s *Server) listConversationMessages(c *gin.Context) {
	q, ok := parseList(c, messaging.MessageListSpec)
	if !ok {
		return
	}
	items, total, err := s.hub.Messaging.ListMessages(c.Request.Context(), scopeOf(c), c.Param("channel_id"), c.Param("wa_id"), q)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, MessageList{ListMeta: listMeta(q, len(items), total), Messages: items})
}

// sendTestMessage godoc
//
//	@Summary      Send a message from a number as the signed-in person ("Test messaging")
//	@Description  The body and the answer are the Cloud API's (POST /messages), with its rules: a template
//	@Description  outside the 24-hour window, free-form inside it. Refusals are answered in the hub's
//	@Description  envelope with whatsapp_… codes; failures that come later (a closed window, an
//	@Description  undeliverable recipient) are the message's failed status. Support agents only read.
//	@Tags         messaging
//	@Accept       json
//	@Produce      json
//	@Param        partner_id  path      string             true  "Partner id (…PA)"
//	@Param        client_id   path      string             true  "Client id (…CL)"
//	@Param        channel_id  path      string             true  "Channel id (…CH)"
//	@Param        body        body      messaging.Request  true  "The Cloud API's message body"
//	@Success      200         {object}  messaging.Answer
//	@Failure      400         {object}  MetaEnvelope
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Failure      409         {object}  MetaEnvelope
//	@Failure      422         {object}  MetaEnvelope
//	@Failure      429         {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/clients/{client_id}/channels/{channel_id}/test_messages [post]
//	@Router       /api/v2/clients/{client_id}/channels/{channel_id}/test_messages [post]
func (s *Server) sendTestMessage(c *gin.Context) {
	var r messaging.Request
	if !bindJSON(c, &r) {
		return
	}
	a, err := s.hub.Messaging.SendTest(c.Request.Context(), scopeOf(c), c.Param("channel_id"), r)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, a)
}
