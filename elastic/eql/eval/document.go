package eval

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/eql2falco/eql2falco/elastic/ecsmapping"
)

// Document is one event as Elasticsearch indexes it under a Mapping: for
// every field, the values a query can see, already coerced to the field's
// type. Build it with ParseJSON, FromMap or NewDocument and Add. A Document
// is read-only once built and may be evaluated concurrently.
type Document struct {
	mapping *Mapping
	fields  map[string]*field
}

// field holds the indexed values of one field, in document order. Only the
// slice of the field's kind is used.
type field struct {
	typ     FieldType
	kind    Kind // typ.Kind()
	strs    []string
	longs   []int64
	doubles []float64
	bools   []bool
	ips     []netip.Addr
	// notIndexed are string values longer than ignore_above: no query sees
	// them (kept for explanations).
	notIndexed []string
	// unsupported counts values of a type the evaluator does not query
	// (date, text, geo_point, ...).
	unsupported int
}

// count is the number of indexed values (values of unsupported types
// included: they exist).
func (f *field) count() int {
	if f == nil {
		return 0
	}
	return len(f.strs) + len(f.longs) + len(f.doubles) + len(f.bools) + len(f.ips) + f.unsupported
}

// DocumentError is a document Elasticsearch would reject (mapping conflict,
// malformed value, duplicate key) or that is not a JSON object.
type DocumentError struct {
	Field string // dotted path; empty for the document as a whole
	Msg   string
}

// CodeBadDocument is the diagnostic code of document errors.
const CodeBadDocument = "eval/bad-document"

// Error returns "eval/bad-document: field F: message".
func (e *DocumentError) Error() string {
	if e.Field == "" {
		return CodeBadDocument + ": " + e.Msg
	}
	return CodeBadDocument + ": field " + e.Field + ": " + e.Msg
}

func docErr(path, format string, args ...any) error {
	return &DocumentError{Field: path, Msg: fmt.Sprintf(format, args...)}
}

// NewDocument returns an empty document for mapping m (nil: ECS()).
func NewDocument(m *Mapping) *Document {
	if m == nil {
		m = ECS()
	}
	return &Document{mapping: m, fields: make(map[string]*field, 16)}
}

// Mapping returns the mapping the document was indexed with.
func (d *Document) Mapping() *Mapping { return d.mapping }

// Add indexes values under a dotted field path, as if the JSON document
// had them at that path. A value may be nil (ignored), a string, bool,
// int, int32, int64, uint32, float32, float64, json.Number, netip.Addr, a
// slice of those ([]string, []any, ...), or a map[string]any (an object
// below path). Values added to the same field accumulate.
func (d *Document) Add(path string, values ...any) error {
	if err := checkPath(path); err != nil {
		return err
	}
	for _, v := range values {
		if err := d.addGo(path, v); err != nil {
			return err
		}
	}
	return nil
}

// FromMap builds a document from a decoded JSON object (Go values as for
// Add); dotted keys and nested objects are equivalent. encoding/json decodes
// every number as a float64, which loses how it was written: an integral
// float64 is indexed as an integer (42, not 42.0, in a keyword field).
// Decode with UseNumber (json.Number) to keep the text.
func FromMap(m *Mapping, obj map[string]any) (*Document, error) {
	d := NewDocument(m)
	if err := d.addGo("", obj); err != nil {
		return nil, err
	}
	return d, d.checkObjects()
}

// ParseJSON builds a document from a JSON object. Dotted keys and nested
// objects are equivalent ({"process.name": "x"} is {"process": {"name":
// "x"}}), arrays (also of objects) flatten, null and [] mean no value. A
// duplicate key in one object, a value of the wrong type for the mapping,
// or anything but an object at the top is an error, as Elasticsearch would
// reject the document.
func ParseJSON(m *Mapping, data []byte) (*Document, error) {
	d := NewDocument(m)
	r := &jsonReader{d: d, data: data}
	if err := r.document(); err != nil {
		return nil, err
	}
	return d, d.checkObjects()
}

