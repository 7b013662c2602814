package eval

import (
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// A small JSON reader (RFC 8259) that indexes values as it meets them,
// without building a tree: ParseJSON runs once per event in the parity
// harness. It is stricter than encoding/json where Elasticsearch is:
// invalid UTF-8 and duplicate keys are errors.

// maxDepth bounds the nesting of arrays and objects.
const maxDepth = 512

type jsonReader struct {
	d     *Document
	data  []byte
	pos   int
	depth int
	buf   []byte // scratch for strings with escapes
}

func (r *jsonReader) fail(path, format string, args ...any) error {
	return docErr(path, "bad JSON at byte %d: "+format, append([]any{r.pos}, args...)...)
}

func (r *jsonReader) space() {
	for r.pos < len(r.data) {
		switch r.data[r.pos] {
		case ' ', '\t', '\n', '\r':
			r.pos++
		default:
			return
		}
	}
}

func (r *jsonReader) peek() byte {
	r.space()
	if r.pos < len(r.data) {
		return r.data[r.pos]
	}
	return 0
}

func (r *jsonReader) document() error {
	if r.peek() != '{' {
		return docErr("", "not a JSON object")
	}
	if err := r.object(""); err != nil {
		return err
	}
	if r.peek() != 0 || r.pos < len(r.data) {
		return docErr("", "data after the JSON object")
	}
	return nil
}

// members reads an object's members, calling member for each key; the
// reader is on '{'.
func (r *jsonReader) members(path string, member func(key string) error) error {
	r.depth++
	if r.depth > maxDepth {
		return r.fail(path, "nested deeper than %d", maxDepth)
	}
	r.pos++ // '{'
	var keys []string
	if r.peek() == '}' {
		r.pos++
		r.depth--
		return nil
	}
	for {
		if r.peek() != '"' {
			return r.fail(path, "a key expected")
		}
		key, err := r.str(path)
		if err != nil {
			return err
		}
		for _, k := range keys {
			if k == key {
				return docErr(join(path, key), "duplicate key %q in one object", key)
			}
		}
		keys = append(keys, key)
		if r.peek() != ':' {
			return r.fail(path, "':' expected")
		}
		r.pos++
		if err := member(key); err != nil {
			return err
		}
		switch r.peek() {
		case ',':
			r.pos++
		case '}':
			r.pos++
			r.depth--
			return nil
		default:
			return r.fail(path, "',' or '}' expected")
		}
	}
}

// elements reads an array's elements; the reader is on '['.
func (r *jsonReader) elements(path string, elem func() error) error {
	r.depth++
	if r.depth > maxDepth {
		return r.fail(path, "nested deeper than %d", maxDepth)
	}
	r.pos++ // '['
	if r.peek() == ']' {
		r.pos++
		r.depth--
		return nil
	}
	for {
		if err := elem(); err != nil {
			return err
		}
		switch r.peek() {
		case ',':
			r.pos++
		case ']':
			r.pos++
			r.depth--
			return nil
		default:
			return r.fail(path, "',' or ']' expected")
		}
	}
}

func (r *jsonReader) object(path string) error {
	if path != "" {
		if root, ok := r.d.flattenedRoot(path); ok {
			return r.flattened(root, path)
		}
		if err := r.d.objectAllowed(path); err != nil {
			return err
		}
	}
	return r.members(path, func(key string) error {
		p := join(path, key)
		if err := checkPath(p); err != nil {
			return err
		}
		return r.value(p)
	})
}

// value reads any value at path.
func (r *jsonReader) value(path string) error {
	switch c := r.peek(); c {
	case '{':
		return r.object(path)
	case '[':
		return r.elements(path, func() error { return r.value(path) })
	}
	k, text, b, null, err := r.scalar(path)
	if err != nil || null {
		return err
	}
	return r.d.addScalar(path, k, text, b)
}

// flattened reads a value below a flattened field root.
func (r *jsonReader) flattened(root, path string) error {
	switch r.peek() {
	case '{':
		return r.members(path, func(key string) error { return r.flattened(root, join(path, key)) })
	case '[':
		return r.elements(path, func() error { return r.flattened(root, path) })
	}
	k, text, b, null, err := r.scalar(path)
	if err != nil || null {
		return err
	}
	if k == jsonBool {
		text = strconv.FormatBool(b)
	}
	if k == jsonString && !utf8.ValidString(text) {
		return docErr(path, "a string that is not valid UTF-8")
	}
	return r.d.addFlattened(root, path, text)
}

// scalar reads a string, number, true, false or null.
func (r *jsonReader) scalar(path string) (k jsonKind, text string, b, null bool, err error) {
	switch c := r.peek(); {
	case c == '"':
		s, err := r.str(path)
		return jsonString, s, false, false, err
	case c == '-' || c >= '0' && c <= '9':
		s, err := r.number(path)
		return numberKind(s), s, false, false, err
	case r.literal("true"):
		return jsonBool, "", true, false, nil
	case r.literal("false"):
		return jsonBool, "", false, false, nil
	case r.literal("null"):
		return 0, "", false, true, nil
	}
	return 0, "", false, false, r.fail(path, "a value expected")
}

func (r *jsonReader) literal(word string) bool {
	if len(r.data)-r.pos >= len(word) && string(r.data[r.pos:r.pos+len(word)]) == word {
		r.pos += len(word)
		return true
	}
	return false
}

// number reads a JSON number and returns its text.
func (r *jsonReader) number(path string) (string, error) {
	start := r.pos
	digits := func() int {
		n := 0
		for r.pos < len(r.data) && r.data[r.pos] >= '0' && r.data[r.pos] <= '9' {
			r.pos++
			n++
		}
		return n
	}
	if r.data[r.pos] == '-' {
		r.pos++
	}
	intStart := r.pos
	if n := digits(); n == 0 || n > 1 && r.data[intStart] == '0' {
		return "", r.fail(path, "invalid number")
	}
	if r.pos < len(r.data) && r.data[r.pos] == '.' {
		r.pos++
		if digits() == 0 {
			return "", r.fail(path, "invalid number")
		}
	}
	if r.pos < len(r.data) && (r.data[r.pos] == 'e' || r.data[r.pos] == 'E') {
		r.pos++
		if r.pos < len(r.data) && (r.data[r.pos] == '+' || r.data[r.pos] == '-') {
			r.pos++
		}
		if digits() == 0 {
			return "", r.fail(path, "invalid number")
		}
	}
	return string(r.data[start:r.pos]), nil
}

// str reads a JSON string (the reader is on its opening quote).
func (r *jsonReader) str(path string) (string, error) {
	r.pos++
	start := r.pos
	for r.pos < len(r.data) {
		c := r.data[r.pos]
		switch {
		case c == '"':
			s := r.data[start:r.pos]
			r.pos++
			if !utf8.Valid(s) {
				return "", docErr(path, "a string that is not valid UTF-8")
			}
			return string(s), nil
		case c == '\\':
			return r.escaped(path, start)
		case c < 0x20:
			return "", r.fail(path, "a control character in a string")
		}
		r.pos++
	}
	return "", r.fail(path, "unterminated string")
}

// escaped finishes a string that has escapes, from its first backslash.
func (r *jsonReader) escaped(path string, start int) (string, error) {
	b := append(r.buf[:0], r.data[start:r.pos]...)
	for r.pos < len(r.data) {
		c := r.data[r.pos]
		switch {
		case c == '"':
			r.pos++
			r.buf = b
			if !utf8.Valid(b) {
				return "", docErr(path, "a string that is not valid UTF-8")
			}
			return string(b), nil
		case c < 0x20:
			return "", r.fail(path, "a control character in a string")
		case c != '\\':
			b = append(b, c)
			r.pos++
			continue
		}
		if r.pos+1 >= len(r.data) {
			break
		}
		e := r.data[r.pos+1]
		r.pos += 2
		switch e {
		case '"', '\\', '/':
			b = append(b, e)
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			u, ok := r.hex4()
			if !ok {
				return "", r.fail(path, "invalid \\u escape")
			}
			ch := rune(u)
			if utf16.IsSurrogate(ch) {
				ch = utf8.RuneError
				if u < 0xDC00 && r.pos+1 < len(r.data) && r.data[r.pos] == '\\' && r.data[r.pos+1] == 'u' {
					save := r.pos
					r.pos += 2
					if lo, ok := r.hex4(); ok && lo >= 0xDC00 && lo <= 0xDFFF {
						ch = utf16.DecodeRune(rune(u), rune(lo))
					} else {
						r.pos = save
					}
				}
			}
			b = utf8.AppendRune(b, ch)
		default:
			return "", r.fail(path, "invalid escape \\%c", e)
		}
	}
	return "", r.fail(path, "unterminated string")
}

func (r *jsonReader) hex4() (uint16, bool) {
	if r.pos+4 > len(r.data) {
		return 0, false
	}
	n, err := strconv.ParseUint(string(r.data[r.pos:r.pos+4]), 16, 16)
	if err != nil {
		return 0, false
	}
	r.pos += 4
	return uint16(n), true
}
