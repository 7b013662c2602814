package scenario

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/eql2falco/eql2falco/capture/ppm"
	"github.com/eql2falco/eql2falco/capture/scap"
)

// Options control how a scenario becomes a capture.
type Options struct {
	// ExecveParams is the parameter count of execve exit events: 30 (the
	// default, replayed by Falco 0.41 to 0.44) or 31 (adds filename; Falco
	// 0.42 refuses it).
	ExecveParams int
	// EnterEvents forces execve enter events on, whatever the scenario says.
	EnterEvents bool
	Gzip        bool
}

// Manifest describes what Write produced: one record per exec, in order.
// Its JSON form (synth --manifest) uses snake_case keys, like every JSON
// output of eql2falco.
type Manifest struct {
	Execs []ExecRecord `json:"execs"`
	Files []FileRecord `json:"files,omitempty"`
}

// ExecRecord ties an exec of the scenario to its exit event in the capture.
type ExecRecord struct {
	Name   string         `json:"name"`             // the exec's name, or its argv[0]
	Line   int            `json:"line"`             // line of the exec in the scenario file
	Num    uint64         `json:"num"`              // evt.num of its exit event
	TID    int64          `json:"tid"`              // host tid of the process
	Argv   []string       `json:"argv"`             // argv as the exit event records it (after a #! rewrite)
	Failed bool           `json:"failed"`           // the exec failed (its result is an errno)
	Expect map[string]any `json:"expect,omitempty"` // the exec's expectations, as written
}

// Clone flags the builder writes: a shell's fork.
const (
	clChildCleartid = 1 << 23
	clChildSettid   = 1 << 24
	clChildInPIDNS  = 1 << 29
	// pthread_create: CLONE_VM|FS|FILES|SIGHAND|THREAD|SYSVSEM|SETTLS|
	// PARENT_SETTID|CHILD_CLEARTID as PPM_CL_* flags.
	clThread       = 1<<15 | 1<<1 | 1<<0 | 1<<11 | 1<<13 | 1<<12 | 1<<25 | 1<<9 | 1<<23
	maxProcArgEnv  = 4096 // MAX_PROC_ARG_ENV: exe + args (and env) cap of the drivers
	atFDCWD        = -100
	atEmptyPath    = 1
	defaultFDLimit = 1048576
	rootCaps       = 0x000001ffffffffff
	eventGap       = 1000 // ns between events
)

// proc is a process of the simulation.
type proc struct {
	tid, pid, ptid int64
	vtid, vpid     int64
	sid, pgid      int64 // host session and process group ids
	vpgid          int64 // process group id inside the pid namespace
	dead           bool
	comm, exepath  string
	argv           []string // argv[0] + args, as the kernel holds them
	cwd            string
	env            []string
	uid, gid       uint32
	loginuid       uint32
	tty            uint32
	ctr            *Container
	cgroups        []string
	exeIno         uint64
	openFDs        map[int64]bool   // open fds from 3
	fdNames        map[string]int64 // fds named by the scenario's opens
}

type builder struct {
	s        *Scenario
	opt      Options
	w        *scap.Writer
	ts       uint64
	bootTS   uint64
	num      uint64
	nextPID  int64
	nextVPID map[*Container]int64
	named    map[string]*proc
	users    map[string]*User
	man      Manifest
	err      error
}

// Write turns the scenario into a capture written to w.
func (s *Scenario) Write(w io.Writer, opt Options) (*Manifest, error) {
	switch opt.ExecveParams {
	case 0:
		opt.ExecveParams = 30
	case 30, 31:
	default:
		return nil, fmt.Errorf("scenario: execve exit events carry 30 or 31 parameters, not %d", opt.ExecveParams)
	}
	boot, _ := parseTime(s.Host.BootTime)
	start, _ := parseTime(s.Host.Start)
	b := &builder{
		s: s, opt: opt, w: scap.NewWriter(w, scap.WriterOptions{Gzip: opt.Gzip}),
		bootTS: uint64(boot.UnixNano()), ts: uint64(start.UnixNano()),
		nextVPID: map[*Container]int64{}, named: map[string]*proc{}, users: map[string]*User{},
	}
	for _, u := range s.Users {
		b.users[u.Name] = u
	}
	if err := b.metadata(); err != nil {
		return nil, err
	}
	for _, c := range s.Containers {
		if c.Metadata {
			b.containerEvent(c)
		}
	}
	for _, e := range s.Execs {
		b.run(e, b.named[e.Parent])
	}
	if b.err != nil {
		return nil, b.err
	}
	if err := b.w.Close(); err != nil {
		return nil, err
	}
	return &b.man, nil
}

