package e2e

import (
	"bytes"
	"context"
	"os"
	"testing"

	"github.com/eql2falco/eql2falco/internal/publiccaptures"
)

// The real public captures (../shared/captures/public, skipped when absent):
// both versions of the seed rule agree with their hand translations on every
// event.
func TestParityPublicCaptures(t *testing.T) {
	cs, err := FindCaptures(publiccaptures.Dir(t))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Parity(context.Background(), cs, seedRules(t, ""), ParityOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Failed() {
		var b bytes.Buffer
		_ = rep.WriteText(&b)
		t.Fatalf("parity fails on the public captures:\n%s", b.String())
	}
}

// What make demo checks, as a test: the shipped rules (rules/elastic, both
// versions of the seed rule), translated by the translator, agree with the
// reference evaluator on every event of the scenario corpus and, when they
// are present, of the public captures; every expectation holds; the
// shipped exceptions file is all used.
func TestParityShippedRules(t *testing.T) {
	set, err := LoadRules("../rules/elastic")
	if err != nil || len(set.Diags)+len(set.Refused)+len(set.Untested) > 0 {
		t.Fatalf("%v %+v", err, set)
	}
	rules := set.Rules
	if len(rules) != 2 {
		t.Fatalf("%d rules in rules/elastic, want the 2 versions of the seed rule", len(rules))
	}
	caps := corpus(t)
	var execs uint64
	for _, c := range caps {
		execs += uint64(len(c.Manifest.Execs))
	}
	if dir, ok := publiccaptures.Find(); ok {
		more, err := FindCaptures(dir)
		if err != nil {
			t.Fatal(err)
		}
		caps = append(caps, more...)
	} else {
		t.Logf("public captures not found: scenario corpus only (set %s)", publiccaptures.EnvDir)
	}
	x, err := LoadExceptions("exceptions.yaml")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Parity(context.Background(), caps, rules, ParityOptions{Exceptions: x})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Failed() || len(x.Unused()) > 0 {
		var b bytes.Buffer
		_ = rep.WriteText(&b)
		t.Fatalf("parity fails on the shipped rules:\n%s", b.String())
	}
	for _, tot := range rep.Totals() {
		if tot.EQLMatches == 0 || tot.Expected != execs {
			t.Errorf("%+v", tot)
		}
	}
	if testing.Verbose() {
		_ = rep.WriteText(os.Stdout)
	}
}
