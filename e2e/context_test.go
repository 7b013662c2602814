package e2e

import (
	"bytes"
	"context"
	"testing"
)

// The process-context corpus (testdata/context): rules written for the
// harness over the parent, working directory and group leader fields, and
// scenarios of the process trees libsinsp must follow (a parent from the
// process list, a parent that exited before the exec, an unknown reaper,
// deep ancestry with sessions and process groups, cd before exec, a #!
// script parent, a parent argv over the driver's limit, a fork without
// exec, an exec by a thread, a setuid program). Every rule translates,
// agrees with its translation on every event, and is shown both to fire and
// not to fire by the scenarios' expectations.
func TestParityContextCorpus(t *testing.T) {
	if n := parityCorpus(t, "testdata/context"); n < 10 {
		t.Errorf("%d context scenarios, want at least 10", n)
	}
}

// The list-pattern corpus (testdata/patterns): rules with wildcard patterns,
// regular expressions and string functions on process.args,
// process.parent.args and process.env_vars, and scenarios with case
// variants, spaces, quotes, brackets, percent signs and pipes in arguments,
// ? against multi-byte characters, an element over 1024 characters and an
// argument the driver cut inside a character.
func TestParityPatternsCorpus(t *testing.T) {
	parityCorpus(t, "testdata/patterns")
}

// The file-event corpus (testdata/files): rules over Elastic Defend's file
// creation, deletion and rename documents, and scenarios with paths relative
// to the working directory and to directory fds (opened, closed, from the
// capture's fd lists), "..", case variants, dot files, users, a symlink,
// and the operations that are no document (existing-file opens, failures,
// creat, O_TMPFILE, rmdir, write, chmod).
func TestParityFilesCorpus(t *testing.T) {
	parityCorpus(t, "testdata/files")
}

// parityCorpus runs the rules of dir/rules over the scenarios of
// dir/scenarios: every rule translates and agrees with its translation on
// every event, every expectation holds, and every rule has an exec expected
// to match and one expected not to. It returns the number of scenarios.
func parityCorpus(t *testing.T, dir string) int {
	t.Helper()
	set, err := LoadRules(dir + "/rules")
	if err != nil || len(set.Diags)+len(set.Refused)+len(set.Untested) > 0 {
		t.Fatalf("%v %+v", err, set)
	}
	caps, err := FindCaptures(dir + "/scenarios")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Parity(context.Background(), caps, set.Rules, ParityOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Failed() {
		var b bytes.Buffer
		_ = rep.WriteText(&b)
		t.Fatalf("parity fails on %s:\n%s", dir, b.String())
	}
	for _, r := range set.Rules {
		pos, neg := 0, 0
		for _, c := range caps {
			x, err := expectations(c.Manifest)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range x {
				if m, stated, _ := e.verdict(r); stated && m {
					pos++
				} else if stated {
					neg++
				}
			}
		}
		if pos == 0 || neg == 0 {
			t.Errorf("rule %s: %d execs expected to match, %d expected not to; want both", r.Label, pos, neg)
		}
	}
	return len(caps)
}
