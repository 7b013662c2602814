package translate

import (
	"testing"

	"github.com/eql2falco/eql2falco/elastic"
	"github.com/eql2falco/eql2falco/falco/catalog"
	"github.com/eql2falco/eql2falco/falco/rulesfile"
	"github.com/eql2falco/eql2falco/internal/corpus"
)

// TestCorpus translates the whole shared corpus into one rules file, as
// "eql2falco translate --skip-unsupported" does: every rule gets a status,
// every refusal a coded error, and the file passes the Falco rules checks
// without a warning.
func TestCorpus(t *testing.T) {
	set, err := elastic.Load(corpus.Dir(t))
	if err != nil {
		t.Fatal(err)
	}
	s := Rules(set, Options{})
	rep := s.Report()
	if rep.Summary.Rules != len(set.Rules)+len(set.Skipped) || len(rep.Rules) != rep.Summary.Rules {
		t.Fatalf("report has %d rules, input %d", len(rep.Rules), len(set.Rules)+len(set.Skipped))
	}
	for _, r := range rep.Rules {
		if r.Status != Translated && len(r.Reasons) == 0 {
			t.Errorf("%s (%s): %s without a reason", r.Name, r.File, r.Status)
		}
	}
	if s.Count(Translated) < 60 || s.Count(Invalid) != 0 {
		t.Errorf("%d translated, %d invalid", s.Count(Translated), s.Count(Invalid))
	}
	out, err := rulesfile.Marshal(s.File(nil))
	if err != nil {
		t.Fatal(err)
	}
	rs, ds := rulesfile.Load("corpus.yaml", out, catalog.Options())
	if ds.HasErrors() || len(ds) > 0 {
		t.Fatalf("the corpus rules file fails the Falco checks:\n%s", ds.Render())
	}
	if len(rs.Rules) != s.Count(Translated) {
		t.Errorf("%d rules compiled, %d translated", len(rs.Rules), s.Count(Translated))
	}
	for _, x := range rep.Reasons {
		t.Logf("%-36s %-9s %3d", x.Code, x.Status, x.Rules)
	}
	t.Logf("translated %d, refused %d, skipped %d, invalid %d", rep.Summary.Translated, rep.Summary.Refused, rep.Summary.Skipped, rep.Summary.Invalid)
}

// BenchmarkCorpus parses and translates every rule of the shared corpus and
// renders the rules file (the work of "eql2falco translate" after reading
// the files).
func BenchmarkCorpus(b *testing.B) {
	set, err := elastic.Load(corpus.Dir(b))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s := Rules(set, Options{})
		if _, err := rulesfile.Marshal(s.File(nil)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(set.Rules)*b.N)/b.Elapsed().Seconds(), "rules/s")
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/corpus")
}
