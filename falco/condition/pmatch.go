package condition

import "strings"

// pathTrie implements the pmatch operator as libsinsp's path_prefix_search:
// paths are split on '/' (empty components ignored, so "/usr//bin/" is
// usr, bin and a relative path reads like an absolute one), and a value
// matches when the components of one of the search paths are a prefix of
// its components. A search path that is a prefix of another one makes the
// longer one redundant. A component holding '?', '*' or '[' is a glob
// (fnmatch flags 0) matched against one component.
type pathTrie struct {
	dirs  map[string]*pathEntry
	globs map[string]*pathEntry
}

type pathEntry struct {
	sub  *pathTrie // nil for a leaf: the search path ends here
	leaf bool
}

func newPathTrie(paths []string) *pathTrie {
	t := &pathTrie{}
	for _, p := range paths {
		t.add(splitPath(p))
	}
	return t
}

func splitPath(p string) []string {
	comps := []string{"root"}
	for _, c := range strings.Split(p, "/") {
		if c != "" {
			comps = append(comps, c)
		}
	}
	return comps
}

func hasGlob(c string) bool { return strings.ContainsAny(c, "?*[") }

func (t *pathTrie) add(comps []string) {
	m := &t.dirs
	if hasGlob(comps[0]) {
		m = &t.globs
	}
	if *m == nil {
		*m = map[string]*pathEntry{}
	}
	e, ok := (*m)[comps[0]]
	last := len(comps) == 1
	switch {
	case !ok:
		e = &pathEntry{leaf: last}
		if !last {
			e.sub = &pathTrie{}
			e.sub.add(comps[1:])
		}
		(*m)[comps[0]] = e
	case last:
		e.sub, e.leaf = nil, true
	case e.sub == nil:
		// A shorter search path already covers this one.
	default:
		e.sub.add(comps[1:])
	}
}

// ambiguous reports whether some node has more than one glob component.
// libsinsp then tries them in hash-map order while advancing its position in
// the path after each glob that matched, so its result depends on that
// order; the evaluator refuses such patterns.
func (t *pathTrie) ambiguous() bool {
	if len(t.globs) > 1 {
		return true
	}
	for _, m := range []map[string]*pathEntry{t.dirs, t.globs} {
		for _, e := range m {
			if e.sub != nil && e.sub.ambiguous() {
				return true
			}
		}
	}
	return false
}

func (t *pathTrie) match(path string) bool {
	// Walk the components without allocating: the root component first.
	return t.matchFrom("root", path)
}

// matchFrom matches component comp followed by the components of rest.
func (t *pathTrie) matchFrom(comp, rest string) bool {
	if e, ok := t.dirs[comp]; ok && e.check(rest) {
		return true
	}
	for g, e := range t.globs {
		if Glob(g, comp, false) && e.check(rest) {
			return true
		}
	}
	return false
}

func (e *pathEntry) check(rest string) bool {
	next, rest, ok := nextComponent(rest)
	switch {
	case !ok:
		return e.sub == nil
	case e.sub == nil:
		return true
	}
	return e.sub.matchFrom(next, rest)
}

// nextComponent returns the first non-empty component of p and what follows.
func nextComponent(p string) (comp, rest string, ok bool) {
	for p != "" {
		i := strings.IndexByte(p, '/')
		if i < 0 {
			return p, "", true
		}
		if i > 0 {
			return p[:i], p[i+1:], true
		}
		p = p[1:]
	}
	return "", "", false
}
