package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/falcosecurity/client-go/pkg/api/outputs"
	"google.golang.org/grpc"
	"gopkg.in/yaml.v3"

	"github.com/eql2falco/eql2falco/capture/scap"
)

// fakeFalco is a shell script standing in for the falco binary: it prints
// a version, records its arguments, configuration and rules, checks that the
// capture exists, and prints the recorded alerts and a replay summary the
// way Falco does.
const fakeFalco = `#!/bin/sh
dir="$FAKE_FALCO_DIR"
if [ "$1" = "--version" ]; then
  echo "Falco version: $FAKE_FALCO_VERSION (x86_64)"
  echo "Libs version:  0.25.4"
  exit 0
fi
printf '%s\n' "$@" > "$dir/args"
: > "$dir/rules.yaml"
while [ $# -gt 0 ]; do
  case "$1" in
    -c) cp "$2" "$dir/falco.yaml"; shift 2 ;;
    -V) cp "$2" "$dir/validated.yaml"
        if [ -n "$FAKE_FALCO_INVALID" ]; then echo "$2: Invalid"; echo "1 Errors: $FAKE_FALCO_INVALID"; exit 1; fi
        echo "$2: Ok"; exit 0 ;;
    -r) cat "$2" >> "$dir/rules.yaml"; shift 2 ;;
    -o) case "$2" in
          engine.replay.capture_file=*) [ -f "${2#engine.replay.capture_file=}" ] || { echo "no capture $2" >&2; exit 1; } ;;
        esac
        shift 2 ;;
    *) echo "fake falco: unexpected argument $1" >&2; exit 1 ;;
  esac
done
echo "Falco initialized with configuration files:" >&2
if [ -f "$dir/alerts.jsonl" ]; then cat "$dir/alerts.jsonl"; fi
echo "Events detected: 3"
echo "Rule counts by severity:"
sleep "${FAKE_FALCO_SLEEP:-0}"
exit "${FAKE_FALCO_EXIT:-0}"
`

