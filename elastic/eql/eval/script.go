package eval

import (
	"errors"
	"fmt"
	"math"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/eql2falco/eql2falco/diag"
	"github.com/eql2falco/eql2falco/elastic/eql"
)

// The script regime. Elasticsearch turns every predicate on a computed
// value (a function of a field, arithmetic, a field compared with a field
// inside a function) into a Painless script query. The script runs once
// per combination of the values of the fields it reads, in doc-values order
// (InternalEqlScriptUtils.multiValueDocValues: sorted, strings and
// addresses de-duplicated), and the predicate holds as soon as one
// combination gives true; a field without values takes part once, as null.
// Values follow Java: strings are UTF-16, integers are Integer (literals
// that fit 32 bits) or Long (field values, larger literals), decimals are
// Double; a null operand makes the result null and nullSafeFilter turns a
// null predicate into false.

// skind is the Java type of a script value.
type skind uint8

const (
	sNull   skind = iota
	sStr          // String
	sInt          // Integer
	sLong         // Long
	sDouble       // Double
	sBool         // Boolean
)

func (k skind) String() string {
	return [...]string{"null", "string", "integer", "long", "double", "boolean"}[k]
}

// sval is a script value.
type sval struct {
	k skind
	s string
	n int64
	f float64
	b bool
}

var sNullVal = sval{}

func sString(s string) sval     { return sval{k: sStr, s: s} }
func sBoolean(b bool) sval      { return sval{k: sBool, b: b} }
func sLongVal(n int64) sval     { return sval{k: sLong, n: n} }
func sIntVal(n int64) sval      { return sval{k: sInt, n: n} }
func sDoubleVal(f float64) sval { return sval{k: sDouble, f: f} }

func (v sval) isNum() bool { return v.k == sInt || v.k == sLong || v.k == sDouble }

func (v sval) float() float64 {
	if v.k == sDouble {
		return v.f
	}
	return float64(v.n)
}

// javaString is Java's toString of the value.
func (v sval) javaString() string {
	switch v.k {
	case sStr:
		return v.s
	case sInt, sLong:
		return strconv.FormatInt(v.n, 10)
	case sDouble:
		return javaDouble(v.f)
	case sBool:
		return strconv.FormatBool(v.b)
	}
	return "null"
}

// render shows a value in explanations: strings quoted.
func (v sval) render() string {
	if v.k == sStr {
		return strconv.Quote(v.s)
	}
	return v.javaString()
}

// literalValue is the script value of an EQL constant.
func literalValue(e eql.Expr) sval {
	switch v := e.(type) {
	case *eql.String:
		return sString(v.Value)
	case *eql.Number:
		if v.IsFloat {
			return sDoubleVal(v.Float)
		}
		if v.Int >= math.MinInt32 && v.Int <= math.MaxInt32 {
			return sIntVal(v.Int)
		}
		return sLongVal(v.Int)
	case *eql.Bool:
		return sBoolean(v.Value)
	}
	return sNullVal
}

// sexpr is a compiled script expression; env holds the current value of
// every field reference (by slot).
type sexpr interface {
	eval(env []sval) (sval, error)
}

type sconst struct{ v sval }

func (c *sconst) eval([]sval) (sval, error) { return c.v, nil }

type sfield struct {
	slot int
	name string
}

func (f *sfield) eval(env []sval) (sval, error) { return env[f.slot], nil }

// scriptErr is an exception the script would throw: Elasticsearch fails
// the search.
type scriptErr struct{ msg string }

func (e *scriptErr) Error() string { return e.msg }

func throw(format string, args ...any) error {
	return &scriptErr{msg: fmt.Sprintf(format, args...)}
}

// scall is a function call.
type scall struct {
	name string
	ci   bool
	args []sexpr
	fn   func(args []sval, ci bool) (sval, error)
}

func (c *scall) eval(env []sval) (sval, error) {
	var buf [4]sval
	args := buf[:0]
	for _, a := range c.args {
		v, err := a.eval(env)
		if err != nil {
			return sNullVal, err
		}
		args = append(args, v)
	}
	return c.fn(args, c.ci)
}

// sarith is + - * / % and the add, subtract, multiply, divide and modulo
// functions (QL Arithmetics).
type sarith struct {
	op   eql.ArithOp
	l, r sexpr
}

