package translate

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/eql2falco/eql2falco/diag"
	"github.com/eql2falco/eql2falco/elastic/eql"
	"github.com/eql2falco/eql2falco/falco/condition"
	"github.com/eql2falco/eql2falco/plugin/ecs"
)

// This file lowers an EQL condition to a Falco condition. The model (see
// doc.go): every field has a value set, empty when the field is missing, and
// the plugin's value set of a field is the one Elasticsearch indexes.
//
//   - An EQL leaf is true when some value satisfies it; a missing field
//     satisfies nothing. A Falco check is false on a field with no value; on a
//     list field intersects tests some element and exists any element. So a
//     positive leaf lowers to a check that tests the same predicate on one
//     value, with intersects (never in, which tests every element) on lists.
//   - and, or and not are two-valued in both languages, so they lower to
//     themselves. "a != v" is not(a == v) in Elasticsearch and becomes
//     "not a = v": Falco's own != is false on a missing field.
//   - Events outside the model (not a successful exec) have no value for any
//     ecs field; the rule-level guard keeps negations from matching them.

// cond is a lowered condition: a Falco expression, or a constant when expr
// is nil.
type cond struct {
	expr  condition.Expr
	value bool
}

var (
	condTrue  = cond{value: true}
	condFalse = cond{}
)

func exprCond(e condition.Expr) cond { return cond{expr: e} }

func (c cond) isConst() bool { return c.expr == nil }

func andConds(cs []cond) cond {
	var terms []condition.Expr
	for _, c := range cs {
		if c.isConst() {
			if !c.value {
				return condFalse
			}
			continue
		}
		if a, ok := c.expr.(*condition.And); ok {
			terms = append(terms, a.Terms...)
		} else {
			terms = append(terms, c.expr)
		}
	}
	switch len(terms) {
	case 0:
		return condTrue
	case 1:
		return exprCond(terms[0])
	}
	return exprCond(&condition.And{Terms: terms})
}

func orConds(cs []cond) cond {
	var terms []condition.Expr
	for _, c := range cs {
		if c.isConst() {
			if c.value {
				return condTrue
			}
			continue
		}
		if o, ok := c.expr.(*condition.Or); ok {
			terms = append(terms, o.Terms...)
		} else {
			terms = append(terms, c.expr)
		}
	}
	switch len(terms) {
	case 0:
		return condFalse
	case 1:
		return exprCond(terms[0])
	}
	return exprCond(&condition.Or{Terms: terms})
}

func notCond(c cond) cond {
	if c.isConst() {
		return cond{value: !c.value}
	}
	if n, ok := c.expr.(*condition.Not); ok { // not not x is x
		return exprCond(n.X)
	}
	return exprCond(&condition.Not{X: c.expr})
}

// lowerer lowers one query's condition and collects diagnostics.
type lowerer struct {
	src   *diag.Source
	diags diag.List
	// d4c is set when the rule searches Defend for Containers data, where
	// the fields D4C does not populate are always missing.
	d4c bool
	// kinds are the plugin's document kinds the query matches (exec for
	// process where, file for file where); a field whose agent documents
	// carry values the plugin does not know for one of them is refused.
	kinds []ecs.Kind
	hints map[string]string // unmapped field -> closest mapped fields
}

// newLowerer returns a lowerer; hints, when not nil, caches the hints of
// unmapped fields across the rules of a set.
func newLowerer(src *diag.Source, hints map[string]string) *lowerer {
	if hints == nil {
		hints = map[string]string{}
	}
	return &lowerer{src: src, hints: hints}
}

// recorded is a diagnostic already recorded, to which a hint can be added.
type recorded struct{ e *diag.Error }

// WithHint sets the diagnostic's hint.
func (r recorded) WithHint(format string, args ...any) { r.e.Hint = fmt.Sprintf(format, args...) }

func (l *lowerer) errorf(code string, n eql.Node, format string, args ...any) recorded {
	sp := n.Bounds()
	e := l.src.Errorf(code, sp.Start, sp.End, format, args...)
	l.diags = append(l.diags, e)
	return recorded{e}
}

