package e2e

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/eql2falco/eql2falco/internal/plural"
)

// Report gathers the results of a parity run.
type Report struct {
	Results []*Result
	// Falco is the version of the real Falco that ran, empty when none did.
	Falco string
	// Exceptions is the exceptions file used (nil when none).
	Exceptions *Exceptions
	// Refused and Untested are the labels of rules left out of the
	// comparison (RuleSet): refused by the translator, or translated but
	// not comparable. An untested translation fails the report.
	Refused, Untested []string
}

// Totals sums a report per rule label.
type Totals struct {
	Rule                                 string
	Captures                             int
	Events, Execs, Documents             uint64
	EQLMatches, FalcoMatches, Agreements uint64
	Real                                 bool
	RealMatches                          uint64
	Disagreements, Excused               int
	Expected                             uint64
	ExpectFailed                         int
}

// Totals returns one line per rule, in the order rules first appear.
func (r *Report) Totals() []*Totals {
	var out []*Totals
	by := map[string]*Totals{}
	for _, res := range r.Results {
		for _, rr := range res.Rules {
			t := by[rr.Rule.Label]
			if t == nil {
				t = &Totals{Rule: rr.Rule.Label}
				by[rr.Rule.Label] = t
				out = append(out, t)
			}
			t.Captures++
			t.Events += res.Events
			t.Execs += res.Execs
			t.Documents += res.Documents
			t.EQLMatches += rr.EQLMatches
			t.FalcoMatches += rr.FalcoMatches
			t.Agreements += rr.Agreements
			t.Real = t.Real || rr.Real
			t.RealMatches += rr.RealMatches
			u := rr.Unexcused()
			t.Disagreements += u
			t.Excused += len(rr.Disagreements) - u
			t.Expected += rr.Expected
			t.ExpectFailed += len(rr.Failed)
		}
	}
	return out
}

// Failed reports whether the run found an unexcused disagreement, an
// expectation failure, or a translated rule it could not test.
func (r *Report) Failed() bool {
	if len(r.Untested) > 0 {
		return true
	}
	for _, t := range r.Totals() {
		if t.Disagreements > 0 || t.ExpectFailed > 0 {
			return true
		}
	}
	return false
}

// WriteText writes the parity table (one row per rule and capture), every
// disagreement and expectation failure in detail, the totals per rule, and
// a summary line.
func (r *Report) WriteText(w io.Writer) error {
	real := r.Falco != ""
	header := func(second string) []string {
		h := []string{"rule", second, "events", "execs", "docs", "EQL", "Falco"}
		if real {
			h = append(h, "real Falco "+r.Falco)
		}
		return append(h, "agree", "disagree", "excused", "expect")
	}
	cells := func(rule, second string, events, execs, docs, eqlM, falcoM, realM, agree uint64, realRan bool, dis, exc int, expected uint64, failed int) []string {
		fields := []string{rule, second, u(events), u(execs), u(docs), u(eqlM), u(falcoM)}
		if real {
			if realRan {
				fields = append(fields, u(realM))
			} else {
				fields = append(fields, "-")
			}
		}
		exp := "-"
		if expected > 0 {
			exp = fmt.Sprintf("%d/%d", expected-uint64(failed), expected)
		}
		return append(fields, u(agree), strconv.Itoa(dis), strconv.Itoa(exc), exp)
	}
	totals := r.Totals()
	rows := [][]string{header("capture")}
	for _, t := range totals {
		for _, res := range r.Results {
			for _, rr := range res.Rules {
				if rr.Rule.Label == t.Rule {
					un := rr.Unexcused()
					rows = append(rows, cells(t.Rule, res.Capture, res.Events, res.Execs, res.Documents, rr.EQLMatches,
						rr.FalcoMatches, rr.RealMatches, rr.Agreements, rr.Real, un, len(rr.Disagreements)-un, rr.Expected, len(rr.Failed)))
				}
			}
		}
	}
	if err := writeTable(w, rows, 2); err != nil {
		return err
	}
	for _, res := range r.Results {
		for _, rr := range res.Rules {
			for _, d := range rr.Disagreements {
				writeDisagreement(w, d)
			}
			for _, f := range rr.Failed {
				fmt.Fprintf(w, "\nEXPECTATION FAILED %s: %s, evt.num %d: the scenario expects %s, the EQL rule gives %s\n",
					rr.Rule.Label, f.Exec, f.Num, verdict(f.Want), verdict(f.Got))
			}
		}
	}
	for _, e := range r.Exceptions.Unused() {
		fmt.Fprintf(w, "\nwarning: %s:%d: exception %q was not used (the difference is gone or the capture was not run)\n", r.Exceptions.Path, e.Line, e.Case)
	}
	rows = [][]string{header("captures")}
	for _, t := range totals {
		rows = append(rows, cells(t.Rule, strconv.Itoa(t.Captures), t.Events, t.Execs, t.Documents, t.EQLMatches, t.FalcoMatches,
			t.RealMatches, t.Agreements, t.Real, t.Disagreements, t.Excused, t.Expected, t.ExpectFailed))
	}
	fmt.Fprintln(w)
	if err := writeTable(w, rows, 1); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, "\n"+r.Summary())
	return err
}

