package translate

import (
	"strings"

	"github.com/eql2falco/eql2falco/elastic/eql"
)

// tri is a three-valued truth value.
type tri int8

const (
	unknown tri = iota
	yes
	no
)

func triOf(b bool) tri {
	if b {
		return yes
	}
	return no
}

// fieldState is what is known about a field: nothing (!known), that it is
// missing (known, !present), that it has some value (present, values nil),
// or its values.
type fieldState struct {
	known, present bool
	values         []string
}

// env gives what is known about fields.
type env func(name string) fieldState

// partialEval evaluates an EQL condition with Elasticsearch's semantics
// where the fields it tests are known, and Kleene's logic elsewhere: a leaf
// on an unknown field, and any leaf this evaluator does not model (regex,
// functions, numbers), is unknown. Unknown is always the safe answer.
func partialEval(e eql.Expr, known env) tri {
	switch e := e.(type) {
	case *eql.And:
		out := yes
		for _, t := range e.Terms {
			switch partialEval(t, known) {
			case no:
				return no
			case unknown:
				out = unknown
			}
		}
		return out
	case *eql.Or:
		out := no
		for _, t := range e.Terms {
			switch partialEval(t, known) {
			case yes:
				return yes
			case unknown:
				out = unknown
			}
		}
		return out
	case *eql.Not:
		switch partialEval(e.X, known) {
		case yes:
			return no
		case no:
			return yes
		}
		return unknown
	case *eql.Bool:
		return triOf(e.Value)
	}
	st, ok := leafField(e, known)
	if !ok || !st.known {
		return unknown
	}
	values := st.values
	// A leaf holds when some value satisfies it (never on a missing field),
	// except the null tests.
	some := func(pred func(string) tri) tri {
		if st.present && values == nil {
			return unknown
		}
		out := no
		for _, v := range values {
			switch pred(v) {
			case yes:
				return yes
			case unknown:
				out = unknown
			}
		}
		return out
	}
	switch e := e.(type) {
	case *eql.Comparison:
		switch r := e.Right.(type) {
		case *eql.Null:
			switch e.Op {
			case eql.OpEq:
				return triOf(!st.present)
			case eql.OpNeq:
				return triOf(st.present)
			}
		case *eql.String:
			eq := some(func(v string) tri { return triOf(v == r.Value) })
			switch e.Op {
			case eql.OpEq:
				return eq
			case eql.OpNeq:
				return partialNot(eq)
			}
		}
	case *eql.In:
		return some(func(v string) tri {
			out := no
			for _, x := range e.Values {
				s, isStr := x.(*eql.String)
				if !isStr {
					out = unknown
					continue
				}
				if v == s.Value || e.Insensitive && lowerASCII(v) == lowerASCII(s.Value) {
					return yes
				}
			}
			return out
		})
	case *eql.Match:
		if e.Op.Regex() {
			return unknown
		}
		for _, x := range e.Patterns {
			if s, isStr := x.(*eql.String); isStr && s.Value != "" && strings.Trim(s.Value, "*") == "" {
				return triOf(st.present) // "*": any value
			}
		}
		return some(func(v string) tri {
			out := no
			for _, x := range e.Patterns {
				s, isStr := x.(*eql.String)
				if !isStr {
					out = unknown
					continue
				}
				var match bool
				if e.Op == eql.OpLike && !hasWildcard(s.Value) {
					match = v == s.Value
				} else {
					match = wildcardMatch(s.Value, v, e.Op.Insensitive())
				}
				if match {
					return yes
				}
			}
			return out
		})
	}
	return unknown
}

func partialNot(t tri) tri {
	switch t {
	case yes:
		return no
	case no:
		return yes
	}
	return unknown
}

// leafField returns what is known of the field a leaf tests.
func leafField(e eql.Expr, known env) (fieldState, bool) {
	var x eql.Expr
	switch e := e.(type) {
	case *eql.Comparison:
		x = e.Left
	case *eql.In:
		x = e.X
	case *eql.Match:
		x = e.X
	default:
		return fieldState{}, false
	}
	f, ok := x.(*eql.Field)
	if !ok {
		return fieldState{}, false
	}
	return known(f.Name), true
}

// fieldValues is an env with the given fields known (a nil or empty slice:
// missing) and every other field unknown.
func fieldValues(m map[string][]string) env {
	return func(name string) fieldState {
		v, ok := m[name]
		return fieldState{known: ok, present: len(v) > 0, values: v}
	}
}

// fieldPresent is an env where one field has some unknown value.
func fieldPresent(name string) env {
	return func(n string) fieldState {
		return fieldState{known: n == name, present: n == name}
	}
}
