package eql

import (
	"strings"
	"time"
)

// Span is the byte range [Start, End) of a node in the query text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Bounds returns the span itself; every node has it through embedding.
func (s Span) Bounds() Span { return s }

// Node is any node of the syntax tree.
type Node interface {
	Bounds() Span
}

// Body is the query part of a statement: *EventQuery, *Sequence or *Sample.
type Body interface {
	Node
	body()
}

// Expr is an expression: *And, *Or, *Not, *Comparison, *In, *Match, *Call,
// *Arith, *Neg, *Field, *String, *Number, *Bool or *Null.
type Expr interface {
	Node
	expr()
}

// Query is a whole EQL statement: a body followed by pipes.
type Query struct {
	Span
	Body  Body    `json:"body"`
	Pipes []*Pipe `json:"pipes,omitempty"`
}

// EventQuery is "<category> where <condition>". It is the whole body of a
// single-event query and the filter of each sequence or sample term.
type EventQuery struct {
	Span
	// Category is the event category as Elasticsearch sees it (quotes
	// removed); empty when Any.
	Category string `json:"category,omitempty"`
	// Any is true for "any where": no category filter.
	Any bool `json:"any,omitempty"`
	// CategorySpan covers the category as written ("any", an identifier or a
	// string literal).
	CategorySpan Span `json:"category_span"`
	Where        Expr `json:"where"`
}

// Sequence is "sequence [by k, ...] [with maxspan=N<unit>] term term... [until term]".
type Sequence struct {
	Span
	By      []Expr     `json:"by,omitempty"`      // join keys shared by every term
	MaxSpan *Duration  `json:"maxspan,omitempty"` // nil when absent
	Terms   []*SeqTerm `json:"terms"`             // at least 2
	Until   *SeqTerm   `json:"until,omitempty"`   // nil when absent
}

// Sample is "sample [by k, ...] term term...". Its terms have no Runs and
// are never Missing.
type Sample struct {
	Span
	By    []Expr     `json:"by,omitempty"`
	Terms []*SeqTerm `json:"terms"` // 2 to 5
}

// SeqTerm is one "[query] [by k, ...] [with runs=N]" of a sequence or sample,
// or "![query] ..." (a missing event, sequences only).
type SeqTerm struct {
	Span
	Query   *EventQuery `json:"query"`
	By      []Expr      `json:"by,omitempty"`      // the term's own join keys, after the shared ones
	Runs    int         `json:"runs,omitempty"`    // "with runs=N": 1..100; 0 when absent (one run)
	Missing bool        `json:"missing,omitempty"` // written "![...]"
}

// Duration is the value of "maxspan=": a positive integer and a unit.
type Duration struct {
	Span
	Value int64  `json:"value"`
	Unit  string `json:"unit"` // "ms", "s", "m", "h" or "d"
}

// Std returns the duration as a time.Duration (saturating on overflow).
func (d *Duration) Std() time.Duration {
	var unit time.Duration
	switch d.Unit {
	case "ms":
		unit = time.Millisecond
	case "s":
		unit = time.Second
	case "m":
		unit = time.Minute
	case "h":
		unit = time.Hour
	case "d":
		unit = 24 * time.Hour
	}
	if unit == 0 || d.Value > int64(1<<63-1)/int64(unit) {
		return time.Duration(1<<63 - 1)
	}
	return time.Duration(d.Value) * unit
}

// Pipe is "| head N" or "| tail N", the only pipes Elasticsearch runs.
type Pipe struct {
	Span
	Name  string `json:"name"`  // "head" or "tail"
	Count int    `json:"count"` // 0..2^31-1
}

// And is "a and b and ...": at least two terms, none of them an *And
// (chains and parenthesised conjunctions are flattened).
type And struct {
	Span
	Terms []Expr `json:"terms"`
}

// Or is "a or b or ...": at least two terms, none of them an *Or.
type Or struct {
	Span
	Terms []Expr `json:"terms"`
}

// Not is "not x". The infix forms "x not in (...)" and "x not in~ (...)" are
// also parsed as Not around an *In, which is what Elasticsearch builds for
// them; the two spellings have the same tree and the printer writes the
// prefix form.
type Not struct {
	Span
	X Expr `json:"x"`
}

// CmpOp is a comparison operator.
type CmpOp string

// Comparison operators.
const (
	OpEq  CmpOp = "=="
	OpNeq CmpOp = "!="
	OpLt  CmpOp = "<"
	OpLte CmpOp = "<="
	OpGt  CmpOp = ">"
	OpGte CmpOp = ">="
)

// Comparison is "left op right". Elasticsearch builds "a != b" as
// not(a == b); the tree keeps the operator as written.
type Comparison struct {
	Span
	Op    CmpOp `json:"op"`
	Left  Expr  `json:"left"`
	Right Expr  `json:"right"`
}

// In is "x in (v, ...)" (Insensitive: "in~"). Values are expressions; no
// wildcard is ever expanded. "x not in (...)" is Not{In}.
type In struct {
	Span
	X           Expr   `json:"x"`
	Values      []Expr `json:"values"` // at least one
	Insensitive bool   `json:"insensitive,omitempty"`
}

// MatchOp is a pattern operator.
type MatchOp string

