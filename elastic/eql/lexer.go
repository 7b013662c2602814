package eql

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// kind is a token kind. The lexer follows the token rules of Elasticsearch's
// EqlBase.g4: longest match, and on a tie the keyword wins (so "in~" is the
// in~ operator but "and~" is a function name).
type kind uint8

const (
	tEOF kind = iota
	tIdent
	tQuotedIdent // `...`
	tTildeIdent  // name~
	tString      // "..." or """..."""
	tInt
	tDecimal

	// Keywords: lower case only, as in Elasticsearch.
	kAnd
	kAny
	kBy
	kFalse
	kIn
	kInI
	kJoin
	kLike
	kLikeI
	kMaxspan
	kNot
	kNull
	kOf
	kOr
	kRegex
	kRegexI
	kSample
	kSequence
	kTrue
	kUntil
	kWhere
	kWith

	tSeq      // :
	tAsgn     // =
	tEq       // ==
	tNeq      // !=
	tLt       // <
	tLte      // <=
	tGt       // >
	tGte      // >=
	tPlus     // +
	tMinus    // -
	tStar     // *
	tSlash    // /
	tPercent  // %
	tDot      // .
	tComma    // ,
	tLB       // [
	tRB       // ]
	tLP       // (
	tRP       // )
	tPipe     // |
	tOptional // ?
	tMissing  // ![
)

var keywords = map[string]kind{
	"and": kAnd, "any": kAny, "by": kBy, "false": kFalse, "in": kIn, "join": kJoin,
	"like": kLike, "maxspan": kMaxspan, "not": kNot, "null": kNull, "of": kOf, "or": kOr,
	"regex": kRegex, "sample": kSample, "sequence": kSequence, "true": kTrue,
	"until": kUntil, "where": kWhere, "with": kWith,
}

// tildeKeywords are the keywords that end in "~"; "in~" ties with a function
// name token and the keyword wins.
var tildeKeywords = map[string]kind{"in": kInI, "like": kLikeI, "regex": kRegexI}

var kindNames = [...]string{
	tEOF: "end of query", tIdent: "identifier", tQuotedIdent: "quoted identifier",
	tTildeIdent: "function name", tString: "string", tInt: "integer", tDecimal: "number",
	kAnd: `"and"`, kAny: `"any"`, kBy: `"by"`, kFalse: `"false"`, kIn: `"in"`, kInI: `"in~"`,
	kJoin: `"join"`, kLike: `"like"`, kLikeI: `"like~"`, kMaxspan: `"maxspan"`, kNot: `"not"`,
	kNull: `"null"`, kOf: `"of"`, kOr: `"or"`, kRegex: `"regex"`, kRegexI: `"regex~"`,
	kSample: `"sample"`, kSequence: `"sequence"`, kTrue: `"true"`, kUntil: `"until"`,
	kWhere: `"where"`, kWith: `"with"`,
	tSeq: `":"`, tAsgn: `"="`, tEq: `"=="`, tNeq: `"!="`, tLt: `"<"`, tLte: `"<="`, tGt: `">"`,
	tGte: `">="`, tPlus: `"+"`, tMinus: `"-"`, tStar: `"*"`, tSlash: `"/"`, tPercent: `"%"`,
	tDot: `"."`, tComma: `","`, tLB: `"["`, tRB: `"]"`, tLP: `"("`, tRP: `")"`, tPipe: `"|"`,
	tOptional: `"?"`, tMissing: `"!["`,
}

func (k kind) String() string {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return fmt.Sprintf("token(%d)", uint8(k))
}

func (k kind) isKeyword() bool { return k >= kAnd && k <= kWith }

// token is one lexical token. val is the decoded value of strings and quoted
// identifiers and the text of other tokens.
type token struct {
	kind       kind
	start, end int
	val        string
	raw        bool // tString written """..."""
}

