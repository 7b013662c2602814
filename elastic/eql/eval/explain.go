package eval

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/eql2falco/eql2falco/elastic/eql"
)

// Explanation is the verdict of a program on one document, with the
// verdict of every boolean node and leaf and the values each leaf saw.
type Explanation struct {
	Match bool  // what Match returns
	Err   error // what Match returns
	Root  *ExplainNode
}

// ExplainNode is one node of the compiled query.
type ExplainNode struct {
	Expr   string // the EQL text of the node (canonical form)
	Op     string // "and", "or", "not", "constant", or how the leaf runs: "term", "terms", "wildcard", "regexp ...", "range", "exists", "script", ...
	Result bool
	Err    string // a runtime error of this node
	Note   string

	// Leaves only.
	Fields []FieldValues
	// Matched are the values (field leaves) or value combinations (scripts)
	// that satisfied the leaf.
	Matched []string

	Children []*ExplainNode
}

// FieldValues is what a leaf saw of one field.
type FieldValues struct {
	Name       string
	Type       string   // the field type as indexed; "missing" when the document has no value
	Values     []string // indexed values
	NotIndexed []string // values over ignore_above
}

// Explain evaluates every node of the program on the document (no
// short-circuit) and records what each saw. The verdict at the root is
// Match's.
func (p *Program) Explain(d *Document) *Explanation {
	ok, err := p.Match(d)
	x := &Explanation{Match: ok, Err: err}
	root := &ExplainNode{Expr: eql.Format(p.query), Op: "and", Result: ok}
	if err != nil {
		root.Err = err.Error()
	}
	if d.mapping != p.mapping {
		x.Root = root
		return x
	}
	if p.category != nil {
		root.Children = append(root.Children, p.category.explain(d))
	} else {
		root.Note = "any where: no category test"
	}
	root.Children = append(root.Children, p.where.explain(d))
	x.Root = root
	return x
}

func (n *andNode) explain(d *Document) *ExplainNode {
	x := &ExplainNode{Expr: eql.Format(n.src), Op: "and"}
	x.Result, x.Err = evalErr(n, d)
	for _, k := range n.kids {
		x.Children = append(x.Children, k.explain(d))
	}
	return x
}

func (n *orNode) explain(d *Document) *ExplainNode {
	x := &ExplainNode{Expr: eql.Format(n.src), Op: "or"}
	x.Result, x.Err = evalErr(n, d)
	for _, k := range n.kids {
		x.Children = append(x.Children, k.explain(d))
	}
	return x
}

func (n *notNode) explain(d *Document) *ExplainNode {
	x := &ExplainNode{Expr: eql.Format(n.src), Op: "not"}
	x.Result, x.Err = evalErr(n, d)
	x.Children = []*ExplainNode{n.kid.explain(d)}
	return x
}

func (n *constNode) explain(*Document) *ExplainNode {
	x := &ExplainNode{Expr: eql.Format(n.src), Op: "constant", Result: n.value, Note: n.note}
	if n.null && x.Note == "" {
		x.Note = "always null: no document matches"
	}
	return x
}

func evalErr(n node, d *Document) (bool, string) {
	ok, err := n.eval(d)
	if err != nil {
		return ok, err.Error()
	}
	return ok, ""
}

func (n *fieldLeaf) explain(d *Document) *ExplainNode {
	x := &ExplainNode{Expr: eql.Format(n.src), Op: n.desc}
	x.Result, x.Err = evalErr(n, d)
	f := d.fields[n.field]
	x.Fields = []FieldValues{fieldValues(n.field, f)}
	if f.count() > 0 && x.Err == "" {
		_, x.Matched = n.scan(f, true)
	}
	return x
}

func fieldValues(name string, f *field) FieldValues {
	fv := FieldValues{Name: name, Type: "missing"}
	if f == nil {
		return fv
	}
	fv.Values = f.render()
	fv.NotIndexed = f.notIndexed
	fv.Type = string(f.typ.Type)
	if f.typ.IgnoreAbove > 0 {
		fv.Type += " ignore_above " + strconv.Itoa(f.typ.IgnoreAbove)
	}
	if f.unsupported > 0 {
		fv.Type += fmt.Sprintf(", %d value(s) of this type not shown", f.unsupported)
	}
	if f.count() == 0 {
		fv.Type += ", no indexed value"
	}
	return fv
}

