package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/eql2falco/eql2falco/elastic"
	"github.com/eql2falco/eql2falco/elastic/eql/eval"
)

// seedEQL compiles a version of the seed rule (rules/elastic/<label>/) with
// the reference evaluator.
func seedEQL(t testing.TB, label string) *EQLProgram {
	t.Helper()
	set, err := elastic.Load(filepath.Join("..", "rules", "elastic", label, "discovery_tool_enumeration.toml"))
	if err != nil || len(set.Rules) != 1 {
		t.Fatalf("seed rule %s: %v %v", label, err, set.Diags.Render())
	}
	p, errs := eval.CompileRule(set.Rules[0], eval.Options{})
	if p == nil {
		t.Fatal(errs.Render())
	}
	return &EQLProgram{Program: p}
}

// seedRules returns both versions of the seed rule: the EQL rule on the
// reference evaluator and the fixture Falco translations (or the file given
// for both). The fixtures keep these tests independent of the translator.
func seedRules(t testing.TB, falcoFixture string) []*Rule {
	var rules []*Rule
	for _, label := range seedLabels {
		name := falcoFixture
		if name == "" {
			name = "seed-" + label + ".yaml"
		}
		f := loadFixture(t, name)
		rules = append(rules, &Rule{Label: label + "/discovery_tool_enumeration", Name: "seed",
			Path: filepath.Join("..", "rules", "elastic", label, "discovery_tool_enumeration.toml"),
			EQL:  seedEQL(t, label), Falco: f.Set.Rules[0], FalcoFile: f})
	}
	return rules
}

// The whole corpus through Parity: the fixture translations agree with the
// EQL rule on every event, and every expectation holds.
func TestParityCorpus(t *testing.T) {
	rep, err := Parity(context.Background(), corpus(t), seedRules(t, ""), ParityOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Failed() {
		var b bytes.Buffer
		_ = rep.WriteText(&b)
		t.Fatalf("parity fails on the corpus:\n%s", b.String())
	}
	for _, tot := range rep.Totals() {
		if tot.EQLMatches == 0 || tot.EQLMatches != tot.FalcoMatches || tot.Expected == 0 || tot.Agreements != tot.Events {
			t.Errorf("%+v", tot)
		}
	}
}

// A naive translation disagrees with the rule, and the report shows each
// disagreement with the document, the Falco values and both traces. An
// exceptions file excuses exactly the cases it lists.
func TestParityReportsDisagreements(t *testing.T) {
	c := openScenario(t, "shell-unlisted.yaml")
	rules := seedRules(t, "seed-naive.yaml")[:1]
	res, err := Run(c, rules, Options{})
	if err != nil {
		t.Fatal(err)
	}
	rr := res.Rules[0]
	// The python3 which script: comm which (proc.name), process.name
	// python3.11. The naive rule matches it, the EQL rule does not; and
	// misses rbash (comm which, executable bash, args /usr/local/...).
	var got []string
	for _, d := range rr.Disagreements {
		got = append(got, fmt.Sprintf("eql=%v falco=%v", d.EQL, d.Falco))
		if d.Document == nil || len(d.FalcoValues) == 0 || d.FalcoTrace == "" || d.EQLTrace == "" {
			t.Errorf("incomplete disagreement: %+v", d)
		}
	}
	if len(got) == 0 {
		t.Fatal("the naive translation agrees with the rule on shell-unlisted.yaml")
	}
	if len(rr.Failed) != 0 {
		t.Errorf("the EQL side fails expectations: %+v", rr.Failed)
	}
	first := rr.Disagreements[0]

	var text bytes.Buffer
	rep := &Report{Results: []*Result{res}}
	if err := rep.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"DISAGREEMENT " + first.Case, "ECS document:", "process.name: ", "Falco fields:",
		"proc.name=", "EQL explain:", "Falco explain:", "parity FAIL"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text report lacks %q:\n%s", want, text.String())
		}
	}
	if !rep.Failed() {
		t.Error("a report with disagreements passes")
	}

	// Excuse every case but the first: still failing; excuse all: passing.
	var yml strings.Builder
	for _, d := range rr.Disagreements[1:] {
		fmt.Fprintf(&yml, "- case: %s\n  reason: test\n", d.Case)
	}
	yml.WriteString("- case: stale case\n  reason: no longer happens\n")
	x, err := ParseExceptions("exceptions.yaml", []byte(yml.String()))
	if err != nil {
		t.Fatal(err)
	}
	res, _ = Run(c, rules, Options{Exceptions: x})
	rep = &Report{Results: []*Result{res}, Exceptions: x}
	if !rep.Failed() || res.Rules[0].Unexcused() != 1 {
		t.Errorf("%d unexcused, want 1", res.Rules[0].Unexcused())
	}
	if u := x.Unused(); len(u) != 1 || u[0].Case != "stale case" {
		t.Errorf("unused exceptions: %v", u)
	}
	fmt.Fprintf(&yml, "- case: %s\n  reason: test\n", first.Case)
	x, _ = ParseExceptions("exceptions.yaml", []byte(yml.String()))
	res, _ = Run(c, rules, Options{Exceptions: x})
	rep = &Report{Results: []*Result{res}, Exceptions: x}
	if rep.Failed() {
		t.Error("every disagreement is excused, yet the report fails")
	}

	var js bytes.Buffer
	if err := rep.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	var out struct {
		Pass          bool
		Disagreements []struct {
			Case    string
			Excused string
		}
		UnusedExceptions []string `json:"unused_exceptions"`
	}
	if err := json.Unmarshal(js.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	if !out.Pass || len(out.Disagreements) != len(rr.Disagreements) || out.Disagreements[0].Excused != "test" ||
		!slices.Equal(out.UnusedExceptions, []string{"stale case"}) {
		t.Errorf("JSON report: %s", js.String())
	}
}

