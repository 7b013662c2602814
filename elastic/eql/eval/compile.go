package eval

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/eql2falco/eql2falco/diag"
	"github.com/eql2falco/eql2falco/elastic"
	"github.com/eql2falco/eql2falco/elastic/eql"
)

// DefaultCategoryField is the field an event category is matched against
// unless a rule sets event_category_override.
const DefaultCategoryField = "event.category"

// Diagnostic codes of the compiler. "eql/unsupported-..." marks what
// Elasticsearch runs but this evaluator refuses; "eval/..." marks what
// Elasticsearch itself rejects (the rule would fail to run).
const (
	CodeUnsupportedSequence  = "eql/unsupported-sequence"
	CodeUnsupportedSample    = "eql/unsupported-sample"
	CodeUnsupportedPipe      = "eql/unsupported-pipe"
	CodeUnsupportedRegex     = "eql/unsupported-regex"
	CodeUnsupportedFieldType = "eql/unsupported-field-type"
	CodeUnsupportedExpr      = "eql/unsupported-expression"
	CodeUnknownFunction      = "eval/unknown-function"
	CodeFunctionArgs         = "eval/function-arguments"
	CodeCaseInsensitive      = "eval/case-insensitive-function"
	CodeTypeMismatch         = "eval/type-mismatch"
	CodeFieldComparison      = "eval/field-comparison"
	CodeNonBoolean           = "eval/non-boolean-condition"
	CodeNullOperand          = "eval/null-operand"
	CodeRegexSyntax          = "eval/regex-syntax"
	CodeInvalidCIDR          = "eval/invalid-cidr"
)

const singleEventHint = "the evaluator decides single-event queries (<category> where <condition>) only"

// Options configures Compile.
type Options struct {
	// Source is the query text with its place in a file (elastic.Rule.Source),
	// for diagnostics at file positions; nil reports offsets in the query.
	Source *diag.Source
	// CategoryField replaces event.category for the category test (a rule's
	// event_category_override); empty means event.category.
	CategoryField string
	// Mapping gives field types; nil means ECS().
	Mapping *Mapping
}

// Program is a compiled single-event query. It is immutable and safe for
// concurrent use.
type Program struct {
	query    *eql.Query
	mapping  *Mapping
	category node // nil for "any where"
	where    node
	fields   []string
}

// Compile compiles a parsed query. Sequences, samples and pipes are refused
// with a coded error, as is anything whose Elasticsearch semantics the
// evaluator does not reproduce exactly; the program is nil whenever the
// list has an error.
func Compile(q *eql.Query, opts Options) (*Program, diag.List) {
	c := &compiler{src: opts.Source, m: opts.Mapping}
	if c.m == nil {
		c.m = ECS()
	}
	catField := opts.CategoryField
	if catField == "" {
		catField = DefaultCategoryField
	}
	switch b := q.Body.(type) {
	case *eql.Sequence:
		c.hintf(b, CodeUnsupportedSequence, singleEventHint, "sequence queries are not evaluated: a sequence matches series of events, not one document")
	case *eql.Sample:
		c.hintf(b, CodeUnsupportedSample, singleEventHint, "sample queries are not evaluated: a sample matches groups of events, not one document")
	}
	for _, p := range q.Pipes {
		c.errorf(p, CodeUnsupportedPipe, "the pipe | %s selects among the results of the whole search, not one document", p.Name)
	}
	eq, ok := q.Body.(*eql.EventQuery)
	if !ok || c.errs.HasErrors() {
		return nil, c.errs
	}
	p := &Program{query: q, mapping: c.m}
	if !eq.Any {
		catSrc := &eql.Comparison{Span: eq.CategorySpan, Op: eql.OpEq,
			Left:  &eql.Field{Span: eq.CategorySpan, Name: catField, Parts: strings.Split(catField, ".")},
			Right: &eql.String{Span: eq.CategorySpan, Value: eq.Category}}
		c.use(catField)
		p.category = &fieldLeaf{src: catSrc, field: catField, test: &termTest{lit: newLiteral(catSrc.Right)},
			desc: "term (category)"}
	}
	p.where = c.cond(eq.Where)
	if cn, ok := p.where.(*constNode); ok && cn.null {
		// A condition that folds to null filters out everything.
		p.where = &constNode{src: cn.src, note: "always null: no document matches"}
	}
	if p.category != nil {
		prepareNodes(p.category)
	}
	prepareNodes(p.where)
	p.fields = c.fields
	slices.Sort(p.fields)
	p.fields = slices.Compact(p.fields)
	if c.errs.HasErrors() {
		return nil, c.errs
	}
	return p, c.errs
}

