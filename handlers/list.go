package handlers

import (
	"github.com/gin-gonic/gin"

	"github.com/partnerhub/partnerhub/services/listquery"
)

// ListMeta is the common part of the Partner API's list envelope (count, total, the page
// and the sort and filters applied); each list adds its items under its own key (clients,
// partner_channels, …).
type ListMeta struct {
	Count   int            `json:"count" example:"20"`
	Total   int            `json:"total" example:"143"`
	Limit   int            `json:"limit" example:"20"`
	Offset  int            `json:"offset" example:"0"`
	Sort    []string       `json:"sort" example:"-created_at"`
	Filters map[string]any `json:"filters"`
}

// parseList reads limit, offset, sort and filters against spec; it writes the 400 itself.
func parseList(c *gin.Context, spec listquery.Spec) (*listquery.Query, bool) {
	raw := listquery.Raw{
		Limit: c.Query("limit"), Offset: c.Query("offset"), Sort: c.Query("sort"), Filters: c.Query("filters"),
	}
	q, err := listquery.Parse(raw, spec)
	if err != nil {
		writeError(c, err)
		return nil, false
	}
	return q, true
}

func listMeta(q *listquery.Query, count, total int) ListMeta {
	return ListMeta{Count: count, Total: total, Limit: q.Limit, Offset: q.Offset, Sort: q.Sort, Filters: q.Filters}
}
