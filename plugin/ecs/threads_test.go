package ecs_test

import (
	"bytes"
	"maps"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/google/go-cmp/cmp"

	"github.com/eql2falco/eql2falco/capture/ppm"
	"github.com/eql2falco/eql2falco/plugin/ecs"
	"github.com/eql2falco/eql2falco/plugin/internal/exectest"
	"github.com/eql2falco/eql2falco/plugin/internal/threadtest"
)

// context returns the fields of doc that come from the thread table.
func context(doc map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range doc {
		if _, ok := threadtest.WhichCurlValues()[k]; ok {
			out[k] = v
		}
	}
	return out
}

func without(m map[string]any, names ...string) map[string]any {
	m = maps.Clone(m)
	for _, n := range names {
		delete(m, n)
	}
	return m
}

func with(m map[string]any, kv ...any) map[string]any {
	m = maps.Clone(m)
	for i := 0; i < len(kv); i += 2 {
		m[kv[i].(string)] = kv[i+1]
	}
	return m
}

var (
	parentFields = []string{"process.parent.name", "process.parent.executable", "process.parent.args",
		"process.parent.args_count", "process.parent.command_line", "process.parent.working_directory",
		"process.parent.interactive", "process.parent.user.id", "process.parent.group.id"}
	leaderFields = []string{"process.group_leader.name", "process.group_leader.executable", "process.group_leader.args"}
)