// CompileSource parses and compiles a query.
func CompileSource(src *diag.Source, opts Options) (*Program, diag.List) {
	q, errs := eql.ParseSource(src)
	if q == nil {
		return nil, errs
	}
	opts.Source = src
	p, more := Compile(q, opts)
	return p, append(errs, more...)
}

// CompileString parses and compiles a query given as text.
func CompileString(query string, opts Options) (*Program, diag.List) {
	return CompileSource(diag.NewSource(eql.QueryPath, query), opts)
}

// CompileRule parses and compiles the query of a rule, with its
// event_category_override.
func CompileRule(r *elastic.Rule, opts Options) (*Program, diag.List) {
	if r.EventCategoryOverride != "" {
		opts.CategoryField = r.EventCategoryOverride
	}
	src := r.Source
	if src == nil { // a rule built by hand
		path := r.Path
		if path == "" {
			path = elastic.QueryPath
		}
		src = diag.NewSource(path, r.Query)
	}
	return CompileSource(src, opts)
}

// Match reports whether the document matches the query. The error is a
// *diag.Error with code eval/runtime when Elasticsearch would fail the
// search on this document (a script throws, a query value cannot be
// converted for the field type of a dynamically mapped field), or when the
// document was built for another mapping.
func (p *Program) Match(d *Document) (bool, error) {
	if d.mapping != p.mapping {
		return false, diag.New(CodeRuntime, "the document was indexed with the %s mapping, the query compiled for %s", d.mapping.name, p.mapping.name)
	}
	if p.category != nil {
		ok, err := p.category.eval(d)
		if err != nil || !ok {
			return false, err
		}
	}
	return p.where.eval(d)
}

// Fields returns the fields the program reads (the category field
// included), sorted.
func (p *Program) Fields() []string { return p.fields }

// Mapping returns the mapping the program was compiled for.
func (p *Program) Mapping() *Mapping { return p.mapping }

// Query returns the compiled query.
func (p *Program) Query() *eql.Query { return p.query }

type compiler struct {
	src    *diag.Source
	m      *Mapping
	errs   diag.List
	fields []string
}

// errorf reports an error at n.
func (c *compiler) errorf(n eql.Node, code, format string, args ...any) {
	c.hintf(n, code, "", format, args...)
}

// hintf reports an error at n with a hint.
func (c *compiler) hintf(n eql.Node, code, hint, format string, args ...any) {
	sp := n.Bounds()
	var e *diag.Error
	if c.src != nil {
		e = c.src.Errorf(code, sp.Start, sp.End, format, args...)
	} else {
		e = diag.New(code, format, args...).At(diag.Pos{File: eql.QueryPath, Offset: sp.Start})
	}
	e.Hint = hint
	c.errs.Add(e)
}

func (c *compiler) use(name string) { c.fields = append(c.fields, name) }

// failed is the placeholder node after an error (compilation goes on to
// report more errors).
func failed(e eql.Expr) node { return &constNode{src: e} }

func isConst(e eql.Expr) bool {
	switch e.(type) {
	case *eql.String, *eql.Number, *eql.Bool, *eql.Null:
		return true
	}
	return false
}

func isNull(e eql.Expr) bool {
	_, ok := e.(*eql.Null)
	return ok
}

// cond compiles a condition.
func (c *compiler) cond(e eql.Expr) node {
	switch e := e.(type) {
	case *eql.And:
		return c.logic(e, e.Terms, true)
	case *eql.Or:
		return c.logic(e, e.Terms, false)
	case *eql.Not:
		k := c.cond(e.X)
		if cn, ok := k.(*constNode); ok {
			if cn.null {
				return &constNode{src: e, null: true}
			}
			return &constNode{src: e, value: !cn.value}
		}
		return &notNode{src: e, kid: k}
	case *eql.Bool:
		return &constNode{src: e, value: e.Value}
	case *eql.Null:
		return &constNode{src: e, null: true}
	case *eql.Field:
		return c.boolField(e)
	case *eql.Comparison:
		return c.comparison(e)
	case *eql.In:
		return c.in(e)
	case *eql.Match:
		return c.match(e)
	case *eql.Call:
		return c.callCond(e)
	}
	c.errorf(e, CodeNonBoolean, "condition expression needs to be boolean, found %s", eql.Format(e))
	return failed(e)
}