// Pattern operators.
const (
	OpSeq    MatchOp = ":"      // case-insensitive equality, wildcards * and ? when present
	OpLike   MatchOp = "like"   // wildcard, case-sensitive
	OpLikeI  MatchOp = "like~"  // wildcard, case-insensitive
	OpRegex  MatchOp = "regex"  // Lucene regular expression, case-sensitive
	OpRegexI MatchOp = "regex~" // Lucene regular expression, case-insensitive
)

// Insensitive reports whether the operator ignores (ASCII) case.
func (op MatchOp) Insensitive() bool { return op == OpSeq || op == OpLikeI || op == OpRegexI }

// Regex reports whether the patterns are regular expressions (else wildcards).
func (op MatchOp) Regex() bool { return op == OpRegex || op == OpRegexI }

// Match is "x op pattern" or "x op (pattern, ...)": the value matches when it
// matches any pattern. Patterns are literals (*String, *Number, *Bool or
// *Null) as the grammar only allows constants there; a one-element list and a
// single pattern have the same tree.
type Match struct {
	Span
	Op       MatchOp `json:"op"`
	X        Expr    `json:"x"`
	Patterns []Expr  `json:"patterns"` // at least one
}

// Call is a function call "name(args)" or "name~(args)".
type Call struct {
	Span
	// Name is the canonical spelling of the function (Elasticsearch resolves
	// names case-insensitively): "cidrMatch", "startsWith", ... for the
	// functions Elasticsearch knows, the lower-case name otherwise.
	Name string `json:"name"`
	// Written is the name as written in the query (without "~"). It is not
	// part of the tree's identity (see Equal).
	Written     string `json:"written"`
	Insensitive bool   `json:"insensitive,omitempty"` // written "name~(...)"
	Args        []Expr `json:"args"`
}

// ArithOp is an arithmetic operator.
type ArithOp string

// Arithmetic operators.
const (
	OpAdd ArithOp = "+"
	OpSub ArithOp = "-"
	OpMul ArithOp = "*"
	OpDiv ArithOp = "/"
	OpMod ArithOp = "%"
)

// Arith is "left op right". No rule of the corpus uses arithmetic; the tree
// has it because the grammar does.
type Arith struct {
	Span
	Op    ArithOp `json:"op"`
	Left  Expr    `json:"left"`
	Right Expr    `json:"right"`
}

// Neg is unary minus on anything but a number literal ("-5" is a *Number with
// a negative value; unary plus leaves no trace, as in Elasticsearch).
type Neg struct {
	Span
	X Expr `json:"x"`
}

// Field is a field reference such as process.parent.name, ?process.name or
// `kubernetes.audit.user.extra.authentication.kubernetes.io/pod-name`.
type Field struct {
	Span
	// Name is what Elasticsearch resolves: the parts joined with ".".
	Name string `json:"name"`
	// Parts are the identifiers as written, backticks removed (a quoted part
	// may itself contain dots).
	Parts []string `json:"parts"`
	// Optional is true for ?field: an unmapped field is null instead of an error.
	Optional bool `json:"optional,omitempty"`
}

// String is a string literal, with its decoded value.
type String struct {
	Span
	Value string `json:"value"`
	Raw   bool   `json:"raw,omitempty"` // written """...""" (no escapes)
}

// Number is a numeric literal. Integers are kept apart from decimals: an
// integer literal is Int unless it does not fit an int64, in which case it is
// a Float (Elasticsearch falls back to double the same way).
type Number struct {
	Span
	IsFloat bool    `json:"is_float,omitempty"`
	Int     int64   `json:"int,omitempty"`
	Float   float64 `json:"float,omitempty"`
}

// Value returns the number as a float64.
func (n *Number) Value() float64 {
	if n.IsFloat {
		return n.Float
	}
	return float64(n.Int)
}

// Bool is true or false.
type Bool struct {
	Span
	Value bool `json:"value"`
}

// Null is null.
type Null struct {
	Span
}

func (*EventQuery) body() {}
func (*Sequence) body()   {}
func (*Sample) body()     {}

func (*And) expr()        {}
func (*Or) expr()         {}
func (*Not) expr()        {}
func (*Comparison) expr() {}
func (*In) expr()         {}
func (*Match) expr()      {}
func (*Call) expr()       {}
func (*Arith) expr()      {}
func (*Neg) expr()        {}
func (*Field) expr()      {}
func (*String) expr()     {}
func (*Number) expr()     {}
func (*Bool) expr()       {}
func (*Null) expr()       {}

// canonicalFunctions maps the lower-case name of every function Elasticsearch
// EQL knows to its documented spelling.
var canonicalFunctions = func() map[string]string {
	m := map[string]string{}
	for _, n := range []string{
		"add", "between", "cidrMatch", "concat", "divide", "endsWith", "indexOf",
		"length", "modulo", "multiply", "number", "startsWith", "string",
		"stringContains", "substring", "subtract",
	} {
		m[strings.ToLower(n)] = n
	}
	return m
}()

// CanonicalFunctionName returns the canonical spelling of a function name
// written in any case: the documented name for the functions Elasticsearch
// EQL knows, the lower-case name otherwise.
func CanonicalFunctionName(written string) string {
	lower := strings.ToLower(written)
	if c, ok := canonicalFunctions[lower]; ok {
		return c
	}
	return lower
}

// KnownFunction reports whether Elasticsearch EQL has a function of that name
// (any case).
func KnownFunction(name string) bool {
	_, ok := canonicalFunctions[strings.ToLower(name)]
	return ok
}
