package rulesfile

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/eql2falco/eql2falco/diag"
	"github.com/eql2falco/eql2falco/falco/condition"
)

// Options configure Check.
type Options struct {
	// Catalog holds the fields conditions and outputs may use: Falco's
	// (condition.NativeFields) and those of the plugins the rules rely on.
	Catalog condition.Catalog
	// Plugins gives the version of plugins that will be loaded, by name
	// ("ecs": "0.1.0"); requirements on them are checked against it.
	Plugins map[string]string
	// MinFalco is the oldest Falco release the file must declare support
	// for, whatever its rules use (0.41.0 for a file needing a plugin built
	// for plugin API 3.11). The zero value adds nothing.
	MinFalco condition.Version
}

// Ruleset is a checked rules file.
type Ruleset struct {
	File  *File
	Rules []*CompiledRule
	// Engine is the declared required_engine_version (zero when absent).
	Engine condition.Version
	// MinFalco is the oldest Falco release that accepts everything the
	// rules use (and Options.MinFalco); MinEngine is its engine version.
	MinFalco  condition.Version
	MinEngine condition.Version
	// Plugins lists the plugins whose fields the rules use, sorted.
	Plugins []string
}

// CompiledRule is a rule whose condition has been expanded (lists the way
// Falco substitutes them, then macros) and compiled.
type CompiledRule struct {
	Rule     *Rule
	Expr     condition.Expr
	Program  *condition.Program
	Plugins  []string // plugins whose fields the rule uses
	MinFalco condition.Version
}

// Load parses and checks a rules file.
func Load(name string, src []byte, opts Options) (*Ruleset, diag.List) {
	f, ds := Parse(name, src)
	rs, cds := Check(f, opts)
	ds = append(ds, cds...)
	ds.Sort()
	return rs, ds
}

// Check runs this project's Falco rules checks on a parsed file:
//   - every condition parses with Falco's grammar, its macros and lists are
//     defined (macros before the macros that use them, as Falco resolves
//     them), list items are single values, and Falco's textual list
//     substitution reads the condition as written;
//   - fields exist in the catalog, take the arguments given, and accept the
//     operators and values used (as libsinsp checks when Falco loads a rule);
//   - evt.type restricts every rule and comes first (warnings no-evttype and
//     evttype-not-first, as Falco's loader and style guide);
//   - %field tokens of outputs name known fields;
//   - required_engine_version is at least the engine version of the first
//     Falco release accepting every operator and transformer used;
//   - every plugin whose fields are used is in required_plugin_versions (at
//     a version the loaded plugin satisfies, when Options.Plugins says it);
//   - lists and macros are used (warning), names are well formed (warning),
//     deprecated fields are reported (warning).
//
// The returned Ruleset holds the compiled rules; it is nil when there are
// errors.
func Check(f *File, opts Options) (*Ruleset, diag.List) {
	if opts.Catalog == nil {
		opts.Catalog = condition.MustFieldSet(condition.NativeFields)
	}
	c := &checker{f: f, opts: opts, lists: map[string]*List{}, macros: map[string]*macroInfo{},
		listUsed: map[string]bool{}, badList: map[string]bool{}}
	c.run()
	if c.ds.HasErrors() {
		return nil, c.ds
	}
	return c.rs, c.ds
}

type checker struct {
	f        *File
	opts     Options
	ds       diag.List
	rs       *Ruleset
	lists    map[string]*List
	named    []condition.NamedList          // lists as Falco substitutes them
	items    map[string][]condition.Operand // list items read as values
	listUsed map[string]bool
	badList  map[string]bool // lists with items in error
	macros   map[string]*macroInfo
	order    []string // macro names in definition order
}

type macroInfo struct {
	m     *Macro
	index int
	body  condition.Expr // lists expanded, macros not yet
	full  condition.Expr // macros expanded too
	used  bool
}

// report adds a diagnostic at a byte offset of the file, or at fallback
// when the offset is unknown.
func (c *checker) report(sev diag.Severity, off int, fallback Pos, code, format string, args ...any) {
	if off < 0 {
		off = c.f.posOffset(fallback)
	}
	c.ds = append(c.ds, c.f.errorAt(sev, off, code, format, args...))
}

func (c *checker) at(sev diag.Severity, p Pos, code, format string, args ...any) {
	c.report(sev, c.f.posOffset(p), p, code, format, args...)
}

