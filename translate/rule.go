package translate

import (
	"fmt"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/eql2falco/eql2falco/capture/ppm"
	"github.com/eql2falco/eql2falco/diag"
	"github.com/eql2falco/eql2falco/elastic"
	"github.com/eql2falco/eql2falco/elastic/eql"
	"github.com/eql2falco/eql2falco/falco/catalog"
	"github.com/eql2falco/eql2falco/falco/condition"
	"github.com/eql2falco/eql2falco/falco/rulesfile"
	"github.com/eql2falco/eql2falco/plugin/ecs"
)

// Options configure a translation.
type Options struct {
	// Link returns the URL a rule's desc links back to, or "". Nil means
	// DetectionRulesLink.
	Link func(*elastic.Rule) string
}

func (o Options) link(r *elastic.Rule) string {
	if o.Link != nil {
		return o.Link(r)
	}
	return DetectionRulesLink(r)
}

// Result is one translated rule.
type Result struct {
	Source *elastic.Rule
	// Rule is the Falco rule; its condition refers to Lists by name.
	Rule *rulesfile.Rule
	// Lists are the named lists the condition uses, in order of first use.
	// A rules file defines them before the rule.
	Lists []*rulesfile.List
	// Condition is what Falco evaluates: the rule's condition with the lists
	// written inline.
	Condition condition.Expr
	// MinFalco is the oldest Falco release that loads the rule (at least the
	// oldest that loads the ecs plugin).
	MinFalco condition.Version
	// Diags are the lint warnings.
	Diags diag.List
}

// File returns a rules file holding the rule alone, with its required engine
// and plugin versions.
func (r *Result) File() *rulesfile.File { return buildFile(nil, []*Result{r}) }

// Rule translates one EQL rule whose query parsed as q. On a refusal the
// result is nil and the list holds at least one error; it always holds the
// lint warnings.
func Rule(r *elastic.Rule, q *eql.Query, opts Options) (*Result, diag.List) {
	return newTranslator(opts).rule(r, q)
}

// Lower lowers the condition of a single-event query to the Falco condition
// of its rule: evt.type first (the exec events for process where, the file
// events for file where, both for any where), then a guard when the
// condition could hold on an event without ecs values, then the condition.
// It makes the same refusals as Rule for the condition itself, but not the
// rule-level ones (pipes, documents the plugin does not produce): it is the
// lowering alone, for fuzzing and differential tests against an EQL
// evaluator on the plugin's documents.
func Lower(q *eql.Query, src *diag.Source) (condition.Expr, diag.List) {
	eq, ok := q.Body.(*eql.EventQuery)
	if !ok {
		sp := q.Body.Bounds()
		return nil, diag.List{src.Errorf(CodeSequence, sp.Start, sp.End, "not a single-event query")}
	}
	kinds, ok := queryKinds(eq)
	if !ok {
		return nil, diag.List{src.Errorf(CodeCategory, eq.CategorySpan.Start, eq.CategorySpan.End, "%q events have no counterpart", eq.Category)}
	}
	l := newLowerer(src, nil)
	l.kinds = kinds
	c, ok := l.expr(eq.Where)
	if !ok {
		return nil, l.diags
	}
	if e := neverMatches(src, eq.Where, c); e != nil {
		return nil, append(l.diags, e)
	}
	// The documents of the categories the condition can hold on, as Rule
	// finds them (without its refusals); all kinds when it holds on none.
	categories := []string{eq.Category}
	if eq.Any {
		categories = []string{"process", "file"}
	}
	var docs []*docClass
	for _, d := range classesOf(agentDefend, categories) {
		if d.kind != ecs.KindNone && d.holds(eq.Where) {
			docs = append(docs, d)
		}
	}
	codes := eventTypesOf(kinds)
	if len(docs) > 0 {
		kinds, codes = kindsOf(docs)
	}
	full, _ := kindCondition(c, kinds, codes, docs)
	return full, l.diags
}

// kindsOf returns the kinds and event types of the plugin's documents docs.
func kindsOf(docs []*docClass) ([]ecs.Kind, []ppm.Code) {
	var kinds []ecs.Kind
	var codes []ppm.Code
	for _, d := range docs {
		if !slices.Contains(kinds, d.kind) {
			kinds = append(kinds, d.kind)
		}
		codes = append(codes, d.eventTypes()...)
	}
	slices.Sort(kinds)
	return kinds, codes
}