// checkObjects rejects a field that has values and sub-fields at once
// ({"a": 1, "a.b": 2}): Elasticsearch cannot map a field both as a value
// and as an object. Keys below a flattened field are exempt.
func (d *Document) checkObjects() error {
	for name, f := range d.fields {
		if strings.HasPrefix(f.typ.From, "flattened ") {
			continue
		}
		for i := strings.LastIndexByte(name, '.'); i > 0; i = strings.LastIndexByte(name[:i], '.') {
			if g := d.fields[name[:i]]; g != nil && g.typ.Type != ecsmapping.Flattened {
				return docErr(name[:i], "both a value and an object (%s)", name)
			}
		}
	}
	return nil
}

func (d *Document) addFlattened(root, path, s string) error {
	d.appendString(root, FieldType{Type: ecsmapping.Flattened, From: "ecs"}, s)
	if path != root {
		d.appendString(path, FieldType{Type: ecsmapping.Flattened, From: "flattened " + root}, s)
	}
	return nil
}

func (d *Document) appendString(path string, t FieldType, s string) {
	f := d.fields[path]
	if f == nil {
		f = &field{typ: t, kind: t.Kind()}
		d.fields[path] = f
	}
	f.strs = append(f.strs, s)
}

// addGo indexes a Go value at path ("" is the document root, which must be
// an object).
func (d *Document) addGo(path string, v any) error {
	switch v := v.(type) {
	case nil:
		return nil
	case map[string]any:
		if path != "" {
			if flat, ok := d.flattenedRoot(path); ok {
				return d.goFlattened(flat, path, v)
			}
			if err := d.objectAllowed(path); err != nil {
				return err
			}
		}
		for _, k := range sortedKeys(v) {
			p := join(path, k)
			if err := checkPath(p); err != nil {
				return err
			}
			if err := d.addGo(p, v[k]); err != nil {
				return err
			}
		}
		return nil
	}
	if path == "" {
		return docErr("", "a document is an object, not %T", v)
	}
	switch v := v.(type) {
	case []any:
		for _, e := range v {
			if err := d.addGo(path, e); err != nil {
				return err
			}
		}
	case []string:
		for _, e := range v {
			if err := d.addScalar(path, jsonString, e, false); err != nil {
				return err
			}
		}
	case []map[string]any:
		for _, e := range v {
			if err := d.addGo(path, e); err != nil {
				return err
			}
		}
	case []int64:
		for _, e := range v {
			if err := d.addScalar(path, jsonLong, strconv.FormatInt(e, 10), false); err != nil {
				return err
			}
		}
	case string:
		return d.addScalar(path, jsonString, v, false)
	case bool:
		return d.addScalar(path, jsonBool, "", v)
	case int:
		return d.addScalar(path, jsonLong, strconv.Itoa(v), false)
	case int32:
		return d.addScalar(path, jsonLong, strconv.FormatInt(int64(v), 10), false)
	case int64:
		return d.addScalar(path, jsonLong, strconv.FormatInt(v, 10), false)
	case uint32:
		return d.addScalar(path, jsonLong, strconv.FormatUint(uint64(v), 10), false)
	case uint64:
		return d.addScalar(path, jsonLong, strconv.FormatUint(v, 10), false)
	case float32:
		return d.addScalar(path, jsonDouble, javaDouble(float64(v)), false)
	case float64:
		if v == math.Trunc(v) && math.Abs(v) < 1<<53 {
			// encoding/json decodes every number as float64: an integral one
			// was most likely written as an integer.
			return d.addScalar(path, jsonLong, strconv.FormatFloat(v, 'f', -1, 64), false)
		}
		return d.addScalar(path, jsonDouble, strconv.FormatFloat(v, 'g', -1, 64), false)
	case json.Number:
		return d.addScalar(path, numberKind(string(v)), string(v), false)
	case netip.Addr:
		return d.addScalar(path, jsonString, v.String(), false)
	default:
		return docErr(path, "unsupported Go value of type %T", v)
	}
	return nil
}

