package ecs

import (
	"fmt"
	"strings"
)

// FieldsMarkdown is the README's fields table, in the format of the
// falcosecurity/plugins READMEs (NAME, TYPE, ARG, DESCRIPTION).
func FieldsMarkdown() string {
	var b strings.Builder
	b.WriteString("| NAME | TYPE | ARG | DESCRIPTION |\n|------|------|-----|-------------|\n")
	for _, f := range PluginFields() {
		typ := string(f.Type)
		if f.List {
			typ += " (list)"
		}
		arg := "None"
		if f.Pattern != NoPattern {
			arg = "Key, Required"
		}
		fmt.Fprintf(&b, "| `%s` | `%s` | %s | %s |\n", f.FalcoName(), typ, arg, f.Desc)
	}
	return b.String()
}

// MappingMarkdown is the README's table of the Elasticsearch side of each
// field: its ECS name, mapping type, ignore_above, and whether Defend for
// Containers populates it.
func MappingMarkdown() string {
	var b strings.Builder
	b.WriteString("| FALCO FIELD | ECS FIELD | ELASTICSEARCH TYPE | IGNORE_ABOVE | POPULATED BY D4C |\n" +
		"|-------------|-----------|--------------------|--------------|------------------|\n")
	for _, f := range Fields() {
		ignore := "-"
		if f.IgnoreAbove > 0 {
			ignore = fmt.Sprint(f.IgnoreAbove)
		}
		d4c := "no"
		if f.D4C {
			d4c = "yes"
		}
		typ := f.ESType
		if f.List {
			typ += " (array)"
		}
		fmt.Fprintf(&b, "| `%s` | `%s` | %s | %s | %s |\n", f.FalcoName(), f.Name, typ, ignore, d4c)
	}
	return b.String()
}
