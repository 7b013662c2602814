package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/eql2falco/eql2falco/capture/ppm"
	"github.com/eql2falco/eql2falco/plugin/ecs"
	"github.com/eql2falco/eql2falco/plugin/internal/exectest"
	"github.com/eql2falco/eql2falco/plugin/internal/threadtest"
)

// The ABI tests build libecs.so and a C harness (testdata/abi/harness.c)
// that loads it as libsinsp does, then check what the plugin answers through
// the C API.

var (
	buildOnce sync.Once
	buildDir  string
	buildErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		_ = os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// build returns the paths of libecs.so and the harness, building them once.
func build(tb testing.TB) (lib, harness string) {
	tb.Helper()
	buildOnce.Do(func() {
		buildDir, buildErr = os.MkdirTemp("", "ecs-abi-")
		if buildErr != nil {
			return
		}
		lib := filepath.Join(buildDir, "libecs.so")
		cmd := exec.Command("go", "build", "-buildmode=c-shared", "-o", lib, ".")
		cmd.Env = append(os.Environ(), "GODEBUG=cgocheck=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %w\n%s", err, out)
			return
		}
		out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/falcosecurity/plugin-sdk-go").Output()
		if err != nil {
			buildErr = fmt.Errorf("locating plugin-sdk-go: %w", err)
			return
		}
		sdkHeaders := filepath.Join(strings.TrimSpace(string(out)), "pkg", "sdk")
		harness := filepath.Join(buildDir, "harness")
		if out, err := exec.Command("gcc", "-O2", "-Wall", "-Werror", "-o", harness,
			"testdata/abi/harness.c", "testdata/abi/standin.c", "-I", sdkHeaders, "-ldl").CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("gcc: %w\n%s", err, out)
		}
	})
	if buildErr != nil {
		tb.Fatal(buildErr)
	}
	return filepath.Join(buildDir, "libecs.so"), filepath.Join(buildDir, "harness")
}

