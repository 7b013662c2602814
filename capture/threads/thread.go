package threads

import (
	"strings"

	"github.com/eql2falco/eql2falco/capture/containerid"
	"github.com/eql2falco/eql2falco/capture/fspath"
	"github.com/eql2falco/eql2falco/capture/ppm"
	"github.com/eql2falco/eql2falco/capture/scap"
)

// Clone flags (PPM_CL_*) the table tests, and the libsinsp-internal ones it sets.
const (
	FlagCloneFiles   = 1 << 0
	FlagCloneNewPID  = 1 << 6
	FlagCloneParent  = 1 << 8
	FlagCloneThread  = 1 << 13
	FlagCloneVfork   = 1 << 27
	FlagChildInPIDNS = 1 << 29
	flagInverted     = 1 << 16 // child side seen before the caller's
	flagClosed       = 1 << 18
	flagActive       = 1 << 19
	flagMainThread   = 1 << 30
)

// NA is what libsinsp shows for an unknown name (comm and exe of placeholder
// threads, pname of a process whose parent is unknown).
const NA = "<NA>"

// Thread is a thread as libsinsp's thread table holds it. Field names follow
// the Falco fields they back (proc.name = Comm, proc.exe = Exe, proc.exepath =
// ExePath, proc.args = Args, proc.tty = TTY, thread.vtid = VTID, ...).
//
// Cwd and Env are kept on the main thread of a process only (as libsinsp
// does); use Table.Main to reach it from another thread.
type Thread struct {
	TID, PID, PTID   int64
	VTID, VPID       int64 // ids inside the thread's pid namespace, -1 when unknown
	SID, VPGID, PGID int64
	Comm             string   // task comm, proc.name
	Exe              string   // argv[0] as passed, proc.exe
	ExePath          string   // the executable, proc.exepath
	Args             []string // argv[1:], proc.args
	Env              []string
	Cwd              string // with a trailing '/', as proc.cwd shows it
	Root             string
	Cgroups          []string // "subsys=path"
	ContainerID      string   // short container id; "" for a host process
	TTY              uint32   // device number, 0 = no terminal
	UID, GID         uint32
	LoginUID         uint32
	Flags            uint32 // PPM_CL_* clone flags plus libsinsp's own
	FDLimit          int64
	CapInheritable   uint64
	CapPermitted     uint64
	CapEffective     uint64
	ExeWritable      bool
	ExeUpperLayer    bool
	ExeLowerLayer    bool
	ExeFromMemfd     bool
	ExeIno           uint64
	ExeInoCtime      uint64
	ExeInoMtime      uint64
	CloneTS          uint64 // ns since the epoch; 0 for threads of the process list
	LastExecTS       uint64
	PidnsInitStartTS uint64
	ReaperTID        int64

	fds        FDs      // its file descriptor table (see Table.FDTable)
	cgroupsRaw string   // Cgroups as the event parameter carried them
	lastEnter  ppm.Code // type of the thread's last enter event
	enterValid bool     // the current exit event follows its own enter event
	enter      execEnter
}

// execEnter keeps what libsinsp uses from the last execve/execveat enter event
// of a thread: the path to derive exepath from when the exit event lacks
// trusted_exepath.
type execEnter struct {
	code     ppm.Code
	filename string // execve filename or execveat pathname
	dirfd    int64
	flags    uint32
}

// Invalid reports whether the thread is a placeholder libsinsp created for an
// event of an unknown thread (pid or ptid not known).
func (t *Thread) Invalid() bool { return t.TID < 0 || t.PID < 0 || t.PTID < 0 }

// IsMain reports whether the thread leads its process (tid == pid).
func (t *Thread) IsMain() bool { return t.TID == t.PID || t.Flags&flagMainThread != 0 }

// Dead reports whether the thread's procexit was seen.
func (t *Thread) Dead() bool { return t.Flags&flagClosed != 0 }

// InPIDNamespace reports whether the thread runs in a child pid namespace
// (a container), as libsinsp decides it.
func (t *Thread) InPIDNamespace() bool {
	return t.Flags&FlagChildInPIDNS != 0 || (t.TID != t.VTID && t.VTID >= 0)
}

