package ecs

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Pattern fields: each list field L (process.args, ...) has variants whose
// argument is a pattern and whose value is the list of L's elements that
// match it, so that "some element matches" is an exists test:
//
//	ecs.process.args.like[*--socks5*] exists      process.args like "*--socks5*"
//	ecs.process.args.ilike[*CURL*|wget] exists    process.args : ("*CURL*", "wget")
//	ecs.process.args.regex[-e.*] exists            process.args regex "-e.*"
//
// like and ilike take Elasticsearch wildcard patterns ('*' any sequence of
// characters, '?' exactly one, no escape: a backslash is itself), ilike
// folding ASCII letters only. Several patterns are separated by '|'. regex
// takes one RE2 expression that must match a whole element. Elements are
// those the list field has, so those longer than ignore_above are never
// seen; a byte that is not valid UTF-8 counts as one character, U+FFFD, as
// in the JSON documents Elasticsearch indexes.

// PatternKind is the matching of a pattern field.
type PatternKind int

// Pattern kinds, by field name suffix.
const (
	NoPattern    PatternKind = iota
	PatternLike              // .like: wildcard patterns, case-sensitive
	PatternILike             // .ilike: wildcard patterns, ASCII case-insensitive
	PatternRegex             // .regex: an RE2 expression matching the whole element
)

// patternSuffix is the Falco field name suffix of each kind.
var patternSuffix = [...]string{PatternLike: "like", PatternILike: "ilike", PatternRegex: "regex"}

func (k PatternKind) String() string {
	if k <= NoPattern || int(k) >= len(patternSuffix) {
		return ""
	}
	return patternSuffix[k]
}

// Characters a pattern argument carries percent-encoded: '%' itself, the
// '|' that separates wildcard patterns, and what Falco's condition grammar
// and libsinsp's parsing of field names cannot carry in a bare argument
// (brackets, quotes, spaces and other controls).
func mustEncode(c byte, kind PatternKind) bool {
	switch c {
	case '%', '[', ']', '"', '\'':
		return true
	case '|':
		return kind != PatternRegex
	}
	return c <= ' ' || c == 0x7F
}

// EncodePatternArg returns the field argument carrying patterns for a
// pattern field of the given kind: for like and ilike the patterns joined by
// '|', for regex the one expression; in both, the bytes libsinsp cannot
// carry are written %XX. The result is a bare Falco field argument.
func EncodePatternArg(kind PatternKind, patterns ...string) (string, error) {
	switch {
	case len(patterns) == 0:
		return "", errors.New("ecs: a pattern argument needs a pattern")
	case kind == PatternRegex && len(patterns) != 1:
		return "", errors.New("ecs: a regex argument carries one expression")
	case kind == NoPattern || int(kind) >= len(patternSuffix):
		return "", fmt.Errorf("ecs: unknown pattern kind %d", kind)
	}
	var b strings.Builder
	for i, p := range patterns {
		if i > 0 {
			b.WriteByte('|')
		}
		for j := 0; j < len(p); j++ {
			if c := p[j]; mustEncode(c, kind) {
				fmt.Fprintf(&b, "%%%02X", c)
			} else {
				b.WriteByte(c)
			}
		}
	}
	if kind == PatternRegex {
		if _, err := regexp.Compile(patterns[0]); err != nil {
			return "", fmt.Errorf("ecs: %w", err)
		}
	}
	return b.String(), nil
}

// DecodePatternArg reads a field argument written by EncodePatternArg: the
// wildcard patterns of a like or ilike field, or the one expression of a
// regex field. Every byte but '%' stands for itself; '%' must be followed by
// two hex digits.
func DecodePatternArg(kind PatternKind, arg string) ([]string, error) {
	var out []string
	var b []byte
	for i := 0; i < len(arg); i++ {
		switch c := arg[i]; {
		case c == '%':
			if i+2 >= len(arg) || !isHex(arg[i+1]) || !isHex(arg[i+2]) {
				return nil, fmt.Errorf("at byte %d: %% is not followed by two hex digits (write %%25 for a %%)", i+1)
			}
			b = append(b, unhex(arg[i+1])<<4|unhex(arg[i+2]))
			i += 2
		case c == '|' && kind != PatternRegex:
			out = append(out, string(b))
			b = b[:0]
		default:
			b = append(b, c)
		}
	}
	return append(out, string(b)), nil
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}

// CheckPatternArg reports whether arg is a valid argument of a pattern
// field of kind k, as the plugin decodes and compiles it.
func CheckPatternArg(k PatternKind, arg string) error {
	_, err := compileMatcher(k, arg)
	return err
}

