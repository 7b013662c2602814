package elastic

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/eql2falco/eql2falco/diag"
)

// ndjsonRule is a rule record of a Kibana export.
type ndjsonRule struct {
	Rule
	RelatedIntegrations []struct {
		Package string `json:"package"`
	} `json:"related_integrations"`
}

// ReadNDJSON reads a Kibana rule export: one JSON object per line. Records
// that are not rules (the export summary, exception lists, connectors) are
// skipped with an info; blank lines are ignored.
func ReadNDJSON(path string, data []byte) *Set {
	set := &Set{}
	text := string(data)
	file := diag.NewFile(path, text)
	for n := 1; n <= file.LineCount(); n++ {
		start := file.LineStart(n)
		line := file.Line(n)
		if strings.TrimSpace(line) == "" {
			continue
		}
		set.merge(readRecord(file, n, start, line))
	}
	return set
}

func readRecord(file *diag.File, lineNo, start int, line string) *Set {
	set := &Set{}
	var probe map[string]json.RawMessage
	if err := json.Unmarshal([]byte(line), &probe); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			at := start + max(0, int(se.Offset)-1)
			set.Diags.Add(file.Errorf("rule/ndjson-syntax", at, at+1, "invalid JSON: %v", se).
				WithHint("each line of an export is one JSON object"))
		case errors.As(err, &te):
			set.Diags.Add(file.Errorf("rule/ndjson-syntax", start, start+1, "record is a JSON %s, not an object", te.Value))
		default:
			set.Diags.Add(file.Errorf("rule/ndjson-syntax", start, -1, "invalid JSON: %v", err))
		}
		return set
	}
	if kind := notRule(probe); kind != "" {
		set.Diags.Add(file.Errorf("rule/ndjson-skipped-line", start, -1, "%s: skipped", kind).WithSeverity(diag.SeverityInfo))
		return set
	}
	var rec ndjsonRule
	if err := json.Unmarshal([]byte(line), &rec); err != nil {
		at := start
		msg := err.Error()
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			at = start + max(0, int(te.Offset)-1)
			name := strings.TrimPrefix(te.Field, "Rule.")
			if vs, _, ok := findJSONValue(line, strings.Split(name, ".")[0]); ok {
				at = start + vs
			}
			msg = fmt.Sprintf("field %q: expected %s, found a JSON %s", name, te.Type, te.Value)
		}
		set.Diags.Add(file.Errorf("rule/invalid-field", at, -1, "%s", msg))
		return set
	}
	r := &rec.Rule
	r.Path, r.Line = file.Path, lineNo
	for _, ri := range rec.RelatedIntegrations {
		if ri.Package != "" {
			r.Integration = append(r.Integration, ri.Package)
		}
	}
	qs, qe, found := findJSONString(line, "query")
	if !r.IsEQL() {
		set.add(r, file.Errorf("", start, -1, ""))
		return set
	}
	if strings.TrimSpace(r.Query) == "" {
		set.Diags.Add(file.Errorf("rule/missing-query", start, -1, "EQL rule %q has no query", r.Name))
		return set
	}
	r.Source = jsonQuerySource(file, start, line, qs, qe, found, r.Query)
	set.add(r, nil)
	return set
}

// notRule says what a record that is not a rule is ("" for a rule).
func notRule(rec map[string]json.RawMessage) string {
	var id string
	if raw, ok := rec["rule_id"]; ok && json.Unmarshal(raw, &id) == nil && id != "" {
		if _, ok := rec["type"]; ok {
			return ""
		}
	}
	switch {
	case rec["exported_count"] != nil || rec["exported_rules_count"] != nil:
		return "export summary"
	case rec["list_id"] != nil:
		return "exception list record"
	case rec["rule_id"] != nil:
		return "rule record without a type"
	}
	return "record without a rule_id, not a rule"
}

// jsonQuerySource maps the decoded query to its JSON string in the line; it
// falls back to the start of the string (or of the line) when the mapping
// cannot be made exact.
func jsonQuerySource(file *diag.File, lineStart int, line string, qs, qe int, found bool, query string) *diag.Source {
	if !found {
		return file.Mapped(query, constOffsets(len(query), lineStart))
	}
	decoded, offs, ok := decodeJSONString(line[qs:qe])
	if !ok || decoded != query {
		return file.Mapped(query, constOffsets(len(query), lineStart+qs))
	}
	for i := range offs {
		offs[i] += lineStart + qs
	}
	return file.Mapped(query, offs)
}

// findJSONValue returns the extent of the value of a top-level key of the
// JSON object on line; the last one wins, as with encoding/json.
func findJSONValue(line, key string) (start, end int, found bool) {
	dec := json.NewDecoder(strings.NewReader(line))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return 0, 0, false
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return start, end, found
		}
		k, _ := t.(string)
		afterKey := int(dec.InputOffset())
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			return start, end, found
		}
		if k == key {
			end = int(dec.InputOffset())
			start = afterKey
			for start < end && strings.IndexByte(" \t\r\n:", line[start]) >= 0 {
				start++
			}
			found = true
		}
	}
	return start, end, found
}

// findJSONString returns the extent (quotes included) of the string value of
// a top-level key of the JSON object on line.
func findJSONString(line, key string) (start, end int, found bool) {
	start, end, found = findJSONValue(line, key)
	if !found || line[start] != '"' {
		return 0, 0, false
	}
	return start, end, true
}

// decodeJSONString decodes a JSON string literal (quotes included) and
// returns, for each byte of the value, its offset in the literal (plus one
// entry for the end).
func decodeJSONString(lit string) (string, []int, bool) {
	if len(lit) < 2 || lit[0] != '"' || lit[len(lit)-1] != '"' {
		return "", nil, false
	}
	var b strings.Builder
	offs := make([]int, 0, len(lit))
	emit := func(s string, at int) {
		b.WriteString(s)
		for range len(s) {
			offs = append(offs, at)
		}
	}
	end := len(lit) - 1
	for i := 1; i < end; {
		c := lit[i]
		if c != '\\' {
			b.WriteByte(c)
			offs = append(offs, i)
			i++
			continue
		}
		if i+1 >= end {
			return "", nil, false
		}
		switch lit[i+1] {
		case '"', '\\', '/':
			emit(lit[i+1:i+2], i)
		case 'b':
			emit("\b", i)
		case 'f':
			emit("\f", i)
		case 'n':
			emit("\n", i)
		case 'r':
			emit("\r", i)
		case 't':
			emit("\t", i)
		case 'u':
			r, n, ok := jsonUnicode(lit[i:end])
			if !ok {
				return "", nil, false
			}
			var buf [utf8.UTFMax]byte
			emit(string(buf[:utf8.EncodeRune(buf[:], r)]), i)
			i += n
			continue
		default:
			return "", nil, false
		}
		i += 2
	}
	offs = append(offs, end)
	return b.String(), offs, true
}

// jsonUnicode decodes \uXXXX (and a following low surrogate) at the start of
// s, as encoding/json does: a lone surrogate becomes U+FFFD.
func jsonUnicode(s string) (rune, int, bool) {
	hex := func(s string) (rune, bool) {
		if len(s) < 6 || s[0] != '\\' || s[1] != 'u' {
			return 0, false
		}
		v, err := strconv.ParseUint(s[2:6], 16, 16)
		return rune(v), err == nil
	}
	r, ok := hex(s)
	if !ok {
		return 0, 0, false
	}
	if utf16.IsSurrogate(r) {
		if r2, ok := hex(s[6:]); ok {
			if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
				return dec, 12, true
			}
		}
		return utf8.RuneError, 6, true
	}
	return r, 6, true
}