func TestProcessContext(t *testing.T) {
	base := threadtest.WhichCurlValues()
	long := strings.Repeat("x", 1025)
	cases := []struct {
		name  string
		ev    *exectest.Event
		table *threadtest.Table
		want  map[string]any
	}{
		{"the whole context", exectest.WhichCurl(), threadtest.WhichCurl(), base},
		{"no table: only the pgid parameter", exectest.WhichCurl(), nil,
			map[string]any{"process.group_leader.pid": int64(4200)}},
		{"failed exec: nothing", exectest.WhichCurl().Set(ppm.ExecRes, ppm.PI64(-2)), threadtest.WhichCurl(), map[string]any{}},

		{"parent not in the table", exectest.WhichCurl(), func() *threadtest.Table {
			tb := threadtest.WhichCurl()
			delete(tb.Entries, threadtest.ParentTID)
			return tb
		}(), without(base, parentFields...)},
		{"parent is a placeholder (pid -1)", exectest.WhichCurl(), threadtest.WhichCurl().Add(threadtest.Entry{
			TID: 4100, PID: -1, PTID: -1, Exe: "<NA>", Cwd: ""}), without(base, parentFields...)},
		{"forked by a thread: the parent is its process's main thread", exectest.WhichCurl().Set(ppm.ExecPTID, ppm.PI64(4101)),
			threadtest.WhichCurl().Add(threadtest.Entry{TID: 4101, PID: 4100, PTID: 4200, Exe: "bash", ExePath: "/usr/bin/bash",
				Args: []string{"-i"}, Cwd: "/thread-cwd/"}), base},
		{"forked by a thread whose main thread is gone", exectest.WhichCurl().Set(ppm.ExecPTID, ppm.PI64(4101)),
			func() *threadtest.Table {
				tb := threadtest.WhichCurl().Add(threadtest.Entry{TID: 4101, PID: 4100, PTID: 4200, Exe: "bash", ExePath: "/usr/bin/bash"})
				delete(tb.Entries, threadtest.ParentTID)
				return tb
			}(), without(base, parentFields...)},
		{"ptid absent", exectest.WhichCurl().Set(ppm.ExecPTID, nil), threadtest.WhichCurl(), without(base, parentFields...)},
		{"exe_path unknown (<NA>) or empty", exectest.WhichCurl(), threadtest.WhichCurl().Add(threadtest.Entry{
			TID: 4100, PID: 4100, PTID: 4200, Exe: "bash", ExePath: "<NA>", Args: []string{"-i"}, Cwd: "/srv/app/", TTY: 34816, UID: 1000, GID: 1001}),
			without(base, "process.parent.name", "process.parent.executable")},
		{"exe_path ending in a slash", exectest.WhichCurl(), threadtest.WhichCurl().Add(threadtest.Entry{
			TID: 4100, PID: 4100, PTID: 4200, Exe: "bash", ExePath: "/usr/bin/", Args: []string{"-i"}, Cwd: "/srv/app/", TTY: 34816, UID: 1000, GID: 1001}),
			with(without(base, "process.parent.name"), "process.parent.executable", "/usr/bin/")},
		{"cwd: the root keeps its slash, an unknown one has no value", exectest.WhichCurl(), threadtest.WhichCurl().
			Add(threadtest.Entry{TID: 4242, PID: 4242, PTID: 4100, Cwd: "/"}).
			Add(threadtest.Entry{TID: 4100, PID: 4100, PTID: 4200, Exe: "bash", ExePath: "/usr/bin/bash", Args: []string{"-i"}, TTY: 34816, UID: 1000, GID: 1001}),
			with(without(base, "process.parent.working_directory"), "process.working_directory", "/")},
		{"a relative cwd has no value", exectest.WhichCurl(), threadtest.WhichCurl().
			Add(threadtest.Entry{TID: 4242, PID: 4242, PTID: 4100, Cwd: "./"}),
			without(base, "process.working_directory")},
		{"parent without a terminal, unknown ids", exectest.WhichCurl(), threadtest.WhichCurl().Add(threadtest.Entry{
			TID: 4100, PID: 4100, PTID: 4200, Exe: "bash", ExePath: "/usr/bin/bash", Args: []string{"-i"}, Cwd: "/srv/app/",
			UID: 0xFFFFFFFF, GID: 0xFFFFFFFF}),
			with(without(base, "process.parent.user.id", "process.parent.group.id"), "process.parent.interactive", false)},
		{"parent argv: a long element is left out, counted, and in the command line", exectest.WhichCurl(), threadtest.WhichCurl().Add(threadtest.Entry{
			TID: 4100, PID: 4100, PTID: 4200, Exe: "bash", ExePath: "/usr/bin/bash", Args: []string{long, ""}, Cwd: "/srv/app/", TTY: 34816, UID: 1000, GID: 1001}),
			with(base, "process.parent.args", []string{"bash", ""}, "process.parent.args_count", int64(3),
				"process.parent.command_line", "bash "+long+" ")},
		{"parent with an empty argv[0] and no arguments", exectest.WhichCurl(), threadtest.WhichCurl().Add(threadtest.Entry{
			TID: 4100, PID: 4100, PTID: 4200, ExePath: "/usr/bin/bash", Cwd: "/srv/app/", TTY: 34816, UID: 1000, GID: 1001}),
			with(base, "process.parent.args", []string{""}, "process.parent.args_count", int64(1), "process.parent.command_line", "")},
		{"group leader not in the table: its pid stays", exectest.WhichCurl(), func() *threadtest.Table {
			tb := threadtest.WhichCurl()
			delete(tb.Entries, threadtest.LeaderTID)
			return tb
		}(), without(base, leaderFields...)},
		{"the pgid names a thread, not a process", exectest.WhichCurl(), threadtest.WhichCurl().Add(threadtest.Entry{
			TID: 4200, PID: 4199, PTID: 4000, Exe: "sh", ExePath: "/usr/bin/dash"}), without(base, leaderFields...)},
		{"no pgid parameter (drivers before libs 0.20)", exectest.WhichCurl().Count(28), threadtest.WhichCurl(),
			without(base, append(leaderFields, "process.group_leader.pid")...)},
		{"the process is its own group leader", exectest.WhichCurl().Set(ppm.ExecPGID, ppm.PI64(4242)), threadtest.WhichCurl(),
			with(base, "process.group_leader.pid", int64(4242), "process.group_leader.name", "dash",
				"process.group_leader.executable", "/usr/bin/dash", "process.group_leader.args", []string{"/bin/sh", "/usr/bin/which", "curl"})},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var table ecs.ThreadTable
			if c.table != nil {
				table = c.table
			}
			doc, err := ecs.Document(c.ev.Encode(t), ecs.DefaultConfig(), table)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(c.want, context(doc)); diff != "" {
				t.Errorf("process context (-want +got):\n%s", diff)
			}
		})
	}
}

