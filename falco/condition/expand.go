package condition

import (
	"strings"
)

// ExpandMacros replaces every macro reference (*Ident) by the macro's
// condition, itself expanded. It fails on an undefined macro and on a macro
// that refers to itself directly or through others. The input is not
// modified; macro bodies are copied into the result.
func ExpandMacros(e Expr, macros map[string]Expr) (Expr, error) {
	x := &macroExpander{macros: macros, done: map[string]Expr{}}
	return x.expand(e)
}

type macroExpander struct {
	macros map[string]Expr
	done   map[string]Expr
	stack  []string
}

func (x *macroExpander) expand(e Expr) (Expr, error) {
	switch e := e.(type) {
	case *And:
		terms, err := x.expandAll(e.Terms)
		return &And{Terms: terms, Offset: e.Offset}, err
	case *Or:
		terms, err := x.expandAll(e.Terms)
		return &Or{Terms: terms, Offset: e.Offset}, err
	case *Not:
		inner, err := x.expand(e.X)
		return &Not{X: inner, Offset: e.Offset}, err
	case *Ident:
		return x.macro(e)
	}
	return e, nil
}

func (x *macroExpander) expandAll(terms []Expr) ([]Expr, error) {
	out := make([]Expr, len(terms))
	for i, t := range terms {
		var err error
		if out[i], err = x.expand(t); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (x *macroExpander) macro(id *Ident) (Expr, error) {
	if done, ok := x.done[id.Name]; ok {
		return CloneExpr(done), nil
	}
	body, ok := x.macros[id.Name]
	if !ok {
		return nil, errorf(id.Offset, CodeUnknownMacro, "undefined macro '%s' used in filter", id.Name)
	}
	for i, n := range x.stack {
		if n == id.Name {
			chain := append(append([]string(nil), x.stack[i:]...), id.Name)
			return nil, errorf(id.Offset, CodeCycle, "macro '%s' refers to itself: %s", id.Name, strings.Join(chain, " -> "))
		}
	}
	x.stack = append(x.stack, id.Name)
	out, err := x.expand(body)
	x.stack = x.stack[:len(x.stack)-1]
	if err != nil {
		return nil, err
	}
	x.done[id.Name] = out
	return CloneExpr(out), nil
}

// ExpandLists replaces every list reference (*ListRef) by the list's items,
// themselves expanded: inside a List the items take the reference's place,
// and a reference standing for a whole list operand becomes a List. Items
// are *Lit or *ListRef (see ParseListItem). It fails on an undefined list and
// on a list that contains itself.
//
// This is the meaning list references have when they appear where Falco
// expects list items; Falco itself substitutes lists in the condition text
// (ExpandListsText), which can differ elsewhere. The rules file checks
// compare both.
func ExpandLists(e Expr, lists map[string][]Operand) (Expr, error) {
	x := &listExpander{lists: lists, done: map[string][]Operand{}}
	return x.expr(e)
}

type listExpander struct {
	lists map[string][]Operand
	done  map[string][]Operand
	stack []string
}

func (x *listExpander) expr(e Expr) (Expr, error) {
	switch e := e.(type) {
	case *And:
		terms, err := x.exprs(e.Terms)
		return &And{Terms: terms, Offset: e.Offset}, err
	case *Or:
		terms, err := x.exprs(e.Terms)
		return &Or{Terms: terms, Offset: e.Offset}, err
	case *Not:
		inner, err := x.expr(e.X)
		return &Not{X: inner, Offset: e.Offset}, err
	case *Check:
		c := *e
		switch v := e.Value.(type) {
		case *List:
			items, err := x.items(v.Items)
			if err != nil {
				return nil, err
			}
			c.Value = &List{Items: items, Offset: v.Offset}
		case *ListRef:
			items, err := x.items([]Operand{v})
			if err != nil {
				return nil, err
			}
			c.Value = &List{Items: items, Offset: v.Offset}
		}
		return &c, nil
	}
	return e, nil
}

func (x *listExpander) exprs(terms []Expr) ([]Expr, error) {
	out := make([]Expr, len(terms))
	for i, t := range terms {
		var err error
		if out[i], err = x.expr(t); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (x *listExpander) items(in []Operand) ([]Operand, error) {
	out := make([]Operand, 0, len(in))
	for _, it := range in {
		ref, ok := it.(*ListRef)
		if !ok {
			out = append(out, it)
			continue
		}
		items, err := x.list(ref)
		if err != nil {
			return nil, err
		}
		for _, e := range items {
			l := *e.(*Lit)
			l.Offset = ref.Offset
			out = append(out, &l)
		}
	}
	return out, nil
}

func (x *listExpander) list(ref *ListRef) ([]Operand, error) {
	if done, ok := x.done[ref.Name]; ok {
		return done, nil
	}
	items, ok := x.lists[ref.Name]
	if !ok {
		return nil, errorf(ref.Offset, CodeUnknownList, "undefined list '%s'", ref.Name)
	}
	for i, n := range x.stack {
		if n == ref.Name {
			chain := append(append([]string(nil), x.stack[i:]...), ref.Name)
			return nil, errorf(ref.Offset, CodeCycle, "list '%s' contains itself: %s", ref.Name, strings.Join(chain, " -> "))
		}
	}
	x.stack = append(x.stack, ref.Name)
	out, err := x.items(items)
	x.stack = x.stack[:len(x.stack)-1]
	if err != nil {
		return nil, err
	}
	x.done[ref.Name] = out
	return out, nil
}

// ParseListItem reads an item of a Falco list (the text of a YAML list
// entry) as Falco does when it expands the list into a condition: an item
// holding a space and not starting with a quote is wrapped in double
// quotes, then read as one value. A bare item naming a list (per isList)
// becomes a *ListRef. Items that do not read as exactly one value (for
// example "a,b", which Falco would turn into two values, or "a=b") are
// refused.
func ParseListItem(text string, isList func(string) bool) (Operand, error) {
	src := text
	if strings.Contains(src, " ") && !strings.HasPrefix(src, `"`) && !strings.HasPrefix(src, "'") {
		src = `"` + src + `"`
	}
	if strings.IndexByte(src, 0) >= 0 {
		return nil, errorf(0, CodeSyntax, "list item %q contains a NUL byte", text)
	}
	p := &parser{s: src, isList: isList}
	v, err := p.parseStrValue(true)
	if err != nil || p.pos != len(src) {
		return nil, errorf(0, CodeSyntax, "list item %q does not read as one Falco value; write it quoted, for example %s", text, suggestQuoted(text))
	}
	return p.listItem(v), nil
}

func suggestQuoted(s string) string {
	if q, err := Quote(s); err == nil {
		return "'" + q + "'"
	}
	return "a different value (it cannot be quoted)"
}

// NamedList is a Falco list for ExpandListsText: its name and its items as
// written in the rules file.
type NamedList struct {
	Name  string
	Items []string
}

// ExpandListsText substitutes lists in a condition's text exactly as Falco's
// rule loader does before parsing (rule_loader_compiler.cpp resolve_list):
// for each list in order, every occurrence of its name delimited by blanks,
// parentheses, commas, '=' or the ends of the text is replaced by the items
// joined with ", " (an item holding a space and not starting with a quote is
// wrapped in double quotes), with the surrounding blanks; an empty list also
// removes an adjacent comma. The substitution ignores quoting, so it also
// happens inside quoted strings and outside list values. It returns the new
// text and the names of the lists it used.
func ExpandListsText(cond string, lists []NamedList) (string, []string) {
	var used []string
	for _, l := range lists {
		var ok bool
		if cond, ok = substituteList(cond, l); ok {
			used = append(used, l.Name)
		}
	}
	return cond, used
}

func isTextBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func isTextDelim(c byte) bool {
	return isTextBlank(c) || c == '(' || c == ')' || c == ',' || c == '='
}

func substituteList(cnd string, l NamedList) (string, bool) {
	if l.Name == "" {
		return cnd, false
	}
	var items []string
	for _, it := range l.Items {
		if strings.Contains(it, " ") && !strings.HasPrefix(it, `"`) && !strings.HasPrefix(it, "'") {
			it = `"` + it + `"`
		}
		items = append(items, it)
	}
	sub := strings.Join(items, ", ")
	used := false
	start := strings.Index(cnd, l.Name)
	for start >= 0 {
		end := start + len(l.Name)
		if (start == 0 || isTextDelim(cnd[start-1])) && (end >= len(cnd) || isTextDelim(cnd[end])) {
			for start > 0 && isTextBlank(cnd[start-1]) {
				start--
			}
			for end < len(cnd) && isTextBlank(cnd[end]) {
				end++
			}
			if sub == "" {
				if start > 0 && cnd[start-1] == ',' {
					start--
				} else if end < len(cnd) && cnd[end] == ',' {
					end++
				}
			}
			var b strings.Builder
			if start > 0 {
				b.WriteString(cnd[:start])
				b.WriteByte(' ')
			}
			b.WriteString(sub)
			b.WriteByte(' ')
			b.WriteString(cnd[end:])
			cnd = b.String()
			start += len(sub) + 1
			used = true
		}
		next := strings.Index(cnd[min(start+1, len(cnd)):], l.Name)
		if next < 0 {
			break
		}
		start = min(start+1, len(cnd)) + next
	}
	return cnd, used
}

// CloneExpr returns a deep copy of e.
func CloneExpr(e Expr) Expr {
	switch e := e.(type) {
	case *And:
		return &And{Terms: cloneExprs(e.Terms), Offset: e.Offset}
	case *Or:
		return &Or{Terms: cloneExprs(e.Terms), Offset: e.Offset}
	case *Not:
		return &Not{X: CloneExpr(e.X), Offset: e.Offset}
	case *Ident:
		c := *e
		return &c
	case *Check:
		c := *e
		c.Field = CloneOperand(e.Field)
		c.Value = CloneOperand(e.Value)
		return &c
	}
	return e
}

func cloneExprs(in []Expr) []Expr {
	out := make([]Expr, len(in))
	for i, e := range in {
		out[i] = CloneExpr(e)
	}
	return out
}

// CloneOperand returns a deep copy of o.
func CloneOperand(o Operand) Operand {
	switch o := o.(type) {
	case *Field:
		c := *o
		return &c
	case *Transform:
		c := *o
		c.Args = cloneOperands(o.Args)
		return &c
	case *Lit:
		c := *o
		return &c
	case *List:
		return &List{Items: cloneOperands(o.Items), Offset: o.Offset}
	case *ListRef:
		c := *o
		return &c
	case *TList:
		return &TList{Items: cloneOperands(o.Items), Offset: o.Offset}
	}
	return o
}

func cloneOperands(in []Operand) []Operand {
	if in == nil {
		return nil
	}
	out := make([]Operand, len(in))
	for i, o := range in {
		out[i] = CloneOperand(o)
	}
	return out
}
