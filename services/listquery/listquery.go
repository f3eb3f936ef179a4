// Package listquery parses the Partner API list conventions, as 360dialog's: limit (default 20,
// max 1000), offset, sort (a field, leading "-" for descending) and filters (a JSON
// object of field → value, dotted paths allowed). Each list declares which fields it
// sorts and filters on; anything else is a 400, never silently ignored.
package listquery

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"entgo.io/ent/dialect/sql"

	"github.com/partnerhub/partnerhub/services/apperr"
)

// ErrInvalidListQuery: limit, offset, sort or filters break the list's rules; details
// lists each problem.
var ErrInvalidListQuery = apperr.Define("invalid_list_query", apperr.BadRequest, "limit, offset, sort or filters break the list's rules (unknown field, bad number, unreadable JSON); details lists each problem.")

// Defaults and bounds of the page size.
const (
	DefaultLimit = 20
	MaxLimit     = 1000
)

// Field maps an API field name to the SQL column it reads, or — for fields that live in
// another table or inside JSON — to a predicate built from the filter value.
type Field struct {
	Column    string
	Predicate func(value any) func(*sql.Selector)
}

// Spec declares what one list accepts.
type Spec struct {
	Sortable    map[string]Field
	Filterable  map[string]Field
	DefaultSort string // e.g. "-created_at"
}

// Raw is the list query as it arrived.
type Raw struct {
	Limit   string `form:"limit"`
	Offset  string `form:"offset"`
	Sort    string `form:"sort"`
	Filters string `form:"filters"`
}

// Query is a parsed, checked list query.
type Query struct {
	Limit   int
	Offset  int
	Sort    []string       // as echoed back, e.g. ["-created_at"]
	Filters map[string]any // as echoed back
	order   []func(*sql.Selector)
	where   []func(*sql.Selector)
}

// Parse checks raw against spec.
//
// Errors: invalid_list_query.
func Parse(raw Raw, spec Spec) (*Query, error) {
	q := &Query{Limit: DefaultLimit, Filters: map[string]any{}, Sort: []string{}}
	var details []string
	if raw.Limit != "" {
		n, err := strconv.Atoi(raw.Limit)
		if err != nil || n < 1 || n > MaxLimit {
			details = append(details, fmt.Sprintf("limit: must be a whole number from 1 to %d", MaxLimit))
		} else {
			q.Limit = n
		}
	}
	if raw.Offset != "" {
		n, err := strconv.Atoi(raw.Offset)
		if err != nil || n < 0 {
			details = append(details, "offset: must be a whole number of 0 or more")
		} else {
			q.Offset = n
		}
	}
	sortBy := raw.Sort
	if strings.Trim(sortBy, " ,-") == "" {
		// "", "-" and the like name no field: the list's default order (clients send
		// an empty sort rather than leaving the parameter out).
		sortBy = spec.DefaultSort
	}
	lastDesc := false
	for _, s := range strings.Split(sortBy, ",") {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		name, desc := strings.CutPrefix(s, "-")
		f, ok := spec.Sortable[name]
		if !ok {
			details = append(details, fmt.Sprintf("sort: cannot sort by %q (allowed: %s)", name, keys(spec.Sortable)))
			continue
		}
		q.Sort = append(q.Sort, s)
		lastDesc = desc
		if desc {
			q.order = append(q.order, sql.OrderByField(f.Column, sql.OrderDesc()).ToFunc())
		} else {
			q.order = append(q.order, sql.OrderByField(f.Column).ToFunc())
		}
	}
	if raw.Filters != "" {
		var filters map[string]any
		if err := json.Unmarshal([]byte(raw.Filters), &filters); err != nil {
			details = append(details, `filters: must be a JSON object such as {"id":"…"}`)
		}
		for _, name := range sortedKeys(filters) {
			val := filters[name]
			f, ok := spec.Filterable[name]
			if !ok {
				details = append(details, fmt.Sprintf("filters: cannot filter by %q (allowed: %s)", name, keys(spec.Filterable)))
				continue
			}
			switch val.(type) {
			case nil:
				// null means "no filter on this field": clients such as the .NET one send
				// every filter field they know, most of them null.
				continue
			case string, bool, float64:
			default:
				details = append(details, fmt.Sprintf("filters: %s: must be a string, number or boolean", name))
				continue
			}
			q.Filters[name] = val
			if f.Predicate != nil {
				q.where = append(q.where, f.Predicate(val))
			} else {
				q.where = append(q.where, sql.FieldEQ(f.Column, val))
			}
		}
	}
	if len(details) > 0 {
		e := ErrInvalidListQuery.New("The list query is invalid.")
		e.Details = details
		return nil, e
	}
	// A unique tie-breaker keeps pages stable when the sort key repeats. It runs in the
	// direction of the last sort key, so one composite index (…, key, id) serves both
	// directions of the sort.
	if lastDesc {
		q.order = append(q.order, sql.OrderByField("id", sql.OrderDesc()).ToFunc())
	} else {
		q.order = append(q.order, sql.OrderByField("id").ToFunc())
	}
	return q, nil
}

