// Package eval is the reference evaluator of eql2falco: it decides, for one
// ECS document, what Elasticsearch's EQL engine decides for a single-event
// query ("<category> where <condition>"). The parity harness uses it as the
// oracle against which Falco's verdicts are checked, so it reproduces
// Elasticsearch, not intuition, and refuses (with a coded diagnostic) what
// it cannot reproduce exactly.
//
// # Using it
//
//	p, errs := eval.CompileRule(rule, eval.Options{})        // rule: *elastic.Rule (event_category_override honoured)
//	p, errs := eval.CompileString(query, eval.Options{})      // or a query; eval.Compile for a parsed *eql.Query
//	doc, err := eval.ParseJSON(eval.ECS(), line)               // or eval.FromMap, or NewDocument + Add
//	ok, err := p.Match(doc)                                    // err: eval/runtime (Elasticsearch would fail the search)
//	fmt.Print(p.Explain(doc))                                  // verdict of every node, with the values it saw
//
// A Program is compiled once and evaluated many times, concurrently if
// wished; a Document is built once per event and may be shared by any number
// of programs compiled for the same Mapping. On pre-parsed documents the seed
// rule takes a few hundred nanoseconds (BenchmarkSeedPreparsed).
//
// The facts below come from eql2falco's notes (shared/notes/eql-semantics.md,
// "the note", §0-§1) and from Elasticsearch's and Lucene's source, read at the
// commits quoted there; [V] marks what was verified in source, tests or
// documentation, [I] what is inferred, [U] what is unverified.
//
// # How Elasticsearch runs a single-event query
//
// Elasticsearch does not interpret EQL row by row: it compiles the filter to
// a Query DSL tree (term, terms, wildcard, regexp, prefix, range, exists
// queries under bool must/should/must_not, and Painless script queries for
// anything computed) and lets Lucene select the documents. The evaluator
// compiles the same tree and decides each leaf as the corresponding Lucene
// query would, on the values the document has indexed. [V: note §0;
// querytranslator_tests.txt, QueryTranslator.java, ExpressionTranslators.java]
//
//   - Category: "X where" is a term query on event.category (or the rule's
//     event_category_override) for X, exact and case-sensitive, true when
//     any element equals; "any where" has no category test. [V: note §0.1]
//   - Leaves: a comparison, in, ":", like, regex, function call or bare field
//     is true iff at least one value of the field (one combination of values
//     of the fields, for a script) satisfies it; a field with no indexed value
//     never satisfies a leaf. [V: note §0.2; term/terms/wildcard are
//     any-value queries; InternalEqlScriptUtils.multiValueDocValues]
//   - and, or, not are bool must, should and must_not: classical two-valued
//     logic over the leaves, so "not leaf" is true when the field is missing.
//     Elasticsearch does not push negations into comparisons ("not x < 5" is
//     must_not range, not x >= 5). [V: note §0.3; querytranslator notFilter]
//   - "a != b" is not(a == b), "a not in (...)" and "not a in (...)" are
//     not(a in (...)): on an array they mean "no element", and they are true
//     on a missing field. On computed values the not wraps the whole script
//     (true when no value combination gives true). [V: note §0.4;
//     querytranslator negatedInFilterWithScripting]
//   - "x == null" is must_not exists, "x != null" is exists; "null == x" is
//     the same. A value over ignore_above, absent, null or [] is no value; ""
//     is a value. [V: note §0.5; Elasticsearch exists query documentation:
//     "the length of the field value exceeded an ignore_above setting"]
//   - Constants fold at planning time (ConstantFolding): "1 == 1", a function
//     of constants, "where true". A filter that folds to false or null
//     matches nothing, and "not null" stays null. A null that would have to
//     be combined with non-constant conditions is refused
//     (eval/null-operand): Elasticsearch folds it with three-valued logic in
//     ways not reproduced here. [V: note §1.3 for the documented cases; I for
//     the rest]
//
// # Operators (note §1.2)
//
//	==, !=              term query, case-sensitive; * and ? are literal.
//	< <= > >=           range query: numbers as numbers, keyword values in term
//	                    order (bytes of UTF-8), ip values as addresses.
//	:                   without * or ?: term with case_insensitive; with them:
//	                    wildcard with case_insensitive; a list is an or.
//	like, like~         wildcard query (a pattern without * or ? is a term),
//	                    case-sensitive / ASCII-insensitive; a list is an or.
//	regex, regex~       regexp query on the list joined with "|" (Lucene
//	                    RegExp, below).
//	in, in~             terms query / or of case-insensitive terms; no
//	                    wildcards ("cc1*" is the five characters); null items
//	                    are dropped.
//	bare boolean field  term true (AddMissingEqualsToBoolField); a non-boolean
//	                    field as a condition is refused (eval/non-boolean-condition).
//
// Case-insensitive operators fold ASCII letters only: é does not match É,
// ß is not SS, the Kelvin sign is not K (AutomatonQueries.toCaseInsensitiveChar
// and Lucene's ASCII_CASE_INSENSITIVE: "For now we only work with ASCII
// characters"). [V: note §0.6, §1.5; Lucene RegExp.toCaseInsensitiveChar]
//
// Wildcards: * is any sequence of code points (also none), ? exactly one
// code point (an emoji is one ?), the whole value must match, and there is
// no escape: EQL's toLikePattern and QL's likeToLuceneWildcard escape every
// backslash, so a backslash in an EQL pattern is a literal backslash and
// every * and ? is a wildcard. [V: note §1.6]
//
// Comparing a field with a field (or two computed values) is refused as
// Elasticsearch refuses it ("Comparisons against fields are not
// (currently) supported", eval/field-comparison). A constant on the left is
// moved to the right (LiteralsOnTheRight).
//
// # Lucene regular expressions (note §1.7)
//
// regex and regex~ are translated to Go regular expressions that accept the
// same language; the translation is a port of the parsing decisions of
// Lucene's RegExp class (Lucene 10, as in Elasticsearch 9) with the syntax
// flags Elasticsearch passes (ALL). [V: Lucene RegExp.java, read at several
// commits; querytranslator regexSingleArg flags_value 255]
//
//   - Implicitly anchored on the whole value; ^ and $ are ordinary
//     characters.
//   - . is any code point, newline included; [...] and [^...] are classes
//     (a negated class also matches newlines); "..." is a literal run (and
//     one atom for a quantifier); \ makes the next character literal.
//   - \d \D \s \S \w \W are ASCII classes (\s is space, tab, LF, CR), also
//     inside classes; \\ is a backslash; a backslash before any other ASCII
//     letter is an error ("invalid character class"), so "\\n" in a regex is
//     rejected while a literal newline ("\n" in the EQL string) is fine.
//   - ? * + {n} {n,} {n,m} apply to the atom before them and stack;
//     *? +? ?? are optional repetitions (no lazy quantifiers); a quantifier,
//     |, ), ], } or { where an atom is expected is a literal character;
//     {n,m} with n > m is an error; an empty branch ("a|") is an error;
//     the empty pattern matches only "".
//   - regex~ folds single characters (also in classes and quoted runs) to
//     both ASCII cases; ranges ([a-z]) and the predefined classes are not
//     folded, so regex~ "[a-z]+" does not match "ABC".
//   - Refused (eql/unsupported-regex): the optional operators ~
//     (complement: only with Lucene 10's DEPRECATED_COMPLEMENT flag, so its
//     meaning depends on the version), & (intersection), # (empty language),
//     @ (any string), <...> (numeric interval, named automaton); an escaped
//     character followed by - inside a class (a range in Lucene 9, not in
//     Lucene 10); repetition counts above 1000; regex on a computed value
//     (Elasticsearch runs a Java regular expression in a Painless script
//     there). Lucene's limit on determinized states (patterns "too complex
//     to determinize") is not reproduced [U].
//
// # Documents and field types (note §1.9, §1.10)
//
// A document is indexed under a Mapping, as Elasticsearch coerces values when
// it indexes them. Dotted keys and nested objects are the same field; arrays
// (also of objects, also nested) flatten; null and [] are no value. A
// document Elasticsearch would reject is an error (eval/bad-document):
// duplicate keys in one object (strict duplicate detection), invalid UTF-8, a
// value and an object at one path, an object where ECS has a concrete field,
// a malformed value for the field type, a keyword term over Lucene's 32766
// bytes.
//
//   - keyword, constant_keyword, wildcard, flattened: strings as they are; a
//     number as written in the JSON ("1.50" stays "1.50"); a boolean as
//     true/false. Values longer than ignore_above (UTF-16 code units, per
//     array element; 1024 for ECS keywords, none for wildcard fields) are not
//     indexed: no query sees them. [V: ECS templates, note §1.10; I: the
//     JSON text of numbers]
//   - long, integer: numbers and numeric strings, decimals truncated towards
//     zero (coerce), "" is no value; out of range, non-numbers, booleans are
//     rejected. float: rounded to 32 bits (query values too); double as is;
//     NaN and infinities rejected.
//   - boolean: true, false, "true", "false", "" (false); anything else is
//     rejected. [V: Elasticsearch boolean field documentation, 7.x+]
//   - ip: IPv4 and IPv6 text, IPv4-mapped IPv6 is IPv4 (16-byte encoding),
//     zones and non-strings rejected; term and terms take addresses or CIDR
//     blocks, ranges compare addresses.
//   - date, text/match_only_text, object, nested, geo_point, scaled_float:
//     queries on them are refused (eql/unsupported-field-type); their values
//     are accepted and ignored.
//
// Query values are converted to the field's type as Elasticsearch's term
// and range queries convert them: a number against a keyword field is its
// text (Java's Long/Double.toString), "true" against a boolean field is true,
// "42" against a long field is 42, a decimal against a long field never
// equals; a value that cannot be converted is refused at compile time for a
// known type (eval/type-mismatch, Elasticsearch fails the query) and is an
// eval/runtime error for a field whose type only the document decides.
// [I: MappedFieldType.termQuery conversions]
//
// Mappings. ECS() uses the explicit definition of every ECS field
// (ecs_flat.yml, package ecsmapping), and for any other field the dynamic
// templates of Elasticsearch's ecs@mappings component template
// (x-pack/plugin/core/template-resources/.../ecs@mappings.json): *.ip
// strings are ip, *command_line and *url.full/original/path wildcard,
// *.name, *.executable, *.working_directory, *file.path keyword without
// ignore_above, *.timestamp, *.start, *.end, ... date, every other string a
// keyword with ignore_above 1024; without a template, integers are long,
// decimals float, booleans boolean (Elasticsearch's default dynamic
// mapping). Keys below an ECS flattened field are keyed flattened values.
// Dynamic() uses only the dynamic templates: Defend for Containers' process
// data stream declares no ECS fields of its own (packages/cloud_defend:
// build.yml import_mappings, fields.yml with cloud_defend.* only), so its
// process.name and process.executable may have no ignore_above there [I];
// process.args, container.id and other strings keep 1024 either way. Date
// detection is assumed off, as in Fleet's templates [U].
//
// ?field: the evaluator assumes every field is mapped in the searched
// indices, so ?f behaves as f. Elasticsearch replaces ?f by null only when
// no searched index maps f, and fails a query on an unmapped plain field;
// neither is reproduced. [V: note §1.3 for the behaviour; this assumption
// is the evaluator's]
//
// # Functions (note §1.11)
//
// Names are case-insensitive; "~" selects the case-insensitive form of
// between, endsWith, indexOf, startsWith and stringContains and is an error
// on the others (eval/case-insensitive-function); unknown names, wildcard()
// included (removed from Elasticsearch), are errors (eval/unknown-function);
// arity and argument types are checked as Elasticsearch's verifier does
// (eval/function-arguments, eval/type-mismatch). [V: EqlFunctionRegistry,
// EqlFunctionResolution]
//
// On a field with constants, Elasticsearch runs queries [V: QueryTranslator]:
//
//	startsWith(f, "p")       prefix query (startsWith~: case_insensitive, ASCII)
//	endsWith(f, "s")         wildcard query "*" + s, the argument NOT escaped
//	stringContains(f, "s")   wildcard query "*" + s + "*", NOT escaped: a * or ?
//	                         in s is a wildcard and a backslash escapes the next
//	                         character (Lucene WildcardQuery syntax); "" matches
//	                         every value [V at the QueryTranslator commit read;
//	                         U for later versions]
//	cidrMatch(ip, "cidr"...) terms query on the ip field with the blocks
//	f(...) == true / != false, f(...) == false / != true
//	                         the function / not the function
//	                         (BooleanFunctionEqualsElimination)
//
// Everything else is a Painless script run once per combination of the
// values of the fields it reads, in doc-values order (strings and addresses
// sorted and de-duplicated, numbers sorted), each field reference iterating
// on its own [I], a field without values taking part once as null; the
// predicate holds when one combination gives true, null counts as false
// (nullSafeFilter). Values follow Java: strings are UTF-16 (length counts
// code units; substring and indexOf index them), integer literals are
// Integer when they fit 32 bits, field values Long, decimals Double;
// comparisons are QL's Comparisons (numbers as numbers, strings in UTF-16
// order, different types give null). Function semantics follow the
// processors: length, string (Java toString), number (decimal or 0x hex,
// base argument an integer literal), substring (Python-style slices),
// indexOf (null when absent), between (greedy or not), concat (null if an
// argument is null), startsWith/endsWith/stringContains (stringContains of
// or in "" is false), cidrMatch, add/subtract/multiply/divide/modulo (Java
// int/long arithmetic: integer division truncates, overflow and division by
// zero throw). A script that throws fails the search: Match returns an
// eval/runtime error. [V: the processors and InternalEqlScriptUtils read;
// I: exact Java overflow and exception behaviour of QL Arithmetics]
//
// In scripts, case-insensitive functions lower-case with Java's
// toLowerCase(Locale.ROOT) (full Unicode, İ and final sigma included), ":"
// without wildcards is String.compareToIgnoreCase (Unicode simple case
// mapping), and like/":" with wildcards become a Java regular expression
// matched on the whole string, where * and ? do not match line terminators
// (\n \r U+0085 U+2028 U+2029) and case-insensitivity is ASCII-only
// (Pattern.CASE_INSENSITIVE). These differ from the same operators on a field.
// [V: StringComparisons.insensitiveEquals, querytranslator
// likeMultiArgWithScript; I: the CASE_INSENSITIVE flag]. between's markers
// must be constants in this evaluator (eql/unsupported-expression).
//
// # What is refused
//
// Sequences (eql/unsupported-sequence), samples (eql/unsupported-sample)
// and pipes (eql/unsupported-pipe) select among many events and are never
// evaluated as something else. Other refusals are listed above; all carry
// the position of the construct in the query (or rule file).
//
// When Elasticsearch would run a failing script on a document depends on
// Lucene's execution order; here conditions run in query order with
// short-circuit, so a failing script after a false conjunct is not run [U].
// The time-range filter of the detection engine (from, interval,
// timestamp_override) is not part of a query and is not applied.
//
// # Explanations
//
// Program.Explain evaluates every node without short-circuit and records,
// for each leaf, how Elasticsearch runs it (term, terms, wildcard, regexp,
// range, exists, prefix, script), the values of its fields as indexed
// (values over ignore_above listed apart) and the values or combinations
// that satisfied it. Explanation.String prints the indented tree the parity
// harness shows for every disagreement.
//
// # Diagnostic codes
//
// Compile: eql/unsupported-sequence, eql/unsupported-sample,
// eql/unsupported-pipe, eql/unsupported-regex, eql/unsupported-field-type,
// eql/unsupported-expression, eval/unknown-function,
// eval/function-arguments, eval/case-insensitive-function,
// eval/type-mismatch, eval/field-comparison, eval/non-boolean-condition,
// eval/null-operand, eval/regex-syntax, eval/invalid-cidr, eval/runtime (a
// constant expression that fails). Documents: eval/bad-document
// (*DocumentError). Evaluation: eval/runtime.
//
// # Tests
//
// testdata/conformance/*.yaml is the conformance corpus (TestConformance):
// each case names the rule of the note it pins, its query (or rule file),
// documents with ids, and the expected matching ids or error code; a failing
// case prints the explanation of every document in disagreement.
// TestCorpusRules compiles and evaluates every single-event rule of the
// shared Elastic corpus. FuzzEval runs corpus and conformance queries on
// generated documents and checks that a query and its negation never agree;
// FuzzRegexp, FuzzWildcard and FuzzParseJSON cover the pattern translators
// and the JSON reader (against Go's regexp and encoding/json).
package eval
