package eql

import (
	"math"
	"testing"
	"time"
)

// mustParse parses a query that must be valid.
func mustParse(t *testing.T, q string) *Query {
	t.Helper()
	x, errs := Parse(q)
	if x == nil {
		t.Fatalf("Parse(%q):\n%s", q, errs.Render())
	}
	if len(errs) != 0 {
		t.Fatalf("Parse(%q): diagnostics on a valid query:\n%s", q, errs.Render())
	}
	return x
}

// where returns the condition of a single-event query.
func where(t *testing.T, cond string) Expr {
	t.Helper()
	return mustParse(t, "process where "+cond).Body.(*EventQuery).Where
}

func field(parts ...string) *Field {
	name := parts[0]
	for _, p := range parts[1:] {
		name += "." + p
	}
	return &Field{Name: name, Parts: parts}
}
func str(s string) *String { return &String{Value: s} }
func num(n int64) *Number  { return &Number{Int: n} }

// TestTrees checks the tree of queries where the structure carries the
// semantics: precedence, negation, folding, literal decoding.
func TestTrees(t *testing.T) {
	a, b, c := field("a"), field("b"), field("c")
	tests := []struct {
		cond string
		want Expr
	}{
		// not > and > or.
		{"a or b and not c", &Or{Terms: []Expr{a, &And{Terms: []Expr{b, &Not{X: c}}}}}},
		{"not a == 1 and b", &And{Terms: []Expr{&Not{X: &Comparison{Op: OpEq, Left: a, Right: num(1)}}, b}}},
		{"not not a", &Not{X: &Not{X: a}}},
		// Chains and parenthesised groups of the same operator are flattened.
		{"a and (b and c)", &And{Terms: []Expr{a, b, c}}},
		{"(a or b) or c", &Or{Terms: []Expr{a, b, c}}},
		{"(a or b) and c", &And{Terms: []Expr{&Or{Terms: []Expr{a, b}}, c}}},
		// Both spellings of a negated in give Not(In), as Elasticsearch builds.
		{`a not in ("x", "y")`, &Not{X: &In{X: a, Values: []Expr{str("x"), str("y")}}}},
		{`not a in ("x", "y")`, &Not{X: &In{X: a, Values: []Expr{str("x"), str("y")}}}},
		{`a not in~ ("x")`, &Not{X: &In{X: a, Values: []Expr{str("x")}, Insensitive: true}}},
		{`a in~ ("x")`, &In{X: a, Values: []Expr{str("x")}, Insensitive: true}},
		// in takes expressions.
		{`a in (b, 1 + 2)`, &In{X: a, Values: []Expr{b, &Arith{Op: OpAdd, Left: num(1), Right: num(2)}}}},
		// A predicate binds to the primary expression before it.
		{"a + b in (1)", &Arith{Op: OpAdd, Left: a, Right: &In{X: b, Values: []Expr{num(1)}}}},
		{"-a in (1)", &Neg{X: &In{X: a, Values: []Expr{num(1)}}}},
		{"a == b in (1)", &Comparison{Op: OpEq, Left: a, Right: &In{X: b, Values: []Expr{num(1)}}}},
		// Arithmetic precedence and associativity.
		{"a - b - c", &Arith{Op: OpSub, Left: &Arith{Op: OpSub, Left: a, Right: b}, Right: c}},
		{"a + b * c", &Arith{Op: OpAdd, Left: a, Right: &Arith{Op: OpMul, Left: b, Right: c}}},
		{"-a * b", &Arith{Op: OpMul, Left: &Neg{X: a}, Right: b}},
		{"a % b / c", &Arith{Op: OpDiv, Left: &Arith{Op: OpMod, Left: a, Right: b}, Right: c}},
		// Unary minus folds into numbers; unary plus disappears.
		{"a > -5", &Comparison{Op: OpGt, Left: a, Right: num(-5)}},
		{"a > - -5", &Comparison{Op: OpGt, Left: a, Right: num(5)}},
		{"a > +5", &Comparison{Op: OpGt, Left: a, Right: num(5)}},
		{"a > -(5)", &Comparison{Op: OpGt, Left: a, Right: num(-5)}},
		{"a > -b", &Comparison{Op: OpGt, Left: a, Right: &Neg{X: b}}},
		// Pattern operators; a one-element list is a single pattern.
		{`a : "x*"`, &Match{Op: OpSeq, X: a, Patterns: []Expr{str("x*")}}},
		{`a : ("x*")`, &Match{Op: OpSeq, X: a, Patterns: []Expr{str("x*")}}},
		{`a like ("x", "y")`, &Match{Op: OpLike, X: a, Patterns: []Expr{str("x"), str("y")}}},
		{`a like~ "x"`, &Match{Op: OpLikeI, X: a, Patterns: []Expr{str("x")}}},
		{`a regex ".*"`, &Match{Op: OpRegex, X: a, Patterns: []Expr{str(".*")}}},
		{`a regex~ (".*", "b")`, &Match{Op: OpRegexI, X: a, Patterns: []Expr{str(".*"), str("b")}}},
		{`a : 5`, &Match{Op: OpSeq, X: a, Patterns: []Expr{num(5)}}},
		// Literals as conditions, bare boolean fields.
		{"true", &Bool{Value: true}},
		{"a", a},
		{"a == null and b != false", &And{Terms: []Expr{
			&Comparison{Op: OpEq, Left: a, Right: &Null{}},
			&Comparison{Op: OpNeq, Left: b, Right: &Bool{Value: false}}}}},
		// Functions: case-insensitive names, "~".
		{`CIDRMATCH(a, "10.0.0.0/8")`, &Call{Name: "cidrMatch", Args: []Expr{a, str("10.0.0.0/8")}}},
		{`startswith~(a, "x")`, &Call{Name: "startsWith", Insensitive: true, Args: []Expr{a, str("x")}}},
		{`myFunc()`, &Call{Name: "myfunc"}},
		{`and~(a)`, &Call{Name: "and", Insensitive: true, Args: []Expr{a}}},
		// Fields.
		{"?a.b", &Field{Name: "a.b", Parts: []string{"a", "b"}, Optional: true}},
		{"? a . b", &Field{Name: "a.b", Parts: []string{"a", "b"}, Optional: true}},
		{"`a.b`.c", &Field{Name: "a.b.c", Parts: []string{"a.b", "c"}}},
		{"`a``b` == 1", &Comparison{Op: OpEq, Left: field("a`b"), Right: num(1)}},
		{"@timestamp", field("@timestamp")},
		{"_a.b2_", field("_a", "b2_")},
		// Comments and white space are ignored, comments nest.
		{"a /* x /* y */ z */ and // c\n b", &And{Terms: []Expr{a, b}}},
		{"a /* open /* and never closed */ and b", &And{Terms: []Expr{a, b}}},
		{"a /*/*/ and b", &And{Terms: []Expr{a, b}}},
		{"a /**/ and/***/b", &And{Terms: []Expr{a, b}}},
	}
	for _, tt := range tests {
		got := where(t, tt.cond)
		if !Equal(got, tt.want) {
			t.Errorf("where %s:\n%s", tt.cond, Diff(tt.want, got))
		}
	}
}

