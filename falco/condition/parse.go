package condition

import (
	"strings"
)

// maxDepth bounds the nesting of the input (parentheses, not, transformers).
// libsinsp has no effective limit (its depth guard is a temporary that is
// destroyed at once) and would exhaust its stack on deeply nested input; this
// parser refuses such input instead.
const maxDepth = 500

// Parse parses a Falco condition with the grammar of libsinsp as shipped in
// Falco 0.41 to 0.44. Constructs that only Falco 0.44 accepts (comparison
// modifiers, join/concat/getopt, multi-argument transformers) are parsed too;
// Requirements tells which Falco version a condition needs.
//
// Every value is returned as a *Lit. To tell list references apart, use
// ParseWithLists.
func Parse(text string) (Expr, error) {
	return ParseWithLists(text, nil)
}

// ParseWithLists is Parse where isList names the defined Falco lists: a bare
// (unquoted) list item, or a bare identifier after a list operator, that names
// a list becomes a *ListRef.
func ParseWithLists(text string, isList func(string) bool) (Expr, error) {
	if text == "" {
		return nil, errorf(0, CodeSyntax, "filter input string is empty")
	}
	if i := strings.IndexByte(text, 0); i >= 0 {
		return nil, errorf(i, CodeSyntax, "NUL byte in condition")
	}
	p := &parser{s: text, isList: isList}
	e, err := p.parseOr()
	if err != nil {
		return nil, err
	}
	if p.pos != len(p.s) {
		return nil, p.errorf("unexpected token %s, expecting 'or', 'and'", p.near())
	}
	return e, nil
}

type parser struct {
	s      string
	pos    int
	depth  int
	isList func(string) bool
}

func (p *parser) errorf(format string, args ...any) *Error {
	return errorf(p.pos, CodeSyntax, format, args...)
}

// near describes the input at the current position for error messages.
func (p *parser) near() string {
	if p.pos >= len(p.s) {
		return "at end of input"
	}
	rest := p.s[p.pos:]
	if len(rest) > 20 {
		rest = rest[:20] + "..."
	}
	return "at " + quoteForMsg(rest)
}

func quoteForMsg(s string) string {
	return "'" + strings.ReplaceAll(s, "\n", `\n`) + "'"
}

func (p *parser) enter() *Error {
	p.depth++
	if p.depth > maxDepth {
		return p.errorf("condition nested deeper than %d levels", maxDepth)
	}
	return nil
}

func (p *parser) leave() { p.depth-- }

func (p *parser) blank() bool {
	start := p.pos
	for p.pos < len(p.s) && isBlank(p.s[p.pos]) {
		p.pos++
	}
	return p.pos > start
}

func (p *parser) lit(tok string) bool {
	if strings.HasPrefix(p.s[p.pos:], tok) {
		p.pos += len(tok)
		return true
	}
	return false
}

// word lexes a keyword that must be followed by a blank, consuming the blanks;
// it backtracks when no blank follows (libsinsp 0.25 behaviour).
func (p *parser) word(tok string) bool {
	save := p.pos
	if p.lit(tok) && p.blank() {
		return true
	}
	p.pos = save
	return false
}

// notKeyword lexes "not" followed by at least one [[:space:]] character.
func (p *parser) notKeyword() bool {
	if !strings.HasPrefix(p.s[p.pos:], "not") {
		return false
	}
	j := p.pos + 3
	for j < len(p.s) && isSpace(p.s[j]) {
		j++
	}
	if j == p.pos+3 {
		return false
	}
	p.pos = j
	return true
}

func (p *parser) parseOr() (Expr, error) {
	terms, start, err := p.parseChain("or", p.parseAnd)
	if err != nil || len(terms) == 1 {
		return first(terms), err
	}
	return &Or{Terms: terms, Offset: start}, nil
}

func (p *parser) parseAnd() (Expr, error) {
	terms, start, err := p.parseChain("and", p.parseNot)
	if err != nil || len(terms) == 1 {
		return first(terms), err
	}
	return &And{Terms: terms, Offset: start}, nil
}

