package layering

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/partnerhub/partnerhub"

// pkg is what `go list -json` says of one package of the module.
type pkg struct {
	ImportPath   string
	Dir          string
	GoFiles      []string // production files, the only ones the handler rule parses
	Imports      []string // direct imports of the production files
	TestImports  []string
	XTestImports []string
	Deps         []string // every package the production files reach, transitively
}

// The pure engines compute from their arguments alone: no database, no network, no files.
// Each names the few packages from outside the module and
// the standard library that it may use.
var engines = map[string][]string{
	module + "/services/sla":               nil,
	module + "/services/apikeys/keyformat": nil,
	// listquery turns a list request into ent predicates and ordering
	// (func(*sql.Selector)); entgo.io/ent/dialect/sql is ent's SQL builder, which writes
	// SQL text and opens no connection. Page runs the Count and All of the query that
	// the calling service hands in: that I/O is the caller's.
	module + "/services/listquery": {"entgo.io/ent/dialect/sql"},
	// The template rules check phone-number buttons with libphonenumber's metadata, which
	// is compiled in (no file or network is read).
	module + "/services/templates/rules": {"github.com/nyaruka/phonenumbers"},
}

// engineExceptions are imports inside an engine's closure that are not followed, each with
// its reason: the imported package does I/O, but the importer uses only its plain values.
var engineExceptions = map[[2]string]string{
	{module + "/services/apperr", module + "/ent"}:         "apperr classifies ent's errors (ent.IsNotFound)",
	{module + "/services/apperr", module + "/ent/privacy"}: "apperr classifies ent's errors (privacy.Deny)",
}

// ioPackage reports whether a standard-library package reaches outside the process:
// databases, the network, files, processes. net/url and net/netip only parse values.
func ioPackage(path string) bool {
	switch {
	case under(path, "database/sql"), under(path, "os"), path == "io/ioutil", under(path, "syscall"):
		return true
	case path == "net/url", path == "net/netip":
		return false
	case under(path, "net"):
		return true
	}
	return false
}

// under reports whether path is prefix or a package below it.
func under(path, prefix string) bool {
	return path == prefix || strings.HasPrefix(path, prefix+"/")
}

