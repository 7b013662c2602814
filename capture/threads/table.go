package threads

import (
	"encoding/json"

	"github.com/eql2falco/eql2falco/capture/fspath"
	"github.com/eql2falco/eql2falco/capture/ppm"
	"github.com/eql2falco/eql2falco/capture/scap"
)

const (
	cloneStaleNS      = 2_000_000_000 // CLONE_STALE_TIME_NS
	recentlyExitedMax = 8192          // RECENTLY_EXITED_RING_SIZE
)

// Container is the metadata of a container announced by a container event of
// the capture (CONTAINER_E, CONTAINER_JSON_E, CONTAINER_JSON_2_E).
type Container struct {
	ID, Name, Image string
}

// Table is a thread table built the way libsinsp builds it when it replays a
// capture: from the process list, then from clone, exec and procexit events.
// It is not safe for concurrent use.
type Table struct {
	threads    map[int64]*Thread
	reapers    map[int64]bool // thread groups (by pid) known to reap orphans
	containers map[string]Container
	bootTS     uint64
	pending    *Thread             // exited thread, removed at the next event
	stored     map[int64]ppm.Event // per tid, the last enter event the savefile converter keeps for its exit
	recent     map[[2]int64]uint64 // (ptid, tid) of recently exited threads -> ts
	recentRing []exitRecord
	recentPos  int
}

// NewTable returns an empty table.
func NewTable() *Table {
	t := &Table{}
	t.Reset()
	return t
}

// Reset empties the table, as libsinsp does when a concatenated capture
// starts.
func (t *Table) Reset() {
	t.threads = map[int64]*Thread{}
	t.reapers = map[int64]bool{}
	t.containers = map[string]Container{}
	t.recent = map[[2]int64]uint64{}
	t.stored = map[int64]ppm.Event{}
	t.recentRing = t.recentRing[:0]
	t.recentPos = 0
	t.pending = nil
	t.bootTS = 0
}

// LoadSection resets the table and fills it from a section's process list
// and machine info.
func (t *Table) LoadSection(s *scap.Section) {
	t.Reset()
	if s.Machine != nil {
		t.bootTS = s.Machine.BootTS
	}
	for i := range s.Procs {
		th := fromProc(&s.Procs[i])
		t.threads[th.TID] = th
	}
	// Parent links are made once the whole list is read: a thread whose
	// parent is missing or a placeholder gets ptid 0, except pid 1.
	for _, th := range t.threads {
		t.link(th)
		if th.PID == 1 || th.VPID == 1 {
			t.reapers[th.PID] = true
		}
	}
	t.loadFDs(s.FDLists)
}

// Len is the number of threads in the table.
func (t *Table) Len() int { return len(t.threads) }

// Get returns the thread with the given tid, or nil.
func (t *Table) Get(tid int64) *Thread { return t.threads[tid] }

// All calls fn for every thread, in no particular order, until fn returns false.
func (t *Table) All(fn func(*Thread) bool) {
	for _, th := range t.threads {
		if !fn(th) {
			return
		}
	}
}

// Parent returns the thread's parent (the thread whose tid is its ptid), or
// nil. proc.pname is Parent(th).Comm, or NA when there is none.
func (t *Table) Parent(th *Thread) *Thread {
	if th == nil {
		return nil
	}
	return t.threads[th.PTID]
}

// Main returns the main thread of th's process (th itself for a main
// thread), or nil when the table does not have it.
func (t *Table) Main(th *Thread) *Thread {
	if th == nil || th.IsMain() {
		return th
	}
	if th.Invalid() {
		return nil
	}
	if m := t.threads[th.PID]; m != nil && m.IsMain() {
		return m
	}
	return nil
}

