package condition

// Expr is a boolean node of a condition: *And, *Or, *Not, *Ident or *Check.
type Expr interface {
	// Pos is the byte offset of the node's first character in the parsed text
	// (0 for nodes built in code).
	Pos() int
	expr()
}

// Operand is a node on either side of a check: *Field, *Transform, *Lit,
// *List, *ListRef or *TList.
type Operand interface {
	Pos() int
	operand()
}

// And is a conjunction of two or more terms ("a and b and c").
type And struct {
	Terms  []Expr
	Offset int
}

// Or is a disjunction of two or more terms ("a or b or c").
type Or struct {
	Terms  []Expr
	Offset int
}

// Not negates X. libsinsp collapses "not not x" to x, so a Not whose X is a
// Not only arises from "not (not x)".
type Not struct {
	X      Expr
	Offset int
}

// Ident is a bare identifier used as a condition: in Falco rules, a reference
// to a macro.
type Ident struct {
	Name   string
	Offset int
}

// Check compares a field with a value: "Field Op [Mod] Value". For the unary
// operator exists, Value is nil.
//
// Field is a *Field or a *Transform. Value is:
//   - a *Lit for the numeric and string operators;
//   - a *List, a *ListRef or a *Lit holding an identifier for in, intersects,
//     pmatch and for modifiers (libsinsp reads "f in x" as "f in (x)");
//   - a *Transform (including val(field)) to compare with another field.
type Check struct {
	Field  Operand
	Op     Op
	Mod    Modifier
	Value  Operand
	Offset int
}

// Field is a field reference such as proc.name or proc.aname[2].
type Field struct {
	Name   string
	Arg    string // argument between brackets, when HasArg
	HasArg bool
	Offset int
}

// Transform applies a field transformer: tolower(proc.name), len(ecs.process.args),
// or val(proc.pname) on the right of a check. Args holds *Field, *Transform, *Lit
// (numbers and quoted strings) and *TList nodes; before Falco 0.44 a
// transformer takes exactly one field or transformer.
type Transform struct {
	Name   string // tolower, toupper, b64, basename, len, join, concat, getopt, val
	Args   []Operand
	Arg    string // Falco 0.44: argument after the closing parenthesis, when HasArg
	HasArg bool
	Offset int
}

// Lit is a constant string. Its text is the value after unquoting.
type Lit struct {
	Text   string
	Offset int
}

// List is a parenthesised value list: (a, "b c", some_list). Items are *Lit or
// *ListRef.
type List struct {
	Items  []Operand
	Offset int
}

// ListRef names a Falco list. Falco expands it textually into the list's items
// before parsing; it is valid as an item of a List (and, for a list of exactly
// one item, as the whole value of a list operator).
type ListRef struct {
	Name   string
	Offset int
}

// TList is a transformer argument list (Falco 0.44), as in join(",", (a, b)).
type TList struct {
	Items  []Operand
	Offset int
}

// Pos implements Expr.
func (e *And) Pos() int { return e.Offset }

// Pos implements Expr.
func (e *Or) Pos() int { return e.Offset }

// Pos implements Expr.
func (e *Not) Pos() int { return e.Offset }

// Pos implements Expr.
func (e *Ident) Pos() int { return e.Offset }

// Pos implements Expr.
func (e *Check) Pos() int { return e.Offset }

// Pos implements Operand.
func (e *Field) Pos() int { return e.Offset }

// Pos implements Operand.
func (e *Transform) Pos() int { return e.Offset }

// Pos implements Operand.
func (e *Lit) Pos() int { return e.Offset }

// Pos implements Operand.
func (e *List) Pos() int { return e.Offset }

// Pos implements Operand.
func (e *ListRef) Pos() int { return e.Offset }

// Pos implements Operand.
func (e *TList) Pos() int { return e.Offset }

func (*And) expr()   {}
func (*Or) expr()    {}
func (*Not) expr()   {}
func (*Ident) expr() {}
func (*Check) expr() {}

