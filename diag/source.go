package diag

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// File is the text of a named input (a rule file, a query given on the
// command line) with an index of its lines. It is immutable and safe for
// concurrent use.
type File struct {
	Path string
	Text string

	lineStarts []int // byte offset of the first byte of each line
}

// NewFile indexes text. A line ends after "\n"; a "\r" before it is part of
// the line ending and never shown.
func NewFile(path, text string) *File {
	starts := make([]int, 1, 1+strings.Count(text, "\n"))
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			starts = append(starts, i+1)
		}
	}
	return &File{Path: path, Text: text, lineStarts: starts}
}

// Position returns the position of a byte offset of the file. Offsets outside
// the text are clamped to it.
func (f *File) Position(off int) Pos {
	off = max(0, min(off, len(f.Text)))
	line := sort.Search(len(f.lineStarts), func(i int) bool { return f.lineStarts[i] > off }) // first line after
	start := f.lineStarts[line-1]
	return Pos{File: f.Path, Line: line, Col: utf8.RuneCountInString(f.Text[start:off]) + 1, Offset: off}
}

// Line returns the text of line n (starting at 1) without its line ending,
// or "" when there is no such line.
func (f *File) Line(n int) string {
	if n < 1 || n > len(f.lineStarts) {
		return ""
	}
	start := f.lineStarts[n-1]
	end := len(f.Text)
	if n < len(f.lineStarts) {
		end = f.lineStarts[n] - 1
	}
	return strings.TrimSuffix(f.Text[start:end], "\r")
}

// LineStart returns the byte offset of the first byte of line n (starting
// at 1), or -1 when there is no such line.
func (f *File) LineStart(n int) int {
	if n < 1 || n > len(f.lineStarts) {
		return -1
	}
	return f.lineStarts[n-1]
}

// LineCount returns the number of lines (a final line without "\n" counts).
func (f *File) LineCount() int { return len(f.lineStarts) }

// Errorf returns a diagnostic covering the file bytes [start, end). end < start
// means the span is unknown and only start is reported.
func (f *File) Errorf(code string, start, end int, format string, args ...any) *Error {
	e := &Error{Code: code, Pos: f.Position(start), Msg: fmt.Sprintf(format, args...), file: f}
	if end >= start {
		e.End = f.Position(end)
	}
	return e
}

// snippetWidth bounds the characters shown of a long source line (NDJSON
// records are often thousands of characters long).
const snippetWidth = 100

// snippet returns the source line of from and the caret line under it: "^"
// at from, "~" for the rest of the span on that line.
func (f *File) snippet(from, to Pos) (line, caret string) {
	text := f.Line(from.Line)
	if text == "" {
		return "", ""
	}
	runes := []rune(text)
	startCol := from.Col - 1
	if startCol > len(runes) {
		startCol = len(runes)
	}
	endCol := startCol + 1
	if to.Line == from.Line && to.Col-1 > endCol {
		endCol = to.Col - 1
	} else if to.Line > from.Line {
		endCol = max(len(runes), startCol+1)
	}
	// Window long lines around the start of the span.
	lo, hi := 0, len(runes)
	prefix, suffix := "", ""
	if hi-lo > snippetWidth {
		lo = max(0, startCol-snippetWidth/3)
		hi = min(len(runes), lo+snippetWidth)
		if lo > 0 {
			prefix = "..."
		}
		if hi < len(runes) {
			suffix = "..."
		}
	}
	endCol = min(endCol, max(hi, startCol+1))
	var c strings.Builder
	for range prefix {
		c.WriteByte(' ')
	}
	for _, r := range runes[lo:startCol] {
		if r == '\t' {
			c.WriteByte('\t')
		} else {
			c.WriteByte(' ')
		}
	}
	c.WriteByte('^')
	for i := startCol + 1; i < endCol; i++ {
		c.WriteByte('~')
	}
	return prefix + string(runes[lo:hi]) + suffix, c.String()
}

// Source is a text being analysed, such as an EQL query, located in a File:
// either the whole file, or a fragment of it whose bytes map to file offsets
// (a query decoded from a TOML or JSON string). Offsets given to Source
// methods are byte offsets into Text.
type Source struct {
	Text string

	file *File
	base int   // file offset of Text[0] when offs is nil
	offs []int // when not nil: offs[i] is the file offset of Text byte i; len(Text)+1 entries
}

// NewSource returns a Source that is the whole content of a file named path.
func NewSource(path, text string) *Source {
	return &Source{Text: text, file: NewFile(path, text)}
}

// Whole returns a Source that is the whole file.
func (f *File) Whole() *Source { return &Source{Text: f.Text, file: f} }

// Fragment returns a Source for text that appears verbatim in the file
// starting at byte offset base.
func (f *File) Fragment(text string, base int) *Source {
	return &Source{Text: text, file: f, base: base}
}

// Mapped returns a Source for text decoded from the file (escapes resolved):
// offs[i] is the file offset where the encoding of text byte i starts, and
// offs[len(text)] the offset just after the encoded text. It panics when offs
// has the wrong length.
func (f *File) Mapped(text string, offs []int) *Source {
	if len(offs) != len(text)+1 {
		panic(fmt.Sprintf("diag: Mapped: %d offsets for %d bytes", len(offs), len(text)))
	}
	return &Source{Text: text, file: f, offs: offs}
}

// File returns the file the source belongs to.
func (s *Source) File() *File { return s.file }

// FileOffset maps a byte offset of Text to a byte offset of the file.
func (s *Source) FileOffset(off int) int {
	off = max(0, min(off, len(s.Text)))
	if s.offs != nil {
		return s.offs[off]
	}
	return s.base + off
}

// Pos returns the file position of a byte offset of Text.
func (s *Source) Pos(off int) Pos { return s.file.Position(s.FileOffset(off)) }

// Errorf returns a diagnostic covering Text bytes [start, end); end < start
// means the span is unknown.
func (s *Source) Errorf(code string, start, end int, format string, args ...any) *Error {
	e := &Error{Code: code, Pos: s.Pos(start), Msg: fmt.Sprintf(format, args...), file: s.file}
	if end >= start {
		e.End = s.Pos(end)
	}
	return e
}
