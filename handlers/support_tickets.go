package handlers

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/partnerhub/partnerhub/services/support"
)

// TopicList is the support topic catalogue.
type TopicList struct {
	Topics []support.TopicView `json:"topics"`
}

// supportTopics godoc
//
//	@Summary      List support topics
//	@Description  Every topic with its default severity (for the caller's support package), the information a hub submission must include (key "channel_id" is the ticket's affected number; every other key goes in "details"), and the published knowledge-base articles to suggest before submission.
//	@Tags         support
//	@Produce      json
//	@Success      200  {object}  TopicList
//	@Failure      401  {object}  MetaEnvelope
//	@Router       /api/v2/support/topics [get]
func (s *Server) supportTopics(c *gin.Context) {
	out, err := s.hub.Support.TopicList(c.Request.Context())
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, TopicList{Topics: out})
}

// openTicket godoc
//
//	@Summary      Open a support ticket
//	@Description  Requesters (partner staff, client users) open hub_chat tickets: topic, subject and description, plus the topic's required information — a submission missing any is a 422 listing every missing item. An open ticket of the same requester, number and topic is offered first: 409 duplicate_open_ticket with details ["ticket_id: …"] unless "confirm_new": true. API keys in the text are masked before storage ("keys_masked", "notice"). Support staff enter email and WhatsApp tickets with source, received_at (the timers start there) and requester_user_id, and may set severity. Severity otherwise follows the topic and the requester's support package; the contract (plan, package, policy version) is fixed now. Routing assigns an agent speaking the ticket's language, else an English speaker ("language_fallback": true).
//	@Tags         support
//	@Accept       json
//	@Produce      json
//	@Param        body  body      support.OpenRequest  true  "The ticket"
//	@Success      201   {object}  support.Opened
//	@Failure      400   {object}  MetaEnvelope
//	@Failure      403   {object}  MetaEnvelope
//	@Failure      409   {object}  MetaEnvelope
//	@Failure      422   {object}  MetaEnvelope
//	@Router       /api/v2/support/tickets [post]
func (s *Server) openTicket(c *gin.Context) {
	var req support.OpenRequest
	if !bindJSON(c, &req) {
		return
	}
	out, err := s.hub.Support.Open(c.Request.Context(), req)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusCreated, out)
}

// TicketList is a page of tickets.
type TicketList struct {
	ListMeta
	Tickets []support.TicketView `json:"tickets"`
}

// listTickets godoc
//
//	@Summary      List tickets
//	@Description  Support staff see every ticket, partner staff their partner's (their own and their clients'), client users their client's.
//	@Tags         support
//	@Produce      json
//	@Param        limit    query     int     false  "Page size (1–1000)"  default(20)
//	@Param        offset   query     int     false  "Items to skip"       default(0)
//	@Param        sort     query     string  false  "created_at, modified_at or opened_at; leading - for descending"  default(-created_at)
//	@Param        filters  query     string  false  "JSON object: status, topic, severity, source, client_id, channel_id, requester_user_id, escalated"
//	@Success      200      {object}  TicketList
//	@Failure      400      {object}  MetaEnvelope
//	@Router       /api/v2/support/tickets [get]
func (s *Server) listTickets(c *gin.Context) {
	q, ok := parseList(c, support.ListSpec)
	if !ok {
		return
	}
	items, total, err := s.hub.Support.List(c.Request.Context(), q)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, TicketList{ListMeta: listMeta(q, len(items), total), Tickets: items})
}

// getTicket godoc
//
//	@Summary      Get a ticket with its conversation and timers
//	@Description  Timers carry due and warning instants (RFC 3339 UTC) for live countdowns and their state. Internal notes appear for support staff only.
//	@Tags         support
//	@Produce      json
//	@Param        ticket_id  path      string  true  "Ticket id (…TK)"
//	@Success      200        {object}  support.TicketDetail
//	@Failure      404        {object}  MetaEnvelope
//	@Router       /api/v2/support/tickets/{ticket_id} [get]
func (s *Server) getTicket(c *gin.Context) {
	out, err := s.hub.Support.Get(c.Request.Context(), c.Param("ticket_id"))
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, out)
}