// Cmdline is proc.cmdline: the comm followed by the arguments.
func (t *Thread) Cmdline() string {
	if len(t.Args) == 0 {
		return t.Comm
	}
	return t.Comm + " " + strings.Join(t.Args, " ")
}

// Container is container.id as Falco shows it: the short id, or "host".
func (t *Thread) Container() string {
	if t.ContainerID == "" {
		return "host"
	}
	return t.ContainerID
}

// setCgroups sets the cgroups from a raw "subsys=path\0..." parameter and
// derives the container id; like is a thread whose cgroups are likely the same
// (the parent of a clone, the thread itself at an exec), to reuse its work.
func (t *Thread) setCgroups(raw []byte, like *Thread) {
	if like != nil && like.cgroupsRaw == string(raw) {
		t.Cgroups, t.cgroupsRaw, t.ContainerID = like.Cgroups, like.cgroupsRaw, like.ContainerID
		return
	}
	t.cgroupsRaw = string(raw)
	t.Cgroups = nil
	ppm.Strings(raw, func(s []byte) bool { t.Cgroups = append(t.Cgroups, string(s)); return true })
	t.ContainerID = ""
	if id, rt, ok := containerid.FindBytes(raw); ok {
		t.ContainerID = shortID(containerid.ID{ID: string(id), Runtime: rt})
	}
}

// setCwd is libsinsp's update_cwd for a main thread: cwd joined to the
// current one, with a trailing '/'.
func (t *Thread) setCwd(cwd string) {
	t.Cwd = withSlash(fspath.Concat(t.Cwd, cwd))
}

// withSlash ends a directory with '/', as libsinsp keeps working directories.
func withSlash(dir string) string {
	if !strings.HasSuffix(dir, "/") {
		return dir + "/"
	}
	return dir
}

// fromProc builds a thread from a process-list entry (sinsp_threadinfo::init).
func fromProc(p *scap.Proc) *Thread {
	t := &Thread{
		TID: p.TID, PID: p.PID, PTID: p.PTID, SID: p.SID, VPGID: p.VPGID, PGID: p.PGID,
		Comm: p.Comm, Exe: p.Exe, ExePath: p.ExePath, Args: p.Args, Root: p.Root,
		TTY: p.TTY, UID: p.UID, GID: p.GID, LoginUID: p.LoginUID,
		Flags: p.Flags | flagActive, FDLimit: int64(p.FDLimit),
		CapInheritable: p.CapInheritable, CapPermitted: p.CapPermitted, CapEffective: p.CapEffective,
		ExeWritable: p.ExeWritable, ExeUpperLayer: p.ExeUpperLayer, ExeLowerLayer: p.ExeLowerLayer,
		ExeFromMemfd: p.ExeFromMemfd, ExeIno: p.ExeIno, ExeInoCtime: p.ExeInoCtime, ExeInoMtime: p.ExeInoMtime,
		VTID: p.VTID, VPID: p.VPID, PidnsInitStartTS: p.PidnsInitStartTS, ReaperTID: -1,
	}
	if t.IsMain() {
		t.Env = p.Env
		t.setCwd(p.Cwd)
	}
	t.setCgroups(ppm.PStrings(p.Cgroups...), nil)
	return t
}

// placeholder is the entry libsinsp adds for an event of an unknown thread
// when it cannot read /proc (always, when replaying a capture).
func placeholder(tid int64) *Thread {
	return &Thread{
		TID: tid, PID: -1, PTID: -1, VTID: -1, VPID: -1, SID: -1, VPGID: -1, PGID: -1,
		Comm: NA, Exe: NA, UID: 0xFFFFFFFF, GID: 0xFFFFFFFF, LoginUID: 0xFFFFFFFF, ReaperTID: -1,
	}
}

// shortID is container.id as the container plugin reports it: 12 characters
// of a 64-hex id, and at most 12 of a containerd container name
// (runc.cpp, REPORTED_CONTAINER_ID_LENGTH).
func shortID(id containerid.ID) string {
	if id.Runtime == containerid.Containerd && len(id.ID) > 12 {
		return id.ID[:12]
	}
	return containerid.Short(id.ID)
}
