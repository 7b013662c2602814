package condition

import (
	"strings"
	"unicode/utf8"
)

// The token shapes below follow the regular expressions of libsinsp's filter
// grammar (userspace/libsinsp/filter/parser.h, compiled by RE2 in POSIX,
// leftmost-longest mode on UTF-8 text):
//
//	Identifier       [a-zA-Z]+[a-zA-Z0-9_]*
//	FieldName        [a-zA-Z]+[a-zA-Z0-9_]*(\.[a-zA-Z]+[a-zA-Z0-9_]*)+
//	FieldArgBareStr  [^][\"'[:space:]]+
//	HexNumber        0[xX][0-9a-fA-F]+
//	Number           [+\-]?[0-9]+[\.]?[0-9]*([eE][+\-][0-9]+)?
//	BareStr          [^()\"'[:space:]=,]+
//
// Negated classes match any valid UTF-8 character not listed; like RE2 they do
// not match bytes of invalid UTF-8, which therefore end a bare token.

// isBlank is libsinsp's lex_blank set: the separators between tokens.
func isBlank(c byte) bool {
	return c == ' ' || c == '\t' || c == '\b' || c == '\r' || c == '\n'
}

// isSpace is the POSIX [[:space:]] class.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

func isAlpha(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isHex(c byte) bool   { return isDigit(c) || c|0x20 >= 'a' && c|0x20 <= 'f' }
func isWord(c byte) bool  { return isAlpha(c) || isDigit(c) || c == '_' }

// scanIdent returns the end of the identifier starting at i, or i.
func scanIdent(s string, i int) int {
	if i >= len(s) || !isAlpha(s[i]) {
		return i
	}
	j := i + 1
	for j < len(s) && isWord(s[j]) {
		j++
	}
	return j
}

// scanFieldName returns the end of the field name starting at i, or i.
func scanFieldName(s string, i int) int {
	j := scanIdent(s, i)
	if j == i {
		return i
	}
	end := i
	for j < len(s) && s[j] == '.' {
		k := scanIdent(s, j+1)
		if k == j+1 {
			break
		}
		j, end = k, k
	}
	return end
}

// scanNegated returns the end of a run of valid UTF-8 characters starting at i
// that are neither [[:space:]] nor one of the excluded bytes.
func scanNegated(s string, i int, excluded string) int {
	j := i
	for j < len(s) {
		c := s[j]
		if c < utf8.RuneSelf {
			if isSpace(c) || strings.IndexByte(excluded, c) >= 0 {
				break
			}
			j++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[j:])
		if r == utf8.RuneError && n <= 1 {
			break
		}
		j += n
	}
	return j
}

const (
	bareExcluded     = "()\"'=,"
	fieldArgExcluded = "[]\"'"
)

func scanBareStr(s string, i int) int      { return scanNegated(s, i, bareExcluded) }
func scanFieldArgBare(s string, i int) int { return scanNegated(s, i, fieldArgExcluded) }

// scanHex returns the end of a hexadecimal number starting at i, or i.
func scanHex(s string, i int) int {
	if i+2 < len(s) && s[i] == '0' && s[i+1]|0x20 == 'x' && isHex(s[i+2]) {
		j := i + 3
		for j < len(s) && isHex(s[j]) {
			j++
		}
		return j
	}
	return i
}

// scanNum returns the end of the longest Number starting at i, or i.
func scanNum(s string, i int) int {
	j := i
	if j < len(s) && (s[j] == '+' || s[j] == '-') {
		j++
	}
	if j >= len(s) || !isDigit(s[j]) {
		return i
	}
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	if j < len(s) && s[j] == '.' {
		j++
	}
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	if j+2 < len(s) && s[j]|0x20 == 'e' && (s[j+1] == '+' || s[j+1] == '-') && isDigit(s[j+2]) {
		j += 3
		for j < len(s) && isDigit(s[j]) {
			j++
		}
	}
	return j
}

// isNumberText reports whether s is entirely a HexNumber or a Number, i.e. can
// be written bare where the grammar wants a NumValue.
func isNumberText(s string) bool {
	return s != "" && (scanHex(s, 0) == len(s) || scanNum(s, 0) == len(s))
}

// IsIdentifier reports whether s matches the grammar's Identifier (the shape
// of macro names and of list names usable as a bare list operand).
func IsIdentifier(s string) bool { return s != "" && scanIdent(s, 0) == len(s) }

// IsFieldName reports whether s matches the grammar's FieldName.
func IsFieldName(s string) bool { return s != "" && scanFieldName(s, 0) == len(s) }

// lexQuoted reads a quoted string starting at s[i] (a ' or "), the way
// libsinsp's lex_quoted_str does: the string ends at the first delimiter not
// preceded by a backslash, so a value ending in a backslash cannot be quoted.
// ok is false when s[i] is no quote; err is set for an unterminated string
// (libsinsp then fails to read any value there) or an invalid escape.
func lexQuoted(s string, i int) (val string, end int, ok bool, err *Error) {
	if i >= len(s) || (s[i] != '"' && s[i] != '\'') {
		return "", i, false, nil
	}
	delim := s[i]
	for j := i + 1; j < len(s); j++ {
		if s[j] == delim && s[j-1] != '\\' {
			v, e := unescape(s[i:j+1], i)
			return v, j + 1, e == nil, e
		}
	}
	return "", i, false, errorf(i, CodeSyntax, "unterminated quoted string (a quote preceded by a backslash does not close it, so a quoted value cannot end in a backslash)")
}

// unescape decodes a quoted token (delimiters included) with exactly the
// escapes of libsinsp's unescape_str (escaping.cpp) as shipped in Falco
// 0.41-0.44: \b \f \n \r \t \\ \/, \" inside "..." and \' inside '...'. A
// backslash followed by a space yields one backslash (legacy behaviour).
func unescape(tok string, off int) (string, *Error) {
	delim := tok[0]
	body := tok[1 : len(tok)-1]
	if strings.IndexByte(body, '\\') < 0 {
		return body, nil
	}
	var b strings.Builder
	b.Grow(len(body))
	for k := 0; k < len(body); k++ {
		c := body[k]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		k++
		if k >= len(body) { // cannot happen: the closing quote would not close
			return "", errorf(off+1+k, CodeSyntax, "unterminated escape sequence")
		}
		switch e := body[k]; e {
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case ' ', '\\':
			b.WriteByte('\\')
		case '/':
			b.WriteByte('/')
		case '"', '\'':
			if e != delim {
				q := `'`
				if e == '\'' {
					q = `"`
				}
				return "", errorf(off+k, CodeSyntax, "invalid \\%c escape in %s-quoted string", e, q)
			}
			b.WriteByte(e)
		default:
			return "", errorf(off+k, CodeSyntax, "unsupported string escape sequence: \\%c", e)
		}
	}
	return b.String(), nil
}

// bareSafe reports whether a value can be written as a BareStr and read back
// unchanged in every value position. It is deliberately stricter than the
// grammar: only printable ASCII is written bare.
func bareSafe(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(bareExcluded, c) >= 0 {
			return false
		}
	}
	return true
}