// The extractor reads each member of a relative once per event, however many
// fields use it, and again for the next event.
func TestProcessContextReadsOncePerEvent(t *testing.T) {
	tb := threadtest.WhichCurl()
	e := ecs.NewExtractor(ecs.DefaultConfig(), tb)
	raw := exectest.WhichCurl().Encode(t)
	for num := uint64(1); num <= 2; num++ {
		for _, id := range []ecs.FieldID{ecs.ProcessParentName, ecs.ProcessParentExecutable, ecs.ProcessParentArgs,
			ecs.ProcessParentCommandLine, ecs.ProcessParentName, ecs.ProcessParentArgsCount} {
			if _, ok, err := e.Extract(num, raw, id); err != nil || !ok {
				t.Fatalf("field %d: %v %v", id, ok, err)
			}
		}
	}
	want := map[ecs.ThreadFields]int{ecs.ThreadIDs: 2, ecs.ThreadExePath: 2, ecs.ThreadExe: 2, ecs.ThreadArgs: 2}
	if diff := cmp.Diff(want, tb.Reads); diff != "" {
		t.Errorf("reads per member (-want +got):\n%s", diff)
	}
}

// A value read earlier in the event stays intact when a later read of the
// same relative grows the buffer its bytes live in.
func TestProcessContextValuesSurviveLaterReads(t *testing.T) {
	args := make([]string, 50)
	for i := range args {
		args[i] = strings.Repeat(string(rune('a'+i%26)), 200)
	}
	tb := threadtest.WhichCurl().Add(threadtest.Entry{TID: 4100, PID: 4100, PTID: 4200, Exe: "bash",
		ExePath: "/usr/bin/bash", Args: args, Cwd: "/srv/app/"})
	e := ecs.NewExtractor(ecs.DefaultConfig(), tb)
	raw := exectest.WhichCurl().Encode(t)
	v, ok, err := e.Extract(1, raw, ecs.ProcessParentExecutable)
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	exe := v.Str // aliases the relative's buffer
	if _, ok, err := e.Extract(1, raw, ecs.ProcessParentArgs); err != nil || !ok {
		t.Fatal(ok, err)
	}
	if _, ok, err := e.Extract(1, raw, ecs.ProcessParentWorkingDirectory); err != nil || !ok {
		t.Fatal(ok, err)
	}
	if string(exe) != "/usr/bin/bash" {
		t.Fatalf("parent executable read first is now %q", exe)
	}
}

// fuzzReader takes values from fuzz input, zero once it runs out.
type fuzzReader struct{ b []byte }