// eventTypesOf returns the event types of the plugin's documents of kinds.
func eventTypesOf(kinds []ecs.Kind) []ppm.Code {
	var out []ppm.Code
	for _, k := range kinds {
		out = append(out, ecs.EventTypesOf(k)...)
	}
	return out
}

// queryKinds returns the plugin's document kinds an event query can match:
// exec documents for process where, file documents for file where, both for
// any where. ok is false for another category.
func queryKinds(eq *eql.EventQuery) ([]ecs.Kind, bool) {
	switch {
	case eq.Any:
		return []ecs.Kind{ecs.KindExec, ecs.KindFile}, true
	case eq.Category == "process":
		return []ecs.Kind{ecs.KindExec}, true
	case eq.Category == "file":
		return []ecs.Kind{ecs.KindFile}, true
	}
	return nil, false
}

// translator holds what rules of one output file share: list and rule names.
type translator struct {
	opts  Options
	lists map[string]bool
	rules map[string]string // rule name -> where it was defined
	hints map[string]string // hints of unmapped fields, computed once
}

func newTranslator(opts Options) *translator {
	return &translator{opts: opts, lists: map[string]bool{}, rules: map[string]string{}, hints: map[string]string{}}
}

func (t *translator) rule(r *elastic.Rule, q *eql.Query) (*Result, diag.List) {
	src := r.Source
	if src == nil {
		src = diag.NewSource(r.Path, r.Query)
	}
	var ds diag.List
	refuse := func(code string, sp eql.Span, format string, args ...any) recorded {
		e := src.Errorf(code, sp.Start, sp.End, format, args...)
		ds = append(ds, e)
		return recorded{e}
	}
	var eq *eql.EventQuery
	switch b := q.Body.(type) {
	case *eql.Sequence:
		refuse(CodeSequence, b.Span, "sequence queries have no Falco equivalent: a Falco rule matches one event").
			WithHint("Falco rules keep no state between events")
	case *eql.Sample:
		refuse(CodeSample, b.Span, "sample queries have no Falco equivalent: a Falco rule matches one event")
	case *eql.EventQuery:
		eq = b
	}
	for _, p := range q.Pipes {
		refuse(CodePipe, p.Span, "| %s limits the results, which a Falco rule cannot do", p.Name)
	}
	if r.EventCategoryOverride != "" {
		refuse(CodeCategoryOverride, eql.Span{Start: 0, End: 0}, "event_category_override = %q: the category comes from another field, which the ecs plugin does not carry", r.EventCategoryOverride)
	}
	if eq == nil {
		return nil, ds
	}
	kinds, known := queryKinds(eq)
	codes := eventTypesOf(kinds)
	var docs []*docClass
	if !known {
		refuse(CodeCategory, eq.CategorySpan, "%q events have no counterpart: the ecs plugin describes process starts (process) and file creations, deletions and renames (file)", eq.Category)
		return nil, ds
	}
	agents := agentsOf(r)
	categories := []string{eq.Category}
	if eq.Any {
		categories = []string{"process", "file", "network"}
	}
	if slices.Contains(categories, "file") && r.SearchesDataset(elastic.D4CFileDataset) {
		refuse(CodeD4CFileEvents, eq.CategorySpan, "the rule searches Defend for Containers file data (logs-cloud_defend.file*), which the ecs plugin does not model").
			WithHint("D4C logs file events only where its policy says so (its default policy logs none), from LSM hooks that run before the operation, with event.type values it does not document for rename, link and modification, and truncations Falco sees without a path")
	}
	l := newLowerer(src, t.hints)
	// The D4C field model is its process events': file documents of D4C
	// are refused above.
	l.d4c = r.SearchesD4C() && slices.Contains(kinds, ecs.KindExec)
	l.kinds = kinds
	c, ok := l.expr(eq.Where)
	ds = append(ds, l.diags...)
	if !ds.HasErrors() {
		// The kinds of document the condition can hold on: for any
		// where, those of the categories its condition leaves possible.
		docs = t.checkDocuments(eq, agents, categories, refuse)
		kinds, codes = kindsOf(docs)
	}
	if ok {
		if e := neverMatches(src, eq.Where, c); e != nil {
			ds = append(ds, e)
		}
	}
	if prev, dup := t.rules[r.Name]; dup && !ds.HasErrors() {
		refuse(CodeDuplicateRule, eql.Span{}, "rule %q is already defined (%s): Falco refuses two rules with one name", r.Name, prev)
	}
	if ds.HasErrors() {
		return nil, ds
	}
	if always(eq.Where, agents, categories) {
		ds = append(ds, warnAt(src, CodeConstant, eq.Where.Bounds(), "the condition holds on every document the plugin produces"))
	}

	full, dropped := kindCondition(c, kinds, codes, docs)
	res := &Result{Source: r, Condition: full, Diags: ds}
	named := t.nameLists(r, full, res)
	text, err := layout(named, condition.Printer{IsList: t.isList, GroupAnd: true})
	if err != nil {
		return nil, append(ds, internal(src, "the condition cannot be printed: %v", err))
	}
	if err := condition.TypeCheck(full, catalog.Default()); err != nil {
		return nil, append(ds, internal(src, "the condition does not compile: %v", err))
	}
	res.MinFalco = catalog.MinFalco()
	if v, _ := condition.MinFalco(full); res.MinFalco.Less(v) {
		res.MinFalco = v
	}
	res.Rule = &rulesfile.Rule{
		Name:      r.Name,
		Desc:      t.desc(r, dropped),
		Condition: text,
		Output:    output(r, kinds),
		Priority:  Priority(r.Severity),
		Tags:      tags(r, eq.Where, kinds),
		Source:    "syscall",
	}
	t.rules[r.Name] = r.Where()
	return res, ds
}