// parseChain parses "x kw y kw z ..." with next for each term and returns the
// terms and where the chain starts. A term directly after the keyword must
// be parenthesised ("a and(b)"); otherwise a blank follows the keyword.
func (p *parser) parseChain(kw string, next func() (Expr, error)) ([]Expr, int, error) {
	if err := p.enter(); err != nil {
		return nil, 0, err
	}
	defer p.leave()
	p.blank()
	start := p.pos
	t, err := next()
	if err != nil {
		return nil, 0, err
	}
	terms := []Expr{t}
	p.blank()
	for p.lit(kw) {
		if !p.blank() {
			if !p.lit("(") {
				return nil, 0, p.errorf("expected blank or '(' after '%s'", kw)
			}
			t, err = p.parseEmbedded()
		} else {
			t, err = next()
		}
		if err != nil {
			return nil, 0, err
		}
		terms = append(terms, t)
		p.blank()
	}
	return terms, start, nil
}

func first(terms []Expr) Expr {
	if len(terms) == 0 {
		return nil
	}
	return terms[0]
}

func (p *parser) parseNot() (Expr, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	p.blank()
	start := p.pos
	neg := false
	for p.notKeyword() {
		neg = !neg
	}
	var x Expr
	var err error
	if p.lit("not(") {
		neg = !neg
		x, err = p.parseEmbedded()
	} else {
		x, err = p.parseCheck()
	}
	if err != nil {
		return nil, err
	}
	if neg {
		return &Not{X: x, Offset: start}, nil
	}
	return x, nil
}

// parseEmbedded parses the rest of a parenthesised expression, after "(".
func (p *parser) parseEmbedded() (Expr, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	p.blank()
	x, err := p.parseOr()
	if err != nil {
		return nil, err
	}
	p.blank()
	if !p.lit(")") {
		return nil, p.errorf("expected a ')' token")
	}
	return x, nil
}

func (p *parser) parseCheck() (Expr, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	p.blank()
	start := p.pos
	if p.lit("(") {
		return p.parseEmbedded()
	}
	if end := scanFieldName(p.s, p.pos); end > p.pos {
		name := p.s[p.pos:end]
		p.pos = end
		f, err := p.parseFieldRest(name, start)
		if err != nil {
			return nil, err
		}
		return p.parseCondition(f, start)
	}
	if name, ok := p.transformerType(); ok {
		p.blank()
		t, err := p.parseTransformRest(name, start)
		if err != nil {
			return nil, err
		}
		return p.parseCondition(t, start)
	}
	if end := scanIdent(p.s, p.pos); end > p.pos {
		name := p.s[p.pos:end]
		p.pos = end
		return &Ident{Name: name, Offset: start}, nil
	}
	return nil, p.errorf("expected a '(' token, a field check, or an identifier %s", p.near())
}

// transformerType lexes "name(" for a transformer other than val.
func (p *parser) transformerType() (string, bool) {
	for _, t := range transformerNames {
		if strings.HasPrefix(p.s[p.pos:], t) && strings.HasPrefix(p.s[p.pos+len(t):], "(") {
			p.pos += len(t) + 1
			return t, true
		}
	}
	return "", false
}

func (p *parser) parseFieldRest(name string, start int) (*Field, error) {
	f := &Field{Name: name, Offset: start}
	arg, has, err := p.parseOptionalFieldArg()
	if err != nil {
		return nil, err
	}
	f.Arg, f.HasArg = arg, has
	return f, nil
}

func (p *parser) parseOptionalFieldArg() (string, bool, error) {
	if !p.lit("[") {
		return "", false, nil
	}
	var arg string
	if v, end, ok, err := lexQuoted(p.s, p.pos); err != nil {
		return "", false, err
	} else if ok {
		arg, p.pos = v, end
	} else if end := scanFieldArgBare(p.s, p.pos); end > p.pos {
		arg, p.pos = p.s[p.pos:end], end
	} else {
		return "", false, p.errorf("expected a valid field argument: a quoted string or a bare string")
	}
	if !p.lit("]") {
		return "", false, p.errorf("expected a ']' token")
	}
	return arg, true, nil
}

