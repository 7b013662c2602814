package eql

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Format returns the canonical text of a node: keywords and operators in
// lower case separated by single spaces, no comments, parentheses only where
// precedence needs them, "x not in (...)" as "not x in (...)", function names
// in their canonical spelling, strings in double quotes (raw strings stay
// raw), sequence and sample terms one per line. Parsing the canonical text of
// a parsed query gives an Equal tree.
func Format(n Node) string {
	var p printer
	p.node(n)
	return p.b.String()
}

// String returns the canonical text of the query (see Format).
func (q *Query) String() string { return Format(q) }

type printer struct {
	b strings.Builder
}

func (p *printer) node(n Node) {
	switch n := n.(type) {
	case *Query:
		p.query(n)
	case *EventQuery:
		p.eventQuery(n)
	case *Sequence:
		p.sequence(n)
	case *Sample:
		p.sample(n)
	case *SeqTerm:
		p.term(n)
	case *Pipe:
		fmt.Fprintf(&p.b, "| %s %d", n.Name, n.Count)
	case *Duration:
		fmt.Fprintf(&p.b, "%d%s", n.Value, n.Unit)
	case Expr:
		p.expr(n, precLowest)
	}
}

func (p *printer) query(q *Query) {
	p.node(q.Body)
	sep := " "
	if _, single := q.Body.(*EventQuery); !single {
		sep = "\n"
	}
	for _, pipe := range q.Pipes {
		p.b.WriteString(sep)
		p.node(pipe)
	}
}

func (p *printer) eventQuery(q *EventQuery) {
	switch {
	case q.Any:
		p.b.WriteString("any")
	case isPlainIdent(q.Category):
		p.b.WriteString(q.Category)
	default:
		p.quoted(q.Category)
	}
	p.b.WriteString(" where ")
	p.expr(q.Where, precLowest)
}

func (p *printer) keys(by []Expr) {
	if len(by) == 0 {
		return
	}
	p.b.WriteString(" by ")
	p.list(by)
}

func (p *printer) list(xs []Expr) {
	for i, x := range xs {
		if i > 0 {
			p.b.WriteString(", ")
		}
		p.expr(x, precLowest)
	}
}

func (p *printer) sequence(s *Sequence) {
	p.b.WriteString("sequence")
	p.keys(s.By)
	if s.MaxSpan != nil {
		p.b.WriteString(" with maxspan=")
		p.node(s.MaxSpan)
	}
	for _, t := range s.Terms {
		p.b.WriteString("\n  ")
		p.term(t)
	}
	if s.Until != nil {
		p.b.WriteString("\nuntil ")
		p.term(s.Until)
	}
}

func (p *printer) sample(s *Sample) {
	p.b.WriteString("sample")
	p.keys(s.By)
	for _, t := range s.Terms {
		p.b.WriteString("\n  ")
		p.term(t)
	}
}

func (p *printer) term(t *SeqTerm) {
	if t.Missing {
		p.b.WriteString("![")
	} else {
		p.b.WriteString("[")
	}
	p.eventQuery(t.Query)
	p.b.WriteString("]")
	p.keys(t.By)
	if t.Runs > 0 {
		fmt.Fprintf(&p.b, " with runs=%d", t.Runs)
	}
}

// Precedence levels, loosest first, as EqlBase.g4 nests its rules.
const (
	precLowest  = 1
	precOr      = 1
	precAnd     = 2
	precNot     = 3
	precCompare = 4
	precAdd     = 5
	precMul     = 6
	precUnary   = 7
	precPred    = 8 // primary followed by in / : / like / regex
	precPrimary = 9
)

// prec returns how tightly x binds when printed.
func prec(x Expr) int {
	switch x := x.(type) {
	case *Or:
		return precOr
	case *And:
		return precAnd
	case *Not:
		return precNot
	case *Comparison:
		return precCompare
	case *Arith:
		if x.Op == OpAdd || x.Op == OpSub {
			return precAdd
		}
		return precMul
	case *Neg:
		return precUnary
	case *Number:
		if x.negative() {
			return precUnary // printed with a leading minus
		}
	case *In, *Match:
		return precPred
	}
	return precPrimary
}

func (n *Number) negative() bool {
	if n.IsFloat {
		return math.Signbit(n.Float)
	}
	return n.Int < 0
}