func (l *lowerer) warnf(code string, n eql.Node, format string, args ...any) recorded {
	sp := n.Bounds()
	e := l.src.Errorf(code, sp.Start, sp.End, format, args...).WithSeverity(diag.SeverityWarning)
	l.diags = append(l.diags, e)
	return recorded{e}
}

// expr lowers a condition. On a refusal it records an error and returns
// false; it goes on through the rest of the tree to report every problem.
func (l *lowerer) expr(e eql.Expr) (cond, bool) {
	switch e := e.(type) {
	case *eql.And:
		cs, ok := l.exprs(e.Terms)
		return andConds(cs), ok
	case *eql.Or:
		cs, ok := l.exprs(e.Terms)
		return orConds(cs), ok
	case *eql.Not:
		c, ok := l.expr(e.X)
		return notCond(c), ok
	case *eql.Comparison:
		return l.comparison(e)
	case *eql.In:
		return l.in(e)
	case *eql.Match:
		return l.match(e)
	case *eql.Call:
		return l.call(e)
	case *eql.Field:
		return l.bareField(e)
	case *eql.Bool:
		return cond{value: e.Value}, true
	case *eql.String, *eql.Number, *eql.Null:
		l.errorf(CodeExpression, e, "a constant is not a condition").
			WithHint("Elasticsearch rejects a non-boolean constant after where")
		return condFalse, false
	case *eql.Arith, *eql.Neg:
		l.errorf(CodeExpression, e, "arithmetic has no Falco equivalent").
			WithHint("Falco compares a field with constants only")
		return condFalse, false
	}
	l.errorf(CodeExpression, e, "unexpected %T", e)
	return condFalse, false
}

func (l *lowerer) exprs(es []eql.Expr) ([]cond, bool) {
	out := make([]cond, 0, len(es))
	ok := true
	for _, x := range es {
		c, good := l.expr(x)
		ok = ok && good
		out = append(out, c)
	}
	return out, ok
}

// field resolves the field a leaf tests. x must be a field reference with a
// carrier in the plugin's table.
func (l *lowerer) field(x eql.Expr) (field, bool) {
	fx, ok := x.(*eql.Field)
	if c, call := x.(*eql.Call); call {
		l.errorf(CodeFunction, c, "%s() of a field has no Falco equivalent: Falco compares fields themselves", c.Name).
			WithHint("only startsWith, endsWith and stringContains used as conditions translate")
		return field{}, false
	}
	if !ok {
		l.errorf(CodeExpression, x, "%s is not a field: Falco only compares a field with constants", describeExpr(x)).
			WithHint("Elasticsearch also requires a field on the left and constants on the right")
		return field{}, false
	}
	f, ok := lookupField(fx.Name)
	if !ok {
		hint, seen := l.hints[fx.Name]
		if !seen {
			hint = "mapped fields nearby: " + strings.Join(closestFields(fx.Name, 3), ", ")
			if why := gapOf(fx.Name); why != "" {
				hint = why + "; " + hint
			}
			l.hints[fx.Name] = hint
		}
		l.errorf(CodeUnmappedField, fx, "field %s has no exact carrier among the ecs plugin's fields", fx.Name).
			WithHint("%s", hint)
		return field{}, false
	}
	for _, k := range l.kinds {
		why, what := f.NoExec, "process"
		if k == ecs.KindFile {
			why, what = f.NoFile, "file"
		}
		if why != "" {
			l.errorf(CodeUnmappedField, fx, "field %s has no exact carrier on %s documents: %s", f.Name, what, why)
			return field{}, false
		}
	}
	if l.d4c && !f.D4C {
		// On D4C data the EQL rule sees the field missing, while the plugin
		// computes it: the Falco rule would fire elsewhere.
		l.errorf(CodeNotD4CField, fx, "the rule searches Defend for Containers data (logs-cloud_defend.*), which has no %s: there the EQL rule sees the field missing, while the ecs plugin computes it", f.Name).
			WithHint("D4C populates: %s", strings.Join(d4cFields(), ", "))
		return field{}, false
	}
	return f, true
}

