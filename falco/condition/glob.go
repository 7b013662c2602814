package condition

// Glob reports whether name matches pattern as glibc's fnmatch(pattern, name,
// flags) does in the C locale, with flags 0, or FNM_CASEFOLD when fold is set.
// This is what Falco's glob and iglob operators call (libsinsp
// sinsp_utils::glob_match). Falco does not set a locale, so matching is on
// bytes and case folding is ASCII only. The reference is glibc 2.36 (Debian
// 12), against which the tests compare; older releases (2.29 for one) differ on
// one point, an unterminated bracket whose member matched.
//
// With flags 0: '*' matches any sequence, '/' and a leading '.' included; '?'
// any one byte; '\x' the byte x (a trailing backslash matches nothing);
// '[...]' a bracket expression with '!' or '^' negation, ranges, a leading
// ']' as a member, [:class:], [=c=] and [.c.]; an unterminated '[' is a
// literal '['. Neither string may contain a NUL byte (C strings end there).
func Glob(pattern, name string, fold bool) bool {
	g := globber{pat: pattern, fold: fold}
	return g.match(name)
}

type globber struct {
	pat  string
	fold bool
}

func (g *globber) at(i int) byte {
	if i < len(g.pat) {
		return g.pat[i]
	}
	return 0
}

func (g *globber) f(c byte) byte {
	if g.fold {
		return lowerASCII(c)
	}
	return c
}

// match runs the pattern over name. Every pattern element other than '*'
// consumes exactly one byte and its outcome depends only on that byte, so
// backtracking to the most recent '*' finds a match whenever one exists.
func (g *globber) match(name string) bool {
	pi, ni := 0, 0
	starPi, starNi := -1, 0
	for {
		if pi < len(g.pat) {
			if g.pat[pi] == '*' {
				for pi < len(g.pat) && g.pat[pi] == '*' {
					pi++
				}
				if pi == len(g.pat) {
					return true
				}
				starPi, starNi = pi, ni
				continue
			}
			if ni < len(name) {
				if next, ok := g.step(pi, name[ni]); ok {
					pi, ni = next, ni+1
					continue
				}
			}
		} else if ni == len(name) {
			return true
		}
		if starPi < 0 || starNi >= len(name) {
			return false
		}
		starNi++
		pi, ni = starPi, starNi
	}
}

// step matches the pattern element at pi against byte x; it returns the
// position of the next element.
func (g *globber) step(pi int, x byte) (int, bool) {
	c := g.f(g.pat[pi])
	switch c {
	case '?':
		return pi + 1, true
	case '\\':
		if pi+1 >= len(g.pat) {
			return 0, false // trailing backslash
		}
		return pi + 2, g.f(g.pat[pi+1]) == g.f(x)
	case '[':
		return g.bracket(pi, x)
	}
	return pi + 1, c == g.f(x)
}

// charClassMaxLength is glibc's CHAR_CLASS_MAX_LENGTH.
const charClassMaxLength = 256

// bracket matches the bracket expression at pi (a '[') against x, following
// glibc's fnmatch_loop.c in the C locale (no collation rules: collation
// order is byte order, [=c=] and [.c.] only name single bytes).
func (g *globber) bracket(pi int, x byte) (int, bool) {
	p := pi + 1
	not := g.at(p) == '!' || g.at(p) == '^'
	if not {
		p++
	}
	fn := g.f(x)
	c := g.at(p)
	p++
	for {
		member := false // c is an ordinary member, possibly starting a range
		switch {
		case c == '\\':
			if g.at(p) == 0 {
				return 0, false
			}
			c = g.f(g.at(p))
			p++
			member = true
		case c == '[' && g.at(p) == ':':
			startp := p
			q := p
			var name []byte
			isName := true
			for {
				if len(name) == charClassMaxLength {
					return 0, false
				}
				q++
				c2 := g.at(q)
				if c2 == ':' && g.at(q+1) == ']' {
					q += 2
					break
				}
				if c2 < 'a' || c2 >= 'z' {
					isName = false
					break
				}
				name = append(name, c2)
			}
			if !isName {
				p, c, member = startp, '[', true
				break
			}
			p = q
			in, valid := ctype(string(name), x)
			if !valid {
				return 0, false
			}
			if in {
				return g.skipRest(pi, p, x, not)
			}
			c = g.at(p)
			p++
		case c == '[' && g.at(p) == '=':
			sym := g.at(p + 1)
			if sym == 0 || g.at(p+2) != '=' || g.at(p+3) != ']' {
				c, member = '[', true
				break
			}
			p += 4
			if x == sym {
				return g.skipRest(pi, p, x, not)
			}
			c = g.at(p)
			p++
		case c == 0:
			// Unterminated: the '[' is an ordinary character.
			return pi + 1, g.f(x) == '['
		case c == '[' && g.at(p) == '.':
			sym, q, ok := g.collatingSymbol(p)
			if !ok {
				return 0, false
			}
			p = q
			isRange := g.at(p) == '-' && g.at(p+1) != 0
			if !isRange && x == sym {
				return g.skipRest(pi, p, x, not)
			}
			var matched bool
			if c, p, matched, ok = g.rangeRest(sym, p, fn); !ok {
				return 0, false
			} else if matched {
				return g.skipRest(pi, p, x, not)
			}
		default:
			c = g.f(c)
			member = true
		}
		if member {
			isRange := g.at(p) == '-' && g.at(p+1) != 0 && g.at(p+1) != ']'
			if !isRange && c == fn {
				return g.skipRest(pi, p, x, not)
			}
			var matched, ok bool
			if c, p, matched, ok = g.rangeRest(c, p, fn); !ok {
				return 0, false
			} else if matched {
				return g.skipRest(pi, p, x, not)
			}
		}
		if c == ']' {
			break
		}
	}
	if !not {
		return 0, false
	}
	return p, true
}

