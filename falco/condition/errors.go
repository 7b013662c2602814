package condition

import (
	"fmt"
	"strings"

	"github.com/eql2falco/eql2falco/diag"
)

// Diagnostic codes of this package. They are stable: tools and tests match them.
const (
	CodeSyntax       = "falco/syntax"        // the text does not parse
	CodeUnprintable  = "falco/unprintable"   // an AST cannot be written as Falco text
	CodeUnknownField = "falco/unknown-field" // no such field in the catalog
	CodeFieldArg     = "falco/field-arg"     // field argument missing, not allowed, or malformed
	CodeOperator     = "falco/operator"      // operator not allowed for the field's type
	CodeValue        = "falco/value"         // constant not valid for the field's type
	CodeTransformer  = "falco/transformer"   // transformer not applicable
	CodeUnknownMacro = "falco/unknown-macro" // identifier that names no macro
	CodeUnknownList  = "falco/unknown-list"  // list reference that names no list
	CodeCycle        = "falco/cycle"         // macros or lists that refer to themselves
	CodeUnsupported  = "falco/unsupported"   // valid Falco the embedded evaluator does not implement
)

// Error is a problem in a condition, at a byte offset of its text (the offset
// of the node concerned for errors found after parsing).
type Error struct {
	Offset int
	Code   string
	Msg    string
}

func (e *Error) Error() string {
	return fmt.Sprintf("offset %d: %s: %s", e.Offset, e.Code, e.Msg)
}

// Diag converts the error into the project's diagnostic type, placed in src
// (the condition's text, located in the file it comes from).
func (e *Error) Diag(src *diag.Source) *diag.Error {
	return src.Errorf(e.Code, e.Offset, -1, "%s", e.Msg)
}

func errorf(off int, code, format string, args ...any) *Error {
	return &Error{Offset: off, Code: code, Msg: fmt.Sprintf(format, args...)}
}

// LineCol converts a byte offset of text into a 1-based line and column
// (columns count bytes).
func LineCol(text string, off int) (line, col int) {
	if off > len(text) {
		off = len(text)
	}
	if off < 0 {
		off = 0
	}
	line = 1 + strings.Count(text[:off], "\n")
	col = off - strings.LastIndexByte(text[:off], '\n')
	return line, col
}
