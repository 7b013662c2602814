package translate

import (
	"regexp"
	"testing"
)

func TestLuceneToRE2(t *testing.T) {
	cases := []struct {
		lucene string
		fold   bool
		re2    string
	}{
		{"a.c", false, `a(.|\n)c`},
		{"a|bc", false, `a|bc`},
		{"(a|b)c", false, `(a|b)c`},
		{"a**", false, `(a*)*`},
		{"(ab)+", false, `(ab)+`},
		{"a{2}b{1,}c{0,3}", false, `a{2}b+c{0,3}`},
		{"@", false, `(.|\n)*`},
		{`"a+b"`, false, `a\+b`},
		{`a\\b`, false, `a\x{5c}b`},
		{`[\]a-c]`, false, `[\]a-c]`},
		{`[^\n]`, false, ``}, // \n is refused (letter escape)
		{`[^a]`, false, `[^a]`},
		{`[^a]`, true, `[^Aa]`},
		{`\W`, false, `[^0-9A-Z_a-z]`},
		{`[\d.\-]`, false, `[\-.0-9]`},
		{`[\d.-]`, false, ``},
		{`$^`, false, `\$\^`},
		{"()", false, `()`},
		{"a()b", false, `ab`},
		{"[~&#@<]", false, `[#&<@~]`},
	}
	for _, c := range cases {
		x, err := parseLucene(c.lucene, c.fold)
		if c.re2 == "" {
			if err == nil {
				t.Errorf("%q: accepted as %q", c.lucene, re2(x))
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", c.lucene, err)
			continue
		}
		got := re2(x)
		if got != c.re2 {
			t.Errorf("%q: %q, want %q", c.lucene, got, c.re2)
		}
		if err := checkRE2(got); err != nil {
			t.Errorf("%q: %q is not valid RE2: %v", c.lucene, got, err)
		}
	}
}

// TestRE2Matching runs the RE2 forms with Go's RE2 implementation, anchored
// at both ends as libsinsp matches, on values whose Lucene verdict is known.
func TestRE2Matching(t *testing.T) {
	cases := []struct {
		lucene string
		fold   bool
		value  string
		want   bool
	}{
		{"a.c", false, "a\nc", true},
		{"a.c", false, "abcd", false},
		{"a.c", false, "aéc", true},
		{"[^a]", false, "\n", true},
		{"[^a]", false, "é", true},
		{"x[^a]*", false, "xé\nb", true},
		{`\s`, false, "\f", false},
		{`\s`, false, "\r", true},
		{`\w+`, false, "é", false},
		{"php?", true, "PH", true},
		{"ab|cd", false, "abcd", false},
		{"(ab|cd)+", false, "abcd", true},
		{"a**", false, "aaa", true},
		{"@", false, "", true},
		{"[a-c]+", false, "abcabc", true},
		{"[a-c]+", false, "abcd", false},
	}
	for _, c := range cases {
		x, err := parseLucene(c.lucene, c.fold)
		if err != nil {
			t.Fatalf("%q: %v", c.lucene, err)
		}
		re := regexp.MustCompile(`\A(?:` + re2(x) + `)\z`)
		if got := re.MatchString(c.value); got != c.want {
			t.Errorf("%q on %q: %v, want %v (RE2 %q)", c.lucene, c.value, got, c.want, re2(x))
		}
	}
}

func TestLiteralRegex(t *testing.T) {
	for _, c := range []struct {
		lucene string
		fold   bool
		lit    string
		ok     bool
	}{
		{"bash", false, "bash", true},
		{`"a.b"c`, false, "a.bc", true},
		{`a\.b`, false, "a.b", true},
		{"a.b", false, "", false},
		{"a|b", false, "", false},
		{"Bash", true, "Bash", true},
		{"", false, "", true},
	} {
		x, err := parseLucene(c.lucene, c.fold)
		if err != nil {
			t.Fatal(err)
		}
		s, _, ok := literal(x)
		if ok != c.ok || s != c.lit {
			t.Errorf("literal(%q) = %q, %v", c.lucene, s, ok)
		}
	}
}