// MatchPatternArg returns the elements of elems that match arg, a pattern
// field argument of kind k: the value the plugin gives the pattern field of
// a list field whose value is elems (none: no value). It is the plugin's
// matching, for evaluators that hold documents rather than raw events.
func MatchPatternArg(k PatternKind, arg string, elems []string) ([]string, error) {
	m, err := compileMatcher(k, arg)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range elems {
		if m.match([]byte(e), allGlobs) {
			out = append(out, e)
		}
	}
	return out, nil
}

// matcher tests elements against the decoded argument of a pattern field.
type matcher struct {
	globs []glob
	re    *regexp.Regexp
}

// compileMatcher compiles the argument of a pattern field of kind k.
func compileMatcher(k PatternKind, arg string) (*matcher, error) {
	pats, err := DecodePatternArg(k, arg)
	if err != nil {
		return nil, err
	}
	m := &matcher{}
	if k == PatternRegex {
		// The whole element must match: anchors around the expression.
		re, err := regexp.Compile(`^(?:` + pats[0] + `)$`)
		if err != nil {
			return nil, err
		}
		m.re = re
		return m, nil
	}
	for _, p := range pats {
		m.globs = append(m.globs, compileGlob(p, k == PatternILike))
	}
	return m, nil
}

// allGlobs selects every pattern of a matcher.
const allGlobs = ^uint64(0)

// candidates returns the patterns (bit i for pattern i; patterns past the
// 64th are always selected) that may match an element of a list whose
// elements are substrings of the buffers bufs: those whose needed literal
// is in one of them. Elements hold no NUL, so a literal without one found
// in none of the buffers is in none of the elements. Zero means no element
// matches.
func (m *matcher) candidates(bufs ...[]byte) uint64 {
	if m.re != nil {
		return allGlobs
	}
	var mask uint64
	for i := range m.globs {
		g := &m.globs[i]
		if i >= 64 {
			return mask | 1<<63 // the last bit stands for the rest
		}
		if len(g.need) == 0 || bytes.IndexByte(g.need, 0) >= 0 {
			mask |= 1 << i
			continue
		}
		for _, b := range bufs {
			if g.fold && g.containsFoldAt(b, g.need, g.needAnchor) || !g.fold && bytes.Contains(b, g.need) {
				mask |= 1 << i
				break
			}
		}
	}
	return mask
}

// match reports whether s matches one of the patterns selected by mask.
func (m *matcher) match(s []byte, mask uint64) bool {
	if m.re != nil {
		return m.re.Match(s)
	}
	for i := range m.globs {
		bit := uint64(1) << min(i, 63)
		if mask&bit != 0 && m.globs[i].match(s) {
			return true
		}
	}
	return false
}

// glob is an Elasticsearch wildcard pattern (Lucene's WildcardQuery without
// escapes): '*' matches any sequence of characters, '?' one character,
// every other character itself, folding ASCII case when fold. Patterns of
// one literal part around stars are matched without backtracking.
type glob struct {
	fold  bool
	shape globShape
	lit   []byte  // the literal of exact, prefix, suffix and contains shapes (folded)
	toks  []token // the general form
	// need is a literal every matching value holds (folded): the longest
	// run of literal characters, none when it would be empty.
	need []byte
	// The anchors of lit and need for containsFold (see anchor).
	litAnchor, needAnchor int
}

type globShape uint8

const (
	globGeneral  globShape = iota
	globAny                // *
	globExact              // lit
	globPrefix             // lit*
	globSuffix             // *lit
	globContains           // *lit*
)

type token struct {
	star, one bool
	r         rune
}

func compileGlob(p string, fold bool) glob {
	g := glob{fold: fold}
	for _, r := range p {
		switch r {
		case '*':
			if n := len(g.toks); n > 0 && g.toks[n-1].star {
				continue // ** is *
			}
			g.toks = append(g.toks, token{star: true})
		case '?':
			g.toks = append(g.toks, token{one: true})
		default:
			if fold {
				r = lowerASCIIRune(r)
			}
			g.toks = append(g.toks, token{r: r})
		}
	}
	g.shape = g.classify()
	g.need = g.lit
	if g.shape == globGeneral {
		g.need = longestRun(g.toks)
	}
	g.litAnchor, g.needAnchor = anchor(g.lit), anchor(g.need)
	return g
}

// longestRun is the longest run of literal characters of toks, without
// U+FFFD (an element's invalid byte, which its raw bytes do not spell).
func longestRun(toks []token) []byte {
	var best, cur []byte
	for _, t := range toks {
		if t.star || t.one || t.r == utf8.RuneError {
			cur = nil
			continue
		}
		cur = utf8.AppendRune(cur, t.r)
		if len(cur) > len(best) {
			best = append(best[:0], cur...)
		}
	}
	return best
}

