package tenancy_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/partnerhub/partnerhub/services/tenancy"
)

// TestActingAsSystemSaysWhy keeps the switches to the system identity rare and named:
// each AsSystem call in the hand-written Go code has a comment on the lines just above it
// (or on its own line) saying what it reaches outside the viewer's tenant, and every
// Reason is one docs/ARCHITECTURE.md lists.
func TestActingAsSystemSaysWhy(t *testing.T) {
	doc, err := os.ReadFile("../../docs/ARCHITECTURE.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range tenancy.Reasons {
		if !strings.Contains(string(doc), "`"+string(r)+"`") {
			t.Errorf("docs/ARCHITECTURE.md does not list the reason `%s`", r)
		}
	}
	calls := 0
	for _, root := range []string{"../../services", "../../handlers", "../../cmd", "../../ent/schema"} {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
				return err
			}
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, p, nil, parser.ParseComments)
			if err != nil {
				return err
			}
			commented := map[int]bool{}
			for _, cg := range f.Comments {
				for _, c := range cg.List {
					commented[fset.Position(c.Pos()).Line] = true
				}
			}
			ast.Inspect(f, func(n ast.Node) bool {
				sel, ok := n.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				if x, ok := sel.X.(*ast.Ident); !ok || x.Name != "tenancy" {
					return true
				}
				line := fset.Position(sel.Pos()).Line
				switch sel.Sel.Name {
				case "AsSystem":
					calls++
					if !commented[line] && !commented[line-1] && !commented[line-2] {
						t.Errorf("%s:%d: tenancy.AsSystem without a comment saying why", p, line)
					}
				}
				return true
			})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("%d switches to the system identity", calls)
}