// Ancestors calls fn with th's parent, grandparent and so on (proc.aname[1],
// proc.aname[2], ...) until fn returns false, the chain ends or loops.
func (t *Table) Ancestors(th *Thread, fn func(*Thread) bool) {
	seen := map[int64]bool{}
	for p := t.Parent(th); p != nil && !seen[p.TID]; p = t.Parent(p) {
		seen[p.TID] = true
		if !fn(p) {
			return
		}
	}
}

// Container returns the metadata of a container announced in the capture.
func (t *Table) Container(id string) (Container, bool) {
	c, ok := t.containers[id]
	return c, ok
}

// link adds th to its parent (create_thread_dependencies): a thread whose
// parent is unknown or a placeholder is re-parented to 0.
func (t *Table) link(th *Thread) {
	if th.Invalid() || th.PID == 1 {
		return
	}
	if p := t.threads[th.PTID]; p == nil || p.Invalid() {
		th.PTID = 0
	}
}

// lookup returns the thread with tid, creating a placeholder when it is
// unknown (libsinsp's get_thread cannot read /proc during a replay).
func (t *Table) lookup(tid int64) *Thread {
	if th := t.threads[tid]; th != nil {
		return th
	}
	th := placeholder(tid)
	t.threads[tid] = th
	return th
}

func (t *Table) add(th *Thread) {
	t.threads[th.TID] = th
	t.link(th)
	if th.PID == 1 || th.VPID == 1 {
		t.reapers[th.PID] = true
	}
}

// Apply updates the table with one event and returns the event's thread
// after the update (for a clone, the caller in the parent's event and the new
// child in the child's event), or nil when the event has none. Events Falco
// drops (Event.Dropped) change nothing. A thread that exits stays in the
// table, marked dead, until the next event is applied.
func (t *Table) Apply(e *scap.Event) *Thread {
	if p := t.pending; p != nil {
		t.pending = nil
		t.recordExit(p.TID, p.PTID, e.TS())
		t.remove(p)
	}
	code := e.Type()
	if !code.IsExit() && convertedEnters[code.Name()] {
		t.store(e.Event)
	}
	if e.Dropped() {
		return nil
	}
	switch code {
	case ppm.CodeContainer, ppm.CodeContainerJSON, ppm.CodeContainerJSON2:
		t.container(e.Event)
		return nil
	case ppm.CodeUserAdded, ppm.CodeUserDeleted, ppm.CodeGroupAdded, ppm.CodeGroupDeleted,
		ppm.CodePluginE, ppm.CodeAsyncE:
		return nil
	}
	kind := code.ProcKind()
	tid := e.TID()
	th := t.threads[tid]
	if code.Flags()&ppm.FlagSkipParseReset != 0 || code.Name() == "switch" {
		return th
	}
	// libsinsp creates a placeholder for any event of an unknown thread,
	// except clone exits (handled below) and procexit.
	if th == nil && kind != ppm.ProcClone && !isProcexit(code) {
		th = t.lookup(tid)
	}
	if th != nil {
		if !code.IsExit() {
			th.lastEnter = code
			t.storeEnter(th, e.Event)
		} else {
			th.enterValid = th.lastEnter+1 == code ||
				(kind == ppm.ProcExec && th.lastEnter == ppm.CodeExecveatE)
		}
	}
	switch {
	case kind == ppm.ProcClone:
		return t.clone(e, th)
	case kind == ppm.ProcExec:
		t.exec(e, th)
	case isProcexit(code) && th != nil:
		t.exit(e.Event, th)
	case code.IsExit() && th != nil:
		t.state(e.Event, th)
	}
	return th
}

// convertedEnters are the enter events whose parameters the savefile
// converter moves to the exit event of an old capture, among the syscalls
// state parses.
var convertedEnters = map[string]bool{
	"setuid": true, "setgid": true, "setresuid": true, "setresgid": true, "fchdir": true, "close": true,
}

// store keeps an enter event for its exit, as the converter stores it per
// thread id.
func (t *Table) store(e ppm.Event) {
	if cp, err := ppm.Parse(append([]byte(nil), e.Bytes()...)); err == nil { // parsed once already
		t.stored[e.TID()] = cp
	}
}