func TestLiterals(t *testing.T) {
	tests := []struct {
		lit  string
		want Expr
	}{
		{"1", num(1)},
		{"0", num(0)},
		{"9223372036854775807", num(math.MaxInt64)},
		{"9223372036854775808", &Number{IsFloat: true, Float: 9223372036854775808}},
		{"1.0", &Number{IsFloat: true, Float: 1}},
		{"1.", &Number{IsFloat: true, Float: 1}},
		{".5", &Number{IsFloat: true, Float: 0.5}},
		{"1e3", &Number{IsFloat: true, Float: 1000}},
		{"1.5E-2", &Number{IsFloat: true, Float: 0.015}},
		{"-2.5", &Number{IsFloat: true, Float: -2.5}},
		{`"plain"`, str("plain")},
		{`""`, str("")},
		{`"\t\b\f\n\r\"\'\\"`, str("\t\b\f\n\r\"'\\")},
		{`"\u{41}\u{e9}\u{1F600}\u{0000000a}"`, str("Aé😀\n")},
		{`"C:\\Windows\\*"`, str(`C:\Windows\*`)},
		{`"it's"`, str("it's")},
		{"\"tab\there\"", str("tab\there")},
		{`"""a\.b\d+"""`, &String{Value: `a\.b\d+`, Raw: true}},
		{`""""""`, &String{Value: "", Raw: true}},
		{`"""a""""`, &String{Value: `a"`, Raw: true}},
		{`"""a"""""`, &String{Value: `a""`, Raw: true}},
		{`""""a"""`, &String{Value: `"a`, Raw: true}},
		{`"""'single' "double\""""`, &String{Value: `'single' "double\"`, Raw: true}},
		{"true", &Bool{Value: true}},
		{"false", &Bool{Value: false}},
		{"null", &Null{}},
	}
	for _, tt := range tests {
		got := where(t, "a == "+tt.lit).(*Comparison).Right
		if !Equal(got, tt.want) {
			t.Errorf("literal %s:\n%s", tt.lit, Diff(tt.want, got))
		}
	}
	// A raw string ends at the first """ (then takes up to two quotes).
	got := where(t, `a : ("""x""", """y""")`).(*Match)
	if len(got.Patterns) != 2 {
		t.Errorf("two raw strings in a list: %d patterns", len(got.Patterns))
	}
}

