// Command annotate finishes the generated API description from the route table, so the
// documentation is the guards: it sets every operation's security requirement in
// openapi/swagger.json (after swag wrote it) and the roles and key scopes that may call
// it, and writes docs/PERMISSIONS.md. make generate runs it from the repository root.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/partnerhub/partnerhub/handlers"
)

func main() {
	if err := run("openapi/swagger.json", "docs/PERMISSIONS.md"); err != nil {
		fmt.Fprintln(os.Stderr, "annotate:", err)
		os.Exit(1)
	}
}

func run(specPath, docPath string) error {
	table := handlers.RouteTable()
	raw, err := os.ReadFile(specPath)
	if err != nil {
		return err
	}
	out, err := Annotate(raw, table)
	if err != nil {
		return err
	}
	if err := os.WriteFile(specPath, out, 0o644); err != nil {
		return err
	}
	return os.WriteFile(docPath, []byte(handlers.PermissionsMarkdown(table)), 0o644)
}

// Annotate sets each operation's "security", "x-roles" and "x-key-scopes" in the Swagger
// document raw from table. An operation the table lacks, or a route the document lacks,
// is an error: the two must list the same operations.
func Annotate(raw []byte, table []handlers.Route) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	paths, _ := doc["paths"].(map[string]any)
	seen := map[string]bool{}
	for _, r := range table {
		if !r.Documented() {
			continue
		}
		ops, _ := paths[r.SpecPath()].(map[string]any)
		op, _ := ops[strings.ToLower(r.Method)].(map[string]any)
		if op == nil {
			return nil, fmt.Errorf("route %s %s has no operation in %s: annotate its handler", r.Method, r.Path, "swagger.json")
		}
		seen[r.Method+" "+r.SpecPath()] = true
		security := []any{}
		for _, scheme := range r.Security() {
			security = append(security, map[string]any{scheme: []any{}})
		}
		op["security"] = security
		delete(op, "x-roles")
		delete(op, "x-key-scopes")
		if r.Auth == handlers.AuthSignedIn {
			roles := []any{}
			for _, role := range r.Roles {
				roles = append(roles, string(role))
			}
			op["x-roles"] = roles
			scopes := []any{}
			for _, s := range r.KeyScopes() {
				scopes = append(scopes, s)
			}
			op["x-key-scopes"] = scopes
		}
	}
	for path, ops := range paths {
		for method := range ops.(map[string]any) {
			if !seen[strings.ToUpper(method)+" "+path] {
				return nil, fmt.Errorf("swagger.json documents %s %s, which is not a route", strings.ToUpper(method), path)
			}
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "    ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