func describeExpr(x eql.Expr) string {
	switch x := x.(type) {
	case *eql.String:
		return strconv.Quote(x.Value)
	case *eql.Number, *eql.Bool, *eql.Null:
		return "the constant " + eql.Format(x)
	case *eql.Call:
		return "the function call " + x.Name + "(...)"
	}
	return fmt.Sprintf("%q", eql.Format(x))
}

// Falco AST builders.

func fieldRef(f field) condition.Operand { return &condition.Field{Name: f.falco()} }

func lowered(f field) condition.Operand {
	return &condition.Transform{Name: "tolower", Args: []condition.Operand{fieldRef(f)}}
}

func check(lhs condition.Operand, op condition.Op, v condition.Operand) cond {
	return exprCond(&condition.Check{Field: lhs, Op: op, Value: v})
}

func lit(s string) *condition.Lit { return &condition.Lit{Text: s} }

func litList(vs []string) *condition.List {
	items := make([]condition.Operand, len(vs))
	for i, v := range vs {
		items[i] = lit(v)
	}
	return &condition.List{Items: items}
}

func exists(f field) cond {
	return exprCond(&condition.Check{Field: fieldRef(f), Op: condition.OpExists})
}

// literal returns a leaf's constant operand.
func (l *lowerer) constant(x eql.Expr) (eql.Expr, bool) {
	switch x.(type) {
	case *eql.String, *eql.Number, *eql.Bool, *eql.Null:
		return x, true
	}
	l.errorf(CodeExpression, x, "%s is not a constant: Falco compares a field with constants only", describeExpr(x)).
		WithHint("Elasticsearch rejects comparisons between fields too")
	return nil, false
}

func (l *lowerer) comparison(c *eql.Comparison) (cond, bool) {
	if _, isField := c.Left.(*eql.Field); !isField {
		if _, rightField := c.Right.(*eql.Field); rightField {
			l.errorf(CodeExpression, c, "the field must be on the left of %s", c.Op).
				WithHint("Elasticsearch rejects a field on the right of a comparison")
			return condFalse, false
		}
	}
	f, okF := l.field(c.Left)
	v, okV := l.constant(c.Right)
	if !okF || !okV {
		return condFalse, false
	}
	switch c.Op {
	case eql.OpEq:
		return l.equal(f, v, c)
	case eql.OpNeq:
		eq, ok := l.equal(f, v, c)
		return notCond(eq), ok
	}
	return l.ordering(f, c.Op, v, c)
}

// equal lowers "f == v".
func (l *lowerer) equal(f field, v eql.Expr, n eql.Node) (cond, bool) {
	if _, null := v.(*eql.Null); null {
		return notCond(exists(f)), true
	}
	switch {
	case f.isString():
		s, ok := v.(*eql.String)
		if !ok {
			return l.mismatch(f, v)
		}
		l.literalWildcards(f, s)
		return l.strEqual(f, []valueAt{{s.Value, s}}, false, n)
	case f.isNumber():
		num, ok := l.uintValue(f, v, true)
		if !ok {
			return condFalse, false
		}
		return check(fieldRef(f), condition.OpEq, lit(num)), true
	default:
		b, ok := v.(*eql.Bool)
		if !ok {
			return l.mismatch(f, v)
		}
		return check(fieldRef(f), condition.OpEq, lit(strconv.FormatBool(b.Value))), true
	}
}

func (l *lowerer) mismatch(f field, v eql.Expr) (cond, bool) {
	want := map[bool]string{true: "a string"}[f.isString()]
	switch {
	case f.isNumber():
		want = "an integer"
	case f.isBool():
		want = "true or false"
	}
	l.errorf(CodeTypeMismatch, v, "%s is a %s field (Elasticsearch type %s) and %s is not %s", f.Name, f.Type, f.ESType, describeExpr(v), want).
		WithHint("Elasticsearch rejects comparing a %s field with this value", f.ESType)
	return condFalse, false
}

