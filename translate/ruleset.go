package translate

import (
	"github.com/eql2falco/eql2falco/diag"
	"github.com/eql2falco/eql2falco/elastic"
	"github.com/eql2falco/eql2falco/elastic/eql"
	"github.com/eql2falco/eql2falco/falco/catalog"
	"github.com/eql2falco/eql2falco/falco/condition"
	"github.com/eql2falco/eql2falco/falco/rulesfile"
	"github.com/eql2falco/eql2falco/plugin/ecs"
)

// Status is what became of an input rule.
type Status string

// Statuses of the coverage report.
const (
	Translated Status = "translated" // a Falco rule was produced
	Refused    Status = "refused"    // no exact translation: see the diagnostics
	Skipped    Status = "skipped"    // not an EQL rule (kuery, esql, new_terms, ...)
	Invalid    Status = "invalid"    // the query does not parse
)

// Outcome is the translation of one input rule.
type Outcome struct {
	Rule   *elastic.Rule
	Status Status
	Result *Result    // when Translated
	Diags  diag.List  // errors (refusals, parse errors) and warnings
	Query  *eql.Query // when the query parsed
}

// Set is the translation of a set of rules into one Falco rules file.
type Set struct {
	Outcomes []*Outcome // input order: EQL rules, then skipped ones
	// Diags are the diagnostics of reading the inputs (elastic.Set.Diags).
	Diags diag.List
}

// Rules translates every rule of set into one rules file: each EQL rule is
// parsed and translated; rules in other languages are recorded as skipped.
func Rules(set *elastic.Set, opts Options) *Set {
	t := newTranslator(opts)
	out := &Set{Diags: set.Diags}
	for _, r := range set.Rules {
		o := &Outcome{Rule: r}
		q, errs := eql.ParseSource(r.Source)
		o.Diags = errs
		if q == nil {
			o.Status = Invalid
		} else {
			o.Query = q
			res, ds := t.rule(r, q)
			o.Diags = append(o.Diags, ds...)
			if res == nil {
				o.Status = Refused
			} else {
				o.Status, o.Result = Translated, res
			}
		}
		out.Outcomes = append(out.Outcomes, o)
	}
	for _, r := range set.Skipped {
		out.Outcomes = append(out.Outcomes, &Outcome{Rule: r, Status: Skipped})
	}
	return out
}

// Results returns the translated rules in input order.
func (s *Set) Results() []*Result {
	var out []*Result
	for _, o := range s.Outcomes {
		if o.Result != nil {
			out = append(out, o.Result)
		}
	}
	return out
}

// Count returns the number of rules with the status.
func (s *Set) Count(st Status) int {
	n := 0
	for _, o := range s.Outcomes {
		if o.Status == st {
			n++
		}
	}
	return n
}

// File returns the rules file of the translated rules, with header lines
// (provenance) before the items.
func (s *Set) File(header []string) *rulesfile.File { return buildFile(header, s.Results()) }

// buildFile assembles a rules file: required_engine_version (the oldest
// engine that loads every rule), required_plugin_versions (ecs), then each
// rule preceded by its lists.
func buildFile(header []string, rs []*Result) *rulesfile.File {
	minFalco := catalog.MinFalco()
	for _, r := range rs {
		if minFalco.Less(r.MinFalco) {
			minFalco = r.MinFalco
		}
	}
	f := &rulesfile.File{Header: header, Items: []rulesfile.Item{
		&rulesfile.EngineVersion{Version: engineVersion(minFalco).String()},
		&rulesfile.PluginVersions{Plugins: []rulesfile.PluginRequirement{{Name: ecs.PluginName, Version: ecs.PluginVersion}}},
	}}
	for _, r := range rs {
		for _, l := range r.Lists {
			f.Items = append(f.Items, l)
		}
		f.Items = append(f.Items, r.Rule)
	}
	return f
}

// engineVersion is the rules engine version of a Falco release, and at least
// the plugin's.
func engineVersion(falco condition.Version) condition.Version {
	v := rulesfile.EngineFor(falco)
	if min, err := condition.ParseVersion(ecs.MinEngineVersion); err == nil && v.Less(min) {
		v = min
	}
	return v
}