func keys(m map[string]Field) string { return strings.Join(sortedKeys(m), ", ") }

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// EntQuery is what Page needs of an ent query builder (…Query types of package ent): Q is
// the builder itself, T the entity, P its predicate type and O its order option type.
type EntQuery[Q any, T any, P ~func(*sql.Selector), O ~func(*sql.Selector)] interface {
	Where(...P) Q
	Order(...O) Q
	Clone() Q
	Count(context.Context) (int, error)
	Limit(int) Q
	Offset(int) Q
	All(context.Context) ([]T, error)
}

// IDQuery is an EntQuery that can also return only the page's ids.
type IDQuery[Q any, T any, P ~func(*sql.Selector), O ~func(*sql.Selector)] interface {
	EntQuery[Q, T, P, O]
	IDs(context.Context) ([]string, error)
}

// Page applies q to query (its filters, order, limit and offset) and returns the page and
// the total number of rows the filters match. query carries the list's own conditions
// (tenant, search) already.
func Page[Q EntQuery[Q, T, P, O], T any, P ~func(*sql.Selector), O ~func(*sql.Selector)](ctx context.Context, query Q, q *Query) ([]T, int, error) {
	query, total, err := filtered[Q, T, P, O](ctx, query, q)
	if err != nil {
		return nil, 0, err
	}
	items, err := query.Limit(q.Limit).Offset(q.Offset).All(ctx)
	if err != nil {
		return nil, 0, apperr.From(err)
	}
	return items, total, nil
}

// PageIDs is Page for a deferred join: it returns only the page's ids (read from an index
// alone), in order, and the total; the caller then reads just those rows. PostgreSQL would
// otherwise fetch every skipped row of a deep offset.
func PageIDs[Q IDQuery[Q, T, P, O], T any, P ~func(*sql.Selector), O ~func(*sql.Selector)](ctx context.Context, query Q, q *Query) ([]string, int, error) {
	query, total, err := filtered[Q, T, P, O](ctx, query, q)
	if err != nil {
		return nil, 0, err
	}
	ids, err := query.Limit(q.Limit).Offset(q.Offset).IDs(ctx)
	if err != nil {
		return nil, 0, apperr.From(err)
	}
	return ids, total, nil
}

// filtered adds q's filters to query, counts the matches and adds q's order.
func filtered[Q EntQuery[Q, T, P, O], T any, P ~func(*sql.Selector), O ~func(*sql.Selector)](ctx context.Context, query Q, q *Query) (Q, int, error) {
	for _, w := range q.where {
		query.Where(P(w))
	}
	total, err := query.Clone().Count(ctx)
	if err != nil {
		return query, 0, apperr.From(err)
	}
	for _, o := range q.order {
		query.Order(O(o))
	}
	return query, total, nil
}