// uintValue reads an integer constant for an unsigned field. Negative
// values are refused when exact is set (equality can never hold; the rule
// is likely wrong) and returned as "-1" otherwise for the caller to handle.
func (l *lowerer) uintValue(f field, v eql.Expr, exact bool) (string, bool) {
	num, ok := v.(*eql.Number)
	if !ok {
		l.mismatch(f, v)
		return "", false
	}
	if num.IsFloat {
		l.errorf(CodeNumberRange, v, "%s is not an integer, and %s holds integers", eql.Format(num), f.Name).
			WithHint("Elasticsearch's rounding of a fractional bound on a long field is not reproduced; write an integer")
		return "", false
	}
	if num.Int < 0 {
		if exact {
			l.errorf(CodeNumberRange, v, "%s is never negative, so comparing it with %d is always false", f.Name, num.Int)
			return "", false
		}
		return "-1", true
	}
	return strconv.FormatInt(num.Int, 10), true
}

// ordering lowers < <= > >=.
func (l *lowerer) ordering(f field, op eql.CmpOp, v eql.Expr, n eql.Node) (cond, bool) {
	if _, null := v.(*eql.Null); null {
		l.errorf(CodeNullValue, v, "%s null compares nothing: Elasticsearch has no order for null", op)
		return condFalse, false
	}
	fop := condition.Op(op)
	if f.List {
		l.listRefusal(f, fop, n)
		return condFalse, false
	}
	switch {
	case f.isString():
		s, ok := v.(*eql.String)
		if !ok {
			return l.mismatch(f, v)
		}
		c, ok := l.strCheck(f, fop, s.Value, false, s)
		if _, err := condition.Print(c.expr); ok && err != nil {
			l.errorf(CodeExpression, s, "Falco's grammar takes only a number after %s, and %s compares the string %q", op, f.Name, s.Value).
				WithHint("Falco orders strings as Elasticsearch orders keywords (bytewise), but only numeric-looking constants can be written")
			return condFalse, false
		}
		return c, ok
	case f.isNumber():
		text, ok := l.uintValue(f, v, false)
		if !ok {
			return condFalse, false
		}
		if text == "-1" {
			// Every value is at least 0: > and >= a negative bound hold
			// for any value; < and <= never do.
			if op == eql.OpGt || op == eql.OpGte {
				return exists(f), true
			}
			l.errorf(CodeNumberRange, v, "%s is never negative, so %s %s is always false", f.Name, op, eql.Format(v))
			return condFalse, false
		}
		if text == "0" && op == eql.OpGte {
			return exists(f), true
		}
		if text == "0" && op == eql.OpLt {
			l.errorf(CodeNumberRange, v, "%s is never negative, so < 0 is always false", f.Name)
			return condFalse, false
		}
		return check(fieldRef(f), fop, lit(text)), true
	}
	return l.mismatch(f, v)
}

func (l *lowerer) bareField(x *eql.Field) (cond, bool) {
	f, ok := l.field(x)
	if !ok {
		return condFalse, false
	}
	if !f.isBool() {
		l.errorf(CodeTypeMismatch, x, "%s is a %s field, not a boolean: it cannot stand alone as a condition", f.Name, f.ESType)
		return condFalse, false
	}
	return check(fieldRef(f), condition.OpEq, lit("true")), true
}

// literalWildcards warns about * and ? in a value that is compared exactly.
func (l *lowerer) literalWildcards(f field, s *eql.String) {
	if !hasWildcard(s.Value) {
		return
	}
	l.warnf(CodeLiteralWildcard, s, "%q is compared literally: * and ? are wildcards only with : and like", s.Value).
		WithHint(`the translation keeps the literal meaning; write like "%s" if a pattern was meant`, s.Value)
}

// valueAt is a string value with the node it came from, for positions.
type valueAt struct {
	v string
	n eql.Node
}

// dedupe removes repeated values (compared after ASCII folding when fold),
// warning about each repeat.
func (l *lowerer) dedupe(vs []valueAt, fold bool) []valueAt {
	seen := make(map[string]bool, len(vs))
	out := vs[:0:0]
	for _, v := range vs {
		key := v.v
		if fold {
			key = lowerASCII(key)
		}
		if seen[key] {
			what := "listed twice"
			if fold && key != v.v {
				what = "listed twice (case folded)"
			}
			l.warnf(CodeDuplicateValue, v.n, "%q is %s; the translation lists it once", v.v, what)
			continue
		}
		seen[key] = true
		out = append(out, v)
	}
	return out
}

