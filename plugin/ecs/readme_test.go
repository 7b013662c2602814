package ecs

import (
	"flag"
	"strings"
	"testing"

	"github.com/eql2falco/eql2falco/internal/mdsection"
)

var update = flag.Bool("update", false, "rewrite the generated tables of plugin/README.md")

// TestREADMEFields fails when the generated tables of plugin/README.md
// differ from the field table. `make plugin-readme` (go test -run
// TestREADMEFields -update) rewrites them.
func TestREADMEFields(t *testing.T) {
	err := mdsection.Sync("../README.md", *update, "`make plugin-readme`",
		mdsection.Section{Name: "README-PLUGIN-FIELDS", Body: FieldsMarkdown()},
		mdsection.Section{Name: "README-ECS-MAPPING", Body: MappingMarkdown()},
	)
	if err != nil {
		t.Fatal(err)
	}
}

func TestFieldsMarkdown(t *testing.T) {
	md := FieldsMarkdown()
	if !strings.Contains(md, "| `ecs.process.args` | `string (list)` | None | argv as the kernel left it") ||
		!strings.Contains(md, "| `ecs.process.interactive` | `bool` | None |") ||
		!strings.Contains(md, "| `ecs.process.args.ilike` | `string (list)` | Key, Required | The elements of ecs.process.args that") {
		t.Fatalf("fields table:\n%s", md)
	}
	if strings.Count(md, "\n") != len(PluginFields())+2 {
		t.Fatal("one row per field")
	}
	mapping := MappingMarkdown()
	if !strings.Contains(mapping, "| `ecs.process.args` | `process.args` | keyword (array) | 1024 | yes |") ||
		!strings.Contains(mapping, "| `ecs.process.command_line` | `process.command_line` | wildcard | - | no |") {
		t.Fatalf("mapping table:\n%s", mapping)
	}
}