func warnAt(src *diag.Source, code string, sp eql.Span, format string, args ...any) *diag.Error {
	return src.Errorf(code, sp.Start, sp.End, format, args...).WithSeverity(diag.SeverityWarning)
}

// neverMatches refuses a condition that can never hold: constant false once
// lowered, or contradictory (see contradiction).
func neverMatches(src *diag.Source, where eql.Expr, c cond) *diag.Error {
	sp := where.Bounds()
	if c.isConst() && !c.value {
		return src.Errorf(CodeNeverMatches, sp.Start, sp.End, "the condition is always false")
	}
	if why, hint, ok := contradiction(where); ok {
		return src.Errorf(CodeNeverMatches, sp.Start, sp.End, "the condition is always false: %s", why).WithHint("%s", hint)
	}
	return nil
}

func internal(src *diag.Source, format string, args ...any) *diag.Error {
	return src.Errorf(CodeInternal, 0, 0, format, args...).
		WithHint("this is a bug in eql2falco; please report it with the rule")
}

// checkDocuments refuses a rule whose condition can hold on a document the
// plugin does not produce, or holds on none it produces (see docClasses).
// It returns the plugin's documents the condition can hold on.
func (t *translator) checkDocuments(eq *eql.EventQuery, agents agent, categories []string, refuse func(string, eql.Span, string, ...any) recorded) []*docClass {
	var docs []*docClass
	var produced []string
	modeled := false
	for _, c := range classesOf(agents, categories) {
		if c.kind != ecs.KindNone {
			produced = append(produced, c.what)
		}
		if !c.holds(eq.Where) {
			continue
		}
		if c.kind != ecs.KindNone {
			modeled = true
			docs = append(docs, c)
			continue
		}
		hint := `test event.action == "exec": the plugin describes process starts only`
		if c.category != "process" {
			hint = `test event.action in ("creation", "deletion", "rename") or event.type in ("creation", "deletion"): the plugin describes those file documents only`
		}
		refuse(CodeUnmodeledEvents, eq.Where.Bounds(), "the condition can hold on %s %s documents, which the ecs plugin does not produce", agentName(c.agents&agents), c.what).
			WithHint("%s", hint)
		return nil
	}
	if !modeled {
		refuse(CodeUnmodeledEvents, eq.Where.Bounds(), "the condition holds on none of the documents the ecs plugin produces (%s): the Falco rule could never fire where the EQL rule may", strings.Join(produced, ", ")).
			WithHint("the rule tests other documents of the agent, or values of another data source")
		return nil
	}
	return docs
}

