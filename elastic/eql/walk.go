package eql

import (
	"slices"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// Inspect traverses the tree in source order: it calls f(n), and when f
// returns true, inspects each child of n. Nil children are skipped.
func Inspect(n Node, f func(Node) bool) {
	if n == nil || !f(n) {
		return
	}
	each := func(xs []Expr) {
		for _, x := range xs {
			Inspect(x, f)
		}
	}
	switch n := n.(type) {
	case *Query:
		Inspect(n.Body, f)
		for _, p := range n.Pipes {
			Inspect(p, f)
		}
	case *EventQuery:
		Inspect(n.Where, f)
	case *Sequence:
		each(n.By)
		if n.MaxSpan != nil {
			Inspect(n.MaxSpan, f)
		}
		for _, t := range n.Terms {
			Inspect(t, f)
		}
		if n.Until != nil {
			Inspect(n.Until, f)
		}
	case *Sample:
		each(n.By)
		for _, t := range n.Terms {
			Inspect(t, f)
		}
	case *SeqTerm:
		Inspect(n.Query, f)
		each(n.By)
	case *And:
		each(n.Terms)
	case *Or:
		each(n.Terms)
	case *Not:
		Inspect(n.X, f)
	case *Comparison:
		Inspect(n.Left, f)
		Inspect(n.Right, f)
	case *In:
		Inspect(n.X, f)
		each(n.Values)
	case *Match:
		Inspect(n.X, f)
		each(n.Patterns)
	case *Call:
		each(n.Args)
	case *Arith:
		Inspect(n.Left, f)
		Inspect(n.Right, f)
	case *Neg:
		Inspect(n.X, f)
	}
}

// CmpOptions returns the go-cmp options under which two trees are the same
// query: spans and the as-written function name (Call.Written) are ignored.
func CmpOptions() cmp.Options {
	return cmp.Options{
		cmpopts.IgnoreTypes(Span{}),
		cmpopts.IgnoreFields(Call{}, "Written"),
		cmpopts.EquateEmpty(),
	}
}

// Equal reports whether two trees are the same query, ignoring positions
// and spelling that the canonical form normalises: it agrees with go-cmp
// under CmpOptions, much faster.
func Equal(a, b Node) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	switch a := a.(type) {
	case *Query:
		b, ok := b.(*Query)
		if !ok || !sameNodes(a.Pipes, b.Pipes) {
			return false
		}
		return Equal(a.Body, b.Body)
	case *EventQuery:
		b, ok := b.(*EventQuery)
		return ok && a.Category == b.Category && a.Any == b.Any && Equal(a.Where, b.Where)
	case *Sequence:
		b, ok := b.(*Sequence)
		return ok && sameNodes(a.By, b.By) && sameOpt(a.MaxSpan, b.MaxSpan) && sameNodes(a.Terms, b.Terms) && sameOpt(a.Until, b.Until)
	case *Sample:
		b, ok := b.(*Sample)
		return ok && sameNodes(a.By, b.By) && sameNodes(a.Terms, b.Terms)
	case *SeqTerm:
		b, ok := b.(*SeqTerm)
		return ok && a.Runs == b.Runs && a.Missing == b.Missing && Equal(a.Query, b.Query) && sameNodes(a.By, b.By)
	case *Duration:
		b, ok := b.(*Duration)
		return ok && a.Value == b.Value && a.Unit == b.Unit
	case *Pipe:
		b, ok := b.(*Pipe)
		return ok && a.Name == b.Name && a.Count == b.Count
	case *And:
		b, ok := b.(*And)
		return ok && sameNodes(a.Terms, b.Terms)
	case *Or:
		b, ok := b.(*Or)
		return ok && sameNodes(a.Terms, b.Terms)
	case *Not:
		b, ok := b.(*Not)
		return ok && Equal(a.X, b.X)
	case *Comparison:
		b, ok := b.(*Comparison)
		return ok && a.Op == b.Op && Equal(a.Left, b.Left) && Equal(a.Right, b.Right)
	case *In:
		b, ok := b.(*In)
		return ok && a.Insensitive == b.Insensitive && Equal(a.X, b.X) && sameNodes(a.Values, b.Values)
	case *Match:
		b, ok := b.(*Match)
		return ok && a.Op == b.Op && Equal(a.X, b.X) && sameNodes(a.Patterns, b.Patterns)
	case *Call:
		b, ok := b.(*Call)
		return ok && a.Name == b.Name && a.Insensitive == b.Insensitive && sameNodes(a.Args, b.Args)
	case *Arith:
		b, ok := b.(*Arith)
		return ok && a.Op == b.Op && Equal(a.Left, b.Left) && Equal(a.Right, b.Right)
	case *Neg:
		b, ok := b.(*Neg)
		return ok && Equal(a.X, b.X)
	case *Field:
		b, ok := b.(*Field)
		return ok && a.Name == b.Name && a.Optional == b.Optional && slices.Equal(a.Parts, b.Parts)
	case *String:
		b, ok := b.(*String)
		return ok && a.Value == b.Value && a.Raw == b.Raw
	case *Number:
		b, ok := b.(*Number)
		return ok && a.IsFloat == b.IsFloat && a.Int == b.Int && a.Float == b.Float
	case *Bool:
		b, ok := b.(*Bool)
		return ok && a.Value == b.Value
	case *Null:
		_, ok := b.(*Null)
		return ok
	}
	return false
}

// sameOpt compares optional parts, which may be nil pointers.
func sameOpt[P interface {
	*Duration | *SeqTerm
	Node
}](a, b P) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return Equal(a, b)
}

func sameNodes[T Node](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !Equal(a[i], b[i]) {
			return false
		}
	}
	return true
}

// Diff returns a human-readable difference between two trees ("" when Equal).
func Diff(a, b Node) string { return cmp.Diff(a, b, CmpOptions()...) }