func (c *checker) run() {
	c.rs = &Ruleset{File: c.f}
	var engine *EngineVersion
	var plugins []*PluginVersions
	seen := map[string]Pos{}
	dup := func(kind, name string, p Pos) bool {
		key := kind + "\x00" + name
		if prev, ok := seen[key]; ok {
			c.at(errorSev, p, CodeDuplicate, "%s '%s' is already defined at line %d", kind, name, prev.Line)
			return true
		}
		seen[key] = p
		return false
	}
	// Lists first: Falco substitutes them in every condition.
	for _, it := range c.f.Items {
		if l, ok := it.(*List); ok && !dup("list", l.Name, l.At) {
			c.addList(l)
		}
	}
	c.readListItems()
	for _, it := range c.f.Items {
		if m, ok := it.(*Macro); ok {
			if _, dupName := c.macros[m.Name]; !dupName {
				c.macros[m.Name] = &macroInfo{m: m, index: len(c.order)}
				c.order = append(c.order, m.Name)
			}
		}
	}
	for _, it := range c.f.Items {
		switch it := it.(type) {
		case *EngineVersion:
			if engine != nil {
				c.at(warningSev, it.At, CodeEngineVersion, "required_engine_version given twice")
			}
			engine = it
		case *PluginVersions:
			plugins = append(plugins, it)
		case *Macro:
			if !dup("macro", it.Name, it.At) {
				c.macro(it)
			}
		}
	}
	for _, it := range c.f.Items {
		if r, ok := it.(*Rule); ok && !dup("rule", r.Name, r.At) {
			c.rule(r)
		}
	}
	c.unused()
	c.versions(engine, plugins)
}

var rgxBareStr = regexp.MustCompile(`^[^()"'\s=,]+$`)

func (c *checker) addList(l *List) {
	if !rgxBareStr.MatchString(l.Name) {
		c.at(warningSev, l.At, CodeName, "list name '%s' should match %s (Falco warns)", l.Name, `[^()"'[:space:]=,]+`)
	}
	// Items naming a list defined earlier are replaced by its items, one
	// level deep, as Falco's compile_list_infos does.
	nl := condition.NamedList{Name: l.Name}
	for _, it := range l.Items {
		if prev, ok := c.lists[it]; ok {
			nl.Items = append(nl.Items, prev.Items...)
			c.listUsed[it] = true
		} else {
			nl.Items = append(nl.Items, it)
		}
	}
	c.lists[l.Name] = l
	c.named = append(c.named, nl)
}

func (c *checker) isList(s string) bool { _, ok := c.lists[s]; return ok }

func (c *checker) readListItems() {
	c.items = map[string][]condition.Operand{}
	for _, nl := range c.named {
		l := c.lists[nl.Name]
		ops := []condition.Operand{}
		for i, it := range l.Items {
			o, err := condition.ParseListItem(it, c.isList)
			if err != nil {
				p := l.At
				if i < len(l.nodes) {
					p = Pos{l.nodes[i].Line, l.nodes[i].Column}
				}
				msg := err.Error()
				var ce *condition.Error
				if errors.As(err, &ce) {
					msg = ce.Msg
				}
				c.at(errorSev, p, CodeListItem, "in list '%s': %s", l.Name, msg)
				c.badList[l.Name] = true
				continue
			}
			ops = append(ops, o)
		}
		c.items[nl.Name] = ops
	}
}

// parsed is a condition read both ways: as Falco reads it (lists
// substituted in the text) and through its list references (ast, offsets
// in the original text).
type parsed struct {
	text condition.Expr // Falco's reading
	ast  condition.Expr // list references expanded in the tree
}

// parseCondition reads a macro's or rule's condition and reports problems
// at positions of the file.
func (c *checker) parseCondition(src string, node *yaml.Node, fallback Pos) (*parsed, bool) {
	report := func(code string, off int, sev diag.Severity, format string, args ...any) {
		c.report(sev, c.f.scalarOffset(node, off), fallback, code, format, args...)
	}
	orig, err := condition.ParseWithLists(src, c.isList)
	if err != nil {
		ce := asCondErr(err)
		report(ce.Code, ce.Offset, errorSev, "%s", ce.Msg)
		return nil, false
	}
	bad := false
	condition.Inspect(orig, func(n any) bool {
		if r, ok := n.(*condition.ListRef); ok {
			c.listUsed[r.Name] = true
			bad = bad || c.badList[r.Name]
		}
		return true
	})
	if bad {
		return nil, false // the list's errors are reported where it is defined
	}
	viaAST, err := condition.ExpandLists(orig, c.items)
	if err != nil {
		ce := asCondErr(err)
		report(ce.Code, ce.Offset, errorSev, "%s", ce.Msg)
		return nil, false
	}
	text, used := condition.ExpandListsText(src, c.named)
	for _, u := range used {
		c.listUsed[u] = true
	}
	viaText, err := condition.Parse(text)
	if err != nil {
		report(CodeListExpansion, 0, errorSev, "after Falco substitutes lists (%s) in its text, the condition no longer parses (%s); use a list name only as an item of a parenthesised list, as in (%s)", strings.Join(used, ", "), asCondErr(err).Msg, used[0])
		return nil, false
	}
	if !condition.Equal(viaText, viaAST) {
		report(CodeListExpansion, 0, errorSev, "Falco substitutes lists (%s) in the condition text, and here that changes its meaning: a list name appears outside a list value or inside a quoted string; rename the list or write the value differently", strings.Join(used, ", "))
		return nil, false
	}
	return &parsed{text: viaText, ast: viaAST}, true
}