// always reports whether the condition holds on every document the plugin
// produces for the rule.
func always(where eql.Expr, agents agent, categories []string) bool {
	n := 0
	for _, c := range classesOf(agents, categories) {
		if c.kind == ecs.KindNone {
			continue
		}
		for _, typ := range c.types {
			if partialEval(where, c.env(typ)) != yes {
				return false
			}
		}
		n++
	}
	return n > 0
}

func agentName(a agent) string {
	switch a {
	case agentD4C:
		return "Defend for Containers"
	case agentDefend:
		return "Elastic Defend"
	}
	return "Elastic Defend and Defend for Containers"
}

// evtTypes restricts a rule to the events of codes, in the plugin's order
// (ecs.EventTypes).
func evtTypes(codes []ppm.Code) condition.Expr {
	var names []string
	for _, c := range ecs.EventTypes() {
		if slices.Contains(codes, c) {
			names = append(names, c.Name())
		}
	}
	return &condition.Check{Field: &condition.Field{Name: "evt.type"}, Op: condition.OpIn, Value: litList(names)}
}

// guard is true exactly on the events that are documents of kinds: every
// ecs field has no value on other events.
func guard(kinds []ecs.Kind) condition.Expr {
	f := &condition.Field{Name: "ecs.event.category"}
	if len(kinds) > 1 {
		return &condition.Check{Field: f, Op: condition.OpExists}
	}
	cat := "process"
	if kinds[0] == ecs.KindFile {
		cat = "file"
	}
	return &condition.Check{Field: f, Op: condition.OpEq, Value: lit(cat)}
}

// kindCondition is the Falco condition of "<category> where c" over the
// plugin's documents of kinds, from the events of codes: evt.type first,
// then the guard unless c itself is false on events without ecs values,
// then c, without the tests of constant fields that hold on every document
// of docs (see dropConstants).
func kindCondition(c cond, kinds []ecs.Kind, codes []ppm.Code, docs []*docClass) (condition.Expr, []string) {
	var dropped []string
	if !c.isConst() && len(docs) > 0 {
		c = exprCond(dropConstants(c.expr, docs, &dropped))
	}
	terms := []cond{exprCond(evtTypes(codes))}
	if c.isConst() || !strict(c.expr) {
		terms = append(terms, exprCond(guard(kinds)))
	}
	return andConds(append(terms, c)).expr, dropped
}

// strict reports whether e is false on an event where no field has a value
// (every check is false there, so only negations can make e true).
func strict(e condition.Expr) bool { return !valueWithoutFields(e) }

func valueWithoutFields(e condition.Expr) bool {
	switch e := e.(type) {
	case *condition.And:
		for _, t := range e.Terms {
			if !valueWithoutFields(t) {
				return false
			}
		}
		return true
	case *condition.Or:
		for _, t := range e.Terms {
			if valueWithoutFields(t) {
				return true
			}
		}
		return false
	case *condition.Not:
		return !valueWithoutFields(e.X)
	}
	return false
}

// listMin is the number of values from which a list gets a name.
const listMin = 10

// nameLists moves long value lists of c into named lists (recorded in res)
// and returns the condition that refers to them.
func (t *translator) nameLists(r *elastic.Rule, c condition.Expr, res *Result) condition.Expr {
	prefix := "elastic_" + ruleSlug(r)
	var walk func(e condition.Expr, neg bool) condition.Expr
	walk = func(e condition.Expr, neg bool) condition.Expr {
		switch e := e.(type) {
		case *condition.And:
			out := &condition.And{}
			for _, x := range e.Terms {
				out.Terms = append(out.Terms, walk(x, neg))
			}
			return out
		case *condition.Or:
			out := &condition.Or{}
			for _, x := range e.Terms {
				out.Terms = append(out.Terms, walk(x, neg))
			}
			return out
		case *condition.Not:
			return &condition.Not{X: walk(e.X, !neg)}
		case *condition.Check:
			l, ok := e.Value.(*condition.List)
			if !ok || len(l.Items) < listMin {
				return e
			}
			name := prefix + "_" + listSuffix(e.Field, neg)
			name = t.uniqueList(name)
			items := make([]string, len(l.Items))
			for i, it := range l.Items {
				v := it.(*condition.Lit).Text
				text, err := condition.ValueText(v)
				if err == nil && t.lists[text] {
					text, err = condition.Quote(v)
				}
				if err != nil { // checked while lowering; keep the list inline
					return e
				}
				items[i] = text
			}
			t.lists[name] = true
			res.Lists = append(res.Lists, &rulesfile.List{Name: name, Items: items})
			return &condition.Check{Field: e.Field, Op: e.Op,
				Value: &condition.List{Items: []condition.Operand{&condition.ListRef{Name: name}}}}
		}
		return e
	}
	return walk(c, false)
}

