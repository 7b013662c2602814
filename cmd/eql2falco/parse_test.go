package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/eql2falco/eql2falco/internal/corpus"
)

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const goodTOML = `[metadata]
maturity = "production"

[rule]
name = "Good Rule"
rule_id = "11111111-1111-1111-1111-111111111111"
type = "eql"
language = "eql"
query = '''
process where process.name:"which"   // a comment
'''
`

const badTOML = `[rule]
name = "Bad Rule"
type = "eql"
query = '''
process where
  process.name = "which"
'''
`

func TestParseQuery(t *testing.T) {
	code, stdout, stderr := runCLI(t, "parse", "-q", `process where a:"x" and b not in (1)`)
	if code != exitOK || stderr != "" {
		t.Fatalf("code %d stderr %q", code, stderr)
	}
	if want := "# <query>: <query>\nprocess where a : \"x\" and not b in (1)\n\n"; stdout != want {
		t.Errorf("stdout %q, want %q", stdout, want)
	}
}

func TestParseFilesTextAndExitCodes(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a_good.toml", goodTOML)
	writeFile(t, dir, "b_bad.toml", badTOML)
	writeFile(t, dir, "c.ndjson", `{"rule_id":"k","name":"KQL rule","type":"query","language":"kuery","query":"a:b"}`+"\n"+
		`{"exported_count":1,"exported_rules_count":1}`+"\n")

	code, stdout, stderr := runCLI(t, "parse", dir)
	if code != exitFindings {
		t.Fatalf("code %d, want %d (a rule failed)\n%s", code, exitFindings, stderr)
	}
	good := filepath.Join(dir, "a_good.toml")
	if want := "# " + good + ":9: Good Rule\nprocess where process.name : \"which\"\n\n"; stdout != want {
		t.Errorf("stdout %q, want %q (the good rule is still printed)", stdout, want)
	}
	bad := filepath.Join(dir, "b_bad.toml")
	for _, want := range []string{
		bad + ":6:16: eql/syntax: expected an operator, found \"=\"\n      process.name = \"which\"\n                   ^\n",
		filepath.Join(dir, "c.ndjson") + `:1:1: info: rule/not-eql: rule "KQL rule" is a "query" rule (language kuery), not EQL: skipped`,
		filepath.Join(dir, "c.ndjson") + ":2:1: info: rule/ndjson-skipped-line: export summary: skipped",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}

	code, _, stderr = runCLI(t, "parse", good)
	if code != exitOK || stderr != "" {
		t.Errorf("good file alone: code %d stderr %q", code, stderr)
	}
}

func TestParseJSON(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, dir, "good.toml", goodTOML)
	bad := writeFile(t, dir, "bad.toml", badTOML)
	code, stdout, _ := runCLI(t, "parse", "--format", "json", good, bad)
	if code != exitFindings {
		t.Fatalf("code %d", code)
	}
	var out struct {
		Rules []struct {
			File, Name, Query string
			Line              int
			AST               map[string]any
			Diagnostics       []map[string]any
		}
		Skipped     []any
		Diagnostics []any
	}
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, stdout)
	}
	if len(out.Rules) != 2 {
		t.Fatalf("%d rules", len(out.Rules))
	}
	g, b := out.Rules[0], out.Rules[1]
	if g.File != good || g.Name != "Good Rule" || g.Line != 9 || g.Query != `process where process.name : "which"` ||
		g.AST["type"] != "query" || g.AST["body"].(map[string]any)["category"] != "process" || len(g.Diagnostics) != 0 {
		t.Errorf("good rule = %+v", g)
	}
	if b.AST != nil || len(b.Diagnostics) != 1 || b.Diagnostics[0]["code"] != "eql/syntax" || b.Diagnostics[0]["line"] != 6.0 {
		t.Errorf("bad rule = %+v", b)
	}
}

func TestParseUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"parse"},
		{"parse", "--format", "yaml", "-q", "any where true"},
		{"parse", "/no/such/path"},
		{"parse", "main.go"},
		{"parse", "--bogus"},
	} {
		if code, _, stderr := runCLI(t, args...); code != exitUsage || stderr == "" {
			t.Errorf("%v: code %d, stderr %q; want %d and a message", args, code, stderr, exitUsage)
		}
	}
}

func TestParseHelp(t *testing.T) {
	code, stdout, _ := runCLI(t, "parse", "--help")
	if code != exitOK || !strings.Contains(stdout, "Examples:") || !strings.Contains(stdout, "eql2falco parse -q") {
		t.Errorf("help: code %d\n%s", code, stdout)
	}
}

// TestParseCorpus is the acceptance check of the parser: every EQL rule of
// the shared corpus parses.
func TestParseCorpus(t *testing.T) {
	code, stdout, stderr := runCLI(t, "parse", corpus.Dir(t))
	if code != exitOK || stderr != "" {
		t.Fatalf("code %d\n%s", code, stderr)
	}
	if n := strings.Count(stdout, "\n# "); n < 300 {
		t.Errorf("%d rules printed", n+1)
	}
}