func standard(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

func inModule(path string) bool { return under(path, module) }

// TestLayering checks the module's import graph as it is in the work tree:
//   - no package under services/ reaches handlers/ or Gin, in its code or its tests;
//   - handlers/ imports no ent query package (ent/<entity>, ent/predicate, …): only the
//     ent root, for the entity types it formats, and ent/schema/fieldtype; and of the ent
//     root it names entity types only, never the client, a query or a builder;
//   - the pure engines (sla, apikeys/keyformat, listquery) and every module package they
//     reach import no I/O package (database/sql, net, net/http, os, …) and nothing from
//     outside the standard library but what engines allows.
func TestLayering(t *testing.T) {
	pkgs, root := loadModule(t)
	if len(pkgs) < 10 || pkgs[module+"/handlers"] == nil || pkgs[module+"/services/sla"] == nil {
		t.Fatalf("go list found %d packages, without handlers or services/sla: is this the module root?", len(pkgs))
	}
	var problems []string
	problems = append(problems, servicesRule(pkgs)...)
	problems = append(problems, handlersImportRule(pkgs)...)
	problems = append(problems, engineRule(pkgs)...)
	entities := entityPackages(pkgs)
	for _, p := range sortedPackages(pkgs) {
		if !under(p.ImportPath, module+"/handlers") {
			continue
		}
		for _, f := range p.GoFiles {
			src, err := os.ReadFile(filepath.Join(p.Dir, f))
			if err != nil {
				t.Fatal(err)
			}
			name, err := filepath.Rel(root, filepath.Join(p.Dir, f))
			if err != nil {
				t.Fatal(err)
			}
			problems = append(problems, handlerEntUses(name, src, entities)...)
		}
	}
	for _, p := range problems {
		t.Error(p)
	}
}

// TestRulesCatchBreaks feeds the rules a small graph that breaks each of them once, so that
// a rule that stopped seeing anything would fail here rather than pass silently above.
func TestRulesCatchBreaks(t *testing.T) {
	m := func(rest string) string { return module + "/" + rest }
	pkgs := map[string]*pkg{}
	add := func(path string, imports []string, deps ...string) *pkg {
		p := &pkg{ImportPath: path, Imports: imports, Deps: append(slices.Clone(imports), deps...)}
		pkgs[path] = p
		return p
	}
	add(m("services/a"), []string{m("handlers")})
	add(m("services/b"), []string{"github.com/swaggo/gin-swagger"}, "github.com/gin-gonic/gin")
	add(m("services/c"), nil).XTestImports = []string{"github.com/gin-gonic/gin"}
	add(m("handlers"), []string{m("ent"), m("ent/schema/fieldtype"), m("ent/predicate")})
	add(m("handlers/sub"), []string{m("ent/channel")})
	add(m("services/sla"), []string{"fmt", "net/http"})
	add(m("services/apikeys/keyformat"), []string{m("services/storage")})
	add(m("services/storage"), []string{"database/sql"})
	add(m("services/listquery"), []string{"entgo.io/ent/dialect/sql", m("services/apperr"), "github.com/jackc/pgx/v5"})
	add(m("services/apperr"), []string{m("ent"), "os"})
	add(m("ent"), []string{"database/sql"})
	add(m("services/templates/rules"), []string{"github.com/nyaruka/phonenumbers", "os"})

	got := append(append(servicesRule(pkgs), handlersImportRule(pkgs)...), engineRule(pkgs)...)
	want := []string{
		"services/a imports " + m("handlers"),
		"services/b depends on github.com/gin-gonic/gin",
		"services/c's tests import github.com/gin-gonic/gin",
		"handlers imports the ent query package " + m("ent/predicate"),
		"handlers/sub imports the ent query package " + m("ent/channel"),
		"services/sla imports net/http",
		"services/apikeys/keyformat → services/storage imports database/sql",
		"services/listquery imports github.com/jackc/pgx/v5",
		"services/listquery → services/apperr imports os",
		"services/templates/rules imports os",
	}
	for _, w := range want {
		if !slices.ContainsFunc(got, func(g string) bool { return strings.Contains(g, w) }) {
			t.Errorf("no problem reported for %q; got:\n%s", w, strings.Join(got, "\n"))
		}
	}
	if len(got) != len(want) {
		t.Errorf("got %d problems, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}

	src := `package handlers
import (
	"context"
	db "` + module + `/ent"
)
func ok(c *db.Channel, u []*db.User, all db.Channels) {}
func bad(ctx context.Context, cl *db.Client) { cl.Channel.Query().Where(); _ = db.IsNotFound(nil); var _ *db.ChannelQuery }
`
	uses := handlerEntUses("x.go", []byte(src), map[string]bool{"channel": true, "user": true})
	for _, w := range []string{"ent.Client", "ent.IsNotFound", "ent.ChannelQuery"} {
		if !slices.ContainsFunc(uses, func(g string) bool { return strings.Contains(g, w) }) {
			t.Errorf("no problem reported for %s; got %q", w, uses)
		}
	}
	if len(uses) != 3 {
		t.Errorf("got %d ent uses, want 3: %q", len(uses), uses)
	}
}

// servicesRule: nothing under services/ reaches handlers/ or Gin.
func servicesRule(pkgs map[string]*pkg) []string {
	forbidden := func(path string) bool {
		return under(path, module+"/handlers") || under(path, "github.com/gin-gonic")
	}
	var out []string
	for _, p := range sortedPackages(pkgs) {
		if !under(p.ImportPath, module+"/services") {
			continue
		}
		var direct, reached []string
		for _, d := range sortedSet(p.Deps) {
			switch {
			case !forbidden(d):
			case slices.Contains(p.Imports, d):
				direct = append(direct, d)
			default:
				reached = append(reached, d)
			}
		}
		for _, d := range direct {
			out = append(out, fmt.Sprintf("%s imports %s: services must not know the HTTP layer", short(p.ImportPath), d))
		}
		if len(direct) == 0 && len(reached) > 0 {
			// One line for the package: the shortest path names the root of what it reaches.
			sort.SliceStable(reached, func(i, j int) bool { return len(reached[i]) < len(reached[j]) })
			d := reached[0]
			out = append(out, fmt.Sprintf("%s depends on %s (%s): services must not know the HTTP layer", short(p.ImportPath), d, chain(pkgs, p.ImportPath, d)))
		}
		for _, d := range sortedSet(append(slices.Clone(p.TestImports), p.XTestImports...)) {
			if forbidden(d) {
				out = append(out, fmt.Sprintf("%s's tests import %s: services must not know the HTTP layer", short(p.ImportPath), d))
			}
		}
	}
	return out
}

// handlersImportRule: handlers/ imports of the module's ent tree are the root and
// ent/schema/fieldtype only.
func handlersImportRule(pkgs map[string]*pkg) []string {
	var out []string
	for _, p := range sortedPackages(pkgs) {
		if !under(p.ImportPath, module+"/handlers") {
			continue
		}
		for _, imp := range sortedSet(p.Imports) {
			if under(imp, module+"/ent") && imp != module+"/ent" && imp != module+"/ent/schema/fieldtype" {
				out = append(out, fmt.Sprintf("%s imports the ent query package %s: ask a service instead", short(p.ImportPath), imp))
			}
		}
	}
	return out
}

// engineRule: walk each engine's module imports; report every I/O package, every package
// from outside the module and the standard library not allowed for it.
func engineRule(pkgs map[string]*pkg) []string {
	var out []string
	names := make([]string, 0, len(engines))
	for e := range engines {
		names = append(names, e)
	}
	sort.Strings(names)
	for _, engine := range names {
		if pkgs[engine] == nil {
			out = append(out, fmt.Sprintf("the pure engine %s is missing: update the layering test", short(engine)))
			continue
		}
		allowed := engines[engine]
		via := map[string]string{engine: ""}
		queue := []string{engine}
		for len(queue) > 0 {
			cur := queue[0]
			queue = queue[1:]
			p := pkgs[cur]
			if p == nil {
				continue
			}
			for _, imp := range sortedSet(p.Imports) {
				path := route(via, cur)
				switch {
				case engineExceptions[[2]string{cur, imp}] != "":
				case standard(imp) && ioPackage(imp):
					out = append(out, fmt.Sprintf("%s imports %s: a pure engine does no I/O", path, imp))
				case standard(imp):
				case inModule(imp):
					if _, seen := via[imp]; !seen {
						via[imp] = cur
						queue = append(queue, imp)
					}
				case !slices.Contains(allowed, imp):
					out = append(out, fmt.Sprintf("%s imports %s: a pure engine uses only the standard library%s", path, imp, allowedList(allowed)))
				}
			}
		}
	}
	return out
}

func allowedList(allowed []string) string {
	if len(allowed) == 0 {
		return ""
	}
	return " and " + strings.Join(allowed, ", ")
}

// route renders the import path from an engine to cur, e.g. "services/listquery → services/apperr".
func route(via map[string]string, cur string) string {
	var hops []string
	for p := cur; p != ""; p = via[p] {
		hops = append([]string{short(p)}, hops...)
	}
	return strings.Join(hops, " → ")
}

// chain names the module packages through which from reaches dep (shortest first found).
func chain(pkgs map[string]*pkg, from, dep string) string {
	via := map[string]string{from: ""}
	queue := []string{from}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		p := pkgs[cur]
		if p == nil {
			continue
		}
		if slices.Contains(p.Imports, dep) {
			return "through " + route(via, cur)
		}
		for _, imp := range sortedSet(p.Imports) {
			if _, seen := via[imp]; !seen && inModule(imp) {
				via[imp] = cur
				queue = append(queue, imp)
			}
		}
	}
	for _, imp := range sortedSet(pkgs[from].Imports) {
		if !standard(imp) && !inModule(imp) {
			return "through a package from outside the module, such as " + imp
		}
	}
	return "through a package from outside the module"
}

// entityPackages lists the names of the module's ent/<entity> packages (channel, user, …),
// whose upper-case forms are the entity types handlers may name.
func entityPackages(pkgs map[string]*pkg) map[string]bool {
	notEntities := map[string]bool{"predicate": true, "privacy": true, "migrate": true, "runtime": true,
		"hook": true, "intercept": true, "enttest": true, "schema": true}
	out := map[string]bool{}
	for path := range pkgs {
		rest, ok := strings.CutPrefix(path, module+"/ent/")
		if ok && !strings.Contains(rest, "/") && !notEntities[rest] {
			out[rest] = true
		}
	}
	return out
}

// handlerEntUses lists the names that one handler file takes from the ent root package
// other than entity types (Channel, Channels, User, …): the client, transactions, queries,
// builders, helpers. Handlers format entities that services return; they query nothing.
func handlerEntUses(filename string, src []byte, entities map[string]bool) []string {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, filename, src, parser.SkipObjectResolution)
	if err != nil {
		return []string{fmt.Sprintf("%s: %v", filename, err)}
	}
	local := ""
	for _, imp := range f.Imports {
		if path, _ := strconv.Unquote(imp.Path.Value); path == module+"/ent" {
			local = "ent"
			if imp.Name != nil {
				local = imp.Name.Name
			}
		}
	}
	if local == "" || local == "_" {
		return nil
	}
	var out []string
	ast.Inspect(f, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		if x, ok := sel.X.(*ast.Ident); ok && x.Name == local {
			name := strings.ToLower(sel.Sel.Name)
			if !entities[name] && !entities[strings.TrimSuffix(name, "s")] {
				out = append(out, fmt.Sprintf("%s: handlers use ent.%s; they may name entity types only (ask a service for the rest)",
					fset.Position(sel.Pos()), sel.Sel.Name))
			}
		}
		return true
	})
	return out
}

