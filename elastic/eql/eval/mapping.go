package eval

import (
	"strconv"
	"strings"
	"sync"

	"github.com/eql2falco/eql2falco/elastic/ecsmapping"
)

// Kind is how the values of a field are indexed, which decides how every
// predicate compares them.
type Kind uint8

// Value kinds.
const (
	// KindDynamic: the field has no explicit mapping and no dynamic template
	// that fixes its type whatever the value: the first value of a document
	// decides (string: keyword, integer: long, decimal: float, boolean).
	KindDynamic     Kind = iota
	KindString           // keyword, constant_keyword, wildcard, flattened
	KindLong             // long, integer, short, byte
	KindDouble           // double, and float (values rounded to 32 bits)
	KindBool             // boolean
	KindIP               // ip
	KindUnsupported      // date, text, object, nested, geo_point, scaled_float: refused by the compiler
)

// String names the kind.
func (k Kind) String() string {
	switch k {
	case KindDynamic:
		return "dynamic"
	case KindString:
		return "string"
	case KindLong:
		return "long"
	case KindDouble:
		return "double"
	case KindBool:
		return "boolean"
	case KindIP:
		return "ip"
	}
	return "unsupported"
}

// FieldType is the Elasticsearch mapping of one field as far as EQL
// evaluation is concerned.
type FieldType struct {
	// Type is the Elasticsearch field type ("keyword", "long", ...); empty
	// for a field whose type the first value decides (KindDynamic).
	Type ecsmapping.Type
	// IgnoreAbove is the keyword ignore_above limit in UTF-16 code units
	// (0: none). Longer values are not indexed.
	IgnoreAbove int
	// From says where the type comes from: "ecs" (ecs_flat.yml),
	// "ecs@mappings <template>" (a dynamic template), "flattened <root>"
	// (a key under a flattened field) or "dynamic" (decided by the value).
	From string
}

// Kind classifies the type.
func (t FieldType) Kind() Kind {
	switch t.Type {
	case "":
		return KindDynamic
	case ecsmapping.Keyword, ecsmapping.ConstantKeyword, ecsmapping.Wildcard, ecsmapping.Flattened:
		return KindString
	case ecsmapping.Long, ecsmapping.Integer, "short", "byte":
		return KindLong
	case ecsmapping.Double, ecsmapping.Float:
		return KindDouble
	case ecsmapping.Boolean:
		return KindBool
	case ecsmapping.IP:
		return KindIP
	}
	return KindUnsupported
}

// String describes the type and where it comes from.
func (t FieldType) String() string {
	if t.Type == "" {
		return "dynamic (decided by the value)"
	}
	s := string(t.Type)
	if t.IgnoreAbove > 0 {
		s += " ignore_above " + strconv.Itoa(t.IgnoreAbove)
	}
	return s + " [" + t.From + "]"
}

// Mapping gives the type of every field: the index mapping the documents are
// evaluated against. It is immutable and safe for concurrent use.
type Mapping struct {
	name string
	ecs  *ecsmapping.Schema // nil: dynamic templates only
}

var (
	ecsOnce    sync.Once
	ecsSchema  *ecsmapping.Schema
	ecsMapping *Mapping
	dynMapping *Mapping
)

func loadSchemas() {
	ecsOnce.Do(func() {
		ecsSchema = ecsmapping.Load()
		ecsMapping = &Mapping{name: "ecs", ecs: ecsSchema}
		dynMapping = &Mapping{name: "dynamic"}
	})
}

// ECS returns the default mapping: the explicit ECS definition of every ECS
// field (ecs_flat.yml: keyword with ignore_above 1024, wildcard for
// *.command_line, boolean, long, ip, ...), and for any other field the
// dynamic templates of Elasticsearch's ecs@mappings component template.
func ECS() *Mapping {
	loadSchemas()
	return ecsMapping
}