// strEqual lowers "f equals one of vs" on a string field, folding ASCII case
// when fold: a single =, in, or intersects on list fields, compared after
// tolower() when folding.
func (l *lowerer) strEqual(f field, vs []valueAt, fold bool, n eql.Node) (cond, bool) {
	vs = l.dedupe(vs, fold)
	var plain []string
	var extra []cond
	ok := true
	for _, v := range vs {
		if fold && !l.asciiFold(v.v, v.n) {
			ok = false
			continue
		}
		val := v.v
		if fold {
			val = lowerASCII(val)
		}
		if _, err := condition.ValueText(val); err != nil {
			// A value Falco cannot quote: on a scalar field, the same test
			// as a glob pattern (which never ends in a backslash).
			c, good := l.strCheck(f, condition.OpEq, v.v, fold, v.n)
			ok = ok && good
			extra = append(extra, c)
			continue
		}
		plain = append(plain, val)
	}
	if fold && f.List {
		c, good := l.listFoldEqual(f, plain, n)
		return orConds(append([]cond{c}, extra...)), ok && good
	}
	lhs := fieldRef(f)
	if fold && anyLetter(plain) {
		lhs = lowered(f)
	}
	var terms []cond
	switch {
	case len(plain) == 0:
	case f.List:
		terms = append(terms, check(lhs, condition.OpIntersects, litList(plain)))
	case len(plain) == 1:
		terms = append(terms, check(lhs, condition.OpEq, lit(plain[0])))
	default:
		terms = append(terms, check(lhs, condition.OpIn, litList(plain)))
	}
	return orConds(append(terms, extra...)), ok
}

// strCheck lowers one string test on a scalar field (on a list field only
// equality, as intersects). op is =, <, <=, >, >=, startswith, endswith,
// contains, glob or regex; fold asks for ASCII case folding (= becomes a
// comparison of tolower(f), startswith and endswith become iglob, contains
// icontains, glob iglob). A value Falco cannot quote (it ends in a
// backslash) is rewritten as a glob pattern when one exists.
func (l *lowerer) strCheck(f field, op condition.Op, v string, fold bool, n eql.Node) (cond, bool) {
	if f.List && op != condition.OpEq {
		l.listRefusal(f, op, n)
		return condFalse, false
	}
	if fold && !l.asciiFold(v, n) {
		return condFalse, false
	}
	fold = fold && hasLetter(v) // case folding changes nothing without letters
	if fold && f.List {
		return l.listFoldEqual(f, []string{v}, n)
	}
	lhs := fieldRef(f)
	val := v
	switch {
	case fold && op == condition.OpEq:
		lhs, val = lowered(f), lowerASCII(v)
	case fold && op == condition.OpStartsWith:
		op, val = condition.OpIGlob, globLiteral(v)+"*"
	case fold && op == condition.OpEndsWith:
		op, val = condition.OpIGlob, "*"+globLiteral(v)
	case fold && op == condition.OpContains:
		op = condition.OpIContains
	case fold && op == condition.OpGlob:
		op = condition.OpIGlob
	}
	if _, err := condition.ValueText(val); err != nil {
		if strings.IndexByte(v, 0) >= 0 {
			l.errorf(CodeUnquotable, n, "%q holds a NUL byte, which Falco cannot represent", v)
			return condFalse, false
		}
		var pattern string
		switch op {
		case condition.OpEq:
			pattern = globLiteral(v)
		case condition.OpStartsWith:
			pattern = globLiteral(v) + "*"
		case condition.OpEndsWith:
			pattern = "*" + globLiteral(v)
		case condition.OpContains, condition.OpIContains:
			pattern = "*" + globLiteral(v) + "*"
		}
		if pattern == "" || f.List {
			l.errorf(CodeUnquotable, n, "%q cannot be written in a Falco condition: it needs quotes and ends in a backslash", val)
			return condFalse, false
		}
		gop := condition.OpGlob
		if fold {
			gop = condition.OpIGlob
		}
		if _, err := condition.ValueText(pattern); err != nil {
			l.errorf(CodeUnquotable, n, "%q cannot be written in a Falco condition: %v", v, err)
			return condFalse, false
		}
		return check(fieldRef(f), gop, lit(pattern)), true
	}
	if f.List {
		return check(lhs, condition.OpIntersects, litList([]string{val})), true
	}
	return check(lhs, op, lit(val)), true
}

