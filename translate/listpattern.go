package translate

import (
	"strings"

	"github.com/eql2falco/eql2falco/elastic/eql"
	"github.com/eql2falco/eql2falco/falco/condition"
	"github.com/eql2falco/eql2falco/plugin/ecs"
)

// Patterns on list fields. Falco's operators on a list field test elements
// for equality only, so a pattern becomes the plugin's pattern field of the
// list (ecs.PatternField): its value is the elements that match the
// argument, and "some element matches" is that field's exists. Wildcard
// patterns go to the .like field (.ilike when case-insensitive), which
// matches them with Elasticsearch's wildcard semantics on the elements
// Elasticsearch indexes; regular expressions go to the .regex field, in the
// RE2 form the scalar translation gives Falco's regex operator.

// patternCheck is "some element of list field f matches one of pats" with
// the pattern field of kind k: exists on f.k[arg].
func (l *lowerer) patternCheck(f field, k ecs.PatternKind, n eql.Node, pats ...string) (cond, bool) {
	pf, ok := ecs.PatternField(f.ID, k)
	if !ok {
		l.errorf(CodeInternal, n, "the list field %s has no %s pattern field", f.Name, k)
		return condFalse, false
	}
	arg, err := ecs.EncodePatternArg(k, pats...)
	if err != nil {
		l.errorf(CodeRegex, n, "%v", err)
		return condFalse, false
	}
	ref := &condition.Field{Name: pf.FalcoName(), Arg: arg, HasArg: true}
	return exprCond(&condition.Check{Field: ref, Op: condition.OpExists}), true
}

// listWildcards lowers wildcard patterns (of :, like, like~) on a list
// field, literal ones excluded: one check of the like or ilike field.
func (l *lowerer) listWildcards(f field, pats []valueAt, fold bool, n eql.Node) (cond, bool) {
	if len(pats) == 0 {
		return condFalse, true
	}
	texts := make([]string, 0, len(pats))
	for _, p := range pats {
		if fold && !l.asciiFold(p.v, p.n) {
			return condFalse, false
		}
		texts = append(texts, p.v)
	}
	k := ecs.PatternLike
	if fold {
		k = ecs.PatternILike
	}
	return l.patternCheck(f, k, n, texts...)
}

// listFoldEqual lowers "some element of list field f equals one of vs,
// folding ASCII case". Falco's tolower() cannot serve on a list field: the
// transformed elements keep their NUL terminator in their length, which the
// in and intersects operators compare (libsinsp 0.25
// sinsp_filter_transformer::string_transformer and the list branch of
// sinsp_filter_check::compare_rhs), so tolower(list) intersects (...) is
// never true. Values without letters stay an intersects; the others go to
// the ilike field, where a pattern without wildcards is equality folding
// ASCII case, or, when they hold a * or ? (which the ilike field reads as
// wildcards), to the regex field with each letter as a two-case class.
func (l *lowerer) listFoldEqual(f field, vs []string, n eql.Node) (cond, bool) {
	var plain, globs []string
	var terms []cond
	ok := true
	for _, v := range vs {
		switch {
		case !hasLetter(v):
			plain = append(plain, v)
		case strings.ContainsAny(v, "*?"):
			parts := make([]rx, 0, len(v))
			for _, r := range v {
				parts = append(parts, rxChar{r, true})
			}
			c, good := l.listRegex(f, mkConcat(parts...), n)
			ok = ok && good
			terms = append(terms, c)
		default:
			globs = append(globs, v)
		}
	}
	if len(globs) > 0 {
		c, good := l.patternCheck(f, ecs.PatternILike, n, globs...)
		ok = ok && good
		terms = append([]cond{c}, terms...)
	}
	if len(plain) > 0 {
		terms = append([]cond{check(fieldRef(f), condition.OpIntersects, litList(plain))}, terms...)
	}
	return orConds(terms), ok
}

// listRegex lowers a regular expression (the RE2 form of a Lucene one) on
// a list field.
func (l *lowerer) listRegex(f field, x rx, n eql.Node) (cond, bool) {
	text := re2(x)
	if err := checkRE2(text); err != nil {
		l.errorf(CodeRegex, n, "the RE2 form %q of the pattern is refused: %v", text, err)
		return condFalse, false
	}
	return l.patternCheck(f, ecs.PatternRegex, n, text)
}

// listFunction lowers startsWith, endsWith and stringContains (and their ~
// forms) on a list field: Elasticsearch runs a prefix query for startsWith
// (the argument literal) and, for the others, a wildcard query "*" + s or
// "*" + s + "*" in Lucene's syntax (s's own * and ? are wildcards, a
// backslash escapes). When every literal character can be written in an
// EQL wildcard pattern (no literal * or ?), the like field; otherwise the
// regex field.
func (l *lowerer) listFunction(f field, name, s string, fold bool, n eql.Node) (cond, bool) {
	if fold && !l.asciiFold(s, n) {
		return condFalse, false
	}
	var toks []wtoken
	switch name {
	case "startsWith":
		for _, r := range s {
			toks = append(toks, wtoken{r: r})
		}
		toks = append(toks, wtoken{star: true})
	default:
		toks = append(toks, wtoken{star: true})
		toks = append(toks, luceneTokens(s)...)
		if name == "stringContains" {
			toks = append(toks, wtoken{star: true})
		}
	}
	var like strings.Builder
	regex := false
	for _, t := range toks {
		switch {
		case t.star:
			like.WriteByte('*')
		case t.one:
			like.WriteByte('?')
		case t.r == '*' || t.r == '?':
			regex = true
		default:
			like.WriteRune(t.r)
		}
	}
	if !regex {
		k := ecs.PatternLike
		if fold {
			k = ecs.PatternILike
		}
		return l.patternCheck(f, k, n, like.String())
	}
	var parts []rx
	for _, t := range toks {
		switch {
		case t.star:
			parts = append(parts, rxRepeat{anySet(), 0, -1})
		case t.one:
			parts = append(parts, anySet())
		default:
			parts = append(parts, rxChar{t.r, fold})
		}
	}
	return l.listRegex(f, mkConcat(parts...), n)
}

// wtoken is a token of a wildcard pattern: a star, a one-character
// wildcard, or a literal character.
type wtoken struct {
	star, one bool
	r         rune
}

// luceneTokens reads Lucene WildcardQuery syntax: * and ? are wildcards, a
// backslash makes the next character literal, a trailing lone backslash is
// itself.
func luceneTokens(s string) []wtoken {
	var out []wtoken
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		switch r := rs[i]; {
		case r == '*':
			out = append(out, wtoken{star: true})
		case r == '?':
			out = append(out, wtoken{one: true})
		case r == '\\' && i+1 < len(rs):
			i++
			out = append(out, wtoken{r: rs[i]})
		default:
			out = append(out, wtoken{r: r})
		}
	}
	return out
}
