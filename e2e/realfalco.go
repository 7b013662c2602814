package e2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
	"time"

	"github.com/falcosecurity/client-go/pkg/api/outputs"
	"github.com/falcosecurity/client-go/pkg/client"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"gopkg.in/yaml.v3"

	"github.com/eql2falco/eql2falco/capture/scap"
	"github.com/eql2falco/eql2falco/falco/catalog"
	"github.com/eql2falco/eql2falco/falco/condition"
	"github.com/eql2falco/eql2falco/plugin/ecs"
)

// Alerts are a real Falco's alerts on one capture.
type Alerts struct {
	// ByRule counts alerts by rule name, then by evt.num.
	ByRule map[string]map[uint64]int
	// Index is set when the Falco that produced them numbers every event of
	// the file (Falco < 0.42, libs < 0.22): evt.num is then scap.Event.Index
	// instead of scap.Event.Num.
	Index bool
}

func (a *Alerts) num(e *scap.Event) uint64 {
	if a.Index {
		return e.Index
	}
	return e.Num
}

func (a *Alerts) add(rule string, num uint64) {
	if a.ByRule == nil {
		a.ByRule = map[string]map[uint64]int{}
	}
	m := a.ByRule[rule]
	if m == nil {
		m = map[uint64]int{}
		a.ByRule[rule] = m
	}
	m[num]++
}

// Versions of Falco that matter to the harness.
var (
	// numberingFalco is the first Falco whose evt.num skips the events its
	// savefile reader drops (libs 0.22).
	numberingFalco = condition.Version{Minor: 42}
	// noGRPCFalco is the first Falco without gRPC output (Falco 0.44 dropped
	// it; read alerts from JSON output instead).
	noGRPCFalco = condition.Version{Minor: 44}
)

// RealFalco runs a Falco binary on captures in replay mode, with the ecs
// plugin and generated rules, and collects its alerts.
type RealFalco struct {
	// Path is the falco executable.
	Path string
	// Plugin is libecs.so (made absolute).
	Plugin string
	// PluginConfig is the ecs plugin's configuration; the zero value means
	// ecs.DefaultConfig().
	PluginConfig ecs.Config
	// GRPC, when set (unix:///path/falco.sock), enables Falco's gRPC server
	// and gRPC output in the generated configuration and reads the alerts
	// with falcosecurity/client-go: for Falco 0.41 to 0.43. When empty,
	// alerts are read from Falco's JSON output on stdout.
	GRPC string
	// Log receives Falco's stderr; nil discards it (the tail is kept for
	// errors).
	Log io.Writer
	// Timeout bounds one replay; zero means 10 minutes.
	Timeout time.Duration

	version condition.Version
}

// LookFalco returns the falco executable: path if set, else falco on PATH.
// ok is false when none is found.
func LookFalco(path string) (string, bool) {
	if path == "" {
		path = "falco"
	}
	p, err := exec.LookPath(path)
	if err != nil {
		return "", false
	}
	return p, true
}

var versionRE = regexp.MustCompile(`(?m)^Falco version:\s*v?(\d+\.\d+\.\d+)`)

// Version runs "falco --version" and checks that this Falco can run the
// plugin (catalog.MinFalco, plugin API 3.11) and, when GRPC is set, still
// has gRPC output.
func (f *RealFalco) Version(ctx context.Context) (condition.Version, error) {
	if f.version != (condition.Version{}) {
		return f.version, nil
	}
	out, err := exec.CommandContext(ctx, f.Path, "--version").CombinedOutput()
	if err != nil {
		return condition.Version{}, fmt.Errorf("%s --version: %w\n%s", f.Path, err, tail(out))
	}
	m := versionRE.FindSubmatch(out)
	if m == nil {
		return condition.Version{}, fmt.Errorf("%s --version: no \"Falco version: X.Y.Z\" line in its output:\n%s", f.Path, tail(out))
	}
	v, err := condition.ParseVersion(string(m[1]))
	if err != nil {
		return condition.Version{}, err
	}
	switch {
	case v.Less(catalog.MinFalco()):
		return v, fmt.Errorf("%s is Falco %s: the ecs plugin needs Falco %s or later (plugin API 3.11)", f.Path, v, catalog.MinFalco())
	case f.GRPC != "" && !v.Less(noGRPCFalco):
		return v, fmt.Errorf("%s is Falco %s, which has no gRPC output (removed in %s): leave out --falco-grpc to read its JSON output", f.Path, v, noGRPCFalco)
	}
	f.version = v
	return v, nil
}

