package elastic

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The TOML library decodes the rule; this file finds where the text of
// [rule].query sits in the file and maps every byte of its decoded value to
// the file, so that an EQL error reports the line and column of the TOML
// file. It reads just enough TOML for that: table headers, keys, and values
// skipped whole (strings of the four kinds, arrays, inline tables, comments).

// tomlValue is the raw extent of a string value in a TOML file.
type tomlValue struct {
	start, end int // [start, end): from the opening to past the closing delimiter
}

// findTOMLString returns the extent of the value of the key path want
// ("rule", "query") when it is a string, and the offset of the header of the
// table want[:len(want)-1] (-1 when absent).
func findTOMLString(src string, want []string) (v tomlValue, found bool, tableOff int) {
	s := tomlScanner{src: src}
	if strings.HasPrefix(src, "\uFEFF") {
		s.pos = len("\uFEFF")
	}
	tableOff = -1
	var table []string
	for {
		s.skipBlank()
		if s.pos >= len(s.src) {
			return v, false, tableOff
		}
		switch s.src[s.pos] {
		case '#':
			s.skipComment()
			continue
		case '[':
			hdr := s.pos
			array := strings.HasPrefix(s.src[s.pos:], "[[")
			if array {
				s.pos += 2
			} else {
				s.pos++
			}
			key, ok := s.key()
			if !ok {
				return v, false, tableOff
			}
			s.skipSpace()
			if array && strings.HasPrefix(s.src[s.pos:], "]]") {
				s.pos += 2
			} else if !array && s.peek() == ']' {
				s.pos++
			} else {
				return v, false, tableOff
			}
			table = key
			if !array && slices.Equal(key, want[:len(want)-1]) {
				tableOff = hdr
			}
			continue
		}
		key, ok := s.key()
		if !ok {
			return v, false, tableOff
		}
		s.skipSpace()
		if s.peek() != '=' {
			return v, false, tableOff
		}
		s.pos++
		s.skipSpace()
		start := s.pos
		isString := s.peek() == '"' || s.peek() == '\''
		if !s.skipValue() {
			return v, false, tableOff
		}
		full := append(append([]string(nil), table...), key...)
		if isString && slices.Equal(full, want) {
			return tomlValue{start: start, end: s.pos}, true, tableOff
		}
	}
}

type tomlScanner struct {
	src string
	pos int
}

func (s *tomlScanner) peek() byte {
	if s.pos < len(s.src) {
		return s.src[s.pos]
	}
	return 0
}

func (s *tomlScanner) skipSpace() {
	for s.pos < len(s.src) && (s.src[s.pos] == ' ' || s.src[s.pos] == '\t') {
		s.pos++
	}
}

// skipBlank skips spaces, tabs and line breaks.
func (s *tomlScanner) skipBlank() {
	for s.pos < len(s.src) && strings.IndexByte(" \t\r\n", s.src[s.pos]) >= 0 {
		s.pos++
	}
}

func (s *tomlScanner) skipComment() {
	if i := strings.IndexByte(s.src[s.pos:], '\n'); i >= 0 {
		s.pos += i
	} else {
		s.pos = len(s.src)
	}
}

func isBareKeyChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// key reads a dotted key: bare, "basic" or 'literal' parts.
func (s *tomlScanner) key() ([]string, bool) {
	var parts []string
	for {
		s.skipSpace()
		switch c := s.peek(); {
		case c == '"' || c == '\'':
			start := s.pos
			if !s.skipString() {
				return nil, false
			}
			val, _, ok := decodeTOMLString(s.src, tomlValue{start: start, end: s.pos})
			if !ok {
				return nil, false
			}
			parts = append(parts, val)
		case isBareKeyChar(c):
			start := s.pos
			for s.pos < len(s.src) && isBareKeyChar(s.src[s.pos]) {
				s.pos++
			}
			parts = append(parts, s.src[start:s.pos])
		default:
			return nil, false
		}
		s.skipSpace()
		if s.peek() != '.' {
			return parts, true
		}
		s.pos++
	}
}

// skipValue skips one value: a string, an array, an inline table or a
// scalar (up to a delimiter).
func (s *tomlScanner) skipValue() bool {
	switch s.peek() {
	case '"', '\'':
		return s.skipString()
	case '[', '{':
		return s.skipNested()
	}
	start := s.pos
	for s.pos < len(s.src) && strings.IndexByte(" \t\r\n#,]}", s.src[s.pos]) < 0 {
		s.pos++
	}
	return s.pos > start
}