// run runs the harness and decodes its JSON output into v.
func run(tb testing.TB, v any, args ...string) {
	tb.Helper()
	lib, harness := build(tb)
	cmd := exec.Command(harness, append([]string{lib}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		tb.Fatalf("harness %v: %v\n%s", args, err, stderr.Bytes())
	}
	if err := json.Unmarshal(out, v); err != nil {
		tb.Fatalf("harness %v: %v\n%s", args, err, out)
	}
}

// TestABILayout compiles testdata/abi/layout.c, whose static assertions
// check the plugin's declarations of the state tables API (tables.h)
// against plugin_api.h: plugin-sdk-go's (API 3.11), and libs' own when
// $EQL2FALCO_LIBS names a falcosecurity/libs checkout.
func TestABILayout(t *testing.T) {
	build(t) // the SDK's headers are located there
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/falcosecurity/plugin-sdk-go").Output()
	if err != nil {
		t.Fatal(err)
	}
	headers := map[string][]string{"plugin-sdk-go": {"-I", filepath.Join(strings.TrimSpace(string(out)), "pkg", "sdk")}}
	if libs := os.Getenv("EQL2FALCO_LIBS"); libs != "" {
		headers["falcosecurity/libs"] = []string{"-I", filepath.Join(libs, "userspace"), "-I", filepath.Join(libs, "userspace", "plugin")}
	}
	for name, inc := range headers {
		args := append(append([]string{"-fsyntax-only", "-Wall", "-Werror"}, inc...), "-I", "extractor", "testdata/abi/layout.c")
		if o, err := exec.Command("gcc", args...).CombinedOutput(); err != nil {
			t.Errorf("layout against %s's plugin_api.h: %v\n%s", name, err, o)
		}
	}
}

func TestABISymbols(t *testing.T) {
	var got struct{ Present, Unexpected []string }
	run(t, &got, "symbols")
	if len(got.Present) != 14 || len(got.Unexpected) != 0 {
		t.Fatalf("symbols present %v, unexpected %v", got.Present, got.Unexpected)
	}
}

func TestABIInfo(t *testing.T) {
	var got map[string]any
	run(t, &got, "info")
	want := map[string]any{
		"plugin_get_required_api_version":          ecs.RequiredAPIVersion,
		"plugin_get_name":                          ecs.PluginName,
		"plugin_get_description":                   ecs.PluginDescription,
		"plugin_get_contact":                       ecs.PluginContact,
		"plugin_get_version":                       ecs.PluginVersion,
		"plugin_get_extract_event_sources":         `["` + ecs.EventSource + `"]`,
		"plugin_get_required_event_schema_version": ecs.RequiredEventSchemaVersion,
		"plugin_get_init_schema":                   ecs.ConfigSchema,
		"schema_type":                              float64(1), // SS_PLUGIN_SCHEMA_JSON
	}
	var types []any
	for _, c := range ecs.EventTypes() {
		types = append(types, float64(c))
	}
	want["plugin_get_extract_event_types"] = types
	fieldsJSON, _ := got["plugin_get_fields"].(string)
	delete(got, "plugin_get_fields")
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("info (-want +got):\n%s", diff)
	}
	if got := fmt.Sprint(types); got != "[293 331 3 307 327 301 303 175 177 319]" {
		t.Errorf("event types %s", got)
	}

	// plugin_get_fields: valid JSON, in ecs.FieldID order, list fields marked.
	var fields []struct {
		Name, Type, Desc, Display string
		IsList                    bool
		Arg                       struct{ IsRequired, IsIndex, IsKey bool }
	}
	if err := json.Unmarshal([]byte(fieldsJSON), &fields); err != nil {
		t.Fatalf("plugin_get_fields is not valid JSON: %v\n%s", err, fieldsJSON)
	}
	table := ecs.PluginFields()
	if len(fields) != len(table) {
		t.Fatalf("%d fields, table has %d", len(fields), len(table))
	}
	lists, tableLists := 0, 0
	for i, f := range table {
		if f.List {
			tableLists++
		}
		g := fields[i]
		pattern := f.Pattern != ecs.NoPattern
		if g.Name != f.FalcoName() || g.Type != string(f.Type) || g.IsList != f.List || g.Desc != f.Desc ||
			g.Arg.IsRequired != pattern || g.Arg.IsIndex || g.Arg.IsKey != pattern {
			t.Errorf("field %d: %+v, table %+v", i, g, f)
		}
		if g.IsList {
			lists++
		}
	}
	if p, _ := ecs.Lookup("process.args"); !fields[p.ID].IsList || lists != tableLists {
		t.Errorf("list fields: process.args marked %v, %d lists", fields[p.ID].IsList, lists)
	}
}

func TestABIInit(t *testing.T) {
	for _, c := range []struct {
		config, tables string
		rc             int
		err            string
	}{
		{"", "full", 0, ""},
		{"{}", "full", 0, ""},
		{`{"containerIdFormat":"short"}`, "full", 0, ""},
		{`{"containerIdFormat":"tiny"}`, "full", 1, "at /containerIdFormat: value must be one of 'full', 'short'"},
		{`{"containerIDFormat":"short"}`, "full", 1, "additional properties 'containerIDFormat' not allowed"},
		{`not json`, "full", 1, "not valid JSON"},
		// The thread table is required: without it the process context
		// would silently have no value.
		{"", "none", 1, "ecs: the plugin's owner gives no access to its state tables"},
		{"", "nothreads", 1, `ecs: the owner has no "threads" table with int64 keys: table not found`},
		{"", "nocwd", 1, `ecs: the "threads" table has no field "cwd" of type 9: undefined field`},
		// A bad configuration is reported first, whatever the tables.
		{`not json`, "none", 1, "not valid JSON"},
	} {
		var got struct {
			RC                      int
			Error                   string
			Outstanding, Violations int
		}
		run(t, &got, "init", c.config, c.tables)
		if got.RC != c.rc || !strings.Contains(got.Error, c.err) || (c.err == "") != (got.Error == "") {
			t.Errorf("plugin_init(%q, tables %s) = %d %q; want %d containing %q", c.config, c.tables, got.RC, got.Error, c.rc, c.err)
		}
		if got.Outstanding != 0 || got.Violations != 0 {
			t.Errorf("plugin_init(%q, tables %s): %d entries not destroyed, %d API violations", c.config, c.tables, got.Outstanding, got.Violations)
		}
	}
}

