package templates

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/partnerhub/partnerhub/ent/wabatemplate"
	"github.com/partnerhub/partnerhub/services/listquery"
)

// Meta's template list (GET /message_templates, as the Graph API lists a WABA's message
// templates and n8n-nodes-360dialog reads it) shows a template with Meta's upper-case
// status words; the hub's statuses map onto them one to one.

// metaStatuses are Meta's words for the hub's template statuses.
var metaStatuses = map[wabatemplate.Status]string{
	wabatemplate.StatusSubmitted: "PENDING",
	wabatemplate.StatusApproved:  "APPROVED",
	wabatemplate.StatusRejected:  "REJECTED",
	wabatemplate.StatusPaused:    "PAUSED",
	wabatemplate.StatusDisabled:  "DISABLED",
	wabatemplate.StatusDeleted:   "DELETED",
}

// MetaStatus is Meta's word for a hub template status ("approved" is APPROVED, "submitted"
// PENDING); an unknown status is upper-cased.
func MetaStatus(status string) string {
	if s, ok := metaStatuses[wabatemplate.Status(status)]; ok {
		return s
	}
	return strings.ToUpper(status)
}

// StatusFromMeta is the hub status of Meta's status word (case ignored), and whether
// there is one.
func StatusFromMeta(word string) (string, bool) {
	for st, w := range metaStatuses {
		if strings.EqualFold(w, strings.TrimSpace(word)) {
			return string(st), true
		}
	}
	return "", false
}

// MetaStatusWords are Meta's status words the list filters on, in the order Meta lists them.
func MetaStatusWords() []string {
	return []string{"APPROVED", "PENDING", "REJECTED", "PAUSED", "DISABLED", "DELETED"}
}

// MetaTemplate is a template as Meta's template list shows it.
type MetaTemplate struct {
	Name     string `json:"name" example:"order_update"`
	Language string `json:"language" example:"en_US"`
	// Status is Meta's word: APPROVED, PENDING, REJECTED, PAUSED, DISABLED or DELETED.
	Status     string           `json:"status" enums:"APPROVED,PENDING,REJECTED,PAUSED,DISABLED,DELETED"`
	Category   string           `json:"category" enums:"MARKETING,UTILITY,AUTHENTICATION"`
	Components []map[string]any `json:"components"`
	// ID is Meta's template id (the hub's id while the template has none at Meta).
	ID string `json:"id" example:"1234567890123456"`
}

// MetaQuery is one page of Meta's template list: Limit templates after the first Offset,
// by name and language; Status (a hub status) keeps only templates in it, and when empty
// every template but deleted ones is listed.
type MetaQuery struct {
	Offset, Limit int
	Status        string
}

// MetaListForKey lists a page of the templates of channel channelID's WABA as Meta's
// template list shows them, and the number of templates q matches in all.
//
// Errors: not_found, invalid_list_query.
func (s *Service) MetaListForKey(ctx context.Context, channelID string, q MetaQuery) ([]MetaTemplate, int, error) {
	raw := listquery.Raw{Limit: strconv.Itoa(q.Limit), Offset: strconv.Itoa(q.Offset), Sort: "name,language"}
	if q.Status != "" {
		f, err := json.Marshal(map[string]string{"status": q.Status})
		if err != nil {
			return nil, 0, err
		}
		raw.Filters = string(f)
	}
	lq, err := listquery.Parse(raw, ListSpec)
	if err != nil {
		return nil, 0, err
	}
	views, total, err := s.ListForKey(ctx, channelID, lq)
	if err != nil {
		return nil, 0, err
	}
	out := make([]MetaTemplate, len(views))
	for i, v := range views {
		id := v.ID
		if v.ExternalID != nil && *v.ExternalID != "" {
			id = *v.ExternalID
		}
		out[i] = MetaTemplate{Name: v.Name, Language: v.Language, Status: MetaStatus(v.Status),
			Category: strings.ToUpper(v.Category), Components: v.Components, ID: id}
	}
	return out, total, nil
}
