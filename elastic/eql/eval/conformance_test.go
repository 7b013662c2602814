package eval

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/eql2falco/eql2falco/diag"
	"github.com/eql2falco/eql2falco/elastic"
)

// The conformance corpus: testdata/conformance/*.yaml. Each file has an
// optional base document merged into every doc of its cases, and cases:
//
//	cases:
//	  - name: "section: what it pins"      # unique across files
//	    query: 'process where ...'          # or rule: path from the repository root
//	    mapping: dynamic                    # optional (default ecs)
//	    category_field: x                   # optional event_category_override
//	    docs:
//	      - id: a
//	        doc: {process.name: x}          # YAML object (dotted keys and nesting both allowed)
//	      - id: b
//	        json: '{"process": {"name": "x"}}'  # exact JSON (not merged with base)
//	      - id: c
//	        doc: {...}
//	        error: eval/bad-document        # the document (or its evaluation) fails with this code
//	    match: [a]                          # ids of the matching documents
//	    error: eval/type-mismatch           # instead of docs: the query is refused with this code
//
// Strings can be built with tags: !repeat [unit, count] and !cat [part, ...].

type confFile struct {
	Base  map[string]any `yaml:"base"`
	Cases []confCase     `yaml:"cases"`
}

type confCase struct {
	Name          string    `yaml:"name"`
	Query         string    `yaml:"query"`
	Rule          string    `yaml:"rule"`
	Mapping       string    `yaml:"mapping"`
	CategoryField string    `yaml:"category_field"`
	Docs          []confDoc `yaml:"docs"`
	Match         []string  `yaml:"match"`
	Error         string    `yaml:"error"`
	NoBase        bool      `yaml:"no_base"`
}

type confDoc struct {
	ID    string         `yaml:"id"`
	Doc   map[string]any `yaml:"doc"`
	JSON  string         `yaml:"json"`
	Error string         `yaml:"error"`
}

// repoRoot is the directory with go.mod above the test's directory.
func repoRoot(t testing.TB) string {
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found")
		}
		dir = parent
	}
}

// loadConformance reads every conformance file.
func loadConformance(t testing.TB) map[string]*confFile {
	files, err := filepath.Glob(filepath.Join("testdata", "conformance", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no conformance files: %v", err)
	}
	out := map[string]*confFile{}
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var root yaml.Node
		if err := yaml.Unmarshal(data, &root); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if err := expandTags(&root); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		var f confFile
		dec := &root
		if err := dec.Decode(&f); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out[filepath.Base(path)] = &f
	}
	return out
}

// expandTags replaces !repeat [unit, count] and !cat [parts...] by strings.
func expandTags(n *yaml.Node) error {
	for _, k := range n.Content {
		if err := expandTags(k); err != nil {
			return err
		}
	}
	switch n.Tag {
	case "!repeat":
		var args []any
		if err := n.Decode(&args); err != nil || len(args) != 2 {
			return fmt.Errorf("line %d: !repeat takes [unit, count]", n.Line)
		}
		unit, ok1 := args[0].(string)
		count, ok2 := args[1].(int)
		if !ok1 || !ok2 {
			return fmt.Errorf("line %d: !repeat takes [string, int]", n.Line)
		}
		setString(n, strings.Repeat(unit, count))
	case "!cat":
		var parts []string
		if err := n.Decode(&parts); err != nil {
			return fmt.Errorf("line %d: !cat takes a list of strings: %w", n.Line, err)
		}
		setString(n, strings.Join(parts, ""))
	}
	return nil
}

func setString(n *yaml.Node, s string) {
	*n = yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s, Style: yaml.DoubleQuotedStyle, Line: n.Line, Column: n.Column}
}