// logic folds constants of and/or (true and x is x, false and x is false,
// ...). A null operand next to non-constant ones is refused: Elasticsearch
// folds nulls with three-valued logic at planning time and the result
// depends on rewrites this evaluator does not reproduce.
func (c *compiler) logic(e eql.Expr, terms []eql.Expr, and bool) node {
	var kids []node
	sawNull := false
	for _, t := range terms {
		k := c.cond(t)
		if cn, ok := k.(*constNode); ok {
			switch {
			case cn.null:
				sawNull = true
				continue
			case cn.value == and:
				continue // neutral
			}
			return &constNode{src: e, value: !and, note: "folded: " + eql.Format(t) + " is always " + fmt.Sprint(cn.value)}
		}
		kids = append(kids, k)
	}
	switch {
	case sawNull && len(kids) > 0:
		c.hintf(e, CodeNullOperand, "Elasticsearch folds it at planning time with three-valued logic", "a condition that is always null (a null operand) next to other conditions is not supported")
		return failed(e)
	case sawNull:
		return &constNode{src: e, null: true}
	case len(kids) == 0:
		return &constNode{src: e, value: and}
	case len(kids) == 1:
		return kids[0]
	case and:
		return &andNode{src: e, kids: kids}
	}
	return &orNode{src: e, kids: kids}
}

// fieldType returns the type of a field the query reads, refusing types the
// evaluator does not query.
func (c *compiler) fieldType(f *eql.Field) (FieldType, bool) {
	c.use(f.Name)
	t := c.m.Lookup(f.Name)
	if t.Kind() == KindUnsupported {
		c.errorf(f, CodeUnsupportedFieldType, "%s is a %s field (%s); the evaluator does not query %s fields", f.Name, t.Type, t.From, t.Type)
		return t, false
	}
	return t, true
}

// checkTest refuses, at compile time, a query Elasticsearch rejects for a
// statically known field type.
func (c *compiler) checkTest(at eql.Node, f *eql.Field, t FieldType, test valueTest) bool {
	if t.Kind() == KindDynamic {
		return true
	}
	if err := test.accept(t.Kind(), t); err != nil {
		c.errorf(at, CodeTypeMismatch, "%s: %v (field %s is %s)", eql.Format(at.(eql.Expr)), err, f.Name, t)
		return false
	}
	return true
}

// boolField is a bare field as a condition: field == true.
func (c *compiler) boolField(f *eql.Field) node {
	t, ok := c.fieldType(f)
	if !ok {
		return failed(f)
	}
	if k := t.Kind(); k != KindBool && k != KindDynamic {
		c.errorf(f, CodeNonBoolean, "condition expression needs to be boolean, found %s of type %s", f.Name, t.Type)
		return failed(f)
	}
	return &fieldLeaf{src: f, field: f.Name, test: &termTest{lit: newLiteral(&eql.Bool{Value: true})}, desc: "term true"}
}

func reverse(op eql.CmpOp) eql.CmpOp {
	switch op {
	case eql.OpLt:
		return eql.OpGt
	case eql.OpLte:
		return eql.OpGte
	case eql.OpGt:
		return eql.OpLt
	case eql.OpGte:
		return eql.OpLte
	}
	return op
}

// booleanFunctions return a boolean (usable as a condition).
var booleanFunctions = map[string]bool{"cidrMatch": true, "startsWith": true, "endsWith": true, "stringContains": true}

