package condition

import (
	"fmt"
	"regexp"
	"regexp/syntax"
	"sort"
	"strings"
)

// Program is a compiled condition. It is immutable and safe for concurrent
// use; Eval does not allocate unless a transformer is applied.
type Program struct {
	root   *cnode
	src    Expr
	fields []*FieldRef
}

// FieldRef is a field as a compiled condition asks the Provider for it.
type FieldRef struct {
	Info   *FieldInfo
	Arg    string // the argument between brackets, when HasArg
	HasArg bool
	Index  int // Arg as an integer, for fields with ArgIndex
}

// Fields returns the distinct fields the program extracts, in order of first use.
func (p *Program) Fields() []*FieldRef { return p.fields }

// Expr returns the condition the program was compiled from.
func (p *Program) Expr() Expr { return p.src }

type nodeKind uint8

const (
	kAnd nodeKind = iota
	kOr
	kNot
	kCheck
)

type cnode struct {
	kind nodeKind
	kids []*cnode
	chk  *ccheck
	src  Expr
}

// cmpKind is the comparison a check performs.
type cmpKind uint8

const (
	cExists cmpKind = iota
	cEq
	cNe
	cLt
	cLe
	cGt
	cGe
	cContains
	cIContains
	cStartsWith
	cEndsWith
	cGlob
	cIGlob
	cRegex
	cIn
	cIntersects
	cPMatch
	cBContains
	cBStartsWith
)

var cmpOfOp = map[Op]cmpKind{
	OpExists: cExists, OpEq: cEq, OpEqEq: cEq, OpNe: cNe, OpLT: cLt, OpLE: cLe, OpGT: cGt, OpGE: cGe,
	OpContains: cContains, OpIContains: cIContains, OpStartsWith: cStartsWith, OpEndsWith: cEndsWith,
	OpGlob: cGlob, OpIGlob: cIGlob, OpRegex: cRegex, OpIn: cIn, OpIntersects: cIntersects,
	OpPMatch: cPMatch, OpBContains: cBContains, OpBStartsWith: cBStartsWith,
}

// xform is a transformer applied to extracted values.
type xform uint8

const (
	xToLower xform = iota
	xToUpper
	xBasename
	xLen
)

// coperand is a compiled field or transformer chain.
type coperand struct {
	ref   *FieldRef
	xf    []xform // applied in order
	typ   Type    // type after the transformers
	list  bool    // list-ness after the transformers
	any   bool    // ancestor field without argument: any value may satisfy the check
	multi bool    // the provider returns several values (list or ancestors)
	typ0  Type    // the field's own type
	// nulLen is set when a string transformer applied to a list: libsinsp
	// 0.25's string_transformer gives each element a length that counts
	// its NUL terminator, and the list branch of compare_rhs compares
	// lengths too, so in and intersects never find such an element.
	nulLen bool
	src    Operand
}

type ccheck struct {
	lhs    coperand
	cmp    cmpKind
	mod    Modifier
	strs   []string
	strSet map[string]struct{}
	minLen int // shortest and longest member of strSet, to skip hashing
	maxLen int
	nums   []uint64
	numSet map[uint64]struct{}
	res    []*regexp.Regexp
	pm     *pathTrie
	rhs    *coperand
}

// Compile type-checks a condition against a catalog, as libsinsp does when
// Falco loads a rule, and prepares it for evaluation. The condition must have
// no macro references (*Ident) or list references (*ListRef) left: expand them
// first. Errors are *Error values.
func Compile(e Expr, cat Catalog) (*Program, error) {
	c := &compiler{cat: cat, refs: map[string]*FieldRef{}}
	root, err := c.expr(e)
	if err != nil {
		return nil, err
	}
	return &Program{root: root, src: e, fields: c.fields}, nil
}

// TypeCheck checks a condition like Compile but accepts macro references
// (*Ident), so that a macro or a rule can be checked on its own before
// macros are expanded, with errors at its own offsets.
func TypeCheck(e Expr, cat Catalog) error {
	c := &compiler{cat: cat, refs: map[string]*FieldRef{}, identOK: true}
	_, err := c.expr(e)
	return err
}

type compiler struct {
	cat     Catalog
	refs    map[string]*FieldRef
	fields  []*FieldRef
	identOK bool
}

