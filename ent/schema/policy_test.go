package schema_test

import (
	"testing"

	"entgo.io/ent/entc/load"
)

// TestEverySchemaHasItsTenancy loads the schemas as ent's generator does and fails for any
// schema without a privacy policy, or with one that does not come from its TenancyMixin: a
// new table cannot be reached by forgetting its tenancy.
func TestEverySchemaHasItsTenancy(t *testing.T) {
	spec, err := (&load.Config{Path: "."}).Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(spec.Schemas) < 30 {
		t.Fatalf("loaded %d schemas, expected every schema of the hub", len(spec.Schemas))
	}
	for _, s := range spec.Schemas {
		if len(s.Policy) == 0 {
			t.Errorf("schema %s has no privacy policy: add a TenancyMixin (TenantOwned, SystemOnly, PlatformOnly or OwnPolicy) to its Mixin()", s.Name)
		}
		for _, p := range s.Policy {
			if !p.MixedIn {
				t.Errorf("schema %s declares a Policy of its own: give it through its TenancyMixin (OwnPolicy) instead", s.Name)
			}
		}
		if len(s.Policy) > 1 {
			t.Errorf("schema %s has %d policies, want exactly one (its TenancyMixin)", s.Name, len(s.Policy))
		}
	}
}