func (c *compiler) comparison(e *eql.Comparison) node {
	l, r, op := c.fold(e.Left), c.fold(e.Right), e.Op
	if isConst(l) && !isConst(r) {
		l, r, op = r, l, reverse(op)
	}
	switch {
	case isNull(l) && isNull(r):
		switch op {
		case eql.OpEq:
			return &constNode{src: e, value: true, note: "null == null is true"}
		case eql.OpNeq:
			return &constNode{src: e, value: false, note: "null != null is false"}
		}
		return &constNode{src: e, null: true}
	case isNull(r) && !isConst(l):
		switch op {
		case eql.OpEq:
			return c.isNullNode(e, l)
		case eql.OpNeq:
			return &notNode{src: e, kid: c.isNullNode(e, l)}
		}
		return &constNode{src: e, null: true, note: "a comparison with null is null"}
	case isNull(l) || isNull(r):
		c.errorf(e, CodeNullOperand, "comparing a constant with null is not supported")
		return failed(e)
	case isConst(l):
		return c.foldScript(e, &scmp{op: op, l: &sconst{literalValue(l)}, r: &sconst{literalValue(r)}})
	case !isConst(r):
		c.hintf(e, CodeFieldComparison, "one side of a comparison must be a constant", "comparisons against fields are not supported by Elasticsearch: %s", eql.Format(e))
		return failed(e)
	}
	if call, ok := l.(*eql.Call); ok && booleanFunctions[eql.CanonicalFunctionName(call.Name)] {
		// BooleanFunctionEqualsElimination: f == true is f, f == false and
		// f != true are not f.
		if b, ok := r.(*eql.Bool); ok && (op == eql.OpEq || op == eql.OpNeq) {
			n := c.callCond(call)
			if b.Value == (op == eql.OpEq) {
				return n
			}
			return &notNode{src: e, kid: n}
		}
	}
	f, ok := l.(*eql.Field)
	if !ok {
		sc := &scriptCompiler{c: c}
		pred := &scmp{op: op, l: sc.expr(l), r: &sconst{literalValue(r)}}
		if op == eql.OpNeq {
			// not(a == b) around the script: true when no value is equal.
			pred.op = eql.OpEq
			return &notNode{src: e, kid: sc.leaf(e, pred)}
		}
		return sc.leaf(e, pred)
	}
	t, ok := c.fieldType(f)
	if !ok {
		return failed(e)
	}
	lit := newLiteral(r)
	switch op {
	case eql.OpEq, eql.OpNeq:
		test := &termTest{lit: lit}
		if !c.checkTest(e, f, t, test) {
			return failed(e)
		}
		leaf := &fieldLeaf{src: e, field: f.Name, test: test, desc: "term"}
		if op == eql.OpNeq {
			leaf.src = &eql.Comparison{Span: e.Span, Op: eql.OpEq, Left: f, Right: r}
			return &notNode{src: e, kid: leaf}
		}
		return leaf
	}
	test := &rangeTest{op: op, lit: lit}
	if !c.checkTest(e, f, t, test) {
		return failed(e)
	}
	return &fieldLeaf{src: e, field: f.Name, test: test, desc: "range"}
}

// isNullNode is "x == null": must_not exists for a field, a script for a
// computed value.
func (c *compiler) isNullNode(e eql.Expr, x eql.Expr) node {
	if f, ok := x.(*eql.Field); ok {
		// The exists query runs on every field type: no type check.
		c.use(f.Name)
		exists := &fieldLeaf{src: &eql.Comparison{Span: e.Bounds(), Op: eql.OpNeq, Left: f, Right: &eql.Null{}},
			field: f.Name, test: existsTest{}, desc: "exists"}
		return &notNode{src: e, kid: exists}
	}
	sc := &scriptCompiler{c: c}
	return sc.leaf(e, &sisnull{x: sc.expr(x)})
}

// fold replaces a computed value without fields (a function or arithmetic
// on constants) by its value, as Elasticsearch's ConstantFolding does.
func (c *compiler) fold(e eql.Expr) eql.Expr {
	switch e.(type) {
	case *eql.Call, *eql.Arith, *eql.Neg:
	default:
		return e
	}
	hasField := false
	eql.Inspect(e, func(n eql.Node) bool {
		if _, ok := n.(*eql.Field); ok {
			hasField = true
		}
		return !hasField
	})
	if hasField {
		return e
	}
	sc := &scriptCompiler{c: c}
	before := len(c.errs)
	x := sc.expr(e)
	if len(c.errs) > before {
		return e
	}
	v, err := x.eval(nil)
	if err != nil {
		c.errorf(e, CodeRuntime, "%s fails: %v", eql.Format(e), err)
		return e
	}
	sp := e.Bounds()
	switch v.k {
	case sStr:
		return &eql.String{Span: sp, Value: v.s}
	case sInt, sLong:
		return &eql.Number{Span: sp, Int: v.n}
	case sDouble:
		return &eql.Number{Span: sp, IsFloat: true, Float: v.f}
	case sBool:
		return &eql.Bool{Span: sp, Value: v.b}
	}
	return &eql.Null{Span: sp}
}

// foldScript evaluates a predicate without fields at compile time.
func (c *compiler) foldScript(e eql.Expr, pred sexpr) node {
	v, err := pred.eval(nil)
	if err != nil {
		c.errorf(e, CodeRuntime, "%s fails: %v", eql.Format(e), err)
		return failed(e)
	}
	if v.k == sNull {
		return &constNode{src: e, null: true}
	}
	return &constNode{src: e, value: v.k == sBool && v.b, note: "constant"}
}