func (t *translator) isList(s string) bool { return t.lists[s] }

func (t *translator) uniqueList(name string) string {
	if !t.lists[name] {
		return name
	}
	for i := 2; ; i++ {
		n := fmt.Sprintf("%s_%d", name, i)
		if !t.lists[n] {
			return n
		}
	}
}

// listSuffix names a list after the field it is compared with: "args" for
// process.args (the rule is about processes), "excluded_args" under a
// negation, "user_id" for user.id.
func listSuffix(o condition.Operand, neg bool) string {
	lower := false
	for {
		tr, ok := o.(*condition.Transform)
		if !ok || len(tr.Args) == 0 {
			break
		}
		lower = lower || tr.Name == "tolower"
		o = tr.Args[0]
	}
	name := "values"
	if f, ok := o.(*condition.Field); ok {
		name = strings.ReplaceAll(strings.TrimPrefix(strings.TrimPrefix(f.Name, "ecs."), "process."), ".", "_")
	}
	if lower {
		name += "_lowercase"
	}
	if neg {
		name = "excluded_" + name
	}
	return name
}

var nonWord = regexp.MustCompile(`[^a-z0-9]+`)

// slug lower-cases s and joins its words with underscores.
func slug(s string) string {
	return strings.Trim(nonWord.ReplaceAllString(strings.ToLower(s), "_"), "_")
}

// ruleSlug names a rule in list names: the base name of its TOML file
// (detection-rules names files after what they detect), else its name.
func ruleSlug(r *elastic.Rule) string {
	if strings.HasSuffix(r.Path, elastic.ExtTOML) {
		if s := slug(strings.TrimSuffix(filepath.Base(r.Path), elastic.ExtTOML)); s != "" {
			return s
		}
	}
	if s := slug(r.Name); s != "" {
		return s
	}
	return "rule"
}

// detectionRulesDirs are the top-level directories of elastic/detection-rules
// that hold rules.
var detectionRulesDirs = regexp.MustCompile(`(?:^|/)((?:rules|rules_building_block)/(?:_deprecated|apm|cross-platform|integrations|linux|macos|ml|network|promotions|threat_intel|windows)(?:/[^/]+)*\.toml)$`)

// DetectionRulesLink returns the URL of a rule file in elastic/detection-rules
// when its path follows that repository's layout (".../rules/linux/x.toml"),
// else "".
func DetectionRulesLink(r *elastic.Rule) string {
	m := detectionRulesDirs.FindStringSubmatch(filepath.ToSlash(r.Path))
	if m == nil {
		return ""
	}
	return "https://github.com/elastic/detection-rules/blob/main/" + path.Clean(m[1])
}

var spaces = regexp.MustCompile(`\s+`)

// desc is the Elastic description followed by where the rule comes from.
func (t *translator) desc(r *elastic.Rule, dropped []string) string {
	d := strings.TrimSpace(spaces.ReplaceAllString(r.Description, " "))
	if d != "" && !strings.HasSuffix(d, ".") {
		d += "."
	}
	from := fmt.Sprintf("Translated from the Elastic detection rule %q", r.Name)
	var ref []string
	if r.RuleID != "" {
		ref = append(ref, "rule_id "+r.RuleID)
	}
	if link := t.opts.link(r); link != "" {
		ref = append(ref, link)
	}
	if len(ref) > 0 {
		from += " (" + strings.Join(ref, ", ") + ")"
	}
	from += "."
	if len(dropped) > 0 {
		from += " Left out of the condition, as they hold on every event it applies to: " + strings.Join(dropped, ", ") + "."
	}
	return strings.TrimSpace(d + " " + from)
}

