package eql_test

import (
	"testing"

	"github.com/eql2falco/eql2falco/elastic"
	"github.com/eql2falco/eql2falco/elastic/eql"
	"github.com/eql2falco/eql2falco/internal/corpus"
)

// corpusRules loads the EQL rules of the shared corpus (or skips).
func corpusRules(tb testing.TB) []*elastic.Rule {
	tb.Helper()
	set, err := elastic.Load(corpus.Dir(tb))
	if err != nil {
		tb.Fatal(err)
	}
	if set.Diags.HasErrors() {
		tb.Fatalf("loading the corpus:\n%s", set.Diags.Render())
	}
	if len(set.Rules) < 300 {
		tb.Fatalf("only %d EQL rules in the corpus", len(set.Rules))
	}
	return set.Rules
}

// TestCorpus parses every EQL rule of the shared corpus and checks the round
// trip through the canonical form.
func TestCorpus(t *testing.T) {
	kinds := map[string]int{}
	for _, r := range corpusRules(t) {
		q, errs := eql.ParseSource(r.Source)
		if q == nil || len(errs) > 0 {
			t.Errorf("%s (%s):\n%s", r.Where(), r.Name, errs.Render())
			continue
		}
		switch q.Body.(type) {
		case *eql.EventQuery:
			kinds["event"]++
		case *eql.Sequence:
			kinds["sequence"]++
		case *eql.Sample:
			kinds["sample"]++
		}
		text := eql.Format(q)
		again, errs := eql.Parse(text)
		if again == nil {
			t.Errorf("%s: canonical form does not parse:\n%s\n%s", r.Where(), text, errs.Render())
			continue
		}
		if !eql.Equal(q, again) {
			t.Errorf("%s: round trip changes the tree:\n%s", r.Where(), eql.Diff(q, again))
		}
		if eql.Format(again) != text {
			t.Errorf("%s: canonical form is not a fixed point", r.Where())
		}
	}
	// Every kind of body the corpus has is exercised.
	if kinds["event"] == 0 || kinds["sequence"] == 0 || kinds["sample"] == 0 {
		t.Errorf("corpus kinds: %v", kinds)
	}
	t.Logf("corpus: %v", kinds)
}

// BenchmarkParseCorpus parses every EQL query of the shared corpus once per
// iteration. It reports rules/s (wall clock) and rules/cpu-s (per second of
// CPU used by the process, which stays meaningful on a busy machine; run
// with -cpu 1 for a one-core figure).
func BenchmarkParseCorpus(b *testing.B) {
	rules := corpusRules(b)
	var bytes int64
	for _, r := range rules {
		bytes += int64(len(r.Query))
	}
	b.SetBytes(bytes)
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	for b.Loop() {
		for _, r := range rules {
			if q, _ := eql.ParseSource(r.Source); q == nil {
				b.Fatalf("%s does not parse", r.Where())
			}
		}
	}
	b.ReportMetric(float64(len(rules))*float64(b.N)/b.Elapsed().Seconds(), "rules/s")
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(len(rules))*float64(b.N)/cpu.Seconds(), "rules/cpu-s")
	}
	b.ReportMetric(float64(len(rules)), "rules/op")
}