func (c *compiler) expr(e Expr) (*cnode, error) {
	switch e := e.(type) {
	case *And:
		return c.nary(kAnd, e, e.Terms)
	case *Or:
		return c.nary(kOr, e, e.Terms)
	case *Not:
		if e.X == nil {
			return nil, errorf(e.Offset, CodeSyntax, "not without operand")
		}
		x, err := c.expr(e.X)
		if err != nil {
			return nil, err
		}
		return &cnode{kind: kNot, kids: []*cnode{x}, src: e}, nil
	case *Ident:
		if c.identOK {
			return &cnode{kind: kAnd, src: e}, nil
		}
		return nil, errorf(e.Offset, CodeUnknownMacro, "undefined macro '%s' used in filter", e.Name)
	case *Check:
		chk, err := c.check(e)
		if err != nil {
			return nil, err
		}
		return &cnode{kind: kCheck, chk: chk, src: e}, nil
	case nil:
		return nil, errorf(0, CodeSyntax, "missing expression")
	}
	return nil, errorf(e.Pos(), CodeSyntax, "unknown expression node %T", e)
}

func (c *compiler) nary(k nodeKind, e Expr, terms []Expr) (*cnode, error) {
	if len(terms) == 0 {
		return nil, errorf(e.Pos(), CodeSyntax, "empty conjunction or disjunction")
	}
	n := &cnode{kind: k, src: e}
	for _, t := range terms {
		x, err := c.expr(t)
		if err != nil {
			return nil, err
		}
		n.kids = append(n.kids, x)
	}
	return n, nil
}

// fieldRef resolves a field and its argument.
func (c *compiler) fieldRef(f *Field) (*FieldRef, error) {
	info, ok := c.cat.Field(f.Name)
	if !ok {
		return nil, errorf(f.Offset, CodeUnknownField, "unknown field '%s'", f.Name)
	}
	key := f.Name
	if f.HasArg {
		key += "[" + f.Arg + "]"
	}
	if r, ok := c.refs[key]; ok {
		return r, nil
	}
	r := &FieldRef{Info: info, Arg: f.Arg, HasArg: f.HasArg}
	if info.Plugin != "" && f.HasArg {
		arg, err := pluginArg(f.Name, f.Arg)
		if err != nil {
			return nil, errorf(f.Offset, CodeFieldArg, "%v", err)
		}
		r.Arg = arg
	}
	if info.CheckArg != nil && f.HasArg {
		if err := info.CheckArg(r.Arg); err != nil {
			return nil, errorf(f.Offset, CodeFieldArg, "field '%s': argument '%s': %v", f.Name, r.Arg, err)
		}
	}
	switch {
	case info.Arg == ArgNone && f.HasArg:
		return nil, errorf(f.Offset, CodeFieldArg, "field '%s' does not take an argument", f.Name)
	case info.Arg == ArgRequired && !f.HasArg:
		return nil, errorf(f.Offset, CodeFieldArg, "field '%s' requires an argument", f.Name)
	case info.ArgIndex && f.HasArg:
		v, ok := parseNumber(f.Arg, true)
		if !ok {
			return nil, errorf(f.Offset, CodeFieldArg, "field '%s': argument '%s' is not a valid number", f.Name, f.Arg)
		}
		r.Index = int(int32(v))
	}
	c.refs[key] = r
	c.fields = append(c.fields, r)
	return r, nil
}

// pluginArg is the argument a plugin receives for name[arg], as libsinsp's
// sinsp_filter_check_plugin::parse_field_name finds it in the rebuilt text
// "name[arg]": the text is cut at its first space, the argument at its first
// ']', and the whole text must have been read (libs 0.25,
// plugin_filtercheck.cpp and filter_check_list.cpp). A space or a ']' inside
// a quoted argument is therefore a load error.
func pluginArg(name, arg string) (string, error) {
	full := name + "[" + arg + "]"
	val := full
	if i := strings.IndexByte(val, ' '); i >= 0 {
		val = val[:i]
	}
	start := len(name) + 1
	if start >= len(val) {
		return "", fmt.Errorf("filter '%s': %s terminates with incomplete argument brackets", val, name)
	}
	end := strings.IndexByte(val[start:], ']')
	if end < 0 {
		return "", fmt.Errorf("filter '%s': %s has unbalanced argument brackets", val, name)
	}
	if start+end+1 != len(full) {
		return "", fmt.Errorf("filter_check called with nonexistent field %s", full)
	}
	return val[start : start+end], nil
}