// collatingSymbol reads "[.c.]" with p at the '.'; it returns the symbol and
// the position after "]". Only one-byte symbols exist in the C locale.
func (g *globber) collatingSymbol(p int) (byte, int, bool) {
	startp := p
	n := 0
	for {
		p++
		c := g.at(p)
		if c == '.' && g.at(p+1) == ']' {
			p += 2
			break
		}
		if c == 0 {
			return 0, 0, false
		}
		n++
	}
	if n != 1 {
		return 0, 0, false
	}
	return g.pat[startp+1], p, true
}

// rangeRest continues after a member cold, with p just past it: when a range
// "-end" follows, it tests fn against [cold, end]. It returns the next
// character to process and the position after it, whether the range
// matched, and false when the pattern makes fnmatch fail.
func (g *globber) rangeRest(cold byte, p int, fn byte) (c byte, next int, matched, ok bool) {
	c = g.at(p)
	p++
	if c != '-' || g.at(p) == ']' {
		return c, p, false, true
	}
	cend := g.at(p)
	p++
	if cend == '[' && g.at(p) == '.' {
		var ok bool
		if cend, p, ok = g.collatingSymbol(p); !ok {
			return 0, 0, false, false
		}
	} else {
		if cend == '\\' {
			cend = g.at(p)
			p++
		}
		if cend == 0 {
			return 0, 0, false, false
		}
		cend = g.f(cend)
	}
	if cold <= fn && fn <= cend {
		return 0, p, true, true
	}
	c = g.at(p)
	p++
	return c, p, false, true
}

// skipRest skips the rest of a bracket expression at pi after a member
// matched x at p. An unterminated bracket makes the '[' an ordinary
// character (glibc 2.36; glibc 2.29 failed the match instead).
func (g *globber) skipRest(pi, p int, x byte, not bool) (int, bool) {
	for {
		c := g.at(p)
		p++
		if c == ']' {
			break
		}
		switch {
		case c == 0:
			return pi + 1, g.f(x) == '['

		case c == '\\':
			if g.at(p) == 0 {
				return 0, false
			}
			p++
		case c == '[' && g.at(p) == ':':
			startp := p
			n := 0
			for {
				p++
				c = g.at(p)
				n++
				if n == charClassMaxLength {
					return 0, false
				}
				if g.at(p) == ':' && g.at(p+1) == ']' {
					break
				}
				if c < 'a' || c >= 'z' {
					p = startp - 2
					break
				}
			}
			p += 2
		case c == '[' && g.at(p) == '=':
			p++
			if g.at(p) == 0 {
				return 0, false
			}
			p++
			if g.at(p) != '=' || g.at(p+1) != ']' {
				return 0, false
			}
			p += 2
		case c == '[' && g.at(p) == '.':
			for {
				p++
				c = g.at(p)
				if c == 0 {
					return 0, false
				}
				if c == '.' && g.at(p+1) == ']' {
					break
				}
			}
			p += 2
		}
	}
	if not {
		return 0, false
	}
	return p, true
}

// ctype tests x against a character class of the C locale; valid is false
// for an unknown class name.
func ctype(name string, x byte) (in, valid bool) {
	upper := x >= 'A' && x <= 'Z'
	lower := x >= 'a' && x <= 'z'
	digit := x >= '0' && x <= '9'
	alpha := upper || lower
	punct := x >= 0x21 && x <= 0x7e && !alpha && !digit
	switch name {
	case "alnum":
		return alpha || digit, true
	case "alpha":
		return alpha, true
	case "blank":
		return x == ' ' || x == '\t', true
	case "cntrl":
		return x < 0x20 || x == 0x7f, true
	case "digit":
		return digit, true
	case "graph":
		return x >= 0x21 && x <= 0x7e, true
	case "lower":
		return lower, true
	case "print":
		return x >= 0x20 && x <= 0x7e, true
	case "punct":
		return punct, true
	case "space":
		return isSpace(x), true
	case "upper":
		return upper, true
	case "xdigit":
		return isHex(x), true
	}
	return false, false
}
