package eql

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/eql2falco/eql2falco/diag"
)

// Limits of the parser.
const (
	// MaxDepth bounds the nesting of expressions: a level per parenthesis,
	// call, list, "not", unary minus and arithmetic operator. Elasticsearch
	// fails on deep nesting too ("EQL statement is too large"), at a depth
	// that depends on its stack.
	MaxDepth = 500
	// maxErrors bounds the errors reported for one query.
	maxErrors = 10
)

// QueryPath is the file name diagnostics use for a query parsed with Parse.
const QueryPath = "<query>"

// Parse parses an EQL statement. Diagnostics refer to the query itself
// (file QueryPath). The query is nil when there is any error.
func Parse(query string) (*Query, diag.List) {
	return ParseSource(diag.NewSource(QueryPath, query))
}

// ParseSource parses the EQL statement src.Text; diagnostics carry the
// positions src maps the query to (for a rule file: the file's line and
// column). The query is nil when there is any error.
func ParseSource(src *diag.Source) (*Query, diag.List) {
	p := newParser(src)
	q := p.run(p.parseStatement)
	p.errs.Sort() // the lexer may report an error ahead of the parser
	if p.errs.HasErrors() {
		return nil, p.errs
	}
	return q.(*Query), p.errs
}

// ParseExpr parses a lone condition, as found after "where". The expression
// is nil when there is any error.
func ParseExpr(expr string) (Expr, diag.List) {
	p := newParser(diag.NewSource(QueryPath, expr))
	x := p.run(func() Node {
		x := p.parseExpr()
		if p.tok.kind != tEOF {
			p.unexpected("an operator or the end of the expression")
		}
		return x
	})
	p.errs.Sort()
	if p.errs.HasErrors() {
		return nil, p.errs
	}
	return x.(Expr), p.errs
}

// bailout aborts parsing (too many errors, too deep).
type bailout struct{}

type parser struct {
	src  *diag.Source
	lex  lexer
	tok  token // current token
	peek token // next token, valid when hasPeek
	prev token // last consumed token

	scratch    []Expr   // stack of list items being parsed (see pop)
	parts      []string // same for field parts
	strs       slab[String]
	fields     slab[Field]
	cmps       slab[Comparison]
	hasPeek    bool
	panicking  bool // a syntax error was reported; suppress more until resynchronised
	syntaxErrs int  // syntax errors so far, reported or not
	depth      int
	errs       diag.List
	lastErrOff int
}

func newParser(src *diag.Source) *parser {
	p := &parser{src: src, lastErrOff: -1}
	p.lex = lexer{src: src.Text, errf: p.lexError}
	return p
}

// run calls parse, turning a bailout into a stop.
func (p *parser) run(parse func() Node) (n Node) {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(bailout); !ok {
				panic(r)
			}
			n = nil
		}
	}()
	if i := invalidUTF8(p.src.Text); i >= 0 {
		p.report("eql/invalid-utf8", i, i+1, "", "query is not valid UTF-8 (byte 0x%02x)", p.src.Text[i])
		return nil
	}
	p.advance()
	return parse()
}