func (n *scriptLeaf) explain(d *Document) *ExplainNode {
	x := &ExplainNode{Expr: eql.Format(n.src), Op: "script"}
	x.Result, x.Err = evalErr(n, d)
	for _, name := range n.fields {
		x.Fields = append(x.Fields, fieldValues(name, d.fields[name]))
	}
	if x.Err != "" || len(n.fields) == 0 {
		return x
	}
	vals := make([][]sval, len(n.fields))
	for i, name := range n.fields {
		vals[i] = docValues(d.fields[name])
	}
	var seen [][]sval
	if _, err := n.combine(vals, make([]sval, len(n.fields)), 0, &seen); err == nil {
		for _, env := range seen {
			parts := make([]string, len(env))
			for i, v := range env {
				parts[i] = n.fields[i] + "=" + v.render()
			}
			x.Matched = append(x.Matched, strings.Join(parts, ", "))
		}
	}
	return x
}

// String renders the explanation as an indented tree, one node per line:
// the verdict, the EQL text and, for leaves, how Elasticsearch runs it and
// the values it saw.
func (x *Explanation) String() string {
	var b strings.Builder
	verdict := "no match"
	if x.Match {
		verdict = "MATCH"
	}
	if x.Err != nil {
		verdict = "ERROR: " + x.Err.Error()
	}
	fmt.Fprintf(&b, "%s\n", verdict)
	if x.Root != nil {
		for _, k := range x.Root.Children {
			k.write(&b, 1)
		}
	}
	return b.String()
}

// maxShown bounds how much of a value the tree prints.
const maxShown = 100

func show(s string) string {
	if len(s) <= maxShown {
		return strconv.Quote(s)
	}
	cut := maxShown
	for cut > 0 && s[cut]&0xC0 == 0x80 {
		cut--
	}
	return fmt.Sprintf("%s...(%d chars)", strconv.Quote(s[:cut]), utf16Len(s))
}

// maxExpr bounds how much of a leaf's EQL text the tree prints.
const maxExpr = 200

func clip(s string) string {
	if len(s) <= maxExpr {
		return s
	}
	cut := maxExpr
	for cut > 0 && s[cut]&0xC0 == 0x80 {
		cut--
	}
	return s[:cut] + " ..."
}

func showList(vs []string) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = show(v)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func (n *ExplainNode) write(b *strings.Builder, depth int) {
	indent := strings.Repeat("  ", depth)
	v := "false"
	if n.Result {
		v = "true "
	}
	switch n.Op {
	case "and", "or":
		fmt.Fprintf(b, "%s%s %s (%d terms)\n", indent, v, n.Op, len(n.Children))
	case "not":
		fmt.Fprintf(b, "%s%s not\n", indent, v)
	default:
		fmt.Fprintf(b, "%s%s %s   [%s]\n", indent, v, clip(n.Expr), n.Op)
	}
	for _, f := range n.Fields {
		fmt.Fprintf(b, "%s      %s (%s) = %s", indent, f.Name, f.Type, showList(f.Values))
		if len(f.NotIndexed) > 0 {
			fmt.Fprintf(b, ", not indexed (over ignore_above): %s", showList(f.NotIndexed))
		}
		b.WriteByte('\n')
	}
	if len(n.Fields) > 0 && n.Err == "" && len(n.Matched) > 0 {
		fmt.Fprintf(b, "%s      matched: %s\n", indent, showList(n.Matched))
	}
	if n.Note != "" {
		fmt.Fprintf(b, "%s      note: %s\n", indent, n.Note)
	}
	if n.Err != "" {
		fmt.Fprintf(b, "%s      error: %s\n", indent, n.Err)
	}
	for _, k := range n.Children {
		k.write(b, depth+1)
	}
}