// operand compiles a field or a transformer chain; rhs tells whether it is
// the value of val() or a transformer on the right of a check.
func (c *compiler) operand(o Operand, rhs bool) (*coperand, error) {
	switch o := o.(type) {
	case *Field:
		r, err := c.fieldRef(o)
		if err != nil {
			return nil, err
		}
		any := r.Info.AnyWithoutArg && !o.HasArg
		return &coperand{
			ref: r, typ: r.Info.Type, list: r.Info.IsList, any: any,
			multi: r.Info.IsList || any, typ0: r.Info.Type, src: o,
		}, nil
	case *Transform:
		if o.Name == "val" {
			if !rhs {
				return nil, errorf(o.Offset, CodeTransformer, "val() is only valid on the right of a check")
			}
			if len(o.Args) != 1 || o.HasArg {
				return nil, errorf(o.Offset, CodeTransformer, "val() takes exactly one field")
			}
			f, ok := o.Args[0].(*Field)
			if !ok {
				return nil, errorf(o.Offset, CodeTransformer, "val() takes a field")
			}
			inner, err := c.operand(f, false)
			if err != nil {
				return nil, err
			}
			inner.src = o
			return inner, nil
		}
		var x xform
		switch o.Name {
		case "tolower":
			x = xToLower
		case "toupper":
			x = xToUpper
		case "basename":
			x = xBasename
		case "len":
			x = xLen
		case "b64", "join", "concat", "getopt":
			return nil, errorf(o.Offset, CodeUnsupported, "transformer %s() is valid Falco but not supported by this evaluator", o.Name)
		default:
			return nil, errorf(o.Offset, CodeTransformer, "unknown transformer '%s'", o.Name)
		}
		if len(o.Args) != 1 || o.HasArg {
			return nil, errorf(o.Offset, CodeUnsupported, "%s() with several arguments or an index needs Falco 0.44 and is not supported by this evaluator", o.Name)
		}
		inner, err := c.operand(o.Args[0], false)
		if err != nil {
			return nil, err
		}
		if inner.ref == nil {
			return nil, errorf(o.Offset, CodeTransformer, "%s() needs a field or a transformer", o.Name)
		}
		if inner.ref.Info.NoTransformer {
			return nil, errorf(o.Offset, CodeTransformer, "field '%s' does not support transformers", inner.ref.Info.Name)
		}
		switch x {
		case xToLower, xToUpper, xBasename:
			if inner.typ != TypeString {
				return nil, errorf(o.Offset, CodeTransformer, "can't add field transformer: type '%s' is not supported by '%s' transformer", fieldSummary(inner.typ, inner.list), o.Name)
			}
			inner.nulLen = inner.nulLen || inner.list
		case xLen:
			if inner.list {
				inner.list = false
			} else if inner.typ != TypeString {
				return nil, errorf(o.Offset, CodeTransformer, "can't add field transformer: type '%s' is not supported by 'len' transformer", fieldSummary(inner.typ, inner.list))
			}
			inner.typ = TypeUint64
		}
		inner.xf = append(inner.xf, x)
		inner.src = o
		return inner, nil
	}
	return nil, errorf(o.Pos(), CodeSyntax, "a field or a transformer is needed, not %T", o)
}

func (c *compiler) check(e *Check) (*ccheck, error) {
	lhs, err := c.operand(e.Field, false)
	if err != nil {
		return nil, err
	}
	cmp, ok := cmpOfOp[e.Op]
	if !ok {
		return nil, errorf(e.Offset, CodeOperator, "unknown operator '%s'", e.Op)
	}
	if e.Mod != ModNone && e.Mod != ModOneOf && e.Mod != ModAnyOf && e.Mod != ModAllOf {
		return nil, errorf(e.Offset, CodeOperator, "unknown modifier '%s'", e.Mod)
	}
	if err := comparable(cmp, lhs.typ, lhs.list); err != "" {
		return nil, errorf(e.Offset, CodeOperator, "%s", strings.Replace(err, "%op", describeOp(canonicalOp(e.Op), ModNone), 1))
	}
	chk := &ccheck{lhs: *lhs, cmp: cmp, mod: e.Mod}
	if e.Mod != ModNone && lhs.any {
		return nil, errorf(e.Offset, CodeUnsupported, "modifiers on '%s' without an argument are not supported by this evaluator", lhs.ref.Info.Name)
	}
	if cmp == cExists {
		if e.Value != nil {
			return nil, errorf(e.Offset, CodeSyntax, "operator exists takes no value")
		}
		return chk, nil
	}
	if e.Value == nil {
		return nil, errorf(e.Offset, CodeSyntax, "operator %s needs a value", e.Op)
	}
	if t, ok := e.Value.(*Transform); ok {
		return chk, c.rhsField(chk, e, t)
	}
	vals, err := c.constants(e)
	if err != nil {
		return nil, err
	}
	return chk, c.setConstants(chk, e, vals)
}

