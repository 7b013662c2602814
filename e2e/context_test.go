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
	set, err := LoadRules("testdata/context/rules")
	if err != nil || len(set.Diags)+len(set.Refused)+len(set.Untested) > 0 {
		t.Fatalf("%v %+v", err, set)
	}
	caps, err := FindCaptures("testdata/context/scenarios")
	if err != nil {
		t.Fatal(err)
	}
	if len(caps) < 10 {
		t.Errorf("%d context scenarios, want at least 10", len(caps))
	}
	rep, err := Parity(context.Background(), caps, set.Rules, ParityOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Failed() {
		var b bytes.Buffer
		_ = rep.WriteText(&b)
		t.Fatalf("parity fails on the context corpus:\n%s", b.String())
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
}