func (l *lowerer) in(e *eql.In) (cond, bool) {
	f, ok := l.field(e.X)
	var vals []eql.Expr
	for _, v := range e.Values {
		c, good := l.constant(v)
		ok = ok && good
		if good {
			vals = append(vals, c)
		}
	}
	if !ok {
		return condFalse, false
	}
	for _, v := range vals {
		if _, null := v.(*eql.Null); null {
			l.errorf(CodeNullValue, v, "null inside in (...)").
				WithHint("test null with == null or != null")
			return condFalse, false
		}
	}
	switch {
	case f.isString():
		var vs []valueAt
		for _, v := range vals {
			s, good := v.(*eql.String)
			if !good {
				return l.mismatch(f, v)
			}
			l.literalWildcards(f, s)
			vs = append(vs, valueAt{s.Value, s})
		}
		return l.strEqual(f, vs, e.Insensitive, e)
	case e.Insensitive:
		l.errorf(CodeTypeMismatch, e, "in~ compares strings and %s is a %s field", f.Name, f.ESType)
		return condFalse, false
	case f.isNumber():
		var texts []string
		seen := map[string]bool{}
		for _, v := range vals {
			t, good := l.uintValue(f, v, true)
			if !good {
				return condFalse, false
			}
			if seen[t] {
				l.warnf(CodeDuplicateValue, v, "%s is listed twice; the translation lists it once", t)
				continue
			}
			seen[t] = true
			texts = append(texts, t)
		}
		if len(texts) == 1 {
			return check(fieldRef(f), condition.OpEq, lit(texts[0])), true
		}
		return check(fieldRef(f), condition.OpIn, litList(texts)), true
	default:
		set := map[bool]bool{}
		for _, v := range vals {
			b, good := v.(*eql.Bool)
			if !good {
				return l.mismatch(f, v)
			}
			set[b.Value] = true
		}
		if len(set) == 2 {
			return exists(f), true
		}
		for b := range set {
			return check(fieldRef(f), condition.OpEq, lit(strconv.FormatBool(b))), true
		}
	}
	return condFalse, false
}

func (l *lowerer) match(m *eql.Match) (cond, bool) {
	f, ok := l.field(m.X)
	if !ok {
		return condFalse, false
	}
	var pats []*eql.String
	for _, p := range m.Patterns {
		switch p := p.(type) {
		case *eql.String:
			pats = append(pats, p)
		case *eql.Null:
			l.errorf(CodeNullValue, p, "null as a pattern of %s", m.Op).WithHint("test null with == null")
			ok = false
		default:
			l.errorf(CodeTypeMismatch, p, "%s takes string patterns, not %s", m.Op, describeExpr(p))
			ok = false
		}
	}
	if !ok {
		return condFalse, false
	}
	if !f.isString() {
		l.errorf(CodeTypeMismatch, m, "%s compares strings and %s is a %s field", m.Op, f.Name, f.ESType)
		return condFalse, false
	}
	fold := m.Op.Insensitive()
	if f.List {
		return l.listMatch(f, m, pats, fold)
	}
	var eqs []valueAt
	var terms []cond
	for _, p := range pats {
		if m.Op.Regex() {
			c, lit, good := l.regex(f, p, fold)
			ok = ok && good
			switch {
			case !good:
			case lit != nil:
				eqs = append(eqs, *lit)
			default:
				terms = append(terms, c)
			}
			continue
		}
		shape, part := classify(p.Value)
		var c cond
		good := true
		switch shape {
		case shapeLiteral:
			eqs = append(eqs, valueAt{p.Value, p})
			continue
		case shapeAny:
			// Any indexed value, the empty string included.
			return exists(f), ok
		case shapePrefix:
			c, good = l.strCheck(f, condition.OpStartsWith, part, fold, p)
		case shapeSuffix:
			c, good = l.strCheck(f, condition.OpEndsWith, part, fold, p)
		case shapeContains:
			c, good = l.strCheck(f, condition.OpContains, part, fold, p)
		case shapeGlob:
			c, good = l.strCheck(f, condition.OpGlob, globPattern(p.Value), fold, p)
		case shapeRegex:
			if good = !fold || l.asciiFold(p.Value, p); good {
				c, good = l.regexCheck(f, wildcardRegex(p.Value, fold), p)
			}
		}
		ok = ok && good
		terms = append(terms, c)
	}
	if len(eqs) > 0 {
		c, good := l.strEqual(f, eqs, fold, m)
		ok = ok && good
		terms = append([]cond{c}, terms...)
	}
	return orConds(terms), ok
}

