package rulesfile

import (
	"bytes"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Width is the line width the writer wraps conditions, descriptions and
// long lists at.
const Width = 100

// Write writes the file in the style of Falco's own rules files (see
// Marshal).
func Write(w io.Writer, f *File) error {
	b, err := Marshal(f)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// Marshal renders a rules file in the upstream style:
//
//   - "- required_engine_version: X" and "- required_plugin_versions:" as
//     top-level sequence items starting at column 0 (packaging tools find
//     them by line prefix);
//   - one blank line between items;
//   - rule keys in the order rule, desc, condition, output, priority, tags,
//     source, enabled, then the less common ones;
//   - conditions and descriptions as folded block scalars ("condition: >-")
//     wrapped at Width, so YAML never reinterprets backslashes or quotes;
//   - lists and tags as flow sequences.
//
// The output is deterministic. Before returning, Marshal reads its output
// back and fails rather than return text that would load differently from f.
func Marshal(f *File) ([]byte, error) {
	var b bytes.Buffer
	for _, line := range f.Header {
		if !printableLine(line) {
			return nil, fmt.Errorf("%s: header line %q is not one line of printable text", CodeInternalWriter, line)
		}
		if line == "" {
			b.WriteString("#\n")
		} else {
			b.WriteString("# " + line + "\n")
		}
	}
	if len(f.Header) > 0 {
		b.WriteByte('\n')
	}
	for i, it := range f.Items {
		if i > 0 {
			b.WriteByte('\n')
		}
		if err := writeItem(&b, it); err != nil {
			return nil, err
		}
	}
	out := b.Bytes()
	back, ds := parse("(writer output)", out, true)
	for _, d := range ds {
		if d.Code == CodeYAML || d.Code == CodeSchema && d.Severity == errorSev {
			return nil, fmt.Errorf("%s: the rendered file is not what Falco reads: %w", CodeInternalWriter, d)
		}
	}
	if err := sameItems(f.Items, back.Items); err != nil {
		return nil, fmt.Errorf("%s: the rendered file would load differently: %w", CodeInternalWriter, err)
	}
	return out, nil
}

func writeItem(b *bytes.Buffer, it Item) error {
	switch it := it.(type) {
	case *EngineVersion:
		s, err := scalar(it.Version, false)
		if err != nil {
			return err
		}
		b.WriteString("- required_engine_version: " + s + "\n")
	case *PluginVersions:
		b.WriteString("- required_plugin_versions:\n")
		for _, p := range it.Plugins {
			if err := writeKV(b, "    - ", "name", p.Name); err != nil {
				return err
			}
			if err := writeKV(b, "      ", "version", p.Version); err != nil {
				return err
			}
			if len(p.Alternatives) > 0 {
				b.WriteString("      alternatives:\n")
				for _, a := range p.Alternatives {
					if err := writeKV(b, "        - ", "name", a.Name); err != nil {
						return err
					}
					if err := writeKV(b, "          ", "version", a.Version); err != nil {
						return err
					}
				}
			}
		}
	case *List:
		if err := writeKV(b, "- ", "list", it.Name); err != nil {
			return err
		}
		return writeFlow(b, "items", it.Items)
	case *Macro:
		if err := writeKV(b, "- ", "macro", it.Name); err != nil {
			return err
		}
		return writeBlock(b, "condition", it.Condition)
	case *Rule:
		return writeRule(b, it)
	default:
		return fmt.Errorf("%s: unknown item %T", CodeInternalWriter, it)
	}
	return nil
}

func writeRule(b *bytes.Buffer, r *Rule) error {
	if err := writeKV(b, "- ", "rule", r.Name); err != nil {
		return err
	}
	if err := writeBlock(b, "desc", r.Desc); err != nil {
		return err
	}
	if err := writeBlock(b, "condition", r.Condition); err != nil {
		return err
	}
	// Outputs stay on one line when YAML allows it, as upstream writes them.
	if plainOK(r.Output, false) {
		b.WriteString("  output: " + r.Output + "\n")
	} else if err := writeBlock(b, "output", r.Output); err != nil {
		return err
	}
	if err := writeKV(b, "  ", "priority", r.Priority); err != nil {
		return err
	}
	if r.Tags != nil {
		if err := writeFlow(b, "tags", r.Tags); err != nil {
			return err
		}
	}
	if r.Source != "" {
		if err := writeKV(b, "  ", "source", r.Source); err != nil {
			return err
		}
	}
	writeBool(b, "enabled", r.Enabled)
	writeBool(b, "capture", r.Capture)
	if r.CaptureDuration != nil {
		b.WriteString("  capture_duration: " + strconv.Itoa(*r.CaptureDuration) + "\n")
	}
	writeBool(b, "warn_evttypes", r.WarnEvttypes)
	writeBool(b, "skip-if-unknown-filter", r.SkipIfUnknownFilter)
	return nil
}

func writeBool(b *bytes.Buffer, key string, v *bool) {
	if v != nil {
		b.WriteString("  " + key + ": " + strconv.FormatBool(*v) + "\n")
	}
}

func writeKV(b *bytes.Buffer, prefix, key, value string) error {
	s, err := scalar(value, false)
	if err != nil {
		return fmt.Errorf("%s: %s: %w", CodeInternalWriter, key, err)
	}
	b.WriteString(prefix + key + ": " + s + "\n")
	return nil
}

// writeBlock writes a value as a folded block scalar ("key: >-") wrapped at
// Width, or double-quoted when a block scalar cannot carry it exactly.
func writeBlock(b *bytes.Buffer, key, value string) error {
	if literalOK(value) {
		b.WriteString("  " + key + ": |-\n")
		for _, line := range strings.Split(value, "\n") {
			if line == "" {
				b.WriteString("\n")
			} else {
				b.WriteString("    " + line + "\n")
			}
		}
		return nil
	}
	if !blockOK(value) {
		s, err := doubleQuoted(value)
		if err != nil {
			return fmt.Errorf("%s: %s: %w", CodeInternalWriter, key, err)
		}
		b.WriteString("  " + key + ": " + s + "\n")
		return nil
	}
	b.WriteString("  " + key + ": >-\n")
	for _, line := range fold(value, Width-4, key == "condition") {
		b.WriteString("    " + line + "\n")
	}
	return nil
}

// writeFlow writes a sequence of strings as a flow sequence, on one line
// when it fits and otherwise wrapped as upstream writes long lists.
func writeFlow(b *bytes.Buffer, key string, items []string) error {
	parts := make([]string, len(items))
	for i, it := range items {
		s, err := scalar(it, true)
		if err != nil {
			return fmt.Errorf("%s: %s item %q: %w", CodeInternalWriter, key, it, err)
		}
		parts[i] = s
	}
	one := "  " + key + ": [" + strings.Join(parts, ", ") + "]"
	if len(one) <= Width {
		b.WriteString(one + "\n")
		return nil
	}
	b.WriteString("  " + key + ": [\n")
	line := ""
	for i, p := range parts {
		if i < len(parts)-1 {
			p += ","
		}
		if line != "" && len(line)+1+len(p) > Width-4 {
			b.WriteString("    " + line + "\n")
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += p
	}
	if line != "" {
		b.WriteString("    " + line + "\n")
	}
	b.WriteString("    ]\n")
	return nil
}

// fold splits s into lines of at most width bytes where possible, at single
// spaces between non-space characters, so that YAML's folding joins the
// lines back with exactly those spaces. In conditions (logic set) it prefers
// breaking before "and" and "or"; prose is filled.
func fold(s string, width int, logic bool) []string {
	var breaks, preferred []int
	for i := 1; i+1 < len(s); i++ {
		if s[i] == ' ' && !isWhite(s[i-1]) && !isWhite(s[i+1]) {
			breaks = append(breaks, i)
			if logic && (strings.HasPrefix(s[i+1:], "and ") || strings.HasPrefix(s[i+1:], "or ")) {
				preferred = append(preferred, i)
			}
		}
	}
	var lines []string
	start := 0
	for len(s)-start > width {
		cut := lastBefore(preferred, start, start+width)
		if cut < 0 || cut-start < width/2 {
			if c := lastBefore(breaks, start, start+width); c > cut {
				cut = c
			}
		}
		if cut < 0 {
			cut = firstAfter(breaks, start) // a word longer than the width
			if cut < 0 {
				break
			}
		}
		lines = append(lines, s[start:cut])
		start = cut + 1
	}
	return append(lines, s[start:])
}

// lastBefore returns the last position in ps within (lo, hi], or -1.
func lastBefore(ps []int, lo, hi int) int {
	best := -1
	for _, p := range ps {
		if p > lo && p <= hi {
			best = p
		}
	}
	return best
}

func firstAfter(ps []int, lo int) int {
	for _, p := range ps {
		if p > lo {
			return p
		}
	}
	return -1
}

func isWhite(c byte) bool { return c == ' ' || c == '\t' }

// blockOK tells whether a folded block scalar can carry s exactly: one line
// of printable text, not starting or ending with white space.
func blockOK(s string) bool {
	if s == "" || isWhite(s[0]) || isWhite(s[len(s)-1]) || !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r != '\t' && !printable(r) {
			return false
		}
	}
	return true
}

// printableLine tells whether s is valid UTF-8 without control characters
// or line breaks (tabs allowed).
func printableLine(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r != '\t' && !printable(r) {
			return false
		}
	}
	return true
}

// literalOK tells whether a literal block scalar ("|-") can carry s
// exactly: several lines of printable text, none ending with white space,
// the first and last not empty, the first not indented and no line starting
// with a tab (later lines may start with spaces: an indented condition).
func literalOK(s string) bool {
	if !strings.Contains(s, "\n") {
		return false
	}
	lines := strings.Split(s, "\n")
	if lines[0] == "" || lines[len(lines)-1] == "" || isWhite(lines[0][0]) {
		return false
	}
	for _, line := range lines {
		if line == "" {
			continue
		}
		if line[0] == '\t' || !blockOK(strings.TrimLeft(line, " ")) {
			return false
		}
	}
	return true
}

// printable is YAML's c-printable minus the line breaks and the BOM.
func printable(r rune) bool {
	switch {
	case r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f:
		return false
	case r == 0x2028 || r == 0x2029 || r == 0xfeff:
		return false
	}
	return unicode.IsPrint(r) || r == ' '
}

var (
	yamlNumber = regexp.MustCompile(`^[-+]?(\.[0-9]|[0-9])|^\.(inf|Inf|INF|nan|NaN|NAN)$`)
	yamlWords  = map[string]bool{"true": true, "false": true, "yes": true, "no": true, "on": true, "off": true,
		"y": true, "n": true, "null": true, "~": true}
	yamlInt   = regexp.MustCompile(`^[-+]?(0|[1-9][0-9_]*|0[0-7_]+|0x[0-9a-fA-F_]+|0b[01_]+|0o[0-7]+)$`)
	yamlFloat = regexp.MustCompile(`^[-+]?(([0-9][0-9_]*)?\.[0-9_]*([eE][-+]?[0-9]+)?|[0-9][0-9_]*[eE][-+]?[0-9]+|[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?)$`)
	yamlDate  = regexp.MustCompile(`^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}`)
)

// plainOK tells whether s can be written as a plain YAML scalar that every
// YAML reader takes as this string (in a flow sequence when flow).
func plainOK(s string, flow bool) bool {
	if s == "" || isWhite(s[0]) || isWhite(s[len(s)-1]) || !utf8.ValidString(s) {
		return false
	}
	if strings.ContainsRune("-?:,[]{}#&*!|>'\"%@`", rune(s[0])) {
		return false
	}
	if strings.Contains(s, ": ") || strings.Contains(s, " #") || strings.HasSuffix(s, ":") {
		return false
	}
	if flow && strings.ContainsAny(s, ",[]{}:?#") {
		return false
	}
	for _, r := range s {
		if !printable(r) {
			return false
		}
	}
	if yamlWords[strings.ToLower(s)] || yamlInt.MatchString(s) || yamlFloat.MatchString(s) || yamlDate.MatchString(s) {
		return false
	}
	if yamlNumber.MatchString(s) && (yamlInt.MatchString(strings.ReplaceAll(s, "_", "")) || yamlFloat.MatchString(s)) {
		return false
	}
	return true
}

// scalar writes s plain when safe, else single-quoted, else double-quoted.
func scalar(s string, flow bool) (string, error) {
	if plainOK(s, flow) {
		return s, nil
	}
	if utf8.ValidString(s) {
		ok := true
		for _, r := range s {
			if !printable(r) {
				ok = false
				break
			}
		}
		if ok {
			return "'" + strings.ReplaceAll(s, "'", "''") + "'", nil
		}
	}
	return doubleQuoted(s)
}

// doubleQuoted writes s as a double-quoted YAML scalar with escapes. YAML
// text is Unicode: invalid UTF-8 cannot be written.
func doubleQuoted(s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", fmt.Errorf("value %q is not valid UTF-8, which a YAML file cannot hold", s)
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case printable(r):
			b.WriteRune(r)
		case r <= 0xff:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r <= 0xffff:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			fmt.Fprintf(&b, `\U%08x`, r)
		}
	}
	b.WriteByte('"')
	return b.String(), nil
}

