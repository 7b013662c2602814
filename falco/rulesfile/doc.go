// Package rulesfile reads, checks and writes Falco rules files.
//
// The model (File with EngineVersion, PluginVersions, List, Macro and Rule
// items) follows Falco's rules schema (falco/userspace/engine/
// rule_json_schema.h) and loader (rule_loader_reader.cpp). Marshal writes it
// in the style of Falco's own rules files; Parse reads a file with
// positions and the schema's constraints; Check runs this project's checks
// (conditions, fields, operators, outputs, required engine and plugin
// versions, evt.type placement) and compiles the rules, expanding lists and
// macros exactly as Falco does, for evaluation with package condition.
//
// Findings are diag.Error values (file:line:col, a stable "falco/..." code,
// a severity); diag.List.Render shows them with the source line and a caret.
package rulesfile