func (r *fuzzReader) byte() byte {
	if len(r.b) == 0 {
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

// id is a small id, so that lookups often find an entry; 255 is -1.
func (r *fuzzReader) id() int64 {
	c := r.byte()
	if c == 255 {
		return -1
	}
	return int64(c % 8)
}

// str is a string of up to 255 bytes, or a long one (over ignore_above).
func (r *fuzzReader) str() string {
	n := int(r.byte())
	if n == 254 {
		return strings.Repeat("\u00e9", 600) // 1200 bytes, 600 characters
	}
	if n == 255 {
		return "/" + strings.Repeat("x", 1100)
	}
	if n > len(r.b) {
		n = len(r.b)
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

// FuzzProcessContext builds random thread tables (missing entries,
// placeholders, threads, long and non-absolute strings, huge argv) and
// exec events pointing into them, and checks every process-context field
// against a direct reading of the table.
func FuzzProcessContext(f *testing.F) {
	f.Add([]byte{1, 2, 3, 5, 1, 1, 2, 3, 9, '/', 'u', 's', 'r', '/', 'b', 'i', 'n', '/', 'x'})
	f.Add([]byte{2, 2, 2, 7, 2, 2, 1, 0, 255, 254, 3, 'a', 'b', 'c', 200})
	f.Add(bytes.Repeat([]byte{3, 3, 1, 255, 6, 6, 3}, 30))
	f.Fuzz(fuzzOne)
}

func fuzzOne(t *testing.T, data []byte) {
	{
		r := &fuzzReader{b: data}
		pid, ptid, pgid := r.id(), r.id(), r.id()
		tb := threadtest.New()
		for n := int(r.byte() % 8); n > 0; n-- {
			e := threadtest.Entry{TID: r.id(), PID: r.id(), PTID: r.id(), Exe: r.str(), ExePath: r.str(), Cwd: r.str(),
				TTY: uint32(r.byte()) % 3, UID: uint32(r.byte()) | uint32(r.byte())<<24, GID: uint32(r.byte())}
			for k := int(r.byte() % 6); k > 0; k-- {
				e.Args = append(e.Args, r.str())
			}
			if r.byte()%16 == 0 { // a huge argv
				for k := 0; k < 600; k++ {
					e.Args = append(e.Args, "arg")
				}
			}
			tb.Add(e)
		}
		ev := exectest.WhichCurl().Set(ppm.ExecPID, ppm.PI64(pid)).Set(ppm.ExecTID, ppm.PI64(pid)).
			Set(ppm.ExecPTID, ppm.PI64(ptid)).Set(ppm.ExecPGID, ppm.PI64(pgid))
		doc, err := ecs.Document(ev.Encode(t), ecs.DefaultConfig(), tb)
		if err != nil {
			t.Fatal(err)
		}
		want := contextOracle(tb, pid, ptid, pgid)
		if diff := cmp.Diff(want, context(doc)); diff != "" {
			t.Fatalf("process context (-oracle +extracted):\n%s", diff)
		}
	}
}

// contextOracle computes the process-context fields from the table
// directly, as the field descriptions state them.
func contextOracle(tb *threadtest.Table, pid, ptid, pgid int64) map[string]any {
	out := map[string]any{}
	if pgid >= 0 {
		out["process.group_leader.pid"] = pgid
	}
	valid := func(e *threadtest.Entry) bool { return e != nil && e.TID >= 0 && e.PID >= 0 && e.PTID >= 0 }
	process := func(tid int64, viaThread bool) *threadtest.Entry {
		if tid < 0 {
			return nil
		}
		e := tb.Entries[tid]
		if !valid(e) {
			return nil
		}
		if e.TID != e.PID {
			if !viaThread {
				return nil
			}
			if e = tb.Entries[e.PID]; !valid(e) || e.TID != e.PID {
				return nil
			}
		}
		return e
	}
	keyword := func(name, v string) {
		if len(utf16.Encode([]rune(v))) <= 1024 {
			out[name] = v
		}
	}
	abs := func(p string) bool { return strings.HasPrefix(p, "/") }
	cwd := func(name string, e *threadtest.Entry) {
		if abs(e.Cwd) {
			c := e.Cwd
			if len(c) > 1 {
				c = strings.TrimSuffix(c, "/")
			}
			keyword(name, c)
		}
	}
	describe := func(prefix string, e *threadtest.Entry, full bool) {
		if abs(e.ExePath) {
			keyword(prefix+".executable", e.ExePath)
			if base := e.ExePath[strings.LastIndexByte(e.ExePath, '/')+1:]; base != "" {
				keyword(prefix+".name", base)
			}
		}
		argv := append([]string{e.Exe}, e.Args...)
		var kept []string
		for _, a := range argv {
			if len(utf16.Encode([]rune(a))) <= 1024 {
				kept = append(kept, a)
			}
		}
		if len(kept) > 0 {
			out[prefix+".args"] = kept
		}
		if !full {
			return
		}
		out[prefix+".args_count"] = int64(len(argv))
		out[prefix+".command_line"] = strings.Join(argv, " ")
		cwd(prefix+".working_directory", e)
		out[prefix+".interactive"] = e.TTY != 0
		if e.UID != 0xFFFFFFFF {
			out[prefix+".user.id"] = strconv.FormatUint(uint64(e.UID), 10)
		}
		if e.GID != 0xFFFFFFFF {
			out[prefix+".group.id"] = strconv.FormatUint(uint64(e.GID), 10)
		}
	}
	if e := process(pid, false); e != nil {
		cwd("process.working_directory", e)
	}
	if e := process(ptid, true); e != nil {
		describe("process.parent", e, true)
	}
	if e := process(pgid, false); e != nil {
		describe("process.group_leader", e, false)
	}
	return out
}
