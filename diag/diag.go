package diag

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/eql2falco/eql2falco/internal/plural"
)

// Severity ranks a diagnostic. Only SeverityError makes an input fail.
type Severity uint8

// Severities, most severe first.
const (
	SeverityError Severity = iota
	SeverityWarning
	SeverityInfo
)

// String returns "error", "warning" or "info".
func (s Severity) String() string {
	switch s {
	case SeverityError:
		return "error"
	case SeverityWarning:
		return "warning"
	case SeverityInfo:
		return "info"
	}
	return fmt.Sprintf("severity(%d)", uint8(s))
}

// MarshalText encodes the severity as its name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText decodes a severity name.
func (s *Severity) UnmarshalText(b []byte) error {
	switch string(b) {
	case "error":
		*s = SeverityError
	case "warning":
		*s = SeverityWarning
	case "info":
		*s = SeverityInfo
	default:
		return fmt.Errorf("unknown severity %q", b)
	}
	return nil
}

// Pos is a position in a file. Line and Col start at 1 (0 means unknown);
// Col counts characters, a tab being one. Offset is the byte offset in the
// file, starting at 0.
type Pos struct {
	File   string
	Line   int
	Col    int
	Offset int
}

// IsValid reports whether the position has a line.
func (p Pos) IsValid() bool { return p.Line > 0 }

// String formats the position as path:line:col, path:line or path.
func (p Pos) String() string {
	s := p.File
	if p.Line > 0 {
		if s != "" {
			s += ":"
		}
		s += fmt.Sprint(p.Line)
		if p.Col > 0 {
			s += fmt.Sprintf(":%d", p.Col)
		}
	}
	return s
}

// Error is one diagnostic. It implements error; its Error method returns the
// first line of the text rendering.
type Error struct {
	Code     string   // stable, namespaced: "eql/...", "rule/...", "translate/..."
	Severity Severity // SeverityError unless stated
	Pos      Pos      // where the problem starts
	End      Pos      // where it ends (exclusive); zero when unknown
	Msg      string   // what is wrong, one line, no trailing period
	Hint     string   // what to do about it; may be empty

	file *File // for the source line in Render; nil when unknown
}

// New returns an error-severity diagnostic without a position.
func New(code, format string, args ...any) *Error {
	return &Error{Code: code, Msg: fmt.Sprintf(format, args...)}
}

// WithHint sets the hint and returns e.
func (e *Error) WithHint(format string, args ...any) *Error {
	e.Hint = fmt.Sprintf(format, args...)
	return e
}

// At sets the position (a file alone, or a full position) and returns e.
func (e *Error) At(p Pos) *Error {
	e.Pos = p
	return e
}

// WithSeverity sets the severity and returns e.
func (e *Error) WithSeverity(s Severity) *Error {
	e.Severity = s
	return e
}