func (a *sarith) eval(env []sval) (sval, error) {
	l, err := a.l.eval(env)
	if err != nil {
		return sNullVal, err
	}
	r, err := a.r.eval(env)
	if err != nil {
		return sNullVal, err
	}
	return arith(a.op, l, r)
}

func arith(op eql.ArithOp, l, r sval) (sval, error) {
	if l.k == sNull || r.k == sNull {
		return sNullVal, nil
	}
	if !l.isNum() || !r.isNum() {
		return sNullVal, throw("A number is required; received [%s] and [%s]", l.javaString(), r.javaString())
	}
	if l.k == sDouble || r.k == sDouble {
		x, y := l.float(), r.float()
		switch op {
		case eql.OpAdd:
			return sDoubleVal(x + y), nil
		case eql.OpSub:
			return sDoubleVal(x - y), nil
		case eql.OpMul:
			return sDoubleVal(x * y), nil
		case eql.OpDiv:
			return sDoubleVal(x / y), nil
		}
		return sDoubleVal(math.Mod(x, y)), nil
	}
	long := l.k == sLong || r.k == sLong
	lo, hi, name := int64(math.MinInt32), int64(math.MaxInt32), "integer"
	mk := sIntVal
	if long {
		lo, hi, name, mk = math.MinInt64, math.MaxInt64, "long", sLongVal
	}
	x, y := l.n, r.n
	switch op {
	case eql.OpAdd:
		s := x + y
		if long && (x > 0 && y > 0 && s < 0 || x < 0 && y < 0 && s >= 0) || s < lo || s > hi {
			return sNullVal, throw("%s overflow", name)
		}
		return mk(s), nil
	case eql.OpSub:
		s := x - y
		if long && (x >= 0 && y < 0 && s < 0 || x < 0 && y > 0 && s >= 0) || s < lo || s > hi {
			return sNullVal, throw("%s overflow", name)
		}
		return mk(s), nil
	case eql.OpMul:
		if x != 0 && y != 0 {
			p := x * y
			if p/y != x || x == -1 && y == lo || y == -1 && x == lo || p < lo || p > hi {
				return sNullVal, throw("%s overflow", name)
			}
			return mk(p), nil
		}
		return mk(0), nil
	case eql.OpDiv:
		if y == 0 {
			return sNullVal, throw("/ by zero")
		}
		if x == lo && y == -1 {
			return mk(lo), nil // Java wraps
		}
		return mk(x / y), nil
	}
	if y == 0 {
		return sNullVal, throw("/ by zero")
	}
	if y == -1 {
		return mk(0), nil
	}
	return mk(x % y), nil
}

// sneg is unary minus.
type sneg struct{ x sexpr }

func (n *sneg) eval(env []sval) (sval, error) {
	v, err := n.x.eval(env)
	if err != nil || v.k == sNull {
		return sNullVal, err
	}
	switch v.k {
	case sDouble:
		return sDoubleVal(-v.f), nil
	case sInt:
		if v.n == math.MinInt32 {
			return sNullVal, throw("integer overflow")
		}
		return sIntVal(-v.n), nil
	case sLong:
		if v.n == math.MinInt64 {
			return sNullVal, throw("long overflow")
		}
		return sLongVal(-v.n), nil
	}
	return sNullVal, throw("A number is required; received [%s]", v.javaString())
}

// javaCompare is QL's Comparisons.compare: numbers as numbers, strings by
// UTF-16 code units, booleans false < true; null (ok false) for a null
// operand or values of different types.
func javaCompare(l, r sval) (int, bool) {
	if l.k == sNull || r.k == sNull {
		return 0, false
	}
	if l.isNum() && r.isNum() {
		if l.k == sDouble || r.k == sDouble {
			return javaDoubleCompare(l.float(), r.float()), true
		}
		return cmpInt(l.n, r.n), true
	}
	switch {
	case l.k == sStr && r.k == sStr:
		return compareUTF16(l.s, r.s), true
	case l.k == sBool && r.k == sBool:
		switch {
		case l.b == r.b:
			return 0, true
		case r.b:
			return -1, true
		}
		return 1, true
	}
	return 0, false
}