// Summary is a one-line verdict of the run.
func (r *Report) Summary() string {
	var events uint64
	dis, exc, failed, expected, rules := 0, 0, 0, uint64(0), 0
	for _, t := range r.Totals() {
		rules++
		events += t.Events
		dis += t.Disagreements
		exc += t.Excused
		failed += t.ExpectFailed
		expected += t.Expected
	}
	verdict := "PASS"
	if r.Failed() {
		verdict = "FAIL"
	}
	out := fmt.Sprintf("parity %s: %s, %s, %s compared; %s (%d excused); %d of %s met",
		verdict, plural.Count(rules, "rule"), plural.Count(len(r.Results), "capture"), plural.Count(int(events), "rule-event verdict"),
		plural.Count(dis, "disagreement"), exc, int(expected)-failed, plural.Count(int(expected), "expectation"))
	if len(r.Refused) > 0 {
		out += fmt.Sprintf("; %s not translated", plural.Count(len(r.Refused), "rule"))
	}
	if len(r.Untested) > 0 {
		out += fmt.Sprintf("; %s untested (%s)", plural.Count(len(r.Untested), "translated rule"), strings.Join(r.Untested, ", "))
	}
	return out
}

// writeTable writes rows as aligned columns: the first left columns
// left-aligned, the others (numbers) right-aligned.
func writeTable(w io.Writer, rows [][]string, left int) error {
	var width []int
	for _, r := range rows {
		for i, c := range r {
			if i == len(width) {
				width = append(width, 0)
			}
			width[i] = max(width[i], utf8.RuneCountInString(c))
		}
	}
	var b strings.Builder
	for _, r := range rows {
		for i, c := range r {
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(c))
			if i > 0 {
				b.WriteString("  ")
			}
			if i < left {
				b.WriteString(c)
				if i < len(r)-1 {
					b.WriteString(pad)
				}
			} else {
				b.WriteString(pad + c)
			}
		}
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func u(n uint64) string { return strconv.FormatUint(n, 10) }

func verdict(match bool) string {
	if match {
		return "a match"
	}
	return "no match"
}

func writeDisagreement(w io.Writer, d *Disagreement) {
	title := "DISAGREEMENT"
	if d.Excused != "" {
		title = "EXCUSED DISAGREEMENT"
	}
	fmt.Fprintf(w, "\n%s %s\n", title, d.Case)
	fmt.Fprintf(w, "  event: %s\n", d.Event)
	vs := fmt.Sprintf("EQL %s, Falco (embedded) %s", verdict(d.EQL), verdict(d.Falco))
	if d.Real != nil {
		vs += ", Falco (real) " + verdict(*d.Real)
	}
	fmt.Fprintf(w, "  verdicts: %s\n", vs)
	if d.Excused != "" {
		fmt.Fprintf(w, "  excused: %s\n", d.Excused)
	}
	if d.EQLError != "" {
		fmt.Fprintf(w, "  EQL error: %s\n", d.EQLError)
	}
	if d.Document == nil {
		fmt.Fprintf(w, "  ECS document: none (not a successful exec)\n")
	} else {
		fmt.Fprintf(w, "  ECS document:\n")
		keys := make([]string, 0, len(d.Document))
		for k := range d.Document {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(w, "    %s: %s\n", k, renderValue(d.Document[k]))
		}
	}
	if len(d.FalcoValues) > 0 {
		fmt.Fprintf(w, "  Falco fields:\n")
		for _, v := range d.FalcoValues {
			fmt.Fprintf(w, "    %s\n", v)
		}
	}
	if d.EQLTrace != "" {
		fmt.Fprintf(w, "  EQL explain:\n%s", indent(d.EQLTrace, "    "))
	}
	if d.FalcoTrace != "" {
		fmt.Fprintf(w, "  Falco explain:\n%s", indent(d.FalcoTrace, "    "))
	}
}

func indent(s, pre string) string {
	s = strings.TrimRight(s, "\n")
	return pre + strings.ReplaceAll(s, "\n", "\n"+pre) + "\n"
}

// JSON form of a report, for CI.
type jsonReport struct {
	Pass             bool            `json:"pass"`
	Summary          string          `json:"summary"`
	Falco            string          `json:"falco,omitempty"`
	Totals           []*jsonRow      `json:"totals"`
	Results          []*jsonRow      `json:"results"`
	Disagreements    []*jsonDisagree `json:"disagreements"`
	Expectations     []*jsonExpect   `json:"expectation_failures"`
	UnusedExceptions []string        `json:"unused_exceptions"`
	Refused          []string        `json:"not_translated"`
	Untested         []string        `json:"untested"`
}

type jsonRow struct {
	Rule          string  `json:"rule"`
	Capture       string  `json:"capture,omitempty"`
	Captures      int     `json:"captures,omitempty"`
	Events        uint64  `json:"events"`
	Execs         uint64  `json:"execs"`
	Documents     uint64  `json:"documents"`
	EQLMatches    uint64  `json:"eql_matches"`
	FalcoMatches  uint64  `json:"falco_matches"`
	RealMatches   *uint64 `json:"real_falco_matches,omitempty"`
	Agreements    uint64  `json:"agreements"`
	Disagreements int     `json:"disagreements"`
	Excused       int     `json:"excused"`
	Expected      uint64  `json:"expectations"`
	ExpectFailed  int     `json:"expectations_failed"`
}

type jsonDisagree struct {
	Rule        string         `json:"rule"`
	Capture     string         `json:"capture"`
	Case        string         `json:"case"`
	EvtNum      uint64         `json:"evt_num"`
	Event       string         `json:"event"`
	EQL         bool           `json:"eql"`
	Falco       bool           `json:"falco"`
	Real        *bool          `json:"real_falco,omitempty"`
	EQLError    string         `json:"eql_error,omitempty"`
	Document    map[string]any `json:"document"`
	FalcoValues []string       `json:"falco_fields"`
	EQLTrace    string         `json:"eql_explain,omitempty"`
	FalcoTrace  string         `json:"falco_explain,omitempty"`
	Excused     string         `json:"excused,omitempty"`
}

type jsonExpect struct {
	Rule    string `json:"rule"`
	Capture string `json:"capture"`
	Exec    string `json:"exec"`
	EvtNum  uint64 `json:"evt_num"`
	Want    bool   `json:"want_match"`
	Got     bool   `json:"eql_match"`
}

// WriteJSON writes the report as one JSON object.
func (r *Report) WriteJSON(w io.Writer) error {
	out := jsonReport{Pass: !r.Failed(), Summary: r.Summary(), Falco: r.Falco,
		Totals: []*jsonRow{}, Results: []*jsonRow{}, Disagreements: []*jsonDisagree{},
		Expectations: []*jsonExpect{}, UnusedExceptions: []string{},
		Refused: append([]string{}, r.Refused...), Untested: append([]string{}, r.Untested...)}
	for _, t := range r.Totals() {
		row := &jsonRow{Rule: t.Rule, Captures: t.Captures, Events: t.Events, Execs: t.Execs, Documents: t.Documents,
			EQLMatches: t.EQLMatches, FalcoMatches: t.FalcoMatches, Agreements: t.Agreements,
			Disagreements: t.Disagreements, Excused: t.Excused, Expected: t.Expected, ExpectFailed: t.ExpectFailed}
		if t.Real {
			n := t.RealMatches
			row.RealMatches = &n
		}
		out.Totals = append(out.Totals, row)
	}
	for _, res := range r.Results {
		for _, rr := range res.Rules {
			un := rr.Unexcused()
			row := &jsonRow{Rule: rr.Rule.Label, Capture: res.Capture, Events: res.Events, Execs: res.Execs,
				Documents: res.Documents, EQLMatches: rr.EQLMatches, FalcoMatches: rr.FalcoMatches,
				Agreements: rr.Agreements, Disagreements: un, Excused: len(rr.Disagreements) - un,
				Expected: rr.Expected, ExpectFailed: len(rr.Failed)}
			if rr.Real {
				n := rr.RealMatches
				row.RealMatches = &n
			}
			out.Results = append(out.Results, row)
			for _, d := range rr.Disagreements {
				out.Disagreements = append(out.Disagreements, &jsonDisagree{
					Rule: rr.Rule.Label, Capture: res.Capture, Case: d.Case, EvtNum: d.Num, Event: d.Event,
					EQL: d.EQL, Falco: d.Falco, Real: d.Real, EQLError: d.EQLError, Document: d.Document,
					FalcoValues: d.FalcoValues, EQLTrace: d.EQLTrace, FalcoTrace: d.FalcoTrace, Excused: d.Excused})
			}
			for _, f := range rr.Failed {
				out.Expectations = append(out.Expectations, &jsonExpect{Rule: rr.Rule.Label, Capture: res.Capture,
					Exec: f.Exec, EvtNum: f.Num, Want: f.Want, Got: f.Got})
			}
		}
	}
	for _, e := range r.Exceptions.Unused() {
		out.UnusedExceptions = append(out.UnusedExceptions, e.Case)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
