package support

import (
	"context"
	"slices"
	"strings"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/ticket"
	"github.com/partnerhub/partnerhub/ent/user"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/audit"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// speaks reports whether u lists lang. An agent who lists no languages answers in
// English, the primary support language.
func speaks(u *ent.User, lang string) bool {
	if len(u.Languages) == 0 {
		return lang == Fallback
	}
	return slices.ContainsFunc(u.Languages, func(l string) bool { return strings.EqualFold(l, lang) || NormaliseLanguage(l) == lang })
}

// route picks the agent for a ticket in lang: among active support agents who speak it,
// the one with the fewest unfinished tickets; when nobody speaks it, the same among
// English speakers, and fallback is true (support will answer in English). No agents at
// all: nil.
func (s *Service) route(ctx context.Context, db *ent.Client, lang string) (agent *ent.User, fallback bool, err error) {
	// Routing reads the support agents, who belong to no tenant, and weighs their
	// unfinished tickets of every tenant, whoever opens the ticket; only the chosen agent
	// leaves this function.
	sys := tenancy.AsSystem(ctx, tenancy.AcrossTenants)
	agents, err := db.User.Query().Where(user.RoleEQ(user.RoleSupportAgent), user.Disabled(false)).
		Order(ent.Asc(user.FieldID)).All(sys)
	if err != nil {
		return nil, false, err
	}
	pick := func(lang string) []*ent.User {
		var out []*ent.User
		for _, a := range agents {
			if speaks(a, lang) {
				out = append(out, a)
			}
		}
		return out
	}
	candidates := pick(lang)
	if len(candidates) == 0 && lang != Fallback {
		fallback = true
		candidates = pick(Fallback)
	}
	if len(candidates) == 0 {
		return nil, fallback, nil
	}
	ids := make([]string, len(candidates))
	for i, c := range candidates {
		ids[i] = c.ID
	}
	var loads []struct {
		AssigneeID string `json:"assignee_id"`
		Count      int    `json:"count"`
	}
	err = db.Ticket.Query().Where(ticket.AssigneeIDIn(ids...), ticket.StatusNotIn(ticket.StatusResolved, ticket.StatusClosed)).
		GroupBy(ticket.FieldAssigneeID).Aggregate(ent.Count()).Scan(sys, &loads)
	if err != nil {
		return nil, false, err
	}
	load := map[string]int{}
	for _, l := range loads {
		load[l.AssigneeID] = l.Count
	}
	best := candidates[0]
	for _, c := range candidates[1:] {
		if load[c.ID] < load[best.ID] {
			best = c
		}
	}
	return best, fallback, nil
}

// Suggestion is the agent routing would pick for a ticket.
type Suggestion struct {
	AgentID          *string  `json:"agent_id"`
	AgentName        string   `json:"agent_name"`
	Languages        []string `json:"languages"`
	Language         string   `json:"language" example:"pt-BR"`
	LanguageFallback bool     `json:"language_fallback"`
}

// SuggestAssignee returns whom routing would assign the ticket to now. Support staff only.
//
// Errors: forbidden, not_found.
func (s *Service) SuggestAssignee(ctx context.Context, id string) (*Suggestion, error) {
	if !IsStaff(tenancy.FromContext(ctx)) {
		return nil, apperr.ErrForbidden.New("Assignment is for support staff.")
	}
	t, err := s.db.Ticket.Get(ctx, id)
	if err != nil {
		return nil, apperr.From(err)
	}
	agent, fallback, err := s.route(ctx, s.db, t.Language)
	if err != nil {
		return nil, apperr.From(err)
	}
	out := &Suggestion{Language: t.Language, LanguageFallback: fallback, Languages: []string{}}
	if agent != nil {
		out.AgentID, out.AgentName, out.Languages = &agent.ID, agent.Name, append(out.Languages, agent.Languages...)
	}
	return out, nil
}

// AgentView is a support staff member as the assignment screen shows them.
type AgentView struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Email       string   `json:"email"`
	Role        string   `json:"role" enums:"support_agent,platform_admin"`
	Languages   []string `json:"languages"`
	OpenTickets int      `json:"open_tickets"`
}

// Agents lists active support staff with their languages and unfinished tickets. Support
// staff only.
//
// Errors: forbidden.
func (s *Service) Agents(ctx context.Context) ([]AgentView, error) {
	if !IsStaff(tenancy.FromContext(ctx)) {
		return nil, apperr.ErrForbidden.New("The agent list is for support staff.")
	}
	us, err := s.db.User.Query().Where(user.RoleIn(user.RoleSupportAgent, user.RolePlatformAdmin), user.Disabled(false)).
		Order(ent.Asc(user.FieldName), ent.Asc(user.FieldID)).All(ctx)
	if err != nil {
		return nil, apperr.From(err)
	}
	var loads []struct {
		AssigneeID string `json:"assignee_id"`
		Count      int    `json:"count"`
	}
	if err := s.db.Ticket.Query().Where(ticket.AssigneeIDNotNil(), ticket.StatusNotIn(ticket.StatusResolved, ticket.StatusClosed)).
		GroupBy(ticket.FieldAssigneeID).Aggregate(ent.Count()).Scan(ctx, &loads); err != nil {
		return nil, apperr.From(err)
	}
	load := map[string]int{}
	for _, l := range loads {
		load[l.AssigneeID] = l.Count
	}
	out := make([]AgentView, len(us))
	for i, u := range us {
		langs := append([]string{}, u.Languages...)
		out[i] = AgentView{ID: u.ID, Name: u.Name, Email: u.Email, Role: string(u.Role), Languages: langs, OpenTickets: load[u.ID]}
	}
	return out, nil
}

// SetLanguages records the languages a support staff member answers in. Staff set their
// own; platform admins anyone's.
//
// Errors: forbidden, validation_failed.
func (s *Service) SetLanguages(ctx context.Context, userID string, langs []string) (*AgentView, error) {
	v := tenancy.FromContext(ctx)
	if !IsStaff(v) || (v.UserID != userID && v.Role != tenancy.PlatformAdmin) {
		return nil, apperr.ErrForbidden.New("Support staff set their own languages; platform admins anyone's.")
	}
	var problems []string
	var norm []string
	for _, l := range langs {
		n := NormaliseLanguage(l)
		if n == "" {
			problems = append(problems, "languages: "+l+" is not one of "+strings.Join(Languages, ", "))
			continue
		}
		if !slices.Contains(norm, n) {
			norm = append(norm, n)
		}
	}
	if len(problems) > 0 {
		return nil, apperr.Validation(problems...)
	}
	u, err := staffUser(ctx, s.db, userID)
	if err != nil {
		return nil, apperr.From(err)
	}
	err = storage.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		if err := tx.User.UpdateOne(u).SetLanguages(norm).Exec(ctx); err != nil {
			return err
		}
		return audit.Record(ctx, tx.Client(), audit.Entry{Action: "user.languages_changed", ObjectType: "user", ObjectID: u.ID,
			Details: map[string]any{"from": u.Languages, "to": norm}, At: s.clock.Now().UTC()})
	})
	if err != nil {
		return nil, apperr.From(err)
	}
	return &AgentView{ID: u.ID, Name: u.Name, Email: u.Email, Role: string(u.Role), Languages: append([]string{}, norm...)}, nil
}
