package eql

import (
	"strings"
	"testing"
)

// TestParseErrors checks the code and the line:col of the first error of
// invalid queries. Columns count characters from 1 (a tab is one).
func TestParseErrors(t *testing.T) {
	deep := "process where " + strings.Repeat("(", MaxDepth+10) + "a" + strings.Repeat(")", MaxDepth+10)
	tests := []struct {
		name, query, code, pos string
	}{
		{"empty", "", "eql/empty-query", "1:1"},
		{"only comments", "// nothing\n/* here */", "eql/empty-query", "1:1"},
		{"missing condition", "process where", "eql/syntax", "1:14"},
		{"assignment", "process where a = 1", "eql/syntax", "1:17"},
		{"single quotes", "process where a == 'x'", "eql/single-quoted-string", "1:20"},
		{"question string", `process where a == ?"x"`, "eql/question-quoted-string", "1:20"},
		{"question single", `process where a == ?'x'`, "eql/question-quoted-string", "1:20"},
		{"unknown escape", `process where a == "\q"`, "eql/invalid-escape", "1:21"},
		{"backslash dot", `process where a regex "a\.b"`, "eql/invalid-escape", "1:25"},
		{"unterminated string", `process where a == "abc`, "eql/unterminated-string", "1:20"},
		{"line break in string", "process where a == \"x\ny\"", "eql/unterminated-string", "1:20"},
		{"unterminated raw string", `process where a == """abc`, "eql/unterminated-string", "1:20"},
		{"raw string over lines", "process where a == \"\"\"a\nb\"\"\"", "eql/unterminated-string", "1:20"},
		{"unicode without brace", `process where a == "\u0041"`, "eql/invalid-escape", "1:21"},
		{"unicode unclosed", `process where a == "\u{41"`, "eql/invalid-escape", "1:21"},
		{"unicode one digit", `process where a == "\u{1}"`, "eql/invalid-unicode", "1:21"},
		{"unicode nine digits", `process where a == "\u{000000041}"`, "eql/invalid-unicode", "1:21"},
		{"unicode surrogate", `process where a == "\u{D800}"`, "eql/invalid-unicode", "1:21"},
		{"unicode too large", `process where a == "\u{110000}"`, "eql/invalid-unicode", "1:21"},
		{"upper case and", "process where a == 1 AND b == 2", "eql/syntax", "1:22"},
		{"upper case where", "PROCESS WHERE a == 1", "eql/syntax", "1:9"},
		{"no category", "where a == 1", "eql/syntax", "1:1"},
		{"quoted name as category", "`process` where a == 1", "eql/syntax", "1:1"},
		{"keyword as category", "sequence where a == 1", "eql/syntax", "1:10"},
		{"unclosed comment", "process where a == 1 /* open", "eql/unterminated-comment", "1:22"},
		// A nested "/*" without its own "*/" is text: the first "*/" ends the comment.
		{"comment closed early", "process where a == 1 /* a /* b */ c", "eql/syntax", "1:35"},
		{"unbalanced comment end", "process where a == 1 /* a /* b */ c */ */", "eql/syntax", "1:41"},
		{"hash comment", "process where a == 1 # no", "eql/unexpected-char", "1:22"},
		{"tilde alone", "process where a ~ 1", "eql/unexpected-char", "1:17"},
		{"old not-seq", `process where a !: "x"`, "eql/unexpected-char", "1:17"},
		{"chained comparison", "process where a == 1 == 2", "eql/syntax", "1:22"},
		{"dangling and", "process where a == 1 and", "eql/syntax", "1:25"},
		{"unclosed paren", "process where (a == 1", "eql/syntax", "1:22"},
		{"empty in list", "process where a in ()", "eql/syntax", "1:21"},
		{"unclosed in list", `process where a in ("x"`, "eql/syntax", "1:24"},
		{"negative pattern", "process where a : -1", "eql/syntax", "1:19"},
		{"field as pattern", "process where a like b", "eql/syntax", "1:22"},
		{"not like", `process where a not like "x"`, "eql/syntax", "1:17"},
		{"keyword as field part", "process where a.and == 1", "eql/syntax", "1:17"},
		{"tilde name without call", "process where foo~ == 1", "eql/syntax", "1:20"},
		{"array index", "process where a[0] == 1", "eql/unsupported", "1:17"},
		{"process relationship", "process where descendant of [process where true]", "eql/unsupported", "1:15"},
		{"join", "join [a where b] [c where d]", "eql/unsupported", "1:1"},
		{"number too large", "process where a == 1e999", "eql/number", "1:20"},
		{"sort pipe", "process where a == 1 | sort a", "eql/unsupported-pipe", "1:24"},
		{"unknown pipe", "process where a == 1 | first 3", "eql/unsupported-pipe", "1:24"},
		{"head without count", "process where a == 1 | head", "eql/pipe-argument", "1:22"},
		{"head negative", "process where a == 1 | head -1", "eql/pipe-argument", "1:29"},
		{"head decimal", "process where a == 1 | head 1.5", "eql/pipe-argument", "1:29"},
		{"tail two args", "process where a == 1 | tail 1, 2", "eql/pipe-argument", "1:22"},
		{"sequence of one", "sequence [a where b]", "eql/sequence-length", "1:1"},
		{"sequence no terms", "sequence by x", "eql/syntax", "1:14"},
		{"maxspan no unit", "sequence with maxspan=5 [a where b] [c where d]", "eql/maxspan", "1:23"},
		{"maxspan bad unit", "sequence with maxspan=5y [a where b] [c where d]", "eql/maxspan", "1:24"},
		{"maxspan zero", "sequence with maxspan=0s [a where b] [c where d]", "eql/maxspan", "1:23"},
		{"maxspan decimal", "sequence with maxspan=1.5s [a where b] [c where d]", "eql/maxspan", "1:23"},
		{"by after with", "sequence with maxspan=5s by x [a where b] [c where d]", "eql/sequence-by-after-with", "1:26"},
		{"join key count", "sequence [a where b] by x [c where d]", "eql/join-keys", "1:27"},
		{"runs zero", "sequence [a where b] with runs=0 [c where d]", "eql/runs", "1:32"},
		{"runs too many", "sequence [a where b] with runs=101 [c where d]", "eql/runs", "1:32"},
		{"unknown term parameter", "sequence [a where b] with repeat=2 [c where d]", "eql/runs", "1:27"},
		{"until without query", "sequence [a where b] [c where d] until", "eql/syntax", "1:39"},
		{"sample of one", "sample by x [a where b]", "eql/sample-length", "1:1"},
		{"sample of six", "sample [a where b] [a where b] [a where b] [a where b] [a where b] [a where b]", "eql/sample-length", "1:1"},
		{"missing event in sample", "sample by x ![a where b] [c where d]", "eql/missing-event", "1:13"},
		{"unclosed term", "sequence [a where b [c where d]", "eql/syntax", "1:21"},
		{"line and column on line 3", "process where\n  a == 1 and\n\tb = 2", "eql/syntax", "3:4"},
		{"column counts characters", `process where a == "é" and b = 1`, "eql/syntax", "1:30"},
		{"invalid utf8", "process where a == \"\xff\"", "eql/invalid-utf8", "1:21"},
		{"too deep", deep, "eql/too-deep", "1:" + itoa(15+MaxDepth)},
		{"too long an arithmetic chain", "process where a" + strings.Repeat(" + a", MaxDepth+10), "eql/too-deep", "1:" + itoa(13+4*MaxDepth)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, errs := Parse(tt.query)
			if q != nil {
				t.Fatalf("Parse(%q) = %s, want an error", tt.query, Format(q))
			}
			if len(errs) == 0 {
				t.Fatalf("Parse(%q): no error and no query", tt.query)
			}
			e := errs[0]
			got := itoa(e.Pos.Line) + ":" + itoa(e.Pos.Col)
			if e.Code != tt.code || got != tt.pos {
				t.Errorf("Parse(%q) first error = %s %s, want %s %s\n%s", tt.query, e.Code, got, tt.code, tt.pos, errs.Render())
			}
			if e.Pos.File != QueryPath {
				t.Errorf("error file = %q, want %q", e.Pos.File, QueryPath)
			}
		})
	}
	if len(tests) < 40 {
		t.Fatalf("only %d invalid inputs", len(tests))
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

// TestParseRecovers checks that one query reports several independent
// errors instead of stopping at the first.
func TestParseRecovers(t *testing.T) {
	tests := []struct {
		query string
		want  []string // code@line:col
	}{
		{`process where a == 'x' and b : "\q" and c = 1`, []string{
			"eql/single-quoted-string@1:20", "eql/invalid-escape@1:33", "eql/syntax@1:43"}},
		{"process where a == == 1 and b == 2 and c == = 3", []string{"eql/syntax@1:20", "eql/syntax@1:45"}},
		{"sequence [process where a = 1] [file where (b == ] [network where c == \"\\x\"]", []string{
			"eql/syntax@1:27", "eql/syntax@1:50", "eql/invalid-escape@1:73"}},
		{"process where f(a == , b) and g(c ==)", []string{"eql/syntax@1:22", "eql/syntax@1:37"}},
	}
	for _, tt := range tests {
		_, errs := Parse(tt.query)
		var got []string
		for _, e := range errs {
			got = append(got, e.Code+"@"+itoa(e.Pos.Line)+":"+itoa(e.Pos.Col))
		}
		if strings.Join(got, " ") != strings.Join(tt.want, " ") {
			t.Errorf("Parse(%q) errors = %v, want %v\n%s", tt.query, got, tt.want, errs.Render())
		}
	}
}

// TestParseErrorLimit checks that a query full of errors stops after a bounded
// number of them.
func TestParseErrorLimit(t *testing.T) {
	q := "process where " + strings.Repeat("a == 'x' and ", 50) + "b"
	_, errs := Parse(q)
	if n := len(errs); n > maxErrors+1 || n < maxErrors {
		t.Fatalf("%d diagnostics, want %d errors and a note", n, maxErrors)
	}
	if last := errs[len(errs)-1]; last.Code != "eql/too-many-errors" {
		t.Errorf("last diagnostic %s, want eql/too-many-errors", last.Code)
	}
}

// TestNoCascade checks that one mistake gives one error, not a trail of
// consequences.
func TestNoCascade(t *testing.T) {
	for _, q := range []string{
		"sequence [a where b [c where d]",
		"sequence [a where b] with runs=0",
		"process where a == 1 AND b == 2 AND c == 3",
		"process where (a == and b)",
		"process where a in (1, , 2)",
		"[process where a]",
		"process where a == 1 | head 1 2",
		"sample by x [a where b] with runs=2 [c where d]",
	} {
		if _, errs := Parse(q); len(errs) != 1 {
			t.Errorf("Parse(%q): %d diagnostics, want 1:\n%s", q, len(errs), errs.Render())
		}
	}
}

// The hint of a keyword where an expression belongs says what is missing;
// only a keyword that could be a field name gets the advice to quote it.
func TestKeywordHints(t *testing.T) {
	for _, tc := range []struct{ query, hint string }{
		{`process where a == "x" and and b == "y"`, `"and" then "and": a condition is missing between them, or one of them is too many`},
		{`process where a == "x" or and b == "y"`, `"or" then "and": a condition is missing between them, or one of them is too many`},
		{`process where not or b == "y"`, `"not" then "or": a condition is missing between them, or one of them is too many`},
		{`process where and b == "y"`, `"and" joins two conditions: the one before it is missing`},
		{`process where (or b == "y")`, `"or" joins two conditions: the one before it is missing`},
		{`process where a == "x" and in ("y")`, `"in" needs a field on its left`},
		{`process where like~ "y"`, `"like~" needs a field on its left`},
		{`process where sequence == 1`, "a field named like a keyword must be quoted: `sequence`"},
	} {
		_, errs := Parse(tc.query)
		if len(errs) == 0 {
			t.Fatalf("Parse(%q): no error", tc.query)
		}
		if errs[0].Hint != tc.hint {
			t.Errorf("Parse(%q): hint %q, want %q\n%s", tc.query, errs[0].Hint, tc.hint, errs.Render())
		}
	}
}
