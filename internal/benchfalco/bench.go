package main

import (
	"bufio"
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/eql2falco/eql2falco/internal/benchcapture"
)

// nativeRules is the seed rule in native fields.
//
//go:embed native.yaml
var nativeRules []byte

// Options configure a benchmark.
type Options struct {
	Falco, Plugin, Rules string
	// Runs is how many times each capture is replayed by each setup.
	Runs int
	// Processes and Alerting shape the workload (benchcapture.Workload).
	Processes, Alerting int
	// Valgrind counts instructions under callgrind, one run of each.
	Valgrind bool
	// Dir keeps the files; empty: a temporary directory.
	Dir string
}

// The setups each capture is replayed with.
const (
	setupNone       = iota // no rule, no plugin
	setupNative            // native.yaml, no plugin
	setupTranslated        // the generated rule, libecs.so loaded
	numSetups
)

var setupNames = [numSetups]string{"no rules", "native rule", "translated rule + libecs.so"}

// A capture of the benchmark.
type capture struct {
	name   string
	path   string
	counts benchcapture.Counts
}

// measure is what the runs of one setup on one capture gave.
type measure struct {
	cpu    []time.Duration
	rss    []int64 // peak RSS, KiB
	instrs uint64  // valgrind mode
}

// Report is the outcome of a benchmark.
type Report struct {
	Falco    string // falco --version's version
	Options  Options
	captures []capture
	m        [][numSetups]*measure // by capture, then setup
}

// Run writes the captures, configurations and rules into a directory and
// replays each capture with each setup, o.Runs times in turn (or once under
// callgrind), checking every run's alert count. Progress goes to log.
func Run(ctx context.Context, o Options, log io.Writer) (*Report, error) {
	if o.Runs < 1 {
		o.Runs = 1
	}
	dir := o.Dir
	if dir == "" {
		d, err := os.MkdirTemp("", "benchfalco-")
		if err != nil {
			return nil, err
		}
		defer func() { _ = os.RemoveAll(d) }()
		dir = d
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	version, err := falcoVersion(ctx, o.Falco)
	if err != nil {
		return nil, err
	}
	plugin, err := filepath.Abs(o.Plugin)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(plugin); err != nil {
		return nil, fmt.Errorf("plugin: %w (make plugin builds it)", err)
	}
	translated, err := filepath.Abs(o.Rules)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(translated); err != nil {
		return nil, fmt.Errorf("rules: %w (make rules generates them)", err)
	}
	files := map[string][]byte{
		"falco.yaml":        FalcoConfig(""),
		"falco-plugin.yaml": FalcoConfig(plugin),
		"native.yaml":       nativeRules,
		"none.yaml":         []byte("# no rules\n[]\n"),
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return nil, err
		}
	}
	rep := &Report{Falco: version, Options: o}
	for _, c := range []struct {
		name                string
		alerting, processes int
	}{{"start-up", 0, 1}, {"no alert", 0, o.Processes}, {"alert-heavy", o.Alerting, o.Processes}} {
		wl := benchcapture.Workload{Processes: c.processes, Alerting: c.alerting}
		path := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "-")+".scap")
		counts, err := writeCapture(path, wl)
		if err != nil {
			return nil, err
		}
		rep.captures = append(rep.captures, capture{c.name, path, counts})
		rep.m = append(rep.m, [numSetups]*measure{{}, {}, {}})
	}
	args := func(s int, c capture) []string {
		cfg, rules := filepath.Join(dir, "falco.yaml"), filepath.Join(dir, "none.yaml")
		switch s {
		case setupNative:
			rules = filepath.Join(dir, "native.yaml")
		case setupTranslated:
			cfg, rules = filepath.Join(dir, "falco-plugin.yaml"), translated
		}
		return []string{"-c", cfg, "-r", rules, "-o", "engine.kind=replay", "-o", "engine.replay.capture_file=" + c.path}
	}
	runs := o.Runs
	if o.Valgrind {
		runs = 1
	}
	// One run of each first, not counted: it fills the page cache and
	// checks the setups before the measured runs.
	for round := -1; round < runs; round++ {
		for ci, c := range rep.captures {
			for s := range numSetups {
				r, err := replay(ctx, o.Falco, args(s, c), o.Valgrind && round >= 0, dir)
				if err != nil {
					return nil, fmt.Errorf("%s, %s: %w", c.name, setupNames[s], err)
				}
				want := c.counts.Alerting
				if s == setupNone {
					want = 0
				}
				if r.alerts != want {
					return nil, fmt.Errorf("%s, %s: %d alerts, want %d", c.name, setupNames[s], r.alerts, want)
				}
				if round < 0 {
					continue
				}
				m := rep.m[ci][s]
				m.cpu = append(m.cpu, r.cpu)
				m.rss = append(m.rss, r.maxRSS)
				m.instrs = r.instrs
			}
		}
		if round >= 0 && log != nil {
			fmt.Fprintf(log, "benchfalco: round %d of %d done\n", round+1, runs)
		}
	}
	return rep, nil
}

