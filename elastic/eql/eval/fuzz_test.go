package eval

import (
	"bytes"
	"encoding/json"
	"errors"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/eql2falco/eql2falco/diag"
	"github.com/eql2falco/eql2falco/elastic"
	"github.com/eql2falco/eql2falco/elastic/eql"
	"github.com/eql2falco/eql2falco/internal/corpus"
)

// fuzzProgram is a compiled query with the negation of its condition and
// the strings its literals use (to build documents that reach its leaves).
type fuzzProgram struct {
	p, not *Program
	fields []string
	words  []string
}

var fuzzPrograms = sync.OnceValue(func() []*fuzzProgram {
	var queries []string
	if dir, ok := corpus.Find(); ok {
		if set, err := elastic.Load(dir); err == nil {
			for _, r := range set.Rules {
				queries = append(queries, r.Query)
			}
		}
	}
	queries = append(queries, conformanceQueries()...)
	var out []*fuzzProgram
	for _, q := range queries {
		p, _ := CompileString(q, Options{})
		if p == nil {
			continue
		}
		where := p.query.Body.(*eql.EventQuery).Where
		not, _ := CompileString("any where not ("+eql.Format(where)+")", Options{})
		fp := &fuzzProgram{p: p, not: not, fields: p.Fields()}
		eql.Inspect(where, func(n eql.Node) bool {
			if s, ok := n.(*eql.String); ok {
				fp.words = append(fp.words, s.Value)
			}
			return true
		})
		out = append(out, fp)
	}
	return out
})

// conformanceQueries are the queries of the conformance corpus.
func conformanceQueries() []string {
	var out []string
	defer func() { _ = recover() }() // loadConformance uses t.Fatal through a nil TB otherwise
	for _, f := range loadConformance(&quietTB{}) {
		for _, c := range f.Cases {
			if c.Query != "" && c.Error == "" {
				out = append(out, c.Query)
			}
		}
	}
	return out
}

// quietTB is a testing.TB for loading test data outside a test.
type quietTB struct{ testing.TB }

func (*quietTB) Helper()               {}
func (*quietTB) Fatalf(string, ...any) { panic("fatal") }
func (*quietTB) Fatal(...any)          { panic("fatal") }