// parseTransformRest parses the arguments of a transformer after "name(".
func (p *parser) parseTransformRest(name string, start int) (*Transform, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	p.blank()
	t := &Transform{Name: name, Offset: start}
	for {
		a, err := p.parseTransformArg()
		if err != nil {
			return nil, err
		}
		t.Args = append(t.Args, a)
		p.blank()
		if !p.lit(",") {
			break
		}
	}
	p.blank()
	if !p.lit(")") {
		return nil, p.errorf("expected a ')' token closing the transformer")
	}
	arg, has, err := p.parseOptionalFieldArg()
	if err != nil {
		return nil, err
	}
	t.Arg, t.HasArg = arg, has
	return t, nil
}

// parseTransformArg: FieldTransformer | Field | QuotedStr | NumValue | TransformerList.
func (p *parser) parseTransformArg() (Operand, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	p.blank()
	start := p.pos
	if n, ok := p.number(); ok {
		return &Lit{Text: n, Offset: start}, nil
	}
	if v, end, ok, err := lexQuoted(p.s, p.pos); err != nil {
		return nil, err
	} else if ok {
		p.pos = end
		return &Lit{Text: v, Offset: start}, nil
	}
	if p.lit("(") {
		return p.parseTList(start)
	}
	if name, ok := p.transformerType(); ok {
		return p.parseTransformRest(name, start)
	}
	if end := scanFieldName(p.s, p.pos); end > p.pos {
		name := p.s[p.pos:end]
		p.pos = end
		return p.parseFieldRest(name, start)
	}
	return nil, p.errorf("expected field transformer argument: field, transformer, quoted string, number, or transformer list")
}

func (p *parser) number() (string, bool) {
	end := scanHex(p.s, p.pos)
	if end == p.pos {
		end = scanNum(p.s, p.pos)
	}
	if end == p.pos {
		return "", false
	}
	n := p.s[p.pos:end]
	p.pos = end
	return n, true
}

// parseTList parses a transformer list after its "(".
func (p *parser) parseTList(start int) (*TList, error) {
	l := &TList{Offset: start}
	p.blank()
	if p.lit(")") {
		return l, nil
	}
	a, err := p.parseTListArg()
	if err != nil {
		return nil, err
	}
	l.Items = append(l.Items, a)
	p.blank()
	for p.lit(",") {
		p.blank()
		a, err := p.parseTListArg()
		if err != nil {
			return nil, err
		}
		l.Items = append(l.Items, a)
		p.blank()
	}
	if !p.lit(")") {
		return nil, p.errorf("expected ')'")
	}
	return l, nil
}

// parseTListArg: Field | FieldTransformer | QuotedStr | NumValue.
func (p *parser) parseTListArg() (Operand, error) {
	start := p.pos
	if end := scanFieldName(p.s, p.pos); end > p.pos {
		name := p.s[p.pos:end]
		p.pos = end
		return p.parseFieldRest(name, start)
	}
	if name, ok := p.transformerType(); ok {
		p.blank()
		return p.parseTransformRest(name, start)
	}
	if v, end, ok, err := lexQuoted(p.s, p.pos); err != nil {
		return nil, err
	} else if ok {
		p.pos = end
		return &Lit{Text: v, Offset: start}, nil
	}
	if n, ok := p.number(); ok {
		return &Lit{Text: n, Offset: start}, nil
	}
	return nil, p.errorf("expected transformer list argument: field, transformer, quoted string, or number")
}

var (
	numOps  = []Op{OpLE, OpLT, OpGE, OpGT}
	symOps  = []Op{OpEqEq, OpEq, OpNe}
	wordOps = []Op{OpGlob, OpIGlob, OpContains, OpIContains, OpBContains, OpStartsWith, OpBStartsWith, OpEndsWith, OpRegex}
	listOps = []Op{OpIntersects, OpIn, OpPMatch}
	mods    = []Modifier{ModOneOf, ModAnyOf, ModAllOf}
)

