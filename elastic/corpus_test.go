package elastic_test

import (
	"strings"
	"testing"

	"github.com/eql2falco/eql2falco/elastic"
	"github.com/eql2falco/eql2falco/internal/corpus"
)

// TestCorpus reads the shared detection-rules corpus: every file is an EQL
// rule with its metadata, and the map from each query byte to the TOML file
// is exact (every byte that is not part of an escape is the same byte in the
// file).
func TestCorpus(t *testing.T) {
	set, err := elastic.Load(corpus.Dir(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Diags) != 0 || len(set.Skipped) != 0 {
		t.Fatalf("diagnostics or skipped rules:\n%s", set.Diags.Render())
	}
	if len(set.Rules) < 300 {
		t.Fatalf("%d rules", len(set.Rules))
	}
	transforms := 0
	for _, r := range set.Rules {
		if r.Name == "" || len(r.RuleID) != 36 || r.Severity == "" || r.RiskScore <= 0 || len(r.Index) == 0 ||
			r.Language != "eql" || r.Maturity == "" || len(r.Integration) == 0 || len(r.Tags) == 0 {
			t.Errorf("%s: incomplete metadata: %+v", r.Path, r)
		}
		for _, th := range r.Threat {
			if th.Framework == "" || !strings.HasPrefix(th.Tactic.ID, "TA") {
				t.Errorf("%s: threat %+v", r.Path, th)
			}
		}
		if strings.Contains(r.Query, "SELECT") {
			t.Errorf("%s: the osquery query of [transform] was taken", r.Path)
		}
		if strings.Contains(r.Source.File().Text, "[transform]") {
			transforms++
		}
		text := r.Source.File().Text
		for i := 0; i < len(r.Query); i++ {
			off := r.Source.FileOffset(i)
			if c := text[off]; c != r.Query[i] && c != '\\' {
				t.Fatalf("%s: query byte %d (%q) maps to file offset %d (%q)", r.Path, i, r.Query[i], off, c)
			}
		}
		if p := r.Source.Pos(0); p.Line != r.Line && p.Line != r.Line+1 {
			t.Errorf("%s: query starts at %s, rule line %d", r.Path, p, r.Line)
		}
	}
	if transforms == 0 {
		t.Error("no rule with a [transform] section: the test of the query choice proves nothing")
	}
}
