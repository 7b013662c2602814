// Package translate turns Elastic EQL detection rules into Falco rules for
// the ecs plugin (plugin/ecs), exactly or not at all: each rule either
// becomes a Falco rule that fires on the same events (process starts; file
// creations, deletions and renames) as the EQL rule on the Elastic Defend
// or Defend for Containers data it searches, or is refused with coded,
// positioned diagnostics (diag.Error, code "translate/...").
//
// # Using it
//
//	res, ds := translate.Rule(rule, query, translate.Options{}) // one parsed rule; res nil on refusal
//	res.Rule, res.Lists                                         // rulesfile items (lists before the rule)
//	res.Condition                                               // what Falco evaluates (lists inline)
//	res.File()                                                  // a rules file with just this rule
//
//	set := translate.Rules(elasticSet, translate.Options{})     // parse and translate a whole set
//	set.File(header)                                            // one rules file of the translated rules
//	set.Report()                                                // coverage: status and reasons per rule
//
//	expr, ds := translate.Lower(query, src)                     // the condition alone, for fuzzing
//
// Rule refuses what has no exact Falco form; Lower makes the same refusals
// for the condition but not the rule-level ones (pipes, the agents'
// documents the plugin does not produce: agents.go), and is the lowering a
// differential test against an EQL evaluator on the plugin's documents
// wants. Every output passes
// rulesfile.Check with catalog.Options (tested over the shared corpus).
//
// # The model
//
// The plugin gives values only to successful exec events and file
// creations, deletions and renames (Elastic Defend's documents; the
// decisions are in docs/file-events.md), and a field's values in Falco are
// those Elasticsearch indexes (ignore_above included).
// An EQL leaf holds when some value satisfies it and never on a missing
// field; a Falco check is false on a field without a value, and on a list
// field intersects is "some element" (in is "every element"). So positive
// leaves lower to checks of the same predicate on one value, "!=" to
// "not =", and a guard (ecs.event.category = process, or file) follows
// evt.type when the condition could hold where fields are missing. A
// condition is checked against every document the agents write
// (docClasses): it must be false on those the plugin does not produce and
// able to hold on one it produces. See the README's
// "Translating rules" section for the table of lowerings, case folding (the
// C locale, ASCII only), "?" in wildcards, regular expressions and the
// diagnostic codes (Codes lists them).
//
// Lint warnings (literal * in == and in, duplicate values, constant
// conditions, fields Defend for Containers does not populate) never change
// a translation.
//
// The output is deterministic: the same input gives the same bytes.
package translate