// param returns parameter name of exit event e, taking it from the stored
// enter event when e lacks it, as the converter fills an old capture's exit
// events (an absent parameter is nil).
func (t *Table) param(e ppm.Event, name string) []byte {
	if p := e.ParamByName(name); len(p) > 0 {
		return p
	}
	if en, ok := t.stored[e.TID()]; ok && en.Type() == e.Type()-1 {
		return en.ParamByName(name)
	}
	return nil
}

// state applies the exit events, other than clone, exec and procexit, that
// change what the table holds of a thread (sinsp_parser: parse_chdir_exit,
// parse_setsid_exit, parse_set*id_exit).
func (t *Table) state(e ppm.Event, th *Thread) {
	if t.fdEvent(e, th) {
		return
	}
	res, ok := ppm.I64(e.ParamByName("res"))
	if !ok {
		return
	}
	switch e.Type().Name() {
	case "chdir":
		if path, ok := ppm.CharBuf(e.ParamByName("path")); ok && res >= 0 {
			// update_cwd: the thread's own cwd joined with the path, set on
			// the main thread.
			if m := t.Main(th); m != nil {
				m.Cwd = withSlash(fspath.Concat(th.Cwd, string(path)))
			}
		}
	case "setsid":
		if res >= 0 {
			th.SID = res
		}
	case "setuid":
		t.setID(e, res, "uid", &th.UID)
	case "setresuid", "setreuid":
		t.setID(e, res, "euid", &th.UID)
	case "setgid":
		t.setID(e, res, "gid", &th.GID)
	case "setresgid", "setregid":
		t.setID(e, res, "egid", &th.GID)
	}
}

// setID sets *id from the effective id parameter of a successful set*id
// exit; libsinsp takes the value as it is, (uid_t)-1 ("unchanged") included.
func (t *Table) setID(e ppm.Event, res int64, name string, id *uint32) {
	if res != 0 {
		return
	}
	if v, ok := ppm.U32(t.param(e, name)); ok {
		*id = v
	}
}

func isProcexit(c ppm.Code) bool { return c == ppm.CodeProcexit || c == ppm.CodeProcexitOld }

func (t *Table) storeEnter(th *Thread, e ppm.Event) {
	c := e.Type()
	switch {
	case c == ppm.CodeExecveatE:
		dirfd, _ := ppm.I64(e.ParamByName("dirfd"))
		flags, _ := ppm.U32(e.ParamByName("flags"))
		path, _ := ppm.CharBuf(e.ParamByName("pathname"))
		th.enter = execEnter{code: c, filename: string(path), dirfd: dirfd, flags: flags}
	case c.Name() == "execve":
		name, _ := ppm.CharBuf(e.ParamByName("filename"))
		th.enter = execEnter{code: c, filename: string(name)}
	}
}

// clone applies a clone, fork, vfork or clone3 exit event (parse_clone_exit).
func (t *Table) clone(e *scap.Event, evtThread *Thread) *Thread {
	p, _ := ppm.DecodeProc(e.Event)
	res, ok := p.Res()
	if !ok || res < 0 {
		return evtThread
	}
	if res == 0 {
		return t.cloneChild(e, &p, evtThread)
	}
	return t.cloneCaller(e, &p, res)
}

func i64(p *ppm.Proc, f ppm.Field, def int64) int64 {
	if v, ok := p.Int64(f); ok {
		return v
	}
	return def
}

func u32(p *ppm.Proc, f ppm.Field) uint32 {
	v, _ := p.Uint32(f)
	return v
}

func str(p *ppm.Proc, f ppm.Field) string {
	s, _ := p.String(f)
	return string(s)
}

func list(p *ppm.Proc, f ppm.Field) []string {
	var out []string
	ppm.Strings(p.Raw(f), func(s []byte) bool { out = append(out, string(s)); return true })
	return out
}

