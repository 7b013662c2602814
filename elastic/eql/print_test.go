package eql

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestFormat checks the canonical form of queries.
func TestFormat(t *testing.T) {
	tests := []struct{ in, want string }{
		{"process   where\n a==1", "process where a == 1"},
		{"process where a == 1 /* c */ // d", "process where a == 1"},
		{"process where (a or b) and c", "process where (a or b) and c"},
		{"process where a or (b or c)", "process where a or b or c"},
		{"process where (a and b) or c", "process where a and b or c"},
		{"process where not (a and b)", "process where not (a and b)"},
		{"process where not (a == 1)", "process where not a == 1"},
		{"process where (a == 1) == true", "process where (a == 1) == true"},
		{"process where a == (b == c)", "process where a == (b == c)"},
		{"process where a == (not b)", "process where a == (not b)"},
		{"process where (a + b) * c", "process where (a + b) * c"},
		{"process where a - (b - c)", "process where a - (b - c)"},
		{"process where (a - b) - c", "process where a - b - c"},
		{"process where a * (b * c)", "process where a * (b * c)"},
		{"process where a - -5", "process where a - -5"},
		{"process where -(a + b) > 1", "process where -(a + b) > 1"},
		{"process where - - a", "process where --a"},
		{"process where (-5) in (1)", "process where (-5) in (1)"},
		{"process where -(a in (1))", "process where -a in (1)"},
		{"process where (a in (1)) in (2)", "process where (a in (1)) in (2)"},
		{"process where (a : \"x\") == true", `process where a : "x" == true`}, // a predicate binds tighter than ==
		{"process where (a + 1) : \"x\"", `process where (a + 1) : "x"`},
		{`process where a not in ("x")`, `process where not a in ("x")`},
		{`process where a == (b not in ("x"))`, `process where a == (not b in ("x"))`},
		{`process where x : ("a")`, `process where x : "a"`},
		{`process where x like~("a","b")`, `process where x like~ ("a", "b")`},
		{`process where x in~("a","b")`, `process where x in~ ("a", "b")`},
		{`process where STARTSWITH~(x, "a") and cidrmatch(y, "10.0.0.0/8")`, `process where startsWith~(x, "a") and cidrMatch(y, "10.0.0.0/8")`},
		{`process where Foo(x)`, `process where foo(x)`},
		{`"my-cat" where true`, `"my-cat" where true`},
		{`"process" where true`, `process where true`},
		{`"where" where true`, `"where" where true`},
		{"process where `a-b` == 1 and `abc` == 2 and `sample`.x == 3 and `a``b` == 4 and `1a` == 5",
			"process where `a-b` == 1 and abc == 2 and `sample`.x == 3 and `a``b` == 4 and `1a` == 5"},
		{"process where ?`a.b`.c", "process where ?`a.b`.c"},
		{`process where a == "\u{01}\b\f\n\r\t\"\\'é"`, `process where a == "\u{01}\b\f\n\r\t\"\\'é"`},
		{`process where a == "\u{7f}"`, `process where a == "\u{7f}"`},
		{`process where a regex """\d+\.x"""`, `process where a regex """\d+\.x"""`},
		{`process where a == """x""""`, `process where a == """x""""`},
		{"process where a == 1.0 and b == 1e3 and c == 1e21 and d == .5 and e == 1e-7", "process where a == 1.0 and b == 1000.0 and c == 1e+21 and d == 0.5 and e == 1e-07"},
		{"process where a == 99999999999999999999", "process where a == 1e+20"},
		{"process where a == -0.0", "process where a == -0.0"},
		{"any where true | head 5 | tail 1", "any where true | head 5 | tail 1"},
		{"sequence by a,b with maxspan = 5 m [x where y] by c with runs = 2 ![z where w] by d until [u where v] by e | head 1",
			"sequence by a, b with maxspan=5m\n  [x where y] by c with runs=2\n  ![z where w] by d\nuntil [u where v] by e\n| head 1"},
		{"sample by a [x where y] [z where w]", "sample by a\n  [x where y]\n  [z where w]"},
	}
	for _, tt := range tests {
		q := mustParse(t, tt.in)
		if got := Format(q); got != tt.want {
			t.Errorf("Format(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
		checkRoundTrip(t, tt.in, q)
	}
}

// checkRoundTrip checks parse(print(q)) == q and that the canonical form is
// a fixed point.
func checkRoundTrip(t *testing.T, in string, q *Query) {
	t.Helper()
	text := Format(q)
	again, errs := Parse(text)
	if again == nil {
		t.Errorf("canonical form of %q does not parse:\n%s\n%s", in, text, errs.Render())
		return
	}
	if !Equal(q, again) {
		t.Errorf("round trip of %q changes the tree:\n%s\n%s", in, text, Diff(q, again))
	}
	if text2 := Format(again); text2 != text {
		t.Errorf("canonical form of %q is not stable:\n%s\n%s", in, text, text2)
	}
}

func TestQuote(t *testing.T) {
	for _, s := range []string{"", "plain", `a"b\c`, "\x00\x1f\x7f", "é😀", "line\nbreak"} {
		q := mustParse(t, "any where a == "+Quote(s))
		got := q.Body.(*EventQuery).Where.(*Comparison).Right.(*String).Value
		if got != s {
			t.Errorf("Quote(%q) reads back as %q", s, got)
		}
	}
}

// TestEqual checks what Equal ignores (positions, the written function name)
// and what it does not.
func TestEqual(t *testing.T) {
	same := [][2]string{
		{"process where a == 1", "process   where a==1"},
		{"process where CIDRMATCH(a, \"x\")", "process where cidrMatch(a, \"x\")"},
		{"process where a not in (1)", "process where not a in (1)"},
		{"process where a : (\"x\")", "process where a : \"x\""},
	}
	for _, p := range same {
		a, b := mustParse(t, p[0]), mustParse(t, p[1])
		if !Equal(a, b) {
			t.Errorf("%q and %q differ:\n%s", p[0], p[1], Diff(a, b))
		}
		if !cmp.Equal(a, b, CmpOptions()...) {
			t.Errorf("go-cmp under CmpOptions disagrees with Equal on %q and %q", p[0], p[1])
		}
	}
	different := [][2]string{
		{"process where a == 1", "process where a == 1.0"},
		{`process where a == "x"`, `process where a == """x"""`},
		{`process where startsWith(a, "x")`, `process where startsWith~(a, "x")`},
		{"process where ?a", "process where a"},
		{"process where a in (1)", "process where a in~ (1)"},
		{"process where `a.b`", "process where a.b"},
		{"process where a like \"x\"", "process where a like~ \"x\""},
		{"sequence [a where b] [c where d]", "sequence [a where b] ![c where d]"},
		{"any where true", `"any" where true`},
	}
	for _, p := range different {
		a, b := mustParse(t, p[0]), mustParse(t, p[1])
		if Equal(a, b) {
			t.Errorf("%q and %q are Equal", p[0], p[1])
		}
		if cmp.Equal(a, b, CmpOptions()...) {
			t.Errorf("go-cmp under CmpOptions disagrees with Equal on %q and %q", p[0], p[1])
		}
	}
}

func TestMarshalNode(t *testing.T) {
	q := mustParse(t, `process where ?a.b in~ ("x") and -1.5 < c`)
	b, err := MarshalNode(q)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"type":"query","start":0,"end":41,"body":{"type":"event_query","start":0,"end":41,` +
		`"category":"process","category_span":{"start":0,"end":7},"where":{"type":"and","start":14,"end":41,"terms":[` +
		`{"type":"in","start":14,"end":28,"x":{"type":"field","start":14,"end":18,"name":"a.b","parts":["a","b"],"optional":true},` +
		`"values":[{"type":"string","start":24,"end":27,"value":"x"}],"insensitive":true},` +
		`{"type":"comparison","start":33,"end":41,"op":"\u003c","left":{"type":"number","text":"-1.5","start":33,"end":37,"is_float":true,"float":-1.5},` +
		`"right":{"type":"field","start":40,"end":41,"name":"c","parts":["c"]}}]}}}`
	if string(b) != want {
		t.Errorf("MarshalNode:\n got %s\nwant %s", b, want)
	}
	if !strings.Contains(string(mustJSON(t, q)), `"type":"query"`) {
		t.Errorf("json.Marshal of a query does not use MarshalNode")
	}
}
