package translate

import "strings"

// Wildcard patterns of EQL's ":", like and like~: "*" is any sequence of
// code points, "?" exactly one, everything else (backslash included) is
// literal; there is no escape. Falco's glob and iglob call glibc's fnmatch
// in the C locale (Falco never calls setlocale), where "*" is any sequence
// of bytes, "?" exactly one byte, "[...]" a bracket expression and "\" an
// escape, and FNM_CASEFOLD folds ASCII letters only, as Elasticsearch does.
//
// On valid UTF-8 values a literal part can only match at code point
// boundaries, so "*" agrees everywhere, and so does a run of wildcards
// holding a "*" and one "?" ("?*" is "at least one code point" and "at least
// one byte" alike). A "?" anywhere else counts bytes in fnmatch and code
// points in Elasticsearch: such patterns become RE2 expressions, where "."
// is one code point.

// wildcardShape classifies a pattern for lowering.
type wildcardShape int

const (
	shapeLiteral  wildcardShape = iota // no wildcard: equality
	shapeAny                           // only "*": any value (exists)
	shapePrefix                        // "lit*"
	shapeSuffix                        // "*lit"
	shapeContains                      // "*lit*"
	shapeGlob                          // fnmatch gives the same result
	shapeRegex                         // a "?" fnmatch would count in bytes
)

// hasWildcard reports whether s holds * or ?.
func hasWildcard(s string) bool { return strings.ContainsAny(s, "*?") }

// classify returns the shape of a wildcard pattern and, for the literal,
// prefix, suffix and contains shapes, the literal part.
func classify(p string) (wildcardShape, string) {
	if !hasWildcard(p) {
		return shapeLiteral, p
	}
	if strings.Trim(p, "*") == "" {
		return shapeAny, ""
	}
	inner := strings.Trim(p, "*")
	if !hasWildcard(inner) {
		lead, trail := strings.HasPrefix(p, "*"), strings.HasSuffix(p, "*")
		switch {
		case lead && trail:
			return shapeContains, inner
		case trail:
			return shapePrefix, inner
		case lead:
			return shapeSuffix, inner
		}
	}
	// Runs of wildcards: each run with a "?" must hold a "*" and one "?".
	for i := 0; i < len(p); {
		if p[i] != '*' && p[i] != '?' {
			i++
			continue
		}
		j, q, star := i, 0, false
		for j < len(p) && (p[j] == '*' || p[j] == '?') {
			if p[j] == '?' {
				q++
			} else {
				star = true
			}
			j++
		}
		if q > 1 || q == 1 && !star {
			return shapeRegex, ""
		}
		i = j
	}
	return shapeGlob, ""
}

// globEscape writes literal text for fnmatch: the characters fnmatch gives a
// meaning ("*", "?", "[", "\") become one-member bracket expressions, which
// glibc reads as that character ("[\\]" is an escaped backslash inside a
// bracket). The result never ends in a backslash.
func globEscape(b *strings.Builder, lit string) {
	for i := 0; i < len(lit); i++ {
		switch c := lit[i]; c {
		case '*', '?', '[':
			b.WriteByte('[')
			b.WriteByte(c)
			b.WriteByte(']')
		case '\\':
			b.WriteString(`[\\]`)
		default:
			b.WriteByte(c)
		}
	}
}

// globPattern writes an EQL wildcard pattern (of shape glob: every "?" sits
// in a run with a "*") as an fnmatch pattern, each run written "?*" or "*".
func globPattern(p string) string {
	var b strings.Builder
	for i := 0; i < len(p); {
		if p[i] != '*' && p[i] != '?' {
			j := strings.IndexAny(p[i:], "*?")
			if j < 0 {
				j = len(p) - i
			}
			globEscape(&b, p[i:i+j])
			i += j
			continue
		}
		q := false
		for i < len(p) && (p[i] == '*' || p[i] == '?') {
			q = q || p[i] == '?'
			i++
		}
		if q {
			b.WriteString("?*")
		} else {
			b.WriteByte('*')
		}
	}
	return b.String()
}

// globLiteral is an fnmatch pattern matching exactly lit.
func globLiteral(lit string) string {
	var b strings.Builder
	globEscape(&b, lit)
	return b.String()
}

// wildcardRegex is the regular expression of an EQL wildcard pattern.
func wildcardRegex(p string, fold bool) rx {
	var parts []rx
	for _, r := range p {
		switch r {
		case '*':
			parts = append(parts, rxRepeat{anySet(), 0, -1})
		case '?':
			parts = append(parts, anySet())
		default:
			parts = append(parts, rxChar{r, fold})
		}
	}
	return mkConcat(parts...)
}

// wildcardMatch evaluates an EQL wildcard pattern on a value as
// Elasticsearch does: code points, ASCII case folding when fold.
func wildcardMatch(p, s string, fold bool) bool {
	pr, sr := []rune(p), []rune(s)
	eq := func(a, b rune) bool {
		if a == b {
			return true
		}
		o, ok := otherCase(a)
		return fold && ok && o == b
	}
	// Iterative matching with backtracking to the last "*".
	pi, si, star, mark := 0, 0, -1, 0
	for si < len(sr) {
		switch {
		case pi < len(pr) && (pr[pi] == '?' || pr[pi] != '*' && eq(pr[pi], sr[si])):
			pi++
			si++
		case pi < len(pr) && pr[pi] == '*':
			star, mark = pi, si
			pi++
		case star >= 0:
			pi = star + 1
			mark++
			si = mark
		default:
			return false
		}
	}
	for pi < len(pr) && pr[pi] == '*' {
		pi++
	}
	return pi == len(pr)
}

// lowerASCII folds ASCII letters to lower case, as Falco's tolower() does in
// the C locale and as Elasticsearch's case-insensitive comparisons fold.
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}
