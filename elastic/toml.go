package elastic

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/eql2falco/eql2falco/diag"
)

// tomlFile is the part of a detection-rules TOML file the project reads.
type tomlFile struct {
	Metadata struct {
		Maturity    string     `toml:"maturity"`
		Integration stringList `toml:"integration"`
	} `toml:"metadata"`
	Rule *Rule `toml:"rule"`
}

// ReadTOML reads a detection-rules TOML file: one rule, [metadata] and
// [rule] (only [rule].query is the query; [transform] osquery queries are
// not). A file without a [rule] table gives an info and no rule.
func ReadTOML(path string, data []byte) *Set {
	set := &Set{}
	text := string(data)
	file := diag.NewFile(path, text)
	var doc tomlFile
	if _, err := toml.Decode(text, &doc); err != nil {
		set.Diags.Add(tomlError(file, err))
		return set
	}
	r := doc.Rule
	if r == nil {
		set.Diags.Add(file.Errorf("rule/not-a-rule", 0, -1, "no [rule] table: not a detection rule, skipped").
			WithSeverity(diag.SeverityInfo))
		return set
	}
	r.Path = path
	r.Maturity = doc.Metadata.Maturity
	r.Integration = doc.Metadata.Integration

	val, found, tableOff := findTOMLString(text, []string{"rule", "query"})
	at := max(tableOff, 0)
	if found {
		at = val.start
		r.Line = file.Position(val.start).Line
		r.Source = tomlQuerySource(file, val, r.Query)
	}
	if !r.IsEQL() {
		set.add(r, file.Errorf("", at, -1, ""))
		return set
	}
	if strings.TrimSpace(r.Query) == "" {
		set.Diags.Add(file.Errorf("rule/missing-query", at, -1, "EQL rule %q has no query", r.Name).
			WithHint("an EQL rule needs [rule] query = '''...'''"))
		return set
	}
	if r.Source == nil {
		// The query was not found where expected (an inline table, a
		// construct the scanner does not read): every position points at
		// the [rule] table.
		r.Source = file.Mapped(r.Query, constOffsets(len(r.Query), at))
	}
	set.add(r, nil)
	return set
}

// tomlQuerySource maps the decoded query to the file. When the scanner's
// decoding disagrees with the TOML library (it never should), positions fall
// back to the start of the value.
func tomlQuerySource(file *diag.File, v tomlValue, query string) *diag.Source {
	text := file.Text
	if text[v.start] == '\'' && !strings.HasPrefix(text[v.start:], "'''") {
		return file.Fragment(query, v.start+1)
	}
	decoded, offs, ok := decodeTOMLString(text, v)
	if !ok || decoded != query {
		return file.Mapped(query, constOffsets(len(query), v.start))
	}
	return file.Mapped(query, offs)
}

func constOffsets(n, at int) []int {
	offs := make([]int, n+1)
	for i := range offs {
		offs[i] = at
	}
	return offs
}

// tomlError turns a TOML library error into a diagnostic at its position.
func tomlError(file *diag.File, err error) *diag.Error {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		start := pe.Position.Start
		if pe.Position.Line > 0 && start == 0 && pe.Position.Line > 1 {
			// Older errors carry only a line.
			start = lineOffset(file, pe.Position.Line)
		}
		e := file.Errorf("rule/toml-syntax", start, start+pe.Position.Len, "%s", pe.Message)
		if pe.LastKey != "" {
			e.Msg += " (after key " + pe.LastKey + ")"
		}
		return e
	}
	// Type errors are plain errors: "toml: line 26 (last key "rule.x"): ...".
	msg := strings.TrimPrefix(err.Error(), "toml: ")
	at := 0
	if m := tomlLineRE.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		at = lineOffset(file, line)
		at += len(file.Line(line)) - len(strings.TrimLeft(file.Line(line), " \t"))
		msg = fmt.Sprintf("%s (key %s)", m[3], m[2])
	}
	return file.Errorf("rule/invalid-field", at, -1, "%s", msg)
}

var tomlLineRE = regexp.MustCompile(`^line (\d+) \(last key "(.*)"\): (.*)$`)

func lineOffset(file *diag.File, line int) int {
	off := 0
	for n := 1; n < line; n++ {
		i := strings.IndexByte(file.Text[off:], '\n')
		if i < 0 {
			return off
		}
		off += i + 1
	}
	return off
}