func (p *parser) parseCondition(left Operand, start int) (Expr, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	p.blank()
	if p.lit(string(OpExists)) {
		return &Check{Field: left, Op: OpExists, Offset: start}, nil
	}
	p.blank()
	for _, op := range numOps {
		if p.lit(string(op)) {
			v, err := p.parseNumValue()
			if err != nil {
				return nil, err
			}
			return &Check{Field: left, Op: op, Value: v, Offset: start}, nil
		}
	}
	op, ok := p.strOp()
	if ok {
		hadBlank := isAlpha(op[0]) || p.blank()
		save := p.pos
		if hadBlank {
			if m, ok := p.modifier(); ok {
				if p.listValueFollows() && !p.boolKeywordFollows() {
					v, err := p.parseListValue()
					if err != nil {
						return nil, err
					}
					return &Check{Field: left, Op: op, Mod: m, Value: v, Offset: start}, nil
				}
			}
		}
		p.pos = save
		v, err := p.parseStrValue(false)
		if err != nil {
			return nil, err
		}
		return &Check{Field: left, Op: op, Value: unbare(v), Offset: start}, nil
	}
	for _, op := range listOps {
		if p.lit(string(op)) {
			v, err := p.parseListValueOrTransform()
			if err != nil {
				return nil, err
			}
			return &Check{Field: left, Op: op, Value: v, Offset: start}, nil
		}
	}
	return nil, p.errorf("expected a valid check operator: one of 'exists', '<=', '<', '>=', '>', '==', '=', '!=', 'glob', 'iglob', 'contains', 'icontains', 'bcontains', 'startswith', 'bstartswith', 'endswith', 'regex', 'intersects', 'in', 'pmatch' %s", p.near())
}

func (p *parser) strOp() (Op, bool) {
	for _, op := range symOps {
		if p.lit(string(op)) {
			return op, true
		}
	}
	for _, op := range wordOps {
		if p.word(string(op)) {
			return op, true
		}
	}
	return "", false
}

func (p *parser) modifier() (Modifier, bool) {
	for _, m := range mods {
		if p.word(string(m)) {
			return m, true
		}
	}
	return ModNone, false
}

func (p *parser) listValueFollows() bool {
	return p.pos < len(p.s) && p.s[p.pos] == '(' || scanIdent(p.s, p.pos) > p.pos
}

func (p *parser) boolKeywordFollows() bool {
	rest := p.s[p.pos:]
	for _, kw := range []string{"and", "or", "not"} {
		if strings.HasPrefix(rest, kw) && (len(rest) == len(kw) || !isAlnum(rest[len(kw)])) {
			return true
		}
	}
	return false
}

func isAlnum(c byte) bool { return isAlpha(c) || isDigit(c) }

func (p *parser) parseNumValue() (Operand, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	p.blank()
	start := p.pos
	if t, err := p.tryTransformOrVal(); err != nil || t != nil {
		return t, err
	}
	if n, ok := p.number(); ok {
		return &Lit{Text: n, Offset: start}, nil
	}
	return nil, p.errorf("expected a number value or a field with a valid transformer %s", p.near())
}

func (p *parser) parseStrValue(noTransformer bool) (Operand, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	p.blank()
	start := p.pos
	if !noTransformer {
		if t, err := p.tryTransformOrVal(); err != nil || t != nil {
			return t, err
		}
	}
	if v, end, ok, err := lexQuoted(p.s, p.pos); err != nil {
		return nil, err
	} else if ok {
		p.pos = end
		return &Lit{Text: v, Offset: start}, nil
	}
	if end := scanBareStr(p.s, p.pos); end > p.pos {
		v := p.s[p.pos:end]
		p.pos = end
		return &bareLit{Lit{Text: v, Offset: start}}, nil
	}
	if noTransformer {
		return nil, p.errorf("expected a string value %s", p.near())
	}
	return nil, p.errorf("expected a string value or a field with a valid transformer %s", p.near())
}