// javaDoubleCompare is Double.compare: -0.0 < 0.0 and NaN above everything.
func javaDoubleCompare(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	an, bn := math.IsNaN(a), math.IsNaN(b)
	switch {
	case an && bn:
		return 0
	case an:
		return 1
	case bn:
		return -1
	}
	as, bs := math.Signbit(a), math.Signbit(b)
	switch {
	case as == bs:
		return 0
	case as:
		return -1
	}
	return 1
}

// compareUTF16 is Java's String.compareTo: code unit order.
func compareUTF16(a, b string) int {
	for a != "" && b != "" {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if ra != rb {
			ua, ub := utf16Units(ra), utf16Units(rb)
			if ua[0] != ub[0] {
				return cmpInt(int64(ua[0]), int64(ub[0]))
			}
			return cmpInt(int64(ua[1]), int64(ub[1]))
		}
		a, b = a[na:], b[nb:]
	}
	return cmpInt(int64(len(a)), int64(len(b)))
}

func utf16Units(r rune) [2]uint16 {
	if r < 0x10000 {
		return [2]uint16{uint16(r), 0}
	}
	h, l := utf16.EncodeRune(r)
	return [2]uint16{uint16(h), uint16(l)}
}

// scmp is a comparison of a computed value with a constant.
type scmp struct {
	op   eql.CmpOp
	l, r sexpr
}

func (c *scmp) eval(env []sval) (sval, error) {
	l, err := c.l.eval(env)
	if err != nil {
		return sNullVal, err
	}
	r, err := c.r.eval(env)
	if err != nil {
		return sNullVal, err
	}
	n, ok := javaCompare(l, r)
	if !ok {
		return sNullVal, nil
	}
	switch c.op {
	case eql.OpEq:
		return sBoolean(n == 0), nil
	case eql.OpNeq:
		return sBoolean(n != 0), nil
	case eql.OpLt:
		return sBoolean(n < 0), nil
	case eql.OpLte:
		return sBoolean(n <= 0), nil
	case eql.OpGt:
		return sBoolean(n > 0), nil
	}
	return sBoolean(n >= 0), nil
}

// sin is "x in (...)" (InProcessor: true when one item is equal, else null
// when one comparison was null, else false) and, with ci, "x in~ (...)"
// (an or of case-insensitive equalities).
type sin struct {
	x    sexpr
	vals []sexpr
	ci   bool
}

func (n *sin) eval(env []sval) (sval, error) {
	x, err := n.x.eval(env)
	if err != nil {
		return sNullVal, err
	}
	result := sBoolean(false)
	for _, e := range n.vals {
		v, err := e.eval(env)
		if err != nil {
			return sNullVal, err
		}
		var eq sval
		if n.ci {
			eq = insensitiveEquals(x, v)
		} else if c, ok := javaCompare(x, v); ok {
			eq = sBoolean(c == 0)
		}
		switch {
		case eq.k == sNull:
			result = sNullVal
		case eq.b:
			return eq, nil
		}
	}
	return result, nil
}

// insensitiveEquals is EQL's ":" without wildcards in a script
// (StringComparisons.insensitiveEquals): String.compareToIgnoreCase for two
// strings, otherwise equality.
func insensitiveEquals(l, r sval) sval {
	if l.k == sStr && r.k == sStr {
		return sBoolean(javaEqualsIgnoreCase(l.s, r.s))
	}
	c, ok := javaCompare(l, r)
	if !ok {
		return sNullVal
	}
	return sBoolean(c == 0)
}

// javaEqualsIgnoreCase compares code point by code point, equal when equal
// after upper-casing or after upper- then lower-casing (Java's
// compareToIgnoreCase == 0; full Unicode simple case mapping).
func javaEqualsIgnoreCase(a, b string) bool {
	for a != "" && b != "" {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		a, b = a[na:], b[nb:]
		if ra == rb {
			continue
		}
		ua, ub := unicode.ToUpper(ra), unicode.ToUpper(rb)
		if ua != ub && unicode.ToLower(ua) != unicode.ToLower(ub) {
			return false
		}
	}
	return a == "" && b == ""
}

// sseq is ":" with one plain string in a script.
type sseq struct {
	x sexpr
	v sval
}

