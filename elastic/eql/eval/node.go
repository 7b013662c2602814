package eval

import (
	"fmt"
	"math"
	"net/netip"
	"strconv"
	"strings"

	"github.com/eql2falco/eql2falco/diag"
	"github.com/eql2falco/eql2falco/elastic/ecsmapping"
	"github.com/eql2falco/eql2falco/elastic/eql"
)

// node is a compiled boolean expression: a bool query of Elasticsearch.
type node interface {
	eval(d *Document) (bool, error)
	explain(d *Document) *ExplainNode
}

// andNode is bool.must (and), orNode bool.should (or), notNode
// bool.must_not (not): classical two-valued logic over the leaves.
type andNode struct {
	src  eql.Expr
	kids []node
}

type orNode struct {
	src  eql.Expr
	kids []node
}

type notNode struct {
	src eql.Expr
	kid node
}

// constNode is a condition Elasticsearch folds at planning time: true,
// false, or null (which filters out every document, and stays null under
// not).
type constNode struct {
	src   eql.Expr
	value bool
	null  bool
	note  string
}

func (n *andNode) eval(d *Document) (bool, error) {
	for _, k := range n.kids {
		ok, err := k.eval(d)
		if err != nil || !ok {
			return false, err
		}
	}
	return true, nil
}

func (n *orNode) eval(d *Document) (bool, error) {
	for _, k := range n.kids {
		ok, err := k.eval(d)
		if err != nil || ok {
			return ok, err
		}
	}
	return false, nil
}

func (n *notNode) eval(d *Document) (bool, error) {
	ok, err := n.kid.eval(d)
	return !ok, err
}

func (n *constNode) eval(*Document) (bool, error) { return n.value, nil }

// fieldLeaf is a predicate on the values of one field: true iff at least one
// indexed value passes the test; a field without indexed values (absent,
// null, [], or only values over ignore_above) never passes.
type fieldLeaf struct {
	src   eql.Expr // the EQL predicate (for explanations and errors)
	field string
	test  valueTest
	desc  string                    // what the leaf does, as Elasticsearch runs it
	ok    [KindUnsupported + 1]bool // test.accept succeeds for values of that kind
}

// valueTest tests one indexed value. accept reports whether the test can run
// on values of kind k at all; Elasticsearch fails the query when it cannot
// (a term that does not parse as a number for a long field, a wildcard on
// an ip field, ...).
type valueTest interface {
	accept(k Kind, t FieldType) error
	str(s string) bool
	long(n int64) bool
	dbl(x float64, t FieldType) bool
	boolean(b bool) bool
	ip(a netip.Addr) bool
}

func (n *fieldLeaf) eval(d *Document) (bool, error) {
	f := d.fields[n.field]
	if f.count() == 0 {
		return false, nil
	}
	if _, exists := n.test.(existsTest); exists {
		return true, nil
	}
	if !n.ok[f.kind] {
		return false, n.runtimeErr(n.test.accept(f.kind, f.typ))
	}
	ok, _ := n.scan(f, false)
	return ok, nil
}

// scan tests the values of f: it stops at the first that passes, or with
// all collects every passing value, rendered (for explanations).
func (n *fieldLeaf) scan(f *field, all bool) (bool, []string) {
	var out []string
	hit := func(s func() string) bool {
		if all {
			out = append(out, s())
		}
		return !all
	}
	switch f.kind {
	case KindString:
		for _, s := range f.strs {
			if n.test.str(s) && hit(func() string { return s }) {
				return true, nil
			}
		}
	case KindLong:
		for _, v := range f.longs {
			if n.test.long(v) && hit(func() string { return strconv.FormatInt(v, 10) }) {
				return true, nil
			}
		}
	case KindDouble:
		for _, v := range f.doubles {
			if n.test.dbl(v, f.typ) && hit(func() string { return javaDouble(v) }) {
				return true, nil
			}
		}
	case KindBool:
		for _, v := range f.bools {
			if n.test.boolean(v) && hit(func() string { return strconv.FormatBool(v) }) {
				return true, nil
			}
		}
	case KindIP:
		for _, v := range f.ips {
			if n.test.ip(v) && hit(func() string { return v.Unmap().String() }) {
				return true, nil
			}
		}
	}
	return len(out) > 0, out
}

// representative types of each kind, to decide once whether a test can run
// on values of that kind.
var representative = [...]FieldType{
	KindString: {Type: ecsmapping.Keyword},
	KindLong:   {Type: ecsmapping.Long},
	KindDouble: {Type: ecsmapping.Double},
	KindBool:   {Type: ecsmapping.Boolean},
	KindIP:     {Type: ecsmapping.IP},
}

