package translate

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/eql2falco/eql2falco/diag"
	"github.com/eql2falco/eql2falco/elastic/eql"
	"github.com/eql2falco/eql2falco/falco/rulesfile"
)

// Report is the coverage report of a translation: every input rule with
// its status and reasons, and a summary by reason.
type Report struct {
	Summary Summary `json:"summary"`
	// Categories counts the EQL rules by the family of their query.
	Categories []CategoryCount `json:"categories"`
	Reasons    []Reason        `json:"reasons"`
	Rules      []RuleReport    `json:"rules"`
	// Inputs are the diagnostics of reading the input files.
	Inputs diag.List `json:"input_diagnostics,omitempty"`
}

// Summary counts rules by status.
type Summary struct {
	Rules      int `json:"rules"`
	Translated int `json:"translated"`
	Refused    int `json:"refused"`
	Skipped    int `json:"skipped"`
	Invalid    int `json:"invalid"`
}

// CategoryCount is the outcome of the EQL rules of one query family:
// "process", "file", "any" (any where), another event category, "sequence",
// "sample", or "unparsed".
type CategoryCount struct {
	Category   string `json:"category"`
	Rules      int    `json:"rules"`
	Translated int    `json:"translated"`
	Refused    int    `json:"refused"`
}

// categoryOf is the family of a rule's query.
func categoryOf(q *eql.Query) string {
	if q == nil {
		return "unparsed"
	}
	switch b := q.Body.(type) {
	case *eql.Sequence:
		return "sequence"
	case *eql.Sample:
		return "sample"
	case *eql.EventQuery:
		if b.Any {
			return "any"
		}
		return b.Category
	}
	return "unparsed"
}

// Reason is one reason rules were refused, skipped or invalid, with the
// number of rules it applies to (a rule may have several reasons).
type Reason struct {
	Code        string `json:"code"`
	Status      Status `json:"status"`
	Rules       int    `json:"rules"`
	Description string `json:"description"`
}

// RuleReport is one input rule in the report.
type RuleReport struct {
	File        string    `json:"file"`
	Line        int       `json:"line,omitempty"`
	Name        string    `json:"name"`
	RuleID      string    `json:"rule_id,omitempty"`
	Status      Status    `json:"status"`
	Category    string    `json:"category,omitempty"`
	Reasons     []string  `json:"reasons,omitempty"`
	Diagnostics diag.List `json:"diagnostics,omitempty"`
}

// skippedReason is the reason of a rule in another language.
func skippedReason(typ, lang string) string {
	if lang == "" || lang == typ {
		return "skipped: type " + typ
	}
	return "skipped: type " + typ + ", language " + lang
}

// Report builds the coverage report of s.
func (s *Set) Report() *Report {
	rep := &Report{Inputs: s.Diags, Rules: []RuleReport{}, Reasons: []Reason{}}
	type key struct {
		code   string
		status Status
	}
	counts := map[key]int{}
	cats := map[string]*CategoryCount{}
	for _, o := range s.Outcomes {
		rr := RuleReport{File: o.Rule.Path, Line: o.Rule.Line, Name: o.Rule.Name, RuleID: o.Rule.RuleID,
			Status: o.Status, Diagnostics: o.Diags}
		if o.Status != Skipped {
			rr.Category = categoryOf(o.Query)
			c := cats[rr.Category]
			if c == nil {
				c = &CategoryCount{Category: rr.Category}
				cats[rr.Category] = c
			}
			c.Rules++
			switch o.Status {
			case Translated:
				c.Translated++
			case Refused:
				c.Refused++
			}
		}
		switch o.Status {
		case Translated:
			rep.Summary.Translated++
		case Refused:
			rep.Summary.Refused++
		case Skipped:
			rep.Summary.Skipped++
			rr.Reasons = []string{skippedReason(o.Rule.Type, o.Rule.Language)}
		case Invalid:
			rep.Summary.Invalid++
		}
		if o.Status == Refused || o.Status == Invalid {
			seen := map[string]bool{}
			for _, d := range o.Diags {
				if d.Severity == diag.SeverityError && !seen[d.Code] {
					seen[d.Code] = true
					rr.Reasons = append(rr.Reasons, d.Code)
				}
			}
		}
		for _, c := range rr.Reasons {
			counts[key{c, o.Status}]++
		}
		rep.Rules = append(rep.Rules, rr)
	}
	rep.Summary.Rules = len(s.Outcomes)
	rep.Categories = []CategoryCount{}
	for _, c := range cats {
		rep.Categories = append(rep.Categories, *c)
	}
	sort.Slice(rep.Categories, func(i, j int) bool {
		a, b := rep.Categories[i], rep.Categories[j]
		if a.Rules != b.Rules {
			return a.Rules > b.Rules
		}
		return a.Category < b.Category
	})
	for k, n := range counts {
		rep.Reasons = append(rep.Reasons, Reason{Code: k.code, Status: k.status, Rules: n, Description: describeCode(k.code)})
	}
	sort.Slice(rep.Reasons, func(i, j int) bool {
		a, b := rep.Reasons[i], rep.Reasons[j]
		if a.Rules != b.Rules {
			return a.Rules > b.Rules
		}
		return a.Code < b.Code
	})
	return rep
}

