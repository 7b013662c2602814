package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/eql2falco/eql2falco/diag"
	"github.com/eql2falco/eql2falco/elastic"
	"github.com/eql2falco/eql2falco/elastic/eql"
	"github.com/eql2falco/eql2falco/elastic/eql/eval"
	"github.com/eql2falco/eql2falco/falco/rulesfile"
	"github.com/eql2falco/eql2falco/internal/plural"
	"github.com/eql2falco/eql2falco/translate"
)

// Diagnostic codes of LoadRules.
const (
	// CodeNotEvaluated: the reference evaluator refuses a rule the
	// translator accepted, so there is no EQL verdict to compare with.
	CodeNotEvaluated = "parity/not-evaluated"
	// CodeGenerated: the Falco rules file generated for a rule does not load
	// with the embedded evaluator's catalog.
	CodeGenerated = "parity/generated-rules"
)

// RuleSet is what LoadRules read.
type RuleSet struct {
	// Rules are the rules parity can test.
	Rules []*Rule
	// Refused are the rules the translator refused (with its diagnostics):
	// there is no Falco rule to test.
	Refused []*Unpaired
	// Untested are rules the translator accepted but parity cannot test
	// (CodeNotEvaluated, CodeGenerated): a translation without proof.
	Untested []*Unpaired
	// Diags are the errors of the input files (unreadable rules).
	Diags diag.List
}

// Unpaired is a rule left out of the comparison, and why.
type Unpaired struct {
	Label  string
	Source *elastic.Rule
	Diags  diag.List
}

// LoadRules reads Elastic rules (detection-rules TOML files, Kibana NDJSON
// exports, or directories of them) and makes a Rule of each EQL rule: the
// query compiled by the reference evaluator (package elastic/eql/eval), and the
// Falco rules file the translator writes for that rule alone (package
// translate: two versions of a rule share a name, which one file refuses),
// loaded as Falco would load it. Rules in other languages are left out;
// the translator's lint warnings are not repeated. err is set when a path
// cannot be read at all.
//
// A rule's label is the path of its file below the directory given, without
// extension ("current/discovery_tool_enumeration"); for a file given
// directly, its name without extension. A file holding several rules (an
// NDJSON export) adds "/<rule_id>".
func LoadRules(paths ...string) (*RuleSet, error) {
	out := &RuleSet{}
	labels := map[string]string{}
	for _, root := range paths {
		st, err := os.Stat(root)
		if err != nil {
			return nil, err
		}
		set, err := elastic.Load(root)
		if err != nil {
			return nil, err
		}
		out.Diags = append(out.Diags, set.Diags.Errors()...)
		perFile := map[string]int{}
		for _, r := range set.Rules {
			perFile[r.Path]++
		}
		for _, r := range set.Rules {
			shared := perFile[r.Path] > 1
			label := ruleLabel(root, st.IsDir(), r, shared)
			if prev, dup := labels[label]; dup {
				return nil, fmt.Errorf("%s and %s: two rules labelled %s", prev, r.Where(), label)
			}
			labels[label] = r.Where()
			if err := out.add(r, label, shared); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// add translates and compiles one rule.
func (s *RuleSet) add(r *elastic.Rule, label string, shared bool) error {
	var res *translate.Result
	q, errs := eql.ParseSource(r.Source)
	if q != nil {
		var more diag.List
		res, more = translate.Rule(r, q, translate.Options{})
		errs = append(errs, more...)
	}
	if res == nil {
		s.Refused = append(s.Refused, &Unpaired{Label: label, Source: r, Diags: errs.Errors()})
		return nil
	}
	at := diag.Pos{File: r.Path, Line: r.Line, Col: 1}
	p, errs := eval.CompileRule(r, eval.Options{})
	if p == nil {
		s.Untested = append(s.Untested, &Unpaired{Label: label, Source: r, Diags: append(errs.Errors(),
			diag.New(CodeNotEvaluated, "rule %q was translated but the reference evaluator refuses it: there is no EQL verdict to compare with", r.Name).At(at))})
		return nil
	}
	data, err := rulesfile.Marshal(res.File())
	if err != nil {
		return fmt.Errorf("%s: writing the Falco rule: %w", r.Where(), err)
	}
	ff, err := LoadFalcoRules(label+".yaml", data)
	if err == nil && len(ff.Set.Rules) != 1 {
		err = fmt.Errorf("the translation holds %s, want 1", plural.Count(len(ff.Set.Rules), "rule"))
	}
	if err != nil {
		s.Untested = append(s.Untested, &Unpaired{Label: label, Source: r,
			Diags: diag.List{diag.New(CodeGenerated, "rule %q: %v", r.Name, err).At(at)}})
		return nil
	}
	path := r.Path
	if shared {
		path += "/" + r.RuleID
	}
	s.Rules = append(s.Rules, &Rule{Label: label, Name: r.Name, Path: path, EQL: &EQLProgram{Program: p, View: ViewOf(r)},
		Falco: ff.Set.Rules[0], FalcoFile: ff})
	return nil
}

// ruleLabel names a rule (see LoadRules).
func ruleLabel(root string, dir bool, r *elastic.Rule, shared bool) string {
	name := filepath.Base(r.Path)
	if dir {
		if rel, err := filepath.Rel(root, r.Path); err == nil {
			name = rel
		}
	}
	name = strings.TrimSuffix(filepath.ToSlash(name), filepath.Ext(name))
	if shared {
		name += "/" + r.RuleID
	}
	return name
}