// argBareSafe is bareSafe for field arguments (FieldArgBareStr).
func argBareSafe(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(fieldArgExcluded, c) >= 0 {
			return false
		}
	}
	return true
}

// Quote writes s as a double-quoted Falco string. It fails for a value that
// libsinsp cannot read back from any quoted form: one that ends in a backslash
// (the closing quote would be taken as escaped) or holds a NUL byte (values
// are C strings).
func Quote(s string) (string, error) {
	if strings.IndexByte(s, 0) >= 0 {
		return "", errorf(0, CodeUnprintable, "value %q contains a NUL byte, which Falco cannot represent", s)
	}
	if strings.HasSuffix(s, `\`) {
		return "", errorf(0, CodeUnprintable, "value %q ends in a backslash, which a quoted Falco string cannot represent", s)
	}
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '\\':
			b.WriteString(`\\`)
		case '"':
			b.WriteString(`\"`)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String(), nil
}

// ValueText writes a string value as Falco text: bare when that is safe,
// double-quoted otherwise. Values that need quoting but cannot be quoted
// (see Quote) are refused. The result is also the form to give a Falco list
// item so that it expands to exactly this value.
func ValueText(s string) (string, error) {
	if bareSafe(s) {
		return s, nil
	}
	q, err := Quote(s)
	if err != nil && bareFallback(s) && scanBareStr(s, 0) == len(s) {
		// Not quotable, but the grammar reads it bare (non-ASCII ending in
		// a backslash, for example).
		return s, nil
	}
	return q, err
}

// bareFallback tells whether a value may be written bare when it cannot be
// quoted: no control characters (a leading \b would be skipped as a blank).
func bareFallback(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] == 0x7f {
			return false
		}
	}
	return true
}

func fieldArgText(s string) (string, error) {
	if argBareSafe(s) {
		return s, nil
	}
	q, err := Quote(s)
	if err != nil && bareFallback(s) && scanFieldArgBare(s, 0) == len(s) {
		return s, nil
	}
	return q, err
}
