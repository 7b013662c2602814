package translate

import (
	"fmt"

	"github.com/eql2falco/eql2falco/elastic/eql"
)

// contradiction finds why a condition can never hold, though no part of it
// is constant: two of its conjuncts negate each other (a == "x" and a !=
// "x", on any field), or it needs a single-valued field to take one of a few
// values (a == "x", a in ("x", "y"), a == null) and is false, whatever the
// other fields hold, with each of them (a == "x" and a == "y"). It returns
// why, and a hint. Unknown is the safe answer: ok false.
func contradiction(e eql.Expr) (why, hint string, ok bool) {
	terms := []eql.Expr{e}
	if and, isAnd := e.(*eql.And); isAnd {
		terms = and.Terms
	}
	for i, a := range terms {
		for _, b := range terms[i+1:] {
			if negates(a, b) || negates(b, a) {
				return fmt.Sprintf("it needs both %s and its negation", eql.Format(a)), "remove one of the two tests", true
			}
		}
	}
	for _, t := range terms {
		name, worlds, ok := candidates(t)
		if !ok {
			continue
		}
		if f, mapped := lookupField(name); !mapped || !f.isString() || f.List {
			continue // a list field may hold several of the values at once
		}
		never := true
		for _, w := range worlds {
			if partialEval(e, fieldValues(map[string][]string{name: w})) != no {
				never = false
				break
			}
		}
		if never {
			return fmt.Sprintf("no value of %s satisfies it", name),
				fmt.Sprintf("a document has one %s: the tests of it joined by and exclude each other", name), true
		}
	}
	return "", "", false
}

// negates reports whether b is "not a": not (a), or a != v for a == v.
func negates(a, b eql.Expr) bool {
	if n, ok := b.(*eql.Not); ok {
		return eql.Format(n.X) == eql.Format(a)
	}
	ca, okA := a.(*eql.Comparison)
	cb, okB := b.(*eql.Comparison)
	return okA && okB && ca.Op == eql.OpEq && cb.Op == eql.OpNeq &&
		eql.Format(ca.Left) == eql.Format(cb.Left) && eql.Format(ca.Right) == eql.Format(cb.Right)
}

// candidates returns, for a leaf that allows only some exact values of a
// field, the field and its possible values, one world each (nil: missing).
func candidates(t eql.Expr) (string, [][]string, bool) {
	switch t := t.(type) {
	case *eql.Comparison:
		f, ok := t.Left.(*eql.Field)
		if !ok || t.Op != eql.OpEq {
			return "", nil, false
		}
		switch r := t.Right.(type) {
		case *eql.String:
			return f.Name, [][]string{{r.Value}}, true
		case *eql.Null:
			return f.Name, [][]string{nil}, true
		}
	case *eql.In:
		f, ok := t.X.(*eql.Field)
		if !ok || t.Insensitive {
			return "", nil, false
		}
		var worlds [][]string
		for _, v := range t.Values {
			s, isStr := v.(*eql.String)
			if !isStr {
				return "", nil, false
			}
			worlds = append(worlds, []string{s.Value})
		}
		return f.Name, worlds, true
	}
	return "", nil, false
}