// extraWords are values that stress the semantics: case, wildcards,
// backslashes, non-ASCII, the empty string, a value over ignore_above.
var extraWords = []string{"", "*", "?", `\`, "É", "é", "ß", "İ", "\u212a", "😀", "\n", "0", "-1", "1.5", "true", "10.0.0.1", "::1", strings.Repeat("x", 1025)}

// fuzzDocument builds a document from fuzz bytes: each step picks a field
// of the program (or event.category), a value kind and a value.
func fuzzDocument(fp *fuzzProgram, data []byte) (*Document, error) {
	obj := map[string]any{}
	fields := append([]string{"event.category"}, fp.fields...)
	words := append(append([]string{"process"}, fp.words...), extraWords...)
	next := func() int {
		if len(data) == 0 {
			return 0
		}
		b := int(data[0])
		data = data[1:]
		return b
	}
	word := func() string {
		w := words[next()%len(words)]
		switch next() % 6 {
		case 0:
			return strings.ToUpper(w)
		case 1:
			if w != "" {
				return w[:len(w)-1]
			}
		case 2:
			return w + w
		}
		return w
	}
	value := func() any {
		switch next() % 7 {
		case 0:
			return nil
		case 1:
			return next() - 100
		case 2:
			return next()%2 == 0
		case 3:
			return []any{word(), word()}
		case 4:
			return []any{}
		}
		return word()
	}
	for len(data) > 0 {
		f := fields[next()%len(fields)]
		obj[f] = value()
	}
	return FromMap(fp.p.mapping, obj)
}

// FuzzEval runs corpus and conformance queries on generated documents:
// no panic; Match and Explain agree; a query and its negation never both
// match; errors are coded diagnostics.
func FuzzEval(f *testing.F) {
	f.Add(uint16(0), []byte("\x00\x05\x01\x06"))
	f.Add(uint16(1), []byte("\x01\x03\x02\x00\x00\x02\x07\x04"))
	f.Add(uint16(7), []byte("\x02\x05\x10\x02\x03\x11\x05\x00\x03\x00\x04\x09"))
	f.Fuzz(func(t *testing.T, which uint16, data []byte) {
		progs := fuzzPrograms()
		if len(progs) == 0 {
			t.Skip("no programs")
		}
		fp := progs[int(which)%len(progs)]
		d, err := fuzzDocument(fp, data)
		if err != nil {
			var de *DocumentError
			if !errors.As(err, &de) {
				t.Fatalf("document error of type %T: %v", err, err)
			}
			return
		}
		ok, err := fp.p.Match(d)
		x := fp.p.Explain(d)
		if x.Match != ok || (x.Err == nil) != (err == nil) {
			t.Fatalf("Explain %v/%v, Match %v/%v", x.Match, x.Err, ok, err)
		}
		_ = x.String()
		if err != nil {
			var de *diag.Error
			if !errors.As(err, &de) || de.Code != CodeRuntime {
				t.Fatalf("runtime error %T %v", err, err)
			}
			return
		}
		if fp.not == nil {
			return
		}
		cat, _ := fp.p.category.(*fieldLeaf)
		inCategory := true
		if cat != nil {
			inCategory, _ = cat.eval(d)
		}
		notOK, err := fp.not.Match(d)
		if err != nil || !inCategory {
			return
		}
		if cn, isConst := fp.p.where.(*constNode); isConst && cn.null {
			return
		}
		if ok == notOK {
			t.Fatalf("%s\nthe query and its negation both give %v on\n%s", fp.p.query, ok, x)
		}
	})
}

// FuzzRegexp translates arbitrary Lucene patterns: no panic, a pattern
// that translates compiles, and case-insensitivity only adds matches.
func FuzzRegexp(f *testing.F) {
	for _, s := range []string{`a.*b`, `[a-z]+`, `"x"`, `\d{2,3}`, `(a|b)*c`, `[^\s]`, `a{2}{3}`, `~a`, `\\`, `[]]`} {
		f.Add(s, "ab")
	}
	f.Fuzz(func(t *testing.T, pattern, value string) {
		if !utf8.ValidString(pattern) || !utf8.ValidString(value) {
			return
		}
		cs, err := compileRegexp(pattern, false)
		if err != nil {
			var re *regexError
			if !errors.As(err, &re) {
				t.Fatalf("%q: error of type %T", pattern, err)
			}
			return
		}
		ci, err := compileRegexp(pattern, true)
		if err != nil {
			t.Fatalf("%q compiles case-sensitively but not case-insensitively: %v", pattern, err)
		}
		if cs.MatchString(value) && !ci.MatchString(value) {
			t.Fatalf("%q matches %q, its case-insensitive form does not", pattern, value)
		}
	})
}

// FuzzWildcard checks the wildcard matcher against Go's regexp engine.
func FuzzWildcard(f *testing.F) {
	for _, s := range []string{"a*b?c", "*", "?", "**x", `a\*`, "É*", "*ab*"} {
		f.Add(s, "aXbYc", false)
	}
	f.Fuzz(func(t *testing.T, pattern, value string, ci bool) {
		if !utf8.ValidString(pattern) || !utf8.ValidString(value) {
			return
		}
		var b strings.Builder
		b.WriteString(`\A(?s:`)
		for _, r := range pattern {
			switch {
			case r == '*':
				b.WriteString(".*")
			case r == '?':
				b.WriteString(".")
			case ci && otherCase(r) != r:
				b.WriteString("[" + regexp.QuoteMeta(string(r)) + regexp.QuoteMeta(string(otherCase(r))) + "]")
			default:
				b.WriteString(regexp.QuoteMeta(string(r)))
			}
		}
		b.WriteString(`)\z`)
		want := regexp.MustCompile(b.String()).MatchString(value)
		w := newEQLWildcard(pattern, ci)
		if got := w.match(value); got != want {
			t.Fatalf("%q ci=%v on %q: %v, regexp says %v", pattern, ci, value, got, want)
		}
		if got := w.general(value); got != want {
			t.Fatalf("general %q ci=%v on %q: %v, regexp says %v", pattern, ci, value, got, want)
		}
	})
}

// FuzzParseJSON feeds arbitrary bytes to the JSON document reader.
func FuzzParseJSON(f *testing.F) {
	for _, s := range []string{`{"a":1}`, `{"process":{"args":["a",["b"]]}}`, `{"a":{"b":null}}`, `{"destination.ip":"::1"}`, `{"a":1,"a":2}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := ParseJSON(nil, data)
		if err != nil {
			var de *DocumentError
			if !errors.As(err, &de) {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		if !json.Valid(data) {
			t.Fatalf("ParseJSON accepts invalid JSON %q", data)
		}
		// encoding/json then FromMap gives the same document.
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		var obj map[string]any
		if err := dec.Decode(&obj); err != nil {
			t.Fatalf("encoding/json: %v", err)
		}
		d2, err := FromMap(nil, obj)
		if err != nil {
			t.Fatalf("FromMap fails where ParseJSON succeeds: %v", err)
		}
		if !slices.Equal(d.Fields(), d2.Fields()) {
			t.Fatalf("fields %v and %v", d.Fields(), d2.Fields())
		}
		for _, name := range d.Fields() {
			a, b := slices.Sorted(slices.Values(d.Values(name))), slices.Sorted(slices.Values(d2.Values(name)))
			if !slices.Equal(a, b) {
				t.Fatalf("%s: %q and %q", name, a, b)
			}
		}
	})
}
