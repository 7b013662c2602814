package rulesfile

import (
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/eql2falco/eql2falco/diag"
)

// Diagnostic codes. Errors mean Falco would not load the file (or would load
// it with another meaning than the one written); warnings are what Falco
// prints when loading (its rules CI treats them as failures too).
// Condition-level codes (falco/syntax, falco/unknown-field, ...) come from
// package condition.
const (
	CodeYAML           = "falco/yaml"           // not valid YAML
	CodeSchema         = "falco/schema"         // wrong shape or type for Falco's rules schema
	CodeUnknownKey     = "falco/unknown-key"    // key not in Falco's rules schema
	CodeMissingKey     = "falco/missing-key"    // a required key is absent or empty
	CodeUnsupported    = "falco/unsupported"    // valid Falco that these checks do not handle
	CodeDuplicate      = "falco/duplicate"      // a name defined twice
	CodePriority       = "falco/priority"       // priority not in the schema's enum
	CodeEngineVersion  = "falco/engine-version" // required_engine_version malformed or too low
	CodeNoEngine       = "falco/no-engine-version"
	CodePluginVersion  = "falco/plugin-version" // plugin requirement malformed or not met
	CodeMissingPlugin  = "falco/missing-plugin" // fields of a plugin used without requiring it
	CodeListItem       = "falco/list-item"      // list item that is not exactly one value
	CodeListExpansion  = "falco/list-expansion" // Falco's textual list substitution changes the meaning
	CodeNoEvttype      = "falco/no-evttype"     // the rule does not restrict evt.type
	CodeEvttypeFirst   = "falco/evttype-not-first"
	CodeOutput         = "falco/output"     // output format error
	CodeUnused         = "falco/unused"     // list or macro never used
	CodeName           = "falco/name"       // macro or list name Falco warns about
	CodeDeprecated     = "falco/deprecated" // deprecated field
	CodeSource         = "falco/source"     // rule source other than syscall
	CodeInternalWriter = "falco/writer"     // the writer could not produce a faithful file
)

// Severities, as in package diag.
const (
	errorSev   = diag.SeverityError
	warningSev = diag.SeverityWarning
)

// errorAt makes a diagnostic at a byte offset of the file (-1: the file as a
// whole).
func (f *File) errorAt(sev diag.Severity, off int, code, format string, args ...any) *diag.Error {
	if f.df == nil || off < 0 {
		e := diag.New(code, format, args...).WithSeverity(sev)
		e.Pos.File = f.Name
		return e
	}
	return f.df.Errorf(code, off, -1, format, args...).WithSeverity(sev)
}

// offset converts a 1-based line and character column (as YAML nodes give
// them) to a byte offset of the file, or -1.
func (f *File) offset(line, col int) int {
	if f.df == nil {
		return -1
	}
	start := f.df.LineStart(line)
	if start < 0 {
		return -1
	}
	text := f.df.Line(line)
	off := 0
	for i := 1; i < col && off < len(text); i++ {
		_, n := utf8.DecodeRuneInString(text[off:])
		off += n
	}
	return start + off
}

func (f *File) nodeOffset(n *yaml.Node) int {
	if n == nil {
		return -1
	}
	return f.offset(n.Line, n.Column)
}

func (f *File) posOffset(p Pos) int {
	if p.Line == 0 {
		return -1
	}
	return f.offset(p.Line, p.Col)
}

// scalarOffset maps a byte offset of a scalar's value to a byte offset of
// the file. For block scalars it walks the content lines; for quoted or
// plain scalars on one line it counts from the value's start. The result is
// approximate where escapes or line folding change lengths.
func (f *File) scalarOffset(n *yaml.Node, off int) int {
	if n == nil || f.df == nil {
		return -1
	}
	switch n.Style {
	case yaml.LiteralStyle, yaml.FoldedStyle:
		indent, pos, last := -1, 0, f.nodeOffset(n)
		for line := n.Line + 1; line <= f.df.LineCount(); line++ {
			text := f.df.Line(line)
			if strings.TrimSpace(text) == "" {
				pos++
				continue
			}
			ind := len(text) - len(strings.TrimLeft(text, " "))
			if indent < 0 {
				indent = ind
			}
			if ind < indent {
				break
			}
			content := text[indent:]
			start := f.df.LineStart(line) + indent
			if off <= pos+len(content) {
				return start + off - pos
			}
			last = start + len(content)
			pos += len(content) + 1
		}
		return last
	case yaml.DoubleQuotedStyle, yaml.SingleQuotedStyle:
		return f.nodeOffset(n) + 1 + off
	}
	return f.nodeOffset(n) + off
}
