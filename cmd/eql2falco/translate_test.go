package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/eql2falco/eql2falco/falco/catalog"
	"github.com/eql2falco/eql2falco/falco/rulesfile"
)

const execTOML = `[metadata]
maturity = "production"

[rule]
name = "Nmap Started"
rule_id = "22222222-2222-2222-2222-222222222222"
description = "Nmap ran."
severity = "medium"
type = "eql"
language = "eql"
query = '''
process where event.action == "exec" and process.name : "nmap"
'''
`

const refusedTOML = `[rule]
name = "Session Leader Bash"
type = "eql"
language = "eql"
query = '''
process where event.action == "exec" and
  process.session_leader.name == "bash"
'''
`

func TestTranslateFileToStdout(t *testing.T) {
	dir := t.TempDir()
	p := writeFile(t, dir, "nmap.toml", execTOML)
	code, stdout, stderr := runCLI(t, "translate", p)
	if code != exitOK {
		t.Fatalf("code %d\n%s", code, stderr)
	}
	if _, ds := rulesfile.Load("out.yaml", []byte(stdout), catalog.Options()); len(ds) > 0 {
		t.Fatalf("output fails the Falco checks:\n%s\n%s", ds.Render(), stdout)
	}
	if !strings.Contains(stdout, "tolower(ecs.process.name) = nmap") || !strings.HasPrefix(stdout, "# Falco rules translated") {
		t.Errorf("stdout:\n%s", stdout)
	}
	if !strings.Contains(stderr, "translated 1 of 1 EQL rule (0 refused, 0 invalid; 0 rules in other languages skipped)") {
		t.Errorf("stderr: %s", stderr)
	}
}

