package main

import (
	"bytes"
	"strings"
	"testing"
)

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestUsageErrorsExit2(t *testing.T) {
	code, _, stderr := runCLI(t, "no-such-command")
	if code != exitUsage || !strings.Contains(stderr, "unknown command") {
		t.Fatalf("code %d stderr %q", code, stderr)
	}
	code, _, _ = runCLI(t, "--no-such-flag")
	if code != exitUsage {
		t.Fatalf("bad flag: code %d", code)
	}
}

func TestHelpAndVersion(t *testing.T) {
	code, stdout, _ := runCLI(t, "--help")
	if code != exitOK || !strings.Contains(stdout, "eql2falco") {
		t.Fatalf("help: code %d", code)
	}
	code, stdout, _ = runCLI(t, "--version")
	if code != exitOK || !strings.Contains(stdout, version) {
		t.Fatalf("version: code %d out %q", code, stdout)
	}
}
