package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const seedFalco = "../../rules/falco/discovery_tool_enumeration.yaml"

// standInFalco writes a falco script that prints a version and answers -V:
// accepting the file, or rejecting it when the file contains "REJECT".
func standInFalco(t *testing.T, dir string) string {
	t.Helper()
	p := writeFile(t, dir, "falco", `#!/bin/sh
if [ "$1" = "--version" ]; then echo "Falco version: 0.44.1"; exit 0; fi
while [ $# -gt 0 ]; do
  case "$1" in
    -c) grep -q "name: ecs" "$2" || { echo "no ecs plugin in $2"; exit 1; }; shift 2 ;;
    -V) if grep -q REJECT "$2"; then echo "$2: Invalid"; echo "1 Errors: LOAD_ERR_COMPILE_CONDITION"; exit 1; fi
        echo "$2: Ok"; exit 0 ;;
    *) echo "unexpected $1"; exit 1 ;;
  esac
done
`)
	if err := os.Chmod(p, 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCheckGoodFile(t *testing.T) {
	code, stdout, stderr := runCLI(t, "check", "--no-falco", seedFalco)
	if code != exitOK || stdout != "" || stderr != "eql2falco: checked 1 rules file: 0 errors, 0 warnings\n" {
		t.Errorf("code %d stdout %q stderr %q", code, stdout, stderr)
	}
}

// A hand-edited translation with a mistyped field and a bad priority.
func TestCheckBrokenFile(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile(seedFalco)
	if err != nil {
		t.Fatal(err)
	}
	broken := strings.Replace(string(src), "and ecs.process.args intersects (elastic_discovery_tool_enumeration_args)",
		"and ecs.process.argz intersects (elastic_discovery_tool_enumeration_args)", 1)
	if broken == string(src) {
		t.Fatal("the seed rule's condition changed: edit another test of it")
	}
	p := writeFile(t, dir, "edited.yaml", broken)
	line := strings.Count(broken[:strings.Index(broken, "ecs.process.argz")], "\n") + 1
	code, _, stderr := runCLI(t, "check", "--no-falco", p)
	if code != exitFindings || !strings.Contains(stderr, fmt.Sprintf("%s:%d:9: falco/unknown-field: unknown field 'ecs.process.argz'", p, line)) ||
		!strings.Contains(stderr, "eql2falco: checked 1 rules file: 1 error") {
		t.Errorf("code %d stderr:\n%s", code, stderr)
	}
	bad := writeFile(t, dir, "bad.yaml", "- rule: x\n  priority: LOUD\n")
	code, _, stderr = runCLI(t, "check", "--no-falco", "--diagnostics", "json", seedFalco, bad)
	if code != exitFindings || !strings.Contains(stderr, `"code":"falco/priority","severity":"error","file":"`+bad+`","line":2`) ||
		!strings.Contains(stderr, "eql2falco: checked 2 rules files: ") {
		t.Errorf("json: code %d stderr:\n%s", code, stderr)
	}
}

func TestCheckWithFalco(t *testing.T) {
	dir := t.TempDir()
	falco := standInFalco(t, dir)
	plugin := writeFile(t, dir, "libecs.so", "")
	code, _, stderr := runCLI(t, "check", "--falco", falco, "--plugin", plugin, seedFalco)
	if code != exitOK || !strings.Contains(stderr, "check: also validating with "+falco+" (Falco 0.44.1)") ||
		!strings.Contains(stderr, "falco -V: 1 of 1 file accepted") {
		t.Errorf("code %d stderr:\n%s", code, stderr)
	}
	// Falco rejects what eql2falco's checks accept: exit 1, with Falco's words.
	src, _ := os.ReadFile(seedFalco)
	rejected := writeFile(t, dir, "rejected.yaml", string(src)+"# REJECT\n")
	code, _, stderr = runCLI(t, "check", "--falco", falco, "--plugin", plugin, rejected)
	if code != exitFindings || !strings.Contains(stderr, rejected+": Falco rejects it: falco -V ") ||
		!strings.Contains(stderr, "1 Errors: LOAD_ERR_COMPILE_CONDITION") || !strings.Contains(stderr, "falco -V: 0 of 1 file accepted") {
		t.Errorf("code %d stderr:\n%s", code, stderr)
	}
	// A named Falco that cannot run (no plugin) is a usage error.
	code, _, stderr = runCLI(t, "check", "--falco", falco, "--plugin", filepath.Join(dir, "missing.so"), seedFalco)
	if code != exitUsage || !strings.Contains(stderr, "missing.so") {
		t.Errorf("missing plugin: code %d stderr:\n%s", code, stderr)
	}
	// falco on PATH is used when none is named.
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	code, _, stderr = runCLI(t, "check", "--plugin", plugin, seedFalco)
	if code != exitOK || !strings.Contains(stderr, "falco -V: 1 of 1 file accepted") {
		t.Errorf("falco on PATH: code %d stderr:\n%s", code, stderr)
	}
}

func TestCheckUsage(t *testing.T) {
	for _, args := range [][]string{{"check"}, {"check", "/no/such.yaml"}, {"check", "--no-falco", "--falco", "x", seedFalco}} {
		if code, _, _ := runCLI(t, args...); code != exitUsage {
			t.Errorf("%v: code %d", args, code)
		}
	}
}
