package handlers

import (
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/partnerhub/partnerhub/services/apperr"
)

type keysInner struct {
	Name string `json:"name"`
}

type keysEmbedded struct {
	Note string `json:"note"`
}

type keysBody struct {
	keysEmbedded
	Role    string                `json:"role"`
	Items   []keysInner           `json:"items"`
	ByName  map[string]keysInner  `json:"by_name"`
	Extra   any                   `json:"extra"`
	Raw     json.RawMessage       `json:"raw"`
	Ptr     *keysInner            `json:"ptr"`
	Skipped string                `json:"-"`
	Plain   int                   // no tag: the Go name
	Nested  map[string][]keysBody `json:"nested"`
	Kind    string                `json:"kind"`
}

// The scanner's verdicts, by the rule each case checks.
func TestCheckJSONKeys(t *testing.T) {
	into := reflect.TypeOf(&keysBody{})
	cases := []struct {
		name, body string
		code       string // "" = accepted; a code of ours; "syntax" = left to decodeError
		detail     string
	}{
		{"empty object", `{}`, "", ""},
		{"scalars and arrays", `[1,"a",null,true,{"x":[{}]}]`, "", ""},
		{"exact keys", `{"role":"a","items":[{"name":"x"}],"note":"n","Plain":1}`, "", ""},
		{"unknown keys are ignored", `{"whatever":{"deep":[1]},"ROLEX":1}`, "", ""},
		{"duplicate at the top", `{"role":"a","role":"b"}`, "duplicate_key", "role: duplicate key"},
		{"duplicate in an array element", `{"items":[{"name":"a"},{"name":"b","name":"c"}]}`, "duplicate_key", "items[1].name: duplicate key"},
		{"duplicate under an unknown key", `{"zz":{"a":1,"a":2}}`, "duplicate_key", "zz.a: duplicate key"},
		{"duplicate in a top-level array", `[{"a":1},[{"b":1,"b":1}]]`, "duplicate_key", "[1][0].b: duplicate key"},
		{"duplicate map keys", `{"by_name":{"k":{},"k":{}}}`, "duplicate_key", "by_name.k: duplicate key"},
		{"same key in siblings", `{"items":[{"name":"a"},{"name":"b"}]}`, "", ""},
		{"same key at two depths", `{"ptr":{"name":"a"},"name":"b"}`, "", ""},
		{"case variant of a field", `{"Role":"a"}`, "key_case_mismatch", `Role: unknown key; did you mean "role"?`},
		{"case variant of a promoted field", `{"NOTE":"a"}`, "key_case_mismatch", `NOTE: unknown key; did you mean "note"?`},
		{"case variant of an untagged field", `{"plain":1}`, "key_case_mismatch", `plain: unknown key; did you mean "Plain"?`},
		{"case variant in a slice element", `{"items":[{"NAME":"x"}]}`, "key_case_mismatch", `items[0].NAME: unknown key; did you mean "name"?`},
		{"case variant behind a pointer", `{"ptr":{"Name":"x"}}`, "key_case_mismatch", `ptr.Name: unknown key; did you mean "name"?`},
		{"case variant in a map value", `{"nested":{"k":[{"ROLE":"x"}]}}`, "key_case_mismatch", `nested.k[0].ROLE: unknown key; did you mean "role"?`},
		{"Kelvin sign folds to k", `{"\u212Aind":"x"}`, "key_case_mismatch", `Kind: unknown key; did you mean "kind"?`},
		{"map keys are data: any case", `{"by_name":{"K":{},"k":{}}}`, "", ""},
		{"inside any: only duplicates", `{"extra":{"Role":1,"role":2}}`, "", ""},
		{"inside a raw message: only duplicates", `{"raw":{"a":1,"a":1}}`, "duplicate_key", "raw.a: duplicate key"},
		{"a skipped field's name is unknown", `{"-":1,"Skipped":1}`, "", ""},
		{"huge numbers are not converted", `{"role":1e999999}`, "", ""},
		{"truncated", `{"role":`, "syntax", ""},
		{"missing colon", `{"role" "a"}`, "syntax", ""},
		{"only the first value is walked", `{} {"a":1,"a":1}`, "", ""},
		{"too deep", strings.Repeat(`{"a":`, maxJSONDepth+1) + "1" + strings.Repeat("}", maxJSONDepth+1), "malformed_json", ""},
		{"deep but allowed", strings.Repeat("[", maxJSONDepth) + strings.Repeat("]", maxJSONDepth), "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := checkJSONKeys([]byte(tc.body), into)
			var e *apperr.Error
			switch {
			case tc.code == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tc.code == "syntax":
				if err == nil || apperr.CodeOf(err) != "internal" { // not one of ours
					t.Fatalf("err %v, want encoding/json's own syntax error", err)
				}
			case tc.code != "":
				if !asAppErr(err, &e) || e.Code != tc.code || e.Kind != apperr.BadRequest {
					t.Fatalf("err %v, want 400 %s", err, tc.code)
				}
				if tc.detail != "" && (len(e.Details) != 1 || e.Details[0] != tc.detail) {
					t.Fatalf("details %q, want %q", e.Details, tc.detail)
				}
			}
		})
	}
}