func asCondErr(err error) *condition.Error {
	var ce *condition.Error
	if errors.As(err, &ce) {
		return ce
	}
	return &condition.Error{Code: "falco/condition", Msg: err.Error()}
}

func (c *checker) macro(m *Macro) {
	if !condition.IsIdentifier(m.Name) {
		c.at(warningSev, m.At, CodeName, "macro name '%s' should match [a-zA-Z]+[a-zA-Z0-9_]* (Falco warns)", m.Name)
	}
	info := c.macros[m.Name]
	p, ok := c.parseCondition(m.Condition, m.cond, m.At)
	if !ok {
		return
	}
	c.typeCheck(p.ast, m.cond, m.At)
	// Falco resolves a macro's references among the macros defined before it.
	earlier := map[string]condition.Expr{}
	for _, name := range c.order[:info.index] {
		if mi := c.macros[name]; mi.full != nil {
			earlier[name] = mi.full
		}
	}
	if !c.macroRefs(p.ast, earlier, m.cond, m.At, info.index) {
		return
	}
	full, err := condition.ExpandMacros(p.text, earlier)
	if err != nil {
		return // reported by macroRefs
	}
	info.body, info.full = p.text, full
}

// macroRefs reports identifiers that name no usable macro and marks the
// others used; current is the index of the macro being checked, -1 for a rule.
func (c *checker) macroRefs(e condition.Expr, visible map[string]condition.Expr, node *yaml.Node, fallback Pos, current int) bool {
	ok := true
	condition.Inspect(e, func(n any) bool {
		id, isID := n.(*condition.Ident)
		if !isID {
			return true
		}
		off := c.f.scalarOffset(node, id.Offset)
		mi, defined := c.macros[id.Name]
		switch {
		case defined && visible[id.Name] != nil:
			mi.used = true
		case defined && mi.index == current:
			c.report(errorSev, off, fallback, condition.CodeCycle, "macro '%s' refers to itself", id.Name)
			ok = false
		case defined && current >= 0 && mi.index > current:
			mi.used = true
			c.report(errorSev, off, fallback, condition.CodeUnknownMacro, "macro '%s' is defined after this macro; Falco resolves a macro's references among the macros defined before it", id.Name)
			ok = false
		case defined:
			mi.used = true // its errors are reported where it is defined
			ok = false
		default:
			c.report(errorSev, off, fallback, condition.CodeUnknownMacro, "undefined macro '%s' used in filter", id.Name)
			ok = false
		}
		return true
	})
	return ok
}

func (c *checker) typeCheck(e condition.Expr, node *yaml.Node, fallback Pos) bool {
	if err := condition.TypeCheck(e, c.opts.Catalog); err != nil {
		ce := asCondErr(err)
		c.report(errorSev, c.f.scalarOffset(node, ce.Offset), fallback, ce.Code, "%s", ce.Msg)
		return false
	}
	return true
}

func (c *checker) rule(r *Rule) {
	node := r.nodes["condition"]
	if r.Source != "" && r.Source != "syscall" {
		c.at(errorSev, r.At, CodeSource, "rule '%s' has source '%s'; these checks know the syscall source only", r.Name, r.Source)
		return
	}
	p, ok := c.parseCondition(r.Condition, node, r.At)
	if !ok {
		return
	}
	typed := c.typeCheck(p.ast, node, r.At)
	all := map[string]condition.Expr{}
	for name, mi := range c.macros {
		if mi.full != nil {
			all[name] = mi.full
		}
	}
	if !c.macroRefs(p.ast, all, node, r.At, -1) || !typed {
		return
	}
	full, err := condition.ExpandMacros(p.text, all)
	if err != nil {
		c.at(errorSev, r.At, asCondErr(err).Code, "%s", asCondErr(err).Msg)
		return
	}
	prog, err := condition.Compile(full, c.opts.Catalog)
	if err != nil {
		// Errors inside macros were reported at the macros.
		if !c.ds.HasErrors() {
			c.at(errorSev, r.At, asCondErr(err).Code, "rule '%s': %s", r.Name, asCondErr(err).Msg)
		}
		return
	}
	cr := &CompiledRule{Rule: r, Expr: full, Program: prog}
	cr.MinFalco, _ = condition.MinFalco(full)
	plugins := map[string]bool{}
	for _, f := range prog.Fields() {
		if f.Info.Plugin != "" {
			plugins[f.Info.Plugin] = true
		}
		if f.Info.Deprecated != "" {
			c.at(warningSev, r.At, CodeDeprecated, "rule '%s': %s", r.Name, f.Info.Deprecated)
		}
	}
	c.output(r, plugins)
	for p := range plugins {
		cr.Plugins = append(cr.Plugins, p)
	}
	sort.Strings(cr.Plugins)
	c.evttypes(r, full)
	c.rs.Rules = append(c.rs.Rules, cr)
}

