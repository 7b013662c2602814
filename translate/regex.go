package translate

import (
	"fmt"
	"regexp"
	"regexp/syntax"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// This file reads Lucene regular expressions (what Elasticsearch runs for
// EQL's regex and regex~, and what wildcard patterns amount to) into a small
// tree, and writes the tree in the RE2 syntax libsinsp compiles for Falco's
// regex operator (RE2::POSIX options: no Perl extensions, "." excludes "\n",
// a match must cover the whole value).
//
// Lucene semantics reproduced (org.apache.lucene.util.automaton.RegExp with
// the syntax flags Elasticsearch passes, ALL):
//   - the pattern matches the whole value; ^ and $ are ordinary characters;
//   - "." is any code point, "\n" included;
//   - "..." is a literal string, "\" escapes the next character, "\d \D \s
//     \S \w \W" are the ASCII classes [0-9], [ \t\n\r], [a-zA-Z_0-9] and
//     their complements, inside brackets too;
//   - [...] and [^...] are classes of code points, "-" makes ranges;
//   - ? * + {n} {n,} {n,m} repeat; | is union; () groups, "()" is the empty
//     string; "@" is any string;
//   - with ASCII case folding (regex~) a letter, also inside brackets,
//     matches both cases, while ranges are not folded.
//
// Refused, with the reason: intersection "&", complement "~", the empty
// language "#", intervals and named automata "<...>", a backslash before a
// letter other than d D s S w W (an error in current Lucene, the letter
// itself in releases before 8.6), {n,m} with m < n, repeat counts above
// 1000 (RE2's limit), and ranges covering letters under case folding (newer
// Lucene releases may fold them).

// rx is a node of a regular expression: rxChar, rxSet, rxEmpty, rxConcat,
// rxUnion or rxRepeat.
type rx interface{}

type rxChar struct {
	r    rune
	fold bool // ASCII letters match both cases
}

type rxSet struct{ ranges []rng } // sorted, disjoint, not adjacent

type rxEmpty struct{}

type rxConcat []rx

type rxUnion []rx

type rxRepeat struct {
	sub      rx
	min, max int // max < 0: unbounded
}

// rng is an inclusive range of code points.
type rng struct{ lo, hi rune }

// maxRepeat is RE2's limit on repeat counts.
const maxRepeat = 1000

// universe is every code point a UTF-8 value can hold (surrogates cannot be
// encoded; NUL never reaches Falco, which compares C strings).
var universe = []rng{{1, 0xD7FF}, {0xE000, utf8.MaxRune}}

func anySet() rxSet { return rxSet{universe} }

// normalize sorts and merges ranges, and drops what the universe excludes.
func normalize(rs []rng) []rng {
	var in []rng
	for _, r := range rs {
		if r.lo <= r.hi {
			in = append(in, r)
		}
	}
	for i := 1; i < len(in); i++ { // insertion sort: sets are small
		for j := i; j > 0 && in[j].lo < in[j-1].lo; j-- {
			in[j], in[j-1] = in[j-1], in[j]
		}
	}
	var out []rng
	for _, r := range in {
		if n := len(out); n > 0 && r.lo <= out[n-1].hi+1 {
			out[n-1].hi = max(out[n-1].hi, r.hi)
			continue
		}
		out = append(out, r)
	}
	return intersectRanges(out, universe)
}

func intersectRanges(a, b []rng) []rng {
	var out []rng
	for i, j := 0, 0; i < len(a) && j < len(b); {
		lo, hi := max(a[i].lo, b[j].lo), min(a[i].hi, b[j].hi)
		if lo <= hi {
			out = append(out, rng{lo, hi})
		}
		if a[i].hi < b[j].hi {
			i++
		} else {
			j++
		}
	}
	return out
}

// complement returns the code points of the universe not in rs.
func complement(rs []rng) []rng {
	var out []rng
	next := rune(0)
	for _, r := range rs {
		if r.lo > next {
			out = append(out, rng{next, r.lo - 1})
		}
		next = r.hi + 1
	}
	if next <= utf8.MaxRune {
		out = append(out, rng{next, utf8.MaxRune})
	}
	return normalize(out)
}

// otherCase returns the other ASCII case of a letter, or false.
func otherCase(r rune) (rune, bool) {
	switch {
	case 'a' <= r && r <= 'z':
		return r - 'a' + 'A', true
	case 'A' <= r && r <= 'Z':
		return r - 'A' + 'a', true
	}
	return 0, false
}

// charSet is the set a character matches (both cases when folding).
func charSet(r rune, fold bool) []rng {
	rs := []rng{{r, r}}
	if o, ok := otherCase(r); ok && fold {
		rs = append(rs, rng{o, o})
	}
	return normalize(rs)
}

// coversLetters reports whether a range holds an ASCII letter.
func coversLetters(r rng) bool {
	return r.lo <= 'Z' && r.hi >= 'A' || r.lo <= 'z' && r.hi >= 'a'
}

// regexError is a refused or malformed Lucene expression.
type regexError struct{ msg string }

func (e *regexError) Error() string { return e.msg }

// luceneParser mirrors the recursive descent of Lucene's RegExp.
type luceneParser struct {
	s    []rune
	pos  int
	fold bool
}

// parseLucene reads a Lucene regular expression; fold is regex~.
func parseLucene(pattern string, fold bool) (rx, error) {
	p := &luceneParser{s: []rune(pattern), fold: fold}
	if len(p.s) == 0 {
		return rxEmpty{}, nil
	}
	var out rx
	err := p.catch(func() {
		out = p.union()
		if p.more() {
			p.fail("unexpected %q at character %d (an unbalanced parenthesis)", p.s[p.pos], p.pos+1)
		}
	})
	return out, err
}

func (p *luceneParser) catch(f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(*regexError)
			if !ok {
				panic(r)
			}
			err = e
		}
	}()
	f()
	return nil
}

