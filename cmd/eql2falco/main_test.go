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

func TestVersionCommand(t *testing.T) {
	code, stdout, _ := runCLI(t, "version")
	if code != exitOK || stdout != "eql2falco version "+version+"\n" {
		t.Fatalf("version: code %d out %q", code, stdout)
	}
	_, flag, _ := runCLI(t, "--version")
	if flag != stdout {
		t.Errorf("--version %q and version %q differ", flag, stdout)
	}
	if code, _, _ := runCLI(t, "version", "extra"); code != exitUsage {
		t.Errorf("version extra: code %d", code)
	}
}

// Usage errors name the subcommand and point to its --help.
func TestUsageErrorsNameTheSubcommand(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"translate", "--no-such-flag", "x.toml"}, "eql2falco: translate: unknown flag: --no-such-flag (see 'eql2falco translate --help')\n"},
		{[]string{"scap", "dump", "--no-such-flag"}, "eql2falco: scap dump: unknown flag: --no-such-flag (see 'eql2falco scap dump --help')\n"},
		{[]string{"synth"}, "eql2falco: synth: accepts 1 arg(s), received 0 (see 'eql2falco synth --help')\n"},
		{[]string{"--no-such-flag"}, "eql2falco: unknown flag: --no-such-flag (see 'eql2falco --help')\n"},
	} {
		code, _, stderr := runCLI(t, tc.args...)
		if code != exitUsage || stderr != tc.want {
			t.Errorf("%v: code %d stderr %q, want %q", tc.args, code, stderr, tc.want)
		}
	}
}