// outputFields are the label=%field pairs of every rule's output: what a
// responder needs about the process, its parent, its user, its container and
// its terminal. ecs fields where the plugin has them; Falco's own for the
// parent name, user name and terminal (container.* would need the container
// plugin).
var outputFields = []struct{ label, field string }{
	{"evt_type", "evt.type"},
	{"user", "user.name"},
	{"user_uid", "ecs.user.id"},
	{"process", "ecs.process.name"},
	{"exe", "ecs.process.executable"},
	{"args", "ecs.process.args"},
	{"parent", "proc.pname"},
	{"parent_pid", "ecs.process.parent.pid"},
	{"terminal", "proc.tty"},
	{"container_id", "ecs.container.id"},
	{"exe_flags", "evt.arg.flags"},
}

// fileOutputFields are the pairs of a file rule's output: the file and the
// process that acted on it.
var fileOutputFields = []struct{ label, field string }{
	{"evt_type", "evt.type"},
	{"action", "ecs.event.action"},
	{"file", "ecs.file.path"},
	{"original", "ecs.file.Ext.original.path"},
	{"user", "user.name"},
	{"user_uid", "ecs.user.id"},
	{"process", "ecs.process.name"},
	{"exe", "ecs.process.executable"},
	{"command_line", "ecs.process.command_line"},
	{"pid", "ecs.process.pid"},
	{"parent", "proc.pname"},
	{"terminal", "proc.tty"},
}

// output is a sentence (the rule name) followed by label=%field pairs: the
// process ones, the file ones for a file rule, both for any where.
func output(r *elastic.Rule, kinds []ecs.Kind) string {
	var b strings.Builder
	// "%" starts a field in Falco outputs; the name is text.
	b.WriteString(strings.TrimSpace(strings.ReplaceAll(spaces.ReplaceAllString(r.Name, " "), "%", " percent")))
	b.WriteString(" |")
	fields := outputFields
	if slices.Contains(kinds, ecs.KindFile) {
		fields = fileOutputFields
		if slices.Contains(kinds, ecs.KindExec) {
			fields = append(slices.Clone(outputFields), fileOutputFields[1:4]...)
		}
	}
	for _, f := range fields {
		b.WriteString(" " + f.label + "=%" + f.field)
	}
	return b.String()
}

// Priorities maps Elastic severities to Falco priorities.
var Priorities = []struct{ Severity, Priority string }{
	{"critical", "CRITICAL"},
	{"high", "ERROR"},
	{"medium", "WARNING"},
	{"low", "NOTICE"},
	{"(other or missing)", "WARNING"},
}

// Priority is the Falco priority of an Elastic severity (see Priorities).
func Priority(severity string) string {
	s := strings.ToLower(strings.TrimSpace(severity))
	for _, p := range Priorities[:len(Priorities)-1] {
		if p.Severity == s {
			return p.Priority
		}
	}
	return Priorities[len(Priorities)-1].Priority
}

// Maturities maps Elastic rule maturity to Falco's maturity tags.
var Maturities = []struct{ Maturity, Tag, Why string }{
	{"production", "maturity_incubating", "proven on Elastic data; the Falco translation is new, and Falco's rules start below stable"},
	{"development", "maturity_sandbox", "experimental on the Elastic side too"},
	{"deprecated", "maturity_deprecated", "deprecated upstream"},
	{"(other or missing)", "maturity_sandbox", "Kibana exports carry no maturity"},
}

// MaturityTag is the Falco maturity tag of an Elastic maturity (see Maturities).
func MaturityTag(maturity string) string {
	m := strings.ToLower(strings.TrimSpace(maturity))
	for _, x := range Maturities[:len(Maturities)-1] {
		if x.Maturity == m {
			return x.Tag
		}
	}
	return Maturities[len(Maturities)-1].Tag
}

// tags follow the upstream order: maturity, workload (host, container), type
// (process), MITRE tactics as mitre_<tactic>, then technique ids.
func tags(r *elastic.Rule, where eql.Expr, kinds []ecs.Kind) []string {
	out := []string{MaturityTag(r.Maturity)}
	// host unless the condition needs a container id, container unless it
	// needs none.
	if partialEval(where, fieldValues(map[string][]string{"container.id": nil})) != no {
		out = append(out, "host")
	}
	if partialEval(where, fieldPresent("container.id")) != no {
		out = append(out, "container")
	}
	if slices.Contains(kinds, ecs.KindExec) {
		out = append(out, "process")
	}
	if slices.Contains(kinds, ecs.KindFile) {
		out = append(out, "filesystem")
	}
	seen := map[string]bool{}
	add := func(list *[]string, s string) {
		if s != "" && !seen[s] {
			seen[s] = true
			*list = append(*list, s)
		}
	}
	var tactics, techniques []string
	for _, th := range r.Threat {
		if th.Framework != "" && th.Framework != "MITRE ATT&CK" {
			continue
		}
		if th.Tactic.Name != "" {
			add(&tactics, "mitre_"+slug(th.Tactic.Name))
		}
		for _, te := range th.Techniques {
			add(&techniques, te.ID)
			for _, st := range te.Subtechniques {
				add(&techniques, st.ID)
			}
		}
	}
	sort.Strings(techniques)
	return append(append(out, tactics...), techniques...)
}