func (c *confCase) compile(t *testing.T, root string) (*Program, diag.List) {
	m, ok := MappingByName(c.Mapping)
	if !ok {
		t.Fatalf("unknown mapping %q", c.Mapping)
	}
	opts := Options{Mapping: m, CategoryField: c.CategoryField}
	if c.Rule != "" {
		set, err := elastic.Load(filepath.Join(root, c.Rule))
		if err != nil || len(set.Rules) != 1 {
			t.Fatalf("rule %s: %v (%d rules)", c.Rule, err, len(set.Rules))
		}
		return CompileRule(set.Rules[0], opts)
	}
	return CompileString(c.Query, opts)
}

func (d *confDoc) build(t *testing.T, m *Mapping, base map[string]any) (*Document, error) {
	if d.JSON != "" {
		return ParseJSON(m, []byte(d.JSON))
	}
	merged := map[string]any{}
	for k, v := range base {
		merged[k] = v
	}
	for k, v := range d.Doc {
		merged[k] = v
	}
	data, err := json.Marshal(merged)
	if err != nil {
		t.Fatalf("doc %s: %v", d.ID, err)
	}
	return ParseJSON(m, data)
}

func TestConformance(t *testing.T) {
	root := repoRoot(t)
	files := loadConformance(t)
	names := map[string]string{}
	total := 0
	for _, file := range slices.Sorted(maps.Keys(files)) {
		f := files[file]
		for i := range f.Cases {
			c := &f.Cases[i]
			total++
			if c.Name == "" {
				t.Errorf("%s: case %d has no name", file, i)
				continue
			}
			if other, dup := names[c.Name]; dup {
				t.Errorf("%s: case %q is also in %s", file, c.Name, other)
			}
			names[c.Name] = file
			t.Run(file+"/"+c.Name, func(t *testing.T) { runCase(t, root, f, c) })
		}
	}
	t.Logf("%d conformance cases", total)
}

func runCase(t *testing.T, root string, f *confFile, c *confCase) {
	if (c.Query == "") == (c.Rule == "") {
		t.Fatal("a case has exactly one of query and rule")
	}
	p, errs := c.compile(t, root)
	if c.Error != "" {
		if p != nil {
			t.Fatalf("compiled; want error %s", c.Error)
		}
		for _, e := range errs {
			if e.Code == c.Error {
				return
			}
		}
		t.Fatalf("want error %s, got:\n%s", c.Error, errs.Render())
	}
	if p == nil {
		t.Fatalf("compile:\n%s", errs.Render())
	}
	if len(c.Docs) == 0 {
		t.Fatal("a case without an error needs docs")
	}
	base := f.Base
	if c.NoBase {
		base = nil
	}
	var got []string
	ids := map[string]bool{}
	for i := range c.Docs {
		d := &c.Docs[i]
		if d.ID == "" || ids[d.ID] {
			t.Fatalf("doc %d: missing or duplicate id %q", i, d.ID)
		}
		ids[d.ID] = true
		doc, err := d.build(t, p.Mapping(), base)
		if err == nil {
			var ok bool
			ok, err = p.Match(doc)
			if ok {
				got = append(got, d.ID)
			}
		}
		switch {
		case d.Error == "" && err != nil:
			t.Errorf("doc %s: unexpected error: %v", d.ID, err)
		case d.Error != "" && (err == nil || !strings.Contains(err.Error(), d.Error)):
			t.Errorf("doc %s: want error %s, got %v", d.ID, d.Error, err)
		}
	}
	for _, id := range c.Match {
		if !ids[id] {
			t.Fatalf("match lists unknown doc %q", id)
		}
	}
	want := slices.Sorted(slices.Values(c.Match))
	slices.Sort(got)
	if slices.Equal(got, want) {
		return
	}
	t.Errorf("query: %s\nmatched %v, want %v", p.Query(), got, want)
	for i := range c.Docs {
		d := &c.Docs[i]
		if slices.Contains(got, d.ID) == slices.Contains(want, d.ID) {
			continue
		}
		doc, err := d.build(t, p.Mapping(), base)
		if err != nil {
			continue
		}
		t.Errorf("doc %s disagrees:\n%s", d.ID, p.Explain(doc))
	}
}
