package ecs

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestPatternArgEncoding(t *testing.T) {
	cases := []struct {
		kind PatternKind
		pats []string
		arg  string
	}{
		{PatternLike, []string{"*--socks5*"}, "*--socks5*"},
		{PatternILike, []string{"*curl*", "wget"}, "*curl*|wget"},
		{PatternLike, []string{"* -o ProxyCommand=*"}, "*%20-o%20ProxyCommand=*"},
		{PatternLike, []string{"[a]", `"x"`, "'y'", "50%", "a|b", "tab\there", "nl\n", "\x7f", ""}, "%5Ba%5D|%22x%22|%27y%27|50%25|a%7Cb|tab%09here|nl%0A|%7F|"},
		{PatternLike, []string{"é*", `C:\dir\*`, "(x)", "a,b=c"}, `é*|C:\dir\*|(x)|a,b=c`},
		{PatternRegex, []string{"a|b[0-9]+ x"}, "a|b%5B0-9%5D+%20x"},
	}
	for _, c := range cases {
		arg, err := EncodePatternArg(c.kind, c.pats...)
		if err != nil || arg != c.arg {
			t.Errorf("Encode(%q) = %q, %v; want %q", c.pats, arg, err, c.arg)
			continue
		}
		back, err := DecodePatternArg(c.kind, arg)
		if err != nil || strings.Join(back, "\x00") != strings.Join(c.pats, "\x00") {
			t.Errorf("Decode(%q) = %q, %v; want %q", arg, back, err, c.pats)
		}
	}
	// Lower-case hex and raw characters a quoted argument can carry.
	if got, err := DecodePatternArg(PatternLike, `%7c%5d['x"]`); err != nil || len(got) != 1 || got[0] != `|][`+"'x\"]" {
		t.Errorf("lenient decoding: %q %v", got, err)
	}
	for _, bad := range []string{"%", "a%2", "%zz", "x|%G0"} {
		if _, err := DecodePatternArg(PatternLike, bad); err == nil || !strings.Contains(err.Error(), "two hex digits") {
			t.Errorf("Decode(%q): %v", bad, err)
		}
	}
	if _, err := EncodePatternArg(PatternRegex, "a", "b"); err == nil {
		t.Error("two regexes encoded")
	}
	if _, err := EncodePatternArg(PatternRegex, "a("); err == nil {
		t.Error("a bad regex encoded")
	}
	if _, err := EncodePatternArg(PatternLike); err == nil {
		t.Error("no pattern encoded")
	}
}

func TestGlob(t *testing.T) {
	cases := []struct {
		pat  string
		fold bool
		in   []string
		out  []string
	}{
		{"*", false, []string{"", "x", "\xff"}, nil},
		{"", false, []string{""}, []string{"x"}},
		{"curl", false, []string{"curl"}, []string{"Curl", "curl ", "xcurl"}},
		{"curl", true, []string{"curl", "CURL", "cUrL"}, []string{"curls"}},
		{"--socks5*", false, []string{"--socks5", "--socks5-hostname"}, []string{"x--socks5", "--SOCKS5"}},
		{"*.sh", false, []string{".sh", "a.sh"}, []string{"a.shx", "a.SH"}},
		{"*proxy*", true, []string{"proxy", "ProxyCommand", "-oPROXYjump"}, []string{"prox"}},
		{"a?c", false, []string{"abc", "aéc", "a\xffc", "a😀c"}, []string{"ac", "abbc"}},
		{"a??c", false, []string{"abbc"}, []string{"aéc"}}, // é is one character, not two bytes
		{"*a*b*c*", false, []string{"abc", "xaxbxcx", "aabbcc"}, []string{"acb", "ab"}},
		{"a*a*a", false, []string{"aaa", "abababa"}, []string{"aa", "aaab"}},
		{"**x", false, []string{"x", "yx"}, []string{"xy"}},
		{`C:\*`, false, []string{`C:\`, `C:\dir`}, []string{`C:*`}},  // no escape
		{"É*", true, []string{"Éa"}, []string{"éa"}},                 // only ASCII folds
		{"?", false, []string{"\xff", "é", "😀"}, []string{"", "ab"}}, // an invalid byte is one U+FFFD
		{"\uFFFD", false, []string{"\xff", "\uFFFD"}, []string{"\xfe\xff"}},
		{"*\uFFFD", false, []string{"a\xff", "a\uFFFD"}, []string{"a"}},
		{"x\uFFFD*", true, []string{"X\xffy"}, []string{"xy"}},
	}
	for _, c := range cases {
		g := compileGlob(c.pat, c.fold)
		for _, s := range c.in {
			if !g.match([]byte(s)) {
				t.Errorf("%q (fold %v) does not match %q", c.pat, c.fold, s)
			}
		}
		for _, s := range c.out {
			if g.match([]byte(s)) {
				t.Errorf("%q (fold %v) matches %q", c.pat, c.fold, s)
			}
		}
	}
}

// globOracle matches as Elasticsearch would on the element it indexes:
// invalid bytes become U+FFFD, then the pattern is a regular expression
// over code points.
func globOracle(pat, s string, fold bool) bool {
	var b strings.Builder
	b.WriteString(`(?s)^`)
	for _, r := range pat {
		switch r {
		case '*':
			b.WriteString(".*")
		case '?':
			b.WriteString(".")
		default:
			if fold {
				r = lowerASCIIRune(r)
			}
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString("$")
	s = strings.Map(func(r rune) rune { return r }, s) // each invalid byte becomes U+FFFD
	if fold {
		s = strings.Map(lowerASCIIRune, s)
	}
	return regexp.MustCompile(b.String()).MatchString(s)
}

func FuzzGlob(f *testing.F) {
	for _, s := range [][2]string{{"a*b?c", "axbyc"}, {"*\uFFFD", "a\xff"}, {"CURL*", "curl -x"}, {"?é*", "xé\xc3"}} {
		f.Add(s[0], s[1], false)
		f.Add(s[0], s[1], true)
	}
	f.Fuzz(func(t *testing.T, pat, s string, fold bool) {
		if !utf8.ValidString(pat) || len(pat) > 64 || len(s) > 256 {
			return // EQL patterns are valid UTF-8
		}
		g := compileGlob(pat, fold)
		got, want := g.match([]byte(s)), globOracle(pat, s, fold)
		if got != want {
			t.Fatalf("%q (fold %v) on %q: %v, Elasticsearch %v", pat, fold, s, got, want)
		}
		// The search of a whole buffer never rules out an element that
		// matches: s alone, and s between other elements.
		m := &matcher{globs: []glob{g}}
		if got && strings.IndexByte(s, 0) < 0 &&
			(m.candidates([]byte(s)) == 0 || m.candidates([]byte("x\x00"+s+"\x00y")) == 0) {
			t.Fatalf("%q (fold %v): the buffer search rules out %q, which matches", pat, fold, s)
		}
	})
}