// canonicalOp is the operator name libsinsp uses in messages.
func canonicalOp(op Op) Op {
	if op == OpEqEq {
		return OpEq
	}
	return op
}

// comparable implements libsinsp's flt_is_comparable; it returns an error
// message (with %op for the operator) or "".
func comparable(cmp cmpKind, t Type, list bool) string {
	if cmp == cExists {
		return ""
	}
	if list {
		switch t {
		case TypeString, TypeUint64, TypeRelTime, TypeAbsTime, TypeBool:
		default:
			return "list filters are not supported for type '" + t.String() + "'"
		}
		if cmp == cIn || cmp == cIntersects {
			return ""
		}
		return "'%op' operator not supported list filters"
	}
	switch {
	case t.IsNumeric():
		switch cmp {
		case cEq, cNe, cLt, cLe, cGt, cGe, cIn, cIntersects:
			return ""
		}
		return "'%op' operator not supported for numeric filters"
	case t == TypeBool:
		switch cmp {
		case cEq, cNe, cIn, cIntersects:
			return ""
		}
		return "'%op' operator not supported for numeric filters"
	case t == TypeString:
		switch cmp {
		case cBContains, cBStartsWith:
			return "'%op' operator not supported for string filters"
		}
		return ""
	}
	return "'%op' operator not supported for type '" + t.String() + "'"
}

// constants returns the constant texts on the right of a check.
func (c *compiler) constants(e *Check) ([]*Lit, error) {
	switch v := e.Value.(type) {
	case *Lit:
		return []*Lit{v}, nil
	case *List:
		if e.Op.Class() != ClassList && e.Mod == ModNone {
			return nil, errorf(v.Offset, CodeSyntax, "operator %s takes one value, not a list", e.Op)
		}
		out := make([]*Lit, 0, len(v.Items))
		for _, it := range v.Items {
			switch it := it.(type) {
			case *Lit:
				out = append(out, it)
			case *ListRef:
				return nil, errorf(it.Offset, CodeUnknownList, "list '%s' is not expanded", it.Name)
			default:
				return nil, errorf(v.Offset, CodeSyntax, "list item %T is not a value", it)
			}
		}
		return out, nil
	case *ListRef:
		return nil, errorf(v.Offset, CodeUnknownList, "list '%s' is not expanded", v.Name)
	}
	return nil, errorf(e.Value.Pos(), CodeSyntax, "unexpected value %T", e.Value)
}

func (c *compiler) setConstants(chk *ccheck, e *Check, lits []*Lit) error {
	if vs := chk.lhs.ref.Info.Values; vs != nil {
		for _, l := range lits {
			if i := sort.SearchStrings(vs, l.Text); i == len(vs) || vs[i] != l.Text {
				return errorf(l.Offset, CodeValue, "unknown %s value '%s'", chk.lhs.ref.Info.Name, l.Text)
			}
		}
	}
	t := chk.lhs.typ
	switch t {
	case TypeString:
		for _, l := range lits {
			chk.strs = append(chk.strs, l.Text)
		}
	case TypeBool:
		for _, l := range lits {
			switch l.Text {
			case "true":
				chk.nums = append(chk.nums, 1)
			case "false":
				chk.nums = append(chk.nums, 0)
			default:
				return errorf(l.Offset, CodeValue, "unrecognized boolean value '%s' (only true and false)", l.Text)
			}
		}
	default:
		for _, l := range lits {
			v, ok := parseNumber(l.Text, t.signed())
			if !ok {
				return errorf(l.Offset, CodeValue, "'%s' is not a valid number", l.Text)
			}
			chk.nums = append(chk.nums, normalize(t, v))
		}
	}
	switch {
	case chk.cmp == cRegex:
		for i, s := range chk.strs {
			re, err := compileRegex(s)
			if err != nil {
				return errorf(lits[i].Offset, CodeValue, "invalid regex pattern: %v", err)
			}
			chk.res = append(chk.res, re)
		}
	case chk.cmp == cPMatch:
		chk.pm = newPathTrie(chk.strs)
		if chk.pm.ambiguous() {
			return errorf(e.Offset, CodeUnsupported, "pmatch with several glob components at one level is not supported by this evaluator: libsinsp's result depends on hash-map order")
		}
	case chk.cmp == cIn || chk.cmp == cIntersects ||
		chk.mod != ModNone && (chk.cmp == cEq || chk.cmp == cNe):
		if t == TypeString {
			chk.strSet = make(map[string]struct{}, len(chk.strs))
			chk.minLen, chk.maxLen = int(^uint(0)>>1), -1
			for _, s := range chk.strs {
				chk.strSet[s] = struct{}{}
				chk.minLen, chk.maxLen = min(chk.minLen, len(s)), max(chk.maxLen, len(s))
			}
		} else {
			chk.numSet = make(map[uint64]struct{}, len(chk.nums))
			for _, n := range chk.nums {
				chk.numSet[n] = struct{}{}
			}
		}
	}
	return nil
}