// skipNested skips an array or inline table, which may span lines and hold
// comments and strings.
func (s *tomlScanner) skipNested() bool {
	depth := 0
	for s.pos < len(s.src) {
		switch c := s.src[s.pos]; c {
		case '[', '{':
			depth++
			s.pos++
		case ']', '}':
			depth--
			s.pos++
			if depth == 0 {
				return true
			}
		case '"', '\'':
			if !s.skipString() {
				return false
			}
		case '#':
			s.skipComment()
		default:
			s.pos++
		}
	}
	return false
}

// skipString skips a string of any of the four kinds.
func (s *tomlScanner) skipString() bool {
	q := s.src[s.pos]
	delim := strings.Repeat(string(q), 3)
	if strings.HasPrefix(s.src[s.pos:], delim) {
		i := s.pos + 3
		for i < len(s.src) {
			if q == '"' && s.src[i] == '\\' {
				i += 2
				continue
			}
			if strings.HasPrefix(s.src[i:], delim) {
				end := i + 3
				// Up to two more quotes belong to the content.
				for k := 0; k < 2 && end < len(s.src) && s.src[end] == q; k++ {
					end++
				}
				s.pos = end
				return true
			}
			i++
		}
		return false
	}
	i := s.pos + 1
	for i < len(s.src) && s.src[i] != '\n' {
		if q == '"' && s.src[i] == '\\' {
			i += 2
			continue
		}
		if s.src[i] == q {
			s.pos = i + 1
			return true
		}
		i++
	}
	return false
}

// decodeTOMLString decodes the string at v and returns its value and, for
// each byte of the value, the file offset where its encoding starts (plus
// one entry for the end), as diag.File.Mapped wants.
func decodeTOMLString(src string, v tomlValue) (string, []int, bool) {
	raw := src[v.start:v.end]
	q := raw[0]
	multi := len(raw) >= 6 && strings.HasPrefix(raw, strings.Repeat(string(q), 3))
	open, closeLen := 1, 1
	if multi {
		open, closeLen = 3, 3
	}
	if len(raw) < open+closeLen {
		return "", nil, false
	}
	i, end := v.start+open, v.end-closeLen
	if multi {
		// A line break right after the opening delimiter is trimmed.
		if strings.HasPrefix(src[i:end], "\n") {
			i++
		} else if strings.HasPrefix(src[i:end], "\r\n") {
			i += 2
		}
	}
	var b strings.Builder
	b.Grow(end - i)
	offs := make([]int, 0, end-i+1)
	emit := func(s string, at int) {
		b.WriteString(s)
		for range len(s) {
			offs = append(offs, at)
		}
	}
	for i < end {
		c := src[i]
		if q == '\'' || c != '\\' {
			b.WriteByte(c)
			offs = append(offs, i)
			i++
			continue
		}
		if i+1 >= end {
			return "", nil, false
		}
		esc := i
		switch e := src[i+1]; e {
		case 'b':
			emit("\b", esc)
		case 't':
			emit("\t", esc)
		case 'n':
			emit("\n", esc)
		case 'f':
			emit("\f", esc)
		case 'r':
			emit("\r", esc)
		case 'e':
			emit("\x1b", esc)
		case '"':
			emit(`"`, esc)
		case '\\':
			emit(`\`, esc)
		case 'x', 'u', 'U':
			n := 2
			switch e {
			case 'u':
				n = 4
			case 'U':
				n = 8
			}
			if i+2+n > end {
				return "", nil, false
			}
			code, err := strconv.ParseUint(src[i+2:i+2+n], 16, 32)
			if err != nil || !utf8.ValidRune(rune(code)) {
				return "", nil, false
			}
			emit(string(rune(code)), esc)
			i += 2 + n
			continue
		default:
			// Line-ending backslash (multi-line only): skip it and all white
			// space up to the next other character.
			j := i + 1
			for j < end && (src[j] == ' ' || src[j] == '\t') {
				j++
			}
			if !multi || j >= end || (src[j] != '\n' && src[j] != '\r') {
				return "", nil, false
			}
			for j < end && strings.IndexByte(" \t\r\n", src[j]) >= 0 {
				j++
			}
			i = j
			continue
		}
		i += 2
	}
	offs = append(offs, end)
	return b.String(), offs, true
}
