package handlers

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/support"
)

// TicketQueue is a page of the support queue.
type TicketQueue struct {
	Count   int                  `json:"count"`
	Total   int                  `json:"total"`
	Limit   int                  `json:"limit"`
	Offset  int                  `json:"offset"`
	Tickets []support.TicketView `json:"tickets"`
}

// ticketQueue godoc
//
//	@Summary      The support queue (support staff)
//	@Description  Escalated tickets first, then by the nearest due instant of a running timer (overdue first; tickets without one last), then oldest. Without status, every unfinished ticket.
//	@Tags         support
//	@Produce      json
//	@Param        status    query     string  false  "Comma-separated statuses"
//	@Param        assignee  query     string  false  "me, none or a user id"
//	@Param        severity  query     string  false  "critical, urgent or standard"
//	@Param        language  query     string  false  "en, pt-BR, de, es, tr, hi or ru"
//	@Param        limit     query     int     false  "Page size (1–500)"  default(50)
//	@Param        offset    query     int     false  "Items to skip"      default(0)
//	@Success      200       {object}  TicketQueue
//	@Failure      403       {object}  MetaEnvelope
//	@Failure      422       {object}  MetaEnvelope
//	@Router       /api/v2/support/queue [get]
func (s *Server) ticketQueue(c *gin.Context) {
	f := support.QueueFilter{Assignee: c.Query("assignee"), Severity: c.Query("severity"), Language: c.Query("language")}
	if st := c.Query("status"); st != "" {
		f.Status = strings.Split(st, ",")
	}
	var problems []string
	for name, dst := range map[string]*int{"limit": &f.Limit, "offset": &f.Offset} {
		if raw := c.Query(name); raw != "" {
			n, err := strconv.Atoi(raw)
			if err != nil {
				problems = append(problems, name+": must be a whole number")
			}
			*dst = n
		}
	}
	if len(problems) > 0 {
		writeError(c, apperr.Validation(problems...))
		return
	}
	items, total, err := s.hub.Support.Queue(c.Request.Context(), f)
	if err != nil {
		writeError(c, err)
		return
	}
	if f.Limit == 0 {
		f.Limit = 50
	}
	c.JSON(http.StatusOK, TicketQueue{Count: len(items), Total: total, Limit: f.Limit, Offset: f.Offset, Tickets: items})
}

// AgentList lists support staff.
type AgentList struct {
	Agents []support.AgentView `json:"agents"`
}

// supportAgents godoc
//
//	@Summary      List support staff (support staff)
//	@Description  Active support agents and platform admins with the languages they answer in and their unfinished tickets.
//	@Tags         support
//	@Produce      json
//	@Success      200  {object}  AgentList
//	@Failure      403  {object}  MetaEnvelope
//	@Router       /api/v2/support/agents [get]
func (s *Server) supportAgents(c *gin.Context) {
	out, err := s.hub.Support.Agents(c.Request.Context())
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, AgentList{Agents: out})
}

// RequesterList is the answer of a requester lookup.
type RequesterList struct {
	Requesters []support.RequesterView `json:"requesters"`
}

// findRequesters godoc
//
//	@Summary      Find requesters by email or name (support staff)
//	@Description  Partner and client users whose email or name contains q (at least 2 characters; at most 20 results), for entering an email or WhatsApp ticket on a requester's behalf.
//	@Tags         support
//	@Produce      json
//	@Param        q    query     string  true  "Part of the email or name"
//	@Success      200  {object}  RequesterList
//	@Failure      403  {object}  MetaEnvelope
//	@Failure      422  {object}  MetaEnvelope
//	@Router       /api/v2/support/requesters [get]
func (s *Server) findRequesters(c *gin.Context) {
	out, err := s.hub.Support.FindRequesters(c.Request.Context(), c.Query("q"))
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, RequesterList{Requesters: out})
}

// LanguagesRequest sets an agent's languages.
type LanguagesRequest struct {
	Languages []string `json:"languages" example:"en,de"`
}

// setAgentLanguages godoc
//
//	@Summary      Set the languages a support agent answers in
//	@Description  Staff set their own; platform admins anyone's. Languages: en, pt-BR, de, es, tr, hi, ru. Routing prefers an agent speaking the ticket's language.
//	@Tags         support
//	@Accept       json
//	@Produce      json
//	@Param        user_id  path      string            true  "User id (…US)"
//	@Param        body     body      LanguagesRequest  true  "Languages"
//	@Success      200      {object}  support.AgentView
//	@Failure      403      {object}  MetaEnvelope
//	@Failure      422      {object}  MetaEnvelope
//	@Router       /api/v2/support/agents/{user_id}/languages [put]
func (s *Server) setAgentLanguages(c *gin.Context) {
	var req LanguagesRequest
	if !bindJSON(c, &req) {
		return
	}
	out, err := s.hub.Support.SetLanguages(c.Request.Context(), c.Param("user_id"), req.Languages)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, out)
}