func (c *compiler) in(e *eql.In) node {
	var vals []eql.Expr
	allConst := true
	for _, v := range e.Values {
		v = c.fold(v)
		if isNull(v) {
			continue // the terms query drops nulls
		}
		allConst = allConst && isConst(v)
		vals = append(vals, v)
	}
	if len(vals) == 0 {
		c.errorf(e, CodeNullOperand, "an in list with only null is not supported")
		return failed(e)
	}
	if isNull(e.X) {
		c.errorf(e, CodeNullOperand, "null in (...) is not supported")
		return failed(e)
	}
	f, isField := e.X.(*eql.Field)
	if !isField || !allConst {
		sc := &scriptCompiler{c: c}
		x := sc.expr(e.X)
		var items []sexpr
		for _, v := range vals {
			items = append(items, sc.expr(v))
		}
		pred := &sin{x: x, vals: items, ci: e.Insensitive}
		if isConst(e.X) && allConst {
			return c.foldScript(e, pred)
		}
		return sc.leaf(e, pred)
	}
	t, ok := c.fieldType(f)
	if !ok {
		return failed(e)
	}
	lits := make([]*literal, len(vals))
	for i, v := range vals {
		lits[i] = newLiteral(v)
	}
	var test valueTest
	desc := "terms"
	if e.Insensitive {
		test, desc = newCITermsTest(lits), "case-insensitive terms"
	} else {
		test = newTermsTest(lits)
	}
	if !c.checkTest(e, f, t, test) {
		return failed(e)
	}
	return &fieldLeaf{src: e, field: f.Name, test: test, desc: desc}
}

func hasWildcard(s string) bool { return strings.ContainsAny(s, "*?") }

func (c *compiler) match(e *eql.Match) node {
	for _, p := range e.Patterns {
		if isNull(p) {
			c.errorf(p, CodeNullOperand, "null as a %s pattern is not supported", e.Op)
			return failed(e)
		}
		if _, ok := p.(*eql.String); !ok && e.Op != eql.OpSeq {
			c.errorf(p, CodeTypeMismatch, "%s takes string patterns, not %s", e.Op, eql.Format(p))
			return failed(e)
		}
	}
	if isNull(e.X) {
		c.errorf(e, CodeNullOperand, "null %s ... is not supported", e.Op)
		return failed(e)
	}
	f, isField := e.X.(*eql.Field)
	if !isField {
		return c.matchScript(e)
	}
	t, ok := c.fieldType(f)
	if !ok {
		return failed(e)
	}
	ci := e.Op.Insensitive()
	var tests anyTest
	desc := ""
	switch {
	case e.Op.Regex():
		var pats []string
		for _, p := range e.Patterns {
			pats = append(pats, p.(*eql.String).Value)
		}
		joined := strings.Join(pats, "|") // ReplaceRegexMatch joins the patterns
		re, err := compileRegexp(joined, ci)
		if err != nil {
			c.regexError(e, err)
			return failed(e)
		}
		tests = append(tests, &stringTest{what: "a regexp query", match: re.MatchString})
		desc = "regexp " + eql.Quote(joined)
	default:
		terms, wilds := 0, 0
		for _, p := range e.Patterns {
			if s, ok := p.(*eql.String); ok && hasWildcard(s.Value) {
				w := newEQLWildcard(s.Value, ci)
				tests = append(tests, &stringTest{what: "a wildcard query", match: w.match})
				wilds++
				continue
			}
			// No wildcard: Elasticsearch sends a term query (likeSingleArgNoPattern).
			tests = append(tests, &termTest{lit: newLiteral(p), ci: ci})
			terms++
		}
		switch {
		case wilds == 0:
			desc = "term"
		case terms == 0:
			desc = "wildcard"
		default:
			desc = "terms and wildcards"
		}
	}
	if ci {
		desc += " (case-insensitive)"
	}
	var test valueTest = tests
	if len(tests) == 1 {
		test = tests[0]
	}
	// ":", like and regex take string fields only (isStringAndExact).
	test = stringOnly{test, string(e.Op)}
	if !c.checkTest(e, f, t, test) {
		return failed(e)
	}
	return &fieldLeaf{src: e, field: f.Name, test: test, desc: desc}
}

// regexError reports a pattern error at the pattern.
func (c *compiler) regexError(e *eql.Match, err error) {
	var re *regexError
	if !errors.As(err, &re) {
		c.errorf(e, CodeRegexSyntax, "%v", err)
		return
	}
	at := eql.Node(e)
	if len(e.Patterns) == 1 {
		at = e.Patterns[0]
	}
	if re.unsupported {
		c.hintf(at, CodeUnsupportedRegex, "supported: . ? * + {n,m} | ( ) [...] [^...] \"...\" \\ \\d \\s \\w and their negations", "%s", re.msg)
		return
	}
	c.errorf(at, CodeRegexSyntax, "Elasticsearch rejects the regular expression: %s (at byte %d of the pattern)", re.msg, re.off)
}

