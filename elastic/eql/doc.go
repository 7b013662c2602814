// Package eql reads Elastic EQL queries as Elasticsearch does: a hand-written
// lexer and recursive-descent parser for the grammar of Elasticsearch's
// EqlBase.g4 (8.x/9.x: in~, like, regex, ?optional fields, sample, runs,
// missing events), the checks Elasticsearch makes while building its plan
// from the parse tree (string escapes, maxspan units, pipes, join key counts,
// unsupported joins, process relationships and array indexes), a syntax tree
// whose nodes carry their byte span in the query, and a printer of the
// canonical form.
//
// # Using it
//
//	q, errs := eql.Parse(`process where process.name : "sh"`)           // positions in the query
//	q, errs := eql.ParseSource(rule.Source)                              // positions in the rule file
//	text := eql.Format(q)                                                // canonical form
//	eql.Equal(a, b)                                                      // same query, spans ignored
//	eql.Inspect(q, func(n eql.Node) bool { ...; return true })          // walk
//
// The query is nil whenever errs has an error; errs may also hold an info.
// The parser recovers at "and", "or", ",", ")", "]" and "|" and reports up
// to 10 errors per query.
//
// # The tree
//
// A *Query has a Body and Pipes. The Body is one of
//
//   - *EventQuery{Category, Any, CategorySpan, Where}: "<category> where
//     <cond>". Category is the value Elasticsearch matches against
//     event.category (quotes removed: `"my-cat" where` gives my-cat); Any is
//     "any where" (no category filter).
//   - *Sequence{By, MaxSpan, Terms, Until}: MaxSpan is a *Duration{Value,
//     Unit} (Std() gives a time.Duration) or nil. Each *SeqTerm{Query, By,
//     Runs, Missing} is "[query] by k with runs=N" (Runs 0 when absent) or a
//     missing event "![query]". The sequence By keys apply to every term
//     before the term's own By keys.
//   - *Sample{By, Terms}: 2 to 5 terms, no Runs, never Missing.
//
// Pipes are *Pipe{Name: "head"|"tail", Count}; Elasticsearch rejects every
// other pipe, and so does the parser.
//
// Expressions (Expr) are, with the precedence of the grammar from loosest to
// tightest (or, and, not, comparison, + -, * / %, unary minus, predicate,
// primary):
//
//   - *Or{Terms}, *And{Terms}: n-ary, at least two terms; chains and
//     parenthesised groups of the same operator are flattened, so a term is
//     never of its parent's type. Parentheses leave no node.
//   - *Not{X}. "x not in (...)" and "x not in~ (...)" are Not{In{...}}, the
//     same tree as "not x in (...)": Elasticsearch builds Not(In) for both.
//     "a != b" stays a *Comparison with Op "!=" (Elasticsearch builds
//     not(a == b): on a multi-valued or missing field it is true when no
//     value equals b).
//   - *Comparison{Op, Left, Right}: Op is one of == != < <= > >=.
//     Comparisons do not chain.
//   - *In{X, Values, Insensitive}: "x in (v...)" / "in~"; Values are
//     expressions and never wildcards.
//   - *Match{Op, X, Patterns}: Op is ":", "like", "like~", "regex" or
//     "regex~" (MatchOp.Insensitive and MatchOp.Regex classify them).
//     Patterns are literals, as the grammar only allows constants there;
//     `x : "a"` and `x : ("a")` give the same tree.
//   - *Call{Name, Written, Insensitive, Args}: Name is canonical
//     ("cidrMatch", "startsWith", ...; the lower-case name for functions
//     Elasticsearch does not know, see KnownFunction), Written is as typed,
//     Insensitive is the "~" suffix. The parser accepts any name:
//     Elasticsearch resolves functions after parsing.
//   - *Arith{Op, Left, Right} (+ - * / %) and *Neg{X} (unary minus). A minus
//     directly before a number literal is folded into the *Number; a unary
//     plus leaves no node. The corpus has no arithmetic.
//   - *Field{Name, Parts, Optional}: Parts are the identifiers as written,
//     backticks removed (`a.b`.c has the parts "a.b" and "c"); Name is
//     what Elasticsearch resolves, the parts joined with ".". Optional is the
//     "?" prefix. A bare field as a condition (where process.interactive) is
//     just a *Field.
//   - Literals: *String{Value, Raw} (Value decoded; Raw for """..."""),
//     *Number{IsFloat, Int, Float} (integer literals stay Int unless beyond
//     int64, which Elasticsearch reads as a double too), *Bool{Value},
//     *Null.
//
// A pattern operator, in and not in apply to the primary expression just
// before them: "a + b in (1)" is a + (b in (1)), as in the grammar.
//
// Every node embeds Span{Start, End}: the byte range of the node in the query
// text (Bounds()). A diag.Source maps these offsets to file positions.
//
// # Canonical form and equality
//
// Format prints keywords in lower case, single spaces, no comments, the
// parentheses precedence needs and no others, "not x in (...)" for both
// spellings, canonical function names, "..." strings (raw strings stay raw),
// integers as integers and decimals with a "." or an exponent, field parts
// and categories quoted only when they need it, and one line per sequence or
// sample term. For every query q that parses, Parse(Format(q)) is Equal to
// q and Format is a fixed point. Equal compares with go-cmp under CmpOptions:
// spans and Call.Written are ignored, everything else (Raw, Insensitive,
// Optional, Missing, int versus float) counts.
//
// MarshalNode (and json.Marshal of a *Query) gives the JSON form used by
// "eql2falco parse --format json": each node is an object with a "type"
// ("event_query", "comparison", "in", ...), its "start" and "end", and its
// fields.
//
// # Lexical rules that differ from other EQL dialects
//
// Keywords are lower case only (Elasticsearch's lexer is case-sensitive:
// "AND" is a field name and then a syntax error). Strings are "..." with the
// escapes \t \b \f \n \r \" \' \\ and \u{XX} (2 to 8 hex digits, no
// surrogates, at most 10FFFF); any other backslash sequence is an error, so
// a regex must write "\\." or use a raw string """\.""". Raw strings stay on
// one line and end at the first """ (up to two more quotes belong to the
// value). '...', ?"..." and ?'...' are rejected with Elasticsearch's
// messages. White space is space, tab, CR and LF only; comments are // to
// the end of the line and /* */, which nest.
//
// # Diagnostic codes
//
// eql/syntax, eql/empty-query, eql/unexpected-char, eql/invalid-utf8,
// eql/unterminated-string, eql/unterminated-comment,
// eql/unterminated-identifier, eql/invalid-escape, eql/invalid-unicode,
// eql/single-quoted-string, eql/question-quoted-string, eql/number,
// eql/unsupported (join, process relationships, array indexes),
// eql/unsupported-pipe, eql/pipe-argument, eql/sequence-length,
// eql/sample-length, eql/sequence-by-after-with, eql/maxspan, eql/runs,
// eql/join-keys, eql/missing-event, eql/too-deep, eql/too-many-errors (info).
package eql
