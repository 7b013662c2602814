package ecsmapping

import (
	_ "embed"
	"strconv"
	"strings"
)

// Type is an Elasticsearch field type.
type Type string

// Field types that matter to EQL evaluation.
const (
	Keyword         Type = "keyword"
	ConstantKeyword Type = "constant_keyword"
	Wildcard        Type = "wildcard"
	MatchOnlyText   Type = "match_only_text"
	Boolean         Type = "boolean"
	Long            Type = "long"
	Integer         Type = "integer"
	Float           Type = "float"
	Double          Type = "double"
	ScaledFloat     Type = "scaled_float"
	Date            Type = "date"
	IP              Type = "ip"
	Flattened       Type = "flattened"
	Object          Type = "object"
	Nested          Type = "nested"
	GeoPoint        Type = "geo_point"
)

// IsString reports whether the type compares string values (keyword family).
func (t Type) IsString() bool {
	return t == Keyword || t == ConstantKeyword || t == Wildcard || t == Flattened
}

// IsNumeric reports whether the type holds numbers.
func (t Type) IsNumeric() bool {
	switch t {
	case Long, Integer, Float, Double, ScaledFloat:
		return true
	}
	return false
}

// Field is the mapping of one ECS field.
type Field struct {
	Name        string
	Type        Type
	IgnoreAbove int  // 0: no limit
	Array       bool // ECS "normalize: array": documents may carry several values
}

//go:embed ecs_fields.tsv
var table string

// Schema is the set of ECS field mappings.
type Schema struct {
	fields map[string]Field
}

// Load parses the embedded table. Call it once and share the result.
func Load() *Schema {
	s := &Schema{fields: make(map[string]Field, 2700)}
	for _, line := range strings.Split(table, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 4 {
			panic("ecsmapping: malformed embedded table line: " + line)
		}
		n, err := strconv.Atoi(cols[2])
		if err != nil {
			panic("ecsmapping: malformed ignore_above: " + line)
		}
		s.fields[cols[0]] = Field{Name: cols[0], Type: Type(cols[1]), IgnoreAbove: n, Array: cols[3] == "array"}
	}
	return s
}

// Lookup returns the mapping of an ECS field by its dotted name.
func (s *Schema) Lookup(name string) (Field, bool) {
	f, ok := s.fields[name]
	return f, ok
}

// Len is the number of fields in the schema.
func (s *Schema) Len() int { return len(s.fields) }
