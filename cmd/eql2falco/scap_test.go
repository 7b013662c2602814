package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const example = "../../capture/scenario/testdata/docker-which-curl.yaml"

func TestSynthAndDump(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "which.scap")
	man := filepath.Join(dir, "which.json")
	code, _, stderr := runCLI(t, "synth", example, "-o", out, "--gzip", "--manifest", man)
	if code != exitOK || stderr != out+": 1 exec\n" {
		t.Fatalf("synth: code %d: %q", code, stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil || len(b) < 2 || b[0] != 0x1f || b[1] != 0x8b {
		t.Fatalf("output not a gzip capture: %v", err)
	}
	// The manifest's keys are snake_case, as in every JSON output.
	var m struct {
		Execs []map[string]any `json:"execs"`
	}
	mb, err := os.ReadFile(man)
	if err != nil || json.Unmarshal(mb, &m) != nil || len(m.Execs) != 1 || m.Execs[0]["num"] != 4.0 || m.Execs[0]["tid"] != 1401.0 {
		t.Fatalf("manifest %v:\n%s", err, mb)
	}
	if !strings.Contains(string(mb), `"execs":`) || strings.Contains(string(mb), `"Execs"`) {
		t.Errorf("manifest keys:\n%s", mb)
	}

	code, stdout, stderr := runCLI(t, "scap", "dump", out)
	if code != exitOK {
		t.Fatalf("dump: code %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != 5 {
		t.Fatalf("%d lines:\n%s", len(lines), stdout)
	}
	want := `4 2025-03-01T12:00:00.000004000Z 1 which (1401) < execve res=0 pid=1401 ptid=1300 exepath=/usr/bin/dash args=["/usr/bin/which" "curl"] pname=bash tty=34816 container=273eafa667fb`
	if lines[3] != want {
		t.Errorf("execve line\n got %s\nwant %s", lines[3], want)
	}

	code, stdout, _ = runCLI(t, "scap", "dump", "--format", "json", "--type", "execve,procexit", out)
	if code != exitOK {
		t.Fatal("dump json")
	}
	var types []string
	for _, l := range strings.Split(strings.TrimSpace(stdout), "\n") {
		var ev struct {
			Num  uint64
			Type string
			Proc *struct {
				Name        string
				Args        []string
				ContainerID string `json:"container_id"`
			}
			Parent *struct{ Name string }
		}
		if err := json.Unmarshal([]byte(l), &ev); err != nil {
			t.Fatalf("%q: %v", l, err)
		}
		types = append(types, ev.Type)
		if ev.Type == "execve" && (ev.Proc.Name != "which" || len(ev.Proc.Args) != 2 || ev.Parent.Name != "bash" || ev.Proc.ContainerID != "273eafa667fb") {
			t.Errorf("execve json %s", l)
		}
	}
	if strings.Join(types, ",") != "execve,procexit" {
		t.Errorf("types %v", types)
	}
}

// A failed synth leaves neither the output nor a temporary file behind.
func TestSynthNoPartialOutput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	_ = os.WriteFile(bad, []byte("name: x\nexecs:\n  - {parent: nobody, argv: [/bin/ls]}\n"), 0o644)
	out := filepath.Join(dir, "out.scap")
	code, _, stderr := runCLI(t, "synth", bad, "-o", out)
	if code != exitUsage || !strings.Contains(stderr, "bad.yaml:3:5: unknown-reference") {
		t.Errorf("code %d stderr %q", code, stderr)
	}
	// An output that cannot be written (a directory) leaves no temporary
	// file behind either.
	code, _, stderr = runCLI(t, "synth", example, "-o", dir)
	if code != exitUsage || !strings.Contains(stderr, dir+": is a directory") {
		t.Errorf("a directory as output: code %d stderr %q", code, stderr)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() != "bad.yaml" {
			t.Errorf("left behind: %s", e.Name())
		}
	}
	for _, args := range [][]string{
		{"synth", example},
		{"synth", example, "-o", filepath.Join(dir, "no", "such", "dir.scap")},
		{"synth", example, "-o", out, "--execve-params", "29"},
	} {
		if code, _, _ := runCLI(t, args...); code != exitUsage {
			t.Errorf("%v: code %d", args, code)
		}
	}
}

func TestDumpErrors(t *testing.T) {
	dir := t.TempDir()
	corrupt := filepath.Join(dir, "c.scap")
	_ = os.WriteFile(corrupt, []byte{0x0a, 0x0d, 0x0d, 0x0a, 0x1c, 0, 0, 0, 1, 2, 3, 4}, 0o644)
	code, _, stderr := runCLI(t, "scap", "dump", corrupt)
	if code != exitUsage || !strings.Contains(stderr, "offset 0: SHB block: truncated") {
		t.Errorf("code %d stderr %q", code, stderr)
	}
	if code, _, _ := runCLI(t, "scap", "dump", "--format", "xml", corrupt); code != exitUsage {
		t.Errorf("bad format: code %d", code)
	}
	if code, _, _ := runCLI(t, "scap", "dump", filepath.Join(dir, "missing.scap")); code != exitUsage {
		t.Errorf("missing file: code %d", code)
	}
}
