package condition

import (
	"math/rand"
	"strings"
	"testing"

	"github.com/eql2falco/eql2falco/falco/condition/internal/cfnmatch"
)

// Each row is a claim about Falco's glob/iglob (glibc fnmatch, C locale).
var globCases = []struct {
	pattern, name string
	fold          bool
	want          bool
}{
	{"/usr/*", "/usr/bin/ls", false, true}, // '*' crosses '/' (no FNM_PATHNAME)
	{"*", ".hidden", false, true},          // and matches a leading '.' (no FNM_PERIOD)
	{"*", "", false, true},
	{"?", "", false, false},
	{"a?c", "abc", false, true},
	{"a?c", "a/c", false, true},
	{"a[*]b", "a*b", false, true}, // bracket escapes
	{"a[*]b", "axb", false, false},
	{"a[?]b", "a?b", false, true},
	{"a[?]b", "axb", false, false},
	{"a[[]b", "a[b", false, true},
	{"a[]]b", "a]b", false, true}, // ']' first in a bracket is a member
	{`a\*b`, "a*b", false, true},  // backslash escape
	{`a\*b`, "axb", false, false},
	{`a\`, `a\`, false, false}, // a trailing backslash matches nothing
	{`\a`, "a", false, true},
	{"[!a]", "b", false, true},
	{"[!a]", "a", false, false},
	{"[^a]", "b", false, true}, // '^' negates too (POSIXLY_CORRECT unset)
	{"[a-c]", "b", false, true},
	{"[a-c]", "d", false, false},
	{"[a-]", "-", false, true}, // '-' last is a member
	{"[[:digit:]]x", "7x", false, true},
	{"[[:alpha:]]", "1", false, false},
	{"[[:foo:]]", "f", false, false},  // unknown class: no match
	{"[![:foo:]]", "f", false, false}, // ... even negated
	{"[ab", "[ab", false, true},       // unterminated '[' is literal
	{"[ab", "a", false, false},        // even when a member matches
	{"[[=a=]]", "a", false, true},     // equivalence class of one byte
	{"[[.a.]]", "a", false, true},     // collating symbol of one byte
	{"[[.ab.]]", "a", false, false},   // longer collating symbol: fails
	{"[[.-.]-]", "-", false, true},    // symbol followed by "-]": a member, not a range
	{"[[:combining:]]", "a", false, false},
	{"*[[0", "[[0", false, true}, // found by FuzzGlob: unterminated after '*'
	{"CURL", "curl", false, false},
	{"CURL", "curl", true, true}, // iglob folds case
	{"cu*", "CURL", true, true},
	{"[A-Z]", "q", true, true}, // range ends are folded too
	{"é", "É", true, false},    // ASCII folding only
	{"\xc3\xa9", "\xc3\x89", true, false},
	{"[[:upper:]]", "a", true, false}, // classes test the unfolded byte
	{"*a*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaac", false, false},
}

func TestGlob(t *testing.T) {
	for _, c := range globCases {
		if got := Glob(c.pattern, c.name, c.fold); got != c.want {
			t.Errorf("Glob(%q, %q, fold=%v) = %v, want %v", c.pattern, c.name, c.fold, got, c.want)
		}
	}
}

// TestGlobCases checks the claims above against the C library itself.
func TestGlobCasesAgainstLibc(t *testing.T) {
	if !cfnmatch.Available {
		t.Skip("cgo not available")
	}
	for _, c := range globCases {
		if got := cfnmatch.Match(c.pattern, c.name, c.fold); got != c.want {
			t.Errorf("libc fnmatch(%q, %q, fold=%v) = %v, the table says %v", c.pattern, c.name, c.fold, got, c.want)
		}
	}
}

const globAlphabet = "ab-]![^*?\\:=.AZ/\xc3"

func randGlobString(r *rand.Rand, n int) string {
	b := make([]byte, r.Intn(n+1))
	for i := range b {
		b[i] = globAlphabet[r.Intn(len(globAlphabet))]
	}
	return string(b)
}

// TestGlobDifferential compares Glob with the C library on random patterns
// built from the characters that matter.
func TestGlobDifferential(t *testing.T) {
	if !cfnmatch.Available {
		t.Skip("cgo not available")
	}
	r := rand.New(rand.NewSource(1))
	classes := []string{"[[:alpha:]]", "[[:space:]]", "[[:x", "[[=a=]", "[[.b.]-z]", "[a-[.c.]]"}
	for i := 0; i < 30000; i++ {
		p := randGlobString(r, 8)
		if r.Intn(4) == 0 {
			p += classes[r.Intn(len(classes))] + randGlobString(r, 3)
		}
		s := randGlobString(r, 8)
		fold := r.Intn(2) == 0
		if got, want := Glob(p, s, fold), cfnmatch.Match(p, s, fold); got != want {
			t.Fatalf("Glob(%q, %q, fold=%v) = %v, libc says %v", p, s, fold, got, want)
		}
	}
}

func FuzzGlob(f *testing.F) {
	if !cfnmatch.Available {
		f.Skip("cgo not available")
	}
	for _, c := range globCases {
		f.Add(c.pattern, c.name, c.fold)
	}
	f.Fuzz(func(t *testing.T, pattern, name string, fold bool) {
		if len(pattern) > 64 || len(name) > 64 {
			return // keep libc's backtracking cheap
		}
		if strings.ContainsRune(pattern, 0) || strings.ContainsRune(name, 0) {
			return // C strings; the evaluator never passes a NUL
		}
		if got, want := Glob(pattern, name, fold), cfnmatch.Match(pattern, name, fold); got != want {
			t.Fatalf("Glob(%q, %q, fold=%v) = %v, libc says %v", pattern, name, fold, got, want)
		}
	})
}