// Expectations are checked against the EQL verdict on their own: an EQL
// side that never matches fails every positive expectation even when the
// Falco side agrees with it.
func TestExpectationsCatchCommonBugs(t *testing.T) {
	c := openScenario(t, "which-elf-binary.yaml")
	rules := seedRules(t, "")
	never := &Rule{Label: rules[0].Label, EQL: stubEQL{}, Falco: rules[0].Falco, FalcoFile: rules[0].FalcoFile}
	res, err := Run(c, []*Rule{never}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if f := res.Rules[0].Failed; len(f) != 1 || !f[0].Want || f[0].Got {
		t.Errorf("expectation failures: %+v", f)
	}
}

func TestExceptionsFileErrors(t *testing.T) {
	for _, c := range []struct{ src, err string }{
		{"- case: a\n", "without a reason"},
		{"- reason: b\n", "without a case"},
		{"- case: a\n  reason: b\n  extra: c\n", `unknown key "extra"`},
		{"- case: a\n  reason: b\n- case: a\n  reason: c\n", "listed twice"},
		{"case: a\n", "a sequence"},
		{"- [a]\n", "a mapping"},
	} {
		_, err := ParseExceptions("x.yaml", []byte(c.src))
		if err == nil || !strings.Contains(err.Error(), c.err) || !strings.HasPrefix(err.Error(), "x.yaml:") {
			t.Errorf("%q: %v, want %q", c.src, err, c.err)
		}
	}
	for _, src := range []string{"", "# nothing yet\n", "[]\n"} {
		x, err := ParseExceptions("x.yaml", []byte(src))
		if err != nil || len(x.Entries) != 0 {
			t.Errorf("%q: %v", src, err)
		}
	}
}

// The shipped exceptions file is valid, and every entry in it is used by
// the corpus (a stale entry must be removed).
func TestShippedExceptions(t *testing.T) {
	x, err := LoadExceptions("exceptions.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Parity(context.Background(), corpus(t), seedRules(t, ""), ParityOptions{Exceptions: x}); err != nil {
		t.Fatal(err)
	}
	for _, e := range x.Unused() {
		t.Errorf("exceptions.yaml:%d: %q is not used by the scenario corpus", e.Line, e.Case)
	}
}

func TestRuleNames(t *testing.T) {
	r := &Rule{Label: "discovery_tool_enumeration", Path: "../../rules/elastic/current/discovery_tool_enumeration.toml"}
	for entry, want := range map[string]bool{
		"current": true, "discovery_tool_enumeration": true, "current/discovery_tool_enumeration": true,
		"elastic/current": true, "pre-d910d41": false, "curr": false, "current/x": false, "rules/current": false,
		"discovery_tool_enumeration.toml": false,
	} {
		if got := r.Names(entry); got != want {
			t.Errorf("Names(%q) = %v", entry, got)
		}
	}
}

// A translated rule parity could not test fails the report.
func TestUntestedRuleFailsTheReport(t *testing.T) {
	rep := &Report{Refused: []string{"a"}}
	if rep.Failed() {
		t.Error("a rule the translator refused fails the report")
	}
	rep.Untested = []string{"b"}
	if !rep.Failed() || !strings.Contains(rep.Summary(), "1 rule not translated; 1 translated rule untested (b)") {
		t.Errorf("untested: %s", rep.Summary())
	}
}

func TestExpectationVerdicts(t *testing.T) {
	r := &Rule{Label: "current/discovery_tool_enumeration"}
	other := &Rule{Label: "linux/other_rule"}
	for _, c := range []struct {
		v             any
		match, stated bool
		err, parseErr string
		otherUnstated bool
	}{
		{v: map[string]any{"current": true, "pre-d910d41": false}, match: true, stated: true, otherUnstated: true},
		{v: map[string]any{"discovery_tool_enumeration": false}, stated: true, otherUnstated: true},
		{v: map[string]any{"discovery_tool_enumeration": true, "current": true}, match: true, stated: true, otherUnstated: true},
		{v: map[string]any{"discovery_tool_enumeration": true, "current": false}, err: "states both"},
		{v: []any{"current"}, parseErr: "want a mapping"},
		{v: map[string]any{"current": "yes"}, parseErr: "want true or false"},
	} {
		x, err := parseVerdicts(c.v)
		if c.parseErr != "" {
			if err == nil || !strings.Contains(err.Error(), c.parseErr) {
				t.Errorf("%v: %v, want %q", c.v, err, c.parseErr)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		m, stated, err := x.verdict(r)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%v: %v, want %q", c.v, err, c.err)
			}
			continue
		}
		if err != nil || m != c.match || stated != c.stated {
			t.Errorf("%v: %v %v %v", c.v, m, stated, err)
		}
		if _, s, _ := x.verdict(other); s == c.otherUnstated {
			t.Errorf("%v: another rule is constrained: %v", c.v, s)
		}
	}
}

// The summary counts in English: "1 rule", not "1 rules".
func TestSummaryPlurals(t *testing.T) {
	rep := &Report{Results: []*Result{{Capture: "c.scap", Events: 1, Rules: []*RuleResult{{Rule: &Rule{Label: "r"}, Agreements: 1, Expected: 1}}}}}
	want := "parity PASS: 1 rule, 1 capture, 1 rule-event verdict compared; 0 disagreements (0 excused); 1 of 1 expectation met"
	if got := rep.Summary(); got != want {
		t.Errorf("summary\n got %s\nwant %s", got, want)
	}
}
