package eval

import (
	"encoding/json"
	"math"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/eql2falco/eql2falco/elastic"
	"github.com/eql2falco/eql2falco/elastic/ecsmapping"
	"github.com/eql2falco/eql2falco/elastic/eql"
)

func TestWildcard(t *testing.T) {
	for _, tc := range []struct {
		pattern string
		lucene  bool // Lucene syntax (backslash escapes)
		ci      bool
		match   []string
		nomatch []string
	}{
		{"*", false, false, []string{"", "x", "\n"}, nil},
		{"", false, false, []string{""}, []string{"x"}},
		{"abc", false, true, []string{"ABC", "abc"}, []string{"abcd", "ÀBC"}},
		{"ab*", false, false, []string{"ab", "abc"}, []string{"a", "Ab"}},
		{"*ab", false, true, []string{"ab", "xAB"}, []string{"abx"}},
		{"*ab*", false, true, []string{"ab", "xABy"}, []string{"a b"}},
		{"a?c", false, false, []string{"abc", "a😀c", "a\nc"}, []string{"ac", "abbc"}},
		{"a*b?c", false, false, []string{"abxc", "aXXbXc", "abbbbc"}, []string{"abc", "ab"}},
		{`a\*`, false, false, []string{`a\`, `a\x`}, []string{"a*"}},
		{`a\*`, true, false, []string{"a*"}, []string{`a\`, "ax"}},
		{`a\`, true, false, []string{`a\`}, nil},
		{`*\?`, true, false, []string{"x?"}, []string{"xy"}},
		{"É*", false, true, []string{"Éa"}, []string{"éa"}},
	} {
		var w *wildcard
		if tc.lucene {
			w = newLuceneWildcard(tc.pattern, tc.ci)
		} else {
			w = newEQLWildcard(tc.pattern, tc.ci)
		}
		for _, s := range tc.match {
			if !w.match(s) {
				t.Errorf("%q (lucene %v ci %v) should match %q", tc.pattern, tc.lucene, tc.ci, s)
			}
		}
		for _, s := range tc.nomatch {
			if w.match(s) {
				t.Errorf("%q (lucene %v ci %v) should not match %q", tc.pattern, tc.lucene, tc.ci, s)
			}
		}
		// The fast paths agree with the general matcher.
		for _, s := range append(slices.Clone(tc.match), tc.nomatch...) {
			if w.match(s) != w.general(s) {
				t.Errorf("%q on %q: fast path %v, general %v", tc.pattern, s, w.match(s), w.general(s))
			}
		}
	}
}

func TestWildcardNoLineTerminators(t *testing.T) {
	w := newEQLWildcard("a*b?", false)
	for s, want := range map[string]bool{"axxbc": true, "a\nbc": false, "abx": true, "ab\u2028": false, "ab\r": false} {
		if got := w.matchNoLineTerminators(s); got != want {
			t.Errorf("%q: %v, want %v", s, got, want)
		}
	}
}

func TestASCIIFolding(t *testing.T) {
	if !equalFoldASCII("AbC", "aBc") || equalFoldASCII("É", "é") || equalFoldASCII("ß", "SS") || equalFoldASCII("k", "\u212a") {
		t.Error("equalFoldASCII folds more or less than ASCII letters")
	}
	if foldASCII("ÀbC") != "Àbc" || foldASCII("abc") != "abc" {
		t.Error("foldASCII")
	}
	if indexFoldASCII("xxABcd", "abc") != 2 || indexFoldASCII("ab", "abc") != -1 {
		t.Error("indexFoldASCII")
	}
	if !hasPrefixFoldASCII("PYTHON", "py") || hasPrefixFoldASCII("p", "py") {
		t.Error("hasPrefixFoldASCII")
	}
}

func TestJavaHelpers(t *testing.T) {
	for x, want := range map[float64]string{
		1: "1.0", 0.1: "0.1", 100: "100.0", 1e7: "1.0E7", 1.5e-4: "1.5E-4", 0.001: "0.001", -2.5: "-2.5",
		123456789: "1.23456789E8", math.Inf(1): "Infinity", math.Inf(-1): "-Infinity", math.NaN(): "NaN",
		math.Copysign(0, -1): "-0.0", 0: "0.0", float64(float32(0.1)): "0.10000000149011612",
	} {
		if got := javaDouble(x); got != want {
			t.Errorf("javaDouble(%v) = %q, want %q", x, got, want)
		}
	}
	for s, want := range map[string]string{"ABC": "abc", "İ": "i\u0307", "ΟΔΟΣ": "οδος", "ΣΑ": "σα", "été": "été"} {
		if got := javaLower(s); got != want {
			t.Errorf("javaLower(%q) = %q, want %q", s, got, want)
		}
	}
	// UTF-16 order puts a supplementary character (high surrogate D83D)
	// before U+FFFD; UTF-8 byte order puts it after.
	if compareUTF16("😀", "\ufffd") >= 0 || strings.Compare("😀", "\ufffd") <= 0 {
		t.Error("compareUTF16 is not UTF-16 order")
	}
	if compareUTF16("a", "ab") >= 0 || compareUTF16("b", "ab") <= 0 || compareUTF16("x", "x") != 0 {
		t.Error("compareUTF16 prefix order")
	}
	if !javaEqualsIgnoreCase("ÉTÉ", "été") || javaEqualsIgnoreCase("a", "ab") {
		t.Error("javaEqualsIgnoreCase")
	}
	if utf16Len("a😀é") != 4 {
		t.Errorf("utf16Len = %d", utf16Len("a😀é"))
	}
	for s, ok := range map[string]bool{"1": true, "-1.5": true, "1e5": true, ".5": true, "5.": true, "0x10": false, "1_000": false, "inf": false, "NaN": false, "": false, "+": false, "1e": false} {
		if javaNumberSyntax(s) != ok {
			t.Errorf("javaNumberSyntax(%q) = %v", s, !ok)
		}
	}
	if v, ok := javaParseDouble(" 2.5f "); !ok || v != 2.5 {
		t.Errorf("javaParseDouble: %v %v", v, ok)
	}
	if _, ok := javaParseLong("+-1", 10); ok {
		t.Error("javaParseLong accepts two signs")
	}
}

func TestArith(t *testing.T) {
	for _, tc := range []struct {
		op   eql.ArithOp
		l, r sval
		want sval
		err  string
	}{
		{eql.OpAdd, sIntVal(2), sIntVal(3), sIntVal(5), ""},
		{eql.OpAdd, sIntVal(math.MaxInt32), sIntVal(1), sNullVal, "integer overflow"},
		{eql.OpAdd, sLongVal(math.MaxInt32), sIntVal(1), sLongVal(math.MaxInt32 + 1), ""},
		{eql.OpAdd, sLongVal(math.MaxInt64), sIntVal(1), sNullVal, "long overflow"},
		{eql.OpSub, sLongVal(math.MinInt64), sIntVal(1), sNullVal, "long overflow"},
		{eql.OpMul, sLongVal(1 << 62), sIntVal(2), sNullVal, "long overflow"},
		{eql.OpMul, sIntVal(-3), sIntVal(4), sIntVal(-12), ""},
		{eql.OpDiv, sIntVal(7), sIntVal(2), sIntVal(3), ""},
		{eql.OpDiv, sIntVal(-7), sIntVal(2), sIntVal(-3), ""},
		{eql.OpDiv, sIntVal(1), sIntVal(0), sNullVal, "/ by zero"},
		{eql.OpDiv, sDoubleVal(1), sIntVal(0), sDoubleVal(math.Inf(1)), ""},
		{eql.OpMod, sIntVal(-7), sIntVal(2), sIntVal(-1), ""},
		{eql.OpAdd, sNullVal, sIntVal(1), sNullVal, ""},
		{eql.OpAdd, sString("a"), sIntVal(1), sNullVal, "A number is required"},
	} {
		got, err := arith(tc.op, tc.l, tc.r)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%v %s %v: error %v, want %q", tc.l, tc.op, tc.r, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%v %s %v = %v, %v; want %v", tc.l, tc.op, tc.r, got, err, tc.want)
		}
	}
}

func TestMappingLookup(t *testing.T) {
	m := ECS()
	for name, want := range map[string]string{
		"process.args":                   "keyword/1024/ecs",
		"process.command_line":           "wildcard/0/ecs",
		"process.pid":                    "long/0/ecs",
		"process.interactive":            "boolean/0/ecs",
		"destination.ip":                 "ip/0/ecs",
		"file.elf.imports.name":          "flattened/0/flattened file.elf.imports",
		"foo.bar.ip":                     "/0/dynamic",
		"foo.bar.name":                   "keyword/0/ecs@mappings ecs_path_match_keyword_and_match_only_text",
		"foo.command_line":               "wildcard/0/ecs@mappings ecs_match_wildcard_and_match_only_text",
		"foo.start":                      "date/0/ecs@mappings ecs_date",
		"foo.risk_score.x":               "float/0/ecs@mappings ecs_path_match_float",
		"foo.version.risk_score.x":       "float/0/ecs@mappings ecs_path_match_float",
		"auditd.data.a0":                 "/0/dynamic",
		"kubernetes.audit.annotations.x": "/0/dynamic",
	} {
		ft := m.Lookup(name)
		got := string(ft.Type) + "/" + itoa(ft.IgnoreAbove) + "/" + ft.From
		if got != want {
			t.Errorf("%s: %s, want %s", name, got, want)
		}
	}
	if ft := m.resolve("foo.bar.ip", jsonString); ft.Type != ecsmapping.IP {
		t.Errorf("a string in *.ip: %v", ft)
	}
	if ft := m.resolve("foo.bar.ip", jsonLong); ft.Type != ecsmapping.Long {
		t.Errorf("a number in *.ip: %v", ft)
	}
	if ft := m.resolve("x", jsonString); ft.Type != ecsmapping.Keyword || ft.IgnoreAbove != 1024 {
		t.Errorf("a string: %v", ft)
	}
	if ft := Dynamic().Lookup("process.name"); ft.IgnoreAbove != 0 || ft.Type != ecsmapping.Keyword {
		t.Errorf("dynamic process.name: %v", ft)
	}
	if ft := Dynamic().resolve("process.args", jsonString); ft.IgnoreAbove != 1024 {
		t.Errorf("dynamic process.args: %v", ft)
	}
	if _, ok := MappingByName("nope"); ok {
		t.Error("MappingByName accepts an unknown name")
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func TestDocumentBuilders(t *testing.T) {
	js := `{"process":{"name":"x","args":["a","b"],"pid":7,"interactive":"true"},"destination.ip":"::ffff:10.0.0.1","event.risk_score":0.1}`
	a, err := ParseJSON(nil, []byte(js))
	if err != nil {
		t.Fatal(err)
	}
	var obj map[string]any
	if err := json.Unmarshal([]byte(js), &obj); err != nil {
		t.Fatal(err)
	}
	b, err := FromMap(nil, obj)
	if err != nil {
		t.Fatal(err)
	}
	c := NewDocument(nil)
	for _, add := range []struct {
		path string
		v    []any
	}{
		{"process.name", []any{"x"}}, {"process.args", []any{[]string{"a", "b"}}}, {"process.pid", []any{int64(7)}},
		{"process.interactive", []any{true}}, {"destination.ip", []any{netip.MustParseAddr("10.0.0.1")}}, {"event.risk_score", []any{0.1}},
	} {
		if err := c.Add(add.path, add.v...); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string][]string{
		"process.name": {"x"}, "process.args": {"a", "b"}, "process.pid": {"7"}, "process.interactive": {"true"},
		"destination.ip": {"10.0.0.1"}, "event.risk_score": {"0.10000000149011612"},
	}
	for _, d := range []*Document{a, b, c} {
		if got := d.Fields(); !slices.Equal(got, slices.Sorted(mapKeys(want))) {
			t.Errorf("fields %v", got)
		}
		for f, vs := range want {
			if got := d.Values(f); !slices.Equal(got, vs) {
				t.Errorf("%s = %v, want %v", f, got, vs)
			}
		}
	}
	if d := NewDocument(nil); d.Add("a..b", "x") == nil || d.Add("x", struct{}{}) == nil || d.Add("x", "\xff") == nil {
		t.Error("Add accepts a bad path, a bad Go value or invalid UTF-8")
	}
	if _, err := FromMap(nil, map[string]any{"process.pid": "x"}); err == nil {
		t.Error("FromMap accepts a bad long")
	}
	if a.Type("process.pid").Type != ecsmapping.Long || a.Type("nothing").Kind() != KindDynamic || a.Mapping() != ECS() {
		t.Error("Type/Mapping")
	}
}

func mapKeys(m map[string][]string) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func TestDocumentErrors(t *testing.T) {
	for js, want := range map[string]string{
		`[]`:                                "not a JSON object",
		`{"a":1} {}`:                        "data after",
		`{"a":`:                             "bad JSON",
		`{"a":1,"a":1}`:                     "duplicate key",
		`{"process":{"pid":{"x":1}}}`:       "an object where the mapping has a long field",
		`{"process.pid":1e30}`:              "out of range",
		`{"process.args_count":"x"}`:        "not a number",
		`{"process.interactive":"yes"}`:     "only true, false",
		`{"destination.ip":5}`:              "an ip field takes strings",
		`{"destination.ip":"fe80::1%eth0"}`: "not an IP address",
		`{"":1}`:                            "empty field name",
		`{"a.":1}`:                          "empty part",
		`{"a":"x","a.b":"y"}`:               "both a value and an object",
		`{"container.labels":"x"}`:          "a value where the mapping has an object",
		`{"process.title":"` + strings.Repeat("x", 40000) + `","process.name":"y"}`: "",
	} {
		_, err := ParseJSON(nil, []byte(js))
		switch {
		case want == "" && err != nil:
			t.Errorf("%.60s: %v", js, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("%.60s: error %v, want %q", js, err, want)
		}
	}
	// A keyword without ignore_above (dynamic *.name) longer than Lucene's
	// term limit makes Elasticsearch reject the document.
	if _, err := ParseJSON(Dynamic(), []byte(`{"process.name":"`+strings.Repeat("x", 40000)+`"}`)); err == nil || !strings.Contains(err.Error(), "Lucene") {
		t.Errorf("immense term: %v", err)
	}
}

func TestMatchMappingMismatch(t *testing.T) {
	p, errs := CompileString("any where true", Options{Mapping: Dynamic()})
	if p == nil {
		t.Fatal(errs)
	}
	_, err := p.Match(NewDocument(ECS()))
	if err == nil || !strings.Contains(err.Error(), "mapping") {
		t.Errorf("err = %v", err)
	}
}

func TestExplain(t *testing.T) {
	p, errs := CompileString(`process where process.args in ("curl") and not process.name : "sh" and length(process.args) > 30`, Options{})
	if p == nil {
		t.Fatal(errs.Render())
	}
	d, err := ParseJSON(nil, []byte(`{"event.category":"process","process":{"args":["curl","`+strings.Repeat("x", 40)+`","`+strings.Repeat("y", 1100)+`"]}}`))
	if err != nil {
		t.Fatal(err)
	}
	x := p.Explain(d)
	if !x.Match || x.Err != nil {
		t.Fatalf("verdict %v %v", x.Match, x.Err)
	}
	got := x.String()
	for _, want := range []string{
		"MATCH\n",
		`  true  event.category == "process"   [term (category)]`,
		`    true  process.args in ("curl")   [terms]`,
		`          process.args (keyword ignore_above 1024) = ["curl", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"], not indexed (over ignore_above): ["yyyy`,
		`...(1100 chars)]`,
		`          matched: ["curl"]`,
		"    true  not\n",
		`      false process.name : "sh"   [term (case-insensitive)]`,
		`            process.name (missing) = []`,
		`    true  length(process.args) > 30   [script]`,
		`          matched: ["process.args=\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\""]`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("explanation lacks %q:\n%s", want, got)
		}
	}
	// Every node of a failing evaluation still shows, with the error.
	p, _ = CompileString(`process where number(process.title) == 1`, Options{})
	d, _ = ParseJSON(nil, []byte(`{"event.category":"process","process.title":"abc"}`))
	x = p.Explain(d)
	if x.Err == nil || !strings.Contains(x.String(), "ERROR: eval/runtime") || !strings.Contains(x.String(), "error: eval/runtime") {
		t.Errorf("runtime error:\n%s", x)
	}
}

// TestConcurrentMatch shares a program and documents between goroutines
// (run with -race to check).
func TestConcurrentMatch(t *testing.T) {
	p, errs := CompileString(`process where process.args in~ ("CURL") and length(process.args) > 2 and process.name regex "wh.*"`, Options{})
	if p == nil {
		t.Fatal(errs.Render())
	}
	d, err := ParseJSON(nil, []byte(`{"event.category":"process","process":{"name":"which","args":["which","curl"]}}`))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 200 {
				if ok, err := p.Match(d); !ok || err != nil {
					t.Errorf("Match = %v, %v", ok, err)
					return
				}
				_ = p.Explain(d).String()
			}
		}()
	}
	wg.Wait()
}

func TestCompileRuleWithoutSource(t *testing.T) {
	p, errs := CompileRule(&elastic.Rule{Query: "process where true", EventCategoryOverride: "event.type"}, Options{})
	if p == nil {
		t.Fatal(errs.Render())
	}
	d, _ := ParseJSON(nil, []byte(`{"event.type":"process"}`))
	if ok, _ := p.Match(d); !ok {
		t.Error("event_category_override ignored")
	}
	_, errs = CompileRule(&elastic.Rule{Path: "r.toml", Query: "process where a = 1"}, Options{})
	if len(errs) == 0 || errs[0].Pos.File != "r.toml" {
		t.Errorf("errors %v", errs)
	}
}
