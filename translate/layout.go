package translate

import (
	"strings"

	"github.com/eql2falco/eql2falco/falco/condition"
)

// layout writes a condition the way upstream rules lay theirs out: one
// top-level term per line, each after "and", and nested groups indented
// under their opening parenthesis:
//
//	evt.type in (execve, execveat)
//	and ecs.event.action = exec
//	and (ecs.process.name = which
//	     or (ecs.process.name in (bash, sh)
//	         and not ecs.process.args intersects (man)))
//
// Leaves are written by pr. The text is read back and compared with e; if
// it differed, layout would return pr's one-line text instead.
func layout(e condition.Expr, pr condition.Printer) (string, error) {
	lines, err := layoutLines(e, pr, true)
	if err == nil {
		text := strings.Join(lines, "\n")
		back, perr := condition.ParseWithLists(text, pr.IsList)
		if perr == nil && condition.Equal(back, e) {
			return text, nil
		}
	}
	return pr.Print(e)
}

// layoutLines returns the lines of e; lines after the first are indented
// relative to the column where the first starts.
func layoutLines(e condition.Expr, pr condition.Printer, top bool) ([]string, error) {
	var terms []condition.Expr
	var kw string
	switch x := e.(type) {
	case *condition.And:
		terms, kw = x.Terms, "and "
	case *condition.Or:
		terms, kw = x.Terms, "or "
	case *condition.Not:
		switch x.X.(type) {
		case *condition.And, *condition.Or, *condition.Not:
			inner, err := layoutLines(x.X, pr, false)
			if err != nil {
				return nil, err
			}
			return prefix("not ", inner), nil
		}
	}
	if kw == "" {
		s, err := pr.Print(e)
		return []string{s}, err
	}
	var out []string
	for i, t := range terms {
		ls, err := layoutLines(t, pr, false)
		if err != nil {
			return nil, err
		}
		if i > 0 {
			ls = prefix(kw, ls)
		}
		out = append(out, ls...)
	}
	if top {
		return out, nil
	}
	return prefix("(", append(out[:len(out)-1:len(out)-1], out[len(out)-1]+")")), nil
}

// prefix puts p before the first line and indents the others by its width.
func prefix(p string, lines []string) []string {
	out := make([]string, len(lines))
	pad := strings.Repeat(" ", len(p))
	for i, l := range lines {
		if i == 0 {
			out[i] = p + l
		} else {
			out[i] = pad + l
		}
	}
	return out
}