func writeCapture(path string, wl benchcapture.Workload) (benchcapture.Counts, error) {
	f, err := os.Create(path)
	if err != nil {
		return benchcapture.Counts{}, err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	counts, err := wl.Write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return counts, err
}

// FalcoConfig is the falco.yaml of the benchmark: nothing merged from
// /etc/falco (config_files: []), JSON alerts on standard output (as the
// parity harness reads them), no other output, and libecs.so loaded when
// plugin is set.
func FalcoConfig(plugin string) []byte {
	var b strings.Builder
	b.WriteString(`# falco.yaml written by benchfalco (make bench-falco)
config_files: []
json_output: true
json_include_output_property: true
json_include_tags_property: true
stdout_output:
  enabled: true
syslog_output:
  enabled: false
file_output:
  enabled: false
http_output:
  enabled: false
program_output:
  enabled: false
  program: "cat"
grpc_output:
  enabled: false
webserver:
  enabled: false
log_stderr: true
log_syslog: false
log_level: info
watch_config_files: false
`)
	if plugin == "" {
		b.WriteString("load_plugins: []\nplugins: []\n")
	} else {
		fmt.Fprintf(&b, "load_plugins: [ecs]\nplugins:\n  - name: ecs\n    library_path: %s\n    init_config: \"\"\n", strconv.Quote(plugin))
	}
	return []byte(b.String())
}

var versionRE = regexp.MustCompile(`(?m)^Falco version:\s*(\S+)`)

func falcoVersion(ctx context.Context, falco string) (string, error) {
	out, err := exec.CommandContext(ctx, falco, "--version").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("%s --version: %w\n%s", falco, err, out)
	}
	m := versionRE.FindSubmatch(out)
	if m == nil {
		return "", fmt.Errorf("%s --version: no \"Falco version:\" line in\n%s", falco, out)
	}
	return string(m[1]), nil
}

// result is one replay.
type result struct {
	cpu    time.Duration // user + system time of the falco process
	maxRSS int64         // KiB
	alerts int
	instrs uint64 // under valgrind
}

var collectedRE = regexp.MustCompile(`== Collected : (\d+)`)

// replay runs falco with args and counts its JSON alerts; under valgrind
// it counts the instructions instead of timing. callgrind needs the Go
// runtime's asynchronous preemption off (its signals upset it).
func replay(ctx context.Context, falco string, args []string, valgrind bool, dir string) (result, error) {
	name, argv := falco, args
	var env []string
	if valgrind {
		name = "valgrind"
		argv = append([]string{"--tool=callgrind", "--callgrind-out-file=" + filepath.Join(dir, "callgrind.out"), falco}, args...)
		env = append(os.Environ(), "GODEBUG=asyncpreemptoff=1")
	}
	cmd := exec.CommandContext(ctx, name, argv...)
	cmd.Env = env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return result{}, err
	}
	if err := cmd.Start(); err != nil {
		return result{}, err
	}
	alerts, scanErr := CountAlerts(stdout)
	if err := cmd.Wait(); err != nil {
		return result{}, fmt.Errorf("%s: %w\n%s", name, err, tail(stderr.Bytes()))
	}
	if scanErr != nil {
		return result{}, scanErr
	}
	r := result{alerts: alerts}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		r.maxRSS = ru.Maxrss
	}
	if valgrind {
		m := collectedRE.FindSubmatch(stderr.Bytes())
		if m == nil {
			return result{}, fmt.Errorf("valgrind: no instruction count in\n%s", tail(stderr.Bytes()))
		}
		r.instrs, _ = strconv.ParseUint(string(m[1]), 10, 64)
	}
	return r, nil
}

