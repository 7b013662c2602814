// Package gen extracts the mapping facts of every field from ECS's
// ecs_flat.yml into the compact table that package ecsmapping embeds.
package gen

import (
	"bytes"
	"fmt"
	"slices"

	"gopkg.in/yaml.v3"
)

type field struct {
	Type        string   `yaml:"type"`
	IgnoreAbove int      `yaml:"ignore_above"`
	Normalize   []string `yaml:"normalize"`
}

// Generate turns ecs_flat.yml into the table: a header comment, then one line
// per field, sorted: name TAB type TAB ignore_above (0 = none) TAB "array" or "".
func Generate(src []byte) ([]byte, error) {
	var fields map[string]field
	if err := yaml.Unmarshal(src, &fields); err != nil {
		return nil, fmt.Errorf("ecs_flat.yml: %w", err)
	}
	names := make([]string, 0, len(fields))
	for n := range fields {
		names = append(names, n)
	}
	slices.Sort(names)
	var b bytes.Buffer
	b.WriteString("# Generated from elastic/ecs generated/ecs/ecs_flat.yml by elastic/ecsmapping/internal/gen. DO NOT EDIT.\n")
	b.WriteString("# name\ttype\tignore_above\tarray\n")
	for _, n := range names {
		f := fields[n]
		arr := ""
		if slices.Contains(f.Normalize, "array") {
			arr = "array"
		}
		fmt.Fprintf(&b, "%s\t%s\t%d\t%s\n", n, f.Type, f.IgnoreAbove, arr)
	}
	return b.Bytes(), nil
}