// matchScript is ":", like or regex on a computed value.
func (c *compiler) matchScript(e *eql.Match) node {
	if e.Op.Regex() {
		c.errorf(e, CodeUnsupportedRegex, "%s on a computed value runs as a Java regular expression in a Painless script, which the evaluator does not implement", e.Op)
		return failed(e)
	}
	sc := &scriptCompiler{c: c}
	x := sc.expr(e.X)
	ci := e.Op.Insensitive()
	var alts []sexpr
	var like *slike
	for _, p := range e.Patterns {
		s, isStr := p.(*eql.String)
		if isStr && (e.Op != eql.OpSeq || hasWildcard(s.Value)) {
			if like == nil {
				like = &slike{x: x}
				alts = append(alts, like)
			}
			like.pats = append(like.pats, newEQLWildcard(s.Value, ci))
			continue
		}
		alts = append(alts, &sseq{x: x, v: literalValue(p)})
	}
	var pred sexpr = &sor{alts: alts}
	if len(alts) == 1 {
		pred = alts[0]
	}
	if isConst(e.X) {
		return c.foldScript(e, pred)
	}
	return sc.leaf(e, pred)
}

// sor is a bool.should of several script predicates on the same value.
type sor struct{ alts []sexpr }

func (o *sor) eval(env []sval) (sval, error) {
	for _, a := range o.alts {
		v, err := a.eval(env)
		if err != nil {
			return sNullVal, err
		}
		if v.k == sBool && v.b {
			return v, nil
		}
	}
	return sBoolean(false), nil
}

// fnSpec describes a function of Elasticsearch EQL.
type fnSpec struct {
	min, max  int // argument counts (max -1: any)
	caseAware bool
	returns   Kind // KindString, KindLong (any number), KindBool, KindDynamic
	args      []Kind
	fn        func([]sval, bool) (sval, error)
}

// functions are Elasticsearch EQL's functions (EqlFunctionRegistry), with
// their arity, case-awareness ("~"), result and argument types as the
// verifier checks them (KindString: isStringAndExact, KindLong: numeric,
// KindIP: an ip field, KindDynamic: any).
var functions = map[string]*fnSpec{
	"add":            {min: 2, max: 2, returns: KindLong, args: []Kind{KindLong, KindLong}},
	"between":        {min: 3, max: 4, caseAware: true, returns: KindString, args: []Kind{KindString, KindString, KindString, KindBool}, fn: fnBetween},
	"cidrMatch":      {min: 2, max: -1, returns: KindBool, args: []Kind{KindIP, KindString}, fn: fnCIDRMatch},
	"concat":         {min: 1, max: -1, returns: KindString, args: []Kind{KindDynamic}, fn: fnConcat},
	"divide":         {min: 2, max: 2, returns: KindLong, args: []Kind{KindLong, KindLong}},
	"endsWith":       {min: 2, max: 2, caseAware: true, returns: KindBool, args: []Kind{KindString, KindString}, fn: fnEndsWith},
	"indexOf":        {min: 2, max: 3, caseAware: true, returns: KindLong, args: []Kind{KindString, KindString, KindLong}, fn: fnIndexOf},
	"length":         {min: 1, max: 1, returns: KindLong, args: []Kind{KindString}, fn: fnLength},
	"modulo":         {min: 2, max: 2, returns: KindLong, args: []Kind{KindLong, KindLong}},
	"multiply":       {min: 2, max: 2, returns: KindLong, args: []Kind{KindLong, KindLong}},
	"number":         {min: 1, max: 2, returns: KindLong, args: []Kind{KindString, KindLong}, fn: fnNumber},
	"startsWith":     {min: 2, max: 2, caseAware: true, returns: KindBool, args: []Kind{KindString, KindString}, fn: fnStartsWith},
	"string":         {min: 1, max: 1, returns: KindString, args: []Kind{KindDynamic}, fn: fnString},
	"stringContains": {min: 2, max: 2, caseAware: true, returns: KindBool, args: []Kind{KindString, KindString}, fn: fnStringContains},
	"substring":      {min: 2, max: 3, returns: KindString, args: []Kind{KindString, KindLong, KindLong}, fn: fnSubstring},
	"subtract":       {min: 2, max: 2, returns: KindLong, args: []Kind{KindLong, KindLong}},
}

