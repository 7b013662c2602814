package e2e

import (
	"bytes"
	"fmt"
	"math/rand"
	"os"
	"strings"
	"testing"

	"github.com/eql2falco/eql2falco/capture/scenario"
	"github.com/eql2falco/eql2falco/diag"
	"github.com/eql2falco/eql2falco/elastic/eql"
	"github.com/eql2falco/eql2falco/elastic/eql/eval"
	"github.com/eql2falco/eql2falco/falco/condition"
	"github.com/eql2falco/eql2falco/falco/rulesfile"
	"github.com/eql2falco/eql2falco/translate"
)

// differential is one trial of the differential test: a random EQL
// condition over the mapped fields, lowered by the translator, against a
// random capture. It returns the number of documents compared (exec and
// file events), and
// whether the condition was tested (false when the translator or the
// evaluator refuses it, or the generated input is not a valid scenario).
func differential(t *testing.T, c *chooser, execs int) (int, bool) {
	t.Helper()
	where := genCondition(c, 3)
	text := query(c, where)
	q, errs := eql.Parse(text)
	if q == nil {
		t.Fatalf("the generator wrote an invalid query: %s\n%s", text, errs.Render())
	}
	p, _ := eval.Compile(q, eval.Options{})
	if p == nil {
		return 0, false // Elasticsearch would reject it, or the evaluator cannot decide it
	}
	expr, _ := translate.Lower(q, diag.NewSource("<query>", text))
	if expr == nil {
		return 0, false // refused by the translator: no claim to check
	}
	prog, err := condition.Compile(expr, Catalog())
	if err != nil {
		t.Fatalf("the translation of %s does not compile in Falco: %v\n%s", text, err, printCond(expr))
	}
	s, err := scenario.Parse("random.yaml", randomScenario(c, execs))
	if err != nil {
		return 0, false
	}
	var buf bytes.Buffer
	m, err := s.Write(&buf, scenario.Options{})
	if err != nil {
		return 0, false
	}
	capture := &Capture{Name: "random.yaml", Scenario: s, Manifest: m, data: buf.Bytes()}
	rule := &Rule{Label: "random", EQL: &EQLProgram{Program: p, View: ViewPlugin}, Falco: &rulesfile.CompiledRule{Program: prog}}
	res, err := Run(capture, []*Rule{rule}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if path := os.Getenv(statsEnv); path != "" {
		appendStats(t, path, res, text[:strings.IndexByte(text, ' ')])
	}
	if rr := res.Rules[0]; len(rr.Disagreements) > 0 {
		var b strings.Builder
		_ = (&Report{Results: []*Result{res}}).WriteText(&b)
		t.Fatalf("EQL and its translation disagree\nEQL:   %s\nFalco: %s\n%s", text, printCond(expr), b.String())
	}
	return int(res.Documents), true
}

// The quick fixed-seed run of the differential test (go test): random
// conditions over process and file fields against random exec and file
// events; the EQL evaluator and the
// translated condition on the embedded Falco evaluator agree on every event
// where the translation succeeds.
func TestDifferential(t *testing.T) {
	c := &chooser{rnd: rand.New(rand.NewSource(20261127))}
	tested, events := 0, 0
	for i := 0; i < 400; i++ {
		n, ok := differential(t, c, 6)
		if ok {
			tested++
			events += n
		}
	}
	if tested < 150 {
		t.Errorf("only %d of 400 random conditions were translated and tested", tested)
	}
	t.Logf("%d conditions tested on %d documents (exec and file events)", tested, events)
}

// FuzzDifferential is the open-ended differential test:
//
//	go test ./e2e -run '^$' -fuzz '^FuzzDifferential$' -fuzztime 10m
//
// With EQL2FALCO_FUZZ_STATS=FILE, every tested condition appends a line
// "<events> <execs> <documents> <category>" to FILE (wc -l counts the conditions, awk
// sums the events), since the fuzzer's own count includes the refused ones.
//
// The input bytes drive every choice of the condition and scenario
// generators; each input is one condition against 8 random execs.
func FuzzDifferential(f *testing.F) {
	for _, seed := range []string{"", "\x01\x02\x03", "\x05\x00\x07\x09\x02\x01", strings.Repeat("\x2a\x11", 40)} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		differential(t, &chooser{data: data}, 8)
	})
}

func printCond(e condition.Expr) string {
	s, err := condition.Print(e)
	if err != nil {
		return err.Error()
	}
	return s
}

// statsEnv names the file differential appends its counts to.
const statsEnv = "EQL2FALCO_FUZZ_STATS"

func appendStats(t *testing.T, path string, res *Result, category string) {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	fmt.Fprintf(f, "%d %d %d %s\n", res.Events, res.Execs, res.Documents, category)
}