func (c *checker) output(r *Rule, plugins map[string]bool) {
	node := r.nodes["output"]
	fields, errs := parseOutput(r.Output, c.opts.Catalog)
	for _, e := range errs {
		c.report(errorSev, c.f.scalarOffset(node, e.Offset), r.At, CodeOutput, "%s", e.Msg)
	}
	for _, f := range fields {
		if f.Info.Plugin != "" {
			plugins[f.Info.Plugin] = true
		}
	}
}

func (c *checker) unused() {
	for _, name := range c.order {
		if mi := c.macros[name]; !mi.used {
			c.at(warningSev, mi.m.At, CodeUnused, "macro '%s' is not used by any rule or macro", name)
		}
	}
	for _, nl := range c.named {
		if !c.listUsed[nl.Name] {
			c.at(warningSev, c.lists[nl.Name].At, CodeUnused, "list '%s' is not used by any rule, macro or list", nl.Name)
		}
	}
}

func (c *checker) versions(engine *EngineVersion, reqs []*PluginVersions) {
	rs := c.rs
	rs.MinFalco = c.opts.MinFalco
	why := "the project's minimum Falco release"
	used := map[string]*CompiledRule{}
	for _, cr := range rs.Rules {
		if rs.MinFalco.Less(cr.MinFalco) {
			rs.MinFalco = cr.MinFalco
			if _, req := condition.MinFalco(cr.Expr); req != nil {
				why = fmt.Sprintf("%s in rule '%s'", req.What, cr.Rule.Name)
			}
		}
		for _, p := range cr.Plugins {
			if used[p] == nil {
				used[p] = cr
				rs.Plugins = append(rs.Plugins, p)
			}
		}
	}
	sort.Strings(rs.Plugins)
	rs.MinEngine = EngineFor(rs.MinFalco)
	if rs.MinFalco == (condition.Version{}) {
		rs.MinEngine = condition.Version{}
	}
	if engine == nil {
		if len(c.f.Items) > 0 {
			c.at(warningSev, Pos{1, 1}, CodeNoEngine, "no required_engine_version item; upstream rules files start with one (at least %s here)", rs.MinEngine)
		}
	} else if v, err := ParseEngineVersion(engine.Version); err == nil {
		rs.Engine = v
		if v.Less(rs.MinEngine) {
			c.at(errorSev, engine.At, CodeEngineVersion, "required_engine_version %s is too low: %s needs Falco %s, engine version %s",
				engine.Version, why, rs.MinFalco, rs.MinEngine)
		}
	}
	for _, p := range rs.Plugins {
		req, ver := findPlugin(reqs, p)
		cr := used[p]
		if req == nil {
			c.at(errorSev, cr.Rule.At, CodeMissingPlugin, "rule '%s' uses fields of plugin '%s', which required_plugin_versions does not list", cr.Rule.Name, p)
			continue
		}
		have, known := c.opts.Plugins[p]
		if !known {
			continue
		}
		hv, err1 := condition.ParseVersion(have)
		wv, err2 := condition.ParseVersion(ver)
		if err1 == nil && err2 == nil && !pluginSatisfies(hv, wv) {
			c.at(errorSev, req.At, CodePluginVersion, "plugin '%s' %s does not satisfy the requirement %s (same major version and not older)", p, have, ver)
		}
	}
}

// findPlugin returns the requirement naming plugin p, directly or as an
// alternative, and the version it asks for.
func findPlugin(reqs []*PluginVersions, p string) (*PluginRequirement, string) {
	for _, pv := range reqs {
		for i := range pv.Plugins {
			r := &pv.Plugins[i]
			if r.Name == p {
				return r, r.Version
			}
			for _, a := range r.Alternatives {
				if a.Name == p {
					return r, a.Version
				}
			}
		}
	}
	return nil, ""
}

