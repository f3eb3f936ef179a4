package listquery_test

import (
	"strings"
	"testing"

	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/listquery"
)

var spec = listquery.Spec{
	Sortable:    map[string]listquery.Field{"created_at": {Column: "created_at"}, "name": {Column: "name"}},
	Filterable:  map[string]listquery.Field{"id": {Column: "id"}, "waba_account.id": {Column: "waba_id"}},
	DefaultSort: "-created_at",
}

func TestDefaults(t *testing.T) {
	q, err := listquery.Parse(listquery.Raw{}, spec)
	if err != nil {
		t.Fatal(err)
	}
	if q.Limit != 20 || q.Offset != 0 || len(q.Sort) != 1 || q.Sort[0] != "-created_at" || len(q.Filters) != 0 {
		t.Fatalf("defaults: %+v", q)
	}
	if q.OrderTerms() != 2 {
		t.Fatalf("order must be the sort plus the id tie-breaker, got %d terms", q.OrderTerms())
	}
}

func TestAcceptsTheConventions(t *testing.T) {
	q, err := listquery.Parse(listquery.Raw{Limit: "1000", Offset: "40", Sort: "name", Filters: `{"waba_account.id":"abcWA","id":"x"}`}, spec)
	if err != nil {
		t.Fatal(err)
	}
	if q.Limit != 1000 || q.Offset != 40 || q.Sort[0] != "name" || q.Filters["waba_account.id"] != "abcWA" || q.WhereTerms() != 2 {
		t.Fatalf("parsed: %+v", q)
	}
}

func TestRefusesWhatItDoesNotKnow(t *testing.T) {
	for name, raw := range map[string]listquery.Raw{
		"limit zero":          {Limit: "0"},
		"limit over 1000":     {Limit: "1001"},
		"limit not a number":  {Limit: "ten"},
		"negative offset":     {Offset: "-1"},
		"unknown sort":        {Sort: "-password_hash"},
		"unknown filter":      {Filters: `{"password_hash":"x"}`},
		"filters not JSON":    {Filters: `{'id':'x'}`},
		"filters an array":    {Filters: `["id"]`},
		"filter value object": {Filters: `{"id":{"$ne":null}}`},
	} {
		_, err := listquery.Parse(raw, spec)
		if apperr.KindOf(err) != apperr.BadRequest {
			t.Errorf("%s: %v, want a bad request", name, err)
		}
	}
	_, err := listquery.Parse(listquery.Raw{Sort: "nope", Filters: `{"nope":1}`, Limit: "x"}, spec)
	if d := apperr.As(err).Details; len(d) != 3 || !strings.Contains(strings.Join(d, "|"), "allowed: created_at, name") {
		t.Errorf("every problem is listed with what is allowed: %v", d)
	}
}

// TestReadsWhatClientsSend: the .NET client sends every filter field it knows, most of them
// null, and some clients send an empty or bare "-" sort; both mean "nothing asked".
func TestReadsWhatClientsSend(t *testing.T) {
	q, err := listquery.Parse(listquery.Raw{Filters: `{"id":null,"waba_account.id":"abcWA"}`}, spec)
	if err != nil {
		t.Fatal(err)
	}
	if q.WhereTerms() != 1 || len(q.Filters) != 1 || q.Filters["waba_account.id"] != "abcWA" {
		t.Fatalf("a null filter is no filter: %+v", q)
	}
	for _, sort := range []string{"", "-", " - ", ",", "-,"} {
		q, err := listquery.Parse(listquery.Raw{Sort: sort}, spec)
		if err != nil {
			t.Fatalf("sort %q: %v", sort, err)
		}
		if len(q.Sort) != 1 || q.Sort[0] != "-created_at" {
			t.Errorf("sort %q: %v, want the default order", sort, q.Sort)
		}
	}
	if _, err := listquery.Parse(listquery.Raw{Filters: `{"password_hash":null}`}, spec); apperr.KindOf(err) != apperr.BadRequest {
		t.Errorf("a null filter on a field that does not exist is still refused: %v", err)
	}
}
