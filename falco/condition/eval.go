package condition

import (
	"strings"
	"sync"
	"unsafe"
)

// Provider extracts field values for one event.
//
// Extract returns the value of a field and true, or false when the field has
// no value for this event (field not applicable, plugin error, empty list).
// A check on a field with no value is false whatever the operator, including
// != and exists; "not" of such a check is therefore true, as in libsinsp.
//
// Strings must not contain NUL bytes: Falco's values are C strings, which
// end at the first NUL. Numbers are given in Value.Num (a signed value as its two's
// complement, a bool as 0 or 1) and compared at the field type's width.
type Provider interface {
	Extract(f *FieldRef) (Value, bool)
}

// Value is an extracted value. Which member is read depends on the field:
// Str for a string, Num for a number or bool, Strs or Nums for a list field
// (and for an ancestor field used without argument, one entry per ancestor).
type Value struct {
	Str  string
	Num  uint64
	Strs []string
	Nums []uint64
}

// Convenience constructors for providers.

// Str returns a string value.
func Str(s string) Value { return Value{Str: s} }

// Uint returns an unsigned number value.
func Uint(n uint64) Value { return Value{Num: n} }

// Int returns a signed number value.
func Int(n int64) Value { return Value{Num: uint64(n)} }

// Bool returns a bool value.
func Bool(b bool) Value {
	if b {
		return Value{Num: 1}
	}
	return Value{}
}

// Strs returns a string list value.
func Strs(s ...string) Value { return Value{Strs: s} }

// Nums returns a number list value.
func Nums(n ...uint64) Value { return Value{Nums: n} }