// CountAlerts counts the JSON alerts (lines of objects with a "rule") in
// Falco's standard output.
func CountAlerts(r io.Reader) (int, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	n := 0
	for sc.Scan() {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) > 0 && line[0] == '{' && bytes.Contains(line, []byte(`"rule":`)) {
			n++
		}
	}
	return n, sc.Err()
}

func tail(b []byte) string {
	if len(b) > 4096 {
		b = b[len(b)-4096:]
	}
	return string(b)
}

func median[T int64 | time.Duration](v []T) T {
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// Write prints the report: per capture and setup the median CPU time with
// its range, the median peak RSS (or the instruction count), then the
// ratios of the translated rule to the native one and the RSS the plugin
// adds.
func (r *Report) Write(w io.Writer) error {
	if len(r.captures) == 0 {
		return errors.New("no measurements")
	}
	c0 := r.captures[len(r.captures)-1].counts
	mode := fmt.Sprintf("CPU time (user+system) and peak RSS of the falco process, median of %d runs [min-max]", r.Options.Runs)
	if r.Options.Valgrind {
		mode = "instructions of the whole replay, valgrind --tool=callgrind (one run of each)"
	}
	fmt.Fprintf(w, "bench-falco: Falco %s replaying %d events (%d execs, %d processes), and one process lifetime for the start-up; %s\n\n",
		r.Falco, c0.Events, c0.Execs, r.Options.Processes, mode)
	tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
	if r.Options.Valgrind {
		fmt.Fprintln(tw, "capture\tsetup\talerts\tinstructions\t")
	} else {
		fmt.Fprintln(tw, "capture\tsetup\talerts\tCPU ms\tpeak RSS MiB\t")
	}
	for ci, c := range r.captures {
		for s := range numSetups {
			m := r.m[ci][s]
			alerts := c.counts.Alerting
			if s == setupNone {
				alerts = 0
			}
			name := c.name
			if s > 0 {
				name = ""
			}
			if r.Options.Valgrind {
				fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t\n", name, setupNames[s], alerts, m.instrs)
				continue
			}
			fmt.Fprintf(tw, "%s\t%s\t%d\t%s [%s-%s]\t%.1f\t\n", name, setupNames[s], alerts, ms(median(m.cpu)),
				ms(slices.Min(m.cpu)), ms(slices.Max(m.cpu)), float64(median(m.rss))/1024)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	for ci, c := range r.captures {
		tr, na, no := r.m[ci][setupTranslated], r.m[ci][setupNative], r.m[ci][setupNone]
		if r.Options.Valgrind {
			fmt.Fprintf(w, "%s: translated/native %.3fx, translated/no rules %.3fx, native/no rules %.3fx\n", c.name,
				ratio(tr.instrs, na.instrs), ratio(tr.instrs, no.instrs), ratio(na.instrs, no.instrs))
			continue
		}
		fmt.Fprintf(w, "%s: translated/native %.3fx, translated/no rules %.3fx, native/no rules %.3fx\n", c.name,
			ratio(median(tr.cpu), median(na.cpu)), ratio(median(tr.cpu), median(no.cpu)), ratio(median(na.cpu), median(no.cpu)))
	}
	if !r.Options.Valgrind {
		fmt.Fprint(w, "peak RSS, translated rule + libecs.so - native rule:")
		for ci, c := range r.captures {
			d := float64(median(r.m[ci][setupTranslated].rss)-median(r.m[ci][setupNative].rss)) / 1024
			fmt.Fprintf(w, "%s %+.1f MiB (%s)", map[bool]string{true: "", false: ","}[ci == 0], d, c.name)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, "targets (issue 13): translated/native <= 1.05x with no alert, <= 1.10x alert-heavy; peak RSS <= +4 MiB")
	return nil
}

func ms(d time.Duration) string { return strconv.FormatFloat(float64(d)/1e6, 'f', 0, 64) }

func ratio[T uint64 | time.Duration](a, b T) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
