package handlers

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// maxJSONDepth bounds the nesting of a request body, as encoding/json's decoder does
// (Decoder.Token alone does not).
const maxJSONDepth = 10000

// checkJSONKeys walks the first JSON value of raw in one pass of Decoder.Token, before
// encoding/json decodes it into a value of type into. It refuses two things that
// encoding/json would accept silently, each with a 400 naming the key and where it is:
//
//   - an object that repeats a key, at any depth (duplicate_key): encoding/json keeps the
//     last value, while a proxy, a log reader or an earlier check may have read the first;
//   - a key that names a field of the struct it decodes into only when case is ignored
//     (key_case_mismatch): encoding/json matches field names case-insensitively, so
//     {"ROLE": …} would set role. Keys match exactly; unknown keys are still ignored.
//
// Syntax errors are returned as encoding/json reports them, for decodeError to map.
//
// Errors: duplicate_key, key_case_mismatch, malformed_json.
func checkJSONKeys(raw []byte, into reflect.Type) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber() // numbers are not converted, so none is out of range here
	var stack []jsonFrame
	next := into // the type the next value decodes into (nil: unchecked)
	for {
		if n := len(stack); n > 0 && !stack[n-1].object {
			next = stack[n-1].typ // an array's element
		}
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		if n := len(stack); n > 0 && stack[n-1].object && stack[n-1].wantKey {
			top := &stack[n-1]
			if tok == json.Delim('}') {
				stack = stack[:n-1]
				if len(stack) == 0 {
					return nil
				}
				stack[len(stack)-1].valueDone()
				continue
			}
			key := tok.(string) // Token only yields a string where a key is due
			top.key = key
			if !top.addKey(key) {
				e := ErrDuplicateKey.New("The request body repeats the key " + strconv.Quote(key) + "; send each key once.")
				e.Details = []string{jsonPath(stack) + ": duplicate key"}
				return e
			}
			top.wantKey = false
			var spelled string
			if next, spelled = fieldType(top.typ, key); spelled != "" {
				e := ErrKeyCaseMismatch.New("Keys are case-sensitive: write " + strconv.Quote(spelled) + ", not " + strconv.Quote(key) + ".")
				e.Details = []string{jsonPath(stack) + ": unknown key; did you mean " + strconv.Quote(spelled) + "?"}
				return e
			}
			continue
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			if len(stack) == maxJSONDepth {
				return errTooDeep
			}
			object := tok == json.Delim('{')
			typ := next
			if !object {
				typ = elemType(next)
			}
			stack = pushFrame(stack, object, typ)
			continue
		case json.Delim(']'):
			stack = stack[:len(stack)-1]
		}
		// A value ended: a scalar, or the array just closed.
		if len(stack) == 0 {
			return nil
		}
		stack[len(stack)-1].valueDone()
	}
}

// jsonFrame is an open object or array of checkJSONKeys' walk. Frames are reused from
// one object to the next at the same depth, with their key buffers, so a body of many
// small objects does not allocate a set for each.
type jsonFrame struct {
	object  bool
	typ     reflect.Type        // the object's type, or the array's element type
	wantKey bool                // the object's next token is a key or '}'
	key     string              // the object's current key
	keys    []string            // the object's keys so far, while few
	seen    map[string]struct{} // the object's keys so far, once many
	index   int                 // the array's current element
}

// smallObject is how many keys are compared one by one before a set is kept.
const smallObject = 16

func pushFrame(stack []jsonFrame, object bool, typ reflect.Type) []jsonFrame {
	if len(stack) < cap(stack) {
		stack = stack[:len(stack)+1]
	} else {
		stack = append(stack, jsonFrame{})
	}
	f := &stack[len(stack)-1]
	keys, seen := f.keys[:0], f.seen
	clear(seen)
	*f = jsonFrame{object: object, typ: typ, wantKey: object, keys: keys, seen: seen}
	return stack
}

// addKey records key and reports whether it is new in the object.
func (f *jsonFrame) addKey(key string) bool {
	if len(f.seen) > 0 || len(f.keys) == smallObject {
		if f.seen == nil {
			f.seen = make(map[string]struct{}, 2*smallObject)
		}
		if len(f.seen) == 0 {
			for _, k := range f.keys {
				f.seen[k] = struct{}{}
			}
		}
		if _, dup := f.seen[key]; dup {
			return false
		}
		f.seen[key] = struct{}{}
		return true
	}
	for _, k := range f.keys {
		if k == key {
			return false
		}
	}
	f.keys = append(f.keys, key)
	return true
}

func (f *jsonFrame) valueDone() {
	if f.object {
		f.wantKey = true
	} else {
		f.index++
	}
}