func asAppErr(err error, e **apperr.Error) bool {
	ae, ok := err.(*apperr.Error)
	*e = ae
	return ok
}

// foldJSONName must agree with strings.EqualFold, which is what encoding/json's field
// matching is documented to be equivalent to.
func TestFoldJSONNameAgreesWithEqualFold(t *testing.T) {
	words := []string{"role", "ROLE", "Role", "ſtatus", "status", "STATUS", "kelvin", "Kelvin", "\u212Aelvin",
		"straße", "STRASSE", "Ωmega", "ωmega", "ǅ", "ǆ", "Ǆ", "İd", "id", "ıd", "a_b", "A_B"}
	for _, a := range words {
		for _, b := range words {
			if got, want := foldJSONName(a) == foldJSONName(b), strings.EqualFold(a, b); got != want {
				t.Errorf("%q vs %q: fold equal %v, EqualFold %v", a, b, got, want)
			}
		}
	}
}

// BenchmarkCheckJSONKeys measures the extra pass every JSON body pays, on a body near the
// 1 MB limit: about ten thousand objects of a few keys in an array.
func BenchmarkCheckJSONKeys(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(`{"role":"partner_member","items":[`)
	for i := 0; sb.Len() < maxBodyBytes-200; i++ {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(`{"name":"item number ` + strconv.Itoa(i) + `","extra":[1,2.5,true,null],"deep":{"a":{"b":"c"}}}`)
	}
	sb.WriteString(`]}`)
	raw := []byte(sb.String())
	into := reflect.TypeOf(&keysBody{})
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		if err := checkJSONKeys(raw, into); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeJSONBody is encoding/json's own decode of the same kind of body, for scale.
func BenchmarkDecodeJSONBody(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(`{"role":"partner_member","items":[`)
	for i := 0; sb.Len() < maxBodyBytes-200; i++ {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(`{"name":"item number ` + strconv.Itoa(i) + `","extra":[1,2.5,true,null],"deep":{"a":{"b":"c"}}}`)
	}
	sb.WriteString(`]}`)
	raw := []byte(sb.String())
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		var v keysBody
		if err := json.Unmarshal(raw, &v); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCheckJSONKeysSmallBody is the pass on an ordinary body (a user to create).
func BenchmarkCheckJSONKeysSmallBody(b *testing.B) {
	raw := []byte(`{"email":"new.person@partner.example","name":"New Person","role":"partner_member","password":"correct horse battery staple","note":"x"}`)
	into := reflect.TypeOf(&keysBody{})
	b.ReportAllocs()
	for b.Loop() {
		if err := checkJSONKeys(raw, into); err != nil {
			b.Fatal(err)
		}
	}
}