var arithFunctions = map[string]eql.ArithOp{"add": eql.OpAdd, "subtract": eql.OpSub, "multiply": eql.OpMul, "divide": eql.OpDiv, "modulo": eql.OpMod}

// spec checks the name, "~" and arity of a call.
func (c *compiler) spec(call *eql.Call) (*fnSpec, string, bool) {
	name := eql.CanonicalFunctionName(call.Name)
	s := functions[name]
	if s == nil {
		hint := ""
		if strings.EqualFold(call.Name, "wildcard") {
			hint = "Elasticsearch removed wildcard(); write field like \"pattern\" (or like~)"
		}
		c.hintf(call, CodeUnknownFunction, hint, "unknown function [%s]", call.Written)
		return nil, name, false
	}
	if call.Insensitive && !s.caseAware {
		c.errorf(call, CodeCaseInsensitive, "function [%s] has no case-insensitive form (%s~)", name, call.Written)
		return nil, name, false
	}
	if n := len(call.Args); n < s.min || s.max >= 0 && n > s.max {
		want := fmt.Sprintf("%d to %d arguments", s.min, s.max)
		switch {
		case s.max < 0:
			want = fmt.Sprintf("at least %d arguments", s.min)
		case s.min == s.max:
			want = fmt.Sprintf("exactly %d argument(s)", s.min)
		}
		c.errorf(call, CodeFunctionArgs, "error building [%s]: expects %s, found %d", name, want, n)
		return nil, name, false
	}
	return s, name, true
}

// callCond is a function call used as a condition. startsWith, endsWith,
// stringContains on a field with a constant and cidrMatch on a field are
// queries (prefix, wildcard, terms); anything else is a script.
func (c *compiler) callCond(call *eql.Call) node {
	s, name, ok := c.spec(call)
	if !ok {
		return failed(call)
	}
	if s.returns != KindBool {
		c.errorf(call, CodeNonBoolean, "condition expression needs to be boolean, found %s() returning %s", name, s.returns)
		return failed(call)
	}
	args := make([]eql.Expr, len(call.Args))
	for i, a := range call.Args {
		args[i] = c.fold(a)
	}
	call = &eql.Call{Span: call.Span, Name: call.Name, Written: call.Written, Insensitive: call.Insensitive, Args: args}
	f, isField := call.Args[0].(*eql.Field)
	str, isStr := call.Args[1].(*eql.String)
	switch {
	case name == "cidrMatch" && isField:
		t, ok := c.fieldType(f)
		if !ok {
			return failed(call)
		}
		test := &cidrTest{}
		for _, a := range call.Args[1:] {
			as, ok := a.(*eql.String)
			if !ok {
				c.errorf(a, CodeFunctionArgs, "cidrMatch takes constant CIDR strings, not %s", eql.Format(a))
				return failed(call)
			}
			p, err := parseCIDR(as.Value)
			if err != nil {
				c.errorf(a, CodeInvalidCIDR, "%v", err)
				return failed(call)
			}
			test.blocks = append(test.blocks, p)
		}
		if !c.checkTest(call, f, t, test) {
			return failed(call)
		}
		return &fieldLeaf{src: call, field: f.Name, test: test, desc: "terms (CIDR blocks)"}
	case isField && isStr && (name == "startsWith" || name == "endsWith" || name == "stringContains"):
		t, ok := c.fieldType(f)
		if !ok {
			return failed(call)
		}
		var test *stringTest
		desc := ""
		switch name {
		case "startsWith":
			p, ci := str.Value, call.Insensitive
			test = &stringTest{what: "a prefix query", match: func(v string) bool {
				if ci {
					return hasPrefixFoldASCII(v, p)
				}
				return strings.HasPrefix(v, p)
			}}
			desc = "prefix " + eql.Quote(p)
		case "endsWith":
			w := newLuceneWildcard("*"+str.Value, call.Insensitive)
			test = &stringTest{what: "a wildcard query", match: w.match}
			desc = "wildcard " + eql.Quote(w.text)
		default:
			w := newLuceneWildcard("*"+str.Value+"*", call.Insensitive)
			test = &stringTest{what: "a wildcard query", match: w.match}
			desc = "wildcard " + eql.Quote(w.text)
		}
		if call.Insensitive {
			desc += " (case-insensitive)"
		}
		if !c.checkTest(call, f, t, test) {
			return failed(call)
		}
		return &fieldLeaf{src: call, field: f.Name, test: test, desc: desc}
	}
	sc := &scriptCompiler{c: c}
	pred := sc.expr(call)
	if len(sc.fields) == 0 {
		return c.foldScript(call, pred)
	}
	return sc.leaf(call, pred)
}