// prepare decides, for every kind of value, whether the test can run on it
// (so that evaluation does not convert the literals again).
func (n *fieldLeaf) prepare() {
	for k, t := range representative {
		if t.Type != "" {
			n.ok[k] = n.test.accept(Kind(k), t) == nil
		}
	}
}

// prepareNodes prepares every field leaf of a tree.
func prepareNodes(n node) {
	switch n := n.(type) {
	case *andNode:
		for _, k := range n.kids {
			prepareNodes(k)
		}
	case *orNode:
		for _, k := range n.kids {
			prepareNodes(k)
		}
	case *notNode:
		prepareNodes(n.kid)
	case *fieldLeaf:
		n.prepare()
	}
}

// CodeRuntime is the code of errors Elasticsearch would raise while running
// the query on a document (the whole search fails).
const CodeRuntime = "eval/runtime"

func (n *fieldLeaf) runtimeErr(err error) error {
	return diag.New(CodeRuntime, "%s: %v", eql.Format(n.src), err)
}

// kindErr is the error of a test that cannot run on values of a kind.
func kindErr(what string, t FieldType) error {
	return fmt.Errorf("%s cannot run on field values of type %s", what, t.Type)
}

// existsTest is the exists query (f != null); the missing check of
// fieldLeaf does all the work.
type existsTest struct{}

func (existsTest) accept(Kind, FieldType) error { return nil }
func (existsTest) str(string) bool              { return true }
func (existsTest) long(int64) bool              { return true }
func (existsTest) dbl(float64, FieldType) bool  { return true }
func (existsTest) boolean(bool) bool            { return true }
func (existsTest) ip(netip.Addr) bool           { return true }

// literal is a constant operand with the forms it takes for each kind of
// field, as Elasticsearch converts a query value to the field's type.
type literal struct {
	text string // as written (canonical EQL), for messages

	str   string // keyword term: a string as is, a number as Java prints it, true/false
	okStr bool

	num    float64 // numeric value
	numInt int64   // exact value when numIsInt
	okNum  bool
	isInt  bool // integral and within int64 (numInt is exact)
	numErr string

	b      bool
	okBool bool

	prefix netip.Prefix // an address (full-length prefix) or a CIDR block
	okIP   bool
	single bool // prefix is one address
}

// newLiteral converts a constant.
func newLiteral(e eql.Expr) *literal {
	l := &literal{text: eql.Format(e)}
	switch v := e.(type) {
	case *eql.String:
		l.str, l.okStr = v.Value, true
		l.setNumberFromString(v.Value)
		if v.Value == "true" || v.Value == "false" {
			l.b, l.okBool = v.Value == "true", true
		}
		if a, err := netip.ParseAddr(v.Value); err == nil && a.Zone() == "" {
			l.prefix, l.okIP, l.single = netip.PrefixFrom(to16(a), 128), true, true
		} else if p, err := netip.ParsePrefix(v.Value); err == nil {
			l.prefix, l.okIP = prefix16(p), true
		}
	case *eql.Number:
		l.okStr, l.okNum = true, true
		if v.IsFloat {
			l.str = javaDouble(v.Float)
			l.num = v.Float
			if v.Float == math.Trunc(v.Float) && math.Abs(v.Float) < 1<<63 {
				l.numInt, l.isInt = int64(v.Float), true
			}
		} else {
			l.str = strconv.FormatInt(v.Int, 10)
			l.num, l.numInt, l.isInt = float64(v.Int), v.Int, true
		}
	case *eql.Bool:
		l.str, l.okStr = strconv.FormatBool(v.Value), true
		l.b, l.okBool = v.Value, true
		l.numErr = "a boolean is not a number"
	}
	return l
}

func (l *literal) setNumberFromString(s string) {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		l.num, l.numInt, l.okNum, l.isInt = float64(n), n, true, true
		return
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || !javaNumberSyntax(s) || math.IsInf(x, 0) {
		l.numErr = fmt.Sprintf("%s is not a number", eql.Quote(s))
		return
	}
	l.num, l.okNum = x, true
	if x == math.Trunc(x) && math.Abs(x) < 1<<63 {
		l.numInt, l.isInt = int64(x), true
	}
}

// check reports whether the literal can be a query value for a field of
// type t, and why not.
func (l *literal) check(t FieldType) error {
	switch t.Kind() {
	case KindString:
		if !l.okStr {
			return fmt.Errorf("%s is not a string", l.text)
		}
	case KindLong, KindDouble:
		if !l.okNum {
			if l.numErr != "" {
				return fmt.Errorf("%s", l.numErr)
			}
			return fmt.Errorf("%s is not a number", l.text)
		}
	case KindBool:
		if !l.okBool {
			return fmt.Errorf("%s is not a boolean (true, false, \"true\" or \"false\")", l.text)
		}
	case KindIP:
		if !l.okIP {
			return fmt.Errorf("%s is not an IP address or CIDR block", l.text)
		}
	case KindUnsupported:
		return fmt.Errorf("fields of type %s are not supported", t.Type)
	}
	return nil
}