func (d *Document) goFlattened(root, path string, v any) error {
	switch v := v.(type) {
	case nil:
		return nil
	case map[string]any:
		for _, k := range sortedKeys(v) {
			if err := d.goFlattened(root, join(path, k), v[k]); err != nil {
				return err
			}
		}
		return nil
	case []any:
		for _, e := range v {
			if err := d.goFlattened(root, path, e); err != nil {
				return err
			}
		}
		return nil
	case []string:
		for _, e := range v {
			if err := d.addFlattened(root, path, e); err != nil {
				return err
			}
		}
		return nil
	case string:
		return d.addFlattened(root, path, v)
	case bool:
		return d.addFlattened(root, path, strconv.FormatBool(v))
	case json.Number:
		return d.addFlattened(root, path, string(v))
	case int, int32, int64, uint32, uint64:
		return d.addFlattened(root, path, fmt.Sprint(v))
	case float64:
		return d.addFlattened(root, path, strconv.FormatFloat(v, 'g', -1, 64))
	}
	return docErr(path, "unsupported Go value of type %T", v)
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// checkPath rejects field names Elasticsearch rejects: empty, or with an
// empty segment ("a..b", ".a", "a.").
func checkPath(p string) error {
	if p == "" {
		return docErr(p, "empty field name")
	}
	if p[0] == '.' || p[len(p)-1] == '.' || strings.Contains(p, "..") {
		return docErr(p, "field name with an empty part")
	}
	return nil
}

// flattenedRoot reports whether path is a flattened field or lies below one.
func (d *Document) flattenedRoot(path string) (string, bool) {
	return d.mapping.flattenedRoot(path)
}

// objectAllowed rejects an object where ECS defines a concrete field.
func (d *Document) objectAllowed(path string) error {
	t, ok := d.mapping.explicit(path)
	if !ok || t.Type == ecsmapping.Object || t.Type == ecsmapping.Nested {
		return nil
	}
	return docErr(path, "an object where the mapping has a %s field", t.Type)
}

func numberKind(text string) jsonKind {
	if strings.ContainsAny(text, ".eE") {
		return jsonDouble
	}
	return jsonLong
}

// addScalar indexes one JSON scalar: text for strings and numbers (the
// number as written), b for booleans.
func (d *Document) addScalar(path string, k jsonKind, text string, b bool) error {
	if k == jsonString && !utf8.ValidString(text) {
		return docErr(path, "a string that is not valid UTF-8")
	}
	f := d.fields[path]
	if f == nil {
		t := d.mapping.resolve(path, k)
		switch t.Type {
		case ecsmapping.Object, ecsmapping.Nested:
			return docErr(path, "a value where the mapping has an object")
		}
		f = &field{typ: t, kind: t.Kind()}
		d.fields[path] = f
	}
	switch f.kind {
	case KindString:
		s := text
		if k == jsonBool {
			s = strconv.FormatBool(b)
		}
		if f.typ.IgnoreAbove > 0 && utf16Len(s) > f.typ.IgnoreAbove {
			f.notIndexed = append(f.notIndexed, s)
			return nil
		}
		if f.typ.IgnoreAbove == 0 && f.typ.Type == ecsmapping.Keyword && len(s) > maxTermBytes {
			return docErr(path, "a keyword value of %d bytes (Lucene's limit is %d)", len(s), maxTermBytes)
		}
		f.strs = append(f.strs, s)
	case KindLong:
		if k == jsonBool {
			return docErr(path, "a boolean in a %s field", f.typ.Type)
		}
		if k == jsonString && text == "" {
			return nil // an empty string is a null for numeric fields
		}
		n, err := coerceLong(text, f.typ.Type)
		if err != nil {
			return docErr(path, "%v", err)
		}
		f.longs = append(f.longs, n)
	case KindDouble:
		if k == jsonBool {
			return docErr(path, "a boolean in a %s field", f.typ.Type)
		}
		if k == jsonString && text == "" {
			return nil
		}
		x, err := strconv.ParseFloat(strings.TrimSpace(text), 64)
		if err != nil && !errors.Is(err, strconv.ErrRange) || !javaNumberSyntax(strings.TrimSpace(text)) {
			return docErr(path, "%q is not a number", text)
		}
		if math.IsInf(x, 0) || math.IsNaN(x) {
			return docErr(path, "[%s] supports only finite values, not %q", f.typ.Type, text)
		}
		if f.typ.Type == ecsmapping.Float {
			x = float64(float32(x))
			if math.IsInf(x, 0) {
				return docErr(path, "[float] supports only finite values, not %q", text)
			}
		}
		f.doubles = append(f.doubles, x)
	case KindBool:
		switch {
		case k == jsonBool:
			f.bools = append(f.bools, b)
		case k == jsonString && (text == "false" || text == ""):
			f.bools = append(f.bools, false)
		case k == jsonString && text == "true":
			f.bools = append(f.bools, true)
		default:
			return docErr(path, "only true, false, \"true\", \"false\" and \"\" are booleans, not %s", text)
		}
	case KindIP:
		if k != jsonString {
			return docErr(path, "an ip field takes strings, not %s", text)
		}
		a, err := netip.ParseAddr(text)
		if err != nil || a.Zone() != "" {
			return docErr(path, "%q is not an IP address", text)
		}
		f.ips = append(f.ips, to16(a))
	default:
		f.unsupported++
	}
	return nil
}

// maxTermBytes is Lucene's IndexWriter.MAX_TERM_LENGTH: a longer keyword
// term makes Elasticsearch reject the document.
const maxTermBytes = 32766

// coerceLong parses a long field value as Elasticsearch does with coerce
// (the default): integers, and decimals truncated towards zero, in the range
// of the type.
func coerceLong(text string, t ecsmapping.Type) (int64, error) {
	s := strings.TrimSpace(text)
	lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
	switch t {
	case ecsmapping.Integer:
		lo, hi = math.MinInt32, math.MaxInt32
	case "short":
		lo, hi = math.MinInt16, math.MaxInt16
	case "byte":
		lo, hi = math.MinInt8, math.MaxInt8
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		if n < lo || n > hi {
			return 0, fmt.Errorf("value %s is out of range for a %s field", text, t)
		}
		return n, nil
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) || !javaNumberSyntax(s) {
		return 0, fmt.Errorf("%q is not a number", text)
	}
	x = math.Trunc(x)
	if math.IsNaN(x) || x < -(1<<63) || x >= 1<<63 || int64(x) < lo || int64(x) > hi {
		return 0, fmt.Errorf("value %s is out of range for a %s field", text, t)
	}
	return int64(x), nil
}

// javaNumberSyntax accepts decimal numbers with an optional sign, fraction
// and exponent; it rejects what strconv accepts and Java does not (hex,
// underscores, inf, nan).
func javaNumberSyntax(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		exp := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			exp++
		}
		if exp == 0 {
			return false
		}
	}
	return i == len(s)
}

// utf16Len is the length of s in UTF-16 code units (Java's String.length).
func utf16Len(s string) int {
	n := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			n++
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		n += len(utf16.AppendRune(nil, r))
	}
	return n
}

// Fields returns the names of the fields of the document, sorted.
func (d *Document) Fields() []string {
	names := make([]string, 0, len(d.fields))
	for n := range d.fields {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// Values returns the indexed values of a field, rendered as text (nil when
// the field has none).
func (d *Document) Values(name string) []string {
	return d.fields[name].render()
}

// Type returns the type the field was indexed with (KindDynamic for a field
// the document does not have).
func (d *Document) Type(name string) FieldType {
	if f := d.fields[name]; f != nil {
		return f.typ
	}
	return d.mapping.Lookup(name)
}

func (f *field) render() []string {
	if f == nil {
		return nil
	}
	out := append([]string(nil), f.strs...)
	for _, n := range f.longs {
		out = append(out, strconv.FormatInt(n, 10))
	}
	for _, x := range f.doubles {
		out = append(out, javaDouble(x))
	}
	for _, b := range f.bools {
		out = append(out, strconv.FormatBool(b))
	}
	for _, a := range f.ips {
		out = append(out, a.Unmap().String())
	}
	return out
}
