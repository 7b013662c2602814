package e2e

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
)

// viewRuleTOML is a rule testing process.command_line, which the plugin
// computes and Defend for Containers never populates.
const viewRuleTOML = `[metadata]
maturity = "production"

[rule]
name = "Which With A Curl Command Line"
rule_id = "00000000-0000-0000-0000-00000000c0de"
description = "which run with curl on its command line."
severity = "low"
risk_score = 21
type = "eql"
language = "eql"
INDEX
query = '''
process where event.type == "start" and event.action == "exec" and process.command_line : "*which*curl*"
'''
`

func writeViewRule(t *testing.T, index string) string {
	t.Helper()
	dir := t.TempDir()
	src := bytes.Replace([]byte(viewRuleTOML), []byte("INDEX"), []byte(index), 1)
	if err := os.WriteFile(filepath.Join(dir, "rule.toml"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// A rule searching other data than Defend for Containers' (here Elastic
// Defend's endpoint events) is held to documents with every field the
// plugin computes, with its ECS meaning: process.command_line is there, and
// both sides agree on the scenario corpus, with matches.
func TestViewEndpointRule(t *testing.T) {
	set, err := LoadRules(writeViewRule(t, `index = ["logs-endpoint.events.process*"]`))
	if err != nil || len(set.Rules) != 1 {
		t.Fatalf("%v %+v", err, set)
	}
	if v := viewOf(set.Rules[0].EQL); v != ViewPlugin {
		t.Fatalf("view %d, want ViewPlugin", v)
	}
	rep, err := Parity(context.Background(), corpus(t), set.Rules, ParityOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Failed() {
		var b bytes.Buffer
		_ = rep.WriteText(&b)
		t.Fatalf("parity fails:\n%s", b.String())
	}
	if tot := rep.Totals()[0]; tot.EQLMatches == 0 {
		t.Errorf("the rule never matched: the corpus does not exercise process.command_line (%+v)", tot)
	}
}

// The same rule searching Defend for Containers data sees
// process.command_line missing: the translator refuses it rather than let
// the Falco rule fire where the EQL rule never does.
func TestViewD4CRuleRefused(t *testing.T) {
	set, err := LoadRules(writeViewRule(t, `index = ["logs-cloud_defend.process*"]`))
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Rules) != 0 || len(set.Refused) != 1 {
		t.Fatalf("want the rule refused: %d rules, %d refused", len(set.Rules), len(set.Refused))
	}
}

// The EQL side's document of a view holds only that view's fields.
func TestDocMapView(t *testing.T) {
	d := &Doc{Fields: []DocField{
		{Name: "process.name", Value: "dash", D4C: true},
		{Name: "process.command_line", Value: "/bin/sh /usr/bin/which curl"},
	}}
	if m := d.Map(ViewD4C); len(m) != 1 || m["process.name"] != "dash" {
		t.Errorf("D4C view: %v", m)
	}
	if m := d.Map(ViewPlugin); len(m) != 2 {
		t.Errorf("plugin view: %v", m)
	}
}
