package migrations

import (
	"io/fs"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// shipped are the migrations released before the rule "one version number for both
// dialects": their SQLite and PostgreSQL versions differ by a second or two, and they stay
// exactly as they are. Every later migration pairs across the dialects.
var shipped = map[Dialect][]string{
	SQLite: {
		"20261121054334_init", "20261121060319_partner_api_core", "20261121061333_webhook_delivery",
		"20261121062601_api_keys", "20261121070437_list_indexes", "20261121072034_channel_photos",
		"20261121075145_journeys_support", "20261202222743_session_events",
	},
	Postgres: {
		"20261121054336_init", "20261121060321_partner_api_core", "20261121061334_webhook_delivery",
		"20261121062603_api_keys", "20261121070438_list_indexes", "20261121072035_channel_photos",
		"20261121075147_journeys_support", "20261202222745_session_events",
	},
}

// lastShipped is the newest shipped version of either dialect.
const lastShipped = 20261202222745

// migrationFile is <version>_<name>.up.sql or .down.sql, the name in lower snake case.
var migrationFile = regexp.MustCompile(`^([0-9]{14})_([a-z][a-z0-9]*(?:_[a-z0-9]+)*)\.(up|down)\.sql$`)

// TestMigrationsPairAcrossDialects checks the rules of migrations/README.md that the files
// show: the shipped migrations are all there and none was added among them; every later
// one has an up and a down file, a name saying what it changes, and the same version and
// name in both dialects.
func TestMigrationsPairAcrossDialects(t *testing.T) {
	later := map[Dialect][]string{}
	for _, d := range []Dialect{SQLite, Postgres} {
		entries, err := fs.ReadDir(files, string(d))
		if err != nil {
			t.Fatal(err)
		}
		var old []string
		parts := map[string][]string{} // version_name → "up", "down"
		for _, e := range entries {
			m := migrationFile.FindStringSubmatch(e.Name())
			if m == nil {
				t.Errorf("%s/%s: a migration is named <YYYYMMDDhhmmss>_<what_it_changes>.up.sql or .down.sql", d, e.Name())
				continue
			}
			id := m[1] + "_" + m[2]
			if v, _ := strconv.ParseUint(m[1], 10, 64); v <= lastShipped {
				if m[3] == "up" {
					old = append(old, id)
				}
				continue
			}
			parts[id] = append(parts[id], m[3])
		}
		if !slices.Equal(old, shipped[d]) {
			t.Errorf("%s: the migrations up to version %d are the shipped ones and stay as they are:\n got %v\nwant %v",
				d, lastShipped, old, shipped[d])
		}
		for _, id := range slices.Sorted(maps.Keys(parts)) {
			p := parts[id]
			slices.Sort(p)
			if !slices.Equal(p, []string{"down", "up"}) {
				t.Errorf("%s/%s: has %v; a migration has one up and one down file", d, id, p)
			}
			if strings.HasSuffix(id, "_changes") {
				t.Errorf("%s/%s: name the migration by what it changes (make generate NAME=add_…)", d, id)
			}
			later[d] = append(later[d], id)
		}
	}
	for _, pair := range [][2]Dialect{{SQLite, Postgres}, {Postgres, SQLite}} {
		for _, id := range later[pair[0]] {
			if !slices.Contains(later[pair[1]], id) {
				t.Errorf("%s has migration %s but %s has none of that version and name: generate both with make generate NAME=…",
					pair[0], id, pair[1])
			}
		}
	}
}
