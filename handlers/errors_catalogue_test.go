package handlers

import (
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/partnerhub/partnerhub/services/apperr"
)

// The error-code catalogue is apperr.Catalogue: every code a package defines with
// apperr.Define. This file keeps three things true about it:
//
//   - docs/ERRORS.md lists every code with its HTTP status, meaning and the operations
//     whose doc comments name it (-update rewrites it; make generate does too);
//   - an operation's doc comment ("Errors: code_a, code_b.") names only catalogued codes,
//     and every catalogued code is named by at least one operation;
//   - an exported function or method names every code it can return by itself: the codes
//     it references, and those of the functions of its own package it calls (and of other
//     packages' plain functions), followed to a fixed point. Codes that arrive through
//     another package's service methods are that method's to name.

const errorsDoc = "../docs/ERRORS.md"

// opInfo is one function or method as the catalogue test reads it.
type opInfo struct {
	pkg      string // import path
	name     string // "channels.Service.Terminate" or "apperr.Validation"
	exported bool
	errs     bool            // it returns an error
	named    []string        // codes in its "Errors:" paragraph
	reported []string        // codes in its "Reports:" paragraph: put in its answer, not returned
	direct   map[string]bool // codes it references itself
	calls    []string        // keys of functions it calls
}

// codebase is the parsed services/… and handlers packages.
type codebase struct {
	defs  map[string]string  // "<import path>.<var>" → code
	ops   map[string]*opInfo // "<import path>.<Recv>.<Name>" or "<import path>.<Name>" → op
	byPkg map[string]map[string][]string
}

func readCodebase(t *testing.T) *codebase {
	t.Helper()
	const module = "github.com/partnerhub/partnerhub/"
	type file struct {
		path string
		pkg  string
		f    *ast.File
	}
	fset := token.NewFileSet()
	var files []file
	for _, root := range []string{"../services", "../handlers"} {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
				return err
			}
			f, err := parser.ParseFile(fset, p, nil, parser.ParseComments)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel("..", filepath.Dir(p))
			files = append(files, file{path: p, pkg: module + filepath.ToSlash(rel), f: f})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	cb := &codebase{defs: map[string]string{}, ops: map[string]*opInfo{}, byPkg: map[string]map[string][]string{}}
	imports := func(f *ast.File) map[string]string {
		m := map[string]string{}
		for _, im := range f.Imports {
			path, _ := strconv.Unquote(im.Path.Value)
			name := path[strings.LastIndex(path, "/")+1:]
			if im.Name != nil {
				name = im.Name.Name
			}
			m[name] = path
		}
		return m
	}
	// Pass 1: the codes, defined as package-level `Err… = apperr.Define("name", …)`.
	for _, fl := range files {
		for _, decl := range fl.f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, v := range vs.Values {
					call, ok := v.(*ast.CallExpr)
					if !ok || len(call.Args) == 0 || !isDefine(call.Fun) {
						continue
					}
					lit, ok := call.Args[0].(*ast.BasicLit)
					if !ok {
						t.Fatalf("%s: apperr.Define needs a literal name", fset.Position(call.Pos()))
					}
					name, _ := strconv.Unquote(lit.Value)
					cb.defs[fl.pkg+"."+vs.Names[i].Name] = name
				}
			}
		}
	}
	// Pass 1b: package-level variables made from a code (`errX = ErrX.New(…)`,
	// `ErrY = ErrX.WithKind(…)`) stand for that code too.
	for _, fl := range files {
		imp := imports(fl.f)
		for _, decl := range fl.f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, v := range vs.Values {
					key := fl.pkg + "." + vs.Names[i].Name
					if _, ok := cb.defs[key]; ok {
						continue
					}
					ast.Inspect(v, func(n ast.Node) bool {
						code, descend := cb.codeAt(n, fl.pkg, imp)
						if code != "" {
							cb.defs[key] = code
						}
						return descend
					})
				}
			}
		}
	}
	// Pass 2: every function and method, what it references and calls.
	for _, fl := range files {
		imp := imports(fl.f)
		short := fl.pkg[strings.LastIndex(fl.pkg, "/")+1:]
		for _, decl := range fl.f.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			key, name := fl.pkg+"."+fd.Name.Name, short+"."+fd.Name.Name
			exported := fd.Name.IsExported()
			recvVar, recvType := "", ""
			if fd.Recv != nil && len(fd.Recv.List) > 0 {
				recvType = recvName(fd.Recv.List[0].Type)
				if len(fd.Recv.List[0].Names) > 0 {
					recvVar = fd.Recv.List[0].Names[0].Name
				}
				key, name = fl.pkg+"."+recvType+"."+fd.Name.Name, short+"."+recvType+"."+fd.Name.Name
				exported = exported && ast.IsExported(recvType)
			}
			op := &opInfo{pkg: fl.pkg, name: name, exported: exported, errs: returnsError(fd.Type), direct: map[string]bool{}, named: docCodes(fd.Doc, "Errors:"), reported: docCodes(fd.Doc, "Reports:")}
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.FuncLit:
					// A closure that returns no error (a gin middleware, a goroutine) hands
					// no code to this function; one that does (a transaction's body) does.
					return returnsError(n.Type)
				case *ast.SelectorExpr, *ast.Ident:
					code, descend := cb.codeAt(n, fl.pkg, imp)
					if code != "" {
						op.direct[code] = true
					}
					return descend
				case *ast.CallExpr:
					switch fn := n.Fun.(type) {
					case *ast.Ident:
						if !(fl.pkg == module+"services/apperr" && slices.Contains(classifiers, fn.Name)) {
							op.calls = append(op.calls, fl.pkg+"."+fn.Name)
						}
					case *ast.SelectorExpr:
						if x, ok := fn.X.(*ast.Ident); ok {
							if path, ok := imp[x.Name]; ok {
								if !(path == module+"services/apperr" && slices.Contains(classifiers, fn.Sel.Name)) {
									op.calls = append(op.calls, path+"."+fn.Sel.Name)
								}
								break
							}
						}
						// A method of the receiver's own type (s.lock(…)); calls on anything
						// else (s.otp.Start, tx.Client.Create) are another object's to name.
						if x, ok := fn.X.(*ast.Ident); ok && recvVar != "" && x.Name == recvVar {
							op.calls = append(op.calls, fl.pkg+"."+recvType+"."+fn.Sel.Name)
						}
					}
				}
				return true
			})
			cb.ops[key] = op
			if fd.Recv != nil {
				m := cb.byPkg[fl.pkg]
				if m == nil {
					m = map[string][]string{}
					cb.byPkg[fl.pkg] = m
				}
				m[fd.Name.Name] = append(m[fd.Name.Name], key)
			}
		}
	}
	return cb
}

