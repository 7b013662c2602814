package elastic

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/eql2falco/eql2falco/diag"
)

// QueryPath is the Path of a rule made from a command-line query.
const QueryPath = "<query>"

// Set is what was read from rule inputs.
type Set struct {
	Rules   []*Rule   // EQL rules, in input order
	Skipped []*Rule   // rules in another language (kuery, esql, new_terms, ...), with their metadata
	Diags   diag.List // errors in the inputs, and infos for what was skipped
	Files   []string  // the rule files read, in input order
}

func (s *Set) merge(o *Set) {
	s.Rules = append(s.Rules, o.Rules...)
	s.Skipped = append(s.Skipped, o.Skipped...)
	s.Diags = append(s.Diags, o.Diags...)
	s.Files = append(s.Files, o.Files...)
}

// add files r as an EQL rule or a skipped one.
func (s *Set) add(r *Rule, at *diag.Error) {
	if r.IsEQL() {
		s.Rules = append(s.Rules, r)
		return
	}
	s.Skipped = append(s.Skipped, r)
	lang := r.Language
	if lang == "" {
		lang = "none"
	}
	at.Code = "rule/not-eql"
	at.Severity = diag.SeverityInfo
	at.Msg = fmt.Sprintf("rule %q is a %q rule (language %s), not EQL: skipped", r.Name, r.Type, lang)
	s.Diags = append(s.Diags, at)
}

// Extensions of the rule files Load reads.
const (
	ExtTOML   = ".toml"
	ExtNDJSON = ".ndjson"
	ExtJSONL  = ".jsonl"
)

// Load reads rule files and directory trees: detection-rules TOML files
// (.toml) and Kibana exports (.ndjson, .jsonl). Directories are walked in
// lexical order, skipping hidden ones and files of other extensions. The
// error is for paths that cannot be used at all (missing, unreadable, a file
// of another extension named explicitly); problems inside files are in
// Set.Diags.
func Load(paths ...string) (*Set, error) {
	set := &Set{}
	for _, path := range paths {
		info, err := os.Stat(path)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
			if !ruleFile(path) {
				return nil, fmt.Errorf("%s: not a rule file: expected %s, %s or %s", path, ExtTOML, ExtNDJSON, ExtJSONL)
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return nil, err
			}
			set.merge(Read(path, data))
			set.Files = append(set.Files, path)
			continue
		}
		found := 0
		err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				set.Diags.Add(diag.New("rule/read", "%v", err).At(diag.Pos{File: p}))
				return nil
			}
			if d.IsDir() {
				if p != path && strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir
				}
				return nil
			}
			if !ruleFile(p) {
				return nil
			}
			found++
			set.Files = append(set.Files, p)
			data, err := os.ReadFile(p)
			if err != nil {
				set.Diags.Add(diag.New("rule/read", "%v", errors.Unwrap(err)).At(diag.Pos{File: p}))
				return nil
			}
			set.merge(Read(p, data))
			return nil
		})
		if err != nil {
			return nil, err
		}
		if found == 0 {
			set.Diags.Add(diag.New("rule/no-rule-files", "no %s, %s or %s file in the directory", ExtTOML, ExtNDJSON, ExtJSONL).
				At(diag.Pos{File: path}).WithSeverity(diag.SeverityWarning))
		}
	}
	return set, nil
}

func ruleFile(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ExtTOML, ExtNDJSON, ExtJSONL:
		return true
	}
	return false
}

// Read reads the rules of one file, choosing the format by extension
// (.ndjson and .jsonl are Kibana exports, anything else TOML).
func Read(path string, data []byte) *Set {
	switch strings.ToLower(filepath.Ext(path)) {
	case ExtNDJSON, ExtJSONL:
		return ReadNDJSON(path, data)
	}
	return ReadTOML(path, data)
}

// FromQuery returns an EQL rule for a query given on the command line.
func FromQuery(query string) *Rule {
	return &Rule{
		Path: QueryPath, Name: QueryPath, Type: "eql", Language: "eql", Query: query,
		Source: diag.NewSource(QueryPath, query),
	}
}
