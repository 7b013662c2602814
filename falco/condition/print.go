package condition

import (
	"errors"
	"strings"
)

// Printer writes conditions as Falco text. The zero value writes one line.
//
// Output is canonical: parentheses only where the grammar needs them, values
// bare when that is safe and double-quoted with escapes otherwise. Printing
// then parsing (with the same IsList) yields an AST Equal to the one printed;
// an AST that has no such text is refused with a CodeUnprintable error.
type Printer struct {
	// Width, when positive, wraps the text into lines of at most Width bytes
	// where possible, breaking before "and"/"or" and after list commas. Line
	// breaks are blanks to the grammar, so the result reads the same; it is
	// meant for YAML block scalars in rules files.
	Width int
	// IsList names the Falco lists defined where the text will be used. A
	// constant equal to a list name is then quoted, so that Falco's textual
	// list expansion leaves it alone.
	IsList func(string) bool
	// GroupAnd parenthesizes a conjunction inside a disjunction, as upstream
	// rules write "(a and b) or c", although "and" binds tighter than "or".
	// The parentheses leave no node: the text parses back to the same AST.
	GroupAnd bool
}

// Print writes e as canonical single-line Falco text.
func Print(e Expr) (string, error) { return Printer{}.Print(e) }

// Print writes e as Falco text.
func (pr Printer) Print(e Expr) (string, error) {
	w := &writer{pr: pr}
	if err := w.expr(e); err != nil {
		return "", err
	}
	w.brk()
	return w.join(), nil
}

// PrintOperand writes a single operand (a field, a transformer, a value or a
// list) as it would appear in a check.
func (pr Printer) PrintOperand(o Operand) (string, error) {
	w := &writer{pr: pr}
	var err error
	switch o := o.(type) {
	case *Lit:
		err = w.strValue(o)
	case *List, *ListRef:
		err = w.listValue(o, false)
	case *Transform:
		err = w.transform(o)
	default:
		err = w.fieldOrTransform(o)
	}
	if err != nil {
		return "", err
	}
	w.brk()
	return w.join(), nil
}

// writer accumulates chunks separated by breakable spaces.
type writer struct {
	pr     Printer
	cur    strings.Builder
	chunks []string
}

func (w *writer) write(s string) { w.cur.WriteString(s) }

// brk ends the current chunk: a space that may become a line break.
func (w *writer) brk() {
	if w.cur.Len() > 0 {
		w.chunks = append(w.chunks, w.cur.String())
		w.cur.Reset()
	}
}

func (w *writer) join() string {
	if w.pr.Width <= 0 {
		return strings.Join(w.chunks, " ")
	}
	var b strings.Builder
	line := 0
	for i, c := range w.chunks {
		switch {
		case i == 0:
		case line+1+len(c) > w.pr.Width:
			b.WriteByte('\n')
			line = 0
		default:
			b.WriteByte(' ')
			line++
		}
		b.WriteString(c)
		line += len(c)
	}
	return b.String()
}

func unprintable(n interface{ Pos() int }, format string, args ...any) *Error {
	off := 0
	if n != nil {
		off = n.Pos()
	}
	return errorf(off, CodeUnprintable, format, args...)
}

func (w *writer) expr(e Expr) error {
	switch e := e.(type) {
	case *And:
		return w.nary(e, e.Terms, "and")
	case *Or:
		return w.nary(e, e.Terms, "or")
	case *Not:
		if e.X == nil {
			return unprintable(e, "not without operand")
		}
		w.write("not ")
		return w.term(e.X, needsParenUnderNot(e.X))
	case *Ident:
		if !IsIdentifier(e.Name) {
			return unprintable(e, "%q is not a valid identifier", e.Name)
		}
		if e.Name == "not" {
			return unprintable(e, "identifier 'not' cannot be written: Falco reads it as the operator")
		}
		w.write(e.Name)
		return nil
	case *Check:
		return w.check(e)
	case nil:
		return unprintable(nil, "missing expression")
	}
	return unprintable(e, "unknown expression node %T", e)
}

