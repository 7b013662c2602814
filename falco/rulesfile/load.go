package rulesfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/eql2falco/eql2falco/diag"
)

// Keys each kind of item accepts (Falco's rule_loader_reader.cpp; the rules
// schema in rule_json_schema.h sets additionalProperties to false).
var itemKeys = map[string][]string{
	"required_engine_version":  {"required_engine_version"},
	"required_plugin_versions": {"required_plugin_versions"},
	"list":                     {"list", "items", "append", "override"},
	"macro":                    {"macro", "condition", "append", "override"},
	"rule": {"rule", "desc", "condition", "output", "priority", "tags", "source", "enabled",
		"capture", "capture_duration", "warn_evttypes", "skip-if-unknown-filter", "exceptions", "override", "append"},
}

// Item kinds in the order Falco's reader tries them.
var itemKinds = []string{"required_engine_version", "required_plugin_versions", "list", "macro", "rule"}

// Parse reads a rules file: YAML with positions, the shape Falco's loader
// and rules schema require (known keys per item, value types, required keys,
// priorities). It does not look into conditions; Check does. The File is
// usable even when there are errors (items with errors are left out).
func Parse(name string, src []byte) (*File, diag.List) {
	return parse(name, src, false)
}

// parse reads a file; when lenient, items are kept whatever errors their
// values have (Marshal uses this to compare what it wrote with what a
// reader gets back).
func parse(name string, src []byte, lenient bool) (*File, diag.List) {
	f := &File{Name: name, src: src, df: diag.NewFile(name, string(src))}
	l := &loader{f: f, lenient: lenient}
	dec := yaml.NewDecoder(bytes.NewReader(src))
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			l.yamlError(err)
			break
		}
		l.document(&doc)
	}
	return l.f, l.ds
}

type loader struct {
	f       *File
	ds      diag.List
	lenient bool
}

func (l *loader) add(sev diag.Severity, n *yaml.Node, code, format string, args ...any) {
	l.ds = append(l.ds, l.f.errorAt(sev, l.f.nodeOffset(n), code, format, args...))
}

func (l *loader) errorf(n *yaml.Node, code, format string, args ...any) {
	l.add(errorSev, n, code, format, args...)
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

func (l *loader) yamlError(err error) {
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[1])
		l.ds = append(l.ds, l.f.errorAt(errorSev, l.f.offset(line, 1), CodeYAML, "%s", m[2]))
		return
	}
	l.ds = append(l.ds, l.f.errorAt(errorSev, -1, CodeYAML, "%s", err.Error()))
}

func (l *loader) document(doc *yaml.Node) {
	root := doc
	if root.Kind == yaml.DocumentNode {
		if len(root.Content) == 0 {
			return
		}
		root = root.Content[0]
	}
	if isNull(root) {
		return
	}
	if root.Kind != yaml.SequenceNode {
		l.errorf(root, CodeSchema, "rules content is not a YAML sequence of items")
		return
	}
	for _, n := range root.Content {
		if isNull(n) {
			continue
		}
		if n.Kind != yaml.MappingNode {
			l.errorf(n, CodeSchema, "unexpected element type: each item should be a mapping (rule, macro, list, ...)")
			continue
		}
		if it := l.item(n); it != nil {
			l.f.Items = append(l.f.Items, it)
		}
	}
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// mapping gives access to a YAML mapping's values by key.
type mapping struct {
	keys   []*yaml.Node
	values map[string]*yaml.Node
}

func (l *loader) mapping(n *yaml.Node) mapping {
	m := mapping{values: map[string]*yaml.Node{}}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			l.errorf(k, CodeSchema, "keys must be strings")
			continue
		}
		if _, dup := m.values[k.Value]; dup {
			l.errorf(k, CodeSchema, "key '%s' appears twice", k.Value)
			continue
		}
		m.keys = append(m.keys, k)
		m.values[k.Value] = v
	}
	return m
}

