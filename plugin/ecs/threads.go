package ecs

import "github.com/eql2falco/eql2falco/capture/ppm"

// ThreadTable is read access to the thread table of the plugin's owner: in
// Falco, libsinsp's "threads" table through the plugin API's tables (package
// plugin/extractor); in the parity harness, the table package threads
// rebuilds from the same capture. The extractor reads the parent, the
// process itself and its process group leader from it.
//
// libsinsp has parsed the event before the plugin extracts from it: the
// table describes the world after the event (for an exec, the new program),
// and a thread whose procexit was the previous event is still in it.
type ThreadTable interface {
	// ReadThread reads the entry of thread tid into t, setting the members
	// named by want and leaving the others as they are. It reports false
	// when the table has no entry for tid. Bytes it copies go to the end of
	// t.Buf (which the extractor empties when a new event starts), so the
	// slices set by an earlier ReadThread into t for the same event stay
	// valid.
	ReadThread(tid int64, want ThreadFields, t *Thread) bool
	// ReadFD appends to buf the name libsinsp keeps for file descriptor fd
	// of thread tid (in the fd table the thread uses: its process's when
	// it shares its files) and returns buf. It reports false when the
	// table has no such thread or fd.
	ReadFD(tid, fd int64, buf []byte) ([]byte, bool)
}

// ThreadFields selects members of a Thread.
type ThreadFields uint32

// The members of a Thread, by the libsinsp table field that carries each.
const (
	ThreadIDs     ThreadFields = 1 << iota // TID, PID, PTID: tid, pid, ptid
	ThreadExe                              // Exe: exe, argv[0] as passed
	ThreadExePath                          // ExePath: exe_path, the executable the kernel ran
	ThreadArgs                             // Args: the args subtable, argv[1:]
	ThreadCwd                              // Cwd: cwd, kept on the main thread, with a trailing '/'
	ThreadTTY                              // TTY: tty, the controlling terminal's device number
	ThreadUser                             // UID, GID: uid and gid, the effective ids
)

// Thread is an entry of the thread table, as far as the extractor reads it.
type Thread struct {
	TID, PID, PTID int64
	Exe, ExePath   []byte
	Args           [][]byte // argv[1:]
	Cwd            []byte
	TTY            uint32
	UID, GID       uint32

	// Buf is where an implementation may copy the bytes of the members:
	// it appends to it, and the extractor empties it when a new event
	// starts.
	Buf []byte
}

// Valid reports whether t describes a process libsinsp knows: its
// placeholders for threads seen only in events (no process list entry, no
// clone) have a negative pid or ptid, and "<NA>" names.
func (t *Thread) Valid() bool { return t.TID >= 0 && t.PID >= 0 && t.PTID >= 0 }

// Related processes of an event whose fields the plugin gives.
type relative int

const (
	// relSelf is the process itself: the entry of the exec's pid, or for
	// a file event the main thread of the acting thread's process.
	relSelf        relative = iota
	relParent               // the parent process (the main thread of the ptid's process)
	relGroupLeader          // the process group leader (the entry of the pgid)
	relActor                // the thread of a file event (the event's tid)
	numRelatives
)

// related is what the extractor has read of one relative for the current
// event: the members in have, from the entry of tid when found.
type related struct {
	have  ThreadFields
	found bool
	tid   int64
	t     Thread
}

// thread returns relative r of the decoded event with at least the members
// in need, reading each member of the thread table once per event. ok is
// false when the event has no such relative in the table: no table, an id
// the event lacks, no entry, a placeholder entry, or (for the parent) a
// process whose main thread the table lacks.
func (x *Event) thread(r relative, need ThreadFields) (*Thread, bool) {
	rel := &x.rel[r]
	if rel.have == 0 {
		rel.have = ThreadIDs | need
		rel.found = x.locate(r, rel)
	}
	if !rel.found {
		return nil, false
	}
	if missing := need &^ rel.have; missing != 0 {
		rel.have |= missing
		// The table does not change while Falco extracts from one event,
		// so the entry found is still there.
		if !x.threads.ReadThread(rel.tid, missing, &rel.t) {
			rel.found = false
			return nil, false
		}
	}
	return &rel.t, true
}

// locate finds the entry of relative r and reads the members rel.have of it.
func (x *Event) locate(r relative, rel *related) bool {
	if x.threads == nil {
		return false
	}
	var tid int64
	var ok bool
	file := x.kind == KindFile
	switch {
	case file && (r == relSelf || r == relActor):
		tid, ok = x.ev.TID(), true
	case file:
		return false // a file document has no parent or leader fields
	case r == relSelf:
		tid, ok = ppm.I64(x.param(ppm.ExecPID))
	case r == relParent:
		tid, ok = ppm.I64(x.param(ppm.ExecPTID))
	case r == relGroupLeader:
		tid, ok = ppm.I64(x.param(ppm.ExecPGID))
	default:
		return false
	}
	if !ok || tid < 0 || !x.threads.ReadThread(tid, rel.have, &rel.t) || !rel.t.Valid() {
		return false
	}
	if rel.t.TID != rel.t.PID && r != relActor {
		// A thread of a multithreaded process: the process is described
		// by its main thread, whose tid is the pid. After an exec the
		// process's thread is its main one.
		tid = rel.t.PID
		if (r != relParent && !file) || !x.threads.ReadThread(tid, rel.have, &rel.t) ||
			!rel.t.Valid() || rel.t.TID != rel.t.PID {
			return false
		}
	}
	rel.tid = tid
	return true
}

// resetThreads forgets what was read for the previous event.
func (x *Event) resetThreads() {
	for i := range x.rel {
		rel := &x.rel[i]
		rel.have, rel.found = 0, false
		rel.t.Buf = rel.t.Buf[:0]
	}
}