// lexer splits a query into tokens. Lexical errors are reported through
// errf and the lexer carries on with the next character, so that one query
// yields every error it has.
type lexer struct {
	src     string
	pos     int
	errf    func(code string, start, end int, hint, format string, args ...any)
	closers []int32 // see closersFrom
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isHex(c byte) bool    { return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }
func isIdentChar(c byte) bool {
	return isLetter(c) || isDigit(c) || c == '_'
}

func (l *lexer) peekAt(i int) byte {
	if l.pos+i < len(l.src) {
		return l.src[l.pos+i]
	}
	return 0
}

// next returns the next token, skipping white space and comments.
func (l *lexer) next() token {
	for {
		if !l.skipSpaceAndComments() {
			return token{kind: tEOF, start: len(l.src), end: len(l.src)}
		}
		if t, ok := l.scan(); ok {
			return t
		}
	}
}

// skipSpaceAndComments skips what Elasticsearch hides: " \t\r\n", "//..."
// to the end of the line and nestable "/* ... */". It returns false at the
// end of the input.
func (l *lexer) skipSpaceAndComments() bool {
	for l.pos < len(l.src) {
		switch c := l.src[l.pos]; {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			l.pos++
		case c == '/' && l.peekAt(1) == '/':
			if i := strings.IndexByte(l.src[l.pos:], '\n'); i >= 0 {
				l.pos += i + 1
			} else {
				l.pos = len(l.src)
			}
		case c == '/' && l.peekAt(1) == '*':
			l.skipBlockComment()
		default:
			return true
		}
	}
	return false
}

// skipBlockComment skips "/* ... */" as EqlBase.g4's
// '/*' (BRACKETED_COMMENT|.)*? '*/' matches it: at each position closing
// comes first, then opening a nested comment, then any character. A nested
// "/*" therefore only opens a level when enough "*/" follow to close it and
// every enclosing level; otherwise it is plain text ("/* /* */" is one
// comment). The comment is unterminated only when no "*/" follows at all.
func (l *lexer) skipBlockComment() {
	start := l.pos
	src := l.src
	if !strings.Contains(src[start+2:], "*/") {
		l.pos = len(src)
		l.errf("eql/unterminated-comment", start, start+2, `add "*/" to close it (comments nest: each "/*" needs its own "*/")`,
			"comment is not closed")
		return
	}
	depth := 0
	for p := start + 2; p < len(src); {
		switch {
		case strings.HasPrefix(src[p:], "*/"):
			p += 2
			if depth == 0 {
				l.pos = p
				return
			}
			depth--
		case strings.HasPrefix(src[p:], "/*") && l.closersFrom(p+2) >= depth+2:
			depth++
			p += 2
		default:
			p++
		}
	}
	l.pos = len(src) // not reached: a "*/" follows
}

// closersFrom returns how many "*/" can be matched, left to right without
// overlap, in src[p:]. The table is built once per query, on the first
// nested "/*".
func (l *lexer) closersFrom(p int) int {
	if l.closers == nil {
		l.closers = make([]int32, len(l.src)+2)
		for i := len(l.src) - 1; i >= 0; i-- {
			if strings.HasPrefix(l.src[i:], "*/") {
				l.closers[i] = 1 + l.closers[i+2]
			} else {
				l.closers[i] = l.closers[i+1]
			}
		}
	}
	return int(l.closers[p])
}

// singleChar maps the characters that are a token by themselves (when not
// the start of a longer one, which scan checks first).
var singleChar = [256]kind{
	':': tSeq, '+': tPlus, '-': tMinus, '*': tStar, '/': tSlash, '%': tPercent, '.': tDot,
	',': tComma, '[': tLB, ']': tRB, '(': tLP, ')': tRP, '|': tPipe, '?': tOptional,
	'=': tAsgn, '<': tLt, '>': tGt,
}

// scan reads one token at l.pos (not white space). ok is false when the
// character was reported as invalid and skipped.
func (l *lexer) scan() (token, bool) {
	start := l.pos
	c := l.src[l.pos]
	switch {
	case isLetter(c) || c == '_' || c == '@':
		return l.scanIdent(), true
	case isDigit(c) || c == '.' && isDigit(l.peekAt(1)):
		return l.scanNumber(), true
	case c == '"':
		return l.scanString(), true
	case c == '\'':
		return l.scanSingleQuoted(), true
	case c == '`':
		return l.scanQuotedIdent(), true
	case c == '?' && (l.peekAt(1) == '"' || l.peekAt(1) == '\''):
		return l.scanQuestionString(), true
	case c == '=' && l.peekAt(1) == '=':
		return l.fixed(tEq, 2), true
	case c == '<' && l.peekAt(1) == '=':
		return l.fixed(tLte, 2), true
	case c == '>' && l.peekAt(1) == '=':
		return l.fixed(tGte, 2), true
	case c == '!':
		switch l.peekAt(1) {
		case '=':
			return l.fixed(tNeq, 2), true
		case '[':
			return l.fixed(tMissing, 2), true
		}
		hint := `negate with "not", compare with "!="`
		if l.peekAt(1) == ':' {
			hint = `the "!:" operator was removed from EQL; write not x : "value"`
		}
		l.pos++
		l.errf("eql/unexpected-char", start, l.pos, hint, `unexpected character "!"`)
		return token{}, false
	}
	if k := singleChar[c]; k != tEOF {
		return l.fixed(k, 1), true
	}
	r, size := utf8.DecodeRuneInString(l.src[l.pos:])
	l.pos += size
	switch {
	case r == utf8.RuneError && size == 1:
		l.errf("eql/invalid-utf8", start, l.pos, "", "invalid UTF-8 byte 0x%02x", c)
	case r == '~':
		l.errf("eql/unexpected-char", start, l.pos, `"~" only follows a function name or in, like, regex: "startsWith~(...)", "in~ (...)"`,
			`unexpected character "~"`)
	default:
		hint := hintForChar(r)
		if r > utf8.RuneSelf {
			hint = "outside strings only ASCII is allowed; quote the name with backticks or write the value as a string"
		}
		l.errf("eql/unexpected-char", start, l.pos, hint, "unexpected character %q", r)
	}
	return token{}, false
}

// fixed returns the token of kind k made of the next n bytes.
func (l *lexer) fixed(k kind, n int) token {
	start := l.pos
	l.pos += n
	return token{kind: k, start: start, end: l.pos, val: l.src[start:l.pos]}
}

func hintForChar(r rune) string {
	switch r {
	case '&':
		return `write "and"`
	case '#':
		return `comments are "// ..." and "/* ... */"`
	case '\\':
		return "backslashes only appear inside strings"
	}
	return ""
}

func (l *lexer) scanIdent() token {
	start := l.pos
	l.pos++
	for l.pos < len(l.src) && isIdentChar(l.src[l.pos]) {
		l.pos++
	}
	word := l.src[start:l.pos]
	// TILDE_IDENTIFIER starts with a letter; the three keywords with "~"
	// tie with it and win.
	if l.pos < len(l.src) && l.src[l.pos] == '~' && isLetter(word[0]) {
		l.pos++
		if k, ok := tildeKeywords[word]; ok {
			return token{kind: k, start: start, end: l.pos, val: l.src[start:l.pos]}
		}
		return token{kind: tTildeIdent, start: start, end: l.pos, val: word}
	}
	if k, ok := keywords[word]; ok {
		return token{kind: k, start: start, end: l.pos, val: word}
	}
	return token{kind: tIdent, start: start, end: l.pos, val: word}
}

// scanNumber reads INTEGER_VALUE or DECIMAL_VALUE:
// DIGIT+ | DIGIT+ '.' DIGIT* | '.' DIGIT+, each with an optional exponent
// [eE][+-]?DIGIT+ on the decimal forms and on DIGIT+.
func (l *lexer) scanNumber() token {
	start := l.pos
	k := tInt
	for l.pos < len(l.src) && isDigit(l.src[l.pos]) {
		l.pos++
	}
	if l.pos < len(l.src) && l.src[l.pos] == '.' {
		k = tDecimal
		l.pos++
		for l.pos < len(l.src) && isDigit(l.src[l.pos]) {
			l.pos++
		}
	}
	if c := l.peekAt(0); c == 'e' || c == 'E' {
		i := 1
		if s := l.peekAt(1); s == '+' || s == '-' {
			i = 2
		}
		if isDigit(l.peekAt(i)) {
			k = tDecimal
			l.pos += i
			for l.pos < len(l.src) && isDigit(l.src[l.pos]) {
				l.pos++
			}
		}
	}
	return token{kind: k, start: start, end: l.pos, val: l.src[start:l.pos]}
}

const stringEscapesHint = `the escapes are \t \b \f \n \r \" \' \\ and \u{XXXX}; for a backslash write \\ or use a raw string """..."""`

// scanString reads "..." (with escapes) or """...""" (raw, one line).
func (l *lexer) scanString() token {
	start := l.pos
	if strings.HasPrefix(l.src[l.pos:], `"""`) {
		if t, ok := l.scanRawString(); ok {
			return t
		}
		// As in Elasticsearch, an unclosed """ is not a raw string; unlike
		// it, say so instead of reading "" and an unterminated "...
		end := strings.IndexAny(l.src[start:], "\r\n")
		if end < 0 {
			end = len(l.src) - start
		}
		l.pos = start + end
		l.errf("eql/unterminated-string", start, start+3, `a raw string ends with """ on the same line`, "raw string is not closed")
		return token{kind: tString, start: start, end: l.pos, val: l.src[start+3 : l.pos], raw: true}
	}
	l.pos++
	var b *strings.Builder // allocated on the first escape only
	seg := l.pos           // start of the current run of plain characters
	for {
		if l.pos >= len(l.src) || l.src[l.pos] == '\n' || l.src[l.pos] == '\r' {
			l.errf("eql/unterminated-string", start, start+1,
				`close the string with " on the same line; write a line break as \n`, "string is not closed")
			val := l.src[seg:l.pos]
			if b != nil {
				b.WriteString(val)
				val = b.String()
			}
			return token{kind: tString, start: start, end: l.pos, val: val}
		}
		c := l.src[l.pos]
		if c == '"' {
			val := l.src[seg:l.pos]
			if b != nil {
				b.WriteString(val)
				val = b.String()
			}
			l.pos++
			return token{kind: tString, start: start, end: l.pos, val: val}
		}
		if c != '\\' {
			l.pos++
			continue
		}
		if b == nil {
			b = &strings.Builder{}
		}
		b.WriteString(l.src[seg:l.pos])
		l.scanEscape(b)
		seg = l.pos
	}
}

// scanEscape decodes the escape at l.pos (a backslash) into b.
func (l *lexer) scanEscape(b *strings.Builder) {
	esc := l.pos
	switch l.peekAt(1) {
	case 't':
		b.WriteByte('\t')
	case 'b':
		b.WriteByte('\b')
	case 'f':
		b.WriteByte('\f')
	case 'n':
		b.WriteByte('\n')
	case 'r':
		b.WriteByte('\r')
	case '"':
		b.WriteByte('"')
	case '\'':
		b.WriteByte('\'')
	case '\\':
		b.WriteByte('\\')
	case 'u':
		l.scanUnicodeEscape(b)
		return
	case 0, '\n', '\r':
		// The string is unterminated; the caller reports it.
		l.pos++
		b.WriteByte('\\')
		return
	default:
		r, size := utf8.DecodeRuneInString(l.src[l.pos+1:])
		l.pos += 1 + size
		l.errf("eql/invalid-escape", esc, l.pos, stringEscapesHint, `invalid escape sequence "\%c" in string`, r)
		b.WriteByte('\\')
		b.WriteRune(r)
		return
	}
	l.pos += 2
}

// scanUnicodeEscape reads \u{HEX+} at l.pos: the lexer needs the braces and
// at least one hex digit, Elasticsearch then wants 2 to 8 digits, no
// surrogate and at most U+10FFFF.
func (l *lexer) scanUnicodeEscape(b *strings.Builder) {
	esc := l.pos
	i := l.pos + 2
	if i >= len(l.src) || l.src[i] != '{' {
		l.pos = i
		l.errf("eql/invalid-escape", esc, l.pos, `write a code point as \u{XXXX} (2 to 8 hex digits in braces)`,
			`invalid escape sequence "\u" in string: "{" expected`)
		return
	}
	j := i + 1
	for j < len(l.src) && isHex(l.src[j]) {
		j++
	}
	if j == i+1 || j >= len(l.src) || l.src[j] != '}' {
		l.pos = j
		l.errf("eql/invalid-escape", esc, l.pos, `write a code point as \u{XXXX} (2 to 8 hex digits in braces)`,
			`invalid unicode escape in string: hex digits and "}" expected`)
		return
	}
	l.pos = j + 1
	hex := l.src[i+1 : j]
	if len(hex) < 2 || len(hex) > 8 {
		l.errf("eql/invalid-unicode", esc, l.pos, "", "unicode sequence should use [2-8] hex digits, [%s] has [%d]", l.src[esc:l.pos], len(hex))
		return
	}
	code, err := strconv.ParseUint(hex, 16, 32)
	switch {
	case err == nil && code >= 0xD800 && code <= 0xDFFF:
		l.errf("eql/invalid-unicode", esc, l.pos, "write the character itself or its code point above U+FFFF",
			"invalid unicode character code, [%s] is a surrogate code", hex)
	case err != nil || code > utf8.MaxRune:
		l.errf("eql/invalid-unicode", esc, l.pos, "code points go up to 10FFFF", "invalid unicode character code [%s]", hex)
	default:
		b.WriteRune(rune(code))
	}
}

// scanRawString reads """...""" at l.pos: the text up to the first """ on the
// same line, and up to two more quotes which belong to the value
// ("""a"""" is `a"`). ok is false when there is no closing """.
func (l *lexer) scanRawString() (token, bool) {
	start := l.pos
	i := start + 3
	for i < len(l.src) && l.src[i] != '\n' && l.src[i] != '\r' {
		if strings.HasPrefix(l.src[i:], `"""`) {
			end := i + 3
			for k := 0; k < 2 && end < len(l.src) && l.src[end] == '"'; k++ {
				end++
			}
			l.pos = end
			return token{kind: tString, start: start, end: end, val: l.src[start+3 : end-3], raw: true}, true
		}
		i++
	}
	return token{}, false
}

// scanSingleQuoted reads '...' to report it as Elasticsearch does, keeping
// its value for recovery.
func (l *lexer) scanSingleQuoted() token {
	start := l.pos
	l.pos++
	var b strings.Builder
	for l.pos < len(l.src) && l.src[l.pos] != '\'' && l.src[l.pos] != '\n' && l.src[l.pos] != '\r' {
		if l.src[l.pos] == '\\' && l.pos+1 < len(l.src) {
			b.WriteByte(l.src[l.pos+1])
			l.pos += 2
			continue
		}
		b.WriteByte(l.src[l.pos])
		l.pos++
	}
	if l.pos < len(l.src) && l.src[l.pos] == '\'' {
		l.pos++
	}
	l.errf("eql/single-quoted-string", start, l.pos, `write "..." (or """...""" for a raw string)`,
		`use double quotes ["] to define string literals, not single quotes [']`)
	return token{kind: tString, start: start, end: l.pos, val: b.String()}
}

// scanQuestionString reads the old ?"..." and ?'...' forms, which
// Elasticsearch rejects.
func (l *lexer) scanQuestionString() token {
	start := l.pos
	q := l.src[l.pos+1]
	l.pos += 2
	for l.pos < len(l.src) && l.src[l.pos] != q && l.src[l.pos] != '\n' && l.src[l.pos] != '\r' {
		if l.src[l.pos] == '\\' && l.peekAt(1) == q {
			l.pos++
		}
		l.pos++
	}
	valEnd := l.pos
	if l.pos < len(l.src) && l.src[l.pos] == q {
		l.pos++
	}
	l.errf("eql/question-quoted-string", start, l.pos, `write the raw string as """..."""`,
		`use triple double quotes ["""] to define unescaped string literals, not [?%c]`, q)
	return token{kind: tString, start: start, end: l.pos, val: l.src[start+2 : valEnd], raw: true}
}

// scanQuotedIdent reads `...` where “ is a backtick.
func (l *lexer) scanQuotedIdent() token {
	start := l.pos
	l.pos++
	var b *strings.Builder
	seg := l.pos
	for {
		i := strings.IndexByte(l.src[l.pos:], '`')
		if i < 0 {
			l.pos = len(l.src)
			l.errf("eql/unterminated-identifier", start, start+1, "close the name with a backtick; write a backtick inside it as ``",
				"quoted name is not closed")
			return token{kind: tQuotedIdent, start: start, end: l.pos, val: l.src[seg:]}
		}
		l.pos += i
		if l.peekAt(1) == '`' {
			if b == nil {
				b = &strings.Builder{}
			}
			b.WriteString(l.src[seg : l.pos+1])
			l.pos += 2
			seg = l.pos
			continue
		}
		val := l.src[seg:l.pos]
		if b != nil {
			b.WriteString(val)
			val = b.String()
		}
		l.pos++
		return token{kind: tQuotedIdent, start: start, end: l.pos, val: val}
	}
}
