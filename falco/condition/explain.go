package condition

import (
	"fmt"
	"strconv"
	"strings"
)

// Trace is the verdict of one node of a condition on one event, with the
// values a check compared. Explain builds it for mismatch reports.
type Trace struct {
	Text   string // the check as Falco text, or "and", "or", "not"
	Result bool
	// Values shows what the check extracted: "proc.name=\"bash\"", or
	// "proc.name=<no value>".
	Values []string
	Kids   []*Trace
}

// Explain evaluates the program like Eval and records the verdict of every
// node (all of them: there is no short-circuit here) and the values each
// check extracted. Its Result is Eval's result.
func (prog *Program) Explain(p Provider) *Trace {
	return explainNode(prog.root, p)
}

func explainNode(n *cnode, p Provider) *Trace {
	switch n.kind {
	case kAnd, kOr:
		t := &Trace{Text: "and", Result: true}
		if n.kind == kOr {
			t.Text, t.Result = "or", false
		}
		for _, k := range n.kids {
			kt := explainNode(k, p)
			t.Kids = append(t.Kids, kt)
			if n.kind == kAnd {
				t.Result = t.Result && kt.Result
			} else {
				t.Result = t.Result || kt.Result
			}
		}
		return t
	case kNot:
		kt := explainNode(n.kids[0], p)
		return &Trace{Text: "not", Result: !kt.Result, Kids: []*Trace{kt}}
	}
	s := new(scratch)
	t := &Trace{Result: n.chk.eval(p, s)}
	if txt, err := Print(n.src); err == nil {
		t.Text = txt
	} else {
		t.Text = fmt.Sprintf("<check at offset %d>", n.src.Pos())
	}
	t.Values = append(t.Values, n.chk.lhs.describe(p))
	if n.chk.rhs != nil {
		t.Values = append(t.Values, n.chk.rhs.describe(p))
	}
	return t
}

// describe renders an operand and its value after transformers.
func (o *coperand) describe(p Provider) string {
	name := o.ref.Info.Name
	if o.ref.HasArg {
		name += "[" + o.ref.Arg + "]"
	}
	if txt, err := (Printer{}).PrintOperand(o.src); err == nil {
		name = txt
	}
	v, ok := o.extract(p, new(scratch))
	if !ok {
		return name + "=<no value>"
	}
	multi := o.list || o.any
	if len(o.xf) > 0 && o.xf[len(o.xf)-1] == xLen {
		multi = false
	}
	switch {
	case o.typ == TypeString && multi:
		q := make([]string, len(v.Strs))
		for i, s := range v.Strs {
			q[i] = strconv.Quote(s)
		}
		return name + "=[" + strings.Join(q, ", ") + "]"
	case o.typ == TypeString:
		return name + "=" + strconv.Quote(v.Str)
	case multi:
		q := make([]string, len(v.Nums))
		for i, n := range v.Nums {
			q[i] = formatNum(o.typ, normalize(o.typ, n))
		}
		return name + "=[" + strings.Join(q, ", ") + "]"
	}
	return name + "=" + formatNum(o.typ, normalize(o.typ, v.Num))
}

func formatNum(t Type, n uint64) string {
	switch {
	case t == TypeBool:
		return strconv.FormatBool(n != 0)
	case t.signed():
		return strconv.FormatInt(int64(n), 10)
	}
	return strconv.FormatUint(n, 10)
}

// String renders the trace as an indented tree, one node per line:
//
//	false and
//	  true    evt.type in (execve, execveat)    evt.type="execve"
//	  false   proc.name = which                 proc.name="bash"
func (t *Trace) String() string {
	var b strings.Builder
	t.write(&b, 0)
	return b.String()
}

func (t *Trace) write(b *strings.Builder, depth int) {
	verdict := "false"
	if t.Result {
		verdict = "true "
	}
	fmt.Fprintf(b, "%s %s%s", verdict, strings.Repeat("  ", depth), t.Text)
	if len(t.Values) > 0 {
		b.WriteString("    [" + strings.Join(t.Values, "; ") + "]")
	}
	b.WriteByte('\n')
	for _, k := range t.Kids {
		k.write(b, depth+1)
	}
}
