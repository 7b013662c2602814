package eql_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/eql2falco/eql2falco/elastic"
	"github.com/eql2falco/eql2falco/elastic/eql"
	"github.com/eql2falco/eql2falco/internal/corpus"
)

// seeds are hand-written queries covering the grammar; the shared corpus is
// added at run time when present (it is not copied into the repository).
var seeds = []string{
	`process where process.name == "which" and process.args in ("curl", "wget")`,
	`process where not process.args in~ ("a") and x not in (1, 2.5, -3) and ?y.z != null`,
	`any where a : ("x*", "?y") or b like~ "z" and c regex """\d+\.""" or d regex~ ".*"`,
	`"my-cat" where cidrMatch(ip, "10.0.0.0/8") and startswith~(p, "/tmp") and length(a) > 5`,
	"process where `a-b`.`c``d` == \"\\u{1F600}\\t\\\"\" /* a /* nested */ comment */ // end",
	`sequence by host.id with maxspan=5m [process where a == 1] by pid with runs=2 ![file where true] until [any where b] | head 3`,
	`sample by host.id [process where a] [network where b] [file where c]`,
	`process where -(a + b) * c % 2 / d - -1.5e3 >= .5 and (a in (1)) in (true, false, null)`,
	`process where a = 1 and b == 'x' and c : "\q" AND d`,
	`join [a where b] [c where d] | sort x`,
	`process where descendant of [process where a] and a[0] == 1`,
	`sequence with maxspan=1.5s by x [a where b]`,
	`process where """a""""  == """"""`,
	`process where ((((((a))))))`,
}

func addSeeds(f *testing.F) {
	for _, s := range seeds {
		f.Add(s)
	}
	if dir, ok := corpus.Find(); ok {
		if set, err := elastic.Load(dir); err == nil {
			for _, r := range set.Rules {
				f.Add(r.Query)
			}
		}
	}
}

// FuzzParse checks that any input gives a query or errors, never a panic,
// and that what it gives is consistent: errors have codes and positions in
// the query, spans are inside the query, a query comes without errors.
func FuzzParse(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		q, errs := eql.Parse(s)
		for _, e := range errs {
			if e.Code == "" || e.Msg == "" {
				t.Fatalf("diagnostic without code or message: %+v", e)
			}
			if e.Pos.Offset < 0 || e.Pos.Offset > len(s) || e.Pos.Line < 1 || e.Pos.Col < 1 {
				t.Fatalf("diagnostic outside the query: %+v", e)
			}
			if !strings.HasPrefix(e.Code, "eql/") {
				t.Fatalf("code %q outside the eql namespace", e.Code)
			}
		}
		if q == nil {
			if !errs.HasErrors() {
				t.Fatalf("no query and no error")
			}
			return
		}
		if errs.HasErrors() {
			t.Fatalf("a query and errors: %v", errs)
		}
		eql.Inspect(q, func(n eql.Node) bool {
			sp := n.Bounds()
			if sp.Start < 0 || sp.End > len(s) || sp.Start > sp.End {
				t.Fatalf("%T span %v outside [0, %d]", n, sp, len(s))
			}
			return true
		})
		if out := eql.Format(q); !utf8.ValidString(out) {
			t.Fatalf("canonical form is not UTF-8: %q", out)
		}
		if _, err := eql.MarshalNode(q); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzRoundTrip checks parse(print(parse(q))) == parse(q) and that the
// canonical form is a fixed point.
func FuzzRoundTrip(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		q, _ := eql.Parse(s)
		if q == nil {
			return
		}
		text := eql.Format(q)
		again, errs := eql.Parse(text)
		if again == nil {
			t.Fatalf("canonical form of %q does not parse:\n%s\n%s", s, text, errs.Render())
		}
		if !eql.Equal(q, again) {
			t.Fatalf("round trip of %q changes the tree:\n%s\n%s", s, text, eql.Diff(q, again))
		}
		if text2 := eql.Format(again); text2 != text {
			t.Fatalf("canonical form of %q is not stable:\n%s\n%s", s, text, text2)
		}
	})
}
