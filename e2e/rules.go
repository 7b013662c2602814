package e2e

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/eql2falco/eql2falco/falco/rulesfile"
	"github.com/eql2falco/eql2falco/plugin/ecs"
)

// EQL is the EQL side of a rule: a compiled single-event query evaluated on
// ECS documents with Elasticsearch's semantics (package elastic/eql/eval).
type EQL interface {
	// Match reports whether the query matches the document.
	Match(d *Doc) (bool, error)
	// Explain renders the verdict of every node on the document.
	Explain(d *Doc) string
}

// FieldLister is implemented by an EQL side that knows the fields it reads.
type FieldLister interface {
	Fields() []string
}

// Viewer is implemented by an EQL side whose documents are those of a view
// other than ViewD4C.
type Viewer interface {
	DocumentView() View
}

// viewOf returns the view of an EQL side's documents (ViewD4C unless it
// says otherwise), for reports.
func viewOf(e EQL) View {
	if v, ok := e.(Viewer); ok {
		return v.DocumentView()
	}
	return ViewD4C
}

// neededFields is the union of the fields the rules' EQL sides read, or nil
// when one of them does not say.
func neededFields(rules []*Rule) map[string]bool {
	need := map[string]bool{}
	for _, r := range rules {
		l, ok := r.EQL.(FieldLister)
		if !ok {
			return nil
		}
		for _, f := range l.Fields() {
			need[f] = true
		}
	}
	return need
}

// Rule is one rule under test: the source EQL rule and the Falco rule
// generated from it.
type Rule struct {
	// Label names the rule in reports, in scenario expectations
	// (expect: {match: {label: true}}) and in exception cases: the path of its
	// source file below the rules directory, without extension
	// ("current/discovery_tool_enumeration").
	Label string
	// Name is the rule's name (the Elastic rule name).
	Name string
	// Path is the rule's source file (with "/<rule_id>" appended when the
	// file holds several rules), for Names.
	Path string
	EQL  EQL
	// Falco is the generated rule, compiled with Catalog.
	Falco *rulesfile.CompiledRule
	// FalcoFile is the generated rules file the rule is in; a real Falco
	// loads it.
	FalcoFile *FalcoFile
}

// Names reports whether an expectation entry names the rule: its slash-
// separated segments appear, consecutive and whole, among the segments of
// the rule's label or of its path without extension.
func (r *Rule) Names(entry string) bool {
	want := strings.Split(strings.Trim(entry, "/"), "/")
	for _, p := range []string{r.Label, strings.TrimSuffix(filepath.ToSlash(r.Path), filepath.Ext(r.Path))} {
		segs := strings.Split(p, "/")
		for i := 0; i+len(want) <= len(segs); i++ {
			if slices.Equal(segs[i:i+len(want)], want) {
				return true
			}
		}
	}
	return false
}

// FalcoName is the rule's name in the generated rules file, the rule name of
// a real Falco's alerts.
func (r *Rule) FalcoName() string { return r.Falco.Rule.Name }

// FalcoFile is a generated Falco rules file.
type FalcoFile struct {
	Name string // file name, for diagnostics and for the copy a real Falco loads
	Data []byte
	Set  *rulesfile.Ruleset
}

// LoadFalcoRules checks and compiles a generated Falco rules file with the
// embedded evaluator's catalog, as Falco would load it with the ecs plugin
// (this build's version) and the container plugin. It fails when the file
// has errors or when a rule uses a field the embedded evaluator does not
// compute (CheckFields).
func LoadFalcoRules(name string, data []byte) (*FalcoFile, error) {
	rs, ds := rulesfile.Load(name, data, rulesfile.Options{
		Catalog: Catalog(),
		Plugins: map[string]string{ecs.PluginName: ecs.PluginVersion, "container": "0.4.0"},
	})
	if ds.HasErrors() {
		return nil, fmt.Errorf("%s", strings.TrimRight(ds.Errors().Render(), "\n"))
	}
	var bad []string
	for _, r := range rs.Rules {
		if err := CheckFields(r.Program); err != nil {
			bad = append(bad, fmt.Sprintf("%s: rule %q: %v", name, r.Rule.Name, err))
		}
	}
	if len(bad) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(bad, "\n"))
	}
	return &FalcoFile{Name: name, Data: data, Set: rs}, nil
}