// Config returns the falco.yaml the harness generates: nothing merged from
// /etc/falco/config.d (config_files: []), the ecs plugin (and the container
// plugin when a rules file needs it) loaded from load_plugins, every rule
// match reported (rule_matching: all, priority debug), JSON alerts with
// evt.num appended to every alert's output fields, and either stdout or
// gRPC output. The engine stays nodriver in the file; Run selects replay on
// the command line, as Falco needs a capture file whenever engine.kind is
// replay.
func (f *RealFalco) Config(container bool) ([]byte, error) {
	plugin, err := filepath.Abs(f.Plugin)
	if err != nil {
		return nil, err
	}
	cfg := f.PluginConfig
	if cfg == (ecs.Config{}) {
		cfg = ecs.DefaultConfig()
	}
	initConfig, err := json.Marshal(cfg)
	if err != nil {
		return nil, err
	}
	type pluginEntry struct {
		Name        string `yaml:"name"`
		LibraryPath string `yaml:"library_path"`
		InitConfig  string `yaml:"init_config"`
	}
	type output struct {
		Enabled bool `yaml:"enabled"`
	}
	type grpcServer struct {
		Enabled     bool   `yaml:"enabled"`
		BindAddress string `yaml:"bind_address"`
		Threadiness int    `yaml:"threadiness"`
	}
	c := struct {
		ConfigFiles  []string          `yaml:"config_files"`
		Engine       map[string]string `yaml:"engine"`
		LoadPlugins  []string          `yaml:"load_plugins"`
		Plugins      []pluginEntry     `yaml:"plugins"`
		Priority     string            `yaml:"priority"`
		RuleMatching string            `yaml:"rule_matching"`
		JSONOutput   bool              `yaml:"json_output"`
		JSONOutProp  bool              `yaml:"json_include_output_property"`
		JSONTagsProp bool              `yaml:"json_include_tags_property"`
		AppendOutput []map[string]any  `yaml:"append_output"`
		Buffered     bool              `yaml:"buffered_outputs"`
		Stdout       output            `yaml:"stdout_output"`
		Syslog       output            `yaml:"syslog_output"`
		File         output            `yaml:"file_output"`
		HTTP         output            `yaml:"http_output"`
		Program      output            `yaml:"program_output"`
		GRPC         *grpcServer       `yaml:"grpc,omitempty"`
		GRPCOutput   *output           `yaml:"grpc_output,omitempty"`
		LogStderr    bool              `yaml:"log_stderr"`
		LogSyslog    bool              `yaml:"log_syslog"`
		LogLevel     string            `yaml:"log_level"`
		WatchConfig  bool              `yaml:"watch_config_files"`
	}{
		ConfigFiles:  []string{},
		Engine:       map[string]string{"kind": "nodriver"},
		LoadPlugins:  []string{ecs.PluginName},
		Plugins:      []pluginEntry{{Name: ecs.PluginName, LibraryPath: plugin, InitConfig: string(initConfig)}},
		Priority:     "debug",
		RuleMatching: "all",
		JSONOutput:   true, JSONOutProp: true, JSONTagsProp: true,
		AppendOutput: []map[string]any{{"extra_fields": []string{"evt.num"}}},
		Stdout:       output{Enabled: f.GRPC == ""},
		LogStderr:    true,
		LogLevel:     "info",
	}
	if container {
		c.LoadPlugins = append(c.LoadPlugins, "container")
		c.Plugins = append(c.Plugins, pluginEntry{Name: "container", LibraryPath: "libcontainer.so", InitConfig: "{}"})
	}
	if f.GRPC != "" {
		c.GRPC = &grpcServer{Enabled: true, BindAddress: f.GRPC}
		c.GRPCOutput = &output{Enabled: true}
	}
	var b bytes.Buffer
	b.WriteString("# falco.yaml generated by eql2falco parity for a replay; Falco 0.41 or later.\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(c); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Args returns the command line Run gives Falco.
func Args(config, capture string, rules []string) []string {
	args := []string{"-c", config}
	for _, r := range rules {
		args = append(args, "-r", r)
	}
	return append(args, "-o", "engine.kind=replay", "-o", "engine.replay.capture_file="+capture)
}

// Run replays one capture file through Falco with the given rules files and
// returns its alerts.
func (f *RealFalco) Run(ctx context.Context, capture string, files []*FalcoFile) (*Alerts, error) {
	v, err := f.Version(ctx)
	if err != nil {
		return nil, err
	}
	timeout := f.Timeout
	if timeout == 0 {
		timeout = 10 * time.Minute
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	dir, err := os.MkdirTemp("", "eql2falco-falco-*")
	if err != nil {
		return nil, err
	}
	defer func() { _ = os.RemoveAll(dir) }()
	container := false
	var rules []string
	for i, rf := range files {
		for _, p := range rf.Set.Plugins {
			container = container || p == "container"
		}
		name := filepath.Join(dir, fmt.Sprintf("rules-%02d.yaml", i))
		if err := os.WriteFile(name, rf.Data, 0o644); err != nil {
			return nil, err
		}
		rules = append(rules, name)
	}
	cfg, err := f.Config(container)
	if err != nil {
		return nil, err
	}
	cfgName := filepath.Join(dir, "falco.yaml")
	if err := os.WriteFile(cfgName, cfg, 0o644); err != nil {
		return nil, err
	}

	alerts := &Alerts{Index: v.Less(numberingFalco)}
	cmd := exec.CommandContext(ctx, f.Path, Args(cfgName, capture, rules)...)
	var stderr tailBuffer
	cmd.Stderr = &stderr
	if f.Log != nil {
		cmd.Stderr = io.MultiWriter(&stderr, f.Log)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	exited := make(chan struct{})
	var grpcErr error
	var grpcDone sync.WaitGroup
	var mu sync.Mutex
	if f.GRPC != "" {
		grpcDone.Add(1)
		go func() {
			defer grpcDone.Done()
			grpcErr = watchGRPC(ctx, f.GRPC, exited, func(rule string, num uint64) {
				mu.Lock()
				alerts.add(rule, num)
				mu.Unlock()
			})
		}()
	}
	parseErr := readJSONAlerts(stdout, func(rule string, num uint64) {
		mu.Lock()
		alerts.add(rule, num)
		mu.Unlock()
	})
	waitErr := cmd.Wait()
	close(exited)
	grpcDone.Wait()
	switch {
	case ctx.Err() != nil:
		return nil, fmt.Errorf("falco on %s: %w after %s\n%s", capture, ctx.Err(), timeout, stderr.String())
	case waitErr != nil:
		return nil, fmt.Errorf("falco on %s: %w\n%s", capture, waitErr, stderr.String())
	case parseErr != nil:
		return nil, fmt.Errorf("falco on %s: %w", capture, parseErr)
	case grpcErr != nil:
		return nil, fmt.Errorf("falco on %s: gRPC outputs: %w", capture, grpcErr)
	}
	return alerts, nil
}

// jsonAlert is the part of a Falco JSON alert the harness reads.
type jsonAlert struct {
	Rule         string         `json:"rule"`
	OutputFields map[string]any `json:"output_fields"`
}

// readJSONAlerts reads Falco's stdout: one JSON object per alert, among
// plain-text lines (the replay summary) that it skips.
func readJSONAlerts(r io.Reader, add func(rule string, num uint64)) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	var firstErr error
	for sc.Scan() {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 || line[0] != '{' {
			continue
		}
		var a jsonAlert
		if err := json.Unmarshal(line, &a); err != nil || a.Rule == "" {
			continue // a JSON line that is not an alert
		}
		num, err := alertNum(a.OutputFields["evt.num"])
		if err != nil && firstErr == nil {
			firstErr = fmt.Errorf("alert of rule %q: %w", a.Rule, err)
		}
		if err == nil {
			add(a.Rule, num)
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	return firstErr
}

// alertNum reads the evt.num output field: a JSON number, or a string over
// gRPC.
func alertNum(v any) (uint64, error) {
	switch x := v.(type) {
	case float64:
		if x < 0 || x != float64(uint64(x)) {
			return 0, fmt.Errorf("evt.num %v is not an event number", x)
		}
		return uint64(x), nil
	case string:
		n, err := strconv.ParseUint(x, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("evt.num %q is not an event number", x)
		}
		return n, nil
	case nil:
		return 0, errors.New("no evt.num in output_fields: this Falco does not apply append_output (Falco 0.39 or later is needed)")
	}
	return 0, fmt.Errorf("evt.num has an unexpected value %v", v)
}

// watchGRPC subscribes to Falco's outputs service at addr with client-go
// and reports every alert until the stream ends, Falco exits (then it
// allows a short grace period for queued alerts) or ctx is done.
func watchGRPC(ctx context.Context, addr string, exited <-chan struct{}, add func(rule string, num uint64)) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		select {
		case <-exited:
			select {
			case <-time.After(2 * time.Second):
				cancel()
			case <-ctx.Done():
			}
		case <-ctx.Done():
		}
	}()
	c, err := client.NewForConfig(ctx, &client.Config{
		UnixSocketPath: addr,
		DialOptions:    []grpc.DialOption{grpc.WithBlock()},
	})
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("could not connect to %s before Falco exited", addr)
		}
		return err
	}
	defer func() { _ = c.Close() }()
	oc, err := c.Outputs()
	if err != nil {
		return err
	}
	stream, err := oc.Sub(ctx)
	if err != nil {
		return err
	}
	// Falco answers each request on the stream with the alerts queued so
	// far: ask every 100 ms (as client-go's OutputsWatch does), and read
	// until the stream ends. OutputsWatch itself is not used: it can return
	// on the end of the stream before delivering the last alerts.
	go func() {
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			if stream.Send(&outputs.Request{}) != nil {
				return
			}
			select {
			case <-t.C:
			case <-ctx.Done():
				return
			}
		}
	}()
	var bad error
	for {
		res, err := stream.Recv()
		if err != nil {
			if bad != nil {
				return bad
			}
			if errors.Is(err, io.EOF) || ctx.Err() != nil {
				return nil
			}
			if s, ok := status.FromError(err); ok && (s.Code() == codes.Unavailable || s.Code() == codes.Canceled) {
				return nil // Falco stopped serving after the replay
			}
			return err
		}
		num, err := alertNum(res.OutputFields["evt.num"])
		if err != nil {
			if bad == nil {
				bad = fmt.Errorf("alert of rule %q: %w", res.Rule, err)
			}
			continue
		}
		add(res.Rule, num)
	}
}

// tailBuffer keeps the last 8 KiB written to it.
type tailBuffer struct {
	mu  sync.Mutex
	buf []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if len(t.buf) > 8<<10 {
		t.buf = append(t.buf[:0], t.buf[len(t.buf)-8<<10:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}

func tail(b []byte) string {
	if len(b) > 2048 {
		b = b[len(b)-2048:]
	}
	return string(b)
}
