// Package diag is the one diagnostic type of eql2falco: every package that
// reads text written by a person (EQL queries, rule files, Falco rules, capture
// descriptions) reports problems as *diag.Error values collected in a
// diag.List.
//
// A diagnostic has a stable, namespaced code ("eql/unterminated-string",
// "rule/toml-syntax", later "translate/..."), a severity, a position (file,
// 1-based line and column, 0-based byte offset) with an optional end, a
// message and an optional hint. Codes are part of the interface: tests and
// users match on them, so a code is never reused for another meaning.
//
// Positions are resolved through a Source: the text being analysed (a query)
// together with where it sits in a File (the rule file it came from). A query
// embedded in a TOML string with escapes, or in a JSON string of an NDJSON
// export, maps every byte back to the file, so line:col always refer to the
// file a person opens in an editor.
//
// Columns count characters (Unicode code points), starting at 1; a tab counts
// as one column. Rendering keeps tabs in the caret line so that the caret sits
// under the right character whatever the tab width of the terminal.
//
// Text rendering:
//
//	rules/x.toml:24:17: eql/syntax: expected an operator, found "="
//	    process where a = 1
//	                    ^
//	    hint: compare with ==; a single = only appears in "with maxspan=" and "with runs="
//
// List.Limit keeps the first diagnostics of each file and counts the others
// in a diag/omitted note, so that a binary given as a rule file prints ten
// errors, not twenty thousand.
//
// Warnings and infos carry their severity before the code
// ("path:1:1: info: rule/ndjson-skipped-line: ..."). The JSON form (for
// --format json) is an object with code, severity, file, line, col, offset,
// end_line, end_col, end_offset, message and hint.
package diag