// roundFor rounds a numeric query value as Elasticsearch parses it for the
// field type (float fields hold 32-bit floats).
func roundFor(x float64, t FieldType) float64 {
	if t.Type == ecsmapping.Float {
		return float64(float32(x))
	}
	return x
}

// termTest is the term query (==, in, :, like without wildcards): exact
// equality with the value converted to the field's type; ci is
// case_insensitive (ASCII letters only), which Elasticsearch only allows on
// string fields.
type termTest struct {
	lit *literal
	ci  bool
}

func (t *termTest) accept(k Kind, ft FieldType) error {
	if t.ci && k != KindString {
		return kindErr("a case-insensitive term query", ft)
	}
	return t.lit.check(ft)
}

func (t *termTest) str(s string) bool {
	if t.ci {
		return equalFoldASCII(s, t.lit.str)
	}
	return s == t.lit.str
}

func (t *termTest) long(n int64) bool { return t.lit.isInt && n == t.lit.numInt }

func (t *termTest) dbl(x float64, ft FieldType) bool { return x == roundFor(t.lit.num, ft) }

func (t *termTest) boolean(b bool) bool { return b == t.lit.b }

func (t *termTest) ip(a netip.Addr) bool { return t.lit.prefix.Contains(a) }

// termsTest is the terms query (in): the value equals one of the literals.
// Strings are looked up in a set.
type termsTest struct {
	lits []*literal
	set  map[string]struct{}
}

func newTermsTest(lits []*literal) *termsTest {
	t := &termsTest{lits: lits, set: make(map[string]struct{}, len(lits))}
	for _, l := range lits {
		if l.okStr {
			t.set[l.str] = struct{}{}
		}
	}
	return t
}

func (t *termsTest) accept(k Kind, ft FieldType) error {
	for _, l := range t.lits {
		if err := l.check(ft); err != nil {
			return err
		}
	}
	return nil
}

func (t *termsTest) str(s string) bool {
	_, ok := t.set[s]
	return ok
}

func (t *termsTest) long(n int64) bool {
	for _, l := range t.lits {
		if l.isInt && l.numInt == n {
			return true
		}
	}
	return false
}

func (t *termsTest) dbl(x float64, ft FieldType) bool {
	for _, l := range t.lits {
		if x == roundFor(l.num, ft) {
			return true
		}
	}
	return false
}

func (t *termsTest) boolean(b bool) bool {
	for _, l := range t.lits {
		if l.b == b {
			return true
		}
	}
	return false
}

func (t *termsTest) ip(a netip.Addr) bool {
	for _, l := range t.lits {
		if l.prefix.Contains(a) {
			return true
		}
	}
	return false
}

// ciTermsTest is in~ and ":" with a list of plain strings: a bool.should of
// case-insensitive term queries. Strings are looked up folded.
type ciTermsTest struct {
	lits []*literal
	set  map[string]struct{}
}

func newCITermsTest(lits []*literal) *ciTermsTest {
	t := &ciTermsTest{lits: lits, set: make(map[string]struct{}, len(lits))}
	for _, l := range lits {
		t.set[foldASCII(l.str)] = struct{}{}
	}
	return t
}

func (t *ciTermsTest) accept(k Kind, ft FieldType) error {
	if k != KindString {
		return kindErr("a case-insensitive term query", ft)
	}
	return nil
}

func (t *ciTermsTest) str(s string) bool {
	var buf [128]byte
	if len(s) <= len(buf) {
		b := buf[:len(s)]
		for i := 0; i < len(s); i++ {
			b[i] = foldByte(s[i])
		}
		_, ok := t.set[string(b)]
		return ok
	}
	_, ok := t.set[foldASCII(s)]
	return ok
}

func (t *ciTermsTest) long(int64) bool             { return false }
func (t *ciTermsTest) dbl(float64, FieldType) bool { return false }
func (t *ciTermsTest) boolean(bool) bool           { return false }
func (t *ciTermsTest) ip(netip.Addr) bool          { return false }

// stringTest is a test that only runs on string fields (wildcard, regexp,
// prefix queries): Elasticsearch rejects them on other field types.
type stringTest struct {
	what  string
	match func(string) bool
}

func (t *stringTest) accept(k Kind, ft FieldType) error {
	if k != KindString {
		return kindErr(t.what, ft)
	}
	return nil
}