// replyTicket godoc
//
//	@Summary      Reply publicly
//	@Description  A requester's reply to a ticket waiting on them makes it open again (its resolution timer runs again); resolved and closed tickets must be reopened first (409 ticket_state). Support's first public reply is the first response: strictly before the due instant meets it. API keys are masked before storage. On a ticket from the support desk's WhatsApp number ("whatsapp" set) support's reply is also sent to the user on WhatsApp once stored: free-form while their 24-hour window is open ("whatsapp.window_expires_at"), else as an approved template — "whatsapp_template" {name, language, parameters}, see …/whatsapp_templates, with an empty body — or 422 whatsapp_window_closed. A send WhatsApp refuses keeps the reply: its "delivery" says not_sent and an internal note says why; "delivery" then follows the message (sent, delivered, read, failed with Meta's error).
//	@Tags         support
//	@Accept       json
//	@Produce      json
//	@Param        ticket_id  path      string                 true  "Ticket id (…TK)"
//	@Param        body       body      support.ReplyRequest   true  "The reply"
//	@Success      200        {object}  support.Result
//	@Failure      400        {object}  MetaEnvelope
//	@Failure      404        {object}  MetaEnvelope
//	@Failure      409        {object}  MetaEnvelope
//	@Failure      422        {object}  MetaEnvelope
//	@Router       /api/v2/support/tickets/{ticket_id}/replies [post]
func (s *Server) replyTicket(c *gin.Context) {
	var req support.ReplyRequest
	if !bindJSON(c, &req) {
		return
	}
	s.ticketResult(c)(s.hub.Support.Reply(c.Request.Context(), c.Param("ticket_id"), req))
}

// escalateTicket godoc
//
//	@Summary      Escalate a ticket
//	@Description  Requesters only, for an unfinished ticket, with a reason, when the client has a designated point of contact or the partner's tier is silver, gold or platinum (else 403 escalation_not_available, in words). Escalated tickets head the support queue and notify the support managers.
//	@Tags         support
//	@Accept       json
//	@Produce      json
//	@Param        ticket_id  path      string                   true  "Ticket id (…TK)"
//	@Param        body       body      support.EscalateRequest  true  "Why"
//	@Success      200        {object}  support.Result
//	@Failure      403        {object}  MetaEnvelope
//	@Failure      404        {object}  MetaEnvelope
//	@Failure      409        {object}  MetaEnvelope
//	@Failure      422        {object}  MetaEnvelope
//	@Router       /api/v2/support/tickets/{ticket_id}/escalate [post]
func (s *Server) escalateTicket(c *gin.Context) {
	var req support.EscalateRequest
	if !bindJSON(c, &req) {
		return
	}
	s.ticketResult(c)(s.hub.Support.Escalate(c.Request.Context(), c.Param("ticket_id"), req))
}

// reopenTicket godoc
//
//	@Summary      Reopen a resolved ticket
//	@Description  The ticket becomes open and a new resolution cycle starts; an optional reason is added as a public reply. Closed tickets are final (409 ticket_state).
//	@Tags         support
//	@Accept       json
//	@Produce      json
//	@Param        ticket_id  path      string                 true   "Ticket id (…TK)"
//	@Param        body       body      support.ReasonRequest  false  "Why"
//	@Success      200        {object}  support.Result
//	@Failure      404        {object}  MetaEnvelope
//	@Failure      409        {object}  MetaEnvelope
//	@Router       /api/v2/support/tickets/{ticket_id}/reopen [post]
func (s *Server) reopenTicket(c *gin.Context) {
	var req support.ReasonRequest
	if !bindOptionalJSON(c, &req) {
		return
	}
	s.ticketResult(c)(s.hub.Support.Reopen(c.Request.Context(), c.Param("ticket_id"), req))
}

// closeTicket godoc
//
//	@Summary      Close a resolved ticket
//	@Description  Requester or support; closed is final.
//	@Tags         support
//	@Produce      json
//	@Param        ticket_id  path      string  true  "Ticket id (…TK)"
//	@Success      200        {object}  support.Result
//	@Failure      404        {object}  MetaEnvelope
//	@Failure      409        {object}  MetaEnvelope
//	@Router       /api/v2/support/tickets/{ticket_id}/close [post]
func (s *Server) closeTicket(c *gin.Context) {
	if !bindOptionalJSON(c, &struct{}{}) {
		return
	}
	s.ticketResult(c)(s.hub.Support.Close(c.Request.Context(), c.Param("ticket_id")))
}

// ticketResult answers an action on a ticket.
func (s *Server) ticketResult(c *gin.Context) func(*support.Result, error) {
	return func(out *support.Result, err error) {
		if err != nil {
			writeError(c, err)
			return
		}
		c.JSON(http.StatusOK, out)
	}
}