func invalidUTF8(s string) int {
	if utf8.ValidString(s) {
		return -1
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}

// advance consumes the current token.
func (p *parser) advance() {
	p.prev = p.tok
	if p.hasPeek {
		p.tok, p.hasPeek = p.peek, false
		return
	}
	p.tok = p.lex.next()
}

// lookahead returns the token after the current one.
func (p *parser) lookahead() token {
	if !p.hasPeek {
		p.peek, p.hasPeek = p.lex.next(), true
	}
	return p.peek
}

// report records a diagnostic, dropping a second one at the same offset.
func (p *parser) report(code string, start, end int, hint, format string, args ...any) {
	if start == p.lastErrOff {
		return
	}
	p.lastErrOff = start
	e := p.src.Errorf(code, start, end, format, args...)
	e.Hint = hint
	p.errs = append(p.errs, e)
	if len(p.errs) >= maxErrors {
		p.errs = append(p.errs, p.src.Errorf("eql/too-many-errors", start, -1,
			"too many errors, giving up").WithSeverity(diag.SeverityInfo))
		panic(bailout{})
	}
}

func (p *parser) lexError(code string, start, end int, hint, format string, args ...any) {
	p.report(code, start, end, hint, format, args...)
}

// syntaxError reports an error unless one is being recovered from, and
// enters recovery.
func (p *parser) syntaxError(code string, start, end int, hint, format string, args ...any) {
	p.syntaxErrs++
	if !p.panicking {
		p.report(code, start, end, hint, format, args...)
	}
	p.panicking = true
}

// semanticError reports an error of a well-formed construct (Elasticsearch
// rejects it after parsing); parsing carries on normally.
func (p *parser) semanticError(code string, start, end int, hint, format string, args ...any) {
	if !p.panicking {
		p.report(code, start, end, hint, format, args...)
	}
}

// describe names a token for messages.
func describe(t token) string {
	switch t.kind {
	case tIdent:
		return fmt.Sprintf("identifier %q", t.val)
	case tQuotedIdent:
		return fmt.Sprintf("quoted name `%s`", t.val)
	case tTildeIdent:
		return fmt.Sprintf("function name %q", t.val+"~")
	case tString:
		v := t.val
		if utf8.RuneCountInString(v) > 30 {
			v = string([]rune(v)[:30]) + "..."
		}
		return fmt.Sprintf("string %q", v)
	case tInt, tDecimal:
		return "number " + t.val
	}
	return t.kind.String()
}

// unexpected reports the current token as a syntax error.
func (p *parser) unexpected(expected string) {
	hint := ""
	switch t := p.tok; {
	case t.kind == tIdent && keywords[strings.ToLower(t.val)] != 0:
		hint = fmt.Sprintf("EQL keywords are lower case: write %q", strings.ToLower(t.val))
	case p.prev.kind == tIdent && keywords[strings.ToLower(p.prev.val)] != 0 && p.prev.val != strings.ToLower(p.prev.val):
		hint = fmt.Sprintf("EQL keywords are lower case: write %q", strings.ToLower(p.prev.val))
	case t.kind >= tEq && t.kind <= tGte && strings.HasPrefix(expected, `"and"`):
		hint = "comparisons do not chain: join them with and"
	case t.kind == tAsgn:
		hint = `compare with ==; a single = only appears in "with maxspan=" and "with runs="`
	case t.kind == kWhere:
		hint = "a query has one where: join the conditions with and"
	}
	p.syntaxError("eql/syntax", p.tok.start, p.tok.end, hint, "expected %s, found %s", expected, describe(p.tok))
}

// expect consumes a token of kind k or reports an error.
func (p *parser) expect(k kind, context string) bool {
	if p.tok.kind == k {
		p.advance()
		return true
	}
	exp := k.String()
	if context != "" {
		exp += " " + context
	}
	p.unexpected(exp)
	return false
}

// skipTo skips tokens until one in stop at nesting depth 0, or a closing
// bracket or parenthesis that closes a group opened before the skip, or the
// end; then it leaves recovery.
func (p *parser) skipTo(stop ...kind) {
	depth := 0
	for p.tok.kind != tEOF {
		k := p.tok.kind
		if depth == 0 {
			for _, s := range stop {
				if k == s {
					p.panicking = false
					return
				}
			}
		}
		switch k {
		case tLP, tLB, tMissing:
			depth++
		case tRP, tRB:
			if depth == 0 {
				p.panicking = false
				return
			}
			depth--
		}
		p.advance()
	}
	p.panicking = false
}

func (p *parser) enter() {
	p.depth++
	if p.depth > MaxDepth {
		p.report("eql/too-deep", p.tok.start, p.tok.end, "split the condition or remove redundant parentheses",
			"query nests more than %d levels deep", MaxDepth)
		panic(bailout{})
	}
}

func (p *parser) leave() { p.depth-- }

func span(start, end int) Span { return Span{Start: start, End: end} }

// slab hands out nodes from chunks, one allocation per chunk instead of one
// per node (a rule has dozens of string literals and fields).
type slab[T any] struct{ buf []T }

func (s *slab[T]) alloc() *T {
	if len(s.buf) == cap(s.buf) {
		s.buf = make([]T, 0, 16)
	}
	s.buf = s.buf[:len(s.buf)+1]
	return &s.buf[len(s.buf)-1]
}

// pop returns a copy of the list items pushed on the scratch stack since
// mark, and removes them. Lists nest, so the stack discipline holds; the copy
// is the only allocation of a list.
func (p *parser) pop(mark int) []Expr {
	items := slices.Clone(p.scratch[mark:])
	clear(p.scratch[mark:])
	p.scratch = p.scratch[:mark]
	return items
}

// ---- statements ----

func (p *parser) parseStatement() Node {
	start := p.tok.start
	if p.tok.kind == tEOF {
		p.report("eql/empty-query", 0, len(p.src.Text), `an EQL query looks like: process where process.name == "sh"`, "query is empty")
		return nil
	}
	var body Body
	switch p.tok.kind {
	case kSequence:
		body = p.parseSequence()
	case kSample:
		body = p.parseSample()
	case kJoin:
		p.semanticError("eql/unsupported", p.tok.start, p.tok.end, "use a sequence or a sample",
			"join queries are not supported by Elasticsearch")
		body = p.parseJoin()
	case tLB, tMissing:
		p.syntaxError("eql/syntax", p.tok.start, p.tok.end, `brackets enclose the queries of a sequence or a sample; a single query has none`,
			"expected an event category, sequence or sample, found %s", describe(p.tok))
		p.panicking = false
		p.advance()
		body = p.parseEventQuery()
		if p.tok.kind == tRB {
			p.advance()
		}
	default:
		body = p.parseEventQuery()
	}
	q := &Query{Body: body}
	for p.tok.kind == tPipe {
		if pipe := p.parsePipe(); pipe != nil {
			q.Pipes = append(q.Pipes, pipe)
		}
	}
	if p.tok.kind != tEOF {
		p.unexpected(`"and", "or", "|" or the end of the query`)
	}
	q.Span = span(start, p.prev.end)
	return q
}

// parseEventQuery parses "(any | category) where condition".
func (p *parser) parseEventQuery() *EventQuery {
	q := &EventQuery{}
	start := p.tok.start
	q.CategorySpan = span(p.tok.start, p.tok.end)
	catOK := !p.panicking
	switch p.tok.kind {
	case kAny:
		q.Any = true
		p.advance()
	case tIdent, tString:
		q.Category = p.tok.val
		p.advance()
	case tQuotedIdent:
		p.syntaxError("eql/syntax", p.tok.start, p.tok.end, fmt.Sprintf("write the category as a string: %q", p.tok.val),
			"an event category cannot be a quoted name")
		catOK = false
		q.Category = p.tok.val
		p.advance()
	default:
		hint := ""
		if p.tok.kind.isKeyword() {
			hint = fmt.Sprintf("a category that is a keyword must be written as a string: %q", p.tok.val)
		}
		if p.tok.kind == kWhere {
			hint = `name the event category before where, or write "any where ..."`
		}
		p.syntaxError("eql/syntax", p.tok.start, p.tok.end, hint,
			"expected an event category (a name, a string or any), found %s", describe(p.tok))
		catOK = p.tok.kind == kWhere
		if p.tok.kind != kWhere && p.tok.kind != tEOF {
			p.advance()
		}
	}
	if p.tok.kind == kWhere {
		p.advance()
	} else {
		p.unexpected(`"where" after the event category`)
	}
	if catOK && p.panicking && p.tok.kind != tEOF && p.tok.kind != tRB && p.tok.kind != tPipe {
		// "process a == 1", "where a == 1": carry on with the condition.
		p.panicking = false
	}
	q.Where = p.parseExpr()
	q.Span = span(start, p.prev.end)
	return q
}

// parseJoinKeys parses "by expr, expr...".
func (p *parser) parseJoinKeys() []Expr {
	p.advance() // by
	mark := len(p.scratch)
	p.scratch = append(p.scratch, p.parseExpr())
	for p.tok.kind == tComma {
		p.advance()
		p.scratch = append(p.scratch, p.parseExpr())
	}
	return p.pop(mark)
}

func (p *parser) parseSequence() *Sequence {
	s := &Sequence{}
	start, syntaxErrs, errs := p.tok.start, p.syntaxErrs, len(p.errs)
	p.advance() // sequence
	if p.tok.kind == kBy {
		s.By = p.parseJoinKeys()
	}
	if p.tok.kind == kWith {
		s.MaxSpan = p.parseMaxSpan()
		if p.tok.kind == kBy {
			byStart := p.tok.start
			keys := p.parseJoinKeys()
			if s.By == nil {
				s.By = keys
				p.semanticError("eql/sequence-by-after-with", byStart, p.prev.end, "write: sequence by ... with maxspan=...",
					"please specify sequence [by] before [with] not after")
			} else {
				p.syntaxError("eql/syntax", byStart, byStart+2, "", "a sequence has one by clause")
			}
		}
	}
	for p.tok.kind == tLB || p.tok.kind == tMissing {
		s.Terms = append(s.Terms, p.parseTerm(true))
	}
	if p.tok.kind == kUntil {
		p.advance()
		if p.tok.kind == tLB || p.tok.kind == tMissing {
			s.Until = p.parseTerm(true)
		} else {
			p.unexpected(`"[" to start the until query`)
		}
	}
	s.Span = span(start, p.prev.end)
	// "[q] with runs=3" counts as three queries, as in Elasticsearch.
	n := 0
	for _, t := range s.Terms {
		n += max(1, t.Runs)
	}
	switch {
	case len(s.Terms) == 0:
		p.unexpected(`"[" to start a query of the sequence`)
	case p.syntaxErrs > syntaxErrs:
		return s // the counts below would be wrong
	case n < 2 && len(p.errs) == errs: // an invalid runs=N counts as 1: say nothing more
		p.semanticError("eql/sequence-length", start, start+len("sequence"), "a sequence matches 2 or more queries in order",
			"a sequence requires a minimum of 2 queries, found [%d]", n)
	}
	terms := s.Terms
	if s.Until != nil {
		terms = append(terms[:len(terms):len(terms)], s.Until)
	}
	p.checkJoinKeys(terms)
	return s
}

// parseJoin reads "join [by keys] term... [until term]" for its errors; the
// query is rejected anyway.
func (p *parser) parseJoin() *Sample {
	s := &Sample{}
	start := p.tok.start
	p.advance() // join
	if p.tok.kind == kBy {
		s.By = p.parseJoinKeys()
	}
	for p.tok.kind == tLB || p.tok.kind == tMissing || p.tok.kind == kUntil {
		if p.tok.kind == kUntil {
			p.advance()
			if p.tok.kind != tLB && p.tok.kind != tMissing {
				p.unexpected(`"[" to start the until query`)
				break
			}
		}
		s.Terms = append(s.Terms, p.parseTerm(false))
	}
	s.Span = span(start, p.prev.end)
	return s
}

func (p *parser) parseSample() *Sample {
	s := &Sample{}
	start, syntaxErrs := p.tok.start, p.syntaxErrs
	p.advance() // sample
	if p.tok.kind == kBy {
		s.By = p.parseJoinKeys()
	}
	for p.tok.kind == tLB || p.tok.kind == tMissing {
		s.Terms = append(s.Terms, p.parseTerm(false))
	}
	s.Span = span(start, p.prev.end)
	switch n := len(s.Terms); {
	case n == 0:
		p.unexpected(`"[" to start a query of the sample`)
	case p.syntaxErrs > syntaxErrs:
		return s // the counts below would be wrong
	case n < 2:
		p.semanticError("eql/sample-length", start, start+len("sample"), "a sample matches 2 to 5 queries",
			"a sample requires a minimum of 2 queries, found [%d]", n)
	case n > 5:
		p.semanticError("eql/sample-length", start, start+len("sample"), "a sample matches 2 to 5 queries",
			"a sample requires a maximum of 5 queries, found [%d]", n)
	}
	p.checkJoinKeys(s.Terms)
	return s
}

// checkJoinKeys reports terms whose own join keys differ in number from the
// first term's, as Elasticsearch does.
func (p *parser) checkJoinKeys(terms []*SeqTerm) {
	if len(terms) == 0 {
		return
	}
	want := len(terms[0].By)
	for _, t := range terms[1:] {
		if len(t.By) != want {
			sp := t.Span
			if len(t.By) > 0 {
				sp = span(t.By[0].Bounds().Start, t.By[len(t.By)-1].Bounds().End)
			}
			p.semanticError("eql/join-keys", sp.Start, sp.End, "every query of a sequence or sample needs the same number of by keys",
				"inconsistent number of join keys specified; expected [%d] but found [%d]", want, len(t.By))
			return
		}
	}
}

// parseTerm parses "[query] [by keys] [with runs=N]" or "![query] ...".
func (p *parser) parseTerm(inSequence bool) *SeqTerm {
	t := &SeqTerm{}
	start := p.tok.start
	if p.tok.kind == tMissing {
		t.Missing = true
		if !inSequence {
			p.semanticError("eql/missing-event", p.tok.start, p.tok.end, "missing events ![...] only exist in sequences",
				"a sample cannot have missing events")
		}
	}
	p.advance() // [ or ![
	t.Query = p.parseEventQuery()
	if p.tok.kind == tRB {
		p.advance()
	} else {
		p.unexpected(`"and", "or" or "]" to close the query`)
		p.skipTo(tRB)
		if p.tok.kind == tRB {
			p.advance()
		}
	}
	if p.tok.kind == kBy {
		t.By = p.parseJoinKeys()
	}
	if p.tok.kind == kWith {
		if !inSequence {
			p.unexpected(`"[" to start the next query of the sample`)
		} else {
			t.Runs = p.parseRuns()
		}
	}
	t.Span = span(start, p.prev.end)
	return t
}

// parseMaxSpan parses "with maxspan=N<unit>".
func (p *parser) parseMaxSpan() *Duration {
	p.advance() // with
	if p.tok.kind == tIdent && p.tok.val == "runs" {
		p.syntaxError("eql/syntax", p.tok.start, p.tok.end, "runs belongs to a query: [process where ...] with runs=3",
			`expected "maxspan", found "runs"`)
		return nil
	}
	if !p.expect(kMaxspan, `after "with"`) || !p.expect(tAsgn, `after "maxspan"`) {
		return nil
	}
	d := &Duration{}
	numTok := p.tok
	if numTok.kind != tInt && numTok.kind != tDecimal {
		p.unexpected("a number of time units after maxspan=")
		return nil
	}
	p.advance()
	text := numTok.val
	unitTok := token{kind: tEOF}
	if p.tok.kind == tIdent {
		unitTok = p.tok
		p.advance()
		text += unitTok.val
	}
	d.Span = span(numTok.start, p.prev.end)
	d.Unit = unitTok.val
	if numTok.kind == tDecimal {
		p.semanticError("eql/maxspan", numTok.start, numTok.end, "write a whole number of a smaller unit: 1500ms, 90s",
			"decimal time interval [%s] not supported; please use a positive integer", numTok.val)
		return d
	}
	v, err := strconv.ParseInt(numTok.val, 10, 64)
	switch {
	case err != nil:
		p.semanticError("eql/maxspan", numTok.start, numTok.end, "", "maxspan value [%s] is too large", numTok.val)
	case v <= 0:
		p.semanticError("eql/maxspan", numTok.start, numTok.end, "", "a positive maxspan value is required; found [%d]", v)
	case unitTok.kind == tEOF:
		p.semanticError("eql/maxspan", numTok.start, numTok.end, "the units are ms, s, m, h and d",
			"no time unit specified, did you mean [s] as in [%ss]?", numTok.val)
	case !validUnit(unitTok.val):
		p.semanticError("eql/maxspan", unitTok.start, unitTok.end, "",
			"unrecognized time unit [%s] in [%s], please specify one of [ms, s, m, h, d]", unitTok.val, text)
	}
	d.Value = v
	return d
}

func validUnit(u string) bool {
	switch u {
	case "ms", "s", "m", "h", "d":
		return true
	}
	return false
}

// parseRuns parses "with runs=N" after a sequence query.
func (p *parser) parseRuns() int {
	p.advance() // with
	if p.tok.kind == kMaxspan {
		p.syntaxError("eql/syntax", p.tok.start, p.tok.end, "maxspan goes right after sequence [by ...]: sequence with maxspan=5m [...] [...]",
			`expected "runs", found "maxspan"`)
		return 0
	}
	if p.tok.kind != tIdent {
		p.unexpected(`"runs" after "with"`)
		return 0
	}
	key := p.tok
	p.advance()
	if !p.expect(tAsgn, `after "runs"`) {
		return 0
	}
	num := p.tok
	if num.kind != tInt && num.kind != tDecimal {
		p.unexpected("a number after runs=")
		return 0
	}
	p.advance()
	if key.val != "runs" {
		p.semanticError("eql/runs", key.start, key.end, "", "unrecognized query parameter [%s]; only [runs] is supported", key.val)
		return 0
	}
	n, err := strconv.ParseInt(num.val, 10, 64)
	switch {
	case num.kind == tDecimal || err != nil:
		p.semanticError("eql/runs", num.start, num.end, "", "runs must be an integer from 1 to 100, found [%s]", num.val)
	case n <= 0:
		p.semanticError("eql/runs", num.start, num.end, "", "a positive runs value is required; found [%d]", n)
	case n > 100:
		p.semanticError("eql/runs", num.start, num.end, "", "a query cannot be repeated more than 100 times; found [%d]", n)
	default:
		return int(n)
	}
	return 0
}

// parsePipe parses "| name args".
func (p *parser) parsePipe() *Pipe {
	start := p.tok.start
	p.advance() // |
	nameTok := p.tok
	if nameTok.kind != tIdent {
		p.unexpected(`a pipe name ("head" or "tail") after "|"`)
		p.skipTo(tPipe)
		return nil
	}
	p.advance()
	var args []Expr
	if p.tok.kind != tEOF && p.tok.kind != tPipe {
		args = append(args, p.parseExpr())
		for p.tok.kind == tComma {
			p.advance()
			args = append(args, p.parseExpr())
		}
	}
	pipe := &Pipe{Span: span(start, p.prev.end), Name: nameTok.val}
	switch nameTok.val {
	case "head", "tail":
	case "count", "filter", "sort", "unique", "unique_count":
		p.semanticError("eql/unsupported-pipe", nameTok.start, nameTok.end, "Elasticsearch runs only | head N and | tail N",
			"pipe [%s] is not supported", nameTok.val)
		return nil
	default:
		p.semanticError("eql/unsupported-pipe", nameTok.start, nameTok.end, "Elasticsearch runs only | head N and | tail N",
			"unrecognized pipe [%s]", nameTok.val)
		return nil
	}
	if len(args) != 1 {
		p.semanticError("eql/pipe-argument", start, p.prev.end, fmt.Sprintf("write | %s 10", nameTok.val),
			"pipe [%s] expects exactly one argument but found [%d]", nameTok.val, len(args))
		return nil
	}
	n, ok := args[0].(*Number)
	if !ok || n.IsFloat || n.Int < 0 || n.Int > math.MaxInt32 {
		sp := args[0].Bounds()
		p.semanticError("eql/pipe-argument", sp.Start, sp.End, "", "pipe [%s] expects a positive integer but found [%s]",
			nameTok.val, p.src.Text[sp.Start:sp.End])
		return nil
	}
	pipe.Count = int(n.Int)
	return pipe
}

// ---- expressions ----

// parseExpr parses a boolean expression: or > and > not > comparison.
func (p *parser) parseExpr() Expr {
	p.enter()
	defer p.leave()
	start := p.tok.start
	x := p.parseAnd()
	if p.tok.kind != kOr {
		return x
	}
	mark := len(p.scratch)
	p.scratch = appendFlat[*Or](p.scratch, x)
	for p.tok.kind == kOr {
		p.advance()
		y := p.parseAnd()
		p.scratch = appendFlat[*Or](p.scratch, y)
	}
	return &Or{Span: span(start, p.prev.end), Terms: p.pop(mark)}
}

func (p *parser) parseAnd() Expr {
	start := p.tok.start
	x := p.parseNotLevel()
	p.resync()
	if p.tok.kind != kAnd {
		return x
	}
	mark := len(p.scratch)
	p.scratch = appendFlat[*And](p.scratch, x)
	for p.tok.kind == kAnd {
		p.advance()
		y := p.parseNotLevel()
		p.scratch = appendFlat[*And](p.scratch, y)
		p.resync()
	}
	return &And{Span: span(start, p.prev.end), Terms: p.pop(mark)}
}

// resync leaves error recovery at the next "and", "or", or the end of the
// enclosing group.
func (p *parser) resync() {
	if p.panicking {
		p.skipTo(kAnd, kOr, tPipe, tComma)
	}
}

// appendFlat appends x to terms, splicing the terms of x when it has the
// same n-ary type T (And or Or).
func appendFlat[T interface{ *And | *Or }](terms []Expr, x Expr) []Expr {
	switch y := x.(type) {
	case *And:
		if _, same := any(T(nil)).(*And); same {
			return append(terms, y.Terms...)
		}
	case *Or:
		if _, same := any(T(nil)).(*Or); same {
			return append(terms, y.Terms...)
		}
	}
	return append(terms, x)
}

// parseNotLevel parses "not x", "relationship of [...]" or a comparison.
func (p *parser) parseNotLevel() Expr {
	switch {
	case p.tok.kind == kNot:
		p.enter()
		defer p.leave()
		start := p.tok.start
		p.advance()
		x := p.parseNotLevel()
		return &Not{Span: span(start, p.prev.end), X: x}
	case p.tok.kind == tIdent && p.lookahead().kind == kOf:
		return p.parseProcessCheck()
	}
	return p.parseComparison()
}

// parseProcessCheck reads "descendant of [query]" to reject it as
// Elasticsearch does.
func (p *parser) parseProcessCheck() Expr {
	start := p.tok.start
	rel := p.tok
	p.advance() // relationship
	p.advance() // of
	p.semanticError("eql/unsupported", rel.start, rel.end, "Elasticsearch EQL has no process relationships; use a sequence by process.entity_id",
		"process relationships are not supported")
	if p.tok.kind == tLB || p.tok.kind == tMissing {
		p.advance()
		p.parseEventQuery()
		p.expect(tRB, "to close the query")
	} else {
		p.unexpected(`"[" after "of"`)
	}
	return &Null{Span: span(start, p.prev.end)}
}

func cmpOp(k kind) (CmpOp, bool) {
	switch k {
	case tEq:
		return OpEq, true
	case tNeq:
		return OpNeq, true
	case tLt:
		return OpLt, true
	case tLte:
		return OpLte, true
	case tGt:
		return OpGt, true
	case tGte:
		return OpGte, true
	}
	return "", false
}

func (p *parser) parseComparison() Expr {
	start := p.tok.start
	left := p.parseAdditive()
	op, ok := cmpOp(p.tok.kind)
	if !ok {
		if p.tok.kind != tAsgn {
			return left
		}
		// "a = 1": report it and read it as ==.
		p.syntaxError("eql/syntax", p.tok.start, p.tok.end, `compare with ==; a single = only appears in "with maxspan=" and "with runs="`,
			`expected an operator, found "="`)
		p.panicking = false
		op = OpEq
	}
	p.advance()
	right := p.parseAdditive()
	c := p.cmps.alloc()
	*c = Comparison{Span: span(start, p.prev.end), Op: op, Left: left, Right: right}
	return c
}

// parseAdditive and parseMultiplicative build left-deep trees in a loop;
// each level counts toward MaxDepth like a nested one, as the consumers of
// the tree recurse on it.
func (p *parser) parseAdditive() Expr {
	start, depth := p.tok.start, p.depth
	defer func() { p.depth = depth }()
	x := p.parseMultiplicative()
	for p.tok.kind == tPlus || p.tok.kind == tMinus {
		p.enter()
		op := ArithOp(p.tok.val)
		p.advance()
		y := p.parseMultiplicative()
		x = &Arith{Span: span(start, p.prev.end), Op: op, Left: x, Right: y}
	}
	return x
}

func (p *parser) parseMultiplicative() Expr {
	start, depth := p.tok.start, p.depth
	defer func() { p.depth = depth }()
	x := p.parseUnary()
	for p.tok.kind == tStar || p.tok.kind == tSlash || p.tok.kind == tPercent {
		p.enter()
		op := ArithOp(p.tok.val)
		p.advance()
		y := p.parseUnary()
		x = &Arith{Span: span(start, p.prev.end), Op: op, Left: x, Right: y}
	}
	return x
}

// parseUnary parses "-x" and "+x". A minus before a number literal is folded
// into it; unary plus is dropped, as in Elasticsearch.
func (p *parser) parseUnary() Expr {
	if p.tok.kind != tMinus && p.tok.kind != tPlus {
		return p.parsePredicate()
	}
	p.enter()
	defer p.leave()
	start := p.tok.start
	minus := p.tok.kind == tMinus
	p.advance()
	x := p.parseUnary()
	if !minus {
		return x
	}
	sp := span(start, p.prev.end)
	if n, ok := x.(*Number); ok {
		if n.IsFloat {
			return &Number{Span: sp, IsFloat: true, Float: -n.Float}
		}
		return &Number{Span: sp, Int: -n.Int}
	}
	return &Neg{Span: sp, X: x}
}

func matchOp(k kind) (MatchOp, bool) {
	switch k {
	case tSeq:
		return OpSeq, true
	case kLike:
		return OpLike, true
	case kLikeI:
		return OpLikeI, true
	case kRegex:
		return OpRegex, true
	case kRegexI:
		return OpRegexI, true
	}
	return "", false
}

// parsePredicate parses a primary expression and an optional in / not in /
// : / like / regex predicate on it.
func (p *parser) parsePredicate() Expr {
	start := p.tok.start
	x := p.parsePrimary()
	negated := false
	if p.tok.kind == kNot {
		if k := p.lookahead().kind; k != kIn && k != kInI {
			hint := "only in and in~ can be negated in place; put not before the condition: not x like \"...\""
			p.syntaxError("eql/syntax", p.tok.start, p.tok.end, hint, `expected "in" or "in~" after "not", found %s`, describe(p.lookahead()))
			return x
		}
		negated = true
		p.advance()
	}
	switch p.tok.kind {
	case kIn, kInI:
		in := &In{X: x, Insensitive: p.tok.kind == kInI}
		opName := p.tok.val
		p.advance()
		in.Values = p.parseList(opName, p.parseExpr)
		in.Span = span(start, p.prev.end)
		if negated {
			return &Not{Span: in.Span, X: in}
		}
		return in
	}
	op, ok := matchOp(p.tok.kind)
	if !ok {
		return x
	}
	m := &Match{Op: op, X: x}
	p.advance()
	if p.tok.kind == tLP {
		m.Patterns = p.parseList(string(op), p.parseConstant)
	} else {
		m.Patterns = []Expr{p.parseConstant()}
	}
	m.Span = span(start, p.prev.end)
	return m
}

// parseList parses "(item, item...)" after an operator.
func (p *parser) parseList(op string, item func() Expr) []Expr {
	if !p.expect(tLP, "after "+op) {
		return nil
	}
	mark := len(p.scratch)
	p.scratch = append(p.scratch, item())
	for p.tok.kind == tComma {
		p.advance()
		p.scratch = append(p.scratch, item())
	}
	items := p.pop(mark)
	if p.tok.kind == tRP {
		p.advance()
	} else {
		p.unexpected(`"," or ")" in the list`)
		p.skipTo(tRP)
		if p.tok.kind == tRP {
			p.advance()
		}
	}
	return items
}

// parseConstant parses a literal: the patterns of :, like and regex.
func (p *parser) parseConstant() Expr {
	switch p.tok.kind {
	case tString, tInt, tDecimal, kTrue, kFalse, kNull:
		return p.parsePrimary()
	}
	hint := ""
	switch p.tok.kind {
	case tMinus:
		hint = "negative numbers are not constants here"
	case tIdent, tQuotedIdent, tOptional, tTildeIdent:
		hint = "patterns must be literals: a field cannot be compared to another field"
	}
	p.syntaxError("eql/syntax", p.tok.start, p.tok.end, hint, "expected a string, number, boolean or null, found %s", describe(p.tok))
	return &Null{Span: span(p.tok.start, p.tok.start)}
}

func (p *parser) parsePrimary() Expr {
	t := p.tok
	sp := span(t.start, t.end)
	switch t.kind {
	case tString:
		p.advance()
		s := p.strs.alloc()
		*s = String{Span: sp, Value: t.val, Raw: t.raw}
		return s
	case tInt, tDecimal:
		p.advance()
		return p.number(t)
	case kTrue, kFalse:
		p.advance()
		return &Bool{Span: sp, Value: t.kind == kTrue}
	case kNull:
		p.advance()
		return &Null{Span: sp}
	case tTildeIdent:
		return p.parseCall()
	case tIdent:
		if p.lookahead().kind == tLP {
			return p.parseCall()
		}
		return p.parseField()
	case tQuotedIdent, tOptional:
		return p.parseField()
	case tLP:
		p.advance()
		x := p.parseExpr()
		if p.tok.kind == tRP {
			p.advance()
		} else {
			p.unexpected(`"and", "or" or ")"`)
			p.skipTo(tRP)
			if p.tok.kind == tRP {
				p.advance()
			}
		}
		return x
	}
	hint := ""
	switch {
	case (t.kind == kAnd || t.kind == kOr) && (p.prev.kind == kAnd || p.prev.kind == kOr || p.prev.kind == kNot):
		hint = fmt.Sprintf("%q then %q: a condition is missing between them, or one of them is too many", p.prev.val, t.val)
	case t.kind == kAnd || t.kind == kOr:
		hint = fmt.Sprintf("%q joins two conditions: the one before it is missing", t.val)
	case t.kind == kIn || t.kind == kInI || t.kind == kLike || t.kind == kLikeI || t.kind == kRegex || t.kind == kRegexI:
		hint = fmt.Sprintf("%q needs a field on its left", t.val)
	case t.kind.isKeyword() && t.kind != kNot:
		hint = fmt.Sprintf("a field named like a keyword must be quoted: `%s`", t.val)
	}
	if t.kind == tEOF {
		hint = ""
	}
	if t.kind == tAsgn || (t.kind >= tEq && t.kind <= tGte) {
		hint = "an operator needs a value on its left"
	}
	if t.kind == tRP && p.prev.kind == tLP {
		hint = "a list needs at least one value"
	}
	p.syntaxError("eql/syntax", t.start, t.end, hint, "expected an expression, found %s", describe(t))
	return &Null{Span: span(t.start, t.start)}
}

// number converts a number token; Elasticsearch falls back to double for
// integers beyond long and rejects infinite values.
func (p *parser) number(t token) Expr {
	sp := span(t.start, t.end)
	if t.kind == tInt {
		if v, err := strconv.ParseInt(t.val, 10, 64); err == nil {
			return &Number{Span: sp, Int: v}
		}
	}
	// The lexer only produces well-formed numbers: the only error left is
	// range, and an underflow rounds to 0 as in Java.
	f, _ := strconv.ParseFloat(t.val, 64)
	if math.IsInf(f, 0) {
		p.semanticError("eql/number", t.start, t.end, "", "number [%s] is too large", t.val)
		f = 0
	}
	return &Number{Span: sp, IsFloat: true, Float: f}
}

// parseCall parses "name(args)" or "name~(args)".
func (p *parser) parseCall() Expr {
	t := p.tok
	p.advance()
	c := &Call{Name: CanonicalFunctionName(t.val), Written: t.val, Insensitive: t.kind == tTildeIdent}
	if !p.expect(tLP, "after the function name") {
		c.Span = span(t.start, p.prev.end)
		return c
	}
	if p.tok.kind != tRP {
		mark := len(p.scratch)
		p.scratch = append(p.scratch, p.parseExpr())
		for p.tok.kind == tComma {
			p.advance()
			p.scratch = append(p.scratch, p.parseExpr())
		}
		c.Args = p.pop(mark)
	}
	if p.tok.kind == tRP {
		p.advance()
	} else {
		p.unexpected(`"," or ")" in the arguments`)
		p.skipTo(tRP)
		if p.tok.kind == tRP {
			p.advance()
		}
	}
	c.Span = span(t.start, p.prev.end)
	return c
}

// parseField parses "?a.b.`c-d`" (array indexes are rejected as in
// Elasticsearch).
func (p *parser) parseField() Expr {
	f := p.fields.alloc()
	start := p.tok.start
	if p.tok.kind == tOptional {
		f.Optional = true
		p.advance()
	}
	nameStart := p.tok.start
	mark := len(p.parts)
	plain := true // only identifiers and dots, no space: Name is the text itself
	if p.fieldPart(&plain) {
		for {
			if p.tok.kind == tDot {
				p.advance()
				if !p.fieldPart(&plain) {
					break
				}
				continue
			}
			if p.tok.kind == tLB && p.lookahead().kind == tInt {
				idx := p.lookahead()
				p.semanticError("eql/unsupported", idx.start, idx.end, "", "array indexes are not supported")
				p.advance()
				for p.tok.kind == tInt {
					p.advance()
				}
				p.expect(tRB, "after the array index")
				plain = false
				continue
			}
			break
		}
	}
	f.Span = span(start, p.prev.end)
	f.Parts = slices.Clone(p.parts[mark:])
	p.parts = p.parts[:mark]
	if n := len(f.Parts); n > 0 {
		text := p.src.Text[nameStart:p.prev.end]
		if size := n - 1; plain {
			for _, part := range f.Parts {
				size += len(part)
			}
			plain = size == len(text)
		}
		if plain {
			f.Name = text
		} else {
			f.Name = strings.Join(f.Parts, ".")
		}
	}
	return f
}

// fieldPart reads one identifier of a field name onto p.parts.
func (p *parser) fieldPart(plain *bool) bool {
	switch p.tok.kind {
	case tIdent, tQuotedIdent:
		p.parts = append(p.parts, p.tok.val)
		*plain = *plain && p.tok.kind == tIdent
		p.advance()
		return true
	}
	if p.tok.kind.isKeyword() {
		p.syntaxError("eql/syntax", p.tok.start, p.tok.end, fmt.Sprintf("quote a name that is a keyword: `%s`", p.tok.val),
			"expected a field name, found %s", describe(p.tok))
		return false
	}
	p.unexpected("a field name")
	return false
}