func describeCode(code string) string {
	for _, c := range codes {
		if c.Code == code {
			return c.Summary
		}
	}
	switch {
	case strings.HasPrefix(code, "skipped:"):
		return "not an EQL rule"
	case strings.HasPrefix(code, "eql/"):
		return "the query does not parse"
	}
	return ""
}

// JSON renders the report as indented JSON.
func (r *Report) JSON() ([]byte, error) {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// Markdown renders the report as a Markdown document.
func (r *Report) Markdown() []byte {
	var b strings.Builder
	b.WriteString("# Translation report\n\n")
	fmt.Fprintf(&b, "| status | rules |\n|---|---:|\n| translated | %d |\n| refused | %d |\n| skipped | %d |\n| invalid | %d |\n| **total** | %d |\n\n",
		r.Summary.Translated, r.Summary.Refused, r.Summary.Skipped, r.Summary.Invalid, r.Summary.Rules)
	if len(r.Categories) > 0 {
		b.WriteString("## By query\n\n| query | rules | translated | refused |\n|---|---:|---:|---:|\n")
		for _, c := range r.Categories {
			q := c.Category + " where"
			if c.Category == "sequence" || c.Category == "sample" || c.Category == "unparsed" {
				q = c.Category
			}
			fmt.Fprintf(&b, "| %s | %d | %d | %d |\n", q, c.Rules, c.Translated, c.Refused)
		}
		b.WriteString("\n")
	}
	if len(r.Reasons) > 0 {
		b.WriteString("## Reasons\n\nA rule can have several reasons; each rule counts once per reason.\n\n")
		b.WriteString("| reason | status | rules | meaning |\n|---|---|---:|---|\n")
		for _, x := range r.Reasons {
			fmt.Fprintf(&b, "| `%s` | %s | %d | %s |\n", x.Code, x.Status, x.Rules, mdCell(x.Description))
		}
		b.WriteString("\n")
	}
	b.WriteString("## Rules\n\n| rule | file | status | reasons |\n|---|---|---|---|\n")
	for _, x := range r.Rules {
		where := x.File
		if x.Line > 0 {
			where = fmt.Sprintf("%s:%d", x.File, x.Line)
		}
		var reasons []string
		for _, c := range x.Reasons {
			reasons = append(reasons, "`"+c+"`")
		}
		fmt.Fprintf(&b, "| %s | `%s` | %s | %s |\n", mdCell(x.Name), where, x.Status, strings.Join(reasons, ", "))
	}
	if len(r.Inputs) > 0 {
		b.WriteString("\n## Input diagnostics\n\n```text\n")
		b.WriteString(r.Inputs.Render())
		b.WriteString("```\n")
	}
	return []byte(b.String())
}

// mdCell escapes text for a Markdown table cell.
func mdCell(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.ReplaceAll(s, "\n", " ")
}

// jsonRule is a translated rule in the JSON output.
type jsonRule struct {
	Rule      string     `json:"rule"`
	Desc      string     `json:"desc"`
	Condition string     `json:"condition"`
	Output    string     `json:"output"`
	Priority  string     `json:"priority"`
	Tags      []string   `json:"tags"`
	Source    string     `json:"source"`
	Lists     []jsonList `json:"lists,omitempty"`
	From      jsonFrom   `json:"from"`
	MinFalco  string     `json:"min_falco"`
}

type jsonList struct {
	List  string   `json:"list"`
	Items []string `json:"items"`
}

type jsonPlugin struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type jsonFrom struct {
	Name   string `json:"name"`
	RuleID string `json:"rule_id,omitempty"`
	File   string `json:"file"`
	Line   int    `json:"line,omitempty"`
}

// JSON renders the translated rules as JSON: the required versions of the
// rules file, then each rule with the lists it uses and where it came from.
func (s *Set) JSON() ([]byte, error) {
	f := s.File(nil)
	out := struct {
		Engine  string       `json:"required_engine_version"`
		Plugins []jsonPlugin `json:"required_plugin_versions"`
		Rules   []jsonRule   `json:"rules"`
	}{Rules: []jsonRule{}}
	for _, it := range f.Items {
		switch it := it.(type) {
		case *rulesfile.EngineVersion:
			out.Engine = it.Version
		case *rulesfile.PluginVersions:
			for _, p := range it.Plugins {
				out.Plugins = append(out.Plugins, jsonPlugin{p.Name, p.Version})
			}
		}
	}
	for _, r := range s.Results() {
		jr := jsonRule{Rule: r.Rule.Name, Desc: r.Rule.Desc, Condition: r.Rule.Condition, Output: r.Rule.Output,
			Priority: r.Rule.Priority, Tags: r.Rule.Tags, Source: r.Rule.Source, MinFalco: r.MinFalco.String(),
			From: jsonFrom{Name: r.Source.Name, RuleID: r.Source.RuleID, File: r.Source.Path, Line: r.Source.Line}}
		for _, l := range r.Lists {
			jr.Lists = append(jr.Lists, jsonList{List: l.Name, Items: l.Items})
		}
		out.Rules = append(out.Rules, jr)
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}