func (t *stringTest) str(s string) bool           { return t.match(s) }
func (t *stringTest) long(int64) bool             { return false }
func (t *stringTest) dbl(float64, FieldType) bool { return false }
func (t *stringTest) boolean(bool) bool           { return false }
func (t *stringTest) ip(netip.Addr) bool          { return false }

// stringOnly restricts a test to string fields.
type stringOnly struct {
	valueTest
	op string
}

func (t stringOnly) accept(k Kind, ft FieldType) error {
	if k != KindString {
		return kindErr(t.op, ft)
	}
	return t.valueTest.accept(k, ft)
}

// anyTest is a bool.should of several tests on the same field (":" and
// like with a list mixing wildcards and plain terms).
type anyTest []valueTest

func (t anyTest) accept(k Kind, ft FieldType) error {
	for _, x := range t {
		if err := x.accept(k, ft); err != nil {
			return err
		}
	}
	return nil
}

func (t anyTest) str(s string) bool {
	for _, x := range t {
		if x.str(s) {
			return true
		}
	}
	return false
}

func (t anyTest) long(n int64) bool {
	for _, x := range t {
		if x.long(n) {
			return true
		}
	}
	return false
}

func (t anyTest) dbl(v float64, ft FieldType) bool {
	for _, x := range t {
		if x.dbl(v, ft) {
			return true
		}
	}
	return false
}

func (t anyTest) boolean(b bool) bool {
	for _, x := range t {
		if x.boolean(b) {
			return true
		}
	}
	return false
}

func (t anyTest) ip(a netip.Addr) bool {
	for _, x := range t {
		if x.ip(a) {
			return true
		}
	}
	return false
}

// rangeTest is the range query (< <= > >=). Strings compare in term order
// (bytes of UTF-8), numbers as numbers, addresses as addresses.
type rangeTest struct {
	op  eql.CmpOp
	lit *literal
}

func (t *rangeTest) accept(k Kind, ft FieldType) error {
	switch k {
	case KindBool:
		return kindErr("a range query", ft)
	case KindIP:
		if !t.lit.okIP || !t.lit.single {
			return fmt.Errorf("%s is not an IP address", t.lit.text)
		}
		return nil
	}
	return t.lit.check(ft)
}

func (t *rangeTest) holds(c int) bool {
	switch t.op {
	case eql.OpLt:
		return c < 0
	case eql.OpLte:
		return c <= 0
	case eql.OpGt:
		return c > 0
	}
	return c >= 0
}

func (t *rangeTest) str(s string) bool { return t.holds(strings.Compare(s, t.lit.str)) }

func (t *rangeTest) long(n int64) bool {
	if t.lit.isInt {
		return t.holds(cmpInt(n, t.lit.numInt))
	}
	return t.holds(cmpFloat(float64(n), t.lit.num))
}

func (t *rangeTest) dbl(x float64, ft FieldType) bool {
	return t.holds(cmpFloat(x, roundFor(t.lit.num, ft)))
}

func (t *rangeTest) boolean(bool) bool { return false }

func (t *rangeTest) ip(a netip.Addr) bool {
	return t.holds(compareAddr(a, t.lit.prefix.Addr()))
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// compareAddr orders addresses as Elasticsearch's ip field does: by their
// 16-byte (IPv6, IPv4-mapped) encoding.
func compareAddr(a, b netip.Addr) int {
	x, y := a.As16(), b.As16()
	for i := range x {
		if x[i] != y[i] {
			if x[i] < y[i] {
				return -1
			}
			return 1
		}
	}
	return 0
}

// cidrTest is cidrMatch on an ip field: a terms query with CIDR blocks.
type cidrTest struct {
	blocks []netip.Prefix
}

func (t *cidrTest) accept(k Kind, ft FieldType) error {
	if k != KindIP {
		return kindErr("cidrMatch", ft)
	}
	return nil
}

func (t *cidrTest) str(string) bool             { return false }
func (t *cidrTest) long(int64) bool             { return false }
func (t *cidrTest) dbl(float64, FieldType) bool { return false }
func (t *cidrTest) boolean(bool) bool           { return false }

func (t *cidrTest) ip(a netip.Addr) bool {
	for _, b := range t.blocks {
		if b.Contains(a) {
			return true
		}
	}
	return false
}

// to16 puts an address in Elasticsearch's ip encoding: 16 bytes, IPv4 as
// IPv4-mapped IPv6.
func to16(a netip.Addr) netip.Addr { return netip.AddrFrom16(a.As16()) }

// prefix16 is a CIDR block in the 16-byte encoding.
func prefix16(p netip.Prefix) netip.Prefix {
	bits := p.Bits()
	if p.Addr().Is4() {
		bits += 96
	}
	return netip.PrefixFrom(to16(p.Addr()), bits).Masked()
}