// listMatch lowers :, like, like~, regex and regex~ on a list field:
// literal patterns (and regular expressions matching one string) test
// elements for equality (intersects), "*" any element (exists), the other
// wildcard patterns one check of the pattern field, each regular expression
// one check of the regex field.
func (l *lowerer) listMatch(f field, m *eql.Match, pats []*eql.String, fold bool) (cond, bool) {
	ok := true
	var eqs, wild []valueAt
	var terms []cond
	for _, p := range pats {
		if m.Op.Regex() {
			x, err := parseLucene(p.Value, fold)
			if err != nil {
				l.errorf(CodeRegex, p, "regular expression %q: %v", p.Value, err)
				ok = false
				continue
			}
			if fold && !l.asciiFold(p.Value, p) {
				ok = false
				continue
			}
			if s, _, isLit := literal(x); isLit {
				eqs = append(eqs, valueAt{s, p})
				continue
			}
			c, good := l.listRegex(f, x, p)
			ok = ok && good
			terms = append(terms, c)
			continue
		}
		switch shape, _ := classify(p.Value); shape {
		case shapeLiteral:
			if fold && hasLetter(p.Value) {
				// Equality folding case is the ilike field's too (a
				// literal pattern has no * or ?): one check for all.
				wild = append(wild, valueAt{p.Value, p})
				continue
			}
			eqs = append(eqs, valueAt{p.Value, p})
		case shapeAny:
			return exists(f), ok // any indexed element, "" included
		default:
			wild = append(wild, valueAt{p.Value, p})
		}
	}
	if len(wild) > 0 {
		c, good := l.listWildcards(f, l.dedupe(wild, fold), fold, m)
		ok = ok && good
		terms = append([]cond{c}, terms...)
	}
	if len(eqs) > 0 {
		c, good := l.strEqual(f, eqs, fold, m)
		ok = ok && good
		terms = append([]cond{c}, terms...)
	}
	return orConds(terms), ok
}

// regex lowers one regex/regex~ pattern: an equality when it matches one
// string (returned in lit), else a Falco regex check.
func (l *lowerer) regex(f field, p *eql.String, fold bool) (cond, *valueAt, bool) {
	x, err := parseLucene(p.Value, fold)
	if err == nil && fold && !l.asciiFold(p.Value, p) {
		return condFalse, nil, false
	}
	if err != nil {
		l.errorf(CodeRegex, p, "regular expression %q: %v", p.Value, err)
		return condFalse, nil, false
	}
	if s, _, isLit := literal(x); isLit {
		return condFalse, &valueAt{s, p}, true
	}
	c, ok := l.regexCheck(f, x, p)
	return c, nil, ok
}

func (l *lowerer) regexCheck(f field, x rx, n eql.Node) (cond, bool) {
	text := re2(x)
	if err := checkRE2(text); err != nil {
		l.errorf(CodeRegex, n, "the RE2 form %q of the pattern is refused: %v", text, err)
		return condFalse, false
	}
	if _, err := condition.ValueText(text); err != nil {
		l.errorf(CodeUnquotable, n, "the RE2 form %q of the pattern cannot be written in a Falco condition: %v", text, err)
		return condFalse, false
	}
	return check(fieldRef(f), condition.OpRegex, lit(text)), true
}