// installFakeFalco writes the script and points it at a fresh directory.
func installFakeFalco(t *testing.T, version string) (path, dir string) {
	t.Helper()
	dir = t.TempDir()
	path = filepath.Join(dir, "falco")
	if err := os.WriteFile(path, []byte(fakeFalco), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("FAKE_FALCO_DIR", dir)
	t.Setenv("FAKE_FALCO_VERSION", version)
	return path, dir
}

// stubEQL is a stand-in EQL side for tests of the plumbing: it matches
// documents of a container whose process.args contain one of args.
type stubEQL struct{ args []string }

func (s stubEQL) Match(d *Doc) (bool, error) {
	v, _ := d.Get("process.args")
	args, _ := v.([]string)
	_, ctr := d.Get("container.id")
	return ctr && slices.ContainsFunc(args, func(a string) bool { return slices.Contains(s.args, a) }), nil
}

func (s stubEQL) Explain(d *Doc) string { return fmt.Sprintf("process.args intersects %q", s.args) }

// seedRule pairs a fixture translation with a stub EQL side.
func seedRule(t *testing.T, label string) *Rule {
	f := loadFixture(t, "seed-"+label+".yaml")
	return &Rule{Label: label, Name: "seed", EQL: stubEQL{[]string{"curl", "wget"}}, Falco: f.Set.Rules[0], FalcoFile: f}
}

// alertLines renders JSON alerts as Falco 0.44 prints them, for the events
// where the rule's embedded verdict is true, plus extra event numbers.
func alertLines(t *testing.T, c *Capture, r *Rule, drop uint64, extra ...uint64) (string, int) {
	t.Helper()
	var b strings.Builder
	n := 0
	write := func(num uint64) {
		a := map[string]any{
			"hostname": "node-1", "output": "12:00:00.000000000: Notice Tool enumeration with which",
			"output_fields": map[string]any{"evt.num": num, "ecs.process.args": []string{"which", "curl"}, "evt.time": 1},
			"priority":      "Notice", "rule": r.FalcoName(), "source": "syscall", "tags": []string{"container"},
			"time": "2025-03-01T12:00:00.000000000Z",
		}
		line, _ := json.Marshal(a)
		b.Write(line)
		b.WriteByte('\n')
		n++
	}
	replayAll(t, c, func(ev *Event, e *scap.Event) {
		if r.Falco.Program.Eval(ev) && e.Num != drop {
			write(e.Num)
		}
	})
	for _, num := range extra {
		write(num)
	}
	return b.String(), n
}

func openScenario(t *testing.T, name string) *Capture {
	t.Helper()
	c, err := OpenCapture(filepath.Join("testdata", "scenarios", name))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestRealFalcoJSON(t *testing.T) {
	path, dir := installFakeFalco(t, "0.44.1")
	c := openScenario(t, "which-debian-script.yaml")
	rule := seedRule(t, "current")
	lines, n := alertLines(t, c, rule, 0)
	if n != 2 {
		t.Fatalf("the scenario should give 2 alerts, got %d", n)
	}
	if err := os.WriteFile(filepath.Join(dir, "alerts.jsonl"), []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	capture, err := c.File(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	f := &RealFalco{Path: path, Plugin: "build/libecs.so"}
	alerts, err := f.Run(context.Background(), capture, []*FalcoFile{rule.FalcoFile})
	if err != nil {
		t.Fatal(err)
	}
	if alerts.Index {
		t.Error("Falco 0.44 numbers events like scap.Event.Num, not Index")
	}

	// The command line and the generated configuration.
	args, _ := os.ReadFile(filepath.Join(dir, "args"))
	gotArgs := strings.Split(strings.TrimSpace(string(args)), "\n")
	if len(gotArgs) != 8 || gotArgs[0] != "-c" || gotArgs[2] != "-r" || gotArgs[4] != "-o" ||
		gotArgs[5] != "engine.kind=replay" || gotArgs[7] != "engine.replay.capture_file="+capture {
		t.Errorf("falco arguments: %q", gotArgs)
	}
	rules, _ := os.ReadFile(filepath.Join(dir, "rules.yaml"))
	if string(rules) != string(rule.FalcoFile.Data) {
		t.Error("falco was not given the generated rules file")
	}
	var cfg map[string]any
	data, _ := os.ReadFile(filepath.Join(dir, "falco.yaml"))
	if err := yaml.Unmarshal(data, &cfg); err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs("build/libecs.so")
	want := map[string]any{
		"config_files":  []any{},
		"engine":        map[string]any{"kind": "nodriver"},
		"load_plugins":  []any{"ecs"},
		"plugins":       []any{map[string]any{"name": "ecs", "library_path": abs, "init_config": `{"containerIdFormat":"full","containerLayouts":["podman","docker","cri"]}`}},
		"json_output":   true,
		"rule_matching": "all",
		"priority":      "debug",
		"append_output": []any{map[string]any{"extra_fields": []any{"evt.num"}}},
		"stdout_output": map[string]any{"enabled": true},
	}
	for k, v := range want {
		if got := cfg[k]; fmt.Sprint(got) != fmt.Sprint(v) {
			t.Errorf("falco.yaml %s = %v, want %v", k, got, v)
		}
	}
	for _, k := range []string{"grpc", "grpc_output"} {
		if _, ok := cfg[k]; ok {
			t.Errorf("falco.yaml sets %s without --falco-grpc", k)
		}
	}

	// Mapped back to events: the real verdicts agree with the others.
	res, err := Run(c, []*Rule{rule}, Options{Alerts: map[*FalcoFile]*Alerts{rule.FalcoFile: alerts}})
	if err != nil {
		t.Fatal(err)
	}
	rr := res.Rules[0]
	if !rr.Real || rr.RealMatches != 2 || rr.FalcoMatches != 2 || len(rr.Disagreements) != 0 {
		t.Errorf("real %v, %d real matches, %d embedded, disagreements %v", rr.Real, rr.RealMatches, rr.FalcoMatches, rr.Disagreements)
	}
}

// Alerts missing, extra, or on events that do not exist are disagreements.
func TestRealFalcoDisagreements(t *testing.T) {
	path, dir := installFakeFalco(t, "0.43.0")
	c := openScenario(t, "which-debian-script.yaml")
	rule := seedRule(t, "current")
	x, _ := expectations(c.Manifest)
	var matched []uint64
	for num := range x {
		matched = append(matched, num)
	}
	slices.Sort(matched)
	lines, _ := alertLines(t, c, rule, matched[0], 1, 999)
	if err := os.WriteFile(filepath.Join(dir, "alerts.jsonl"), []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	capture, _ := c.File(t.TempDir())
	alerts, err := (&RealFalco{Path: path, Plugin: "libecs.so"}).Run(context.Background(), capture, []*FalcoFile{rule.FalcoFile})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(c, []*Rule{rule}, Options{Alerts: map[*FalcoFile]*Alerts{rule.FalcoFile: alerts}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range res.Rules[0].Disagreements {
		got = append(got, fmt.Sprintf("%d eql=%v falco=%v real=%v", d.Num, d.EQL, d.Falco, *d.Real))
	}
	want := []string{
		"1 eql=false falco=false real=true",
		fmt.Sprintf("%d eql=true falco=true real=false", matched[0]),
		"999 eql=false falco=false real=true",
	}
	if !slices.Equal(got, want) {
		t.Errorf("disagreements:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestRealFalcoVersions(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		version, grpc string
		err           string
		index         bool
	}{
		{version: "0.40.0", err: "needs Falco 0.41.0 or later"},
		{version: "0.44.1", grpc: "unix:///tmp/x.sock", err: "no gRPC output"},
		{version: "0.41.3", index: true},
		{version: "0.42.0"},
	} {
		path, _ := installFakeFalco(t, c.version)
		f := &RealFalco{Path: path, Plugin: "libecs.so", GRPC: c.grpc}
		_, err := f.Version(ctx)
		switch {
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("%s: error %v, want %q", c.version, err, c.err)
		case c.err == "" && err != nil:
			t.Errorf("%s: %v", c.version, err)
		case c.err == "":
			capFile := filepath.Join(t.TempDir(), "x.scap")
			_ = os.WriteFile(capFile, nil, 0o644)
			a, err := f.Run(ctx, capFile, nil)
			if err != nil {
				t.Fatal(err)
			}
			if a.Index != c.index {
				t.Errorf("%s: Index = %v", c.version, a.Index)
			}
		}
	}
}

func TestRealFalcoFailures(t *testing.T) {
	ctx := context.Background()
	path, dir := installFakeFalco(t, "0.44.0")
	capFile := filepath.Join(t.TempDir(), "x.scap")
	_ = os.WriteFile(capFile, nil, 0o644)
	f := &RealFalco{Path: path, Plugin: "libecs.so"}

	t.Setenv("FAKE_FALCO_EXIT", "1")
	if _, err := f.Run(ctx, capFile, nil); err == nil || !strings.Contains(err.Error(), "Falco initialized") {
		t.Errorf("a failing falco: %v (want its stderr in the error)", err)
	}
	t.Setenv("FAKE_FALCO_EXIT", "0")
	_ = os.WriteFile(filepath.Join(dir, "alerts.jsonl"), []byte(`{"rule":"r","output_fields":{"proc.name":"x"}}`+"\n"), 0o644)
	if _, err := f.Run(ctx, capFile, nil); err == nil || !strings.Contains(err.Error(), "no evt.num") {
		t.Errorf("an alert without evt.num: %v", err)
	}
	if _, err := f.Run(ctx, filepath.Join(t.TempDir(), "missing.scap"), nil); err == nil {
		t.Error("a missing capture is not reported")
	}
	if _, ok := LookFalco(filepath.Join(dir, "nonexistent")); ok {
		t.Error("LookFalco found a missing file")
	}
	if p, ok := LookFalco(path); !ok || p != path {
		t.Errorf("LookFalco(%s) = %s, %v", path, p, ok)
	}
}

// outputsServer implements Falco's outputs service (the service definitions
// client-go ships) with recorded responses.
type outputsServer struct {
	outputs.UnimplementedServiceServer
	responses []*outputs.Response
	subs      chan struct{}
}

func (s *outputsServer) Sub(stream outputs.Service_SubServer) error {
	s.subs <- struct{}{}
	if _, err := stream.Recv(); err != nil {
		return err
	}
	for _, r := range s.responses {
		if err := stream.Send(r); err != nil {
			return err
		}
	}
	return nil
}

// The gRPC path for Falco 0.41 to 0.43: the real client library, real
// gRPC on a unix socket, against an in-process server.
func TestRealFalcoGRPC(t *testing.T) {
	path, dir := installFakeFalco(t, "0.43.0")
	t.Setenv("FAKE_FALCO_SLEEP", "0.3")
	c := openScenario(t, "which-debian-script.yaml")
	rule := seedRule(t, "current")
	sock := filepath.Join(dir, "falco.sock")
	lis, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	srv := grpc.NewServer()
	svc := &outputsServer{subs: make(chan struct{}, 1)}
	replayAll(t, c, func(ev *Event, e *scap.Event) {
		if rule.Falco.Program.Eval(ev) {
			svc.responses = append(svc.responses, &outputs.Response{
				Rule: rule.FalcoName(), Output: "Tool enumeration", Source: "syscall", Hostname: "node-1",
				OutputFields: map[string]string{"evt.num": fmt.Sprint(e.Num), "ecs.process.args": "(/bin/sh,/usr/bin/which,curl)"},
			})
		}
	})
	outputs.RegisterServiceServer(srv, svc)
	go func() { _ = srv.Serve(lis) }()
	defer srv.Stop()

	capture, _ := c.File(t.TempDir())
	f := &RealFalco{Path: path, Plugin: "libecs.so", GRPC: "unix://" + sock, Timeout: 20 * time.Second}
	alerts, err := f.Run(context.Background(), capture, []*FalcoFile{rule.FalcoFile})
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-svc.subs:
	default:
		t.Fatal("the client never subscribed")
	}
	cfgData, _ := os.ReadFile(filepath.Join(dir, "falco.yaml"))
	var cfg struct {
		GRPC struct {
			Enabled     bool   `yaml:"enabled"`
			BindAddress string `yaml:"bind_address"`
		} `yaml:"grpc"`
		GRPCOutput struct {
			Enabled bool `yaml:"enabled"`
		} `yaml:"grpc_output"`
		Stdout struct {
			Enabled bool `yaml:"enabled"`
		} `yaml:"stdout_output"`
	}
	if err := yaml.Unmarshal(cfgData, &cfg); err != nil {
		t.Fatal(err)
	}
	if !cfg.GRPC.Enabled || cfg.GRPC.BindAddress != "unix://"+sock || !cfg.GRPCOutput.Enabled || cfg.Stdout.Enabled {
		t.Errorf("gRPC configuration: %+v", cfg)
	}
	res, err := Run(c, []*Rule{rule}, Options{Alerts: map[*FalcoFile]*Alerts{rule.FalcoFile: alerts}})
	if err != nil {
		t.Fatal(err)
	}
	rr := res.Rules[0]
	if rr.RealMatches != 2 || len(rr.Disagreements) != 0 {
		t.Errorf("%d alerts over gRPC, disagreements %v", rr.RealMatches, rr.Disagreements)
	}
}