// evttypes emits Falco's no-evttype warning when the rule does not restrict
// the event types it can match, and the style warning evttype-not-first when
// the condition does not start with a positive evt.type check.
func (c *checker) evttypes(r *Rule, e condition.Expr) {
	if r.WarnEvttypes != nil && !*r.WarnEvttypes {
		return
	}
	set := evtSet(e, false)
	switch {
	case set.cofinite:
		c.at(warningSev, r.At, CodeNoEvttype, "rule '%s' does not restrict evt.type: Falco evaluates it on every event (a significant cost); start the condition with evt.type in (...)", r.Name)
	case len(set.names) == 0:
		c.at(warningSev, r.At, CodeNoEvttype, "rule '%s' can match no event type", r.Name)
	}
	if !startsWithEvttype(e) {
		c.at(warningSev, r.At, CodeEvttypeFirst, "rule '%s': upstream style puts a positive evt.type check first (evt.type in (...) and ...)", r.Name)
	}
}

// nameSet is a set of event type names, possibly cofinite (all names but
// those listed).
type nameSet struct {
	cofinite bool
	names    map[string]bool
}

func allNames() nameSet { return nameSet{cofinite: true, names: map[string]bool{}} }

func (s nameSet) invert() nameSet { return nameSet{cofinite: !s.cofinite, names: s.names} }

func intersect(a, b nameSet) nameSet {
	out := nameSet{names: map[string]bool{}}
	switch {
	case a.cofinite && b.cofinite: // all but (A ∪ B)
		out.cofinite = true
		for n := range a.names {
			out.names[n] = true
		}
		for n := range b.names {
			out.names[n] = true
		}
	case a.cofinite: // B \ A
		for n := range b.names {
			if !a.names[n] {
				out.names[n] = true
			}
		}
	case b.cofinite:
		return intersect(b, a)
	default:
		for n := range a.names {
			if b.names[n] {
				out.names[n] = true
			}
		}
	}
	return out
}

func union(a, b nameSet) nameSet {
	// A ∪ B = not (not A ∩ not B)
	return intersect(a.invert(), b.invert()).invert()
}

// evtSet computes the event types a condition can match, following
// libsinsp's ppm_codes.cpp: and intersects, or unites, negation is pushed to
// the leaves, and only evt.type checks with =, ==, != or in restrict.
func evtSet(e condition.Expr, neg bool) nameSet {
	switch e := e.(type) {
	case *condition.And:
		return foldSets(e.Terms, neg, !neg)
	case *condition.Or:
		return foldSets(e.Terms, neg, neg)
	case *condition.Not:
		return evtSet(e.X, !neg)
	case *condition.Check:
		f, ok := e.Field.(*condition.Field)
		if !ok || f.Name != "evt.type" || e.Mod != condition.ModNone {
			return allNames()
		}
		var s nameSet
		switch e.Op {
		case condition.OpEq, condition.OpEqEq, condition.OpNe, condition.OpIn:
			s = nameSet{names: map[string]bool{}}
			switch v := e.Value.(type) {
			case *condition.Lit:
				s.names[v.Text] = true
			case *condition.List:
				for _, it := range v.Items {
					if l, ok := it.(*condition.Lit); ok {
						s.names[l.Text] = true
					}
				}
			default:
				return allNames()
			}
			if e.Op == condition.OpNe {
				s = s.invert()
			}
		default:
			return allNames()
		}
		if neg {
			s = s.invert()
		}
		return s
	}
	return allNames()
}

func foldSets(terms []condition.Expr, neg, conj bool) nameSet {
	var acc nameSet
	for i, t := range terms {
		s := evtSet(t, neg)
		switch {
		case i == 0:
			acc = s
		case conj:
			acc = intersect(acc, s)
		default:
			acc = union(acc, s)
		}
	}
	return acc
}

// startsWithEvttype reports whether the first check evaluated is a positive
// evt.type check (or a disjunction of such).
func startsWithEvttype(e condition.Expr) bool {
	switch e := e.(type) {
	case *condition.And:
		return startsWithEvttype(e.Terms[0])
	case *condition.Or:
		for _, t := range e.Terms {
			if !startsWithEvttype(t) {
				return false
			}
		}
		return true
	case *condition.Check:
		f, ok := e.Field.(*condition.Field)
		return ok && f.Name == "evt.type" && (e.Op == condition.OpEq || e.Op == condition.OpEqEq || e.Op == condition.OpIn)
	}
	return false
}
