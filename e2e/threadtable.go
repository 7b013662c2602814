package e2e

import (
	"unsafe"

	"github.com/eql2falco/eql2falco/capture/threads"
	"github.com/eql2falco/eql2falco/plugin/ecs"
)

// tableView gives the plugin's extraction code the replay's thread table
// (package threads, libsinsp's logic) as ecs.ThreadTable: the entries and
// fields libsinsp's "threads" table gives the plugin in Falco. Both sides of
// the comparison read it at the same event, after the event was applied.
type tableView struct {
	t *threads.Table
}

// ReadThread implements ecs.ThreadTable. The values alias the table's
// strings, which are never modified.
func (v *tableView) ReadThread(tid int64, want ecs.ThreadFields, th *ecs.Thread) bool {
	if v.t == nil {
		return false
	}
	x := v.t.Get(tid)
	if x == nil {
		return false
	}
	if want&ecs.ThreadIDs != 0 {
		th.TID, th.PID, th.PTID = x.TID, x.PID, x.PTID
	}
	if want&ecs.ThreadExe != 0 {
		th.Exe = bytesOf(x.Exe)
	}
	if want&ecs.ThreadExePath != 0 {
		th.ExePath = bytesOf(x.ExePath)
	}
	if want&ecs.ThreadArgs != 0 {
		th.Args = th.Args[:0]
		for _, a := range x.Args {
			th.Args = append(th.Args, bytesOf(a))
		}
	}
	if want&ecs.ThreadCwd != 0 {
		th.Cwd = bytesOf(x.Cwd)
	}
	if want&ecs.ThreadTTY != 0 {
		th.TTY = x.TTY
	}
	if want&ecs.ThreadUser != 0 {
		th.UID, th.GID = x.UID, x.GID
	}
	return true
}

// ReadFD implements ecs.ThreadTable: the fd table the thread uses (its
// process's when it shares its files), as libsinsp's file_descriptors
// field gives it.
func (v *tableView) ReadFD(tid, fd int64, buf []byte) ([]byte, bool) {
	if v.t == nil {
		return buf, false
	}
	x := v.t.Get(tid)
	if x == nil {
		return buf, false
	}
	e, ok := v.t.FDTable(x)[fd]
	if !ok {
		return buf, false
	}
	return append(buf, e.Name...), true
}

// bytesOf returns the bytes of s without copying; they must not be modified.
func bytesOf(s string) []byte {
	return unsafe.Slice(unsafe.StringData(s), len(s))
}