// noteTicket godoc
//
//	@Summary      Add an internal note (support staff)
//	@Description  Seen by support staff only; never by requesters, never in events.
//	@Tags         support
//	@Accept       json
//	@Produce      json
//	@Param        ticket_id  path      string                true  "Ticket id (…TK)"
//	@Param        body       body      support.ReplyRequest  true  "The note"
//	@Success      200        {object}  support.Result
//	@Failure      403        {object}  MetaEnvelope
//	@Failure      404        {object}  MetaEnvelope
//	@Failure      422        {object}  MetaEnvelope
//	@Router       /api/v2/support/tickets/{ticket_id}/notes [post]
func (s *Server) noteTicket(c *gin.Context) {
	var req support.ReplyRequest
	if !bindJSON(c, &req) {
		return
	}
	s.ticketResult(c)(s.hub.Support.Note(c.Request.Context(), c.Param("ticket_id"), req))
}

// assignTicket godoc
//
//	@Summary      Assign a ticket (support staff)
//	@Description  To the given support agent or platform admin; without assignee_id, routing picks an agent speaking the ticket's language, else an English speaker ("language_fallback": true).
//	@Tags         support
//	@Accept       json
//	@Produce      json
//	@Param        ticket_id  path      string                 true  "Ticket id (…TK)"
//	@Param        body       body      support.AssignRequest  true  "Whom"
//	@Success      200        {object}  support.Result
//	@Failure      403        {object}  MetaEnvelope
//	@Failure      404        {object}  MetaEnvelope
//	@Failure      409        {object}  MetaEnvelope
//	@Failure      422        {object}  MetaEnvelope
//	@Router       /api/v2/support/tickets/{ticket_id}/assign [post]
func (s *Server) assignTicket(c *gin.Context) {
	var req support.AssignRequest
	if !bindOptionalJSON(c, &req) {
		return
	}
	s.ticketResult(c)(s.hub.Support.Assign(c.Request.Context(), c.Param("ticket_id"), req))
}

// suggestAssignee godoc
//
//	@Summary      Whom routing would assign (support staff)
//	@Tags         support
//	@Produce      json
//	@Param        ticket_id  path      string  true  "Ticket id (…TK)"
//	@Success      200        {object}  support.Suggestion
//	@Failure      403        {object}  MetaEnvelope
//	@Failure      404        {object}  MetaEnvelope
//	@Router       /api/v2/support/tickets/{ticket_id}/assignee_suggestion [get]
func (s *Server) suggestAssignee(c *gin.Context) {
	out, err := s.hub.Support.SuggestAssignee(c.Request.Context(), c.Param("ticket_id"))
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, out)
}

// reclassifyTicket godoc
//
//	@Summary      Reclassify topic and/or severity (support staff, audited)
//	@Description  A severity change recomputes every timer from the ticket's start with its snapshot policy: a due instant already past is a breach at that instant; recorded breaches stay recorded.
//	@Tags         support
//	@Accept       json
//	@Produce      json
//	@Param        ticket_id  path      string                     true  "Ticket id (…TK)"
//	@Param        body       body      support.ReclassifyRequest  true  "New topic and/or severity, with a reason"
//	@Success      200        {object}  support.Result
//	@Failure      403        {object}  MetaEnvelope
//	@Failure      404        {object}  MetaEnvelope
//	@Failure      409        {object}  MetaEnvelope
//	@Failure      422        {object}  MetaEnvelope
//	@Router       /api/v2/support/tickets/{ticket_id}/reclassify [post]
func (s *Server) reclassifyTicket(c *gin.Context) {
	var req support.ReclassifyRequest
	if !bindJSON(c, &req) {
		return
	}
	s.ticketResult(c)(s.hub.Support.Reclassify(c.Request.Context(), c.Param("ticket_id"), req))
}

// setTicketStatus godoc
//
//	@Summary      Set open or a waiting state (support staff)
//	@Description  While waiting on the customer or on Meta the resolution timer stands still (to the second). Transitions follow the status table; anything else is a 409 ticket_state naming the current state.
//	@Tags         support
//	@Accept       json
//	@Produce      json
//	@Param        ticket_id  path      string                 true  "Ticket id (…TK)"
//	@Param        body       body      support.StatusRequest  true  "The status"
//	@Success      200        {object}  support.Result
//	@Failure      403        {object}  MetaEnvelope
//	@Failure      404        {object}  MetaEnvelope
//	@Failure      409        {object}  MetaEnvelope
//	@Failure      422        {object}  MetaEnvelope
//	@Router       /api/v2/support/tickets/{ticket_id}/status [post]
func (s *Server) setTicketStatus(c *gin.Context) {
	var req support.StatusRequest
	if !bindJSON(c, &req) {
		return
	}
	s.ticketResult(c)(s.hub.Support.SetWorkingStatus(c.Request.Context(), c.Param("ticket_id"), req))
}

// resolveTicket godoc
//
//	@Summary      Resolve a ticket (support staff)
//	@Description  Stops the current resolution cycle; an optional message is sent as a public reply first.
//	@Tags         support
//	@Accept       json
//	@Produce      json
//	@Param        ticket_id  path      string                  true   "Ticket id (…TK)"
//	@Param        body       body      support.ResolveRequest  false  "Final message"
//	@Success      200        {object}  support.Result
//	@Failure      403        {object}  MetaEnvelope
//	@Failure      404        {object}  MetaEnvelope
//	@Failure      409        {object}  MetaEnvelope
//	@Router       /api/v2/support/tickets/{ticket_id}/resolve [post]
func (s *Server) resolveTicket(c *gin.Context) {
	var req support.ResolveRequest
	if !bindOptionalJSON(c, &req) {
		return
	}
	s.ticketResult(c)(s.hub.Support.Resolve(c.Request.Context(), c.Param("ticket_id"), req))
}
