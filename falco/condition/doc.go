// Package condition is Falco's condition language in Go: the syntax of
// libsinsp's filter grammar as shipped in Falco 0.41 to 0.44, a printer whose
// output always parses back to the same tree, macro and list expansion, and
// an evaluator with libsinsp's semantics.
//
// Parse reads a condition into an AST (And, Or, Not, Ident for macro
// references, Check for "field op value"). Print writes an AST back as
// canonical text, choosing quoting itself and refusing values Falco cannot
// represent (a quoted value cannot end in a backslash). ExpandMacros and
// ExpandLists resolve references; ExpandListsText reproduces Falco's own
// textual list substitution. Compile type-checks an expanded condition
// against a Catalog of fields (NativeFields plus plugin fields) as Falco does
// when it loads a rule, and Program.Eval evaluates it on an event whose
// fields a Provider extracts. Program.Explain records the verdict of every
// node for mismatch reports. Requirements lists the constructs that need a
// recent Falco.
//
// Semantics reproduced from libsinsp (userspace/libsinsp/filter/parser.cpp,
// filter_compare.cpp, sinsp_filtercheck.cpp):
//   - a field with no value makes every check on it false, != and exists
//     included; "not" of such a check is true;
//   - on a list field only in (every element is in the set), intersects (at
//     least one element is) and exists apply;
//   - on a scalar, in and intersects are set membership;
//   - strings compare as C strings, byte-wise; icontains and iglob fold ASCII
//     case only; glob is glibc fnmatch with flags 0 (see Glob); regex is RE2
//     POSIX syntax matched against the whole value; pmatch is a path-prefix
//     match;
//   - numbers compare at the field type's width and signedness; constants are
//     read as sscanf "%d"/"%u" read them; bools accept only true and false.
//
// Where this package is stricter than Falco (never the reverse, on purpose):
// the parser follows libs 0.25 (Falco 0.44), so a word operator not followed
// by a blank is an error even where Falco 0.41-0.43 would read the next
// operator; a first list item with an invalid escape is an error (libsinsp
// reads the list as empty); NUL bytes and nesting deeper than 500 levels are
// refused. The printer never relies on the legacy escape "\ " (one
// backslash), so a value that needs quotes and ends in a backslash is
// refused. The evaluator refuses (CodeUnsupported) b64(), join(), concat(),
// getopt(), modifiers on ancestor fields, and pmatch patterns whose result
// in libsinsp depends on hash-map order.
package condition