func needsParenUnderNot(x Expr) bool {
	switch x.(type) {
	case *And, *Or, *Not:
		return true
	}
	return false
}

func (w *writer) nary(n Expr, terms []Expr, op string) error {
	if len(terms) < 2 {
		return unprintable(n, "'%s' with %d terms: it needs at least 2", op, len(terms))
	}
	for i, t := range terms {
		if i > 0 {
			w.brk()
			w.write(op + " ")
		}
		paren := false
		switch t.(type) {
		case *Or:
			paren = true
		case *And:
			paren = op == "and" || w.pr.GroupAnd
		}
		if err := w.term(t, paren); err != nil {
			return err
		}
	}
	return nil
}

func (w *writer) term(e Expr, paren bool) error {
	if !paren {
		return w.expr(e)
	}
	w.write("(")
	if err := w.expr(e); err != nil {
		return err
	}
	w.write(")")
	return nil
}

func (w *writer) check(c *Check) error {
	if err := w.fieldOrTransform(c.Field); err != nil {
		return err
	}
	class := c.Op.Class()
	if class == ClassInvalid {
		return unprintable(c, "unknown operator %q", c.Op)
	}
	if c.Mod != ModNone {
		if c.Mod != ModOneOf && c.Mod != ModAnyOf && c.Mod != ModAllOf {
			return unprintable(c, "unknown modifier %q", c.Mod)
		}
		if class != ClassStr {
			return unprintable(c, "modifier %s only applies to string operators, not %s", c.Mod, c.Op)
		}
	}
	if class == ClassUnary {
		if c.Value != nil {
			return unprintable(c, "operator exists takes no value")
		}
		w.write(" exists")
		return nil
	}
	if c.Value == nil {
		return unprintable(c, "operator %s needs a value", c.Op)
	}
	w.write(" " + string(c.Op))
	if c.Mod != ModNone {
		w.write(" " + string(c.Mod))
	}
	w.write(" ")
	if t, ok := c.Value.(*Transform); ok {
		if c.Mod != ModNone {
			return unprintable(t, "a modifier takes a list, not a field")
		}
		return w.transform(t)
	}
	switch {
	case c.Mod != ModNone:
		return w.listValue(c.Value, true)
	case class == ClassNum:
		l, ok := c.Value.(*Lit)
		if !ok {
			return unprintable(c.Value, "operator %s needs a number or a transformer, not %T", c.Op, c.Value)
		}
		if !isNumberText(l.Text) {
			return unprintable(l, "operator %s needs a number, %q is not one", c.Op, l.Text)
		}
		w.write(l.Text)
		return nil
	case class == ClassStr:
		l, ok := c.Value.(*Lit)
		if !ok {
			return unprintable(c.Value, "operator %s needs a string or a transformer, not %T", c.Op, c.Value)
		}
		return w.strValue(l)
	default:
		return w.listValue(c.Value, false)
	}
}

func (w *writer) isList(s string) bool { return w.pr.IsList != nil && w.pr.IsList(s) }

func (w *writer) strValue(l *Lit) error {
	var s string
	var err error
	if w.isList(l.Text) {
		s, err = Quote(l.Text)
	} else {
		s, err = ValueText(l.Text)
	}
	if err != nil {
		return withOffset(err, l)
	}
	w.write(s)
	return nil
}

func withOffset(err error, n interface{ Pos() int }) error {
	var e *Error
	if errors.As(err, &e) {
		e.Offset = n.Pos()
	}
	return err
}

// listValue writes the value of a list operator, or of a modifier when mod.
func (w *writer) listValue(o Operand, mod bool) error {
	switch v := o.(type) {
	case *List:
		w.write("(")
		for i, it := range v.Items {
			if i > 0 {
				w.write(",")
				w.brk()
			}
			switch it := it.(type) {
			case *Lit:
				if err := w.strValue(it); err != nil {
					return err
				}
			case *ListRef:
				if !bareSafe(it.Name) {
					return unprintable(it, "list name %q cannot be written bare", it.Name)
				}
				w.write(it.Name)
			default:
				return unprintable(v, "list item %T: only values and list references are allowed", it)
			}
		}
		w.write(")")
		return nil
	case *ListRef:
		return w.identValue(v, v.Name, mod)
	case *Lit:
		if w.isList(v.Text) {
			return unprintable(v, "value %q equals a list name and cannot be written bare here; use a list", v.Text)
		}
		return w.identValue(v, v.Text, mod)
	}
	return unprintable(o, "a list value is needed, not %T", o)
}