// dropConstants removes from each conjunction of e the checks of the
// documents' constant fields (event.category, event.kind, event.type,
// event.action, event.outcome, host.os.type) that hold on every document
// of docs, as long as another term of the conjunction is false on events
// without ecs values. Falco evaluates the condition only on the event types
// of docs, where an event with ecs values is one of docs: there such a
// check is true, so the conjunction is the same without it; on the other
// events the remaining term makes it false, as the check did. The seed
// rule's host.os.type, event.type and event.action tests go: each is one
// more call into the plugin per exec.
// The texts of the checks dropped go to *dropped, each once.
func dropConstants(e condition.Expr, docs []*docClass, dropped *[]string) condition.Expr {
	switch x := e.(type) {
	case *condition.Or:
		out := &condition.Or{}
		for _, t := range x.Terms {
			out.Terms = append(out.Terms, dropConstants(t, docs, dropped))
		}
		return out
	case *condition.Not:
		return &condition.Not{X: dropConstants(x.X, docs, dropped)}
	case *condition.And:
		terms := make([]condition.Expr, 0, len(x.Terms))
		for _, t := range x.Terms {
			terms = append(terms, dropConstants(t, docs, dropped))
		}
		for i := 0; i < len(terms); {
			if alwaysOn(terms[i], docs) && strictOther(terms, i) {
				if text, err := condition.Print(terms[i]); err == nil && !slices.Contains(*dropped, text) {
					*dropped = append(*dropped, text)
				}
				terms = append(terms[:i], terms[i+1:]...)
				continue
			}
			i++
		}
		if len(terms) == 1 {
			return terms[0]
		}
		return &condition.And{Terms: terms}
	}
	return e
}

// strictOther reports whether a term of terms other than i is false on
// events without ecs values (it tests ecs fields only, and is strict).
func strictOther(terms []condition.Expr, i int) bool {
	for j, t := range terms {
		if j != i && strict(t) && ecsOnly(t) {
			return true
		}
	}
	return false
}

// ecsOnly reports whether every check of e tests an ecs field.
func ecsOnly(e condition.Expr) bool {
	switch x := e.(type) {
	case *condition.And:
		return !slices.ContainsFunc(x.Terms, func(t condition.Expr) bool { return !ecsOnly(t) })
	case *condition.Or:
		return !slices.ContainsFunc(x.Terms, func(t condition.Expr) bool { return !ecsOnly(t) })
	case *condition.Not:
		return ecsOnly(x.X)
	case *condition.Check:
		f, ok := x.Field.(*condition.Field)
		return ok && strings.HasPrefix(f.Name, ecs.FieldPrefix)
	}
	return false
}

// alwaysOn reports whether e is an = or in check of a constant field that
// holds on every document of docs.
func alwaysOn(e condition.Expr, docs []*docClass) bool {
	c, ok := e.(*condition.Check)
	if !ok || (c.Op != condition.OpEq && c.Op != condition.OpIn) {
		return false
	}
	f, ok := c.Field.(*condition.Field)
	if !ok || f.HasArg {
		return false
	}
	var values []string
	switch v := c.Value.(type) {
	case *condition.Lit:
		values = []string{v.Text}
	case *condition.List:
		for _, it := range v.Items {
			l, ok := it.(*condition.Lit)
			if !ok {
				return false
			}
			values = append(values, l.Text)
		}
	default:
		return false
	}
	for _, d := range docs {
		v, ok := d.constant(strings.TrimPrefix(f.Name, ecs.FieldPrefix))
		if !ok || !slices.Contains(values, v) {
			return false
		}
	}
	return true
}
