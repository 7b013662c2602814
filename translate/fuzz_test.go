package translate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/eql2falco/eql2falco/elastic"
	"github.com/eql2falco/eql2falco/elastic/eql"
	"github.com/eql2falco/eql2falco/falco/catalog"
	"github.com/eql2falco/eql2falco/falco/condition"
	"github.com/eql2falco/eql2falco/falco/rulesfile"
	"github.com/eql2falco/eql2falco/internal/corpus"
	"github.com/eql2falco/eql2falco/plugin/ecs"
)

// condGen builds an EQL condition over the plugin's fields from fuzz input.
type condGen struct {
	data []byte
	i    int
}

func (g *condGen) next(n int) int {
	if n <= 0 {
		return 0
	}
	if g.i >= len(g.data) {
		return 0
	}
	b := int(g.data[g.i])
	g.i++
	return b % n
}

var genValues = []string{
	"bash", "BASH", "", " ", "a b", `a"b`, "it's", `C:\`, `a b\`, "x*", "*", "?*", "*?", "b?sh",
	"??", "[a]", `\`, "(p)", "a=b", "x,y", "é", "É", "k", "0", "1", "-1", "true", "exec", "fork",
	"/usr/bin/*", "*.sh", "*curl*", "a\nb", "日本", "cc1*", "a.c", "[0-9]{1,3}", "~a", "a|b", "\u212a",
}

var genFields = func() []string {
	var out []string
	for _, f := range ecs.Fields() {
		out = append(out, f.Name)
	}
	return append(out, "process.parent.name", "file.path")
}()

func (g *condGen) value() string {
	switch g.next(8) {
	case 0:
		return []string{"1", "0", "-1", "1.5", "true", "false", "null"}[g.next(7)]
	}
	return eql.Quote(genValues[g.next(len(genValues))])
}

func (g *condGen) values() string {
	n := 1 + g.next(4)
	vs := make([]string, n)
	for i := range vs {
		vs[i] = g.value()
	}
	return "(" + strings.Join(vs, ", ") + ")"
}

func (g *condGen) expr(depth int) string {
	if depth > 4 {
		return g.leaf()
	}
	switch g.next(6) {
	case 0:
		return "(" + g.expr(depth+1) + " and " + g.expr(depth+1) + ")"
	case 1:
		return "(" + g.expr(depth+1) + " or " + g.expr(depth+1) + ")"
	case 2:
		return "not " + g.expr(depth+1)
	}
	return g.leaf()
}

func (g *condGen) leaf() string {
	f := genFields[g.next(len(genFields))]
	if g.next(10) == 0 {
		f = "?" + f
	}
	switch g.next(9) {
	case 0:
		return f + " " + []string{"==", "!=", "<", "<=", ">", ">="}[g.next(6)] + " " + g.value()
	case 1:
		return f + []string{" in ", " not in ", " in~ ", " not in~ "}[g.next(4)] + g.values()
	case 2:
		return f + " " + []string{":", "like", "like~", "regex", "regex~"}[g.next(5)] + " " + g.values()
	case 3:
		fn := []string{"startsWith", "endsWith", "stringContains", "startsWith~", "stringContains~", "length"}[g.next(6)]
		return fn + "(" + f + ", " + g.value() + ")"
	case 4:
		return f
	case 5:
		return f + " == null"
	}
	return f + " == " + g.value()
}

// FuzzLower builds random conditions over the plugin's fields (and a few
// unmapped ones) and translates them: no panic, and every accepted
// condition prints to Falco text that parses back to the same tree,
// compiles against the catalog, and makes a rules file that passes the
// Falco rules checks.
func FuzzLower(f *testing.F) {
	for _, s := range []string{"", "\x00\x01\x02", "\x03\x04\x05\x06", "\x02\x05\x01\x07\x01", "\x01\x00\x05\x02\x03\x00\x08"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		g := &condGen{data: data}
		where := g.expr(0)
		checkTranslation(t, `process where event.action == "exec" and (`+where+`)`)
	})
}

// FuzzTranslateQuery translates any text that parses as EQL.
func FuzzTranslateQuery(f *testing.F) {
	for _, q := range seedQueries(f) {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, query string) {
		checkTranslation(t, query)
	})
}

func checkTranslation(t *testing.T, query string) {
	r := elastic.FromQuery(query)
	q, _ := eql.ParseSource(r.Source)
	if q == nil {
		return
	}
	if e, ds := Lower(q, r.Source); e != nil {
		checkCondition(t, query, e)
	} else if !ds.HasErrors() {
		t.Fatalf("%q: no condition and no error", query)
	}
	res, ds := Rule(r, q, Options{})
	if res == nil {
		if !ds.HasErrors() {
			t.Fatalf("%q: refused without an error", query)
		}
		return
	}
	checkCondition(t, query, res.Condition)
	out, err := rulesfile.Marshal(res.File())
	if err != nil {
		t.Fatalf("%q: %v", query, err)
	}
	if _, ds := rulesfile.Load("r.yaml", out, catalog.Options()); ds.HasErrors() {
		t.Fatalf("%q: the rules file fails the Falco checks:\n%s\n%s", query, ds.Render(), out)
	}
}

func checkCondition(t *testing.T, query string, e condition.Expr) {
	text, err := condition.Print(e)
	if err != nil {
		t.Fatalf("%q: unprintable: %v", query, err)
	}
	back, err := condition.Parse(text)
	if err != nil || !condition.Equal(back, e) {
		t.Fatalf("%q: %q does not parse back: %v", query, text, err)
	}
	if _, err := condition.Compile(e, catalog.Default()); err != nil {
		t.Fatalf("%q: %q does not compile: %v", query, text, err)
	}
}

// seedQueries are the golden queries and, when present, the corpus's.
func seedQueries(tb testing.TB) []string {
	var out []string
	files, _ := filepath.Glob("testdata/lower/*.txtar")
	for _, file := range files {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			tb.Fatal(err)
		}
		for _, f := range ar.Files {
			if strings.HasSuffix(f.Name, ".eql") {
				out = append(out, strings.TrimSpace(string(f.Data)))
			}
		}
	}
	if dir, ok := corpus.Find(); ok {
		set, err := elastic.Load(filepath.Join(dir, "rules", "integrations", "cloud_defend"))
		if err == nil {
			for _, r := range set.Rules {
				out = append(out, r.Query)
			}
		}
	}
	if _, err := os.Stat("testdata"); err != nil {
		tb.Fatal(err)
	}
	return out
}