func (n *sseq) eval(env []sval) (sval, error) {
	x, err := n.x.eval(env)
	if err != nil {
		return sNullVal, err
	}
	return insensitiveEquals(x, n.v), nil
}

// slike is like, like~ and ":" with a wildcard in a script: Elasticsearch
// turns the pattern into a Java regular expression (* is .*, ? is .) and
// matches the whole string, where . does not match line terminators and
// case-insensitivity (Pattern.CASE_INSENSITIVE) is ASCII-only.
type slike struct {
	x    sexpr
	pats []*wildcard
}

func (n *slike) eval(env []sval) (sval, error) {
	x, err := n.x.eval(env)
	if err != nil || x.k == sNull {
		return sNullVal, err
	}
	if x.k != sStr {
		return sNullVal, throw("A string is required; received [%s]", x.javaString())
	}
	for _, p := range n.pats {
		if p.matchNoLineTerminators(x.s) {
			return sBoolean(true), nil
		}
	}
	return sBoolean(false), nil
}

// isJavaLineTerminator reports the characters Java's . does not match.
func isJavaLineTerminator(r rune) bool {
	return r == '\n' || r == '\r' || r == 0x85 || r == 0x2028 || r == 0x2029
}

// matchNoLineTerminators matches like general, but * and ? never match a
// line terminator.
func (w *wildcard) matchNoLineTerminators(s string) bool { return w.scan(s, true) }

// sisnull is "x == null" on a computed value.
type sisnull struct{ x sexpr }

func (n *sisnull) eval(env []sval) (sval, error) {
	v, err := n.x.eval(env)
	if err != nil {
		return sNullVal, err
	}
	return sBoolean(v.k == sNull), nil
}

// scriptLeaf is one script query: the predicate holds when one combination
// of field values makes it true.
type scriptLeaf struct {
	src    eql.Expr
	pred   sexpr
	fields []string // field name of each slot
}

func (n *scriptLeaf) eval(d *Document) (bool, error) {
	if len(n.fields) == 0 {
		v, err := n.pred.eval(nil)
		return v.k == sBool && v.b, n.wrap(err)
	}
	vals := make([][]sval, len(n.fields))
	for i, name := range n.fields {
		vals[i] = docValues(d.fields[name])
	}
	env := make([]sval, len(n.fields))
	ok, err := n.combine(vals, env, 0, nil)
	return ok, n.wrap(err)
}

// combine runs the predicate on every combination of values, the first
// field varying slowest; seen, when not nil, collects the combinations that
// made it true.
func (n *scriptLeaf) combine(vals [][]sval, env []sval, i int, seen *[][]sval) (bool, error) {
	if i == len(vals) {
		v, err := n.pred.eval(env)
		if err != nil {
			return false, err
		}
		ok := v.k == sBool && v.b
		if ok && seen != nil {
			*seen = append(*seen, slices.Clone(env))
		}
		return ok, nil
	}
	any := false
	for _, v := range vals[i] {
		env[i] = v
		ok, err := n.combine(vals, env, i+1, seen)
		if err != nil {
			return false, err
		}
		if ok {
			if seen == nil {
				return true, nil
			}
			any = true
		}
	}
	return any, nil
}

func (n *scriptLeaf) wrap(err error) error {
	if err == nil {
		return nil
	}
	var se *scriptErr
	if errors.As(err, &se) {
		return diag.New(CodeRuntime, "%s: the script fails: %s", eql.Format(n.src), se.msg)
	}
	return err
}

// docValues returns the values of a field as a script reads them: sorted,
// strings and addresses de-duplicated; a single null when there are none.
func docValues(f *field) []sval {
	if f.count() == 0 {
		return []sval{sNullVal}
	}
	var out []sval
	switch f.kind {
	case KindString:
		strs := slices.Clone(f.strs)
		slices.Sort(strs)
		for _, s := range slices.Compact(strs) {
			out = append(out, sString(s))
		}
	case KindLong:
		ns := slices.Clone(f.longs)
		slices.Sort(ns)
		for _, n := range ns {
			out = append(out, sLongVal(n))
		}
	case KindDouble:
		xs := slices.Clone(f.doubles)
		slices.Sort(xs)
		for _, x := range xs {
			out = append(out, sDoubleVal(x))
		}
	case KindBool:
		bs := slices.Clone(f.bools)
		slices.SortFunc(bs, func(a, b bool) int {
			switch {
			case a == b:
				return 0
			case b:
				return -1
			}
			return 1
		})
		for _, b := range bs {
			out = append(out, sBoolean(b))
		}
	case KindIP:
		ips := slices.Clone(f.ips)
		slices.SortFunc(ips, compareAddr)
		for _, a := range slices.Compact(ips) {
			out = append(out, sString(a.Unmap().String()))
		}
	}
	return out
}

