package translate

import (
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/eql2falco/eql2falco/elastic"
	"github.com/eql2falco/eql2falco/elastic/eql"
	"github.com/eql2falco/eql2falco/falco/catalog"
	"github.com/eql2falco/eql2falco/falco/condition"
	"github.com/eql2falco/eql2falco/falco/rulesfile"
)

var update = flag.Bool("update", false, "rewrite golden files (testdata/lower/*.txtar, rules/falco) from the current output")

// translateQuery translates a query given on its own and renders what a
// golden file records: the Falco condition (one line, lists written
// inline) and the warnings, or the diagnostics of the refusal.
func translateQuery(t *testing.T, query string) string {
	t.Helper()
	r := elastic.FromQuery(query)
	q, errs := eql.ParseSource(r.Source)
	if q == nil {
		t.Fatalf("%q does not parse:\n%s", query, errs.Render())
	}
	res, ds := Rule(r, q, Options{})
	var b strings.Builder
	if res != nil {
		text, err := condition.Print(res.Condition)
		if err != nil {
			t.Fatalf("%q: %v", query, err)
		}
		b.WriteString(text + "\n")
		checkRuleFile(t, res)
	}
	for _, d := range ds {
		b.WriteString(d.Error() + "\n")
		if d.Hint != "" {
			b.WriteString("    hint: " + d.Hint + "\n")
		}
	}
	return b.String()
}

// checkRuleFile verifies that the rule's own rules file is what Falco loads
// with the ecs plugin: it passes the project's Falco rules checks.
func checkRuleFile(t *testing.T, res *Result) {
	t.Helper()
	out, err := rulesfile.Marshal(res.File())
	if err != nil {
		t.Fatalf("%s: %v", res.Rule.Name, err)
	}
	rs, ds := rulesfile.Load("rule.yaml", out, catalog.Options())
	if ds.HasErrors() || rs == nil {
		t.Fatalf("the rules file of %q does not pass the Falco checks:\n%s\n%s", res.Rule.Name, ds.Render(), out)
	}
	for _, d := range ds {
		t.Errorf("%s: warning from the Falco checks: %s", res.Rule.Name, d)
	}
	if !condition.Equal(rs.Rules[0].Expr, res.Condition) {
		t.Errorf("%s: the rules file does not load to Result.Condition", res.Rule.Name)
	}
}

// TestGolden translates the queries of testdata/lower/*.txtar: each
// NAME.eql file is a query, NAME.out what the translator makes of it.
// go test -run TestGolden -update rewrites the .out files.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/lower/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			outs := map[string]int{}
			for i, f := range ar.Files {
				outs[f.Name] = i
			}
			var files []txtar.File
			changed := false
			for _, f := range ar.Files {
				if strings.HasSuffix(f.Name, ".out") {
					continue
				}
				if !strings.HasSuffix(f.Name, ".eql") {
					t.Fatalf("%s: unexpected file %s", file, f.Name)
				}
				name := strings.TrimSuffix(f.Name, ".eql")
				got := translateQuery(t, strings.TrimSpace(string(f.Data)))
				want := ""
				if i, ok := outs[name+".out"]; ok {
					want = string(ar.Files[i].Data)
				}
				if got != want {
					changed = true
					if !*update {
						t.Errorf("%s: %s:\n%s\ngot:\n%s\nwant:\n%s", file, name, f.Data, got, want)
					}
				}
				files = append(files, f, txtar.File{Name: name + ".out", Data: []byte(got)})
			}
			if *update && changed {
				ar.Files = files
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

// TestGoldenCoversEveryCode fails when a diagnostic code of the package has
// no golden case, except the few that need rule metadata or more than one
// rule (tested in rule_test.go) and the internal-error code.
func TestGoldenCoversEveryCode(t *testing.T) {
	elsewhere := map[string]bool{CodeCategoryOverride: true, CodeD4CFileEvents: true, CodeDuplicateRule: true, CodeNotD4CField: true, CodeInternal: true}
	files, _ := filepath.Glob("testdata/lower/*.txtar")
	var all strings.Builder
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		all.Write(b)
	}
	var missing []string
	for _, c := range Codes() {
		if !elsewhere[c.Code] && !strings.Contains(all.String(), " "+c.Code+": ") && !strings.Contains(all.String(), ": "+c.Code+": ") {
			missing = append(missing, c.Code)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("codes without a golden case: %v", missing)
	}
}