// loadModule runs `go list` over the whole module and returns its packages and root
// folder (with -e, so a package that does not compile right now still reports its imports).
func loadModule(t *testing.T) (pkgs map[string]*pkg, root string) {
	t.Helper()
	gomod, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		t.Fatalf("go env GOMOD: %v", err)
	}
	root = filepath.Dir(strings.TrimSpace(string(gomod)))
	cmd := exec.Command("go", "list", "-e", "-json=ImportPath,Dir,GoFiles,Imports,TestImports,XTestImports,Deps", "./...")
	cmd.Dir = root
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	pkgs = map[string]*pkg{}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p pkg
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("go list output: %v", err)
		}
		if strings.HasPrefix(p.ImportPath, module+"/frontend/node_modules") {
			continue
		}
		pkgs[p.ImportPath] = &p
	}
	return pkgs, root
}

func sortedPackages(pkgs map[string]*pkg) []*pkg {
	out := make([]*pkg, 0, len(pkgs))
	for _, p := range pkgs {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ImportPath < out[j].ImportPath })
	return out
}

func sortedSet(s []string) []string {
	out := slices.Clone(s)
	sort.Strings(out)
	return slices.Compact(out)
}

func short(path string) string {
	if path == module {
		return "."
	}
	return strings.TrimPrefix(path, module+"/")
}
