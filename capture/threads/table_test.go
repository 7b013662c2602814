package threads

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/eql2falco/eql2falco/capture/ppm"
	"github.com/eql2falco/eql2falco/capture/scap"
)

const dockerID = "3f1c2b4a5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708"

var containerCgroups = []string{"cpuset=/docker/" + dockerID, "cpu=/docker/" + dockerID}

type evb struct {
	t  *testing.T
	ts uint64
}

func (b *evb) ev(tid int64, code ppm.Code, params ...[]byte) []byte {
	b.t.Helper()
	b.ts += 1000
	e, err := ppm.Append(nil, ppm.Header{TS: b.ts, TID: tid, Type: code}, params...)
	if err != nil {
		b.t.Fatal(err)
	}
	return e
}

type cloneArgs struct {
	tid, res, pid, ptid, vtid, vpid int64
	flags                           uint32
	exe, comm                       string
	cgroups                         []string
	code                            ppm.Code
}

func (b *evb) clone(a cloneArgs) []byte {
	if a.code == 0 {
		a.code = ppm.CodeCloneX
	}
	if a.exe == "" {
		a.exe, a.comm = "bash", "bash"
	}
	return b.ev(a.tid, a.code, ppm.PI64(a.res), ppm.PCharBuf(a.exe), nil, ppm.PI64(a.tid), ppm.PI64(a.pid), ppm.PI64(a.ptid), nil,
		ppm.PI64(1024), ppm.PU64(0), ppm.PU64(0), ppm.PU32(1), ppm.PU32(1), ppm.PU32(0), ppm.PCharBuf(a.comm),
		ppm.PStrings(a.cgroups...), ppm.PU32(a.flags), ppm.PU32(0), ppm.PU32(0), ppm.PI64(a.vtid), ppm.PI64(a.vpid), ppm.PU64(500))
}

type execArgs struct {
	tid, pid, ptid, res int64
	exe, comm, exepath  string
	args                []string
	tty                 uint32
	nparams             int
	cgroups             []string
}

func (b *evb) exec(a execArgs) []byte {
	ps := [][]byte{ppm.PI64(a.res), ppm.PCharBuf(a.exe), ppm.PStrings(a.args...), ppm.PI64(a.tid), ppm.PI64(a.pid), ppm.PI64(a.ptid), nil,
		ppm.PU64(1024), ppm.PU64(0), ppm.PU64(0), ppm.PU32(1), ppm.PU32(1), ppm.PU32(0), ppm.PCharBuf(a.comm),
		ppm.PStrings(a.cgroups...), ppm.PStrings("A=1"), ppm.PU32(a.tty), ppm.PI64(a.pid), ppm.PU32(1000), ppm.PU32(0),
		ppm.PU64(0), ppm.PU64(0), ppm.PU64(0), ppm.PU64(0), ppm.PU64(0), ppm.PU64(0), ppm.PU32(1000),
		ppm.PCharBuf(a.exepath), ppm.PI64(a.pid), ppm.PU32(1000)}
	if a.nparams == 0 {
		a.nparams = 30
	}
	return b.ev(a.tid, ppm.CodeExecveX, ps[:a.nparams]...)
}

func (b *evb) exit(tid, reaper int64) []byte {
	return b.ev(tid, ppm.CodeProcexit, ppm.PI64(0), ppm.PI64(0), []byte{0}, []byte{0}, ppm.PI64(reaper))
}