// sameItems compares what was to be written with what was read back.
func sameItems(want, got []Item) error {
	if len(want) != len(got) {
		return fmt.Errorf("%d items written, %d read back", len(want), len(got))
	}
	for i := range want {
		if !reflect.DeepEqual(comparable(want[i]), comparable(got[i])) {
			return fmt.Errorf("item %d: wrote %#v, read back %#v", i+1, comparable(want[i]), comparable(got[i]))
		}
	}
	return nil
}

// comparable strips positions and loader state from an item.
func comparable(it Item) any {
	switch it := it.(type) {
	case *EngineVersion:
		return EngineVersion{Version: it.Version}
	case *PluginVersions:
		out := PluginVersions{}
		for _, p := range it.Plugins {
			p.At = Pos{}
			if len(p.Alternatives) == 0 {
				p.Alternatives = nil
			}
			out.Plugins = append(out.Plugins, p)
		}
		return out
	case *List:
		items := it.Items
		if len(items) == 0 {
			items = nil
		}
		return List{Name: it.Name, Items: items}
	case *Macro:
		return Macro{Name: it.Name, Condition: it.Condition}
	case *Rule:
		r := *it
		r.At, r.nodes = Pos{}, nil
		if len(r.Tags) == 0 && r.Tags != nil {
			r.Tags = []string{}
		}
		return r
	}
	return it
}