// Functions with an exact Falco form on a scalar string field.
var stringFunctions = map[string]condition.Op{
	"startsWith":     condition.OpStartsWith,
	"endsWith":       condition.OpEndsWith,
	"stringContains": condition.OpContains,
}

func (l *lowerer) call(c *eql.Call) (cond, bool) {
	op, known := stringFunctions[c.Name]
	if !known {
		e := l.errorf(CodeFunction, c, "function %s has no exact Falco equivalent", c.Name)
		switch c.Name {
		case "cidrMatch":
			e.WithHint("the ecs plugin has no IP address field")
		case "length":
			e.WithHint("on a list field length() applies to each element; process.args_count counts elements")
		}
		return condFalse, false
	}
	if len(c.Args) != 2 {
		l.errorf(CodeFunction, c, "%s takes 2 arguments, not %d", c.Name, len(c.Args))
		return condFalse, false
	}
	f, ok := l.field(c.Args[0])
	s, isStr := c.Args[1].(*eql.String)
	if !isStr {
		l.errorf(CodeExpression, c.Args[1], "the second argument of %s must be a string constant", c.Name)
		return condFalse, false
	}
	if !ok {
		return condFalse, false
	}
	if !f.isString() {
		l.errorf(CodeTypeMismatch, c.Args[0], "%s takes a string field and %s is a %s field", c.Name, f.Name, f.ESType)
		return condFalse, false
	}
	if f.List {
		return l.listFunction(f, c.Name, s.Value, c.Insensitive, c)
	}
	if op != condition.OpStartsWith && strings.ContainsAny(s.Value, `*?\`) {
		l.errorf(CodeWildcardArgument, s, "%s: Elasticsearch builds a wildcard query from %q, where * ? and \\ are wildcard syntax", c.Name, s.Value).
			WithHint("write the pattern with like or : if wildcards are meant")
		return condFalse, false
	}
	return l.strCheck(f, op, s.Value, c.Insensitive, c)
}

// listRefusal refuses a test a list field has no form for: an ordering
// (equality, patterns and the three string functions translate).
func (l *lowerer) listRefusal(f field, op condition.Op, n eql.Node) {
	what := "a test other than equality or a pattern"
	switch op {
	case condition.OpLT, condition.OpLE, condition.OpGT, condition.OpGE:
		what = "an ordering"
	}
	l.errorf(CodeListOperator, n, "%s on the list field %s has no Falco form: list fields take in, intersects and exists, and the pattern fields of the ecs plugin only patterns", what, f.Name).
		WithHint("on list fields ==, in, in~, :, like, like~, regex, regex~, startsWith, endsWith and stringContains translate")
}

// asciiFold refuses a case-insensitive comparison with a non-ASCII letter
// that has case variants: Elasticsearch folds ASCII only in its releases
// before elastic/elasticsearch#153513 (Lucene's regex~ before
// apache/lucene#14192) and Unicode case after, so the meaning depends on the
// release. ASCII letters fold alike in both, except that Unicode folding
// also matches the Kelvin sign (U+212A) for k and the long s (U+017F) for s:
// the translation folds ASCII, as the releases before.
func (l *lowerer) asciiFold(s string, n eql.Node) bool {
	for _, r := range s {
		if r > unicode.MaxASCII && unicode.SimpleFold(r) != r {
			l.errorf(CodeUnicodeCase, n, "%q holds %q, a letter Elasticsearch releases fold differently (ASCII only, or Unicode case)", s, r).
				WithHint("compare case-sensitively (==, in, like, regex) with the case variants listed")
			return false
		}
	}
	return true
}

// hasLetter reports whether s holds an ASCII letter.
func hasLetter(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; 'a' <= c && c <= 'z' {
			return true
		}
	}
	return false
}

func anyLetter(vs []string) bool {
	for _, v := range vs {
		if hasLetter(v) {
			return true
		}
	}
	return false
}
