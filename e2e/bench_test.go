package e2e

import (
	"testing"

	"github.com/eql2falco/eql2falco/internal/benchcapture"
)

// BenchmarkParity runs both versions of the seed rule over a synthesized
// capture of 1,000,000 events (each group of 16 is a process lifetime: two
// clone exits, an exec matching the rule, 12 reads and writes, procexit):
// EQL on every exec's ECS document, the embedded Falco evaluator on every
// event. events/s counts capture events per second of wall time.
func BenchmarkParity(b *testing.B) {
	const n = 1_000_000
	name := benchcapture.Write(b, b.TempDir(), n, true)
	c, err := OpenCapture(name)
	if err != nil {
		b.Fatal(err)
	}
	rules := []*Rule{benchRule(b, "current"), benchRule(b, "pre-d910d41")}
	b.ReportAllocs()
	var res *Result
	for b.Loop() {
		if res, err = Run(c, rules, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	if res.Events != n || res.Rules[0].FalcoMatches == 0 || res.Rules[0].Unexcused() != 0 {
		b.Fatalf("%d events, %d matches, %d disagreements", res.Events, res.Rules[0].FalcoMatches, res.Rules[0].Unexcused())
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
}