func (l *loader) item(n *yaml.Node) Item {
	m := l.mapping(n)
	kind := ""
	for _, k := range itemKinds {
		if _, ok := m.values[k]; ok {
			kind = k
			break
		}
	}
	if kind == "" {
		l.errorf(n, CodeSchema, "unknown top-level item: expected one of rule, macro, list, required_engine_version, required_plugin_versions")
		return nil
	}
	allowed := itemKeys[kind]
	for _, k := range m.keys {
		if !contains(allowed, k.Value) {
			l.errorf(k, CodeUnknownKey, "unknown key '%s' in a %s item (allowed: %s)", k.Value, kind, strings.Join(allowed, ", "))
		}
	}
	for _, k := range []string{"append", "override", "exceptions"} {
		if v, ok := m.values[k]; ok && contains(allowed, k) {
			l.errorf(v, CodeUnsupported, "'%s' is valid Falco but not supported by these checks (generated rules files do not use it)", k)
		}
	}
	pos := Pos{n.Line, n.Column}
	switch kind {
	case "required_engine_version":
		v := m.values[kind]
		s, ok := l.str(v, kind, true)
		if !ok && !l.lenient {
			return nil
		}
		if _, err := ParseEngineVersion(s); err != nil && ok {
			l.errorf(v, CodeEngineVersion, "%v", err)
		}
		return &EngineVersion{Version: s, At: pos, node: v}
	case "required_plugin_versions":
		return l.pluginVersions(m.values[kind], pos)
	case "list":
		return l.list(m, pos)
	case "macro":
		name, ok1 := l.str(m.values["macro"], "macro", true)
		cond, ok2 := l.required(n, m, "condition")
		if (!ok1 || !ok2) && !l.lenient {
			return nil
		}
		return &Macro{Name: name, Condition: cond, At: pos, cond: m.values["condition"]}
	}
	return l.rule(n, m, pos)
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

// str reads a string value. Falco reads any scalar as a string; its schema
// wants JSON strings, so a value YAML types as a number or bool is reported.
func (l *loader) str(v *yaml.Node, key string, nonEmpty bool) (string, bool) {
	if v.Kind != yaml.ScalarNode || isNull(v) {
		l.errorf(v, CodeSchema, "value of '%s' must be a string", key)
		return "", false
	}
	if nonEmpty && v.Value == "" {
		l.errorf(v, CodeMissingKey, "value of '%s' must be non-empty", key)
		return "", false
	}
	if v.Tag != "!!str" {
		l.add(warningSev, v, CodeSchema, "value of '%s' is a %s in YAML; Falco's rules schema wants a string: quote it", key, strings.TrimPrefix(v.Tag, "!!"))
	}
	return v.Value, true
}

func (l *loader) required(item *yaml.Node, m mapping, key string) (string, bool) {
	v, ok := m.values[key]
	if !ok {
		l.errorf(item, CodeMissingKey, "item has no '%s'", key)
		return "", false
	}
	return l.str(v, key, true)
}

func (l *loader) boolean(m mapping, key string) *bool {
	v, ok := m.values[key]
	if !ok {
		return nil
	}
	if v.Kind != yaml.ScalarNode || v.Tag != "!!bool" {
		l.errorf(v, CodeSchema, "value of '%s' must be true or false", key)
		return nil
	}
	b := v.Value == "true" || v.Value == "True" || v.Value == "TRUE"
	return &b
}

func (l *loader) pluginVersions(v *yaml.Node, pos Pos) Item {
	if v.Kind != yaml.SequenceNode {
		l.errorf(v, CodeSchema, "value of required_plugin_versions must be a sequence")
		return nil
	}
	pv := &PluginVersions{At: pos}
	for _, e := range v.Content {
		if e.Kind != yaml.MappingNode {
			l.errorf(e, CodeSchema, "plugin version must be a mapping with name and version")
			continue
		}
		m := l.mapping(e)
		for _, k := range m.keys {
			if !contains([]string{"name", "version", "alternatives"}, k.Value) {
				l.errorf(k, CodeUnknownKey, "unknown key '%s' in a plugin requirement (allowed: name, version, alternatives)", k.Value)
			}
		}
		name, ok1 := l.required(e, m, "name")
		ver, ok2 := l.required(e, m, "version")
		if (!ok1 || !ok2) && !l.lenient {
			continue
		}
		req := PluginRequirement{Name: name, Version: ver, At: Pos{e.Line, e.Column}}
		if ok2 {
			l.checkPluginVersion(m.values["version"], ver)
		}
		if alts, ok := m.values["alternatives"]; ok {
			if alts.Kind != yaml.SequenceNode {
				l.errorf(alts, CodeSchema, "value of alternatives must be a sequence")
			} else {
				for _, a := range alts.Content {
					if a.Kind != yaml.MappingNode {
						l.errorf(a, CodeSchema, "plugin alternative must be a mapping with name and version")
						continue
					}
					am := l.mapping(a)
					for _, k := range am.keys {
						if k.Value != "name" && k.Value != "version" {
							l.errorf(k, CodeUnknownKey, "unknown key '%s' in a plugin alternative (allowed: name, version)", k.Value)
						}
					}
					an, ok1 := l.required(a, am, "name")
					av, ok2 := l.required(a, am, "version")
					if ok1 && ok2 || l.lenient {
						if ok2 {
							l.checkPluginVersion(am.values["version"], av)
						}
						req.Alternatives = append(req.Alternatives, PluginAlternative{Name: an, Version: av})
					}
				}
			}
		}
		pv.Plugins = append(pv.Plugins, req)
	}
	return pv
}

func (l *loader) checkPluginVersion(n *yaml.Node, v string) {
	if _, err := parseSemver(v); err != nil {
		l.errorf(n, CodePluginVersion, "plugin version %q is not a semantic version x.y.z", v)
	}
}

func (l *loader) list(m mapping, pos Pos) Item {
	name, ok := l.str(m.values["list"], "list", true)
	if !ok && !l.lenient {
		return nil
	}
	lst := &List{Name: name, At: pos, Items: []string{}}
	v, ok := m.values["items"]
	if !ok {
		l.errorf(m.values["list"], CodeMissingKey, "list '%s' has no 'items'", name)
		return nil
	}
	if v.Kind != yaml.SequenceNode {
		l.errorf(v, CodeSchema, "value of 'items' must be a sequence")
		return nil
	}
	for _, e := range v.Content {
		if e.Kind != yaml.ScalarNode || isNull(e) {
			l.errorf(e, CodeSchema, "list items must be strings or integers")
			continue
		}
		if e.Tag != "!!str" && e.Tag != "!!int" {
			l.add(warningSev, e, CodeSchema, "list item is a %s in YAML; Falco's rules schema wants a string or an integer: quote it", strings.TrimPrefix(e.Tag, "!!"))
		}
		lst.Items = append(lst.Items, e.Value)
		lst.nodes = append(lst.nodes, e)
	}
	return lst
}

func (l *loader) rule(n *yaml.Node, m mapping, pos Pos) Item {
	name, ok := l.str(m.values["rule"], "rule", true)
	if !ok && !l.lenient {
		return nil
	}
	r := &Rule{Name: name, At: pos, nodes: map[string]*yaml.Node{}}
	for k, v := range m.values {
		r.nodes[k] = v
	}
	_, hasCond := m.values["condition"]
	_, hasOut := m.values["output"]
	_, hasDesc := m.values["desc"]
	_, hasPrio := m.values["priority"]
	_, hasOverride := m.values["override"]
	_, hasAppend := m.values["append"]
	if hasOverride || hasAppend {
		return nil // reported as unsupported
	}
	if !hasCond && !hasOut && !hasDesc && !hasPrio {
		l.errorf(n, CodeUnsupported, "rule '%s' only sets other keys: this deprecated form (enabling a rule defined elsewhere) is not supported by these checks", name)
		return nil
	}
	okAll := true
	for _, k := range []string{"desc", "condition", "output", "priority"} {
		s, ok := l.required(n, m, k)
		okAll = okAll && ok
		switch k {
		case "desc":
			r.Desc = s
		case "condition":
			r.Condition = s
		case "output":
			r.Output = s
		case "priority":
			r.Priority = s
		}
	}
	if r.Priority != "" && !contains(Priorities, r.Priority) {
		if contains(Priorities, strings.ToUpper(r.Priority)) {
			l.add(warningSev, m.values["priority"], CodePriority, "priority '%s' is accepted by Falco but its rules schema wants upper case: %s", r.Priority, strings.ToUpper(r.Priority))
		} else {
			l.errorf(m.values["priority"], CodePriority, "invalid priority '%s' (one of %s)", r.Priority, strings.Join(Priorities, ", "))
			okAll = false
		}
	}
	if v, ok := m.values["source"]; ok {
		// Falco accepts an empty source (meaning syscall).
		r.Source, _ = l.str(v, "source", false)
	}
	if v, ok := m.values["tags"]; ok {
		r.Tags = []string{}
		if v.Kind != yaml.SequenceNode {
			l.errorf(v, CodeSchema, "value of 'tags' must be a sequence of strings")
		} else {
			for _, e := range v.Content {
				if s, ok := l.str(e, "tags", false); ok {
					r.Tags = append(r.Tags, s)
				}
			}
		}
	}
	r.Enabled = l.boolean(m, "enabled")
	r.Capture = l.boolean(m, "capture")
	r.WarnEvttypes = l.boolean(m, "warn_evttypes")
	r.SkipIfUnknownFilter = l.boolean(m, "skip-if-unknown-filter")
	if v, ok := m.values["capture_duration"]; ok {
		n, err := strconv.Atoi(v.Value)
		if v.Kind != yaml.ScalarNode || v.Tag != "!!int" || err != nil {
			l.errorf(v, CodeSchema, "value of 'capture_duration' must be an integer")
		} else {
			r.CaptureDuration = &n
		}
	}
	if !okAll && !l.lenient {
		return nil
	}
	return r
}

// parseSemver reads x.y.z (Falco's sinsp_version also accepts a leading
// "v"-less plain form only).
func parseSemver(s string) ([3]int, error) {
	var v [3]int
	parts := strings.Split(s, ".")
	if len(parts) != 3 {
		return v, fmt.Errorf("not x.y.z")
	}
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return v, fmt.Errorf("not x.y.z")
		}
		v[i] = n
	}
	return v, nil
}
