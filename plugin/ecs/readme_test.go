package ecs

import (
	"flag"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the generated tables of plugin/README.md")

// replaceSection replaces the text between <!-- NAME --> and <!-- /NAME -->.
func replaceSection(doc, name, body string) (string, bool) {
	start, end := "<!-- "+name+" -->\n", "<!-- /"+name+" -->"
	i := strings.Index(doc, start)
	j := strings.Index(doc, end)
	if i < 0 || j < i {
		return doc, false
	}
	return doc[:i+len(start)] + body + doc[j:], true
}

// TestREADMEFields fails when the generated tables of plugin/README.md
// differ from the field table. `make plugin-readme` (go test -run
// TestREADMEFields -update) rewrites them.
func TestREADMEFields(t *testing.T) {
	const path = "../README.md"
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	for _, s := range []struct{ name, body string }{
		{"README-PLUGIN-FIELDS", FieldsMarkdown()},
		{"README-ECS-MAPPING", MappingMarkdown()},
	} {
		var ok bool
		if doc, ok = replaceSection(doc, s.name, s.body); !ok {
			t.Fatalf("%s: no <!-- %s --> ... <!-- /%s --> section", path, s.name, s.name)
		}
	}
	if *update {
		if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if doc != string(b) {
		t.Fatalf("%s: the generated tables are stale; run `make plugin-readme`", path)
	}
}

func TestFieldsMarkdown(t *testing.T) {
	md := FieldsMarkdown()
	if !strings.Contains(md, "| `ecs.process.args` | `string (list)` | None | argv as the kernel left it") ||
		!strings.Contains(md, "| `ecs.process.interactive` | `bool` | None |") {
		t.Fatalf("fields table:\n%s", md)
	}
	if strings.Count(md, "\n") != len(Fields())+2 {
		t.Fatal("one row per field")
	}
	mapping := MappingMarkdown()
	if !strings.Contains(mapping, "| `ecs.process.args` | `process.args` | keyword (array) | 1024 | yes |") ||
		!strings.Contains(mapping, "| `ecs.process.command_line` | `process.command_line` | wildcard | - | no |") {
		t.Fatalf("mapping table:\n%s", mapping)
	}
}