// scriptCompiler compiles the value expressions of one script query.
type scriptCompiler struct {
	c      *compiler
	fields []string
}

func (sc *scriptCompiler) leaf(e eql.Expr, pred sexpr) node {
	return &scriptLeaf{src: e, pred: pred, fields: sc.fields}
}

// kind is the static type of a value expression (KindDynamic: unknown
// until the document).
func (sc *scriptCompiler) kind(e eql.Expr) Kind {
	switch e := e.(type) {
	case *eql.String:
		return KindString
	case *eql.Number:
		return KindLong
	case *eql.Bool:
		return KindBool
	case *eql.Field:
		k := sc.c.m.Lookup(e.Name).Kind()
		if k == KindDouble {
			return KindLong // any number
		}
		return k
	case *eql.Call:
		if s := functions[eql.CanonicalFunctionName(e.Name)]; s != nil {
			return s.returns
		}
	case *eql.Arith, *eql.Neg:
		return KindLong
	}
	return KindDynamic
}

func (sc *scriptCompiler) expr(e eql.Expr) sexpr {
	c := sc.c
	switch e := e.(type) {
	case *eql.String, *eql.Number, *eql.Bool:
		return &sconst{literalValue(e)}
	case *eql.Null:
		c.hintf(e, CodeNullOperand, "Elasticsearch folds null operands at planning time with three-valued logic", "null as an operand of a computed value is not supported")
		return &sconst{}
	case *eql.Field:
		if _, ok := c.fieldType(e); !ok {
			return &sconst{}
		}
		sc.fields = append(sc.fields, e.Name)
		return &sfield{slot: len(sc.fields) - 1, name: e.Name}
	case *eql.Arith:
		sc.checkArg(e.Left, KindLong, string(e.Op))
		sc.checkArg(e.Right, KindLong, string(e.Op))
		return &sarith{op: e.Op, l: sc.expr(e.Left), r: sc.expr(e.Right)}
	case *eql.Neg:
		sc.checkArg(e.X, KindLong, "-")
		return &sneg{x: sc.expr(e.X)}
	case *eql.Call:
		return sc.call(e)
	}
	c.errorf(e, CodeUnsupportedExpr, "%s as a value is not supported (a boolean expression inside a computed value)", eql.Format(e))
	return &sconst{}
}

// checkArg refuses an argument whose static type the function does not
// take (Elasticsearch's verifier: "argument of [...] must be [string]").
func (sc *scriptCompiler) checkArg(a eql.Expr, want Kind, fn string) {
	if want == KindDynamic {
		return
	}
	got := sc.kind(a)
	if got == KindDynamic || got == want || isNull(a) {
		return
	}
	wantName := map[Kind]string{KindString: "string", KindLong: "numeric", KindBool: "boolean", KindIP: "ip"}[want]
	sc.c.errorf(a, CodeTypeMismatch, "argument %s of [%s] must be %s, found %s", eql.Format(a), fn, wantName, got)
}

func (sc *scriptCompiler) call(call *eql.Call) sexpr {
	c := sc.c
	s, name, ok := c.spec(call)
	if !ok {
		return &sconst{}
	}
	for i, a := range call.Args {
		want := s.args[min(i, len(s.args)-1)]
		if want == KindIP {
			if _, isField := a.(*eql.Field); !isField {
				c.errorf(a, CodeTypeMismatch, "the first argument of cidrMatch must be an ip field, not %s", eql.Format(a))
				continue
			}
		}
		sc.checkArg(a, want, name)
	}
	switch name {
	case "between":
		for _, a := range call.Args[1:] {
			if !isConst(a) {
				c.errorf(a, CodeUnsupportedExpr, "between takes constant left, right and greedy arguments in this evaluator, not %s", eql.Format(a))
			}
		}
	case "cidrMatch":
		for _, a := range call.Args[1:] {
			as, ok := a.(*eql.String)
			if !ok {
				c.errorf(a, CodeFunctionArgs, "cidrMatch takes constant CIDR strings, not %s", eql.Format(a))
				continue
			}
			if _, err := parseCIDR(as.Value); err != nil {
				c.errorf(a, CodeInvalidCIDR, "%v", err)
			}
		}
	}
	args := make([]sexpr, len(call.Args))
	for i, a := range call.Args {
		args[i] = sc.expr(a)
	}
	if op, ok := arithFunctions[name]; ok {
		return &sarith{op: op, l: args[0], r: args[1]}
	}
	return &scall{name: name, ci: call.Insensitive, args: args, fn: s.fn}
}
