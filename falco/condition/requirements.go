package condition

import (
	"fmt"
	"strconv"
	"strings"
)

// Requirement is a construct of a condition that needs a minimum Falco
// version.
type Requirement struct {
	Falco  Version // first Falco release that accepts the construct
	What   string  // for example "operator iglob"
	Offset int
}

// Version is a semantic version such as Falco 0.44.0 or engine 0.62.0.
type Version struct{ Major, Minor, Patch int }

// ParseVersion reads "x.y.z".
func ParseVersion(s string) (Version, error) {
	parts := strings.Split(s, ".")
	if len(parts) != 3 {
		return Version{}, fmt.Errorf("version %q is not of the form x.y.z", s)
	}
	var v [3]int
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || p == "" || (len(p) > 1 && p[0] == '0') {
			return Version{}, fmt.Errorf("version %q is not of the form x.y.z", s)
		}
		v[i] = n
	}
	return Version{v[0], v[1], v[2]}, nil
}

func (v Version) String() string { return fmt.Sprintf("%d.%d.%d", v.Major, v.Minor, v.Patch) }

// Less reports whether v is an earlier version than w.
func (v Version) Less(w Version) bool {
	if v.Major != w.Major {
		return v.Major < w.Major
	}
	if v.Minor != w.Minor {
		return v.Minor < w.Minor
	}
	return v.Patch < w.Patch
}

// First Falco releases with each construct (from the libs version each Falco
// release builds with and libsinsp's parser at that version).
var (
	falco038 = Version{0, 38, 0} // libs 0.17: iglob, val(), tolower(), toupper(), b64()
	falco039 = Version{0, 39, 0} // libs 0.18: regex, basename()
	falco040 = Version{0, 40, 0} // libs 0.20: len()
	falco044 = Version{0, 44, 0} // libs 0.25: modifiers, join(), concat(), getopt(), multi-argument transformers
)

var transformerSince = map[string]Version{
	"val": falco038, "tolower": falco038, "toupper": falco038, "b64": falco038,
	"basename": falco039, "len": falco040,
	"join": falco044, "concat": falco044, "getopt": falco044,
}

// Requirements lists the constructs of e that older Falco releases reject,
// in the order they appear. Constructs every Falco from 0.35 accepts are not
// listed. The iglob operator appeared in libs 0.15, which no Falco release
// before 0.38 shipped.
func Requirements(e Expr) []Requirement {
	var out []Requirement
	var operand func(o Operand, top bool)
	operand = func(o Operand, top bool) {
		switch o := o.(type) {
		case *Transform:
			if v, ok := transformerSince[o.Name]; ok {
				out = append(out, Requirement{v, "transformer " + o.Name + "()", o.Offset})
			}
			simple := len(o.Args) == 1 && !o.HasArg
			if simple {
				switch o.Args[0].(type) {
				case *Field, *Transform:
				default:
					simple = false
				}
			}
			if !simple {
				out = append(out, Requirement{falco044, o.Name + "() with several arguments, constants or an index", o.Offset})
			}
			for _, a := range o.Args {
				operand(a, false)
			}
		case *TList:
			for _, a := range o.Items {
				operand(a, false)
			}
		}
	}
	var walk func(Expr)
	walk = func(e Expr) {
		switch e := e.(type) {
		case *And:
			for _, t := range e.Terms {
				walk(t)
			}
		case *Or:
			for _, t := range e.Terms {
				walk(t)
			}
		case *Not:
			walk(e.X)
		case *Check:
			switch e.Op {
			case OpIGlob:
				out = append(out, Requirement{falco038, "operator iglob", e.Offset})
			case OpRegex:
				out = append(out, Requirement{falco039, "operator regex", e.Offset})
			}
			if e.Mod != ModNone {
				out = append(out, Requirement{falco044, "modifier " + string(e.Mod), e.Offset})
			}
			operand(e.Field, true)
			operand(e.Value, true)
		}
	}
	walk(e)
	return out
}

// MinFalco returns the earliest Falco release that accepts every construct
// of e, and the requirement that sets it; the zero Version and nil when no
// construct needs a recent release.
func MinFalco(e Expr) (Version, *Requirement) {
	var best *Requirement
	for _, r := range Requirements(e) {
		if best == nil || best.Falco.Less(r.Falco) {
			r := r
			best = &r
		}
	}
	if best == nil {
		return Version{}, nil
	}
	return best.Falco, best
}