// classify finds the shapes matched without backtracking; the literal must
// be valid UTF-8 without U+FFFD for byte comparison to equal rune
// comparison (an invalid byte of an element is U+FFFD).
func (g *glob) classify() globShape {
	toks := g.toks
	lead := len(toks) > 0 && toks[0].star
	if lead {
		toks = toks[1:]
	}
	trail := len(toks) > 0 && toks[len(toks)-1].star
	if trail {
		toks = toks[:len(toks)-1]
	}
	var lit []byte
	for _, t := range toks {
		if t.star || t.one || t.r == utf8.RuneError {
			return globGeneral
		}
		lit = utf8.AppendRune(lit, t.r)
	}
	g.lit = lit
	switch {
	case lead && len(lit) == 0:
		return globAny
	case lead && trail:
		return globContains
	case lead:
		return globSuffix
	case trail:
		return globPrefix
	}
	return globExact
}

func (g *glob) match(s []byte) bool {
	switch g.shape {
	case globAny:
		return true
	case globExact:
		return len(s) == len(g.lit) && g.equal(s, g.lit)
	case globPrefix:
		return len(s) >= len(g.lit) && g.equal(s[:len(g.lit)], g.lit)
	case globSuffix:
		return len(s) >= len(g.lit) && g.equal(s[len(s)-len(g.lit):], g.lit)
	case globContains:
		return g.contains(s)
	}
	return g.general(s)
}

// equal compares element bytes with the (folded) literal. The literal is
// valid UTF-8 without U+FFFD, so an invalid byte of s differs from it as its
// U+FFFD would.
func (g *glob) equal(s, lit []byte) bool {
	if !g.fold {
		return string(s) == string(lit)
	}
	return equalFold(s, lit)
}

func (g *glob) contains(s []byte) bool {
	if !g.fold {
		return bytes.Contains(s, g.lit)
	}
	return g.containsFoldAt(s, g.lit, g.litAnchor)
}

// containsFoldAt reports whether s holds lit (folded to ASCII lower case)
// ignoring ASCII case; k is anchor(lit).
func (g *glob) containsFoldAt(s, lit []byte, k int) bool {
	n := len(lit)
	if n == 0 {
		return true
	}
	if n > len(s) {
		return false
	}
	last := len(s) - n
	if k >= 0 {
		// Jump between occurrences of a byte case folding leaves alone.
		for i := 0; i <= last; {
			j := bytes.IndexByte(s[i+k:last+k+1], lit[k])
			if j < 0 {
				return false
			}
			if i += j; equalFold(s[i:i+n], lit) {
				return true
			}
			i++
		}
		return false
	}
	// Only letters: candidates start with the first letter in either case.
	c0, c1 := lit[0], upperASCII(lit[0])
	for i := 0; i <= last; i++ {
		if b := s[i]; (b == c0 || b == c1) && equalFold(s[i:i+n], lit) {
			return true
		}
	}
	return false
}

func equalFold(s, lit []byte) bool {
	for i := range lit {
		if foldTable[s[i]] != lit[i] {
			return false
		}
	}
	return true
}

// anchor picks the position of a byte of lit that is not an ASCII letter
// (so its case does not vary), preferring the ones rare in command lines;
// -1 when every byte is a letter.
func anchor(lit []byte) int {
	best, rank := -1, 99
	for i, c := range lit {
		if 'a' <= c && c <= 'z' {
			continue
		}
		r := 3 // rare punctuation, non-ASCII bytes
		switch {
		case c == ' ' || c == '-' || c == '/' || c == '.':
			r = 6
		case c == '_' || c == '=' || c == ':' || c == ',':
			r = 5
		case '0' <= c && c <= '9':
			r = 4
		}
		if r < rank {
			best, rank = i, r
		}
	}
	return best
}

// foldTable maps a byte to its ASCII lower case.
var foldTable = func() (t [256]byte) {
	for i := range t {
		t[i] = lowerASCII(byte(i))
	}
	return t
}()

func upperASCII(c byte) byte {
	if 'a' <= c && c <= 'z' {
		return c - ('a' - 'A')
	}
	return c
}

// general matches s rune by rune (an invalid byte is one U+FFFD), with the
// classic linear backtracking over the last star.
func (g *glob) general(s []byte) bool {
	toks := g.toks
	ti, si := 0, 0
	starTok, starS := -1, 0
	for si < len(s) || ti < len(toks) {
		if ti < len(toks) {
			t := toks[ti]
			if t.star {
				starTok, starS = ti, si
				ti++
				continue
			}
			if si < len(s) {
				r, n := utf8.DecodeRune(s[si:])
				if g.fold {
					r = lowerASCIIRune(r)
				}
				if t.one || t.r == r {
					ti++
					si += n
					continue
				}
			}
		}
		if starTok < 0 || starS >= len(s) {
			return false
		}
		_, n := utf8.DecodeRune(s[starS:])
		starS += n
		ti, si = starTok+1, starS
	}
	return true
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func lowerASCIIRune(r rune) rune {
	if 'A' <= r && r <= 'Z' {
		return r + 'a' - 'A'
	}
	return r
}
