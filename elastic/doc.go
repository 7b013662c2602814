// Package elastic reads Elastic detection rules: detection-rules TOML files,
// Kibana rule exports (NDJSON, one JSON object per line) and queries given on
// the command line.
//
//	set, err := elastic.Load("rules/", "export.ndjson") // err: a path cannot be used at all
//	for _, r := range set.Rules { q, errs := eql.ParseSource(r.Source); ... }
//	set.Skipped                                          // kuery, esql, new_terms, threshold... rules
//	set.Diags                                            // input errors; infos for skipped records
//
// A Rule keeps the metadata the translator and the reports use (name,
// rule_id, description, severity, risk_score, tags, MITRE ATT&CK threat
// entries down to subtechniques, index, type, language, note, references,
// event_category_override, from, interval, maturity, integration, ...) and
// the file and line it came from. Only type "eql" rules are in Set.Rules;
// the others are in Set.Skipped with an info diagnostic.
//
// Rule.Source is the query located in its file: a diagnostic about a query
// inside query = ”'...”' (or a basic """...""" string with escapes and
// line continuations, or a one-line string) carries the line and column of
// the TOML file; for a Kibana export, the line of the record and the column
// inside its JSON string. Only [rule].query is the query: the osquery
// queries of [transform] are not. The TOML library decodes the file; a small
// scanner finds the raw text of the query to map its bytes, and is checked
// against the library's value (positions fall back to the start of the
// value if they ever disagree).
//
// Diagnostic codes: rule/read, rule/toml-syntax, rule/invalid-field,
// rule/missing-query, rule/not-a-rule (info), rule/not-eql (info),
// rule/ndjson-syntax, rule/ndjson-skipped-line (info), rule/no-rule-files
// (warning).
package elastic
