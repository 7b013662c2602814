package e2e

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	sharedcorpus "github.com/eql2falco/eql2falco/internal/corpus"
)

// elasticNoPositive lists the translated rules of the shared corpus that
// have no exec expected to match, and why; they need one expected not to.
var elasticNoPositive = map[string]string{
	// process.name is the basename of the executable the kernel ran (for a
	// #! script its interpreter, for a symlink its target): these rules
	// name a program no distribution ships as an executable of that name.
	"persistence_manual_dracut_execution": "dracut is a #!/bin/bash script: process.name is bash",
	"command_and_control_linux_suspicious_proxychains_activity": "proxychains is a symlink to proxychains4 (proxychains-ng) " +
		"or a #!/bin/sh script (proxychains 3): process.name is proxychains4 or dash",
	"privilege_escalation_trap_execution": "trap is a special shell builtin: no distribution installs a trap executable",
}

// The shared corpus of Elastic rules (../shared/elastic-rules, skipped when
// absent) against the scenarios of testdata/elastic: every rule the
// translator translates agrees with its translation on every event, every
// expectation holds, and every rule is shown to fire (unless
// elasticNoPositive says why not) and not to fire by at least one exec
// each. Each scenario file is named after the rule it is written for,
// and every expectation key names a translated rule.
func TestParityElasticCorpus(t *testing.T) {
	dir := sharedcorpus.Dir(t)
	set, err := LoadRules(dir)
	if err != nil {
		t.Fatal(err)
	}
	if set.Diags.HasErrors() || len(set.Untested) > 0 {
		t.Fatalf("the shared corpus does not load: %v, untested %d", set.Diags, len(set.Untested))
	}
	if len(set.Rules) == 0 {
		t.Fatalf("no rule of %s translates", dir)
	}
	caps, err := FindCaptures("testdata/elastic")
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
		t.Fatalf("parity fails on the shared corpus:\n%s", b.String())
	}

	pos := map[*Rule]int{}
	neg := map[*Rule]int{}
	var unknown []string
	for _, c := range caps {
		base := strings.TrimSuffix(c.Name, filepath.Ext(c.Name))
		if !slices.ContainsFunc(set.Rules, func(r *Rule) bool { return r.Names(base) }) {
			unknown = append(unknown, c.Name+": the file name names no translated rule")
		}
		x, err := expectations(c.Manifest)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		for _, e := range x {
			for _, v := range e.rules {
				if !slices.ContainsFunc(set.Rules, func(r *Rule) bool { return r.Names(v.entry) }) {
					unknown = append(unknown, c.Name+": expectation key "+v.entry+" names no translated rule")
				}
			}
			for _, r := range set.Rules {
				m, stated, err := e.verdict(r)
				switch {
				case err != nil:
					t.Fatalf("%s: %v", c.Name, err)
				case stated && m:
					pos[r]++
				case stated:
					neg[r]++
				}
			}
		}
	}
	sort.Strings(unknown)
	for _, u := range unknown {
		t.Error(u)
	}

	var missing []string
	seen := map[string]bool{}
	for _, r := range set.Rules {
		base := filepath.Base(r.Label)
		if why, ok := elasticNoPositive[base]; ok {
			seen[base] = true
			if pos[r] > 0 || neg[r] == 0 {
				missing = append(missing, r.Label+" has no positive exec ("+why+"): "+countExecs(pos[r])+
					" expected to match, "+countExecs(neg[r])+" expected not to; want none and at least one")
			}
			continue
		}
		if pos[r] == 0 || neg[r] == 0 {
			missing = append(missing, r.Label+": "+countExecs(pos[r])+" expected to match, "+countExecs(neg[r])+" expected not to")
		}
	}
	for base := range elasticNoPositive {
		if !seen[base] {
			missing = append(missing, base+": listed in elasticNoPositive but not translated")
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		t.Errorf("%d of %d translated rules lack scenarios that make them fire and not fire:\n  %s",
			len(missing), len(set.Rules), strings.Join(missing, "\n  "))
	}
	t.Logf("%d translated rules (%d refused), %d scenarios", len(set.Rules), len(set.Refused), len(caps))
}

// countExecs writes "1 exec", "2 execs".
func countExecs(n int) string {
	if n == 1 {
		return "1 exec"
	}
	return fmt.Sprintf("%d execs", n)
}