// Functions. Each receives evaluated arguments (nulls included).

func needString(v sval) error {
	if v.k != sStr {
		return throw("A string/char is required; received [%s]", v.javaString())
	}
	return nil
}

func needNumber(v sval) error {
	if !v.isNum() {
		return throw("A number is required; received [%s]", v.javaString())
	}
	return nil
}

// javaInt is Number.intValue(): doubles truncate, longs wrap.
func javaInt(v sval) int64 {
	if v.k == sDouble {
		switch {
		case math.IsNaN(v.f):
			return 0
		case v.f >= math.MaxInt32:
			return math.MaxInt32
		case v.f <= math.MinInt32:
			return math.MinInt32
		}
		return int64(v.f)
	}
	return int64(int32(v.n))
}

func fnLength(a []sval, _ bool) (sval, error) {
	if a[0].k == sNull {
		return sNullVal, nil
	}
	if err := needString(a[0]); err != nil {
		return sNullVal, err
	}
	return sIntVal(int64(utf16Len(a[0].s))), nil
}

func fnString(a []sval, _ bool) (sval, error) {
	if a[0].k == sNull {
		return sNullVal, nil
	}
	return sString(a[0].javaString()), nil
}

func fnConcat(a []sval, _ bool) (sval, error) {
	var b strings.Builder
	for _, v := range a {
		if v.k == sNull {
			return sNullVal, nil
		}
		b.WriteString(v.javaString())
	}
	return sString(b.String()), nil
}

// twoStrings checks the (source, pattern) arguments of startsWith,
// endsWith and stringContains: null when either is null.
func twoStrings(a []sval) (string, string, bool, error) {
	if a[0].k == sNull {
		return "", "", false, nil
	}
	if err := needString(a[0]); err != nil {
		return "", "", false, err
	}
	if a[1].k == sNull {
		return "", "", false, nil
	}
	if err := needString(a[1]); err != nil {
		return "", "", false, err
	}
	return a[0].s, a[1].s, true, nil
}

func fnStartsWith(a []sval, ci bool) (sval, error) {
	s, p, ok, err := twoStrings(a)
	if !ok {
		return sNullVal, err
	}
	if ci {
		s, p = javaLower(s), javaLower(p)
	}
	return sBoolean(strings.HasPrefix(s, p)), nil
}

func fnEndsWith(a []sval, ci bool) (sval, error) {
	s, p, ok, err := twoStrings(a)
	if !ok {
		return sNullVal, err
	}
	if ci {
		s, p = javaLower(s), javaLower(p)
	}
	return sBoolean(strings.HasSuffix(s, p)), nil
}

func fnStringContains(a []sval, ci bool) (sval, error) {
	s, p, ok, err := twoStrings(a)
	if !ok {
		return sNullVal, err
	}
	if s == "" || p == "" {
		return sBoolean(false), nil
	}
	if ci {
		s, p = javaLower(s), javaLower(p)
	}
	return sBoolean(strings.Contains(s, p)), nil
}

func fnIndexOf(a []sval, ci bool) (sval, error) {
	s, sub, ok, err := twoStrings(a)
	if !ok {
		return sNullVal, err
	}
	start := int64(0)
	if len(a) > 2 && a[2].k != sNull {
		if err := needNumber(a[2]); err != nil {
			return sNullVal, err
		}
		start = javaInt(a[2])
	}
	if ci {
		s, sub = javaLower(s), javaLower(sub)
	}
	u, su := utf16.Encode([]rune(s)), utf16.Encode([]rune(sub))
	if start < 0 {
		start = 0
	}
	for i := int(start); i+len(su) <= len(u); i++ {
		if slices.Equal(u[i:i+len(su)], su) {
			return sIntVal(int64(i)), nil
		}
	}
	return sNullVal, nil
}