func (p *luceneParser) fail(format string, args ...any) {
	panic(&regexError{fmt.Sprintf(format, args...)})
}

func (p *luceneParser) more() bool { return p.pos < len(p.s) }

func (p *luceneParser) peek(set string) bool {
	return p.more() && strings.ContainsRune(set, p.s[p.pos])
}

func (p *luceneParser) match(c rune) bool {
	if p.more() && p.s[p.pos] == c {
		p.pos++
		return true
	}
	return false
}

func (p *luceneParser) next() rune {
	if !p.more() {
		p.fail("unexpected end of the expression")
	}
	c := p.s[p.pos]
	p.pos++
	return c
}

func (p *luceneParser) union() rx {
	e := p.inter()
	if p.match('|') {
		return mkUnion(e, p.union())
	}
	return e
}

func (p *luceneParser) inter() rx {
	e := p.concat()
	if p.peek("&") {
		p.fail("intersection (&) has no RE2 equivalent")
	}
	return e
}

func (p *luceneParser) concat() rx {
	e := p.repeat()
	if p.more() && !p.peek(")|&") {
		return mkConcat(e, p.concat())
	}
	return e
}

func (p *luceneParser) repeat() rx {
	e := p.compl()
	for p.peek("?*+{") {
		switch {
		case p.match('?'):
			e = rxRepeat{e, 0, 1}
		case p.match('*'):
			e = rxRepeat{e, 0, -1}
		case p.match('+'):
			e = rxRepeat{e, 1, -1}
		case p.match('{'):
			n := p.integer()
			m := n
			if p.match(',') {
				m = -1
				if p.peek("0123456789") {
					m = p.integer()
				}
			}
			if !p.match('}') {
				p.fail("expected } at character %d", p.pos+1)
			}
			if m >= 0 && m < n {
				p.fail("repeat {%d,%d}: the maximum is below the minimum, so the expression matches nothing", n, m)
			}
			if n > maxRepeat || m > maxRepeat {
				p.fail("repeat counts above %d have no RE2 equivalent", maxRepeat)
			}
			e = rxRepeat{e, n, m}
		}
	}
	return e
}

func (p *luceneParser) integer() int {
	start := p.pos
	for p.peek("0123456789") {
		p.pos++
	}
	if start == p.pos {
		p.fail("integer expected at character %d", p.pos+1)
	}
	n, err := strconv.Atoi(string(p.s[start:p.pos]))
	if err != nil || n > maxRepeat {
		p.fail("repeat counts above %d have no RE2 equivalent", maxRepeat)
	}
	return n
}

func (p *luceneParser) compl() rx {
	if p.peek("~") {
		p.fail("complement (~) has no RE2 equivalent")
	}
	return p.charClassExp()
}

func (p *luceneParser) charClassExp() rx {
	if !p.match('[') {
		return p.simple()
	}
	negate := p.match('^')
	set := p.charClass()
	for p.more() && !p.peek("]") {
		set = normalize(append(set, p.charClass()...))
	}
	if !p.match(']') {
		p.fail("expected ] at character %d", p.pos+1)
	}
	if negate {
		set = complement(set)
	}
	if len(set) == 0 {
		p.fail("the class matches no character")
	}
	return rxSet{set}
}