// bareLit marks a value read without quotes while parsing; it never escapes
// the parser (see unbare).
type bareLit struct{ Lit }

// unbare converts a value read by parseStrValue into an AST operand.
func unbare(o Operand) Operand {
	if b, ok := o.(*bareLit); ok {
		return &b.Lit
	}
	return o
}

func (p *parser) tryListExpr() (Operand, bool, error) {
	start := p.pos
	if !p.lit("(") {
		return nil, false, nil
	}
	l := &List{Offset: start}
	p.blank()
	// libsinsp tries to read a first value and, when that fails, expects the
	// closing parenthesis of an empty list. A first value with an invalid
	// escape is thus read as an empty list: in ("\q") reads as in ();
	// this parser reports the escape instead.
	if p.pos >= len(p.s) || p.s[p.pos] != ')' {
		first, err := p.parseStrValue(true)
		if err != nil {
			return nil, false, err
		}
		l.Items = append(l.Items, p.listItem(first))
		p.blank()
		for p.lit(",") {
			v, err := p.parseStrValue(true)
			if err != nil {
				return nil, false, err
			}
			l.Items = append(l.Items, p.listItem(v))
			p.blank()
		}
	}
	if !p.lit(")") {
		return nil, false, p.errorf("expected a ')' token")
	}
	return l, true, nil
}

// listItem turns a bare value naming a list into a *ListRef.
func (p *parser) listItem(o Operand) Operand {
	if b, ok := o.(*bareLit); ok {
		if p.isList != nil && p.isList(b.Text) {
			return &ListRef{Name: b.Text, Offset: b.Offset}
		}
		return &b.Lit
	}
	return o
}

func (p *parser) identValue() (Operand, bool) {
	start := p.pos
	end := scanIdent(p.s, p.pos)
	if end == p.pos {
		return nil, false
	}
	name := p.s[p.pos:end]
	p.pos = end
	if p.isList != nil && p.isList(name) {
		return &ListRef{Name: name, Offset: start}, true
	}
	return &Lit{Text: name, Offset: start}, true
}

func (p *parser) parseListValue() (Operand, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	p.blank()
	if l, ok, err := p.tryListExpr(); err != nil || ok {
		return l, err
	}
	if v, ok := p.identValue(); ok {
		return v, nil
	}
	return nil, p.errorf("expected a list or an identifier %s", p.near())
}

func (p *parser) parseListValueOrTransform() (Operand, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	p.blank()
	if l, ok, err := p.tryListExpr(); err != nil || ok {
		return l, err
	}
	if t, err := p.tryTransformOrVal(); err != nil || t != nil {
		return t, err
	}
	if v, ok := p.identValue(); ok {
		return v, nil
	}
	return nil, p.errorf("expected a list, an identifier, or a field with a valid transformer %s", p.near())
}

// tryTransformOrVal parses val(field) or a transformer; it returns nil, nil
// when neither starts here.
func (p *parser) tryTransformOrVal() (Operand, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	p.blank()
	start := p.pos
	if p.lit("val(") {
		p.blank()
		fstart := p.pos
		end := scanFieldName(p.s, p.pos)
		if end == p.pos {
			return nil, p.errorf("expected a field within 'val' transformer")
		}
		name := p.s[p.pos:end]
		p.pos = end
		f, err := p.parseFieldRest(name, fstart)
		if err != nil {
			return nil, err
		}
		p.blank()
		if !p.lit(")") {
			return nil, p.errorf("expected a ')' token closing the transformer")
		}
		t := &Transform{Name: "val", Args: []Operand{f}, Offset: start}
		arg, has, err := p.parseOptionalFieldArg()
		if err != nil {
			return nil, err
		}
		t.Arg, t.HasArg = arg, has
		return t, nil
	}
	if name, ok := p.transformerType(); ok {
		p.blank()
		return p.parseTransformRest(name, start)
	}
	return nil, nil
}
