package translate

// Diagnostic codes. Errors are refusals: the rule is not translated, because
// no Falco rule would fire exactly where the EQL rule does. Warnings are lint
// findings that never change the translation.
const (
	CodeSequence         = "translate/unsupported-sequence"
	CodeSample           = "translate/unsupported-sample"
	CodePipe             = "translate/unsupported-pipe"
	CodeCategory         = "translate/unsupported-category"
	CodeCategoryOverride = "translate/category-override"
	CodeUnmodeledEvents  = "translate/unmodeled-events"
	CodeD4CFileEvents    = "translate/d4c-file-events"
	CodeUnmappedField    = "translate/unmapped-field"
	CodeFunction         = "translate/unsupported-function"
	CodeExpression       = "translate/unsupported-expression"
	CodeListOperator     = "translate/list-operator"
	CodeUnicodeCase      = "translate/unicode-case"
	CodeTypeMismatch     = "translate/type-mismatch"
	CodeNumberRange      = "translate/number-range"
	CodeNullValue        = "translate/null-value"
	CodeWildcardArgument = "translate/wildcard-argument"
	CodeRegex            = "translate/unsupported-regex"
	CodeUnquotable       = "translate/unquotable-value"
	CodeNeverMatches     = "translate/never-matches"
	CodeDuplicateRule    = "translate/duplicate-rule"
	CodeNotD4CField      = "translate/not-d4c-field"
	CodeInternal         = "translate/internal"

	// Warnings.
	CodeLiteralWildcard = "translate/literal-wildcard"
	CodeDuplicateValue  = "translate/duplicate-value"
	CodeConstant        = "translate/constant-condition"
)

// CodeInfo describes a diagnostic code for documentation and reports.
type CodeInfo struct {
	Code    string
	Warning bool
	Summary string // one line: what the code means
}

// Codes lists every diagnostic code of the package, refusals first, in the
// order the README documents them.
func Codes() []CodeInfo { return append([]CodeInfo(nil), codes...) }

var codes = []CodeInfo{
	{CodeSequence, false, "a sequence query: Falco rules match single events"},
	{CodeSample, false, "a sample query: Falco rules match single events"},
	{CodePipe, false, "a pipe (| head, | tail) limits results, which a Falco rule cannot do"},
	{CodeCategory, false, "an event category other than process and file: the ecs plugin describes process starts and file creations, deletions and renames"},
	{CodeCategoryOverride, false, "event_category_override reads the category from another field, which the plugin does not carry"},
	{CodeUnmodeledEvents, false, "the condition can be true on documents the plugin does not produce (process fork, end, uid_change, ...; file modification, open, ...; network), or on none it produces: test event.action"},
	{CodeD4CFileEvents, false, "the rule searches Defend for Containers file data, which depends on its logging policy (none by default), comes from hooks that run before the operation and has undocumented event.type values"},
	{CodeUnmappedField, false, "a field with no exact carrier among the ecs plugin's fields"},
	{CodeFunction, false, "a function with no exact Falco equivalent (cidrMatch, length, string, ...)"},
	{CodeExpression, false, "an expression Falco cannot test: field against field, arithmetic, a constant as a condition"},
	{CodeListOperator, false, "an ordering (<, <=, >, >=) on a list field (process.args, ...): Falco list fields take in, intersects and exists, and the plugin's pattern fields only patterns"},
	{CodeUnicodeCase, false, "a case-insensitive comparison with a non-ASCII letter: Elasticsearch releases fold such letters differently (ASCII only, or Unicode since elastic/elasticsearch#153513)"},
	{CodeTypeMismatch, false, "a value whose type does not match the field's (Elasticsearch rejects the query)"},
	{CodeNumberRange, false, "a negative, fractional or too large number compared with an unsigned Falco field where no exact form exists"},
	{CodeNullValue, false, "null inside a list or with an operator other than == and !="},
	{CodeWildcardArgument, false, "endsWith/stringContains with * ? or \\ in the argument: Elasticsearch reads them as wildcard syntax there"},
	{CodeRegex, false, "a regular expression outside the subset with an exact RE2 form (complement, intersection, intervals, case-insensitive ranges over letters, ...)"},
	{CodeUnquotable, false, "a value Falco's condition syntax cannot carry (a NUL byte, or a trailing backslash in a value that needs quotes)"},
	{CodeNeverMatches, false, "the condition can never be true (false once lowered, or tests that exclude each other: a == \"x\" and a != \"x\", two values of a single-valued field), so no Falco rule is emitted"},
	{CodeDuplicateRule, false, "a rule with the same name as an earlier rule of the same output file"},
	{CodeNotD4CField, false, "the rule searches Defend for Containers data (logs-cloud_defend.*) and tests a field D4C does not populate: there the EQL rule sees it missing, while the plugin computes it"},
	{CodeInternal, false, "the translator produced a condition Falco would reject (a bug: please report it)"},
	{CodeLiteralWildcard, true, "* or ? inside == or in (...): they are literal characters there, not wildcards"},
	{CodeDuplicateValue, true, "a value listed twice (after case folding for in~ and :); the translation lists it once"},
	{CodeConstant, true, "the condition is always true on the documents the plugin produces for the rule (a condition that is never true is refused: translate/unmodeled-events)"},
}
