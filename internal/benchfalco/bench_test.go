package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/eql2falco/eql2falco/e2e"
	"github.com/eql2falco/eql2falco/internal/benchcapture"
)

// The benchmark's capture makes the seed rule fire on exactly the alerting
// execs, and the EQL rule agrees on every exec (the parity harness, with the
// rule as the translator writes it).
func TestWorkloadParity(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.scap")
	counts, err := writeCapture(path, benchcapture.Workload{Processes: 200, Alerting: 30})
	if err != nil {
		t.Fatal(err)
	}
	set, err := e2e.LoadRules(filepath.Join("..", "..", "rules", "elastic", "current"))
	if err != nil || len(set.Rules) != 1 {
		t.Fatalf("seed rule: %v (%d rules)", err, len(set.Rules))
	}
	c, err := e2e.OpenCapture(path)
	if err != nil {
		t.Fatal(err)
	}
	res, err := e2e.Run(c, set.Rules, e2e.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := res.Rules[0]
	if res.Execs != uint64(counts.Execs) || r.FalcoMatches != uint64(counts.Alerting) ||
		r.EQLMatches != uint64(counts.Alerting) || len(r.Disagreements) != 0 {
		t.Fatalf("%d execs, Falco %d and EQL %d matches, %d disagreements; want %d execs, %d matches",
			res.Execs, r.FalcoMatches, r.EQLMatches, len(r.Disagreements), counts.Execs, counts.Alerting)
	}
}

type rulesFile []struct {
	Rule     string   `yaml:"rule"`
	Output   string   `yaml:"output"`
	Priority string   `yaml:"priority"`
	Tags     []string `yaml:"tags"`
	Source   string   `yaml:"source"`
}

func loadRule(t *testing.T, data []byte) (name, priority, source string, tags []string, outputFields int) {
	t.Helper()
	var f rulesFile
	if err := yaml.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range f {
		if r.Rule == "" {
			continue
		}
		n++
		name, priority, source, tags = r.Rule, r.Priority, r.Source, r.Tags
		outputFields = strings.Count(r.Output, "%")
	}
	if n != 1 {
		t.Fatalf("%d rules", n)
	}
	return
}

// The native rule is compared with the generated one: same name, priority,
// source, tags and number of output fields, so that alerts cost Falco the
// same outside the fields themselves.
func TestNativeRuleMatchesGenerated(t *testing.T) {
	gen, err := os.ReadFile(filepath.Join("..", "..", "rules", "falco", "discovery_tool_enumeration.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	gn, gp, gs, gt, gf := loadRule(t, gen)
	nn, np, ns, nt, nf := loadRule(t, nativeRules)
	if gn != nn || gp != np || gs != ns || strings.Join(gt, ",") != strings.Join(nt, ",") || gf != nf || gf == 0 {
		t.Fatalf("generated %q %s %s %v %d fields; native %q %s %s %v %d fields", gn, gp, gs, gt, gf, nn, np, ns, nt, nf)
	}
	if _, rule, _ := bytes.Cut(nativeRules, []byte("\n- rule:")); bytes.Contains(rule, []byte("ecs.")) {
		t.Fatal("the native rule uses an ecs field")
	}
}

func TestFalcoConfig(t *testing.T) {
	type cfg struct {
		ConfigFiles []string `yaml:"config_files"`
		JSON        bool     `yaml:"json_output"`
		LoadPlugins []string `yaml:"load_plugins"`
		Plugins     []struct {
			Name        string `yaml:"name"`
			LibraryPath string `yaml:"library_path"`
		} `yaml:"plugins"`
	}
	var with, without cfg
	if err := yaml.Unmarshal(FalcoConfig("/a b/libecs.so"), &with); err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(FalcoConfig(""), &without); err != nil {
		t.Fatal(err)
	}
	if with.ConfigFiles == nil || len(with.ConfigFiles) != 0 || !with.JSON || len(with.LoadPlugins) != 1 ||
		len(with.Plugins) != 1 || with.Plugins[0].LibraryPath != "/a b/libecs.so" || with.Plugins[0].Name != "ecs" {
		t.Errorf("with the plugin: %+v", with)
	}
	if len(without.LoadPlugins)+len(without.Plugins) != 0 || !without.JSON {
		t.Errorf("without the plugin: %+v", without)
	}
}

func TestCountAlerts(t *testing.T) {
	out := `Thu: Falco version: 0.44.1
{"hostname":"h","output":"x","priority":"Notice","rule":"R","source":"syscall"}
  {"output":"y","rule":"R"}
{"not":"an alert"}
Events detected: 2
`
	if n, err := CountAlerts(strings.NewReader(out)); n != 2 || err != nil {
		t.Fatalf("%d alerts, %v", n, err)
	}
}

// fakeFalco stands in for falco: a version, and as many alerts as
// $FAKE_ALERTS for a replay of a capture named alert-heavy.scap with a
// rules file other than none.yaml.
const fakeFalco = `#!/bin/sh
if [ "$1" = "--version" ]; then echo "Falco version: 0.44.1 (x86_64)"; exit 0; fi
rules= capture=
while [ $# -gt 0 ]; do
  case "$1" in
    -c) [ -f "$2" ] || exit 1; shift 2 ;;
    -r) rules="$2"; shift 2 ;;
    -o) case "$2" in engine.replay.capture_file=*) capture="${2#engine.replay.capture_file=}" ;; esac; shift 2 ;;
    *) echo "unexpected $1" >&2; exit 1 ;;
  esac
done
[ -f "$capture" ] && [ -f "$rules" ] || exit 1
case "$rules:$capture" in
  *none.yaml:*) ;;
  *:*alert-heavy.scap) i=0; while [ $i -lt "$FAKE_ALERTS" ]; do echo '{"rule":"R","output":"o"}'; i=$((i+1)); done ;;
esac
echo "Events detected: 0"
`

func TestRun(t *testing.T) {
	dir := t.TempDir()
	falco := filepath.Join(dir, "falco")
	if err := os.WriteFile(falco, []byte(fakeFalco), 0o755); err != nil {
		t.Fatal(err)
	}
	plugin := filepath.Join(dir, "libecs.so")
	if err := os.WriteFile(plugin, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	o := Options{Falco: falco, Plugin: plugin, Rules: filepath.Join("..", "..", "rules", "falco", "discovery_tool_enumeration.yaml"),
		Runs: 2, Processes: 40, Alerting: 4, Dir: filepath.Join(dir, "work")}
	t.Setenv("FAKE_ALERTS", "4")
	rep, err := Run(context.Background(), o, nil)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := rep.Write(&b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Falco 0.44.1 replaying 800 events (40 execs, 40 processes)", "median of 2 runs",
		"alert-heavy  no rules", "translated/native", "peak RSS, translated rule + libecs.so - native rule:"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("no %q in\n%s", want, b.String())
		}
	}
	// A setup whose alerts are not the workload's is an error, not a figure.
	t.Setenv("FAKE_ALERTS", "3")
	if _, err := Run(context.Background(), o, nil); err == nil || !strings.Contains(err.Error(), "3 alerts, want 4") {
		t.Fatalf("wrong alert count: %v", err)
	}
}
