package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/eql2falco/eql2falco/diag"
	"github.com/eql2falco/eql2falco/elastic"
	"github.com/eql2falco/eql2falco/eql"
	"github.com/eql2falco/eql2falco/eql/eval"
	"github.com/eql2falco/eql2falco/falco/rulesfile"
	"github.com/eql2falco/eql2falco/translate"
)

// Diagnostic codes of LoadRules.
const (
	// CodeNotTranslated is a warning: the translator refused the rule (its
	// own diagnostics say why), so parity cannot test it.
	CodeNotTranslated = "parity/not-translated"
	// CodeNotEvaluated is an error: the reference evaluator refuses a rule
	// the translator accepted, so there is no oracle for it.
	CodeNotEvaluated = "parity/not-evaluated"
	// CodeGenerated is an error: the generated Falco rules file does not
	// load with the embedded evaluator's catalog.
	CodeGenerated = "parity/generated-rules"
)

// LoadRules reads Elastic rules (detection-rules TOML files, Kibana NDJSON
// exports, or directories of them) and makes a Rule of each EQL rule: the
// query compiled by the reference evaluator (package eql/eval), and the
// Falco rules file the translator writes for it alone (package translate),
// loaded as Falco would load it. A rule the translator refuses is left out
// with a warning (CodeNotTranslated) after the translator's errors; rules in
// other languages are left out silently, and the translator's lint warnings
// are not repeated. err is set
// when a path cannot be read at all.
//
// A rule's label is the path of its file below the directory given, without
// extension ("current/discovery_tool_enumeration"); for a file given
// directly, its name without extension. A file holding several rules (an
// NDJSON export) adds "/<rule_id>".
func LoadRules(paths ...string) ([]*Rule, diag.List, error) {
	var rules []*Rule
	var ds diag.List
	labels := map[string]string{}
	for _, root := range paths {
		st, err := os.Stat(root)
		if err != nil {
			return nil, nil, err
		}
		set, err := elastic.Load(root)
		if err != nil {
			return nil, nil, err
		}
		perFile := map[string]int{}
		for _, r := range set.Rules {
			perFile[r.Path]++
		}
		ds = append(ds, set.Diags.Errors()...)
		for _, r := range set.Rules {
			label := ruleLabel(root, st.IsDir(), r, perFile[r.Path] > 1)
			if prev, dup := labels[label]; dup {
				return nil, nil, fmt.Errorf("%s and %s: two rules labelled %s", prev, r.Where(), label)
			}
			labels[label] = r.Where()
			// Each rule is translated alone: rules of a directory may share a
			// name (two versions of one rule), which one rules file refuses.
			var res *translate.Result
			q, errs := eql.ParseSource(r.Source)
			if q != nil {
				var more diag.List
				res, more = translate.Rule(r, q, translate.Options{})
				errs = append(errs, more...)
			}
			if res == nil {
				ds = append(ds, errs.Errors()...)
				ds = append(ds, diag.New(CodeNotTranslated, "rule %q (%s) was not translated: parity cannot test it", r.Name, label).
					At(diag.Pos{File: r.Path, Line: r.Line, Col: 1}).WithSeverity(diag.SeverityWarning))
				continue
			}
			p, errs := eval.CompileRule(r, eval.Options{})
			if p == nil {
				ds = append(ds, errs...)
				ds = append(ds, diag.New(CodeNotEvaluated, "rule %q (%s) was translated but the reference evaluator refuses it: there is no EQL verdict to compare with", r.Name, label).
					At(diag.Pos{File: r.Path, Line: r.Line, Col: 1}))
				continue
			}
			data, err := rulesfile.Marshal(res.File())
			if err != nil {
				return nil, nil, fmt.Errorf("%s: writing the Falco rule: %v", r.Where(), err)
			}
			ff, err := LoadFalcoRules(label+".yaml", data)
			if err != nil {
				ds = append(ds, diag.New(CodeGenerated, "rule %q (%s): %v", r.Name, label, err).At(diag.Pos{File: r.Path, Line: r.Line, Col: 1}))
				continue
			}
			if len(ff.Set.Rules) != 1 {
				return nil, nil, fmt.Errorf("%s: the translation holds %d rules, want 1", r.Where(), len(ff.Set.Rules))
			}
			path := r.Path
			if perFile[r.Path] > 1 {
				path += "/" + r.RuleID
			}
			rules = append(rules, &Rule{Label: label, Name: r.Name, Path: path, EQL: &EQLProgram{Program: p},
				Falco: ff.Set.Rules[0], FalcoFile: ff})
		}
	}
	return rules, ds, nil
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