// classifiers are apperr's functions that classify an error someone else returned (As turns
// an ent not-found into not_found, …): calls to them are not followed, As names what it
// produces itself.
var classifiers = []string{"From", "As", "CodeOf", "KindOf"}

// returnsError reports whether a function's results include an error (an `error` or an
// `*apperr.Error`): only those can hand a code to their caller.
func returnsError(ft *ast.FuncType) bool {
	if ft.Results == nil {
		return false
	}
	for _, r := range ft.Results.List {
		switch t := r.Type.(type) {
		case *ast.Ident:
			if t.Name == "error" {
				return true
			}
		case *ast.StarExpr:
			if sel, ok := t.X.(*ast.SelectorExpr); ok && sel.Sel.Name == "Error" {
				return true
			}
			if id, ok := t.X.(*ast.Ident); ok && id.Name == "Error" {
				return true
			}
		}
	}
	return false
}

// codeAt returns the code that n names — a code variable of package pkg (ErrX) or of an
// imported package (channels.ErrX) — and whether to look inside n.
func (cb *codebase) codeAt(n ast.Node, pkg string, imp map[string]string) (code string, descend bool) {
	switch n := n.(type) {
	case *ast.SelectorExpr:
		if x, ok := n.X.(*ast.Ident); ok {
			if path, ok := imp[x.Name]; ok {
				return cb.defs[path+"."+n.Sel.Name], false
			}
		}
	case *ast.Ident:
		return cb.defs[pkg+"."+n.Name], true
	}
	return "", true
}

func isDefine(fun ast.Expr) bool {
	switch f := fun.(type) {
	case *ast.SelectorExpr:
		x, ok := f.X.(*ast.Ident)
		return ok && x.Name == "apperr" && f.Sel.Name == "Define"
	case *ast.Ident:
		return f.Name == "Define"
	}
	return false
}

func recvName(e ast.Expr) string {
	switch t := e.(type) {
	case *ast.StarExpr:
		return recvName(t.X)
	case *ast.IndexExpr:
		return recvName(t.X)
	case *ast.IndexListExpr:
		return recvName(t.X)
	case *ast.Ident:
		return t.Name
	}
	return "?"
}

// docCodes reads the "<label> a, b, c." paragraph of a doc comment: "Errors:" names the
// codes an operation returns, "Reports:" those it only puts into its answer (a state's
// reason code) although the functions it calls return them.
func docCodes(doc *ast.CommentGroup, label string) []string {
	if doc == nil {
		return nil
	}
	var para []string
	in := false
	for _, line := range strings.Split(doc.Text(), "\n") {
		line = strings.TrimSpace(line)
		if rest, ok := strings.CutPrefix(line, label); ok {
			in, line = true, rest
		} else if line == "" || strings.HasSuffix(strings.Fields(line)[0], ":") {
			in = false
		}
		if in {
			para = append(para, line)
		}
	}
	// Words in parentheses explain; they are not codes.
	text := parenthetical.ReplaceAllString(strings.Join(para, " "), "")
	var out []string
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
		w = strings.Trim(w, "`.")
		if w != "" && w != "and" && w != "or" {
			out = append(out, w)
		}
	}
	return out
}

var parenthetical = regexp.MustCompile(`\([^)]*\)`)

