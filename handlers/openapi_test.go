package handlers_test

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"

	"github.com/partnerhub/partnerhub/handlers"
	"github.com/partnerhub/partnerhub/openapi"
)

// undocumented are infrastructure routes that are not API operations.
var undocumented = map[string]bool{
	"GET /metrics":      true, // Prometheus exposition format
	"GET /openapi.json": true, // the document itself
	"GET /swagger/*any": true, // the documentation UI
}

// TestOpenAPIMatchesRoutes proves the committed spec and the Gin routes list the same
// operations, both ways.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	e := newEnv(t)
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(openapi.SwaggerJSON, &doc); err != nil {
		t.Fatal(err)
	}
	// Both sides in the document's form: /v1/messages/*message_id is /v1/messages/{message_id}.
	spec := map[string]bool{}
	for path, ops := range doc.Paths {
		for method := range ops {
			spec[strings.ToUpper(method)+" "+path] = true
		}
	}
	routes := map[string]bool{}
	for _, rt := range e.server.Routes() {
		if key := rt.Method + " " + rt.Path; !undocumented[key] {
			routes[rt.Method+" "+handlers.Route{Path: rt.Path}.SpecPath()] = true
		}
	}
	for _, k := range sortedKeys(routes) {
		if !spec[k] {
			t.Errorf("route %s is not in openapi/swagger.json (annotate it and run make generate)", k)
		}
	}
	for _, k := range sortedKeys(spec) {
		if !routes[k] {
			t.Errorf("openapi/swagger.json documents %s, which is not a route", k)
		}
	}
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
