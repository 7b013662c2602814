package elastic_test

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/eql2falco/eql2falco/diag"
	"github.com/eql2falco/eql2falco/elastic"
	"github.com/eql2falco/eql2falco/elastic/eql"
)

// A rule in the detection-rules layout, written for this test.
const ruleTOML = `[metadata]
creation_date = "2026/01/21"
integration = ["cloud_defend", "endpoint"]
maturity = "production"

[transform]
[[transform.osquery]]
label = "Osquery - Retrieve Process Info"
query = "SELECT name FROM processes"

[rule]
author = ["Elastic"]
description = """
Detects a test.
"""
from = "now-6m"
index = ["logs-cloud_defend.process*"]
interval = "5m"
language = "eql"
license = "Elastic License v2"
name = "Test Rule"
note = """## Triage
query = '''not the query'''
"""
references = ["https://example.com/a"]
risk_score = 21
rule_id = "b84264aa-37a3-49f8-8bbc-60acbe9d4f86"
severity = "low"
tags = ["OS: Linux", "Tactic: Discovery"]
timestamp_override = "event.ingested"
type = "eql"
query = '''
process where process.name == "which"
'''

[[rule.threat]]
framework = "MITRE ATT&CK"
[[rule.threat.technique]]
id = "T1059"
name = "Command and Scripting Interpreter"
reference = "https://attack.mitre.org/techniques/T1059/"
[[rule.threat.technique.subtechnique]]
id = "T1059.004"
name = "Unix Shell"
reference = "https://attack.mitre.org/techniques/T1059/004/"

[rule.threat.tactic]
id = "TA0002"
name = "Execution"
reference = "https://attack.mitre.org/tactics/TA0002/"
`

func TestReadTOML(t *testing.T) {
	set := elastic.ReadTOML("r.toml", []byte(ruleTOML))
	if len(set.Diags) != 0 || len(set.Rules) != 1 {
		t.Fatalf("rules %d, diags:\n%s", len(set.Rules), set.Diags.Render())
	}
	r := set.Rules[0]
	want := &elastic.Rule{
		Path: "r.toml", Line: 32, Source: r.Source,
		Name: "Test Rule", RuleID: "b84264aa-37a3-49f8-8bbc-60acbe9d4f86", Description: "Detects a test.\n",
		Severity: "low", RiskScore: 21, Tags: []string{"OS: Linux", "Tactic: Discovery"},
		Threat: []elastic.Threat{{
			Framework: "MITRE ATT&CK",
			Tactic:    elastic.Ref{ID: "TA0002", Name: "Execution", Reference: "https://attack.mitre.org/tactics/TA0002/"},
			Techniques: []elastic.Technique{{
				Ref:           elastic.Ref{ID: "T1059", Name: "Command and Scripting Interpreter", Reference: "https://attack.mitre.org/techniques/T1059/"},
				Subtechniques: []elastic.Ref{{ID: "T1059.004", Name: "Unix Shell", Reference: "https://attack.mitre.org/techniques/T1059/004/"}},
			}},
		}},
		Index: []string{"logs-cloud_defend.process*"}, Type: "eql", Language: "eql",
		Query:             "process where process.name == \"which\"\n",
		Note:              "## Triage\nquery = '''not the query'''\n",
		References:        []string{"https://example.com/a"},
		TimestampOverride: "event.ingested", From: "now-6m", Interval: "5m",
		Author: []string{"Elastic"}, License: "Elastic License v2",
		Maturity: "production", Integration: []string{"cloud_defend", "endpoint"},
	}
	if !reflect.DeepEqual(r, want) {
		t.Errorf("rule:\n got %+v\nwant %+v", r, want)
	}
	if r.Source.Text != r.Query || r.Source.Pos(0).Line != 33 || r.Source.Pos(0).Col != 1 {
		t.Errorf("query source starts at %s, want r.toml:33:1", r.Source.Pos(0))
	}
	// A one-string integration is a list of one.
	one := strings.Replace(ruleTOML, `integration = ["cloud_defend", "endpoint"]`, `integration = "endpoint"`, 1)
	if got := elastic.ReadTOML("r.toml", []byte(one)).Rules[0].Integration; !reflect.DeepEqual(got, []string{"endpoint"}) {
		t.Errorf("integration string = %v", got)
	}
}

