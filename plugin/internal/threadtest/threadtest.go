// Package threadtest is an in-memory ecs.ThreadTable for the plugin's tests,
// with the process tree of exectest.WhichCurl.
package threadtest

import (
	"strings"

	"github.com/eql2falco/eql2falco/plugin/ecs"
)

// Entry is one thread of a Table, in the form libsinsp's table holds it.
type Entry struct {
	TID, PID, PTID    int64
	Exe, ExePath, Cwd string
	Args              []string
	TTY, UID, GID     uint32
	// FDs are the names of the thread's file descriptors (libsinsp's fd
	// table: the same map for the threads of a process sharing files).
	FDs map[int64]string
}

// Table is an ecs.ThreadTable over entries keyed by tid. Reads counts the
// ReadThread calls per member, to test how often the extractor reads.
type Table struct {
	Entries map[int64]*Entry
	Reads   map[ecs.ThreadFields]int
}

// New returns a table of the given entries.
func New(entries ...Entry) *Table {
	t := &Table{Entries: map[int64]*Entry{}, Reads: map[ecs.ThreadFields]int{}}
	for i := range entries {
		t.Add(entries[i])
	}
	return t
}

// Add adds (or replaces) an entry and returns t.
func (t *Table) Add(e Entry) *Table {
	t.Entries[e.TID] = &e
	return t
}

// ReadThread implements ecs.ThreadTable, copying strings to th.Buf as the
// plugin's reader of libsinsp's table does.
func (t *Table) ReadThread(tid int64, want ecs.ThreadFields, th *ecs.Thread) bool {
	for f := ecs.ThreadFields(1); f <= want; f <<= 1 {
		if want&f != 0 {
			t.Reads[f]++
		}
	}
	e, ok := t.Entries[tid]
	if !ok {
		return false
	}
	cp := func(s string) []byte {
		start := len(th.Buf)
		th.Buf = append(th.Buf, s...)
		return th.Buf[start:len(th.Buf):len(th.Buf)]
	}
	if want&ecs.ThreadIDs != 0 {
		th.TID, th.PID, th.PTID = e.TID, e.PID, e.PTID
	}
	if want&ecs.ThreadExe != 0 {
		th.Exe = cp(e.Exe)
	}
	if want&ecs.ThreadExePath != 0 {
		th.ExePath = cp(e.ExePath)
	}
	if want&ecs.ThreadArgs != 0 {
		th.Args = th.Args[:0]
		for _, a := range e.Args {
			th.Args = append(th.Args, cp(a))
		}
	}
	if want&ecs.ThreadCwd != 0 {
		th.Cwd = cp(e.Cwd)
	}
	if want&ecs.ThreadTTY != 0 {
		th.TTY = e.TTY
	}
	if want&ecs.ThreadUser != 0 {
		th.UID, th.GID = e.UID, e.GID
	}
	return true
}

// ReadFD implements ecs.ThreadTable.
func (t *Table) ReadFD(tid, fd int64, buf []byte) ([]byte, bool) {
	t.Reads[fdReads]++
	e, ok := t.Entries[tid]
	if !ok {
		return buf, false
	}
	name, ok := e.FDs[fd]
	if !ok {
		return buf, false
	}
	return append(buf, name...), true
}

// fdReads counts ReadFD calls in Reads.
const fdReads ecs.ThreadFields = 1 << 31

// FDReads is the number of ReadFD calls.
func (t *Table) FDReads() int { return t.Reads[fdReads] }

// The process tree of exectest.WhichCurl (tid 4242, ptid 4100, pgid 4200):
// an interactive bash (4100) in the container, started by a login shell's
// `sh -c` (4200, the process group leader), whose own parent is the
// container's init (4000).
const (
	ParentTID = 4100
	LeaderTID = 4200
)

// WhichCurl returns the table Falco would hold at WhichCurl's exec.
func WhichCurl() *Table {
	return New(
		Entry{TID: 4242, PID: 4242, PTID: 4100, Exe: "/bin/sh", ExePath: "/usr/bin/dash",
			Args: []string{"/usr/bin/which", "curl"}, Cwd: "/root/", TTY: 34816},
		Entry{TID: 4100, PID: 4100, PTID: 4200, Exe: "bash", ExePath: "/usr/bin/bash",
			Args: []string{"-i"}, Cwd: "/srv/app/", TTY: 34816, UID: 1000, GID: 1001},
		Entry{TID: 4200, PID: 4200, PTID: 4000, Exe: "sh", ExePath: "/usr/bin/dash",
			Args: []string{"-c", "bash -i"}, Cwd: "/", TTY: 34816},
		Entry{TID: 4000, PID: 4000, PTID: 3900, Exe: "/sbin/init", ExePath: "/usr/lib/systemd/systemd",
			Cwd: "/"},
	)
}

// WhichCurlValues are the ECS values of WhichCurl's process context in the
// table of WhichCurl, by ECS name.
func WhichCurlValues() map[string]any {
	return map[string]any{
		"process.working_directory":        "/root",
		"process.parent.name":              "bash",
		"process.parent.executable":        "/usr/bin/bash",
		"process.parent.args":              []string{"bash", "-i"},
		"process.parent.args_count":        int64(2),
		"process.parent.command_line":      strings.Join([]string{"bash", "-i"}, " "),
		"process.parent.working_directory": "/srv/app",
		"process.parent.interactive":       true,
		"process.parent.user.id":           "1000",
		"process.parent.group.id":          "1001",
		"process.group_leader.pid":         int64(4200),
		"process.group_leader.name":        "dash",
		"process.group_leader.executable":  "/usr/bin/dash",
		"process.group_leader.args":        []string{"sh", "-c", "bash -i"},
	}
}
