package eval

import (
	"errors"
	"strings"
	"testing"
)

func TestRegexpMatching(t *testing.T) {
	for _, tc := range []struct {
		pattern string
		ci      bool
		match   []string
		nomatch []string
	}{
		{`abc`, false, []string{"abc"}, []string{"ab", "abcd", "xabc", "ABC"}},
		{`abc`, true, []string{"abc", "ABC", "aBc"}, []string{"abcd"}},
		{`a.c`, false, []string{"abc", "a\nc", "a😀c"}, []string{"ac", "a😀😀c"}},
		{`^a$`, false, []string{"^a$"}, []string{"a"}},
		{`"a.b"`, false, []string{"a.b"}, []string{"axb"}},
		{`"a.b"?c`, false, []string{"c", "a.bc"}, []string{"a.c", "ac"}},
		{`a\.b`, false, []string{"a.b"}, []string{"axb"}},
		{`a\\b`, false, []string{`a\b`}, []string{"ab"}},
		{`\d+`, false, []string{"0", "123"}, []string{"", "١"}},
		{`\D`, false, []string{"a", "\n", "١"}, []string{"5"}},
		{`\s`, false, []string{" ", "\t", "\n", "\r"}, []string{"\f", "\v", "\u00a0", "x"}},
		{`\S`, false, []string{"x", "\f"}, []string{" ", "\t"}},
		{`\w+`, false, []string{"a_Z9"}, []string{"é", "-"}},
		{`\W`, false, []string{"-", "é"}, []string{"a", "_"}},
		{`[a-c]+`, true, []string{"abc"}, []string{"ABC"}},
		{`[abc]+`, true, []string{"abc", "ABC"}, []string{"d"}},
		{`[^a]`, true, []string{"b", "\n"}, []string{"a", "A"}},
		{`[\d\s]+`, false, []string{"1 2"}, []string{"a"}},
		{`[]a]+`, false, []string{"]a]"}, []string{"b"}},
		{`[a\-z]`, false, []string{"a", "-", "z"}, []string{"b"}},
		{`[.*+?]`, false, []string{".", "*", "+", "?"}, []string{"a"}},
		{`a*?`, false, []string{"", "a", "aaa"}, []string{"b"}},
		{`a+?b`, false, []string{"b", "ab", "aab"}, []string{"a"}},
		{`a{2}`, false, []string{"aa"}, []string{"a", "aaa"}},
		{`a{2,}`, false, []string{"aa", "aaaa"}, []string{"a"}},
		{`a{0,1}b`, false, []string{"b", "ab"}, []string{"aab"}},
		{`(ab)+`, false, []string{"ab", "abab"}, []string{"aba"}},
		{`()`, false, []string{""}, []string{"x"}},
		{`a|b|`, false, nil, nil}, // error, checked below
		{`*a`, false, []string{"*a"}, []string{"a"}},
		{`|a`, false, []string{"|a"}, []string{"a"}},
		{`a>b`, false, []string{"a>b"}, nil},
		{`]`, false, []string{"]"}, nil},
		{`}`, false, []string{"}"}, nil},
		{`{`, false, []string{"{"}, nil},
		{`é`, true, []string{"é"}, []string{"É"}},
		{`k`, true, []string{"k", "K"}, []string{"\u212a"}},
		{`"AbC"`, true, []string{"abc"}, nil},
		{``, false, []string{""}, []string{"a"}},
	} {
		if tc.match == nil && tc.nomatch == nil {
			continue
		}
		re, err := compileRegexp(tc.pattern, tc.ci)
		if err != nil {
			t.Errorf("%q: %v", tc.pattern, err)
			continue
		}
		for _, s := range tc.match {
			if !re.MatchString(s) {
				t.Errorf("%q (ci %v) should match %q (Go: %s)", tc.pattern, tc.ci, s, re)
			}
		}
		for _, s := range tc.nomatch {
			if re.MatchString(s) {
				t.Errorf("%q (ci %v) should not match %q (Go: %s)", tc.pattern, tc.ci, s, re)
			}
		}
	}
}

func TestRegexpErrors(t *testing.T) {
	for _, tc := range []struct {
		pattern     string
		unsupported bool
		msg         string
	}{
		{`a|`, false, "unexpected end"},
		{`(a`, false, "')' expected"},
		{`a)`, false, "end of pattern expected"},
		{`[a`, false, "']' expected"},
		{`[z-a]`, false, "invalid range"},
		{`a{3,2}`, false, "invalid repetition"},
		{`a{x}`, false, "integer expected"},
		{`a{2`, false, "'}' expected"},
		{`\n`, false, "invalid character class"},
		{`[\n]`, false, "invalid character class"},
		{`a\`, false, "unexpected end"},
		{`"abc`, false, "'\"' expected"},
		{`~a`, true, "complement"},
		{`a&b`, true, "intersection"},
		{`#`, true, "empty language"},
		{`@`, true, "any string"},
		{`<1-5>`, true, "numeric interval"},
		{`<name>`, true, "numeric interval"},
		{`a{1001}`, true, "above 1000"},
		{`[\.-z]`, true, "Lucene versions"},
	} {
		_, err := compileRegexp(tc.pattern, false)
		var re *regexError
		if !errors.As(err, &re) {
			t.Errorf("%q: error %v, want a regexError", tc.pattern, err)
			continue
		}
		if re.unsupported != tc.unsupported || !strings.Contains(re.msg, tc.msg) {
			t.Errorf("%q: unsupported %v msg %q; want %v and %q", tc.pattern, re.unsupported, re.msg, tc.unsupported, tc.msg)
		}
	}
}

// TestRegexpTranslation pins the Go form of a few patterns: literals are
// escaped code points, quantifiers never stack directly, case folding is an
// explicit class.
func TestRegexpTranslation(t *testing.T) {
	for pattern, want := range map[string]string{
		`a.`:   `\A(?:\x{61}(?s:.))\z`,
		`a**`:  `\A(?:(?:(?:\x{61})*)*)\z`,
		`[^b]`: `\A(?:[^\x{62}])\z`,
		`x|y`:  `\A(?:(?:\x{78}|\x{79}))\z`,
	} {
		got, err := translateRegexp(pattern, false)
		if err != nil || got != want {
			t.Errorf("%q: %q, %v; want %q", pattern, got, err, want)
		}
	}
	got, _ := translateRegexp(`a1`, true)
	if want := `\A(?:[\x{61}\x{41}]\x{31})\z`; got != want {
		t.Errorf("ci: %q, want %q", got, want)
	}
}