func (p *luceneParser) charClass() []rng {
	if set, ok := p.predefined(); ok {
		return set
	}
	c := p.charExp()
	if p.match('-') {
		to := p.charExp()
		if c > to {
			p.fail("invalid range %q-%q", c, to)
		}
		r := rng{c, to}
		if p.fold && c != to && coversLetters(r) {
			p.fail("range %q-%q covers letters under case folding (regex~), which Lucene releases fold differently", c, to)
		}
		return normalize([]rng{r})
	}
	return charSet(c, p.fold)
}

// predefined reads \d \D \s \S \w \W. Like Lucene, it consumes a backslash
// that escapes anything else, leaving the escaped character to charExp; a
// backslash before another letter is refused.
func (p *luceneParser) predefined() ([]rng, bool) {
	if !p.match('\\') {
		return nil, false
	}
	if p.peek("dDwWsS") {
		switch c := p.next(); c {
		case 'd':
			return normalize([]rng{{'0', '9'}}), true
		case 'D':
			return complement(normalize([]rng{{'0', '9'}})), true
		case 's':
			return normalize([]rng{{' ', ' '}, {'\t', '\t'}, {'\n', '\n'}, {'\r', '\r'}}), true
		case 'S':
			return complement(normalize([]rng{{' ', ' '}, {'\t', '\t'}, {'\n', '\n'}, {'\r', '\r'}})), true
		case 'w':
			return normalize([]rng{{'a', 'z'}, {'A', 'Z'}, {'_', '_'}, {'0', '9'}}), true
		default: // 'W'
			return complement(normalize([]rng{{'a', 'z'}, {'A', 'Z'}, {'_', '_'}, {'0', '9'}})), true
		}
	}
	if p.peek("\\") {
		return charSet(p.next(), p.fold), true
	}
	if p.more() && ('a' <= p.s[p.pos] && p.s[p.pos] <= 'z' || 'A' <= p.s[p.pos] && p.s[p.pos] <= 'Z') {
		p.fail(`\%c: a backslash before a letter is an error in current Lucene releases and the letter itself in older ones`, p.s[p.pos])
	}
	return nil, false
}

func (p *luceneParser) simple() rx {
	switch {
	case p.match('.'):
		return anySet()
	case p.peek("#"):
		p.fail("the empty language (#) has no RE2 equivalent")
	case p.match('@'):
		return rxRepeat{anySet(), 0, -1}
	case p.match('"'):
		start := p.pos
		for p.more() && !p.peek(`"`) {
			p.pos++
		}
		if !p.match('"') {
			p.fail(`expected " at character %d`, p.pos+1)
		}
		var parts []rx
		for _, c := range p.s[start : p.pos-1] {
			parts = append(parts, rxChar{c, p.fold})
		}
		return mkConcat(parts...)
	case p.match('('):
		if p.match(')') {
			return rxEmpty{}
		}
		e := p.union()
		if !p.match(')') {
			p.fail("expected ) at character %d", p.pos+1)
		}
		return e
	case p.peek("<"):
		p.fail("intervals and named automata (<...>) have no RE2 equivalent")
	}
	if set, ok := p.predefined(); ok {
		return rxSet{set}
	}
	return rxChar{p.charExp(), p.fold}
}

func (p *luceneParser) charExp() rune {
	p.match('\\')
	return p.next()
}

// mkConcat concatenates, flattening nested concatenations and dropping
// empty strings.
func mkConcat(parts ...rx) rx {
	var out rxConcat
	for _, x := range parts {
		switch x := x.(type) {
		case rxConcat:
			out = append(out, x...)
		case rxEmpty:
		default:
			out = append(out, x)
		}
	}
	switch len(out) {
	case 0:
		return rxEmpty{}
	case 1:
		return out[0]
	}
	return out
}

func mkUnion(a, b rx) rx {
	var out rxUnion
	for _, x := range []rx{a, b} {
		if u, ok := x.(rxUnion); ok {
			out = append(out, u...)
		} else {
			out = append(out, x)
		}
	}
	return out
}

// literal returns the string a node matches when it matches exactly one
// string, and whether it folds case (then it matches that string in any
// ASCII case).
func literal(x rx) (s string, fold, ok bool) {
	var b strings.Builder
	folds := map[bool]bool{}
	var walk func(rx) bool
	walk = func(x rx) bool {
		switch x := x.(type) {
		case rxEmpty:
			return true
		case rxChar:
			b.WriteRune(x.r)
			if _, letter := otherCase(x.r); letter {
				folds[x.fold] = true
			}
			return true
		case rxConcat:
			for _, y := range x {
				if !walk(y) {
					return false
				}
			}
			return true
		}
		return false
	}
	if !walk(x) || len(folds) > 1 {
		return "", false, false
	}
	return b.String(), folds[true], true
}