// scratch holds transformer output for one evaluation.
type scratch struct {
	buf  []byte
	strs []string
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// Eval evaluates the program on the event described by p.
func (prog *Program) Eval(p Provider) bool {
	s := scratchPool.Get().(*scratch)
	s.buf, s.strs = s.buf[:0], s.strs[:0]
	r := evalNode(prog.root, p, s)
	scratchPool.Put(s)
	return r
}

func evalNode(n *cnode, p Provider, s *scratch) bool {
	switch n.kind {
	case kAnd:
		for _, k := range n.kids {
			if !evalNode(k, p, s) {
				return false
			}
		}
		return true
	case kOr:
		for _, k := range n.kids {
			if evalNode(k, p, s) {
				return true
			}
		}
		return false
	case kNot:
		return !evalNode(n.kids[0], p, s)
	}
	return n.chk.eval(p, s)
}

// extract gets an operand's value after its transformers; ok is false for
// "no value" (including an empty list).
func (o *coperand) extract(p Provider, s *scratch) (v Value, ok bool) {
	if v, ok = p.Extract(o.ref); !ok {
		return Value{}, false
	}
	if o.multi && (o.typ0 == TypeString && len(v.Strs) == 0 || o.typ0 != TypeString && len(v.Nums) == 0) {
		return Value{}, false
	}
	if len(o.xf) > 0 {
		o.transform(&v, s)
	}
	return v, true
}

func (o *coperand) transform(v *Value, s *scratch) {
	list := o.ref.Info.IsList
	for _, x := range o.xf {
		switch {
		case x == xLen && list && o.typ0 == TypeString:
			*v = Value{Num: uint64(len(v.Strs))}
			list = false
		case x == xLen && list:
			*v = Value{Num: uint64(len(v.Nums))}
			list = false
		case x == xLen:
			*v = Value{Num: uint64(len(cstring(v.Str)))}
		case list:
			start := len(s.strs)
			for _, e := range v.Strs {
				s.strs = append(s.strs, s.transform(x, e))
			}
			v.Strs = s.strs[start:len(s.strs):len(s.strs)]
		default:
			v.Str = s.transform(x, v.Str)
		}
	}
}

// cstring is a string as C reads it: up to the first NUL byte.
func cstring(s string) string {
	if i := strings.IndexByte(s, 0); i >= 0 {
		return s[:i]
	}
	return s
}

// transform applies a string transformer, writing into the scratch buffer.
func (s *scratch) transform(x xform, in string) string {
	if x == xBasename {
		if i := strings.LastIndexByte(in, '/'); i >= 0 {
			return in[i+1:]
		}
		return in
	}
	start := len(s.buf)
	for i := 0; i < len(in); i++ {
		c := in[i]
		switch {
		case x == xToLower && c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		case x == xToUpper && c >= 'a' && c <= 'z':
			c -= 'a' - 'A'
		}
		s.buf = append(s.buf, c)
	}
	if len(s.buf) == start {
		return ""
	}
	return unsafe.String(&s.buf[start], len(s.buf)-start)
}

func (c *ccheck) eval(p Provider, s *scratch) bool {
	lv, ok := c.lhs.extract(p, s)
	if !ok {
		return false
	}
	if c.cmp == cExists {
		return true
	}
	if c.rhs != nil {
		rv, ok := c.rhs.extract(p, s)
		if !ok {
			return false
		}
		return c.compareField(lv, rv)
	}
	typ := c.lhs.typ
	if c.lhs.list {
		// in: every element is in the set; intersects: at least one is.
		if c.lhs.nulLen {
			return false // no element is ever found (see coperand.nulLen)
		}
		if typ == TypeString {
			for _, e := range lv.Strs {
				in := c.inSet(e)
				if in == (c.cmp == cIntersects) {
					return in
				}
			}
		} else {
			for _, e := range lv.Nums {
				_, in := c.numSet[normalize(typ, e)]
				if in == (c.cmp == cIntersects) {
					return in
				}
			}
		}
		return c.cmp == cIn
	}
	if c.lhs.any {
		if typ == TypeString {
			for _, e := range lv.Strs {
				if c.scalarStr(e) {
					return true
				}
			}
		} else {
			for _, e := range lv.Nums {
				if c.scalarNum(normalize(typ, e)) {
					return true
				}
			}
		}
		return false
	}
	if typ == TypeString {
		return c.scalarStr(lv.Str)
	}
	return c.scalarNum(normalize(typ, lv.Num))
}

// compareField compares with the values of a right-hand side field; types
// and list-ness are equal (checked at compile time).
func (c *ccheck) compareField(lv, rv Value) bool {
	typ := c.lhs.typ
	if c.lhs.list {
		if typ == TypeString {
			for _, e := range lv.Strs {
				in := containsStr(rv.Strs, e)
				if in == (c.cmp == cIntersects) {
					return in
				}
			}
		} else {
			for _, e := range lv.Nums {
				in := containsNum(rv.Nums, e, typ)
				if in == (c.cmp == cIntersects) {
					return in
				}
			}
		}
		return c.cmp == cIn
	}
	if typ == TypeString {
		return compareStr(c.cmp, lv.Str, rv.Str)
	}
	return compareNum(c.cmp, typ, normalize(typ, lv.Num), normalize(typ, rv.Num))
}

func containsStr(set []string, v string) bool {
	for _, e := range set {
		if e == v {
			return true
		}
	}
	return false
}

func containsNum(set []uint64, v uint64, t Type) bool {
	for _, e := range set {
		if normalize(t, e) == normalize(t, v) {
			return true
		}
	}
	return false
}

// inSet reports whether v is one of the constant strings.
func (c *ccheck) inSet(v string) bool {
	if len(v) < c.minLen || len(v) > c.maxLen {
		return false
	}
	_, ok := c.strSet[v]
	return ok
}

func (c *ccheck) scalarStr(v string) bool {
	if c.mod != ModNone {
		return c.modStr(v)
	}
	switch c.cmp {
	case cIn, cIntersects:
		return c.inSet(v)
	case cPMatch:
		return c.pm.match(v)
	case cRegex:
		return c.res[0].MatchString(v)
	}
	return compareStr(c.cmp, v, c.strs[0])
}

func (c *ccheck) scalarNum(v uint64) bool {
	if c.mod != ModNone {
		return c.modNum(v)
	}
	switch c.cmp {
	case cIn, cIntersects:
		_, ok := c.numSet[v]
		return ok
	}
	return compareNum(c.cmp, c.lhs.typ, v, c.nums[0])
}

// modStr implements the oneof/anyof/allof modifiers of Falco 0.44.
func (c *ccheck) modStr(v string) bool {
	n := len(c.strs)
	if n == 0 {
		return false
	}
	switch {
	case c.mod == ModAnyOf && c.cmp == cEq:
		return c.inSet(v)
	case c.mod == ModAllOf && c.cmp == cNe:
		return !c.inSet(v)
	}
	matches := 0
	for i, r := range c.strs {
		var m bool
		if c.cmp == cRegex {
			m = c.res[i].MatchString(v)
		} else {
			m = compareStr(c.cmp, v, r)
		}
		if m {
			matches++
		}
		switch c.mod {
		case ModAnyOf:
			if m {
				return true
			}
		case ModAllOf:
			if !m {
				return false
			}
		case ModOneOf:
			if matches > 1 {
				return false
			}
		}
	}
	switch c.mod {
	case ModAnyOf:
		return false
	case ModAllOf:
		return true
	}
	return matches == 1
}

func (c *ccheck) modNum(v uint64) bool {
	n := len(c.nums)
	if n == 0 {
		return false
	}
	switch {
	case c.mod == ModAnyOf && c.cmp == cEq:
		_, ok := c.numSet[v]
		return ok
	case c.mod == ModAllOf && c.cmp == cNe:
		_, ok := c.numSet[v]
		return !ok
	}
	matches := 0
	for _, r := range c.nums {
		if compareNum(c.cmp, c.lhs.typ, v, r) {
			matches++
			if c.mod == ModAnyOf {
				return true
			}
		} else if c.mod == ModAllOf {
			return false
		}
	}
	switch c.mod {
	case ModAnyOf:
		return false
	case ModAllOf:
		return true
	}
	return matches == 1
}

// compareStr is libsinsp's flt_compare_string: a is the field's value, b the
// constant (the pattern for glob).
func compareStr(cmp cmpKind, a, b string) bool {
	switch cmp {
	case cEq, cIn, cIntersects:
		return a == b
	case cNe:
		return a != b
	case cContains:
		return strings.Contains(a, b)
	case cIContains:
		return containsFold(a, b)
	case cStartsWith:
		return strings.HasPrefix(a, b)
	case cEndsWith:
		return strings.HasSuffix(a, b)
	case cGlob:
		return Glob(b, a, false)
	case cIGlob:
		return Glob(b, a, true)
	case cLt:
		return a < b
	case cLe:
		return a <= b
	case cGt:
		return a > b
	case cGe:
		return a >= b
	}
	return false
}

// compareNum compares numbers of type t (both normalized).
func compareNum(cmp cmpKind, t Type, a, b uint64) bool {
	switch cmp {
	case cEq, cIn, cIntersects:
		return a == b
	case cNe:
		return a != b
	}
	if t.signed() {
		x, y := int64(a), int64(b)
		switch cmp {
		case cLt:
			return x < y
		case cLe:
			return x <= y
		case cGt:
			return x > y
		case cGe:
			return x >= y
		}
		return false
	}
	switch cmp {
	case cLt:
		return a < b
	case cLe:
		return a <= b
	case cGt:
		return a > b
	case cGe:
		return a >= b
	}
	return false
}

// containsFold is strcasestr in the C locale: ASCII case folding only.
func containsFold(s, sub string) bool {
	n := len(sub)
	if n == 0 {
		return true
	}
	for i := 0; i+n <= len(s); i++ {
		if equalFoldASCII(s[i:i+n], sub) {
			return true
		}
	}
	return false
}

func equalFoldASCII(a, b string) bool {
	for i := 0; i < len(a); i++ {
		if lowerASCII(a[i]) != lowerASCII(b[i]) {
			return false
		}
	}
	return true
}

func lowerASCII(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