// fillFromEvent sets what both sides of a clone take from the event; from
// is the thread the child is cloned from.
func fillFromEvent(c *Thread, p *ppm.Proc, ts uint64, from *Thread) {
	c.Exe = str(p, ppm.FieldExe)
	c.Comm = c.Exe
	if p.Has(ppm.FieldComm) {
		c.Comm = str(p, ppm.FieldComm)
	}
	c.Args = list(p, ppm.FieldArgs)
	c.FDLimit = i64(p, ppm.FieldFdlimit, 0)
	c.UID = u32(p, ppm.FieldUID)
	c.GID = u32(p, ppm.FieldGID)
	if p.Has(ppm.FieldCgroups) {
		c.setCgroups(p.Raw(ppm.FieldCgroups), from)
	}
	c.CloneTS = ts
}

// inherit copies what a new thread takes from its parent or leader.
func inherit(c, from *Thread) {
	c.ExePath = from.ExePath
	c.ExeWritable, c.ExeUpperLayer, c.ExeLowerLayer, c.ExeFromMemfd = from.ExeWritable, from.ExeUpperLayer, from.ExeLowerLayer, from.ExeFromMemfd
	c.Root, c.SID, c.VPGID, c.PGID = from.Root, from.SID, from.VPGID, from.PGID
	c.TTY, c.LoginUID = from.TTY, from.LoginUID
	c.CapInheritable, c.CapPermitted, c.CapEffective = from.CapInheritable, from.CapPermitted, from.CapEffective
	c.ExeIno, c.ExeInoCtime, c.ExeInoMtime = from.ExeIno, from.ExeInoCtime, from.ExeInoMtime
}

func (t *Table) cloneChild(e *scap.Event, p *ppm.Proc, existing *Thread) *Thread {
	tid := e.TID()
	if existing != nil && existing.CloneTS != 0 {
		if e.TS()-existing.CloneTS < cloneStaleNS {
			return existing // the caller's event already created it
		}
		t.remove(existing)
	}
	c := &Thread{TID: tid, SID: -1, VPGID: -1, PGID: -1, LoginUID: 0xFFFFFFFF, ReaperTID: -1}
	c.PID = i64(p, ppm.FieldPID, -1)
	c.PTID = i64(p, ppm.FieldPTID, -1)
	if p.Has(ppm.FieldVPID) {
		c.VTID, c.VPID = i64(p, ppm.FieldVTID, -1), i64(p, ppm.FieldVPID, -1)
	} else {
		c.VTID, c.VPID = tid, -1
	}
	c.Flags = u32(p, ppm.FieldFlags) | flagInverted
	leader := c.Flags&FlagCloneThread == 0
	lookupTID := c.PTID
	if !leader {
		lookupTID = c.PID
		c.Flags |= FlagCloneFiles
	}
	from := t.lookup(lookupTID)
	valid := !from.Invalid()
	if !valid && !leader {
		from.PID, from.PTID, from.VPID = c.PID, c.PTID, c.VPID
		from.VTID = from.VPID
		t.link(from)
	}
	fillFromEvent(c, p, e.TS(), from)
	if valid {
		inherit(c, from)
		if leader {
			c.Cwd, c.Env = from.Cwd, from.Env
			c.fds = copyFDs(t.FDTable(from))
		} else {
			c.LastExecTS = from.LastExecTS
		}
	} else if !leader {
		from.Exe, from.Comm, from.Args = c.Exe, c.Comm, c.Args
	}
	if c.Flags&(FlagChildInPIDNS|FlagCloneNewPID) != 0 || c.TID != c.VTID {
		if ts, ok := p.Uint64(ppm.FieldPidnsInitStartTS); ok {
			c.PidnsInitStartTS = ts + t.bootTS
		}
	} else {
		c.PidnsInitStartTS = t.bootTS
	}
	t.add(c)
	return c
}

