package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

const evalEvents = `{"event":{"id":"a","category":["process"]},"process":{"name":"which","args":["which","curl"]}}
{"event":{"id":"b","category":["process"]},"process":{"name":"sh","args":["sh","-c","which nmap"]}}

{"event":{"id":"c","category":["process"]},"process":{"pid":"not a number"}}
{"event":{"category":["process"]},"process":{"name":"which","args":["which","nmap"]}}
`

const evalQuery = `process where process.name == "which" and process.args in ("curl", "nmap")`

func TestEvalIDs(t *testing.T) {
	events := writeFile(t, t.TempDir(), "events.ndjson", evalEvents)
	code, stdout, stderr := runCLI(t, "eval", "-q", evalQuery, "--events", events, "--id-field", "event.id")
	if code != exitFindings {
		t.Fatalf("code %d, want %d (line 4 is invalid)\n%s", code, exitFindings, stderr)
	}
	if stdout != "a\n5\n" {
		t.Errorf("stdout %q: want the id of line 1 and the line number of line 5 (it has no event.id)", stdout)
	}
	for _, want := range []string{
		events + `:4: eval/bad-document: field process.pid: "not a number" is not a number`,
		events + ":5: warning: no event.id",
		"eval: 1 event could not be evaluated\n",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
}

func TestEvalLineNumbersAndNDJSON(t *testing.T) {
	events := writeFile(t, t.TempDir(), "events.ndjson", strings.Replace(evalEvents, `"pid":"not a number"`, `"pid":7`, 1))
	code, stdout, stderr := runCLI(t, "eval", "-q", evalQuery, "--events", events)
	if code != exitOK || stdout != "1\n5\n" || stderr != "" {
		t.Fatalf("ids: code %d stdout %q stderr %q", code, stdout, stderr)
	}
	code, stdout, _ = runCLI(t, "eval", "-q", evalQuery, "--events", events, "--format", "ndjson")
	lines := strings.Split(evalEvents, "\n")
	if code != exitOK || stdout != lines[0]+"\n"+lines[4]+"\n" {
		t.Fatalf("ndjson: code %d stdout %q", code, stdout)
	}
}

func TestEvalStdinAndExplain(t *testing.T) {
	var out, errb bytes.Buffer
	root := newRootCmd(&out, &errb)
	root.SetIn(strings.NewReader(evalEvents[:strings.Index(evalEvents, "\n\n")]))
	root.SetArgs([]string{"eval", "-q", evalQuery, "--events", "-", "--format", "explain"})
	if err := root.Execute(); err != nil {
		t.Fatalf("%v\n%s", err, errb.String())
	}
	for _, want := range []string{
		"# 1 (line 1): MATCH\n",
		"# 2 (line 2): no match\n",
		`false process.name == "which"   [term]`,
		`process.name (keyword ignore_above 1024) = ["sh"]`,
		`matched: ["curl"]`,
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("explain lacks %q:\n%s", want, out.String())
		}
	}
}

func TestEvalRuleFile(t *testing.T) {
	dir := t.TempDir()
	events := writeFile(t, dir, "events.ndjson",
		`{"event":{"category":"process","type":"start","action":"exec"},"host.os.type":"linux","process":{"name":"dash","args":["/bin/sh","/usr/bin/which","curl"]},"container.id":""}`+"\n"+
			`{"event":{"category":"process","type":"start","action":"exec"},"host.os.type":"linux","process":{"name":"sh","args":["sh","-c","which curl"]},"container.id":"x"}`+"\n")
	rule := filepath.Join("..", "..", "rules", "elastic", "current", "discovery_tool_enumeration.toml")
	code, stdout, stderr := runCLI(t, "eval", "--rule", rule, "--events", events)
	if code != exitOK || stdout != "1\n" {
		t.Fatalf("code %d stdout %q stderr %q", code, stdout, stderr)
	}
	// event_category_override of a Kibana export is honoured.
	export := writeFile(t, dir, "export.ndjson",
		`{"rule_id":"x","name":"Override","type":"eql","language":"eql","query":"process where true","event_category_override":"event.type"}`+"\n")
	code, stdout, _ = runCLI(t, "eval", "--rule", export, "--events", events)
	if code != exitOK || stdout != "" {
		t.Errorf("override: code %d stdout %q: event.type is never \"process\"", code, stdout)
	}
	code, stdout, _ = runCLI(t, "eval", "--rule", export, "--events", events, "--category-field", "event.category")
	if code != exitOK || stdout != "1\n2\n" {
		t.Errorf("--category-field: code %d stdout %q", code, stdout)
	}
}

func TestEvalRefusalsExit1(t *testing.T) {
	events := writeFile(t, t.TempDir(), "events.ndjson", evalEvents)
	for query, code := range map[string]string{
		"sequence [process where true] [process where true]": "eql/unsupported-sequence",
		"process where true | head 1":                        "eql/unsupported-pipe",
		`process where process.name regex "~a"`:              "eql/unsupported-regex",
		`process where foo(process.name)`:                    "eval/unknown-function",
	} {
		exit, stdout, stderr := runCLI(t, "eval", "-q", query, "--events", events)
		if exit != exitFindings || stdout != "" || !strings.Contains(stderr, code) {
			t.Errorf("%s: exit %d stdout %q stderr %q", query, exit, stdout, stderr)
		}
	}
}

func TestEvalUsageErrors(t *testing.T) {
	dir := t.TempDir()
	events := writeFile(t, dir, "events.ndjson", evalEvents)
	two := writeFile(t, dir, "two.ndjson",
		`{"rule_id":"1","name":"One","type":"eql","language":"eql","query":"process where true"}`+"\n"+
			`{"rule_id":"2","name":"Two","type":"eql","language":"eql","query":"process where true"}`+"\n")
	for _, args := range [][]string{
		{"eval", "--events", events},
		{"eval", "-q", "process where true"},
		{"eval", "-q", "process where true", "--rule", two, "--events", events},
		{"eval", "-q", "process where true", "--events", events, "--format", "json"},
		{"eval", "-q", "process where true", "--events", events, "--mapping", "custom"},
		{"eval", "-q", "process where true", "--events", filepath.Join(dir, "missing.ndjson")},
		{"eval", "--rule", two, "--events", events},
		{"eval", "--rule", filepath.Join(dir, "missing.toml"), "--events", events},
		{"eval", "-q", "process where true", "--events", events, "extra"},
	} {
		if code, _, stderr := runCLI(t, args...); code != exitUsage || stderr == "" {
			t.Errorf("%v: code %d stderr %q; want %d and a message", args, code, stderr, exitUsage)
		}
	}
}