func fnSubstring(a []sval, _ bool) (sval, error) {
	if a[0].k == sNull {
		return sNullVal, nil
	}
	if err := needString(a[0]); err != nil {
		return sNullVal, err
	}
	if a[1].k == sNull {
		return a[0], nil
	}
	if err := needNumber(a[1]); err != nil {
		return sNullVal, err
	}
	u := utf16.Encode([]rune(a[0].s))
	n := int64(len(u))
	start, end := javaInt(a[1]), n
	if len(a) > 2 && a[2].k != sNull {
		if err := needNumber(a[2]); err != nil {
			return sNullVal, err
		}
		end = javaInt(a[2])
	}
	if n == 0 {
		return a[0], nil
	}
	// Python slice semantics (StringUtils.substringSlice).
	if start < 0 {
		start += n
	}
	if start < 0 {
		start = 0
	}
	if end < 0 {
		end += n
	}
	if end < 0 {
		end = 0
	} else if end > n {
		end = n
	}
	if start >= end {
		return sString(""), nil
	}
	return sString(string(utf16.Decode(u[start:end]))), nil
}

func fnBetween(a []sval, ci bool) (sval, error) {
	for _, v := range a[:3] {
		if v.k != sNull {
			if err := needString(v); err != nil {
				return sNullVal, err
			}
		}
	}
	if a[0].k == sNull {
		return sNullVal, nil
	}
	if a[1].k == sNull || a[2].k == sNull {
		return sNullVal, throw("A string/char is required; received [null]")
	}
	greedy := len(a) > 3 && a[3].k == sBool && a[3].b
	str, left, right := a[0].s, a[1].s, a[2].s
	if str == "" || left == "" || right == "" {
		return a[0], nil
	}
	orig := utf16.Encode([]rune(str))
	if ci {
		str, left, right = javaLower(str), javaLower(left), javaLower(right)
	}
	m, l, r := utf16.Encode([]rune(str)), utf16.Encode([]rune(left)), utf16.Encode([]rune(right))
	idx := indexUnits(m, l, 0)
	if idx < 0 {
		return sString(""), nil
	}
	start := idx + len(l)
	if greedy {
		idx = lastIndexUnits(m, r)
	} else {
		idx = indexUnits(m, r, start)
	}
	if idx < 0 {
		return sString(""), nil
	}
	if start > idx || idx > len(orig) {
		return sNullVal, throw("begin %d, end %d, length %d", start, idx, len(orig))
	}
	return sString(string(utf16.Decode(orig[start:idx]))), nil
}