func (b *builder) container(name string) *Container {
	for _, c := range b.s.Containers {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// user resolves a user name or uid to uid and gid.
func (b *builder) user(ref string) (uint32, uint32) {
	if u, ok := b.users[ref]; ok {
		return u.UID, u.GID
	}
	n, _ := strconv.ParseUint(ref, 10, 32)
	return uint32(n), uint32(n)
}

func (b *builder) cgroupsOf(c *Container, hostPath string) []string {
	if c == nil {
		return cgroupList(1, hostPath)
	}
	return cgroupList(c.CgroupVersion, c.cgroupPath())
}

func (b *builder) metadata() error {
	s := b.s
	if err := b.w.WriteMachineInfo(scap.MachineInfo{
		NumCPUs: s.Host.CPUs, MemoryBytes: 8 << 30, MaxPID: 4194304,
		Hostname: s.Host.Hostname, BootTS: b.bootTS,
	}); err != nil {
		return err
	}
	byName := map[string]*Process{}
	for _, p := range s.Processes {
		byName[p.Name] = p
		b.nextPID = max(b.nextPID, p.PID)
	}
	b.nextPID += 100
	procs := make([]scap.Proc, 0, len(s.Processes))
	var fdLists []scap.FDList
	for _, p := range s.Processes {
		pr := &proc{tid: p.PID, pid: p.PID, comm: p.Comm, exepath: p.Exe, argv: p.Argv, cwd: p.Cwd,
			env: p.Env, loginuid: 0xFFFFFFFF, tty: p.TTY.Dev, ctr: b.container(p.Container)}
		if p.User != "" {
			pr.uid, pr.gid = b.user(p.User)
		}
		if p.LoginUID != nil {
			pr.loginuid = *p.LoginUID
		}
		if par, ok := byName[p.Parent]; ok {
			pr.ptid = par.PID
		} else if p.Parent != "" {
			pr.ptid, _ = strconv.ParseInt(p.Parent, 10, 64)
		}
		pr.vtid, pr.vpid = pr.tid, pr.pid
		if pr.ctr != nil {
			vp := p.VPID
			if vp == 0 {
				vp = b.nextVPID[pr.ctr] + 1
			}
			b.nextVPID[pr.ctr] = max(b.nextVPID[pr.ctr], vp)
			pr.vtid, pr.vpid = vp, vp
		}
		// Each process of the list leads its own session and group.
		pr.sid, pr.pgid, pr.vpgid = pr.pid, pr.pid, pr.vpid
		pr.cgroups = b.cgroupsOf(pr.ctr, "/user.slice")
		pr.exeIno = inode(pr.exepath)
		pr.openFDs, pr.fdNames = map[int64]bool{}, map[string]int64{}
		var fds []scap.FD
		for _, num := range sortedFDs(p.FDs) {
			name := p.FDs[num]
			pr.openFDs[num] = true
			typ := uint8(scapFDFile)
			if len(name) > 1 && strings.HasSuffix(name, "/") {
				typ, name = scapFDDir, strings.TrimSuffix(name, "/")
			}
			fds = append(fds, scap.FD{Num: num, Type: typ, Name: name, Ino: inode(name)})
		}
		if len(fds) > 0 {
			fdLists = append(fdLists, scap.FDList{TID: pr.tid, FDs: fds})
		}
		b.named[p.Name] = pr
		procs = append(procs, b.listEntry(pr))
	}
	if len(procs) > 0 {
		if err := b.w.WriteProcs(procs); err != nil {
			return err
		}
	}
	if len(fdLists) > 0 {
		if err := b.w.WriteFDLists(fdLists); err != nil {
			return err
		}
	}
	if len(s.Users) > 0 {
		var us []scap.User
		var gs []scap.Group
		seen := map[uint32]bool{}
		for _, u := range s.Users {
			us = append(us, scap.User{UID: u.UID, GID: u.GID, Name: u.Name, Home: u.Home, Shell: u.Shell})
			if !seen[u.GID] {
				seen[u.GID] = true
				gs = append(gs, scap.Group{GID: u.GID, Name: u.Name})
			}
		}
		return b.w.WriteUsers(us, gs)
	}
	return nil
}

// scap fd types of the fd lists (SCAP_FD_FILE, SCAP_FD_DIRECTORY).
const (
	scapFDFile = 1
	scapFDDir  = 2
)

func sortedFDs(m map[int64]string) []int64 {
	out := make([]int64, 0, len(m))
	for fd := range m {
		out = append(out, fd)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// inode gives every executable path a stable inode number.
func inode(p string) uint64 {
	var h uint64 = 14695981039346656037
	for i := 0; i < len(p); i++ {
		h = (h ^ uint64(p[i])) * 1099511628211
	}
	return h&0xffffff + 1000
}

func (b *builder) caps(uid uint32) uint64 {
	if uid == 0 {
		return rootCaps
	}
	return 0
}

func (b *builder) listEntry(p *proc) scap.Proc {
	return scap.Proc{
		TID: p.tid, PID: p.pid, PTID: p.ptid, SID: p.sid, VPGID: p.vpgid, PGID: p.pgid,
		Comm: p.comm, Exe: p.argv[0], ExePath: p.exepath, Args: p.argv[1:], Cwd: p.cwd,
		FDLimit: defaultFDLimit, UID: p.uid, GID: p.gid, VMSizeKB: 8000, VMRSSKB: 4000,
		Env: p.env, VTID: p.vtid, VPID: p.vpid, Cgroups: p.cgroups, Root: "/",
		PidnsInitStartTS: b.pidnsStart(p.ctr), TTY: p.tty, LoginUID: p.loginuid,
		CapInheritable: 0, CapPermitted: b.caps(p.uid), CapEffective: b.caps(p.uid),
		ExeIno: p.exeIno, ExeInoCtime: b.bootTS, ExeInoMtime: b.bootTS,
	}
}

// pidnsStart is the start of the pid namespace init, in ns since boot.
func (b *builder) pidnsStart(c *Container) uint64 {
	if c == nil {
		return 0
	}
	if c.InitStart != "" {
		t, _ := parseTime(c.InitStart)
		if ns := uint64(t.UnixNano()); ns > b.bootTS {
			return ns - b.bootTS
		}
	}
	return uint64(time.Hour)
}

func (b *builder) event(cpuTID int64, h ppm.Header, params ...[]byte) {
	if b.err != nil {
		return
	}
	b.ts += eventGap
	h.TS = b.ts
	ev, err := ppm.Append(nil, h, params...)
	if err == nil {
		err = b.w.WriteEvent(uint16(uint64(cpuTID)%uint64(b.s.Host.CPUs)), 0, ev)
	}
	if err != nil {
		b.err = fmt.Errorf("scenario %s: %w", b.s.Name, err)
		return
	}
	b.num++
}

func (b *builder) containerEvent(c *Container) {
	types := map[string]int{"docker": 0, "cri-containerd": 6, "containerd": 7, "crio": 8, "podman": 11, "nerdctl": 7}
	doc := map[string]any{"container": map[string]any{
		"id": c.ExpectedContainerID(), "full_id": c.ID, "type": types[c.Runtime], "name": c.Name,
		"image": c.Image, "imagerepo": strings.Split(c.Image, ":")[0], "privileged": false,
		"labels": map[string]string{}, "Mounts": []any{},
	}}
	js, _ := json.Marshal(doc)
	b.event(0, ppm.Header{TID: 0, Type: ppm.CodeContainerJSON2}, ppm.PCharBuf(string(js)))
}

// run executes one exec item: fork (unless fork: false), the parent's exit
// (parent_exits), what the process does before its exec (setsid, setpgid,
// chdir), the exec (unless exec: false), the nested execs, exit (unless
// keep or the process is not its own).
func (b *builder) run(e *Exec, parent *proc) {
	if parent == nil || parent.dead {
		if b.err == nil {
			b.err = fmt.Errorf("scenario %s:%d: the parent process has exited (parent_exits) before this exec", b.s.Name, e.pos.line)
		}
		return
	}
	p := parent
	forked := e.Fork == nil || *e.Fork
	if forked {
		p = b.fork(parent)
	}
	if e.ParentExits {
		b.parentExits(e, parent, p)
	}
	b.prepare(e, p)
	if e.Exec == nil || *e.Exec {
		b.exec(e, p)
	}
	b.files(e, p)
	for _, t := range e.Then {
		b.run(t, p)
	}
	if e.Keep {
		b.named[e.Name] = p
		return
	}
	if forked && !p.dead { // a process whose child had it exit is gone already
		code := int64(0)
		if e.Result != "" {
			code = 127
		}
		b.procexit(p, code, 0)
	}
}

// procexit writes the exit of process p, whose children go to the reaper
// of tid reaper (0: none given).
func (b *builder) procexit(p *proc, code, reaper int64) {
	b.event(p.tid, ppm.Header{TID: p.tid, Type: ppm.CodeProcexit},
		ppm.PI64(code<<8), ppm.PI64(code), []byte{0}, []byte{0}, ppm.PI64(reaper))
	p.dead = true
}

// parentExits makes the parent of the new child exit: the kernel hands the
// child to a reaper, the init of the child's pid namespace unless named.
func (b *builder) parentExits(e *Exec, parent, child *proc) {
	var reaper *proc
	switch {
	case e.Reaper != "":
		reaper = b.named[e.Reaper]
		if reaper == nil {
			pid, _ := strconv.ParseInt(e.Reaper, 10, 64)
			reaper = &proc{tid: pid, pid: pid}
		}
	case child.ctr == nil:
		reaper = &proc{tid: 1, pid: 1}
	default:
		for _, q := range b.named {
			if q.ctr == child.ctr && q.vpid == 1 && !q.dead {
				reaper = q
			}
		}
		if reaper == nil {
			if b.err == nil {
				b.err = fmt.Errorf("scenario %s:%d: container %q has no process of vpid 1 to reap the orphan; name a `reaper`",
					b.s.Name, e.pos.line, child.ctr.Name)
			}
			return
		}
	}
	b.procexit(parent, 0, reaper.tid)
	child.ptid = reaper.pid
}

// prepare writes what the process does before its exec: setsid (a new
// session and process group), setpgid (a new process group), chdir.
func (b *builder) prepare(e *Exec, p *proc) {
	if e.Setsid {
		// setsid returns the session id in the caller's pid namespace.
		b.event(p.tid, ppm.Header{TID: p.tid, Type: ppm.CodeSetsidX}, ppm.PI64(p.vpid))
		p.sid, p.pgid, p.vpgid = p.pid, p.pid, p.vpid
	}
	if e.Setpgid {
		b.event(p.tid, ppm.Header{TID: p.tid, Type: ppm.CodeSetpgidX}, ppm.PI64(0), ppm.PI64(0), ppm.PI64(0))
		p.pgid, p.vpgid = p.pid, p.vpid
	}
	if e.Chdir != "" {
		b.event(p.tid, ppm.Header{TID: p.tid, Type: ppm.CodeChdirX}, ppm.PI64(0), ppm.PCharBuf(e.Chdir))
	}
}

func (b *builder) fork(parent *proc) *proc {
	b.nextPID++
	c := *parent // the session and process group are inherited
	c.openFDs, c.fdNames = maps.Clone(parent.openFDs), maps.Clone(parent.fdNames)
	c.tid, c.pid, c.ptid = b.nextPID, b.nextPID, parent.pid
	c.vtid, c.vpid = c.tid, c.pid
	flags := uint32(clChildCleartid | clChildSettid)
	if c.ctr != nil {
		b.nextVPID[c.ctr]++
		c.vtid, c.vpid = b.nextVPID[c.ctr], b.nextVPID[c.ctr]
		flags |= clChildInPIDNS
	}
	res := c.tid
	if c.ctr != nil {
		res = c.vtid // the caller sees the id inside its pid namespace
	}
	// The caller's side, then the child's: both are what drivers report.
	b.cloneEvent(parent, parent, res, flags)
	b.cloneEvent(&c, parent, 0, flags)
	return &c
}

// cloneEvent writes a CLONE_20_X event of thread t (the new child when res
// is 0); the child is a copy of the parent, so exe, args and comm are the
// parent's.
func (b *builder) cloneEvent(t, parent *proc, res int64, flags uint32) {
	b.event(t.tid, ppm.Header{TID: t.tid, Type: ppm.CodeCloneX},
		ppm.PI64(res), ppm.PCharBuf(parent.argv[0]), ppm.PStrings(parent.argv[1:]...),
		ppm.PI64(t.tid), ppm.PI64(t.pid), ppm.PI64(t.ptid), nil,
		ppm.PI64(defaultFDLimit), ppm.PU64(0), ppm.PU64(0), ppm.PU32(8000), ppm.PU32(4000), ppm.PU32(0),
		ppm.PCharBuf(parent.comm), ppm.PStrings(t.cgroups...), ppm.PU32(flags),
		ppm.PU32(t.uid), ppm.PU32(t.gid), ppm.PI64(t.vtid), ppm.PI64(t.vpid), ppm.PU64(b.pidnsStart(t.ctr)))
}

// thread makes process p start a thread (pthread_create) and returns its tid.
func (b *builder) thread(p *proc) int64 {
	b.nextPID++
	t := *p
	t.tid, t.vtid = b.nextPID, b.nextPID
	res := t.tid
	if p.ctr != nil {
		b.nextVPID[p.ctr]++
		t.vtid = b.nextVPID[p.ctr]
		res = t.vtid
	}
	flags := uint32(clThread)
	if p.ctr != nil {
		flags |= clChildInPIDNS
	}
	b.cloneEvent(p, p, res, flags)
	b.cloneEvent(&t, p, 0, flags)
	return t.tid
}

// capArgs applies the drivers' cap on exe + args: at most 4096 bytes
// together, the last byte of truncated args forced to NUL.
func capArgs(argv []string) (exe, args []byte) {
	exe = ppm.PCharBuf(argv[0])
	if len(exe) > maxProcArgEnv {
		exe = append(exe[:maxProcArgEnv-1:maxProcArgEnv-1], 0)
		return exe, nil
	}
	args = ppm.PStrings(argv[1:]...)
	if room := maxProcArgEnv - len(exe); len(args) > room {
		args = args[:room]
		if room > 0 {
			args[room-1] = 0
		}
	}
	return exe, args
}

// capEnv applies the same 4096-byte cap to the environment.
func capEnv(env []string) []byte {
	b := ppm.PStrings(env...)
	if len(b) > maxProcArgEnv {
		b = b[:maxProcArgEnv]
		b[maxProcArgEnv-1] = 0
	}
	return b
}

// exec writes the exec of e by process p and updates p on success.
func (b *builder) exec(e *Exec, p *proc) {
	var res int64
	if e.Result != "" {
		n, _ := errnoOf(e.Result)
		res = -n
	}
	argv := e.Argv
	if res == 0 && e.Interpreter != "" {
		// binfmt_script: [interpreter, optional argument, script path, argv[1:]...]
		rw := []string{e.Interpreter}
		if e.InterpreterArg != "" {
			rw = append(rw, e.InterpreterArg)
		}
		argv = append(append(rw, e.Path), e.Argv[1:]...)
	}
	// bprm->filename: the path as passed, or /dev/fd/N for a dirfd.
	filename := e.Path
	dirfd := int64(atFDCWD)
	if e.DirFD != nil {
		dirfd = *e.DirFD
	}
	if e.Syscall == "execveat" && dirfd != atFDCWD {
		switch {
		case e.EmptyPath:
			filename = "/dev/fd/" + strconv.FormatInt(dirfd, 10)
		case !strings.HasPrefix(e.Path, "/"):
			filename = "/dev/fd/" + strconv.FormatInt(dirfd, 10) + "/" + e.Path
		}
	}
	env := p.env
	if e.Env != nil {
		env = e.Env
	}
	// A thread execs: it is created, and at the exec the kernel ends the
	// other threads (the old main thread's exit is reported) and gives the
	// exec'ing thread the process id.
	enterTID := p.tid
	if e.Thread {
		enterTID = b.thread(p)
	}
	if b.s.Host.EnterEvents || b.opt.EnterEvents {
		if e.Syscall == "execveat" {
			var fl uint32
			if e.EmptyPath {
				fl = atEmptyPath
			}
			b.event(enterTID, ppm.Header{TID: enterTID, Type: ppm.CodeExecveatE}, ppm.PI64(dirfd), ppm.PCharBuf(e.Path), ppm.PU32(fl))
		} else {
			b.event(enterTID, ppm.Header{TID: enterTID, Type: ppm.CodeExecveE}, ppm.PCharBuf(e.Path))
		}
	}
	if e.Thread {
		b.event(p.tid, ppm.Header{TID: p.tid, Type: ppm.CodeProcexit},
			ppm.PI64(0), ppm.PI64(0), []byte{0}, []byte{0}, ppm.PI64(0))
	}
	if res == 0 {
		p.argv = argv
		p.env = env
		p.exepath = e.Exe
		if p.exepath == "" {
			p.exepath = e.Path
			if e.Interpreter != "" {
				p.exepath = e.Interpreter
			}
		}
		p.exeIno = inode(p.exepath)
		p.comm = e.Comm
		if p.comm == "" {
			p.comm = truncComm(path.Base(filename))
			if e.EmptyPath {
				p.comm = truncComm(path.Base(p.exepath))
			}
		}
		if e.User != "" {
			p.uid, p.gid = b.user(e.User)
		}
		if e.TTY.Set {
			p.tty = e.TTY.Dev
		}
	}
	exe, args := capArgs(argv)
	code := ppm.CodeExecveX
	nparams := b.opt.ExecveParams
	if e.Syscall == "execveat" && res != 0 {
		code, nparams = ppm.CodeExecveatX, 30 // modern drivers report a successful execveat as execve
	}
	params := [][]byte{
		ppm.PI64(res), exe, args, ppm.PI64(p.tid), ppm.PI64(p.pid), ppm.PI64(p.ptid), nil,
		ppm.PU64(defaultFDLimit), ppm.PU64(0), ppm.PU64(0), ppm.PU32(8000), ppm.PU32(4000), ppm.PU32(0),
		ppm.PCharBuf(p.comm), ppm.PStrings(p.cgroups...), capEnv(env), ppm.PU32(p.tty),
		ppm.PI64(p.vpgid), ppm.PU32(p.loginuid), ppm.PU32(0),
		ppm.PU64(0), ppm.PU64(b.caps(p.uid)), ppm.PU64(b.caps(p.uid)),
		ppm.PU64(p.exeIno), ppm.PU64(b.bootTS), ppm.PU64(b.bootTS), ppm.PU32(p.uid),
		ppm.PCharBuf(p.exepath), ppm.PI64(p.pgid), ppm.PU32(p.gid), ppm.PCharBuf(filename),
	}
	b.event(p.tid, ppm.Header{TID: p.tid, Type: code}, params[:nparams]...)
	name := e.Name
	if name == "" {
		name = e.Argv[0]
	}
	b.man.Execs = append(b.man.Execs, ExecRecord{Name: name, Line: e.pos.line, Num: b.num, TID: p.tid,
		Argv: argv, Failed: res != 0, Expect: e.Expect})
}
