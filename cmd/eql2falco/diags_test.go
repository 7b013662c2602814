package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// garbageNDJSON is 30 lines that are not JSON: 30 errors in one file.
var garbageNDJSON = strings.Repeat("\x00\x01 not json\n", 30)

// Diagnostics at scale (issue 13, item 3): a cap per file with a count of
// the rest, a quiet mode, JSON.
func TestDiagnosticsCap(t *testing.T) {
	dir := t.TempDir()
	bad := writeFile(t, dir, "bad.ndjson", garbageNDJSON)
	for _, cmd := range []string{"translate", "parse"} {
		code, _, stderr := runCLI(t, cmd, bad)
		if code == exitOK {
			t.Errorf("%s: exit 0", cmd)
		}
		if n := strings.Count(stderr, ": rule/ndjson-syntax: "); n != 10 {
			t.Errorf("%s: %d errors shown, want 10:\n%s", cmd, n, stderr)
		}
		if !strings.Contains(stderr, bad+": info: diag/omitted: 20 more diagnostics not shown\n    hint: --max-diagnostics 0 shows them all\n") {
			t.Errorf("%s: no count of the others:\n%s", cmd, stderr)
		}
		_, _, stderr = runCLI(t, cmd, "--max-diagnostics", "0", bad)
		if n := strings.Count(stderr, ": rule/ndjson-syntax: "); n != 30 || strings.Contains(stderr, "diag/omitted") {
			t.Errorf("%s --max-diagnostics 0: %d errors shown, want 30", cmd, n)
		}
		_, _, stderr = runCLI(t, cmd, "--max-diagnostics", "3", bad)
		if n := strings.Count(stderr, ": rule/ndjson-syntax: "); n != 3 || !strings.Contains(stderr, "27 more diagnostics") {
			t.Errorf("%s --max-diagnostics 3: %d errors shown:\n%s", cmd, n, stderr)
		}
	}
	if code, _, _ := runCLI(t, "translate", "--max-diagnostics", "-1", bad); code != exitUsage {
		t.Errorf("--max-diagnostics -1: code %d", code)
	}
}

func TestDiagnosticsQuiet(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a.toml", execTOML)
	writeFile(t, dir, "b.toml", refusedTOML)
	code, stdout, stderr := runCLI(t, "translate", "--quiet", "--skip-unsupported", dir)
	if code != exitOK || !strings.Contains(stdout, "- rule: Nmap Started") {
		t.Fatalf("code %d\n%s", code, stderr)
	}
	if stderr != "eql2falco: translated 1 of 2 EQL rules (1 refused, 0 invalid; 0 rules in other languages skipped)\n" {
		t.Errorf("--quiet stderr:\n%s", stderr)
	}
	code, _, stderr = runCLI(t, "parse", "--quiet", writeFile(t, dir, "bad.ndjson", garbageNDJSON))
	if code != exitFindings || stderr != "" {
		t.Errorf("parse --quiet: code %d stderr:\n%s", code, stderr)
	}
}

func TestDiagnosticsJSON(t *testing.T) {
	dir := t.TempDir()
	bad := writeFile(t, dir, "bad.ndjson", garbageNDJSON)
	writeFile(t, dir, "b.toml", refusedTOML)
	code, _, stderr := runCLI(t, "translate", "--diagnostics", "json", dir)
	if code != exitUsage {
		t.Fatalf("code %d", code)
	}
	var objects, text int
	var codes []string
	for _, line := range strings.Split(strings.TrimSuffix(stderr, "\n"), "\n") {
		if strings.HasPrefix(line, "eql2falco: ") {
			text++
			continue
		}
		var d struct {
			Code, Severity, File, Message, Hint string
			Line, Col                           int
		}
		if err := json.Unmarshal([]byte(line), &d); err != nil {
			t.Fatalf("not JSON: %q: %v", line, err)
		}
		objects++
		codes = append(codes, d.Code)
		if d.Code == "translate/unmapped-field" && (d.File != filepath.Join(dir, "b.toml") || d.Line != 7 || d.Col != 3 || d.Hint == "") {
			t.Errorf("refusal %+v", d)
		}
	}
	if objects != 12 || text != 2 || codes[0] != "translate/unmapped-field" || codes[11] != "diag/omitted" {
		t.Errorf("%d objects (%v), %d text lines:\n%s", objects, codes, text, stderr)
	}
	if code, _, _ := runCLI(t, "parse", "--diagnostics", "xml", bad); code != exitUsage {
		t.Errorf("--diagnostics xml: code %d", code)
	}
}
