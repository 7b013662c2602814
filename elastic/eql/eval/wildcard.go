package eval

import (
	"strings"
	"unicode/utf8"
)

// wildcard is a compiled Lucene wildcard pattern: '*' matches any sequence
// of code points (also none), '?' exactly one code point, anything else
// itself; the whole value must match. With ci, ASCII letters match either
// case and every other code point only itself (Elasticsearch's
// AutomatonQueries.toCaseInsensitiveChar).
type wildcard struct {
	text string // the pattern as given, for explanations
	toks []wtok
	ci   bool
	// Fast paths for patterns without '?': shape of the literal parts.
	shape wshape
	lit   string // the one literal part (folded when ci)
}

type wtok struct {
	star, one bool
	r         rune
}

type wshape uint8

const (
	wGeneral  wshape = iota
	wAny             // *
	wExact           // lit
	wPrefix          // lit*
	wSuffix          // *lit
	wContains        // *lit*
)

// newEQLWildcard compiles an EQL ":"/"like" pattern: every * and ? is a
// wildcard and there is no escape (a backslash is a literal backslash).
func newEQLWildcard(p string, ci bool) *wildcard {
	w := &wildcard{text: p, ci: ci}
	for _, r := range p {
		switch r {
		case '*':
			w.toks = append(w.toks, wtok{star: true})
		case '?':
			w.toks = append(w.toks, wtok{one: true})
		default:
			w.toks = append(w.toks, wtok{r: r})
		}
	}
	w.analyse()
	return w
}

// newLuceneWildcard compiles a pattern in Lucene's WildcardQuery syntax,
// where a backslash escapes the next character and a trailing lone
// backslash is literal. Elasticsearch builds such patterns, unescaped, for
// endsWith and stringContains on a field (QueryTranslator:
// "*" + argument, "*" + argument + "*").
func newLuceneWildcard(p string, ci bool) *wildcard {
	w := &wildcard{text: p, ci: ci}
	for i := 0; i < len(p); {
		r, n := utf8.DecodeRuneInString(p[i:])
		i += n
		switch r {
		case '*':
			w.toks = append(w.toks, wtok{star: true})
		case '?':
			w.toks = append(w.toks, wtok{one: true})
		case '\\':
			if i < len(p) {
				r, n = utf8.DecodeRuneInString(p[i:])
				i += n
			}
			w.toks = append(w.toks, wtok{r: r})
		default:
			w.toks = append(w.toks, wtok{r: r})
		}
	}
	w.analyse()
	return w
}

func (w *wildcard) analyse() {
	var lits []string
	var b strings.Builder
	for _, t := range w.toks {
		switch {
		case t.one:
			w.shape = wGeneral
			return
		case t.star:
			if b.Len() > 0 {
				lits = append(lits, b.String())
				b.Reset()
			}
		default:
			b.WriteRune(t.r)
		}
	}
	if b.Len() > 0 {
		lits = append(lits, b.String())
	}
	switch {
	case len(w.toks) == 0:
		w.shape = wExact // the empty pattern matches the empty value
		return
	case len(lits) == 0:
		w.shape = wAny
		return
	case len(lits) > 1:
		w.shape = wGeneral
		return
	}
	w.lit = lits[0]
	if w.ci {
		w.lit = foldASCII(w.lit)
	}
	lead, trail := w.toks[0].star, w.toks[len(w.toks)-1].star
	switch {
	case lead && trail:
		w.shape = wContains
	case lead:
		w.shape = wSuffix
	case trail:
		w.shape = wPrefix
	default:
		w.shape = wExact
	}
}

// match reports whether the whole of s matches the pattern.
func (w *wildcard) match(s string) bool {
	switch w.shape {
	case wAny:
		return true
	case wExact:
		if w.ci {
			return equalFoldASCII(s, w.lit)
		}
		return s == w.lit
	case wPrefix:
		return len(s) >= len(w.lit) && w.eq(s[:len(w.lit)])
	case wSuffix:
		return len(s) >= len(w.lit) && w.eq(s[len(s)-len(w.lit):])
	case wContains:
		if !w.ci {
			return strings.Contains(s, w.lit)
		}
		return indexFoldASCII(s, w.lit) >= 0
	}
	return w.general(s)
}

func (w *wildcard) eq(s string) bool {
	if w.ci {
		return equalFoldASCII(s, w.lit)
	}
	return s == w.lit
}

// general is the classic greedy match with backtracking to the last star,
// on code points.
func (w *wildcard) general(s string) bool { return w.scan(s, false) }

// scan matches the whole of s; with noLT (Java's regular expression . in a
// Painless script), * and ? never match a line terminator.
func (w *wildcard) scan(s string, noLT bool) bool {
	p := w.toks
	pi, si := 0, 0
	starP, starS := -1, 0
	for si < len(s) {
		if pi < len(p) {
			t := p[pi]
			if t.star {
				starP, starS = pi, si
				pi++
				continue
			}
			r, n := utf8.DecodeRuneInString(s[si:])
			if t.one && (!noLT || !isJavaLineTerminator(r)) || !t.one && (r == t.r || w.ci && foldRune(r) == foldRune(t.r)) {
				si += n
				pi++
				continue
			}
		}
		if starP < 0 {
			return false
		}
		r, n := utf8.DecodeRuneInString(s[starS:])
		if noLT && isJavaLineTerminator(r) {
			return false // the star cannot grow past a line terminator
		}
		starS += n
		si = starS
		pi = starP + 1
	}
	for pi < len(p) && p[pi].star {
		pi++
	}
	return pi == len(p)
}

// foldRune maps ASCII upper-case letters to lower case and leaves every
// other code point alone.
func foldRune(r rune) rune {
	if r >= 'A' && r <= 'Z' {
		return r + 'a' - 'A'
	}
	return r
}

func foldByte(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// foldASCII lower-cases the ASCII letters of s. Multi-byte UTF-8 sequences
// have no byte below 0x80, so a byte-wise fold never touches them.
func foldASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				b[j] = foldByte(b[j])
			}
			return string(b)
		}
	}
	return s
}

// equalFoldASCII reports whether a and b are equal ignoring the case of
// ASCII letters only (unlike strings.EqualFold, which folds Unicode).
func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		if a[i] != b[i] && foldByte(a[i]) != foldByte(b[i]) {
			return false
		}
	}
	return true
}

// hasPrefixFoldASCII is strings.HasPrefix with ASCII case folding.
func hasPrefixFoldASCII(s, prefix string) bool {
	return len(s) >= len(prefix) && equalFoldASCII(s[:len(prefix)], prefix)
}

// indexFoldASCII is strings.Index with ASCII case folding; sub is already
// folded.
func indexFoldASCII(s, sub string) int {
	n := len(sub)
	for i := 0; i+n <= len(s); i++ {
		if equalFoldASCII(s[i:i+n], sub) {
			return i
		}
	}
	return -1
}