// replay writes a capture of procs and events and replays it; it returns
// the replayer's final table and a copy of the thread of each event.
func replay(t *testing.T, procs []scap.Proc, events ...[]byte) (*Table, []*Thread) {
	t.Helper()
	var buf bytes.Buffer
	w := scap.NewWriter(&buf, scap.WriterOptions{})
	if err := w.WriteMachineInfo(scap.MachineInfo{NumCPUs: 1, BootTS: 1_000_000}); err != nil {
		t.Fatal(err)
	}
	if procs != nil {
		if err := w.WriteProcs(procs); err != nil {
			t.Fatal(err)
		}
	}
	for _, e := range events {
		if err := w.WriteEvent(0, 0, e); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	r, err := scap.NewReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	rp := NewReplayer(r)
	var ths []*Thread // snapshots: the thread as it was right after each event
	for rp.Next() {
		var snap *Thread
		if th := rp.Thread(); th != nil {
			c := *th
			snap = &c
		}
		ths = append(ths, snap)
	}
	if rp.Err() != nil {
		t.Fatal(rp.Err())
	}
	return rp.Table(), ths
}

func proc(tid, pid, ptid int64, comm string) scap.Proc {
	return scap.Proc{TID: tid, PID: pid, PTID: ptid, SID: -1, VPGID: -1, PGID: -1, Comm: comm, Exe: comm,
		ExePath: "/usr/bin/" + comm, Cwd: "/root", VTID: tid, VPID: pid, LoginUID: 0xFFFFFFFF, Env: []string{"X=1"}}
}

func hostProcs() []scap.Proc {
	bash := proc(200, 200, 1, "bash")
	bash.TTY = 34816
	return []scap.Proc{proc(1, 1, 0, "systemd"), bash}
}

func TestProcListLinks(t *testing.T) {
	orphan := proc(300, 300, 299, "orphan") // its parent is not in the list
	tab, _ := replay(t, append(hostProcs(), orphan), (&evb{t: t}).exit(999, 0))
	if p := tab.Parent(tab.Get(200)); p == nil || p.Comm != "systemd" {
		t.Errorf("parent of bash: %+v", p)
	}
	if o := tab.Get(300); o.PTID != 0 || tab.Parent(o) != nil {
		t.Errorf("orphan ptid %d", o.PTID)
	}
	if b := tab.Get(200); b.Cwd != "/root/" || !b.IsMain() || b.Container() != "host" {
		t.Errorf("bash: cwd %q main %v container %q", b.Cwd, b.IsMain(), b.Container())
	}
}

// On the host, the caller's clone event creates the child; the child's own
// event then finds it fresh and changes nothing.
func TestHostForkExecExit(t *testing.T) {
	b := &evb{t: t}
	tab, ths := replay(t, hostProcs(),
		b.clone(cloneArgs{tid: 200, res: 201, pid: 200, ptid: 1, vtid: 200, vpid: 200}),
		b.clone(cloneArgs{tid: 201, res: 0, pid: 201, ptid: 200, vtid: 201, vpid: 201}),
		b.exec(execArgs{tid: 201, pid: 201, ptid: 200, exe: "which", comm: "which", exepath: "/usr/bin/dash", args: []string{"curl"}, tty: 34816}),
		b.exit(201, 0),
		b.exit(999, 0))
	if ths[0].TID != 200 || ths[1].TID != 201 {
		t.Fatalf("event threads %d %d", ths[0].TID, ths[1].TID)
	}
	child := ths[1]
	if child.CloneTS != 1000 || child.Flags&flagInverted != 0 {
		t.Errorf("the child must come from the caller's event: clone_ts %d flags %x", child.CloneTS, child.Flags)
	}
	if child.TTY != 34816 || child.ExePath != "/usr/bin/bash" || child.Cwd != "/root/" || child.PTID != 200 {
		t.Errorf("inherited: tty %d exepath %q cwd %q ptid %d", child.TTY, child.ExePath, child.Cwd, child.PTID)
	}
	ex := ths[2]
	if ex.TID != 201 || ex.Comm != "which" || ex.ExePath != "/usr/bin/dash" || !reflect.DeepEqual(ex.Args, []string{"curl"}) ||
		ex.Cmdline() != "which curl" || ex.LoginUID != 1000 || ex.UID != 1000 || ex.LastExecTS != 3000 {
		t.Errorf("after exec: %+v", ex)
	}
	if !ths[3].Dead() {
		t.Error("procexit marks the thread dead")
	}
	if tab.Get(201) != nil {
		t.Error("the exited thread is removed at the next event")
	}
}

// In a container the caller's event does not create the child (its res is
// an id inside the container's pid namespace); the child's event does.
func TestContainerChildSide(t *testing.T) {
	b := &evb{t: t}
	shim := proc(100, 100, 1, "containerd-shim")
	sh := proc(200, 200, 100, "bash")
	sh.VTID, sh.VPID, sh.Cgroups, sh.TTY = 1, 1, containerCgroups, 34817
	tab, ths := replay(t, []scap.Proc{proc(1, 1, 0, "systemd"), shim, sh},
		b.clone(cloneArgs{tid: 200, res: 7, pid: 200, ptid: 100, vtid: 1, vpid: 1, flags: FlagChildInPIDNS, cgroups: containerCgroups}),
		b.clone(cloneArgs{tid: 201, res: 0, pid: 201, ptid: 200, vtid: 7, vpid: 7, flags: FlagChildInPIDNS, cgroups: containerCgroups}),
		b.exec(execArgs{tid: 201, pid: 201, ptid: 200, exe: "ls", comm: "ls", exepath: "/bin/ls", tty: 34817, cgroups: containerCgroups}))
	if tab.Get(7) != nil || ths[0].TID != 200 {
		t.Fatal("the caller's event created a child from a namespace id")
	}
	c := ths[1]
	if c.TID != 201 || c.VTID != 7 || c.VPID != 7 || c.Flags&flagInverted == 0 || c.ContainerID != dockerID[:12] || c.TTY != 34817 {
		t.Errorf("child: %+v", c)
	}
	if c.PidnsInitStartTS != 500+1_000_000 {
		t.Errorf("pidns_init_start_ts %d: the clone parameter plus the boot time", c.PidnsInitStartTS)
	}
	var anc []string
	tab.Ancestors(ths[2], func(a *Thread) bool { anc = append(anc, a.Comm); return true })
	if !reflect.DeepEqual(anc, []string{"bash", "containerd-shim", "systemd"}) {
		t.Errorf("ancestors %v", anc)
	}
	if ths[2].InPIDNamespace() != true || tab.Get(200).InPIDNamespace() != true || tab.Get(100).InPIDNamespace() {
		t.Error("pid namespace membership")
	}
}

func TestVforkCallerDoesNotCreate(t *testing.T) {
	b := &evb{t: t}
	tab, _ := replay(t, hostProcs(),
		b.clone(cloneArgs{tid: 200, res: 201, pid: 200, ptid: 1, vtid: 200, vpid: 200, code: ppm.CodeVforkX}),
		b.clone(cloneArgs{tid: 200, res: 202, pid: 200, ptid: 1, vtid: 200, vpid: 200, flags: FlagCloneVfork}),
		b.clone(cloneArgs{tid: 200, res: 203, pid: 200, ptid: 1, vtid: 200, vpid: 200, flags: FlagCloneParent}),
		b.clone(cloneArgs{tid: 200, res: -11, pid: 200, ptid: 1, vtid: 200, vpid: 200}))
	for _, tid := range []int64{201, 202, 203, -11} {
		if tab.Get(tid) != nil {
			t.Errorf("child %d created by the caller's event", tid)
		}
	}
}

// A thread (CLONE_THREAD) belongs to the caller's process; an exec ends the
// other threads of the process.
func TestThreadsAndExec(t *testing.T) {
	b := &evb{t: t}
	tab, ths := replay(t, hostProcs(),
		b.clone(cloneArgs{tid: 200, res: 210, pid: 200, ptid: 1, vtid: 200, vpid: 200, flags: FlagCloneThread}),
		b.clone(cloneArgs{tid: 200, res: 211, pid: 200, ptid: 1, vtid: 200, vpid: 200, flags: FlagCloneThread}),
		b.exec(execArgs{tid: 200, pid: 200, ptid: 1, exe: "ls", comm: "ls", exepath: "/bin/ls"}))
	if th := tab.Get(210); th != nil {
		t.Errorf("thread 210 survived the exec: %+v", th)
	}
	_ = ths
	tab, _ = replay(t, hostProcs(),
		b.clone(cloneArgs{tid: 200, res: 210, pid: 200, ptid: 1, vtid: 200, vpid: 200, flags: FlagCloneThread}))
	th := tab.Get(210)
	if th == nil || th.PID != 200 || th.PTID != 1 || th.IsMain() || tab.Main(th) != tab.Get(200) {
		t.Fatalf("thread: %+v", th)
	}
}

// Exec of a thread the table does not know: libsinsp adds a placeholder for
// the event, then fills it from the exec and links it to ptid.
func TestExecOfUnknownThread(t *testing.T) {
	b := &evb{t: t}
	_, ths := replay(t, hostProcs(),
		b.exec(execArgs{tid: 500, pid: 500, ptid: 200, exe: "curl", comm: "curl", exepath: "/usr/bin/curl"}),
		b.exec(execArgs{tid: 600, pid: 600, ptid: 4242, exe: "wget", comm: "wget", exepath: "/usr/bin/wget"}))
	if ths[0].PTID != 200 || ths[0].Comm != "curl" || ths[0].Invalid() {
		t.Errorf("known parent: %+v", ths[0])
	}
	if ths[1].PTID != 0 {
		t.Errorf("unknown parent: ptid %d, libsinsp sets 0", ths[1].PTID)
	}
	// A failed exec changes nothing: the thread stays a placeholder.
	_, ths = replay(t, hostProcs(), b.exec(execArgs{tid: 700, pid: 700, ptid: 200, res: -2, exe: "x", comm: "x"}))
	if ths[0].Comm != NA || !ths[0].Invalid() {
		t.Errorf("failed exec: %+v", ths[0])
	}
}

// Old exec events without trusted_exepath take exepath from the enter
// event, made absolute with the cwd, when it directly precedes the exit.
func TestExePathFromEnterEvent(t *testing.T) {
	b := &evb{t: t}
	old := execArgs{tid: 200, pid: 200, ptid: 1, exe: "tool", comm: "tool", nparams: 27}
	tab, _ := replay(t, hostProcs(),
		b.ev(200, ppm.CodeExecveE, ppm.PCharBuf("bin/../tool")),
		b.exec(old))
	if got := tab.Get(200).ExePath; got != "/root/tool" {
		t.Errorf("exepath %q, want /root/tool", got)
	}
	tab, _ = replay(t, hostProcs(),
		b.ev(200, ppm.CodeExecveE, ppm.PCharBuf("/opt/tool")),
		b.ev(200, ppm.Code(4), ppm.PI64(3)), // close enter: dropped by Falco's reader, no effect
		b.exec(old))
	if got := tab.Get(200).ExePath; got != "/opt/tool" {
		t.Errorf("exepath %q, want /opt/tool", got)
	}
	tab, _ = replay(t, hostProcs(),
		b.ev(200, ppm.CodeExecveE, ppm.PCharBuf("/opt/tool")),
		b.ev(200, ppm.Code(2), ppm.PCharBuf("/etc/x"), ppm.PU32(0), ppm.PU32(0)), // open enter: seen, replaces it
		b.exec(old))
	if got := tab.Get(200).ExePath; got != "/usr/bin/bash" {
		t.Errorf("exepath %q: a stale enter event must not be used", got)
	}
	tab, _ = replay(t, hostProcs(),
		b.ev(200, ppm.CodeExecveatE, ppm.PI64(-100), ppm.PCharBuf("x"), ppm.PU32(0)),
		b.exec(old))
	if got := tab.Get(200).ExePath; got != "/root/x" {
		t.Errorf("execveat exepath %q", got)
	}
}

// When a process exits, its children go to the reaper the kernel named, or
// to another thread of the process, or to the nearest reaper ancestor.
func TestReparenting(t *testing.T) {
	b := &evb{t: t}
	procs := append(hostProcs(), proc(300, 300, 200, "child"), proc(301, 301, 200, "child2"))
	tab, _ := replay(t, procs, b.exit(200, 1), b.exit(999, 0))
	if c := tab.Get(300); c.PTID != 1 || tab.Parent(c).Comm != "systemd" {
		t.Errorf("kernel reaper: ptid %d", c.PTID)
	}
	tab, _ = replay(t, procs, b.exit(200, 0), b.exit(999, 0))
	if c := tab.Get(301); c.PTID != 1 {
		t.Errorf("userspace reaper (init): ptid %d", c.PTID)
	}
	if tab.Get(200) != nil {
		t.Error("bash must be gone")
	}
}

func TestContainerMetadataEvents(t *testing.T) {
	b := &evb{t: t}
	tab, ths := replay(t, nil,
		b.ev(0, ppm.CodeContainerJSON2, ppm.PCharBuf(`{"container":{"id":"3f1c2b4a5d6e","name":"web","image":"nginx"}}`)),
		b.ev(0, ppm.CodeContainer, ppm.PCharBuf("aaaaaaaaaaaa"), ppm.PU32(0), ppm.PCharBuf("db"), ppm.PCharBuf("postgres")))
	if ths[0] != nil || ths[1] != nil {
		t.Error("container events have no thread")
	}
	if c, ok := tab.Container("3f1c2b4a5d6e"); !ok || c.Name != "web" || c.Image != "nginx" {
		t.Errorf("json: %+v", c)
	}
	if c, ok := tab.Container("aaaaaaaaaaaa"); !ok || c.Name != "db" {
		t.Errorf("old event: %+v", c)
	}
}

func TestContainerIDShortening(t *testing.T) {
	th := &Thread{}
	th.setCgroups(ppm.PStrings("cpu=/buildkit/build-step-0042-compile"), nil)
	if th.ContainerID != "build-step-0" {
		t.Errorf("containerd name shortened to %q", th.ContainerID)
	}
	th.setCgroups(ppm.PStrings("cpu=/user.slice"), th)
	if th.ContainerID != "" || th.Container() != "host" {
		t.Errorf("host: %q", th.ContainerID)
	}
}

// chdir follows libsinsp's update_cwd: the path joined to the thread's cwd,
// set on the main thread, only when the call succeeded.
func TestChdir(t *testing.T) {
	b := &evb{t: t}
	chdir := func(tid, res int64, path string) []byte {
		return b.ev(tid, ppm.CodeChdirX, ppm.PI64(res), ppm.PCharBuf(path))
	}
	tab, ths := replay(t, hostProcs(),
		chdir(200, 0, "tmp"),
		chdir(200, 0, "../srv//app/"),
		chdir(200, -2, "/nonexistent"), // ENOENT: nothing changes
		chdir(200, 0, "/var/run"),      // a symlink to /run: libsinsp keeps the path as written
		b.clone(cloneArgs{tid: 200, res: 201, pid: 200, ptid: 1, vtid: 200, vpid: 200}),
		b.clone(cloneArgs{tid: 201, res: 0, pid: 201, ptid: 200, vtid: 201, vpid: 201}),
		chdir(201, 0, "/etc"), // the child's own cwd
	)
	for i, want := range []string{"/root/tmp/", "/root/srv/app/", "/root/srv/app/", "/var/run/"} {
		if got := ths[i].Cwd; got != want {
			t.Errorf("after event %d: cwd %q, want %q", i, got, want)
		}
	}
	if got := tab.Get(200).Cwd; got != "/var/run/" {
		t.Errorf("parent's cwd changed by the child's chdir: %q", got)
	}
	if got := tab.Get(201).Cwd; got != "/etc/" {
		t.Errorf("child's cwd %q", got)
	}
}

// setsid sets the session id to its return value; set*id set the effective
// ids; failed calls change nothing. An old capture carries the ids in the
// enter event, which the savefile converter moves to the exit.
func TestSessionAndIDs(t *testing.T) {
	b := &evb{t: t}
	res := ppm.PI64(0)
	tab, ths := replay(t, hostProcs(),
		b.ev(200, ppm.CodeSetsidX, ppm.PI64(200)),
		b.ev(200, ppm.CodeSetuidX, res, ppm.PU32(1000)),
		b.ev(200, ppm.CodeSetresgidX, res, ppm.PU32(5), ppm.PU32(6), ppm.PU32(7)),
		b.ev(200, ppm.CodeSetreuidX, ppm.PI64(-1), ppm.PU32(0), ppm.PU32(0)), // EPERM
		b.ev(200, ppm.CodeSetresuidX, res, ppm.PU32(1), ppm.PU32(2), ppm.PU32(3)),
		b.ev(200, ppm.CodeSetgidE, ppm.PU32(42)), // old layout: the id on the enter event,
		b.ev(200, ppm.CodeSetgidX, res),          // the exit with its result only
		b.ev(200, ppm.CodeSetregidX, res, ppm.PU32(8), ppm.PU32(9)),
	)
	type ids struct {
		sid      int64
		uid, gid uint32
	}
	// The converter keeps the old enter event for its exit and drops it:
	// it has no thread.
	if ths[5] != nil {
		t.Errorf("the old setgid enter event reached the table: %+v", ths[5])
	}
	want := []ids{{200, 0, 0}, {200, 1000, 0}, {200, 1000, 6}, {200, 1000, 6}, {200, 2, 6}, {200, 2, 42}, {200, 2, 9}}
	var got []ids
	for _, th := range ths {
		if th != nil {
			got = append(got, ids{th.SID, th.UID, th.GID})
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("sid/uid/gid after each event:\n got %v\nwant %v", got, want)
	}
	if tab.Get(1).UID != 0 {
		t.Error("another process changed")
	}
}

// The fd table follows libsinsp: opens named by joining the path with the
// cwd or the directory fd's name, close, dup2 and F_DUPFD, close-on-exec fds
// dropped at exec, a forked process with a copy, a thread with its
// process's table, the fd list of the capture.
func TestFDTable(t *testing.T) {
	b := &evb{t: t}
	openat := func(tid, fd, dirfd int64, name string, flags uint32) []byte {
		return b.ev(tid, ppm.CodeOpenatX, ppm.PI64(fd), ppm.PI64(dirfd), ppm.PCharBuf(name), ppm.PU32(flags),
			ppm.PU32(0), ppm.PU32(0), ppm.PU64(0))
	}
	procs := hostProcs()
	var buf bytes.Buffer
	w := scap.NewWriter(&buf, scap.WriterOptions{})
	_ = w.WriteMachineInfo(scap.MachineInfo{NumCPUs: 1, BootTS: 1})
	_ = w.WriteProcs(procs)
	_ = w.WriteFDLists([]scap.FDList{{TID: 200, FDs: []scap.FD{{Num: 7, Type: 2, Name: "/etc"}}}})
	for _, e := range [][]byte{
		openat(200, 3, -100, "work/../src", 1<<10), // a directory, relative to /root/
		openat(200, 4, 3, "main.c", 0),             // relative to fd 3
		openat(200, 5, 9, "x", 0),                  // fd 9 is unknown
		openat(200, 6, 7, "passwd", 1<<12),         // fd 7 of the fd list; close-on-exec
		openat(200, -2, -100, "missing", 0),        // failed: no fd
		b.ev(200, ppm.CodeDup2X, ppm.PI64(10), ppm.PI64(4), ppm.PI64(10)),
		b.ev(200, ppm.CodeFcntlX, ppm.PI64(11), ppm.PI64(6), []byte{26}, ppm.PU64(11)), // F_DUPFD_CLOEXEC
		b.ev(200, ppm.CodeCloseX, ppm.PI64(0), ppm.PI64(4)),
		b.clone(cloneArgs{tid: 200, res: 201, pid: 200, ptid: 1, vtid: 200, vpid: 200}),
		b.clone(cloneArgs{tid: 201, res: 0, pid: 201, ptid: 200, vtid: 201, vpid: 201}),
		b.exec(execArgs{tid: 201, pid: 201, ptid: 200, exe: "cat", comm: "cat", exepath: "/usr/bin/cat"}),
		b.clone(cloneArgs{tid: 200, res: 202, pid: 200, ptid: 1, vtid: 202, vpid: 200, flags: FlagCloneThread}),
		openat(202, 12, -100, "/tmp/t", 0), // by a thread: in its process's table
	} {
		if err := w.WriteEvent(0, 0, e); err != nil {
			t.Fatal(err)
		}
	}
	_ = w.Close()
	r, err := scap.NewReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	rp := NewReplayer(r)
	for rp.Next() {
	}
	tab := rp.Table()
	want := FDs{
		3: {Name: "/root/src", Dir: true}, 5: {Name: "<UNKNOWN>x"}, 6: {Name: "/etc/passwd", Cloexec: true},
		7: {Name: "/etc", Dir: true}, 10: {Name: "/root/src/main.c"}, 11: {Name: "/etc/passwd", Cloexec: true},
		12: {Name: "/tmp/t"},
	}
	if got := tab.FDTable(tab.Get(200)); !reflect.DeepEqual(got, want) {
		t.Errorf("bash's fds:\n got %v\nwant %v", got, want)
	}
	// cat got a copy at the fork, then lost the close-on-exec fds.
	delete(want, 6)
	delete(want, 11)
	delete(want, 12)
	if got := tab.FDTable(tab.Get(201)); !reflect.DeepEqual(got, want) {
		t.Errorf("cat's fds:\n got %v\nwant %v", got, want)
	}
	for _, c := range []struct {
		dirfd int64
		path  string
		dir   string
		ok    bool
	}{{-100, "x", "/root/", true}, {3, "x", "/root/src/", true}, {9, "x", "", false}, {9, "/abs", ".", true}} {
		dir, ok := tab.Dir(tab.Get(200), c.dirfd, c.path)
		if dir != c.dir || ok != c.ok {
			t.Errorf("Dir(%d, %q) = %q %v, want %q %v", c.dirfd, c.path, dir, ok, c.dir, c.ok)
		}
	}
}

// A full fd table takes no new fd, as libsinsp's (MAX_FD_TABLE_SIZE), but
// an existing fd is still replaced.
func TestFDTableLimit(t *testing.T) {
	fds := FDs{}
	for i := int64(0); i < MaxFDs; i++ {
		fds.add(i, FD{Name: "/f"})
	}
	fds.add(MaxFDs, FD{Name: "/new"})
	fds.add(3, FD{Name: "/replaced"})
	if len(fds) != MaxFDs || fds[3].Name != "/replaced" {
		t.Fatalf("%d entries, fd 3 %q", len(fds), fds[3].Name)
	}
	if _, ok := fds[MaxFDs]; ok {
		t.Error("a full table took a new fd")
	}
}