func (t *Table) cloneCaller(e *scap.Event, p *ppm.Proc, childTID int64) *Thread {
	callerTID := e.TID()
	caller := t.lookup(callerTID)
	valid := !caller.Invalid()
	if !valid {
		caller.PID = i64(p, ppm.FieldPID, -1)
		caller.PTID = i64(p, ppm.FieldPTID, -1)
		if p.Has(ppm.FieldVPID) {
			caller.VTID, caller.VPID = i64(p, ppm.FieldVTID, -1), i64(p, ppm.FieldVPID, -1)
		} else {
			caller.VTID, caller.VPID = callerTID, -1
		}
		t.link(caller)
	}
	flags := u32(p, ppm.FieldFlags)
	// A child in another pid namespace is created by its own event only:
	// childTID is then an id inside that namespace.
	if flags&(FlagChildInPIDNS|FlagCloneNewPID|FlagCloneParent) != 0 || callerTID != caller.VTID {
		return caller
	}
	if flags&FlagCloneVfork != 0 || e.Type().Name() == "vfork" {
		return caller // the child may exit before the parent returns
	}
	if t.recentlyExited(childTID, callerTID, e.TS()) {
		return caller
	}
	if old := t.threads[childTID]; old != nil {
		if old.Flags&flagInverted != 0 {
			return caller
		}
		t.remove(old)
	}
	c := &Thread{TID: childTID, Flags: flags, SID: -1, VPGID: -1, PGID: -1, LoginUID: 0xFFFFFFFF, ReaperTID: -1}
	if flags&FlagCloneThread == 0 {
		if valid {
			c.Cwd, c.Env = caller.Cwd, caller.Env
			c.fds = copyFDs(t.FDTable(caller))
		}
		c.PID, c.PTID = childTID, caller.TID
	} else {
		c.PID, c.PTID = caller.PID, caller.PTID
		c.Flags |= FlagCloneFiles
		c.LastExecTS = caller.LastExecTS
	}
	c.VTID, c.VPID = c.TID, c.PID
	fillFromEvent(c, p, e.TS(), caller)
	c.PidnsInitStartTS = t.bootTS
	if valid {
		inherit(c, caller)
	} else {
		caller.Exe, caller.Comm, caller.Args = c.Exe, c.Comm, c.Args
	}
	t.add(c)
	return caller
}

