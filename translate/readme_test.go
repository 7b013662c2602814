package translate

import (
	"strings"
	"testing"

	"github.com/eql2falco/eql2falco/internal/mdsection"
)

// TestREADME fails when the generated tables of README.md's "Translating
// rules" section differ from the code; `make translate-readme` (go test
// -run TestREADME -update) rewrites them.
func TestREADME(t *testing.T) {
	err := mdsection.Sync("../README.md", *update, "`make translate-readme`",
		mdsection.Section{Name: "TRANSLATE-FIELDS", Body: FieldsMarkdown()},
		mdsection.Section{Name: "TRANSLATE-PRIORITIES", Body: PrioritiesMarkdown()},
		mdsection.Section{Name: "TRANSLATE-MATURITY", Body: MaturitiesMarkdown()},
		mdsection.Section{Name: "TRANSLATE-CODES", Body: CodesMarkdown()},
	)
	if err != nil {
		t.Fatal(err)
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
