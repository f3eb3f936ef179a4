package listquery_test

import (
	"testing"

	"github.com/partnerhub/partnerhub/services/listquery"
)

// BenchmarkParse measures parsing a typical list query: a page, a descending sort and a
// two-field filter, against a list spec like the partners list's.
func BenchmarkParse(b *testing.B) {
	spec := listquery.Spec{
		Sortable:    map[string]listquery.Field{"created_at": {Column: "created_at"}, "brand_name": {Column: "brand_name"}},
		Filterable:  map[string]listquery.Field{"id": {Column: "id"}, "country": {Column: "country"}, "brand_name": {Column: "brand_name"}},
		DefaultSort: "-created_at",
	}
	raw := listquery.Raw{Limit: "50", Offset: "100", Sort: "-created_at", Filters: `{"country":"DE","brand_name":"Acme Messaging"}`}
	if q, err := listquery.Parse(raw, spec); err != nil || len(q.Filters) != 2 || len(q.Sort) != 1 {
		b.Fatalf("Parse = %+v, %v", q, err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := listquery.Parse(raw, spec); err != nil {
			b.Fatal(err)
		}
	}
}