// exec applies an execve or execveat exit event (parse_execve_exit).
func (t *Table) exec(e *scap.Event, th *Thread) {
	p, _ := ppm.DecodeProc(e.Event)
	if res, ok := p.Res(); !ok || res < 0 || th == nil {
		return
	}
	if th.Dead() {
		th.Flags &^= flagClosed
	}
	th.Exe = str(&p, ppm.FieldExe)
	th.LastExecTS = e.TS()
	th.Comm = th.Exe
	if p.Has(ppm.FieldComm) {
		th.Comm = str(&p, ppm.FieldComm)
	}
	th.Args = list(&p, ppm.FieldArgs)
	th.PID = i64(&p, ppm.FieldPID, th.PID)
	if th.Invalid() {
		th.PTID = i64(&p, ppm.FieldPTID, -1)
		if th.Flags&FlagChildInPIDNS == 0 {
			th.VTID, th.VPID = th.TID, th.PID
		}
		t.link(th)
		if th.PID == 1 || th.VPID == 1 {
			t.reapers[th.PID] = true
		}
	}
	if v, ok := p.Uint64(ppm.FieldFdlimit); ok {
		th.FDLimit = int64(v)
	}
	if p.Has(ppm.FieldEnv) {
		th.Env = list(&p, ppm.FieldEnv)
	}
	if p.Has(ppm.FieldCgroups) {
		th.setCgroups(p.Raw(ppm.FieldCgroups), th)
	}
	if tty, ok := p.TTY(); ok {
		th.TTY = tty
	}
	if p.Has(ppm.FieldTrustedExepath) {
		th.ExePath = str(&p, ppm.FieldTrustedExepath)
	} else if th.enterValid {
		if path, ok := t.enterExePath(th); ok {
			th.ExePath = path
		}
	}
	if v, ok := p.Int64(ppm.FieldVPGID); ok {
		th.VPGID = v
	}
	if v, ok := p.Uint32(ppm.FieldLoginUID); ok {
		th.LoginUID = v
	}
	if f, ok := p.Uint32(ppm.FieldFlags); ok {
		th.ExeWritable, th.ExeUpperLayer = f&1 != 0, f&2 != 0
		th.ExeFromMemfd, th.ExeLowerLayer = f&4 != 0, f&8 != 0
	}
	if p.Has(ppm.FieldCapEffective) {
		th.CapInheritable, _ = p.Uint64(ppm.FieldCapInheritable)
		th.CapPermitted, _ = p.Uint64(ppm.FieldCapPermitted)
		th.CapEffective, _ = p.Uint64(ppm.FieldCapEffective)
	}
	if p.Has(ppm.FieldExeInoMtime) {
		th.ExeIno, _ = p.Uint64(ppm.FieldExeIno)
		th.ExeInoCtime, _ = p.Uint64(ppm.FieldExeInoCtime)
		th.ExeInoMtime, _ = p.Uint64(ppm.FieldExeInoMtime)
	}
	if v, ok := p.Uint32(ppm.FieldUID); ok {
		th.UID = v
	}
	th.PGID = i64(&p, ppm.FieldPGID, -1)
	if v, ok := p.Uint32(ppm.FieldGID); ok {
		th.GID = v
	}
	inverted := th.Flags & flagInverted
	th.Flags = flagActive | inverted | th.Flags&flagMainThread
	t.closeOnExec(th)
	// The other threads of the process end with the exec.
	for _, o := range t.threads {
		if o != th && o.PID == th.PID && !o.IsMain() && !o.Invalid() {
			t.remove(o)
		}
	}
}

// enterExePath derives exepath from the stored enter event, as libsinsp does
// for exit events without trusted_exepath (older drivers).
func (t *Table) enterExePath(th *Thread) (string, bool) {
	en := th.enter
	cwd := "./"
	if m := t.Main(th); m != nil {
		cwd = m.Cwd
	}
	switch {
	case en.code == ppm.CodeExecveatE:
		const atFDCWD, atEmptyPath = -100, 1
		switch {
		case en.filename != "" && en.filename[0] == '/':
			return fspath.Concat(".", en.filename), true
		case en.dirfd == atFDCWD:
			return fspath.Concat(cwd, en.filename), true
		default:
			return NA, true // the fd table is not tracked: libsinsp's "<UNKNOWN>" dirfd case
		}
	case en.code != 0 && en.code.Name() == "execve":
		if en.filename == NA {
			return NA, true
		}
		return fspath.Concat(cwd, en.filename), true
	}
	return "", false
}

// exit applies a procexit event (parse_thread_exit): the thread is marked
// dead and removed when the next event arrives.
func (t *Table) exit(e ppm.Event, th *Thread) {
	th.Flags |= flagClosed
	th.ReaperTID = -1
	if v, ok := ppm.I64(e.ParamByName("reaper_tid")); ok {
		th.ReaperTID = v
	}
	t.pending = th
}