func (c *compiler) rhsField(chk *ccheck, e *Check, t *Transform) error {
	if chk.cmp == cPMatch || chk.cmp == cRegex {
		return errorf(t.Offset, CodeOperator, "operator '%s' doesn't support right-hand side fields", e.Op)
	}
	if e.Mod != ModNone {
		return errorf(t.Offset, CodeSyntax, "a modifier takes a list, not a field")
	}
	rhs, err := c.operand(t, true)
	if err != nil {
		return err
	}
	if chk.lhs.ref.Info.NoRHS || chk.lhs.any {
		return errorf(e.Offset, CodeOperator, "field '%s' doesn't support right-hand side fields", chk.lhs.ref.Info.Name)
	}
	if rhs.ref.Info.NoRHS || rhs.any {
		return errorf(t.Offset, CodeOperator, "field '%s' can't be used as a right-hand side field", rhs.ref.Info.Name)
	}
	if rhs.typ != chk.lhs.typ || rhs.list != chk.lhs.list {
		return errorf(t.Offset, CodeOperator, "field '%s' has type '%s' while the right-hand side field '%s' has incompatible type '%s'",
			chk.lhs.ref.Info.Name, fieldSummary(chk.lhs.typ, chk.lhs.list), rhs.ref.Info.Name, fieldSummary(rhs.typ, rhs.list))
	}
	chk.rhs = rhs
	return nil
}

// parseNumber reads a number the way libsinsp does (sscanf "%" PRId64 or
// PRIu64 followed by "%c", which must not match): optional leading white
// space, an optional sign, decimal digits, nothing after. Out-of-range values
// saturate like strtol/strtoul; a negative unsigned value wraps.
func parseNumber(s string, signed bool) (uint64, bool) {
	i := 0
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	if i >= len(s) || !isDigit(s[i]) {
		return 0, false
	}
	var v uint64
	overflow := false
	for ; i < len(s) && isDigit(s[i]); i++ {
		d := uint64(s[i] - '0')
		if v > (^uint64(0)-d)/10 {
			overflow = true
		}
		v = v*10 + d
	}
	if i != len(s) {
		return 0, false
	}
	if signed {
		const maxI = uint64(1<<63 - 1)
		switch {
		case !neg && (overflow || v > maxI):
			return maxI, true
		case neg && (overflow || v > maxI+1):
			return maxI + 1, true // INT64_MIN
		case neg:
			return -v, true
		}
		return v, true
	}
	if overflow {
		return ^uint64(0), true
	}
	if neg {
		return -v, true
	}
	return v, true
}

// normalize truncates a number to the type's width (sign-extending signed
// types), as storing it in the C type does.
func normalize(t Type, v uint64) uint64 {
	bits := t.bits()
	if bits == 64 {
		return v
	}
	if t.signed() {
		shift := 64 - bits
		return uint64(int64(v<<shift) >> shift)
	}
	return v & (1<<bits - 1)
}

// compileRegex compiles a pattern with RE2's POSIX syntax (as libsinsp's
// RE2::POSIX option: no Perl extensions, ^ and $ match at line breaks, .
// excludes \n) for a match anchored at both ends.
func compileRegex(pattern string) (*regexp.Regexp, error) {
	re, err := syntax.Parse(pattern, syntax.ClassNL)
	if err != nil {
		return nil, err
	}
	anchored := &syntax.Regexp{Op: syntax.OpConcat, Sub: []*syntax.Regexp{
		{Op: syntax.OpBeginText},
		{Op: syntax.OpCapture, Sub: []*syntax.Regexp{re}, Cap: 1},
		{Op: syntax.OpEndText},
	}}
	return regexp.Compile(anchored.String())
}