func TestTranslateRefusalWritesNothing(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a.toml", execTOML)
	writeFile(t, dir, "b.toml", refusedTOML)
	out := filepath.Join(dir, "out.yaml")
	if err := os.WriteFile(out, []byte("previous"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLI(t, "translate", "-o", out, dir)
	if code != exitFindings || stdout != "" {
		t.Fatalf("code %d stdout %q", code, stdout)
	}
	// The diagnostic points into the TOML file, with the source line and a hint.
	want := filepath.Join(dir, "b.toml") + ":7:3: translate/unmapped-field: field process.session_leader.name has no exact carrier"
	if !strings.Contains(stderr, want) || !strings.Contains(stderr, "    hint: libsinsp's session id") || !strings.Contains(stderr, "^~~~") {
		t.Errorf("stderr:\n%s", stderr)
	}
	if b, _ := os.ReadFile(out); string(b) != "previous" {
		t.Errorf("-o was written on a refusal: %q", b)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".out.yaml.*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

func TestTranslateSkipUnsupportedWithReport(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a.toml", execTOML)
	writeFile(t, dir, "b.toml", refusedTOML)
	out, md, js := filepath.Join(dir, "out.yaml"), filepath.Join(dir, "r.md"), filepath.Join(dir, "r.json")
	code, _, stderr := runCLI(t, "translate", "--skip-unsupported", "-o", out, "--report", md, dir)
	if code != exitOK {
		t.Fatalf("code %d\n%s", code, stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil || !strings.Contains(string(b), "- rule: Nmap Started") || strings.Contains(string(b), "Session Leader Bash") {
		t.Fatalf("output %v:\n%s", err, b)
	}
	rep, _ := os.ReadFile(md)
	if !strings.Contains(string(rep), "| `translate/unmapped-field` | refused | 1 |") || !strings.Contains(string(rep), "| Session Leader Bash |") {
		t.Errorf("Markdown report:\n%s", rep)
	}
	if code, _, _ := runCLI(t, "translate", "--skip-unsupported", "-o", out, "--report", js, dir); code != exitOK {
		t.Fatal(code)
	}
	var r struct {
		Summary struct{ Translated, Refused int }
		Rules   []struct {
			Name    string
			Status  string
			Reasons []string
		}
	}
	data, _ := os.ReadFile(js)
	if err := json.Unmarshal(data, &r); err != nil || r.Summary.Translated != 1 || r.Summary.Refused != 1 || len(r.Rules) != 2 {
		t.Fatalf("JSON report %v:\n%s", err, data)
	}
}

func TestTranslateParseErrorExit2(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "bad.toml", badTOML)
	out := filepath.Join(dir, "out.yaml")
	code, _, stderr := runCLI(t, "translate", "--skip-unsupported", "-o", out, dir)
	if code != exitUsage || !strings.Contains(stderr, "eql/syntax") {
		t.Fatalf("code %d stderr %s", code, stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("-o written despite a parse error")
	}
}

func TestTranslateQueryJSON(t *testing.T) {
	code, stdout, stderr := runCLI(t, "translate", "--format", "json", "-q", `process where event.action == "exec" and process.args in ("a", "b")`)
	if code != exitOK {
		t.Fatalf("code %d %s", code, stderr)
	}
	var out struct {
		Engine string `json:"required_engine_version"`
		Rules  []struct {
			Condition string
			From      struct{ Name string }
		}
	}
	if err := json.Unmarshal([]byte(stdout), &out); err != nil || out.Engine != "0.50.0" || len(out.Rules) != 1 ||
		!strings.Contains(out.Rules[0].Condition, "ecs.process.args intersects (a, b)") {
		t.Fatalf("%v\n%s", err, stdout)
	}
}

func TestTranslateUsage(t *testing.T) {
	for _, args := range [][]string{{"translate"}, {"translate", "--format", "xml", "x.toml"}, {"translate", "/no/such/file.toml"}} {
		if code, _, _ := runCLI(t, args...); code != exitUsage {
			t.Errorf("%v: code %d", args, code)
		}
	}
	code, stdout, _ := runCLI(t, "translate", "--help")
	if code != exitOK || !strings.Contains(stdout, "--skip-unsupported") || !strings.Contains(stdout, "Examples:") {
		t.Errorf("help:\n%s", stdout)
	}
}

const kueryTOML = `[rule]
name = "A KQL Rule"
type = "query"
language = "kuery"
query = 'process.name : "nmap"'
`

// A run that translated nothing fails, saying why, unless --allow-empty
// (issue 13, item 2).
func TestTranslateNothingTranslated(t *testing.T) {
	dir := t.TempDir()
	emptyTOML := writeFile(t, dir, "e/empty.toml", "")
	emptyNDJSON := writeFile(t, dir, "e/empty.ndjson", "")
	writeFile(t, dir, "none/README.md", "no rules here")
	kuery := writeFile(t, dir, "kuery.toml", kueryTOML)
	refused := writeFile(t, dir, "refused.toml", refusedTOML)
	for _, tc := range []struct {
		args []string
		why  string
	}{
		{[]string{emptyTOML}, emptyTOML + " holds no rule"},
		{[]string{emptyNDJSON}, emptyNDJSON + " holds no rule"},
		{[]string{filepath.Join(dir, "e")}, "none of the 2 rule files holds a rule"},
		{[]string{filepath.Join(dir, "none")}, "no rule file (.toml, .ndjson, .jsonl) in the inputs"},
		{[]string{kuery}, "the inputs hold no EQL rule, only 1 rule in other languages"},
		{[]string{"--skip-unsupported", refused}, "1 EQL rule refused and left out (--skip-unsupported)"},
	} {
		out := filepath.Join(dir, "out.yaml")
		code, stdout, stderr := runCLI(t, append([]string{"translate", "-o", out}, tc.args...)...)
		want := "eql2falco: translate: nothing translated: " + tc.why + "; nothing written (--allow-empty writes a rules file without rules)"
		if code != exitFindings || stdout != "" || !strings.Contains(stderr, want) {
			t.Errorf("%v: code %d stdout %q stderr:\n%s", tc.args, code, stdout, stderr)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%v: -o written", tc.args)
		}
		code, _, stderr = runCLI(t, append([]string{"translate", "--allow-empty", "-o", out}, tc.args...)...)
		if code != exitOK {
			t.Errorf("%v --allow-empty: code %d\n%s", tc.args, code, stderr)
		}
		if b, err := os.ReadFile(out); err != nil || !strings.Contains(string(b), "required_engine_version") {
			t.Errorf("%v --allow-empty: %v\n%s", tc.args, err, b)
		}
		_ = os.Remove(out)
	}
}