// Dynamic returns the mapping of an index whose fields are all mapped by the
// ecs@mappings dynamic templates, with no explicit ECS definitions. It
// differs from ECS mostly in ignore_above: *.name, *.executable,
// *.working_directory and *file.path are keyword without a limit there. The
// Defend for Containers package relies on dynamic ECS mappings (see doc.go).
func Dynamic() *Mapping {
	loadSchemas()
	return dynMapping
}

// MappingByName returns ECS() for "ecs" and Dynamic() for "dynamic".
func MappingByName(name string) (*Mapping, bool) {
	switch name {
	case "ecs", "":
		return ECS(), true
	case "dynamic":
		return Dynamic(), true
	}
	return nil, false
}

// Name is "ecs" or "dynamic".
func (m *Mapping) Name() string { return m.name }

// Lookup returns the type of a field as the compiler sees it: explicit,
// fixed by a dynamic template whatever the value, or KindDynamic.
func (m *Mapping) Lookup(name string) FieldType {
	return m.resolve(name, jsonNone)
}

// jsonKind is the JSON type of a value, which dynamic templates match on
// (match_mapping_type).
type jsonKind uint8

const (
	jsonNone jsonKind = iota // unknown (compile time)
	jsonString
	jsonLong
	jsonDouble
	jsonBool
)

// resolve returns the type of a field for a value of JSON kind k.
func (m *Mapping) resolve(name string, k jsonKind) FieldType {
	if t, ok := m.explicit(name); ok {
		return t
	}
	return dynamicTemplate(name, k)
}

// explicit returns the ECS definition of a field, or the keyed type of a
// key below a flattened ECS field.
func (m *Mapping) explicit(name string) (FieldType, bool) {
	if m.ecs == nil {
		return FieldType{}, false
	}
	if f, ok := m.ecs.Lookup(name); ok {
		return FieldType{Type: f.Type, IgnoreAbove: f.IgnoreAbove, From: "ecs"}, true
	}
	for i := strings.LastIndexByte(name, '.'); i > 0; i = strings.LastIndexByte(name[:i], '.') {
		if f, ok := m.ecs.Lookup(name[:i]); ok && f.Type == ecsmapping.Flattened {
			return FieldType{Type: ecsmapping.Flattened, From: "flattened " + name[:i]}, true
		}
	}
	return FieldType{}, false
}

// flattenedRoot returns the flattened field at or above path, if any.
func (m *Mapping) flattenedRoot(path string) (string, bool) {
	if t, ok := m.explicit(path); ok {
		if t.Type != ecsmapping.Flattened {
			return "", false
		}
		if root, ok := strings.CutPrefix(t.From, "flattened "); ok {
			return root, true
		}
		return path, true
	}
	if anyGlob(flattenedTemplate.pathMatch, path) {
		return path, true
	}
	return "", false
}

// A dynamic template of ecs@mappings, in the order Elasticsearch tries them.
type template struct {
	name      string
	match     []string // patterns on the last path segment
	pathMatch []string // patterns on the whole dotted path
	unmatch   string   // path_unmatch
	onlyFor   jsonKind // match_mapping_type; jsonNone: any
	typ       FieldType
}