func indexUnits(s, sub []uint16, from int) int {
	for i := max(from, 0); i+len(sub) <= len(s); i++ {
		if slices.Equal(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}

func lastIndexUnits(s, sub []uint16) int {
	for i := len(s) - len(sub); i >= 0; i-- {
		if slices.Equal(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}

func fnNumber(a []sval, _ bool) (sval, error) {
	if a[0].k == sNull {
		return sNullVal, nil
	}
	if err := needString(a[0]); err != nil {
		return sNullVal, err
	}
	s := a[0].s
	hex := strings.HasPrefix(s, "0x")
	radix := int64(10)
	if hex {
		radix = 16
	}
	if len(a) > 1 && a[1].k != sNull {
		if a[1].k != sInt {
			return sNullVal, throw("An integer base is required; received [%s]", a[1].javaString())
		}
		radix = a[1].n
	}
	if hex && radix == 16 {
		s = s[2:]
	}
	fail := throw("Unable to convert [%s] to number of base [%d]", s, radix)
	if radix == 10 {
		if n, ok := javaParseLong(s, 10); ok {
			return sLongVal(n), nil
		}
		if x, ok := javaParseDouble(s); ok {
			return sDoubleVal(x), nil
		}
		return sNullVal, fail
	}
	if radix < 2 || radix > 36 {
		return sNullVal, fail
	}
	if n, ok := javaParseLong(s, int(radix)); ok {
		return sLongVal(n), nil
	}
	return sNullVal, fail
}

// javaParseLong is Long.parseLong: an optional sign then digits of the
// radix, nothing else.
func javaParseLong(s string, radix int) (int64, bool) {
	body := strings.TrimLeft(s, "+-")
	if body == "" || len(s)-len(body) > 1 || strings.ContainsAny(body, "_") {
		return 0, false
	}
	n, err := strconv.ParseInt(s, radix, 64)
	return n, err == nil
}

// javaParseDouble is Double.valueOf for the decimal forms: surrounding
// white space (<= U+0020) trimmed, an optional f/F/d/D suffix, NaN and
// Infinity with a sign.
func javaParseDouble(s string) (float64, bool) {
	s = strings.TrimFunc(s, func(r rune) bool { return r <= ' ' })
	body := strings.TrimLeft(s, "+-")
	if len(s)-len(body) > 1 {
		return 0, false
	}
	neg := strings.HasPrefix(s, "-")
	switch body {
	case "NaN":
		return math.NaN(), true
	case "Infinity":
		if neg {
			return math.Inf(-1), true
		}
		return math.Inf(1), true
	}
	if n := len(s); n > 0 && strings.ContainsRune("fFdD", rune(s[n-1])) {
		s = s[:n-1]
	}
	if s == "" || !javaNumberSyntax(s) && !javaNumberSyntax(s+"0") {
		return 0, false
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, false
	}
	return x, true
}

func fnCIDRMatch(a []sval, _ bool) (sval, error) {
	if a[0].k == sNull {
		return sNullVal, nil
	}
	if err := needString(a[0]); err != nil {
		return sNullVal, err
	}
	ip, err := netip.ParseAddr(a[0].s)
	if err != nil {
		return sNullVal, throw("'%s' is not an IP string literal.", a[0].s)
	}
	for _, b := range a[1:] {
		if b.k != sStr {
			continue
		}
		p, err := parseCIDR(b.s)
		if err != nil {
			return sNullVal, throw("%v", err)
		}
		if p.Contains(to16(ip)) {
			return sBoolean(true), nil
		}
	}
	return sBoolean(false), nil
}

// parseCIDR reads an address or a CIDR block into the 16-byte encoding.
func parseCIDR(s string) (netip.Prefix, error) {
	if a, err := netip.ParseAddr(s); err == nil && a.Zone() == "" {
		return netip.PrefixFrom(to16(a), 128), nil
	}
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("%q is not an IP address or CIDR block", s)
	}
	return prefix16(p), nil
}

// javaLower is String.toLowerCase(Locale.ROOT): Unicode lower case,
// including the special cases Java applies whatever the locale (İ becomes
// i + combining dot above, a final Σ becomes ς).
func javaLower(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return unicode.ToLower(r) != r }) {
		return s
	}
	var b strings.Builder
	rs := []rune(s)
	for i, r := range rs {
		switch {
		case r == 0x130:
			b.WriteString("i\u0307")
		case r == 0x3A3 && finalSigma(rs, i):
			b.WriteRune(0x3C2)
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// finalSigma is Unicode's Final_Sigma condition, simplified: preceded by a
// letter and not followed by one.
func finalSigma(rs []rune, i int) bool {
	return i > 0 && unicode.IsLetter(rs[i-1]) && (i+1 == len(rs) || !unicode.IsLetter(rs[i+1]))
}

// javaDouble is Java's Double.toString: decimal notation with at least one
// digit after the point for 1e-3 <= |x| < 1e7, computerized scientific
// notation (1.0E10) otherwise, shortest digits that read back exactly.
func javaDouble(x float64) string {
	switch {
	case math.IsNaN(x):
		return "NaN"
	case math.IsInf(x, 1):
		return "Infinity"
	case math.IsInf(x, -1):
		return "-Infinity"
	case x == 0:
		if math.Signbit(x) {
			return "-0.0"
		}
		return "0.0"
	}
	a := math.Abs(x)
	if a >= 1e-3 && a < 1e7 {
		s := strconv.FormatFloat(x, 'f', -1, 64)
		if !strings.Contains(s, ".") {
			s += ".0"
		}
		return s
	}
	s := strconv.FormatFloat(x, 'e', -1, 64) // d.ddde±XX
	mant, exp, _ := strings.Cut(s, "e")
	if !strings.Contains(mant, ".") {
		mant += ".0"
	}
	e, _ := strconv.Atoi(exp)
	return mant + "E" + strconv.Itoa(e)
}