// remove deletes a thread and hands its children to a reaper
// (sinsp_thread_manager::remove_thread).
func (t *Table) remove(th *Thread) {
	if t.threads[th.TID] != th {
		return
	}
	if th.Invalid() {
		delete(t.threads, th.TID)
		return
	}
	th.Flags |= flagClosed
	var children []*Thread
	for _, c := range t.threads {
		if c.PTID == th.TID && c != th && !c.Invalid() {
			children = append(children, c)
		}
	}
	if len(children) > 0 {
		var reaper *Thread
		if th.ReaperTID > 0 {
			reaper = t.lookup(th.ReaperTID)
		}
		if reaper == nil || reaper.Invalid() {
			reaper = t.findReaper(th)
		}
		for _, c := range children {
			if reaper == nil {
				c.PTID = 0
			} else {
				c.PTID = reaper.TID
			}
		}
		if reaper != nil && reaper.PID != th.PID {
			t.reapers[reaper.PID] = true
		}
	}
	if !t.groupAlive(th.PID) {
		delete(t.threads, th.PID)
	}
	if !th.IsMain() {
		delete(t.threads, th.TID)
	}
}

// groupAlive reports whether a thread of process pid is still alive.
func (t *Table) groupAlive(pid int64) bool {
	for _, o := range t.threads {
		if o.PID == pid && !o.Invalid() && !o.Dead() {
			return true
		}
	}
	return false
}

// findReaper mirrors libsinsp's find_new_reaper: another live thread of the
// process, else a live thread of the nearest ancestor process known to reap
// orphans, without leaving the pid namespace.
func (t *Table) findReaper(th *Thread) *Thread {
	if r := t.liveThread(th.PID, th); r != nil {
		return r
	}
	seen := map[int64]bool{th.TID: true}
	for p := t.threads[th.PTID]; p != nil && !seen[p.TID]; p = t.threads[p.PTID] {
		seen[p.TID] = true
		if p.InPIDNamespace() != th.InPIDNamespace() {
			break
		}
		if t.reapers[p.PID] {
			if r := t.liveThread(p.PID, nil); r != nil {
				return r
			}
		}
	}
	return nil
}

func (t *Table) liveThread(pid int64, except *Thread) *Thread {
	if m := t.threads[pid]; m != nil && m != except && !m.Dead() && !m.Invalid() {
		return m
	}
	for _, o := range t.threads {
		if o.PID == pid && o != except && !o.Dead() && !o.Invalid() {
			return o
		}
	}
	return nil
}

type exitRecord struct {
	key [2]int64
	ts  uint64
}

// recordExit remembers the last recentlyExitedMax exits, so that a clone
// caller event arriving after its child already exited does not re-add it.
func (t *Table) recordExit(tid, ptid int64, ts uint64) {
	rec := exitRecord{[2]int64{ptid, tid}, ts}
	if len(t.recentRing) < recentlyExitedMax {
		t.recentRing = append(t.recentRing, rec)
	} else {
		old := t.recentRing[t.recentPos]
		if t.recent[old.key] == old.ts {
			delete(t.recent, old.key)
		}
		t.recentRing[t.recentPos] = rec
		t.recentPos = (t.recentPos + 1) % recentlyExitedMax
	}
	t.recent[rec.key] = ts
}

func (t *Table) recentlyExited(tid, ptid int64, ts uint64) bool {
	at, ok := t.recent[[2]int64{ptid, tid}]
	return ok && ts >= at && ts-at < cloneStaleNS
}

// container records the metadata of a container event.
func (t *Table) container(e ppm.Event) {
	if e.Type() == ppm.CodeContainer {
		id, _ := ppm.CharBuf(e.ParamByName("id"))
		name, _ := ppm.CharBuf(e.ParamByName("name"))
		image, _ := ppm.CharBuf(e.ParamByName("image"))
		t.containers[string(id)] = Container{ID: string(id), Name: string(name), Image: string(image)}
		return
	}
	raw, _ := ppm.CharBuf(e.ParamByName("json"))
	var doc struct {
		Container struct {
			ID    string `json:"id"`
			Name  string `json:"name"`
			Image string `json:"image"`
		} `json:"container"`
	}
	if json.Unmarshal(raw, &doc) == nil && doc.Container.ID != "" {
		c := doc.Container
		t.containers[c.ID] = Container{ID: c.ID, Name: c.Name, Image: c.Image}
	}
}