// setQuery replaces the query line of ruleTOML.
func setQuery(value string) string {
	return strings.Replace(ruleTOML, "query = '''\nprocess where process.name == \"which\"\n'''", value, 1)
}

// TestPositions checks the code and file position of the first diagnostic
// for errors in rule files: EQL errors inside TOML strings of every kind and
// inside NDJSON records, and errors of the files themselves.
func TestPositions(t *testing.T) {
	queryLine := 32 // the line of "query = " in ruleTOML
	at := func(line, col int) string { return pos(line, col) }
	summary := `{"exported_count":1,"exported_rules_count":1,"missing_rules":[],"missing_rules_count":0}`
	tests := []struct {
		name, file, content, code, pos string
	}{
		{"literal multi-line", "r.toml", setQuery("query = '''\nprocess where a = 1\n'''"), "eql/syntax", at(queryLine+1, 17)},
		{"literal multi-line, same line", "r.toml", setQuery("query = '''process where a = 1'''"), "eql/syntax", at(queryLine, 28)},
		{"literal multi-line, third line", "r.toml", setQuery("query = '''\nprocess where\n\ta == 1 and b = 2\n'''"), "eql/syntax", at(queryLine+2, 15)},
		{"literal one line", "r.toml", setQuery("query = 'process where a = 1'"), "eql/syntax", at(queryLine, 26)},
		{"basic one line", "r.toml", setQuery(`query = "process where a = 1"`), "eql/syntax", at(queryLine, 26)},
		{"basic with escaped quotes", "r.toml", setQuery(`query = "process where a == \"x\" and b = 1"`), "eql/syntax", at(queryLine, 41)},
		{"basic with unicode escape", "r.toml", setQuery(`query = "process where a == \"\u00e9\" and b = 1"`), "eql/syntax", at(queryLine, 46)},
		{"basic with doubled backslash", "r.toml", setQuery(`query = "process where a == \"C:\\\\x\" and b = 1"`), "eql/syntax", at(queryLine, 47)},
		{"EQL escape error in basic string", "r.toml", setQuery(`query = "process where a == \"\\q\""`), "eql/invalid-escape", at(queryLine, 31)},
		{"basic multi-line", "r.toml", setQuery("query = \"\"\"\nprocess where a == \\\"x\\\"\n  and b = 1\n\"\"\""), "eql/syntax", at(queryLine+2, 9)},
		{"basic multi-line continuation", "r.toml", setQuery("query = \"\"\"\nprocess where a == 1 and \\\n     b = 2\"\"\""), "eql/syntax", at(queryLine+2, 8)},
		{"basic multi-line tab escape", "r.toml", setQuery("query = \"\"\"process where a == \"\\t\" and b = 2\"\"\""), "eql/syntax", at(queryLine, 42)},
		{"byte order mark", "r.toml", "\uFEFF" + setQuery("query = '''\nprocess where a = 1\n'''"), "eql/syntax", at(queryLine+1, 17)},
		{"CRLF line endings", "r.toml", strings.ReplaceAll(setQuery("query = '''\nprocess where a = 1\n'''"), "\n", "\r\n"), "eql/syntax", at(queryLine+1, 17)},
		{"unterminated EQL string", "r.toml", setQuery("query = '''\nprocess where a == \"x\n'''"), "eql/unterminated-string", at(queryLine+1, 20)},
		{"TOML syntax error", "r.toml", strings.Replace(ruleTOML, `severity = "low"`, `severity = low`, 1), "rule/toml-syntax", at(28, 12)},
		{"TOML wrong type", "r.toml", strings.Replace(ruleTOML, `risk_score = 21`, `risk_score = "21"`, 1), "rule/invalid-field", at(26, 1)},
		{"EQL rule without query", "r.toml", setQuery(""), "rule/missing-query", at(11, 1)},
		{"not a rule", "r.toml", "[metadata]\nx = 1\n", "rule/not-a-rule", at(1, 1)},
		{"non-EQL rule", "r.toml", strings.Replace(ruleTOML, `type = "eql"`, `type = "new_terms"`, 1), "rule/not-eql", at(queryLine, 9)},
		{"NDJSON record", "x.ndjson", `{"rule_id":"r1","name":"n","type":"eql","language":"eql","query":"process where a = 1"}` + "\n" + summary + "\n",
			"eql/syntax", at(1, 83)},
		{"NDJSON second record", "x.ndjson", `{"rule_id":"r1","name":"n","type":"eql","query":"any where true"}` + "\n\n" +
			`{"rule_id":"r2","name":"m","type":"eql","query":"process where\n  a = 1"}`, "eql/syntax", at(3, 69)},
		{"NDJSON escapes before the error", "x.ndjson", `{"rule_id":"r","type":"eql","query":"process where a == \"\u00e9\/\" and b = 1"}`, "eql/syntax", at(1, 76)},
		{"NDJSON query key not first", "x.ndjson", `{"query":"process where a = 1","filters":[{"query":"x"}],"rule_id":"r","type":"eql"}`, "eql/syntax", at(1, 27)},
		{"NDJSON bad JSON", "x.ndjson", `{"rule_id":"r"}` + "\n" + `{"rule_id": "r", "type": eql}`, "rule/ndjson-skipped-line", at(1, 1)},
		{"NDJSON syntax error", "x.ndjson", `{"rule_id": "r", "type": eql}`, "rule/ndjson-syntax", at(1, 26)},
		{"NDJSON not an object", "x.ndjson", `["a"]`, "rule/ndjson-syntax", at(1, 1)},
		{"NDJSON wrong field type", "x.ndjson", `{"rule_id":"r","type":"eql","risk_score":"high","query":"any where true"}`, "rule/invalid-field", at(1, 42)},
		{"NDJSON export summary", "x.ndjson", summary, "rule/ndjson-skipped-line", at(1, 1)},
		{"NDJSON exception list", "x.ndjson", `{"list_id":"l","type":"detection","name":"e"}`, "rule/ndjson-skipped-line", at(1, 1)},
		{"NDJSON kuery rule", "x.ndjson", `{"rule_id":"r","name":"k","type":"query","language":"kuery","query":"a:b"}`, "rule/not-eql", at(1, 1)},
		{"NDJSON EQL without query", "x.ndjson", `{"rule_id":"r","name":"k","type":"eql"}`, "rule/missing-query", at(1, 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set := elastic.Read(tt.file, []byte(tt.content))
			all := append(diag.List(nil), set.Diags...)
			for _, r := range set.Rules {
				_, errs := eql.ParseSource(r.Source)
				all = append(all, errs...)
			}
			all.Sort()
			if len(all) == 0 {
				t.Fatalf("no diagnostic")
			}
			e := all[0]
			got := ""
			if e.Pos.Line > 0 {
				got = pos(e.Pos.Line, e.Pos.Col)
			}
			if e.Code != tt.code || got != tt.pos || e.Pos.File != tt.file {
				t.Errorf("first diagnostic %s %s:%s, want %s %s:%s\n%s", e.Code, e.Pos.File, got, tt.code, tt.file, tt.pos, all.Render())
			}
		})
	}
}

