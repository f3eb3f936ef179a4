package events_test

import (
	"os"
	"strings"
	"testing"

	"github.com/partnerhub/partnerhub/services/events"
)

// TestEveryEventIsDocumented keeps docs/EVENTS.md true: each catalogued event has a row.
func TestEveryEventIsDocumented(t *testing.T) {
	doc, err := os.ReadFile("../../docs/EVENTS.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range events.Catalog {
		if !strings.Contains(string(doc), "| `"+e.Name+"` | "+string(e.Kind)+" |") {
			t.Errorf("docs/EVENTS.md has no catalogue row for %s (%s)", e.Name, e.Kind)
		}
	}
}