func (*Field) operand()     {}
func (*Transform) operand() {}
func (*Lit) operand()       {}
func (*List) operand()      {}
func (*ListRef) operand()   {}
func (*TList) operand()     {}

// Op is a comparison operator as written ("=" and "==" are distinct spellings
// of the same comparison).
type Op string

// Operators of libsinsp's filter grammar.
const (
	OpExists      Op = "exists"
	OpLE          Op = "<="
	OpLT          Op = "<"
	OpGE          Op = ">="
	OpGT          Op = ">"
	OpEqEq        Op = "=="
	OpEq          Op = "="
	OpNe          Op = "!="
	OpGlob        Op = "glob"
	OpIGlob       Op = "iglob"
	OpContains    Op = "contains"
	OpIContains   Op = "icontains"
	OpBContains   Op = "bcontains"
	OpStartsWith  Op = "startswith"
	OpBStartsWith Op = "bstartswith"
	OpEndsWith    Op = "endswith"
	OpRegex       Op = "regex"
	OpIntersects  Op = "intersects"
	OpIn          Op = "in"
	OpPMatch      Op = "pmatch"
)

// OpClass tells which right-hand side an operator takes.
type OpClass int

// Operator classes, as in libsinsp's grammar.
const (
	ClassInvalid OpClass = iota
	ClassUnary           // exists: no value
	ClassNum             // < <= > >=: a number or a transformer
	ClassStr             // = == != glob ...: a string, a transformer, or Mod + list
	ClassList            // in intersects pmatch: a list, an identifier or a transformer
)

// Class returns the operator's class.
func (o Op) Class() OpClass {
	switch o {
	case OpExists:
		return ClassUnary
	case OpLE, OpLT, OpGE, OpGT:
		return ClassNum
	case OpEqEq, OpEq, OpNe, OpGlob, OpIGlob, OpContains, OpIContains, OpBContains,
		OpStartsWith, OpBStartsWith, OpEndsWith, OpRegex:
		return ClassStr
	case OpIntersects, OpIn, OpPMatch:
		return ClassList
	}
	return ClassInvalid
}

// Modifier is a comparison modifier of Falco 0.44 ("startswith anyof (a, b)").
type Modifier string

// Modifiers; ModNone is the absence of one.
const (
	ModNone  Modifier = ""
	ModOneOf Modifier = "oneof"
	ModAnyOf Modifier = "anyof"
	ModAllOf Modifier = "allof"
)

// Transformer names accepted by the grammar, in libsinsp's lexing order. val
// is only valid on the right-hand side of a check.
var transformerNames = []string{"tolower", "toupper", "b64", "basename", "len", "join", "concat", "getopt"}

// IsTransformer reports whether name is a field transformer of the grammar
// (val excluded).
func IsTransformer(name string) bool {
	for _, t := range transformerNames {
		if t == name {
			return true
		}
	}
	return false
}

// Inspect walks a condition depth-first, calling f for every node (Expr and
// Operand values) before its children; when f returns false the node's
// children are skipped.
func Inspect(e Expr, f func(node any) bool) {
	inspectExpr(e, f)
}

func inspectExpr(e Expr, f func(any) bool) {
	if e == nil || !f(e) {
		return
	}
	switch e := e.(type) {
	case *And:
		for _, t := range e.Terms {
			inspectExpr(t, f)
		}
	case *Or:
		for _, t := range e.Terms {
			inspectExpr(t, f)
		}
	case *Not:
		inspectExpr(e.X, f)
	case *Check:
		inspectOperand(e.Field, f)
		inspectOperand(e.Value, f)
	}
}

func inspectOperand(o Operand, f func(any) bool) {
	if o == nil || !f(o) {
		return
	}
	switch o := o.(type) {
	case *Transform:
		for _, a := range o.Args {
			inspectOperand(a, f)
		}
	case *List:
		for _, a := range o.Items {
			inspectOperand(a, f)
		}
	case *TList:
		for _, a := range o.Items {
			inspectOperand(a, f)
		}
	}
}