func (w *writer) identValue(n Operand, name string, mod bool) error {
	if !IsIdentifier(name) {
		return unprintable(n, "%q cannot stand alone after a list operator: use a parenthesised list", name)
	}
	if mod && startsWithBoolKeyword(name) {
		return unprintable(n, "%q cannot follow a modifier: Falco reads it as a boolean operator", name)
	}
	w.write(name)
	return nil
}

func startsWithBoolKeyword(s string) bool {
	for _, kw := range []string{"and", "or", "not"} {
		if strings.HasPrefix(s, kw) && (len(s) == len(kw) || !isAlnum(s[len(kw)])) {
			return true
		}
	}
	return false
}

func (w *writer) fieldOrTransform(o Operand) error {
	switch o := o.(type) {
	case *Field:
		return w.field(o)
	case *Transform:
		if o.Name == "val" {
			return unprintable(o, "val() is only valid on the right of a check")
		}
		return w.transform(o)
	case nil:
		return unprintable(nil, "missing field")
	}
	return unprintable(o, "a field or a transformer is needed, not %T", o)
}

func (w *writer) field(f *Field) error {
	if !IsFieldName(f.Name) {
		return unprintable(f, "%q is not a valid field name", f.Name)
	}
	w.write(f.Name)
	return w.fieldArg(f, f.Arg, f.HasArg)
}

func (w *writer) fieldArg(n Operand, arg string, has bool) error {
	if !has {
		return nil
	}
	s, err := fieldArgText(arg)
	if err != nil {
		return withOffset(err, n)
	}
	w.write("[" + s + "]")
	return nil
}

func (w *writer) transform(t *Transform) error {
	if t.Name == "val" {
		if len(t.Args) != 1 {
			return unprintable(t, "val() takes exactly one field")
		}
		f, ok := t.Args[0].(*Field)
		if !ok {
			return unprintable(t, "val() takes a field, not %T", t.Args[0])
		}
		w.write("val(")
		if err := w.field(f); err != nil {
			return err
		}
		w.write(")")
		return w.fieldArg(t, t.Arg, t.HasArg)
	}
	if !IsTransformer(t.Name) {
		return unprintable(t, "unknown transformer %q", t.Name)
	}
	if len(t.Args) == 0 {
		return unprintable(t, "%s() needs an argument", t.Name)
	}
	w.write(t.Name + "(")
	for i, a := range t.Args {
		if i > 0 {
			w.write(", ")
		}
		if l, ok := a.(*TList); ok {
			if err := w.tlist(l); err != nil {
				return err
			}
			continue
		}
		if err := w.transformArg(a); err != nil {
			return err
		}
	}
	w.write(")")
	return w.fieldArg(t, t.Arg, t.HasArg)
}

func (w *writer) tlist(l *TList) error {
	w.write("(")
	for i, a := range l.Items {
		if i > 0 {
			w.write(", ")
		}
		if err := w.transformArg(a); err != nil {
			return err
		}
	}
	w.write(")")
	return nil
}

// transformArg writes a field, a transformer, or a constant (a number bare,
// anything else quoted: bare strings are not allowed there).
func (w *writer) transformArg(a Operand) error {
	switch a := a.(type) {
	case *Field:
		return w.field(a)
	case *Transform:
		if a.Name == "val" {
			return unprintable(a, "val() cannot be a transformer argument")
		}
		return w.transform(a)
	case *Lit:
		if isNumberText(a.Text) {
			w.write(a.Text)
			return nil
		}
		s, err := Quote(a.Text)
		if err != nil {
			return withOffset(err, a)
		}
		w.write(s)
		return nil
	}
	return unprintable(a, "transformer argument %T is not allowed", a)
}