// returns computes the codes each op can return by itself, to a fixed point.
func (cb *codebase) returns() map[string]map[string]bool {
	res := map[string]map[string]bool{}
	for k, op := range cb.ops {
		res[k] = map[string]bool{}
		for c := range op.direct {
			res[k][c] = true
		}
	}
	for changed := true; changed; {
		changed = false
		for k, op := range cb.ops {
			for _, call := range op.calls {
				var callees []string
				if pkg, name, ok := strings.Cut(call, ".*."); ok {
					callees = cb.byPkg[pkg][name]
				} else {
					callees = []string{call}
				}
				for _, callee := range callees {
					for c := range res[callee] {
						if !res[k][c] {
							res[k][c], changed = true, true
						}
					}
				}
			}
		}
	}
	return res
}

// errorsMarkdown renders the catalogue as docs/ERRORS.md.
func errorsMarkdown(cb *codebase) string {
	by := map[string][]string{}
	for _, op := range cb.ops {
		for _, c := range op.named {
			by[c] = append(by[c], op.name)
		}
	}
	var b strings.Builder
	b.WriteString("# Error codes\n\n")
	b.WriteString("Every refusal the hub answers carries `meta.code`, one of the codes below, with `meta.http_code`\n")
	b.WriteString("and words for a person in `meta.developer_message`. Each code belongs to the package that\n")
	b.WriteString("returns it (`apperr.Define`); \"Returned by\" lists the operations whose doc comments name it.\n\n")
	b.WriteString("Generated by `go test ./handlers -run ErrorCatalogue -update` (`make generate` runs it); a test\n")
	b.WriteString("fails when this file is stale.\n\n")
	b.WriteString("| Code | HTTP status | Meaning | Returned by |\n|---|---|---|---|\n")
	for _, c := range apperr.Catalogue() {
		ops := slices.Compact(sorted(by[c.Name]))
		const most = 12
		shown := ops
		if len(ops) > most {
			shown = append(slices.Clone(ops[:most]), fmt.Sprintf("and %d more", len(ops)-most))
		}
		for i, o := range shown {
			if !strings.HasPrefix(o, "and ") {
				shown[i] = "`" + o + "`"
			}
		}
		statuses := make([]string, len(c.Kinds))
		for i, k := range c.Kinds {
			statuses[i] = strconv.Itoa(statusOf[k])
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", c.Name, strings.Join(statuses, ", "), strings.ReplaceAll(c.Meaning, "|", "\\|"), strings.Join(shown, ", "))
	}
	return b.String()
}

func sorted(s []string) []string {
	out := slices.Clone(s)
	sort.Strings(out)
	return out
}

// TestErrorCatalogueIsCurrent keeps docs/ERRORS.md equal to the catalogue.
func TestErrorCatalogueIsCurrent(t *testing.T) {
	want := errorsMarkdown(readCodebase(t))
	if f := flag.Lookup("update"); f != nil && f.Value.String() == "true" {
		if err := os.WriteFile(errorsDoc, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	have, err := os.ReadFile(errorsDoc)
	if err != nil {
		t.Fatal(err)
	}
	if string(have) != want {
		t.Fatal("docs/ERRORS.md is stale: run make generate (or go test ./handlers -run ErrorCatalogue -update)")
	}
}

// TestErrorCodesAreNamed checks the doc comments against the catalogue and the code.
func TestErrorCodesAreNamed(t *testing.T) {
	cb := readCodebase(t)
	known := map[string]bool{}
	for _, c := range apperr.Catalogue() {
		known[c.Name] = true
		for _, k := range c.Kinds {
			if _, ok := statusOf[k]; !ok {
				t.Errorf("code %s has kind %q, which has no HTTP status", c.Name, k)
			}
		}
		if strings.TrimSpace(c.Meaning) == "" {
			t.Errorf("code %s has no meaning", c.Name)
		}
	}
	for _, name := range cb.defs {
		if !known[name] {
			t.Errorf("code %s is defined in the source but not in the catalogue (is its package linked?)", name)
		}
	}
	namedSomewhere := map[string]bool{}
	returns := cb.returns()
	keys := make([]string, 0, len(cb.ops))
	for k := range cb.ops {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		op := cb.ops[k]
		named := map[string]bool{}
		for _, c := range op.reported {
			named[c] = true
			if !known[c] {
				t.Errorf("%s: its doc comment reports %q, which is not a catalogued code", op.name, c)
			}
		}
		for _, c := range op.named {
			named[c] = true
			namedSomewhere[c] = true
			if !known[c] {
				t.Errorf("%s: its doc comment names %q, which is not a catalogued code", op.name, c)
			}
		}
		if !op.exported || !op.errs {
			continue
		}
		var missing []string
		for c := range returns[k] {
			if !named[c] {
				missing = append(missing, c)
			}
		}
		if len(missing) > 0 {
			sort.Strings(missing)
			t.Errorf("%s can return %s: name them in its doc comment (\"Errors: %s.\")", op.name, strings.Join(missing, ", "), strings.Join(missing, ", "))
		}
	}
	for _, c := range apperr.Catalogue() {
		if !namedSomewhere[c.Name] {
			t.Errorf("code %s is named by no operation's doc comment", c.Name)
		}
	}
}