// Error returns "path:line:col: code: message" (with the severity before the
// code when it is not an error).
func (e *Error) Error() string {
	var b strings.Builder
	if pos := e.Pos.String(); pos != "" {
		b.WriteString(pos)
		b.WriteString(": ")
	}
	if e.Severity != SeverityError {
		b.WriteString(e.Severity.String())
		b.WriteString(": ")
	}
	if e.Code != "" {
		b.WriteString(e.Code)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Render returns the full text form: the first line of Error, then the source
// line with a caret under the span when the source text is known, then the hint.
// Every line ends with a newline.
func (e *Error) Render() string {
	var b strings.Builder
	b.WriteString(e.Error())
	b.WriteByte('\n')
	if e.file != nil && e.Pos.IsValid() {
		if line, caret := e.file.snippet(e.Pos, e.End); line != "" {
			b.WriteString("    ")
			b.WriteString(line)
			b.WriteString("\n    ")
			b.WriteString(caret)
			b.WriteByte('\n')
		}
	}
	if e.Hint != "" {
		b.WriteString("    hint: ")
		b.WriteString(e.Hint)
		b.WriteByte('\n')
	}
	return b.String()
}

// jsonError is the JSON form of an Error.
type jsonError struct {
	Code      string   `json:"code"`
	Severity  Severity `json:"severity"`
	File      string   `json:"file,omitempty"`
	Line      int      `json:"line,omitempty"`
	Col       int      `json:"col,omitempty"`
	Offset    int      `json:"offset"`
	EndLine   int      `json:"end_line,omitempty"`
	EndCol    int      `json:"end_col,omitempty"`
	EndOffset int      `json:"end_offset,omitempty"`
	Message   string   `json:"message"`
	Hint      string   `json:"hint,omitempty"`
}

// MarshalJSON encodes the diagnostic as a flat object (see the package doc).
func (e *Error) MarshalJSON() ([]byte, error) {
	return json.Marshal(jsonError{
		Code: e.Code, Severity: e.Severity,
		File: e.Pos.File, Line: e.Pos.Line, Col: e.Pos.Col, Offset: e.Pos.Offset,
		EndLine: e.End.Line, EndCol: e.End.Col, EndOffset: e.End.Offset,
		Message: e.Msg, Hint: e.Hint,
	})
}

// UnmarshalJSON decodes the form MarshalJSON produces (without source text).
func (e *Error) UnmarshalJSON(b []byte) error {
	var j jsonError
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*e = Error{
		Code: j.Code, Severity: j.Severity,
		Pos: Pos{File: j.File, Line: j.Line, Col: j.Col, Offset: j.Offset},
		Msg: j.Message, Hint: j.Hint,
	}
	if j.EndLine > 0 {
		e.End = Pos{File: j.File, Line: j.EndLine, Col: j.EndCol, Offset: j.EndOffset}
	}
	return nil
}

// List is a list of diagnostics. Sort orders it by file, then position, then
// severity and code; the order of equal entries is kept.
type List []*Error

// Add appends diagnostics and returns the list.
func (l *List) Add(errs ...*Error) { *l = append(*l, errs...) }

// Len, Less and Swap implement sort.Interface.
func (l List) Len() int      { return len(l) }
func (l List) Swap(i, j int) { l[i], l[j] = l[j], l[i] }
func (l List) Less(i, j int) bool {
	a, b := l[i], l[j]
	if a.Pos.File != b.Pos.File {
		return a.Pos.File < b.Pos.File
	}
	if a.Pos.Offset != b.Pos.Offset {
		return a.Pos.Offset < b.Pos.Offset
	}
	if a.Pos.Line != b.Pos.Line {
		return a.Pos.Line < b.Pos.Line
	}
	if a.Severity != b.Severity {
		return a.Severity < b.Severity
	}
	return a.Code < b.Code
}

// Sort sorts the list in place (stable).
func (l List) Sort() { sort.Stable(l) }

// HasErrors reports whether an entry has SeverityError.
func (l List) HasErrors() bool {
	for _, e := range l {
		if e.Severity == SeverityError {
			return true
		}
	}
	return false
}

// Errors returns the entries of SeverityError.
func (l List) Errors() List {
	var out List
	for _, e := range l {
		if e.Severity == SeverityError {
			out = append(out, e)
		}
	}
	return out
}

// Err returns the list as an error when it holds at least one entry of
// SeverityError, and nil otherwise.
func (l List) Err() error {
	if l.HasErrors() {
		return l
	}
	return nil
}

// Error returns the first line of each entry, one per line.
func (l List) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Render returns the full text form of every entry (see Error.Render).
func (l List) Render() string {
	var b strings.Builder
	for _, e := range l {
		b.WriteString(e.Render())
	}
	return b.String()
}

// CodeOmitted is the code of the note Limit puts in place of the
// diagnostics it leaves out.
const CodeOmitted = "diag/omitted"

// Limit keeps the first max diagnostics of each file (all of them when max
// <= 0), in list order, and puts after the last one kept of a file an info
// diagnostic (CodeOmitted, the given hint) counting those left out, as Go's
// compiler stops after 10 errors. Sort the list first so that each file's
// diagnostics are together.
func (l List) Limit(max int, hint string) List {
	if max <= 0 {
		return l
	}
	seen := map[string]int{}
	for _, e := range l {
		seen[e.Pos.File]++
	}
	out := make(List, 0, len(l))
	kept := map[string]int{}
	for _, e := range l {
		f := e.Pos.File
		if kept[f] == max {
			continue
		}
		out = append(out, e)
		kept[f]++
		if n := seen[f] - max; kept[f] == max && n > 0 {
			note := New(CodeOmitted, "%s not shown", plural.Count(n, "more diagnostic")).
				At(Pos{File: f}).WithSeverity(SeverityInfo)
			note.Hint = hint
			out = append(out, note)
		}
	}
	return out
}