// RE2 rendering. Precedences: union < concat < repeat < atom.
const (
	precUnion = iota
	precConcat
	precRepeat
	precAtom
)

// re2 writes x in RE2 syntax for a whole-value match.
func re2(x rx) string {
	var b strings.Builder
	writeRE2(&b, x, precUnion)
	return b.String()
}

func writeRE2(b *strings.Builder, x rx, ctx int) {
	prec := precOf(x)
	if prec < ctx {
		b.WriteByte('(')
		defer b.WriteByte(')')
	}
	switch x := x.(type) {
	case rxEmpty:
		b.WriteString("()")
	case rxChar:
		writeSetRE2(b, charSet(x.r, x.fold))
	case rxSet:
		writeSetRE2(b, x.ranges)
	case rxConcat:
		for _, y := range x {
			writeRE2(b, y, precConcat)
		}
	case rxUnion:
		for i, y := range x {
			if i > 0 {
				b.WriteByte('|')
			}
			writeRE2(b, y, precConcat)
		}
	case rxRepeat:
		writeRE2(b, x.sub, precAtom)
		switch {
		case x.min == 0 && x.max == 1:
			b.WriteByte('?')
		case x.min == 0 && x.max < 0:
			b.WriteByte('*')
		case x.min == 1 && x.max < 0:
			b.WriteByte('+')
		case x.max < 0:
			fmt.Fprintf(b, "{%d,}", x.min)
		case x.min == x.max:
			fmt.Fprintf(b, "{%d}", x.min)
		default:
			fmt.Fprintf(b, "{%d,%d}", x.min, x.max)
		}
	}
}

func precOf(x rx) int {
	switch x := x.(type) {
	case rxConcat:
		return precConcat
	case rxUnion:
		return precUnion
	case rxRepeat:
		return precRepeat
	case rxSet:
		if slices.Equal(x.ranges, universe) {
			return precAtom // written as the group (.|\n)
		}
	}
	return precAtom
}

// writeSetRE2 writes a set of code points: a literal for one code point,
// (.|\n) for any, else a bracket class, negated when that is shorter.
func writeSetRE2(b *strings.Builder, set []rng) {
	switch {
	case slices.Equal(set, universe):
		b.WriteString(`(.|\n)`)
		return
	case len(set) == 1 && set[0].lo == set[0].hi:
		writeLiteralRE2(b, set[0].lo)
		return
	}
	neg := complement(set)
	b.WriteByte('[')
	if len(neg) < len(set) {
		b.WriteByte('^')
		set = neg
	}
	for _, r := range set {
		writeClassCharRE2(b, r.lo)
		if r.hi > r.lo {
			if r.hi > r.lo+1 {
				b.WriteByte('-')
			}
			writeClassCharRE2(b, r.hi)
		}
	}
	b.WriteByte(']')
}

func writeLiteralRE2(b *strings.Builder, r rune) {
	switch {
	case r < 0x20 || r == 0x7f || r == '\\':
		// A backslash too: a regex ending in "\\" could not be quoted.
		fmt.Fprintf(b, `\x{%x}`, r)
	case strings.ContainsRune(`.+*?()|[]{}^$`, r):
		b.WriteByte('\\')
		b.WriteRune(r)
	default:
		b.WriteRune(r)
	}
}

func writeClassCharRE2(b *strings.Builder, r rune) {
	switch {
	case r < 0x20 || r == 0x7f:
		fmt.Fprintf(b, `\x{%x}`, r)
	case r > 0x7f && !isPrintable(r):
		fmt.Fprintf(b, `\x{%x}`, r)
	case strings.ContainsRune(`\]-^[`, r):
		b.WriteByte('\\')
		b.WriteRune(r)
	default:
		b.WriteRune(r)
	}
}

// isPrintable keeps the text of a class readable: code points outside the
// Basic Multilingual Plane's letters are written as escapes.
func isPrintable(r rune) bool { return r < 0xD800 && r != 0xFFFD && r >= 0xA0 }

// checkRE2 verifies that text is a valid RE2 expression with the options
// libsinsp uses, by parsing it with Go's RE2 parser in the same mode (POSIX
// syntax, classes may match newline).
func checkRE2(text string) error {
	re, err := syntax.Parse(text, syntax.ClassNL)
	if err != nil {
		return err
	}
	_, err = regexp.Compile(re.String())
	return err
}