// expr prints x, in parentheses when it binds looser than min.
func (p *printer) expr(x Expr, min int) {
	if prec(x) < min {
		p.b.WriteByte('(')
		p.expr(x, precLowest)
		p.b.WriteByte(')')
		return
	}
	switch x := x.(type) {
	case *Or:
		p.nary(x.Terms, " or ", precOr+1)
	case *And:
		p.nary(x.Terms, " and ", precAnd+1)
	case *Not:
		p.b.WriteString("not ")
		p.expr(x.X, precNot)
	case *Comparison:
		p.expr(x.Left, precAdd)
		p.b.WriteString(" " + string(x.Op) + " ")
		p.expr(x.Right, precAdd)
	case *Arith:
		own := prec(x)
		p.expr(x.Left, own)
		p.b.WriteString(" " + string(x.Op) + " ")
		p.expr(x.Right, own+1)
	case *Neg:
		p.b.WriteByte('-')
		p.expr(x.X, precUnary)
	case *In:
		p.expr(x.X, precPrimary)
		if x.Insensitive {
			p.b.WriteString(" in~ (")
		} else {
			p.b.WriteString(" in (")
		}
		p.list(x.Values)
		p.b.WriteByte(')')
	case *Match:
		p.expr(x.X, precPrimary)
		p.b.WriteString(" " + string(x.Op) + " ")
		if len(x.Patterns) == 1 {
			p.expr(x.Patterns[0], precPrimary)
		} else {
			p.b.WriteByte('(')
			p.list(x.Patterns)
			p.b.WriteByte(')')
		}
	case *Call:
		p.b.WriteString(x.Name)
		if x.Insensitive {
			p.b.WriteByte('~')
		}
		p.b.WriteByte('(')
		p.list(x.Args)
		p.b.WriteByte(')')
	case *Field:
		if x.Optional {
			p.b.WriteByte('?')
		}
		for i, part := range x.Parts {
			if i > 0 {
				p.b.WriteByte('.')
			}
			if isPlainIdent(part) {
				p.b.WriteString(part)
			} else {
				p.b.WriteByte('`')
				p.b.WriteString(strings.ReplaceAll(part, "`", "``"))
				p.b.WriteByte('`')
			}
		}
	case *String:
		if x.Raw && canBeRaw(x.Value) {
			p.b.WriteString(`"""`)
			p.b.WriteString(x.Value)
			p.b.WriteString(`"""`)
		} else {
			p.quoted(x.Value)
		}
	case *Number:
		p.b.WriteString(x.Text())
	case *Bool:
		p.b.WriteString(strconv.FormatBool(x.Value))
	case *Null:
		p.b.WriteString("null")
	default:
		fmt.Fprintf(&p.b, "<%T>", x)
	}
}

func (p *printer) nary(terms []Expr, sep string, min int) {
	for i, t := range terms {
		if i > 0 {
			p.b.WriteString(sep)
		}
		p.expr(t, min)
	}
}

// Text returns the canonical text of the number: an integer, or a decimal
// that always has a "." or an exponent so that it reads back as a decimal.
func (n *Number) Text() string {
	if !n.IsFloat {
		return strconv.FormatInt(n.Int, 10)
	}
	s := strconv.FormatFloat(n.Float, 'g', -1, 64)
	if !strings.ContainsAny(s, ".e") {
		s += ".0"
	}
	return s
}

// quoted writes s as a "..." literal with the escapes Elasticsearch reads.
func (p *printer) quoted(s string) {
	p.b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			p.b.WriteString(`\"`)
		case '\\':
			p.b.WriteString(`\\`)
		case '\n':
			p.b.WriteString(`\n`)
		case '\r':
			p.b.WriteString(`\r`)
		case '\t':
			p.b.WriteString(`\t`)
		case '\b':
			p.b.WriteString(`\b`)
		case '\f':
			p.b.WriteString(`\f`)
		default:
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(&p.b, `\u{%02x}`, r)
			} else {
				p.b.WriteRune(r)
			}
		}
	}
	p.b.WriteByte('"')
}

// Quote returns s as an EQL "..." string literal.
func Quote(s string) string {
	var p printer
	p.quoted(s)
	return p.b.String()
}

// canBeRaw reports whether """s""" reads back as s: one line, no """ inside
// (up to two quotes at the end are fine: """a"""" is `a"`).
func canBeRaw(s string) bool {
	return !strings.ContainsAny(s, "\r\n") && !strings.Contains(s, `"""`)
}

// isPlainIdent reports whether s reads back as one IDENTIFIER token (so it
// needs no backticks as a field part, no quotes as a category).
func isPlainIdent(s string) bool {
	if s == "" || !isLetter(s[0]) && s[0] != '_' && s[0] != '@' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if !isIdentChar(s[i]) {
			return false
		}
	}
	_, kw := keywords[s]
	return !kw
}
