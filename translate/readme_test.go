package translate

import (
	"os"
	"strings"
	"testing"
)

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

// TestREADME fails when the generated tables of README.md's "Translating
// rules" section differ from the code; `make translate-readme` (go test
// -run TestREADME -update) rewrites them.
func TestREADME(t *testing.T) {
	const path = "../README.md"
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	for _, s := range []struct{ name, body string }{
		{"TRANSLATE-FIELDS", FieldsMarkdown()},
		{"TRANSLATE-PRIORITIES", PrioritiesMarkdown()},
		{"TRANSLATE-MATURITY", MaturitiesMarkdown()},
		{"TRANSLATE-CODES", CodesMarkdown()},
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
		t.Fatalf("%s: the generated tables are stale; run `make translate-readme`", path)
	}
}

func TestMarkdownTables(t *testing.T) {
	if f := FieldsMarkdown(); !strings.Contains(f, "| `process.args` | `ecs.process.args` | string list | `intersects` | yes |") {
		t.Errorf("fields table:\n%s", f)
	}
	if p := PrioritiesMarkdown(); !strings.Contains(p, "| low | `NOTICE` |") {
		t.Errorf("priorities:\n%s", p)
	}
	if c := CodesMarkdown(); strings.Count(c, "\n") != len(Codes())+2 {
		t.Errorf("one row per code:\n%s", c)
	}
}
