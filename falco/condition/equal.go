package condition

// Equal reports whether two conditions have the same structure and values,
// ignoring offsets.
func Equal(a, b Expr) bool {
	switch a := a.(type) {
	case *And:
		b, ok := b.(*And)
		return ok && equalExprs(a.Terms, b.Terms)
	case *Or:
		b, ok := b.(*Or)
		return ok && equalExprs(a.Terms, b.Terms)
	case *Not:
		b, ok := b.(*Not)
		return ok && Equal(a.X, b.X)
	case *Ident:
		b, ok := b.(*Ident)
		return ok && a.Name == b.Name
	case *Check:
		b, ok := b.(*Check)
		return ok && a.Op == b.Op && a.Mod == b.Mod &&
			EqualOperand(a.Field, b.Field) && EqualOperand(a.Value, b.Value)
	case nil:
		return b == nil
	}
	return false
}

func equalExprs(a, b []Expr) bool {
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

// EqualOperand is Equal for operands.
func EqualOperand(a, b Operand) bool {
	switch a := a.(type) {
	case *Field:
		b, ok := b.(*Field)
		return ok && a.Name == b.Name && a.HasArg == b.HasArg && a.Arg == b.Arg
	case *Transform:
		b, ok := b.(*Transform)
		return ok && a.Name == b.Name && a.HasArg == b.HasArg && a.Arg == b.Arg && equalOperands(a.Args, b.Args)
	case *Lit:
		b, ok := b.(*Lit)
		return ok && a.Text == b.Text
	case *List:
		b, ok := b.(*List)
		return ok && equalOperands(a.Items, b.Items)
	case *ListRef:
		b, ok := b.(*ListRef)
		return ok && a.Name == b.Name
	case *TList:
		b, ok := b.(*TList)
		return ok && equalOperands(a.Items, b.Items)
	case nil:
		return b == nil
	}
	return false
}

func equalOperands(a, b []Operand) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !EqualOperand(a[i], b[i]) {
			return false
		}
	}
	return true
}