// threadsFile writes a thread table for the harness's stand-in: per thread
// "tid pid ptid tty uid gid", then tab-separated exe, exe_path, cwd, args;
// then "fd tid fd", a tab and the name, per file descriptor.
func threadsFile(t testing.TB, tb *threadtest.Table) string {
	t.Helper()
	if tb == nil {
		return "-"
	}
	var b, fds strings.Builder
	for _, e := range tb.Entries {
		fmt.Fprintf(&b, "%d %d %d %d %d %d\t%s\t%s\t%s", e.TID, e.PID, e.PTID, e.TTY, e.UID, e.GID, e.Exe, e.ExePath, e.Cwd)
		for _, a := range e.Args {
			b.WriteString("\t" + a)
		}
		b.WriteString("\n")
		for fd, name := range e.FDs {
			fmt.Fprintf(&fds, "fd %d %d\t%s\n", e.TID, fd, name)
		}
	}
	b.WriteString(fds.String())
	file := filepath.Join(t.TempDir(), "threads.txt")
	if err := os.WriteFile(file, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}

type result struct {
	Field  string
	RC     int
	Error  string
	Values []any
}

// extract writes raw to a file and extracts the named fields, one call each,
// with the stand-in's thread table holding exectest.WhichCurl's process tree.
func extract(t *testing.T, config string, raw []byte, offsets bool, names ...string) map[string]result {
	t.Helper()
	return extractWith(t, config, threadtest.WhichCurl(), raw, offsets, names...)
}

// extractWith is extract with the thread table tb (nil: an empty table). It
// fails the test when the plugin misused the tables API or did not release
// every entry it obtained.
func extractWith(t *testing.T, config string, tb *threadtest.Table, raw []byte, offsets bool, names ...string) map[string]result {
	t.Helper()
	file := filepath.Join(t.TempDir(), "event.bin")
	if err := os.WriteFile(file, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	off := "0"
	if offsets {
		off = "1"
	}
	var results struct {
		Fields                  []result
		Outstanding, Violations int
	}
	run(t, &results, append([]string{"extract", config, threadsFile(t, tb), file, "1", off}, specs(t, names...)...)...)
	if results.Outstanding != 0 || results.Violations != 0 {
		t.Errorf("%d table entries not released, %d tables API violations", results.Outstanding, results.Violations)
	}
	out := map[string]result{}
	for _, r := range results.Fields {
		out[strings.TrimPrefix(r.Field, ecs.FieldPrefix)] = r
	}
	return out
}

// specs gives the harness each field as libsinsp describes it in
// ss_plugin_extract_field: id, type (PT_CHARBUF 9, PT_UINT64 8, PT_BOOL 25),
// list flag, name.
func specs(tb testing.TB, names ...string) []string {
	var out []string
	for _, n := range names {
		f, ok := ecs.Lookup(n)
		if !ok {
			tb.Fatalf("no field %s", n)
		}
		ftype := map[ecs.Type]int{ecs.TypeString: 9, ecs.TypeUint64: 8, ecs.TypeBool: 25}[f.Type]
		list := 0
		if f.List {
			list = 1
		}
		out = append(out, fmt.Sprintf("%d:%d:%d:%s", f.ID, ftype, list, f.FalcoName()))
	}
	return out
}

func allNames() []string {
	var names []string
	for _, f := range ecs.Fields() {
		names = append(names, f.Name)
	}
	return names
}

func TestABIExtract(t *testing.T) {
	raw := exectest.WhichCurl().Encode(t)
	want := map[string][]any{
		"event.category": {"process"}, "event.kind": {"event"}, "event.type": {"start"}, "event.action": {"exec"},
		"host.os.type": {"linux"}, "process.name": {"dash"}, "process.executable": {"/usr/bin/dash"},
		"process.args":       {"/bin/sh", "/usr/bin/which", "curl"},
		"process.args_count": {3.0}, "process.command_line": {"/bin/sh /usr/bin/which curl"},
		"process.pid": {4242.0}, "process.thread.id": {4242.0}, "process.parent.pid": {4100.0},
		"process.interactive":           {true},
		"process.tty.char_device.major": {136.0}, "process.tty.char_device.minor": {0.0},
		"process.env_vars": {"PATH=/usr/local/bin:/usr/bin:/bin", "HOME=/root", "TERM=xterm"},
		"user.id":          {"0"}, "group.id": {"0"}, "container.id": {exectest.ContainerID},
	}
	// The process context, read from the stand-in's thread table.
	for k, v := range threadtest.WhichCurlValues() {
		switch x := v.(type) {
		case []string:
			var l []any
			for _, s := range x {
				l = append(l, s)
			}
			want[k] = l
		case int64:
			want[k] = []any{float64(x)}
		default:
			want[k] = []any{x}
		}
	}
	for _, name := range fileOnly {
		want[name] = []any{}
	}
	for _, offsets := range []bool{false, true} {
		got := extract(t, "", raw, offsets, allNames()...)
		if len(got) != len(want) {
			t.Fatalf("%d results for %d fields", len(got), len(want))
		}
		for name, w := range want {
			if r := got[name]; r.RC != 0 || !cmp.Equal(w, r.Values) {
				t.Errorf("offsets=%v %s: rc=%d %q values %v, want %v", offsets, name, r.RC, r.Error, r.Values, w)
			}
		}
	}
	short := extract(t, `{"containerIdFormat":"short"}`, raw, false, "container.id")
	if v := short["container.id"].Values; len(v) != 1 || v[0] != exectest.ContainerID[:12] {
		t.Errorf("short container id: %v", v)
	}
}

// With a thread table that lacks the parent and the group leader, their
// fields have no value; the pgid comes from the event and stays.
func TestABIExtractMissingRelatives(t *testing.T) {
	raw := exectest.WhichCurl().Encode(t)
	for _, tb := range []*threadtest.Table{nil, threadtest.New(*threadtest.WhichCurl().Entries[4242])} {
		got := extractWith(t, "", tb, raw, false, allNames()...)
		for name := range threadtest.WhichCurlValues() {
			r := got[name]
			present := name == "process.group_leader.pid" || (tb != nil && name == "process.working_directory")
			if r.RC != 0 || present != (len(r.Values) > 0) {
				t.Errorf("table %v, %s: rc=%d %q values %v, want present=%v", tb != nil, name, r.RC, r.Error, r.Values, present)
			}
		}
	}
}

func TestABIExtractNoValue(t *testing.T) {
	cases := []struct {
		name   string
		raw    []byte
		absent []string
	}{
		{"failed exec", exectest.WhichCurl().Set(ppm.ExecRes, ppm.PI64(-2)).Encode(t), allNames()},
		{"host process, no terminal", exectest.WhichCurl().Set(ppm.ExecCgroups, ppm.PStrings("cpu=/")).
			Set(ppm.ExecTTY, ppm.PU32(0)).Encode(t),
			append([]string{"container.id", "process.tty.char_device.major", "process.tty.char_device.minor"}, fileOnly...)},
		{"execveat, 27 params", exectest.WhichCurl().Type(ppm.CodeExecveatX).Count(27).Encode(t),
			append([]string{"process.name", "process.executable", "group.id", // no pgid parameter either:
				"process.group_leader.pid", "process.group_leader.name", "process.group_leader.executable", "process.group_leader.args"}, fileOnly...)},
	}
	for _, c := range cases {
		got := extract(t, "", c.raw, false, allNames()...)
		for _, name := range allNames() {
			r := got[name]
			absent := slices.Contains(c.absent, name)
			if r.RC != 0 || absent != (len(r.Values) == 0) {
				t.Errorf("%s, %s: rc=%d values %v, want absent=%v", c.name, name, r.RC, r.Values, absent)
			}
		}
	}
	// No terminal is a value: interactive false.
	got := extract(t, "", cases[1].raw, false, "process.interactive")
	if v := got["process.interactive"].Values; len(v) != 1 || v[0] != false {
		t.Errorf("interactive without a terminal: %v", v)
	}
}

// A real 19-parameter event of a 2019 kernel module, as Falco 0.41 hands it.
func TestABIExtractRealEvent(t *testing.T) {
	raw, err := os.ReadFile("ecs/testdata/execve19_ls_tty.bin")
	if err != nil {
		t.Fatal(err)
	}
	got := extract(t, "", raw, false, "process.args", "process.interactive", "container.id", "process.name")
	if v := got["process.args"].Values; !cmp.Equal(v, []any{"ls"}) {
		t.Errorf("args %v", v)
	}
	if v := got["process.interactive"].Values; !cmp.Equal(v, []any{true}) {
		t.Errorf("interactive %v", v)
	}
	if v := got["container.id"].Values; len(v) != 1 || !strings.HasPrefix(v[0].(string), "697956520d89") {
		t.Errorf("container.id %v", v)
	}
	if v := got["process.name"].Values; len(v) != 0 {
		t.Errorf("process.name without trusted_exepath: %v", v)
	}
}

// fileOnly are the fields with no value on an exec event.
var fileOnly = []string{"event.outcome", "file.path", "file.name", "file.extension",
	"file.Ext.original.path", "file.Ext.original.name", "file.Ext.original.extension"}

func TestABIExtractErrors(t *testing.T) {
	raw := exectest.WhichCurl().Encode(t)
	bad := append([]byte(nil), raw...)
	bad[22] = 0xff // nparams beyond the event
	got := extract(t, "", bad, false, "process.name")
	if r := got["process.name"]; r.RC != 1 || !strings.Contains(r.Error, "ppm:") {
		t.Errorf("malformed event: %+v", r)
	}
	enter := exectest.WhichCurl().Type(ppm.CodeExecveE).Encode(t)
	if r := extract(t, "", enter, false, "process.name")["process.name"]; r.RC != 1 || !strings.Contains(r.Error, "not an event type the plugin describes") {
		t.Errorf("enter event: %+v", r)
	}
}

// BenchmarkCABI times plugin_extract_fields called from C, one call per
// field as libsinsp makes them, for the fields of the seed rule. The harness
// runs b.N events; ns/event (wall) and cpu-ns/event (process CPU time) are
// its own measurements of the extraction loop, without process start-up.
func BenchmarkCABI(b *testing.B) {
	raw := exectest.WhichCurl().Encode(b)
	file := filepath.Join(b.TempDir(), "event.bin")
	if err := os.WriteFile(file, raw, 0o600); err != nil {
		b.Fatal(err)
	}
	seed := []string{"host.os.type", "event.type", "event.action", "process.name", "process.args", "process.interactive", "container.id"}
	b.Run("seed", func(b *testing.B) { benchCABI(b, file, "-", seed, len(seed)+2) }) // process.args has 3 values
	// The seed rule's fields and the parent's name and argv from the
	// stand-in's thread table (the parent bash -i: 2 values).
	withParent := append(slices.Clone(seed), "process.parent.name", "process.parent.args")
	threads := threadsFile(b, threadtest.WhichCurl())
	b.Run("seed+parent", func(b *testing.B) { benchCABI(b, file, threads, withParent, len(seed)+2+1+2) })
}

// BenchmarkCABIPattern times one pattern field on a 20-element argv through
// the C ABI: a case-insensitive contains that matches no element (every
// element is scanned) and a two-pattern argument that matches one.
func BenchmarkCABIPattern(b *testing.B) {
	argv := []string{"--silent", "--show-error", "--location", "--retry", "3", "--connect-timeout", "10",
		"-H", "Accept: */*", "-H", "User-Agent: deploy/1.0", "--output", "/tmp/release.tgz", "--fail",
		"--compressed", "-x", "http://proxy:3128", "--max-time", "60", "https://example.com/release.tgz"}
	raw := exectest.WhichCurl().Set(ppm.ExecExe, ppm.PCharBuf("curl")).Set(ppm.ExecArgs, ppm.PStrings(argv[1:]...)).Encode(b)
	if len(argv) != 20 {
		b.Fatal("argv")
	}
	file := filepath.Join(b.TempDir(), "event.bin")
	if err := os.WriteFile(file, raw, 0o600); err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name, arg string
		values    int
	}{
		{"no-match", "*--socks5*", 0},
		{"two-patterns", "*--socks5*|*PROXY*", 1},
	} {
		b.Run(c.name, func(b *testing.B) {
			var got struct {
				NsPerEvent    float64 `json:"ns_per_event"`
				CPUNsPerEvent float64 `json:"cpu_ns_per_event"`
				Values        int
			}
			build(b)
			b.ResetTimer()
			run(b, &got, "bench", "", "-", file, strconv.Itoa(b.N), patternSpec(b, "ecs.process.args.ilike", c.arg))
			if got.Values != b.N*c.values {
				b.Fatalf("%d values for %d events", got.Values, b.N)
			}
			b.ReportMetric(got.NsPerEvent, "ns/extraction")
			b.ReportMetric(got.CPUNsPerEvent, "cpu-ns/extraction")
		})
	}
}

func benchCABI(b *testing.B, file, threads string, fields []string, valuesPerEvent int) {
	var got struct {
		NsPerEvent    float64 `json:"ns_per_event"`
		CPUNsPerEvent float64 `json:"cpu_ns_per_event"`
		NsPerCall     float64 `json:"ns_per_call"`
		Values        int
	}
	build(b)
	b.ResetTimer()
	run(b, &got, append([]string{"bench", "", threads, file, strconv.Itoa(b.N)}, specs(b, fields...)...)...)
	if got.Values != b.N*valuesPerEvent {
		b.Fatalf("%d values for %d events", got.Values, b.N)
	}
	b.ReportMetric(got.NsPerEvent, "ns/event")
	b.ReportMetric(got.CPUNsPerEvent, "cpu-ns/event")
	b.ReportMetric(got.NsPerCall, "ns/extraction")
}

// patternSpec is the harness spec of pattern field falcoName with arg.
func patternSpec(tb testing.TB, falcoName, arg string) string {
	f, ok := ecs.LookupFalco(falcoName)
	if !ok || f.Pattern == ecs.NoPattern {
		tb.Fatalf("no pattern field %s", falcoName)
	}
	return fmt.Sprintf("%d:9:1:%s:%s", f.ID, f.FalcoName(), arg)
}

// Pattern fields through the C ABI: the argument arrives in arg_key, the
// value is the matching elements, a malformed argument fails the call.
func TestABIPatternFields(t *testing.T) {
	raw := exectest.WhichCurl().Set(ppm.ExecArgs, ppm.PStrings("/usr/bin/which", "CURL", "-o ProxyCommand=x", "a|b")).Encode(t)
	file := filepath.Join(t.TempDir(), "event.bin")
	if err := os.WriteFile(file, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		field, arg string
		rc         int
		values     []any
		err        string
	}{
		{"ecs.process.args.like", "*which", 0, []any{"/usr/bin/which"}, ""},
		{"ecs.process.args.like", "curl", 0, nil, ""},
		{"ecs.process.args.ilike", "curl|/BIN/SH", 0, []any{"/bin/sh", "CURL"}, ""},
		{"ecs.process.args.ilike", "*%20proxycommand=*", 0, []any{"-o ProxyCommand=x"}, ""},
		{"ecs.process.args.like", "*%7C*", 0, []any{"a|b"}, ""},
		{"ecs.process.args.regex", "/usr/bin/w.*|C.*", 0, []any{"/usr/bin/which", "CURL"}, ""},
		{"ecs.process.parent.args.like", "-*", 0, []any{"-i"}, ""},
		{"ecs.process.args.like", "%zz", 1, nil, "ecs.process.args.like[%zz]: at byte 1: % is not followed by two hex digits"},
		{"ecs.process.args.regex", "a(", 1, nil, "ecs.process.args.regex[a(]: error parsing regexp"},
	}
	for _, c := range cases {
		var got struct {
			Fields                  []result
			Outstanding, Violations int
		}
		run(t, &got, "extract", "", threadsFile(t, threadtest.WhichCurl()), file, "1", "0", patternSpec(t, c.field, c.arg))
		r := got.Fields[0]
		if r.RC != c.rc || (len(r.Values)+len(c.values) > 0 && !cmp.Equal(r.Values, c.values)) || !strings.Contains(r.Error, c.err) {
			t.Errorf("%s[%s]: rc %d values %v error %q; want %d %v %q", c.field, c.arg, r.RC, r.Values, r.Error, c.rc, c.values, c.err)
		}
	}
}

// fileThreads is WhichCurl's table with /etc open as fd 3 in the process.
func fileThreads() *threadtest.Table {
	tb := threadtest.WhichCurl()
	tb.Entries[4242].FDs = map[int64]string{3: "/etc"}
	return tb
}

// File events through the C ABI: the path joined with a directory fd read
// from the stand-in's file_descriptors subtable, and the acting process.
func TestABIFileEvent(t *testing.T) {
	created := uint32(exectest.OWronly | exectest.OCreat | exectest.OFCreated)
	names := []string{"event.category", "event.action", "event.type", "file.path", "file.name", "file.extension",
		"process.name", "process.pid", "user.id", "process.args", "container.id"}
	for _, c := range []struct {
		name string
		raw  []byte
		want map[string][]any
	}{
		{"openat by dirfd", exectest.Openat(5, 3, "cron.d/job.sh", created).Encode(t), map[string][]any{
			"event.category": {"file"}, "event.action": {"creation"}, "event.type": {"creation"},
			"file.path": {"/etc/cron.d/job.sh"}, "file.name": {"job.sh"}, "file.extension": {"sh"},
			"process.name": {"dash"}, "process.pid": {4242.0}, "user.id": {"0"}}},
		{"unknown dirfd", exectest.Unlinkat(0, 9, "x", 0).Encode(t), map[string][]any{
			"event.category": {"file"}, "event.action": {"deletion"}, "event.type": {"deletion"},
			"process.name": {"dash"}, "process.pid": {4242.0}, "user.id": {"0"}}},
		{"relative to the cwd", exectest.Rename(0, "a", "b.txt").Encode(t), map[string][]any{
			"event.category": {"file"}, "event.action": {"rename"}, "event.type": {"change"},
			"file.path": {"/root/b.txt"}, "file.name": {"b.txt"}, "file.extension": {"txt"},
			"process.name": {"dash"}, "process.pid": {4242.0}, "user.id": {"0"}}},
		{"not created", exectest.Openat(5, 3, "passwd", exectest.OWronly).Encode(t), map[string][]any{}},
	} {
		got := extractWith(t, "", fileThreads(), c.raw, false, names...)
		for _, name := range names {
			r := got[name]
			w := c.want[name]
			if r.RC != 0 || len(w) != len(r.Values) || len(w) > 0 && !cmp.Equal(w, r.Values) {
				t.Errorf("%s, %s: rc=%d %q values %v, want %v", c.name, name, r.RC, r.Error, r.Values, w)
			}
		}
	}
}

// BenchmarkCABIFile times a file rule's fields through the C ABI: the path
// of a file created by openat relative to a directory fd, the action and the
// acting process's name.
func BenchmarkCABIFile(b *testing.B) {
	raw := exectest.Openat(5, 3, "cron.d/job", uint32(exectest.OWronly|exectest.OCreat|exectest.OFCreated)).Encode(b)
	file := filepath.Join(b.TempDir(), "event.bin")
	if err := os.WriteFile(file, raw, 0o600); err != nil {
		b.Fatal(err)
	}
	threads := threadsFile(b, fileThreads())
	fields := []string{"event.action", "file.path", "process.name"}
	b.Run("path+action+process", func(b *testing.B) { benchCABI(b, file, threads, fields, len(fields)) })
}

// Falco asks for the same field of the same event several times (for the
// condition, then four times for each field of an alert's output, each time
// through a filter check of its own). The C plugin_extract_fields answers
// the repeats from its memo with the values Go gave, and asks Go again for
// another event (a new number, or the same number at another address), for
// a field asked with another type, and after a failure. Its first call into
// Go for an event also extracts the fields (without argument) asked for in
// each of the last two events, which then come from the memo.
func TestABIMemo(t *testing.T) {
	a := exectest.WhichCurl().Encode(t)
	b := exectest.WhichCurl().Set(ppm.ExecExe, ppm.PCharBuf("wget")).Set(ppm.ExecArgs, ppm.PStrings("-q")).
		Set(ppm.ExecTrustedExepath, ppm.PCharBuf("/usr/bin/wget")).Encode(t)
	dir := t.TempDir()
	fileA, fileB := filepath.Join(dir, "a.bin"), filepath.Join(dir, "b.bin")
	for f, raw := range map[string][]byte{fileA: a, fileB: b} {
		if err := os.WriteFile(f, raw, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	names := []string{"process.name", "process.args", "process.parent.pid", "process.parent.name", "container.id",
		"process.interactive", "user.id"}
	sp := append(specs(t, names...), patternSpec(t, "ecs.process.args.like", "*which"),
		patternSpec(t, "ecs.process.args.like", "curl"))
	n := len(sp)
	// What each field is on each event, extracted by a fresh instance.
	fresh := func(raw []byte) []any {
		got := extract(t, "", raw, false, names...)
		var out []any
		for _, name := range names {
			out = append(out, got[name].Values)
		}
		for _, arg := range []string{"*which", "curl"} {
			file := filepath.Join(t.TempDir(), "event.bin")
			if err := os.WriteFile(file, raw, 0o600); err != nil {
				t.Fatal(err)
			}
			var r struct{ Fields []result }
			run(t, &r, "extract", "", threadsFile(t, threadtest.WhichCurl()), file, "1", "0",
				patternSpec(t, "ecs.process.args.like", arg))
			out = append(out, r.Fields[0].Values)
		}
		return out
	}
	wantA, wantB := fresh(a), fresh(b)
	if cmp.Equal(wantA, wantB) {
		t.Fatal("the two events must differ")
	}
	var got struct {
		Rounds []struct {
			RC                       []int
			Values                   []any
			Hits, Misses, Prefetched int
		}
		Outstanding, Violations int
	}
	run(t, &got, append([]string{"memo", "", threadsFile(t, threadtest.WhichCurl()), fileA, fileB}, sp...)...)
	if got.Outstanding != 0 || got.Violations != 0 {
		t.Errorf("%d table entries not released, %d tables API violations", got.Outstanding, got.Violations)
	}
	noNil := func(v []any) []any { // JSON [] and a missing value both decode as empty
		out := make([]any, len(v))
		for i, x := range v {
			if l, ok := x.([]any); ok && len(l) == 0 {
				x = nil
			}
			out[i] = x
		}
		return out
	}
	// Counts per round: hits from the memo, fields asked of Go, fields
	// Go extracted ahead of the request. A new event needs at least one call
	// into Go; once the fields were asked for on two events running, the
	// first call into Go prefetches them, and they come from the memo.
	type counts struct{ hits, misses, prefetched int }
	const some = -1 // at least one
	for i, w := range []struct {
		what   string
		values []any // nil: every field fails
		delta  counts
	}{
		{"event A", wantA, counts{0, n, 0}},
		{"event A again: from the memo", wantA, counts{n, 0, 0}},
		{"event B", wantB, counts{some, some, some}},
		{"a copy of A at another address, B's number: prefetched", wantA, counts{some, some, some}},
		{"A with a new number, one call of every field", wantA, counts{0, n, 0}},
		{"A again, one field per call: from the memo", wantA, counts{n, 0, 0}},
		{"A, every field asked with the wrong type: Go fails each", nil, counts{0, n, 0}},
	} {
		r := got.Rounds[i]
		for _, rc := range r.RC {
			if (rc != 0) != (w.values == nil) {
				t.Errorf("%s: rc %v", w.what, r.RC)
				break
			}
		}
		if w.values != nil && !cmp.Equal(noNil(r.Values), noNil(w.values)) {
			t.Errorf("%s: values %v, want %v", w.what, r.Values, w.values)
		}
		var prev counts
		if i > 0 {
			p := got.Rounds[i-1]
			prev = counts{p.Hits, p.Misses, p.Prefetched}
		}
		d := counts{r.Hits - prev.hits, r.Misses - prev.misses, r.Prefetched - prev.prefetched}
		ok := d.hits+d.misses == n
		for _, c := range [][2]int{{d.hits, w.delta.hits}, {d.misses, w.delta.misses}, {d.prefetched, w.delta.prefetched}} {
			ok = ok && (c[0] == c[1] || (c[1] == some && c[0] > 0))
		}
		if !ok {
			t.Errorf("%s: %+v hits, misses, prefetched; want %+v (-1: at least one), adding up to %d", w.what, d, w.delta, n)
		}
	}
}