func TestEventQueries(t *testing.T) {
	tests := []struct {
		q        string
		category string
		any      bool
	}{
		{"process where true", "process", false},
		{"any where true", "", true},
		{`"my-category" where true`, "my-category", false},
		{`"""raw category""" where true`, "raw category", false},
		{`"sequence" where true`, "sequence", false},
		{"ANY where true", "ANY", false}, // keywords are lower case: this is a category
	}
	for _, tt := range tests {
		e := mustParse(t, tt.q).Body.(*EventQuery)
		if e.Category != tt.category || e.Any != tt.any {
			t.Errorf("%s: category %q any %v, want %q %v", tt.q, e.Category, e.Any, tt.category, tt.any)
		}
	}
}

func TestSequence(t *testing.T) {
	q := mustParse(t, `sequence by host.id, user.id with maxspan=5m
		[process where a == 1] by process.pid with runs=3
		![file where true] by process.ppid
		[network where b] by x
		until [process where c] by y
		| tail 3 | head 2`)
	s := q.Body.(*Sequence)
	if len(s.By) != 2 || !Equal(s.By[0], field("host", "id")) || !Equal(s.By[1], field("user", "id")) {
		t.Errorf("sequence by: %v", s.By)
	}
	if s.MaxSpan == nil || s.MaxSpan.Value != 5 || s.MaxSpan.Unit != "m" || s.MaxSpan.Std() != 5*time.Minute {
		t.Errorf("maxspan = %+v", s.MaxSpan)
	}
	if len(s.Terms) != 3 {
		t.Fatalf("%d terms, want 3", len(s.Terms))
	}
	if s.Terms[0].Runs != 3 || s.Terms[0].Missing || s.Terms[0].Query.Category != "process" {
		t.Errorf("term 0 = %+v", s.Terms[0])
	}
	if !s.Terms[1].Missing || s.Terms[1].Runs != 0 || !Equal(s.Terms[1].By[0], field("process", "ppid")) {
		t.Errorf("term 1 = %+v", s.Terms[1])
	}
	if s.Until == nil || s.Until.Query.Category != "process" || !Equal(s.Until.By[0], field("y")) {
		t.Errorf("until = %+v", s.Until)
	}
	if len(q.Pipes) != 2 || q.Pipes[0].Name != "tail" || q.Pipes[0].Count != 3 || q.Pipes[1].Name != "head" || q.Pipes[1].Count != 2 {
		t.Errorf("pipes = %+v", q.Pipes)
	}
	// "by" is optional, runs counts as several queries.
	mustParse(t, "sequence [a where b] with runs=2")
	mustParse(t, "sequence with maxspan=100ms [a where b] [c where d]")
	// Durations of every unit.
	for unit, d := range map[string]time.Duration{"ms": time.Millisecond, "s": time.Second, "m": time.Minute, "h": time.Hour, "d": 24 * time.Hour} {
		s := mustParse(t, "sequence with maxspan=2"+unit+" [a where b] [c where d]").Body.(*Sequence)
		if s.MaxSpan.Std() != 2*d {
			t.Errorf("maxspan=2%s: %v", unit, s.MaxSpan.Std())
		}
	}
}

func TestSample(t *testing.T) {
	s := mustParse(t, "sample by host.id [process where a] by x [file where b] by y").Body.(*Sample)
	if len(s.Terms) != 2 || len(s.By) != 1 || len(s.Terms[1].By) != 1 {
		t.Errorf("sample = %+v", s)
	}
	mustParse(t, "sample [a where b] [c where d] [e where f] [g where h] [i where j]")
}

// TestSpans checks that nodes cover their text in the query.
func TestSpans(t *testing.T) {
	q := `process where x.y not in ("a") and ?f : "b*" and g(1) == -2`
	tree := mustParse(t, q)
	want := map[string]bool{
		q:         true,
		"process": true, // category span
		`x.y not in ("a") and ?f : "b*" and g(1) == -2`: true,
		`x.y not in ("a")`: true, // Not(In) covers the infix form
		"x.y":              true,
		`"a"`:              true,
		`?f : "b*"`:        true,
		"?f":               true,
		`"b*"`:             true,
		"g(1) == -2":       true,
		"g(1)":             true,
		"1":                true,
		"-2":               true,
	}
	got := map[string]bool{q[tree.Body.(*EventQuery).CategorySpan.Start:tree.Body.(*EventQuery).CategorySpan.End]: true}
	Inspect(tree, func(n Node) bool {
		sp := n.Bounds()
		got[q[sp.Start:sp.End]] = true
		return true
	})
	for text := range want {
		if !got[text] {
			t.Errorf("no node spans %q", text)
		}
	}
	for text := range got {
		if !want[text] {
			t.Errorf("unexpected span %q", text)
		}
	}
}

// TestKeywordsAreLowerCase checks Elasticsearch's case-sensitive lexer: an
// upper-case keyword is an identifier.
func TestKeywordsAreLowerCase(t *testing.T) {
	got := where(t, "NOT")
	if !Equal(got, field("NOT")) {
		t.Errorf("NOT parsed as %s", Format(got))
	}
	got = where(t, "TRUE")
	if !Equal(got, field("TRUE")) {
		t.Errorf("TRUE parsed as %s", Format(got))
	}
}
