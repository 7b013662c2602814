package threads

import (
	"github.com/eql2falco/eql2falco/capture/ppm"
	"github.com/eql2falco/eql2falco/capture/scap"
)

// Replayer walks a capture and keeps a thread table in step with it, the way
// Falco replays a capture: after Next, Event is the event and Thread its
// thread with the event applied (for an exec: the process that now runs).
//
// A typical loop of the parity harness:
//
//	rp := threads.NewReplayer(r)
//	for rp.Next() {
//		ev := rp.Event()
//		if !rp.IsExec() {
//			continue
//		}
//		th, parent := rp.Thread(), rp.Parent()
//		// ev.Num is evt.num; ev.Event (a ppm.Event) goes to the plugin's extractor;
//		// th.Comm is proc.name, parent.Comm proc.pname, th.ExePath proc.exepath, ...
//	}
//	if err := rp.Err(); err != nil { ... }
type Replayer struct {
	r       *scap.Reader
	table   *Table
	section int
	thread  *Thread
	proc    ppm.Proc
	isProc  bool
}

// NewReplayer loads the reader's first section into a new table.
func NewReplayer(r *scap.Reader) *Replayer {
	rp := &Replayer{r: r, table: NewTable()}
	rp.table.LoadSection(r.Section())
	return rp
}

// Next applies the next event. Events Falco drops (Event().Dropped()) are
// yielded too, with no thread, so that a caller can see every event.
func (rp *Replayer) Next() bool {
	if !rp.r.Next() {
		return false
	}
	ev := rp.r.Event()
	if ev.Section != rp.section {
		rp.section = ev.Section
		rp.table.LoadSection(rp.r.Section())
	}
	rp.thread = rp.table.Apply(ev)
	rp.isProc = ev.Type().ProcKind() != ppm.NotProc
	if rp.isProc {
		rp.proc, _ = ppm.DecodeProc(ev.Event)
	}
	return true
}

// Err is the reader's error, nil at a clean end of file.
func (rp *Replayer) Err() error { return rp.r.Err() }

// Event is the current event; its ppm.Event is valid until the next call of Next.
func (rp *Replayer) Event() *scap.Event { return rp.r.Event() }

// Thread is the current event's thread after the event was applied, or nil.
// It stays valid (but may leave the table) after Next.
func (rp *Replayer) Thread() *Thread { return rp.thread }

// Parent is the parent of Thread, or nil (proc.pname is then "<NA>").
func (rp *Replayer) Parent() *Thread { return rp.table.Parent(rp.thread) }

// Table is the thread table.
func (rp *Replayer) Table() *Table { return rp.table }

// Proc is the current event decoded as a process event; ok is false when it
// is not an exec or clone-family exit.
func (rp *Replayer) Proc() (*ppm.Proc, bool) { return &rp.proc, rp.isProc }

// IsExec reports whether the current event is a successful exec (execve or
// execveat exit with res = 0) that Falco sees: the events "process started"
// rules match.
func (rp *Replayer) IsExec() bool {
	return rp.isProc && rp.proc.Kind == ppm.ProcExec && rp.proc.Succeeded() && rp.r.Event().Visible()
}
