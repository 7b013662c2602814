package eval

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Lucene RegExp (the syntax of Elasticsearch's regexp query, which EQL's
// regex and regex~ become) translated to an equivalent Go regular
// expression. The parser below follows the grammar and the parsing
// decisions of Lucene's RegExp class (Lucene 10, the version of
// Elasticsearch 9) with the flags Elasticsearch passes (ALL); the
// optional operators complement (~), intersection (&), empty language (#),
// any string (@) and named automata or numeric intervals (<...>) are
// refused rather than translated.
//
// Lucene semantics, as opposed to Perl-style regular expressions:
//   - the pattern always matches the whole value (no ^/$ anchors: they are
//     ordinary characters);
//   - . matches any code point, newline included;
//   - "..." is a literal string; \ makes the next character literal, except
//     \d \D \s \S \w \W (ASCII classes; \s is [ \t\n\r]) and \\; a backslash
//     before any other ASCII letter is an error;
//   - a quantifier or |, ), ], } where an atom is expected is a literal
//     character ("*a" matches "*a");
//   - *? +? ?? are an optional repetition, not lazy quantifiers (same
//     language);
//   - with case insensitivity (regex~), single characters, also in classes
//     and quoted strings, match both ASCII cases; ranges such as [a-z] and
//     the predefined classes do not fold case.

// regexError is a pattern Lucene rejects (syntax) or that the evaluator
// refuses (unsupported), at a byte offset of the pattern.
type regexError struct {
	unsupported bool
	off         int
	msg         string
}

func (e *regexError) Error() string { return e.msg }

// rnode is a parsed Lucene regular expression.
type rnode struct {
	kind     rkind
	kids     []*rnode
	r        rune      // rChar
	s        string    // rString
	ranges   [][2]rune // rClass: inclusive ranges
	negate   bool      // rClass
	min, max int       // rRepeat (max -1: unbounded)
}

type rkind uint8

const (
	rUnion rkind = iota
	rConcat
	rRepeat
	rChar
	rString
	rClass
	rAny
)

type rparser struct {
	s   string
	pos int
	ci  bool
}

// translateRegexp returns the Go regular expression (anchored) equivalent
// to the Lucene pattern p.
func translateRegexp(p string, ci bool) (string, error) {
	ps := &rparser{s: p, ci: ci}
	var n *rnode
	if p == "" {
		n = &rnode{kind: rString}
	} else {
		var err error
		n, err = ps.union()
		if err != nil {
			return "", err
		}
		if ps.more() {
			return "", ps.syntax("end of pattern expected at %q", ps.s[ps.pos:])
		}
	}
	var b strings.Builder
	b.WriteString(`\A(?:`)
	ps.emit(&b, n)
	b.WriteString(`)\z`)
	return b.String(), nil
}

// compileRegexp translates and compiles a Lucene pattern.
func compileRegexp(p string, ci bool) (*regexp.Regexp, error) {
	src, err := translateRegexp(p, ci)
	if err != nil {
		return nil, err
	}
	re, err := regexp.Compile(src)
	if err != nil {
		return nil, &regexError{unsupported: true, msg: fmt.Sprintf("the pattern is too complex to translate: %v", err)}
	}
	return re, nil
}

func (p *rparser) syntax(format string, args ...any) error {
	return &regexError{off: p.pos, msg: fmt.Sprintf(format, args...)}
}

func (p *rparser) refuse(op string) error {
	return &regexError{unsupported: true, off: p.pos, msg: fmt.Sprintf("the Lucene regular expression operator %s is not supported", op)}
}

func (p *rparser) more() bool { return p.pos < len(p.s) }

func (p *rparser) peekRune() rune {
	r, _ := utf8.DecodeRuneInString(p.s[p.pos:])
	return r
}

func (p *rparser) peek(set string) bool {
	return p.more() && strings.ContainsRune(set, p.peekRune())
}

func (p *rparser) match(c rune) bool {
	if p.more() && p.peekRune() == c {
		p.pos += utf8.RuneLen(c)
		return true
	}
	return false
}

func (p *rparser) next() (rune, error) {
	if !p.more() {
		return 0, p.syntax("unexpected end of pattern")
	}
	r, n := utf8.DecodeRuneInString(p.s[p.pos:])
	p.pos += n
	return r, nil
}

func (p *rparser) union() (*rnode, error) {
	e, err := p.inter()
	if err != nil {
		return nil, err
	}
	if !p.peek("|") {
		return e, nil
	}
	u := &rnode{kind: rUnion, kids: []*rnode{e}}
	for p.match('|') {
		e, err := p.inter()
		if err != nil {
			return nil, err
		}
		u.kids = append(u.kids, e)
	}
	return u, nil
}

func (p *rparser) inter() (*rnode, error) {
	e, err := p.concat()
	if err != nil {
		return nil, err
	}
	if p.peek("&") {
		return nil, p.refuse("& (intersection)")
	}
	return e, nil
}

func (p *rparser) concat() (*rnode, error) {
	e, err := p.repeat()
	if err != nil {
		return nil, err
	}
	if !p.more() || p.peek(")|&") {
		return e, nil
	}
	c := &rnode{kind: rConcat, kids: []*rnode{e}}
	for p.more() && !p.peek(")|&") {
		e, err := p.repeat()
		if err != nil {
			return nil, err
		}
		c.kids = append(c.kids, e)
	}
	return c, nil
}

func (p *rparser) repeat() (*rnode, error) {
	e, err := p.compl()
	if err != nil {
		return nil, err
	}
	for p.peek("?*+{") {
		switch {
		case p.match('?'):
			e = &rnode{kind: rRepeat, kids: []*rnode{e}, min: 0, max: 1}
		case p.match('*'):
			e = &rnode{kind: rRepeat, kids: []*rnode{e}, min: 0, max: -1}
		case p.match('+'):
			e = &rnode{kind: rRepeat, kids: []*rnode{e}, min: 1, max: -1}
		case p.match('{'):
			n, ok := p.digits()
			if !ok {
				return nil, p.syntax("integer expected in {}")
			}
			m := n
			if p.match(',') {
				if v, ok := p.digits(); ok {
					m = v
				} else {
					m = -1
				}
			}
			if !p.match('}') {
				return nil, p.syntax("'}' expected")
			}
			if m != -1 && n > m {
				return nil, p.syntax("invalid repetition range {%d,%d}", n, m)
			}
			if n > 1000 || m > 1000 {
				return nil, &regexError{unsupported: true, off: p.pos, msg: "a repetition count above 1000 is not supported"}
			}
			e = &rnode{kind: rRepeat, kids: []*rnode{e}, min: n, max: m}
		}
	}
	return e, nil
}

func (p *rparser) digits() (int, bool) {
	start := p.pos
	for p.peek("0123456789") {
		p.pos++
	}
	if start == p.pos {
		return 0, false
	}
	n, err := strconv.Atoi(p.s[start:p.pos])
	if err != nil || n > 1<<31-1 {
		return 1 << 30, true // beyond Java's int: refused as too large
	}
	return n, true
}

func (p *rparser) compl() (*rnode, error) {
	if p.peek("~") {
		// Complement only with Lucene's DEPRECATED_COMPLEMENT flag; whether
		// it is an operator or a literal depends on the version.
		return nil, p.refuse("~ (complement)")
	}
	if p.match('[') {
		return p.class()
	}
	return p.simple()
}

// asciiLetters are the characters after which a backslash is a predefined
// class, an escaped backslash or an error.
const asciiLetters = "\\ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

func (p *rparser) class() (*rnode, error) {
	n := &rnode{kind: rClass}
	n.negate = p.match('^')
	for {
		if p.match('\\') {
			if p.peek(asciiLetters) {
				rs, err := p.predefined()
				if err != nil {
					return nil, err
				}
				n.ranges = append(n.ranges, rs...)
			} else {
				c, err := p.next()
				if err != nil {
					return nil, err
				}
				if p.peek("-") {
					// Lucene 9 read this as a range start, Lucene 10 as a
					// lone character: refuse the ambiguity.
					return nil, &regexError{unsupported: true, off: p.pos, msg: "an escaped character followed by - in a character class is read differently by Lucene versions"}
				}
				n.ranges = append(n.ranges, [2]rune{c, c})
			}
		} else {
			c, err := p.charExp()
			if err != nil {
				return nil, err
			}
			if p.match('-') {
				to, err := p.charExp()
				if err != nil {
					return nil, err
				}
				if c > to {
					return nil, p.syntax("invalid range %q-%q", c, to)
				}
				n.ranges = append(n.ranges, [2]rune{c, to})
			} else {
				n.ranges = append(n.ranges, p.caseForms(c)...)
			}
		}
		if !p.more() || p.peek("]") {
			break
		}
	}
	if !p.match(']') {
		return nil, p.syntax("']' expected")
	}
	return n, nil
}

// caseForms is c, and its other ASCII case when case-insensitive.
func (p *rparser) caseForms(c rune) [][2]rune {
	out := [][2]rune{{c, c}}
	if p.ci {
		if o := otherCase(c); o != c {
			out = append(out, [2]rune{o, o})
		}
	}
	return out
}

func otherCase(c rune) rune {
	switch {
	case c >= 'a' && c <= 'z':
		return c - 'a' + 'A'
	case c >= 'A' && c <= 'Z':
		return c - 'A' + 'a'
	}
	return c
}

// predefined reads the letter (or backslash) after a backslash.
func (p *rparser) predefined() ([][2]rune, error) {
	c, _ := p.next()
	const maxRune = 0x10FFFF
	switch c {
	case '\\':
		return [][2]rune{{'\\', '\\'}}, nil
	case 'd':
		return [][2]rune{{'0', '9'}}, nil
	case 'D':
		return [][2]rune{{0, '0' - 1}, {'9' + 1, maxRune}}, nil
	case 's':
		return [][2]rune{{'\t', '\n'}, {'\r', '\r'}, {' ', ' '}}, nil
	case 'S':
		return [][2]rune{{0, '\t' - 1}, {'\n' + 1, '\r' - 1}, {'\r' + 1, ' ' - 1}, {' ' + 1, maxRune}}, nil
	case 'w':
		return [][2]rune{{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}}, nil
	case 'W':
		return [][2]rune{{0, '0' - 1}, {'9' + 1, 'A' - 1}, {'Z' + 1, '_' - 1}, {'_' + 1, 'a' - 1}, {'z' + 1, maxRune}}, nil
	}
	p.pos--
	return nil, p.syntax("invalid character class \\%c", c)
}

func (p *rparser) charExp() (rune, error) {
	p.match('\\')
	return p.next()
}

func (p *rparser) simple() (*rnode, error) {
	switch {
	case p.match('.'):
		return &rnode{kind: rAny}, nil
	case p.peek("#"):
		return nil, p.refuse("# (empty language)")
	case p.peek("@"):
		return nil, p.refuse("@ (any string)")
	case p.match('"'):
		start := p.pos
		for p.more() && !p.peek(`"`) {
			_, n := utf8.DecodeRuneInString(p.s[p.pos:])
			p.pos += n
		}
		if !p.match('"') {
			return nil, p.syntax("'\"' expected")
		}
		return &rnode{kind: rString, s: p.s[start : p.pos-1]}, nil
	case p.match('('):
		if p.match(')') {
			return &rnode{kind: rString}, nil
		}
		e, err := p.union()
		if err != nil {
			return nil, err
		}
		if !p.match(')') {
			return nil, p.syntax("')' expected")
		}
		return e, nil
	case p.peek("<"):
		return nil, p.refuse("<...> (numeric interval or named automaton)")
	}
	if p.match('\\') {
		if p.peek(asciiLetters) {
			rs, err := p.predefined()
			if err != nil {
				return nil, err
			}
			return &rnode{kind: rClass, ranges: rs}, nil
		}
		c, err := p.next()
		if err != nil {
			return nil, err
		}
		return &rnode{kind: rChar, r: c}, nil
	}
	c, err := p.next()
	if err != nil {
		return nil, err
	}
	return &rnode{kind: rChar, r: c}, nil
}

// emit writes n in Go regexp syntax; every literal is written as \x{...}.
func (p *rparser) emit(b *strings.Builder, n *rnode) {
	switch n.kind {
	case rUnion:
		b.WriteString("(?:")
		for i, k := range n.kids {
			if i > 0 {
				b.WriteByte('|')
			}
			p.emit(b, k)
		}
		b.WriteByte(')')
	case rConcat:
		for _, k := range n.kids {
			p.emit(b, k)
		}
	case rRepeat:
		b.WriteString("(?:")
		p.emit(b, n.kids[0])
		b.WriteByte(')')
		switch {
		case n.min == 0 && n.max == 1:
			b.WriteByte('?')
		case n.min == 0 && n.max == -1:
			b.WriteByte('*')
		case n.min == 1 && n.max == -1:
			b.WriteByte('+')
		case n.max == -1:
			fmt.Fprintf(b, "{%d,}", n.min)
		case n.min == n.max:
			fmt.Fprintf(b, "{%d}", n.min)
		default:
			fmt.Fprintf(b, "{%d,%d}", n.min, n.max)
		}
	case rChar:
		p.emitChar(b, n.r)
	case rString:
		b.WriteString("(?:")
		for _, r := range n.s {
			p.emitChar(b, r)
		}
		b.WriteByte(')')
	case rAny:
		b.WriteString("(?s:.)")
	case rClass:
		b.WriteByte('[')
		if n.negate {
			b.WriteByte('^')
		}
		for _, rg := range n.ranges {
			fmt.Fprintf(b, `\x{%x}`, rg[0])
			if rg[1] != rg[0] {
				fmt.Fprintf(b, `-\x{%x}`, rg[1])
			}
		}
		b.WriteByte(']')
	}
}

func (p *rparser) emitChar(b *strings.Builder, r rune) {
	if o := otherCase(r); p.ci && o != r {
		fmt.Fprintf(b, `[\x{%x}\x{%x}]`, r, o)
		return
	}
	fmt.Fprintf(b, `\x{%x}`, r)
}
