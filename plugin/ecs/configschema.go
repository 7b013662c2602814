package ecs

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
)

// ConfigSchema is checked by a validator of the JSON schema keywords it
// uses (schemaKeywords), not by a general JSON schema library: one
// (santhosh-tekuri/jsonschema) cost libecs.so 1.7 MB of heap and 3 ms of
// package initialisation in every Falco process, and 1.6 MB of binary,
// for a schema of two keys. TestConfigSchemaValidator checks that the two
// agree on a corpus of configurations.

// configSchema is the part of ConfigSchema the validator reads.
type configSchema struct {
	Type                 string                     `json:"type"`
	Properties           map[string]*propertySchema `json:"properties"`
	AdditionalProperties *bool                      `json:"additionalProperties"`
}

type propertySchema struct {
	Type        string          `json:"type"`
	Enum        []string        `json:"enum"`
	Items       *propertySchema `json:"items"`
	UniqueItems bool            `json:"uniqueItems"`
}

// schemaKeywords are the keywords the validator implements, by level;
// the others ConfigSchema may use are annotations.
var schemaKeywords = map[string][]string{
	"root":     {"$schema", "title", "type", "properties", "additionalProperties"},
	"property": {"description", "default", "type", "enum", "items", "uniqueItems"},
}

var loadConfigSchema = sync.OnceValues(func() (*configSchema, error) {
	var s configSchema
	if err := json.Unmarshal([]byte(ConfigSchema), &s); err != nil {
		return nil, fmt.Errorf("ecs: config schema: %w", err)
	}
	return &s, nil
})

// validateConfig checks the JSON document doc (as encoding/json decodes
// into an any) against ConfigSchema and returns one message per problem,
// each naming the JSON pointer of the offending value, in the words of the
// jsonschema library the plugin used before.
func validateConfig(doc any) ([]string, error) {
	s, err := loadConfigSchema()
	if err != nil {
		return nil, err
	}
	var msgs []string
	obj, ok := doc.(map[string]any)
	if !ok {
		return []string{fmt.Sprintf("at /: got %s, want %s", jsonType(doc), s.Type)}, nil
	}
	names := make([]string, 0, len(s.Properties))
	for name := range s.Properties {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if v, ok := obj[name]; ok {
			msgs = s.Properties[name].check("/"+name, v, msgs)
		}
	}
	if s.AdditionalProperties != nil && !*s.AdditionalProperties {
		var extra []string
		for k := range obj {
			if s.Properties[k] == nil {
				extra = append(extra, "'"+k+"'")
			}
		}
		if len(extra) > 0 {
			sort.Strings(extra)
			msgs = append(msgs, fmt.Sprintf("at /: additional properties %s not allowed", strings.Join(extra, ", ")))
		}
	}
	return msgs, nil
}

func (p *propertySchema) check(at string, v any, msgs []string) []string {
	if t := jsonType(v); t != p.Type {
		return append(msgs, fmt.Sprintf("at %s: got %s, want %s", at, t, p.Type))
	}
	if len(p.Enum) > 0 && !slices.Contains(p.Enum, v.(string)) {
		quoted := make([]string, len(p.Enum))
		for i, e := range p.Enum {
			quoted[i] = "'" + e + "'"
		}
		return append(msgs, fmt.Sprintf("at %s: value must be one of %s", at, strings.Join(quoted, ", ")))
	}
	if p.Type != "array" {
		return msgs
	}
	items := v.([]any)
	if p.UniqueItems {
	unique:
		for i := range items {
			for j := i + 1; j < len(items); j++ {
				if reflect.DeepEqual(items[i], items[j]) {
					msgs = append(msgs, fmt.Sprintf("at %s: items at %d and %d are equal", at, i, j))
					break unique
				}
			}
		}
	}
	if p.Items != nil {
		for i, item := range items {
			msgs = p.Items.check(fmt.Sprintf("%s/%d", at, i), item, msgs)
		}
	}
	return msgs
}

// jsonType names the JSON type of a decoded value as JSON schema does.
func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case float64, json.Number:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}