// jsonPath names the current position, e.g. "channels[2].name".
func jsonPath(stack []jsonFrame) string {
	var b strings.Builder
	for _, f := range stack {
		if !f.object {
			b.WriteString("[" + strconv.Itoa(f.index) + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(f.key)
	}
	return b.String()
}

// fieldType is the type the value under key of an object decoding into t decodes into:
// a struct field's type (nil for unknown keys, which encoding/json skips), a map's element
// type, or nil where nothing is checked (interfaces, raw messages). When key matches a
// field only case-insensitively, spelled is that field's exact name.
func fieldType(t reflect.Type, key string) (_ reflect.Type, spelled string) {
	t = indirect(t)
	if t == nil {
		return nil, ""
	}
	switch t.Kind() {
	case reflect.Map:
		return t.Elem(), ""
	case reflect.Struct:
		fs := structFieldsOf(t)
		if ft, ok := fs.exact[key]; ok {
			return ft, ""
		}
		return nil, fs.folded[foldJSONName(key)]
	}
	return nil, ""
}

// elemType is the element type of the slice or array t (nil otherwise).
func elemType(t reflect.Type) reflect.Type {
	t = indirect(t)
	if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
		return t.Elem()
	}
	return nil
}

func indirect(t reflect.Type) reflect.Type {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

// jsonFields are the JSON names of a struct's fields as encoding/json decodes them.
type jsonFields struct {
	exact  map[string]reflect.Type // name → field type
	folded map[string]string       // foldJSONName(name) → name
}

var jsonFieldsCache sync.Map // reflect.Type → *jsonFields

// structFieldsOf lists the fields of struct type t by JSON name: the tag's name or the Go
// name, "-" left out, fields of embedded structs promoted unless a shallower field (or, at
// the same depth, a tagged one) takes the name — encoding/json's rules, which matter here
// only as far as they decide which names exist. A struct with its own UnmarshalJSON is
// read the same way: its fields document the keys it takes.
func structFieldsOf(t reflect.Type) *jsonFields {
	if fs, ok := jsonFieldsCache.Load(t); ok {
		return fs.(*jsonFields)
	}
	type candidate struct {
		typ    reflect.Type
		depth  int
		tagged bool
		count  int // candidates at this depth with this name and the same taggedness
	}
	found := map[string]*candidate{}
	var walk func(t reflect.Type, depth int, visited map[reflect.Type]bool)
	walk = func(t reflect.Type, depth int, visited map[reflect.Type]bool) {
		if visited[t] {
			return
		}
		visited[t] = true
		defer delete(visited, t)
		for i := range t.NumField() {
			f := t.Field(i)
			tag := f.Tag.Get("json")
			if tag == "-" {
				continue
			}
			name, _, _ := strings.Cut(tag, ",")
			ft := indirect(f.Type)
			if f.Anonymous && name == "" && ft.Kind() == reflect.Struct {
				walk(ft, depth+1, visited)
				continue
			}
			if !f.IsExported() {
				continue
			}
			tagged := name != ""
			if !tagged {
				name = f.Name
			}
			c := found[name]
			switch {
			case c == nil || depth < c.depth || (depth == c.depth && tagged && !c.tagged):
				found[name] = &candidate{typ: f.Type, depth: depth, tagged: tagged, count: 1}
			case depth == c.depth && tagged == c.tagged:
				c.count++ // ambiguous: encoding/json decodes neither
			}
		}
	}
	walk(t, 0, map[reflect.Type]bool{})
	fs := &jsonFields{exact: map[string]reflect.Type{}, folded: map[string]string{}}
	for name, c := range found {
		if c.count > 1 {
			continue
		}
		fs.exact[name] = c.typ
		fs.folded[foldJSONName(name)] = name
	}
	got, _ := jsonFieldsCache.LoadOrStore(t, fs)
	return got.(*jsonFields)
}

// foldJSONName folds s the way encoding/json compares field names: two names fold equal
// exactly when strings.EqualFold says they are equal (ASCII case, and Unicode simple
// folding such as the Kelvin sign K for k and ſ for s).
func foldJSONName(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r < utf8.RuneSelf {
			if 'a' <= r && r <= 'z' {
				r -= 'a' - 'A'
			}
			b.WriteRune(r)
			continue
		}
		b.WriteRune(smallestFold(r))
	}
	return b.String()
}

// smallestFold is the smallest rune of r's case-folding orbit.
func smallestFold(r rune) rune {
	for {
		r2 := unicode.SimpleFold(r)
		if r2 <= r {
			return r2
		}
		r = r2
	}
}