func pos(line, col int) string {
	return strings.Join([]string{itoa(line), itoa(col)}, ":")
}

func itoa(n int) string {
	s := ""
	for {
		s = string(rune('0'+n%10)) + s
		n /= 10
		if n == 0 {
			return s
		}
	}
}

func TestReadNDJSON(t *testing.T) {
	export := strings.Join([]string{
		`{"rule_id":"r1","name":"EQL one","type":"eql","language":"eql","query":"process where true","severity":"high","risk_score":73,` +
			`"tags":["OS: Linux"],"index":["logs-*"],"version":3,"related_integrations":[{"package":"endpoint","version":"^8.2.0"}],` +
			`"threat":[{"framework":"MITRE ATT&CK","tactic":{"id":"TA0002","name":"Execution","reference":"u"},"technique":[{"id":"T1059","name":"C","reference":"v","subtechnique":[{"id":"T1059.004","name":"Unix Shell","reference":"w"}]}]}]}`,
		`{"rule_id":"r2","name":"KQL","type":"query","language":"kuery","query":"host.os.type:linux"}`,
		``,
		`{"rule_id":"r3","name":"ES|QL","type":"esql","language":"esql","query":"from logs-*"}`,
		`{"exported_count":3,"exported_rules_count":3,"missing_rules":[],"missing_rules_count":0}`,
	}, "\n")
	set := elastic.ReadNDJSON("export.ndjson", []byte(export))
	if len(set.Rules) != 1 || len(set.Skipped) != 2 {
		t.Fatalf("%d rules, %d skipped", len(set.Rules), len(set.Skipped))
	}
	r := set.Rules[0]
	if r.Name != "EQL one" || r.Line != 1 || r.RiskScore != 73 || r.Version != 3 || r.Severity != "high" ||
		!reflect.DeepEqual(r.Integration, []string{"endpoint"}) || r.Threat[0].Techniques[0].Subtechniques[0].ID != "T1059.004" {
		t.Errorf("rule = %+v", r)
	}
	if s := set.Skipped[1]; s.Type != "esql" || s.Language != "esql" || s.Line != 4 || s.Path != "export.ndjson" {
		t.Errorf("skipped = %+v", s)
	}
	var codes []string
	for _, d := range set.Diags {
		codes = append(codes, d.Code+"@"+itoa(d.Pos.Line))
		if d.Severity != diag.SeverityInfo {
			t.Errorf("%s is not an info", d.Error())
		}
	}
	if strings.Join(codes, " ") != "rule/not-eql@2 rule/not-eql@4 rule/ndjson-skipped-line@5" {
		t.Errorf("diagnostics = %v", codes)
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("b/rule.toml", ruleTOML)
	write("a/export.ndjson", `{"rule_id":"r","name":"from ndjson","type":"eql","query":"any where true"}`)
	write("a/more.jsonl", `{"rule_id":"r","name":"from jsonl","type":"eql","query":"any where true"}`)
	write("a/README.md", "not a rule")
	write(".git/x.toml", "not [ toml")
	write("empty/.keep", "")

	set, err := elastic.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range set.Rules {
		names = append(names, r.Name)
	}
	if strings.Join(names, ",") != "from ndjson,from jsonl,Test Rule" || len(set.Diags) != 0 {
		t.Errorf("rules %v (lexical walk, hidden directories skipped), diags:\n%s", names, set.Diags.Render())
	}
	wantFiles := []string{filepath.Join(dir, "a/export.ndjson"), filepath.Join(dir, "a/more.jsonl"), filepath.Join(dir, "b/rule.toml")}
	if !slices.Equal(set.Files, wantFiles) {
		t.Errorf("files read %v, want %v", set.Files, wantFiles)
	}

	set, err = elastic.Load(filepath.Join(dir, "empty"))
	if err != nil || len(set.Diags) != 1 || set.Diags[0].Code != "rule/no-rule-files" || set.Diags[0].Severity != diag.SeverityWarning {
		t.Errorf("empty directory: err %v, diags %v", err, set.Diags)
	}
	if _, err := elastic.Load(filepath.Join(dir, "missing.toml")); err == nil {
		t.Error("a missing path is not an error")
	}
	if _, err := elastic.Load(filepath.Join(dir, "a", "README.md")); err == nil || !strings.Contains(err.Error(), "not a rule file") {
		t.Errorf("a named file of another extension: %v", err)
	}
	r := elastic.FromQuery("process where a = 1")
	if _, errs := eql.ParseSource(r.Source); len(errs) != 1 || errs[0].Error() != `<query>:1:17: eql/syntax: expected an operator, found "="` {
		t.Errorf("FromQuery diagnostics: %v", errs)
	}
}
