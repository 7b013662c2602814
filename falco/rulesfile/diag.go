package rulesfile

import (
	"fmt"
	"sort"
	"strings"
)

// Severity of a diagnostic.
type Severity int

// Severities. A file with errors would not load in Falco (or would load with
// a meaning other than the one written); warnings are what Falco's rules CI
// treats as failures too (falco -V prints them).
const (
	Error Severity = iota
	Warning
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Diagnostic codes. Condition-level codes (falco/syntax, falco/unknown-field,
// ...) come from package condition.
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

// Diagnostic is a finding at a position of a rules file.
type Diagnostic struct {
	File     string
	Line     int // 1-based; 0 when unknown
	Col      int // 1-based, in bytes
	Severity Severity
	Code     string
	Msg      string
	Hint     string
}

func (d Diagnostic) String() string {
	var b strings.Builder
	b.WriteString(d.File)
	if d.Line > 0 {
		fmt.Fprintf(&b, ":%d:%d", d.Line, d.Col)
	}
	sev := ""
	if d.Severity == Warning {
		sev = " (warning)"
	}
	fmt.Fprintf(&b, ": %s%s: %s", d.Code, sev, d.Msg)
	if d.Hint != "" {
		b.WriteString(" (hint: " + d.Hint + ")")
	}
	return b.String()
}

// Diagnostics is a list of findings.
type Diagnostics []Diagnostic

// HasErrors reports whether any diagnostic is an error.
func (ds Diagnostics) HasErrors() bool {
	for _, d := range ds {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Errors returns the errors only.
func (ds Diagnostics) Errors() Diagnostics { return ds.filter(Error) }

// Warnings returns the warnings only.
func (ds Diagnostics) Warnings() Diagnostics { return ds.filter(Warning) }

func (ds Diagnostics) filter(s Severity) Diagnostics {
	var out Diagnostics
	for _, d := range ds {
		if d.Severity == s {
			out = append(out, d)
		}
	}
	return out
}

// Sort orders diagnostics by file position.
func (ds Diagnostics) Sort() {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}

// Err returns the diagnostics as an error when there are errors, else nil.
func (ds Diagnostics) Err() error {
	if !ds.HasErrors() {
		return nil
	}
	return ds
}

func (ds Diagnostics) Error() string {
	errs := ds.Errors()
	switch len(errs) {
	case 0:
		return "no errors"
	case 1:
		return errs[0].String()
	}
	return fmt.Sprintf("%s (and %d more errors)", errs[0], len(errs)-1)
}

// Format renders the diagnostics one per line, each followed by the source
// line it points into and a caret under its column.
func (ds Diagnostics) Format(src []byte) string {
	lines := strings.Split(string(src), "\n")
	var b strings.Builder
	for _, d := range ds {
		b.WriteString(d.String())
		b.WriteByte('\n')
		if d.Line >= 1 && d.Line <= len(lines) {
			line := strings.TrimRight(lines[d.Line-1], "\r")
			b.WriteString("    " + line + "\n")
			col := max(d.Col, 1)
			pad := make([]byte, 0, col)
			for i := 0; i < col-1 && i < len(line); i++ {
				if line[i] == '\t' {
					pad = append(pad, '\t')
				} else {
					pad = append(pad, ' ')
				}
			}
			b.WriteString("    " + string(pad) + "^\n")
		}
	}
	return b.String()
}