// ecsTemplates are the dynamic templates of Elasticsearch's ecs@mappings
// component template (x-pack/plugin/core/template-resources/src/main/
// resources/ecs@mappings.json), those that give a type EQL can query or must
// refuse. Multi-fields (.text) are left out: EQL never uses them.
var ecsTemplates = []template{
	{name: "ecs_timestamp", match: []string{"@timestamp"}, typ: ft(ecsmapping.Date, 0)},
	{name: "ecs_message_match_only_text", pathMatch: []string{"message", "*.message"}, typ: ft(ecsmapping.MatchOnlyText, 0)},
	{name: "ecs_ip", pathMatch: []string{"ip", "*.ip", "*_ip"}, onlyFor: jsonString, typ: ft(ecsmapping.IP, 0)},
	{name: "ecs_wildcard", pathMatch: []string{"*.io.text", "*.message_id", "*registry.data.strings", "*url.path"}, typ: ft(ecsmapping.Wildcard, 0)},
	{name: "ecs_path_match_wildcard_and_match_only_text", pathMatch: []string{"*.body.content", "*url.full", "*url.original"}, typ: ft(ecsmapping.Wildcard, 0)},
	{name: "ecs_match_wildcard_and_match_only_text", match: []string{"*command_line", "*stack_trace"}, typ: ft(ecsmapping.Wildcard, 0)},
	{name: "ecs_path_match_keyword_and_match_only_text", pathMatch: []string{"*.title", "*.executable", "*.name", "*.working_directory",
		"*.full_name", "*file.path", "*file.target_path", "*os.full", "email.subject", "vulnerability.description", "user_agent.original"},
		typ: ft(ecsmapping.Keyword, 0)},
	{name: "ecs_date", pathMatch: []string{"*.timestamp", "*_timestamp", "*.not_after", "*.not_before", "*.accessed", "created", "*.created",
		"*.installed", "*.creation_date", "*.ctime", "*.mtime", "ingested", "*.ingested", "*.start", "*.end"}, typ: ft(ecsmapping.Date, 0)},
	{name: "ecs_path_match_float", pathMatch: []string{"*.score.*", "*_score*"}, unmatch: "*.version", typ: ft(ecsmapping.Float, 0)},
	{name: "ecs_usage_double_scaled_float", pathMatch: []string{"*.usage"}, onlyFor: jsonDouble, typ: ft(ecsmapping.ScaledFloat, 0)},
	{name: "ecs_usage_long_scaled_float", pathMatch: []string{"*.usage"}, onlyFor: jsonLong, typ: ft(ecsmapping.ScaledFloat, 0)},
	{name: "ecs_geo_point", pathMatch: []string{"location", "*.location"}, typ: ft(ecsmapping.GeoPoint, 0)},
	flattenedTemplate,
	{name: "all_strings_to_keywords", onlyFor: jsonString, typ: ft(ecsmapping.Keyword, 1024)},
}

var flattenedTemplate = template{name: "ecs_flattened", pathMatch: []string{"*structured_data", "*exports", "*imports"}, typ: ft(ecsmapping.Flattened, 0)}

func ft(t ecsmapping.Type, ignoreAbove int) FieldType {
	return FieldType{Type: t, IgnoreAbove: ignoreAbove}
}

// dynamicTemplate returns the type the first matching template gives a
// field, or, when no template matches, Elasticsearch's default dynamic
// mapping of the JSON value (integer: long, decimal: float, boolean).
func dynamicTemplate(name string, k jsonKind) FieldType {
	last := name[strings.LastIndexByte(name, '.')+1:]
	for _, t := range ecsTemplates {
		if t.onlyFor != jsonNone && t.onlyFor != k {
			continue
		}
		if t.match == nil && t.pathMatch == nil || anyGlob(t.match, last) || anyGlob(t.pathMatch, name) {
			if t.unmatch != "" && simpleGlob(t.unmatch, name) {
				continue
			}
			typ := t.typ
			typ.From = "ecs@mappings " + t.name
			return typ
		}
	}
	switch k {
	case jsonLong:
		return FieldType{Type: ecsmapping.Long, From: "dynamic"}
	case jsonDouble:
		return FieldType{Type: ecsmapping.Float, From: "dynamic"}
	case jsonBool:
		return FieldType{Type: ecsmapping.Boolean, From: "dynamic"}
	}
	return FieldType{From: "dynamic"}
}

func anyGlob(patterns []string, s string) bool {
	for _, p := range patterns {
		if simpleGlob(p, s) {
			return true
		}
	}
	return false
}

// simpleGlob matches Elasticsearch's simple wildcard patterns (Regex.simpleMatch):
// only * is special.
func simpleGlob(p, s string) bool {
	star := strings.IndexByte(p, '*')
	if star < 0 {
		return p == s
	}
	if !strings.HasPrefix(s, p[:star]) {
		return false
	}
	s = s[star:]
	p = p[star+1:]
	if p == "" {
		return true
	}
	for i := 0; i <= len(s); i++ {
		if simpleGlob(p, s[i:]) {
			return true
		}
	}
	return false
}
