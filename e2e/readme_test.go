package e2e

import (
	"flag"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the generated section of README.md")

// TestREADMEAssumptions fails when the README's table of modelling
// assumptions differs from Assumptions; -update rewrites it.
func TestREADMEAssumptions(t *testing.T) {
	const path = "../README.md"
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	start, end := "<!-- PARITY-ASSUMPTIONS -->\n", "<!-- /PARITY-ASSUMPTIONS -->"
	i, j := strings.Index(doc, start), strings.Index(doc, end)
	if i < 0 || j < i {
		t.Fatalf("%s: no %q ... %q section", path, start, end)
	}
	doc = doc[:i+len(start)] + AssumptionsMarkdown() + doc[j:]
	if *update {
		if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if doc != string(b) {
		t.Fatalf("%s: the assumptions table is stale; run go test ./e2e -run TestREADMEAssumptions -update", path)
	}
}

func TestAssumptionsMarkdown(t *testing.T) {
	md := AssumptionsMarkdown()
	if strings.Count(md, "\n") != len(Assumptions())+2 {
		t.Error("one row per assumption")
	}
	for _, want := range []string{"| process.name | basename of the trusted_exepath parameter |", "process.interactive", "container.id"} {
		if !strings.Contains(md, want) {
			t.Errorf("the table lacks %q:\n%s", want, md)
		}
	}
}
