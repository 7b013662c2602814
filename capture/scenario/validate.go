package scenario

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Defaults of the host section.
const (
	DefaultHostname = "eql2falco-node"
	DefaultCPUs     = 2
	DefaultBootTime = "2025-01-01T00:00:00Z"
	commLen         = 15 // TASK_COMM_LEN - 1
	maxPath         = 1024
	maxList         = 4096
)

// listLen is the size of a NUL-separated list with its trailing NUL.
func listLen(l []string) int {
	n := 0
	for _, s := range l {
		n += len(s) + 1
	}
	return n
}

var (
	hex64       = regexp.MustCompile(`^[0-9a-f]{64}$`)
	containerdN = regexp.MustCompile(`^[A-Za-z0-9]+([._-][A-Za-z0-9]+)*$`)
	runtimes    = map[string]bool{"docker": true, "containerd": true, "cri-containerd": true, "crio": true, "podman": true, "nerdctl": true}
	qosClasses  = map[string]bool{"guaranteed": true, "burstable": true, "besteffort": true}
)

// errnos maps the errno names a failed exec or file operation commonly
// returns to their numbers (x86-64).
var errnos = map[string]int64{
	"EPERM": 1, "ENOENT": 2, "ESRCH": 3, "EINTR": 4, "EIO": 5, "ENXIO": 6, "E2BIG": 7,
	"ENOEXEC": 8, "EBADF": 9, "EAGAIN": 11, "ENOMEM": 12, "EACCES": 13, "EFAULT": 14,
	"ENOTDIR": 20, "EISDIR": 21, "EINVAL": 22, "ENFILE": 23, "EMFILE": 24, "ETXTBSY": 26,
	"ENAMETOOLONG": 36, "ELOOP": 40, "ELIBBAD": 80, "EEXIST": 17, "EXDEV": 18, "ENOTEMPTY": 39,
	"EROFS": 30, "ENOSPC": 28, "EBUSY": 16, "EDQUOT": 122,
}

// derivedHex returns a stable 64-hex id for a name.
func derivedHex(kind, name string) string {
	sum := sha256.Sum256([]byte("eql2falco/" + kind + "/" + name))
	return hex.EncodeToString(sum[:])
}

// validate fills defaults and checks references; it collects every problem.
func (s *Scenario) validate() Errors {
	var errs Errors
	add := func(e *Error) { errs = append(errs, e) }
	if s.Name == "" {
		add(s.errorf(pos{1, 1}, CodeMissing, "add a line `name: <short-name>`", "the scenario has no name"))
	}
	h := &s.Host
	if h.Hostname == "" {
		h.Hostname = DefaultHostname
	}
	if len(h.Hostname) > 127 {
		add(s.errorf(h.pos, CodeInvalid, "", "hostname longer than 127 bytes"))
	}
	if h.CPUs == 0 {
		h.CPUs = DefaultCPUs
	}
	if h.BootTime == "" {
		h.BootTime = DefaultBootTime
	}
	boot, err := parseTime(h.BootTime)
	if err != nil {
		add(s.errorf(h.pos, CodeInvalid, "use RFC 3339, e.g. 2025-01-01T00:00:00Z", "boot_time: %v", err))
	}
	if h.Start == "" {
		h.Start = boot.Add(24 * time.Hour).Format(time.RFC3339Nano)
	}
	if start, err := parseTime(h.Start); err != nil {
		add(s.errorf(h.pos, CodeInvalid, "use RFC 3339, e.g. 2025-01-02T00:00:00Z", "start: %v", err))
	} else if !start.After(boot) {
		add(s.errorf(h.pos, CodeInvalid, "", "start %s is not after boot_time %s", h.Start, h.BootTime))
	}

	users := map[string]bool{}
	for _, u := range s.Users {
		if u.Name == "" {
			add(s.errorf(u.pos, CodeMissing, "", "user without a name"))
		} else if users[u.Name] {
			add(s.errorf(u.pos, CodeDuplicate, "", "user %q is defined twice", u.Name))
		}
		users[u.Name] = true
	}

	containers := map[string]bool{}
	for _, c := range s.Containers {
		for _, e := range s.checkContainer(c, containers) {
			add(e)
		}
		containers[c.Name] = true
	}

	names := map[string]bool{}
	pids := map[int64]bool{}
	for _, p := range s.Processes {
		if p.Comm == "" {
			p.Comm = truncComm(path.Base(p.Exe))
		}
		if p.Name == "" {
			p.Name = p.Comm
		}
		switch {
		case p.PID <= 0:
			add(s.errorf(p.pos, CodeMissing, "give every process of the process list its host pid", "process %q has no pid", p.Name))
		case pids[p.PID]:
			add(s.errorf(p.pos, CodeDuplicate, "", "pid %d is used twice", p.PID))
		}
		pids[p.PID] = true
		if names[p.Name] {
			add(s.errorf(p.pos, CodeDuplicate, "give one of them a `name:`", "process name %q is used twice", p.Name))
		}
		names[p.Name] = true
		if !strings.HasPrefix(p.Exe, "/") {
			add(s.errorf(p.pos, CodeInvalid, "exe is the absolute path of the executable", "process %q: exe %q is not an absolute path", p.Name, p.Exe))
		}
		if len(p.Argv) == 0 {
			p.Argv = []string{p.Exe}
		}
		if p.Cwd == "" {
			p.Cwd = "/"
		}
		if len(p.Exe) > maxPath || len(p.Cwd) > maxPath || len(p.Argv[0]) > maxPath {
			add(s.errorf(p.pos, CodeInvalid, "a process list entry holds paths of up to 1024 bytes", "process %q: exe, argv[0] or cwd longer than %d bytes", p.Name, maxPath))
		}
		if listLen(p.Argv[1:]) > maxList || listLen(p.Env) > maxList {
			add(s.errorf(p.pos, CodeInvalid, "a process list entry holds args and env of up to 4096 bytes each", "process %q: args or env longer than %d bytes", p.Name, maxList))
		}
		if p.Container != "" && !containers[p.Container] {
			add(s.errorf(p.pos, CodeUnknownRef, "define it under `containers:`", "process %q: unknown container %q", p.Name, p.Container))
		}
		if p.User != "" && !users[p.User] && !isNumber(p.User) {
			add(s.errorf(p.pos, CodeUnknownRef, "define it under `users:` or give a numeric uid", "process %q: unknown user %q", p.Name, p.User))
		}
		for fd, name := range p.FDs {
			if fd < 0 || !strings.HasPrefix(name, "/") {
				add(s.errorf(p.pos, CodeInvalid, "fds maps fd numbers to absolute paths (a directory ends with '/')", "process %q: fd %d: %q", p.Name, fd, name))
			}
		}
	}
	for _, p := range s.Processes {
		if p.Parent != "" && !names[p.Parent] && !isNumber(p.Parent) {
			add(s.errorf(p.pos, CodeUnknownRef, "name a process of the list, or give a pid", "process %q: unknown parent %q", p.Name, p.Parent))
		}
	}
	if len(s.Execs) == 0 {
		add(s.errorf(pos{1, 1}, CodeMissing, "a capture needs at least one event", "the scenario has no execs"))
	}
	live := map[string]bool{}
	for n := range names {
		live[n] = true
	}
	for _, e := range s.Execs {
		if e.Parent == "" {
			add(s.errorf(e.pos, CodeMissing, "name the process that forks, e.g. `parent: bash`", "top-level exec without a parent"))
		} else if !live[e.Parent] {
			add(s.errorf(e.pos, CodeUnknownRef, "a parent is a process of the list or an earlier exec with `keep: true`", "unknown parent %q", e.Parent))
		}
		s.checkExec(e, users, live, add)
		if e.ParentExits {
			delete(live, e.Parent) // later execs cannot fork from it
		}
	}
	return errs
}

func isNumber(s string) bool {
	_, err := strconv.ParseUint(s, 10, 32)
	return err == nil
}

func truncComm(s string) string {
	if len(s) > commLen {
		return s[:commLen]
	}
	return s
}

func (s *Scenario) checkContainer(c *Container, seen map[string]bool) []*Error {
	var errs []*Error
	add := func(hint, format string, args ...any) {
		errs = append(errs, s.errorf(c.pos, CodeInvalid, hint, format, args...))
	}
	if c.Name == "" {
		return []*Error{s.errorf(c.pos, CodeMissing, "", "container without a name")}
	}
	if seen[c.Name] {
		errs = append(errs, s.errorf(c.pos, CodeDuplicate, "", "container %q is defined twice", c.Name))
	}
	if c.Runtime == "" {
		c.Runtime = "docker"
	}
	if !runtimes[c.Runtime] {
		add("one of docker, containerd, cri-containerd, crio, podman, nerdctl", "container %q: unknown runtime %q", c.Name, c.Runtime)
	}
	switch c.CgroupDriver {
	case "":
		c.CgroupDriver = "cgroupfs"
	case "cgroupfs", "systemd":
	default:
		add("cgroupfs or systemd", "container %q: unknown cgroup_driver %q", c.Name, c.CgroupDriver)
	}
	switch c.CgroupVersion {
	case 0:
		c.CgroupVersion = 1
	case 1, 2:
	default:
		add("1 or 2", "container %q: cgroup_version %d", c.Name, c.CgroupVersion)
	}
	if c.QoS == "" {
		c.QoS = "besteffort"
	}
	if !qosClasses[c.QoS] {
		add("guaranteed, burstable or besteffort", "container %q: unknown qos %q", c.Name, c.QoS)
	}
	if c.Namespace == "" {
		c.Namespace = "default"
	}
	if c.ID == "" {
		c.ID = derivedHex("container", c.Name)
	}
	switch {
	case c.Runtime == "containerd" && !containerdN.MatchString(c.ID):
		add("a containerd container id is letters and digits, joined by '.', '_' or '-'", "container %q: invalid id %q", c.Name, c.ID)
	case c.Runtime != "containerd" && c.CgroupPath == "" && !hex64.MatchString(c.ID):
		add("runtimes other than containerd name containers by 64 lowercase hex digits", "container %q: id %q is not 64 hex digits", c.Name, c.ID)
	case len(c.ID) > 64:
		add("", "container %q: id longer than 64 characters", c.Name)
	}
	if c.PodUID == "" {
		h := derivedHex("pod", c.Name)
		c.PodUID = h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
	}
	if c.InitStart != "" {
		if _, err := parseTime(c.InitStart); err != nil {
			add("use RFC 3339", "container %q: init_start: %v", c.Name, err)
		}
	}
	return errs
}

func (s *Scenario) checkExec(e *Exec, users map[string]bool, live map[string]bool, add func(*Error)) {
	forks := e.Fork == nil || *e.Fork
	if (e.ParentExits || e.Reaper != "") && !forks {
		add(s.errorf(e.pos, CodeInvalid, "parent_exits needs a child: leave `fork` at true", "parent_exits and reaper apply to a forked child"))
	}
	if e.Reaper != "" && !e.ParentExits {
		add(s.errorf(e.pos, CodeInvalid, "add `parent_exits: true`", "a reaper without parent_exits"))
	}
	if e.Reaper != "" && !live[e.Reaper] && !isNumber(e.Reaper) {
		add(s.errorf(e.pos, CodeUnknownRef, "a process of the list, an earlier exec with `keep: true`, or a pid", "unknown reaper %q", e.Reaper))
	}
	if e.Exec != nil && !*e.Exec {
		// A fork without exec: a subshell running its own children.
		switch {
		case !forks && len(e.Files) == 0:
			add(s.errorf(e.pos, CodeInvalid, "with `fork: false` and `exec: false` nothing happens but files", "exec: false needs fork or files"))
		case len(e.Argv) > 0 || e.Path != "" || e.Interpreter != "" || e.Result != "" || e.Syscall != "" || e.Thread || len(e.Expect) > 0:
			add(s.errorf(e.pos, CodeInvalid, "a child that does not exec has no program: drop argv, path, interpreter, result, syscall, thread and expect",
				"exec: false with a program"))
		}
		s.checkFiles(e, fdScope(e), add)
		s.checkThen(e, users, live, add)
		return
	}
	if e.Thread && e.Result != "" {
		add(s.errorf(e.pos, CodeInvalid, "a failed exec leaves the threads as they are", "thread with a failed exec"))
	}
	if len(e.Argv) == 0 {
		add(s.errorf(e.pos, CodeMissing, "argv lists the program's arguments, argv[0] first", "exec without argv"))
		return
	}
	if e.Path == "" && !e.EmptyPath {
		if !strings.Contains(e.Argv[0], "/") {
			add(s.errorf(e.pos, CodeMissing, fmt.Sprintf("the shell looks %q up in PATH; give the result, e.g. `path: /usr/bin/%s`", e.Argv[0], e.Argv[0]),
				"exec %q: no path and argv[0] is not a path", e.Argv[0]))
			return
		}
		e.Path = e.Argv[0]
	}
	if e.Syscall == "" {
		e.Syscall = "execve"
	}
	switch e.Syscall {
	case "execve":
		if e.DirFD != nil || e.EmptyPath {
			add(s.errorf(e.pos, CodeInvalid, "add `syscall: execveat`", "dirfd and empty_path apply to execveat only"))
		}
	case "execveat":
	default:
		add(s.errorf(e.pos, CodeInvalid, "execve or execveat", "unknown syscall %q", e.Syscall))
	}
	if e.Syscall == "execve" && !strings.HasPrefix(e.Path, "/") && !strings.HasPrefix(e.Path, ".") {
		add(s.errorf(e.pos, CodeInvalid, "use an absolute path, or ./name relative to the cwd", "path %q", e.Path))
	}
	if e.Result != "" {
		if _, err := errnoOf(e.Result); err != nil {
			add(s.errorf(e.pos, CodeInvalid, "an errno name such as ENOENT or EACCES, or its number", "%v", err))
		}
	}
	if e.User != "" && !users[e.User] && !isNumber(e.User) {
		add(s.errorf(e.pos, CodeUnknownRef, "define it under `users:` or give a numeric uid", "unknown user %q", e.User))
	}
	if e.Interpreter != "" && !strings.HasPrefix(e.Interpreter, "/") {
		add(s.errorf(e.pos, CodeInvalid, "the #! line names an absolute path", "interpreter %q is not an absolute path", e.Interpreter))
	}
	for k := range e.Expect {
		for _, pre := range checkedPrefixes {
			if strings.HasPrefix(k, pre) && !knownField(k) {
				add(s.errorf(e.pos, CodeInvalid, "checked fields: "+strings.Join(Fields, ", "), "unknown expected field %q", k))
			}
		}
	}
	s.checkFiles(e, fdScope(e), add)
	s.checkThen(e, users, live, add)
}

// fdScope returns the fd names e's file operations may use: those of the
// enclosing execs' operations (set by checkThen), updated with e's own.
func fdScope(e *Exec) map[string]bool {
	if e.fds == nil {
		e.fds = map[string]bool{}
	}
	return e.fds
}

// checkThen checks the nested execs and the naming of a kept process.
func (s *Scenario) checkThen(e *Exec, users map[string]bool, live map[string]bool, add func(*Error)) {
	for _, t := range e.Then {
		if t.fds == nil {
			t.fds = maps.Clone(fdScope(e)) // a child inherits the fds
		}
		if t.Parent != "" {
			add(s.errorf(t.pos, CodeInvalid, "nested execs run in the enclosing exec's process", "`parent` is allowed on top-level execs only"))
		}
		s.checkExec(t, users, live, add)
	}
	if e.Keep {
		if e.Name == "" {
			add(s.errorf(e.pos, CodeMissing, "later execs refer to it by name", "`keep: true` needs a `name`"))
		}
		live[e.Name] = true
	}
}

func errnoOf(s string) (int64, error) {
	if n, ok := errnos[strings.ToUpper(s)]; ok {
		return n, nil
	}
	if n, err := strconv.ParseInt(strings.TrimPrefix(s, "-"), 10, 32); err == nil && n > 0 {
		return n, nil
	}
	return 0, fmt.Errorf("unknown errno %q", s)
}

// cgroupPath returns the cgroup path of a container's processes.
func (c *Container) cgroupPath() string {
	if c.CgroupPath != "" {
		return c.CgroupPath
	}
	systemd := c.CgroupDriver == "systemd"
	qos := c.QoS
	podU := strings.ReplaceAll(c.PodUID, "-", "_")
	// Kubernetes: the guaranteed class has no class level.
	kube := "/kubepods/" + qos + "/pod" + c.PodUID
	kubeSlice := "/kubepods.slice/kubepods-" + qos + ".slice/kubepods-" + qos + "-pod" + podU + ".slice"
	if qos == "guaranteed" {
		kube = "/kubepods/pod" + c.PodUID
		kubeSlice = "/kubepods.slice/kubepods-pod" + podU + ".slice"
	}
	switch c.Runtime {
	case "docker":
		if systemd {
			return "/system.slice/docker-" + c.ID + ".scope"
		}
		return "/docker/" + c.ID
	case "podman":
		if systemd {
			return "/machine.slice/libpod-" + c.ID + ".scope"
		}
		return "/libpod_parent/libpod-" + c.ID
	case "cri-containerd":
		if systemd {
			return kubeSlice + "/cri-containerd-" + c.ID + ".scope"
		}
		return kube + "/" + c.ID
	case "crio":
		if systemd {
			return kubeSlice + "/crio-" + c.ID + ".scope"
		}
		return kube + "/crio-" + c.ID
	case "nerdctl":
		if systemd {
			return "/system.slice/nerdctl-" + c.ID + ".scope"
		}
		return "/" + c.Namespace + "/" + c.ID
	default: // containerd (ctr)
		return "/" + c.Namespace + "/" + c.ID
	}
}

// cgroupControllers are the controllers the modern eBPF driver reports.
var cgroupControllers = map[int][]string{
	1: {"cpuset", "cpu", "cpuacct", "io", "memory"},
	2: {"cpuset", "cpu", "io", "memory", "pids"},
}

func cgroupList(version int, p string) []string {
	out := make([]string, 0, 5)
	for _, c := range cgroupControllers[version] {
		out = append(out, c+"="+p)
	}
	return out
}

// ExpectedContainerID is container.id as Falco shows it for processes of the
// container: 12 characters of the id.
func (c *Container) ExpectedContainerID() string {
	if len(c.ID) > 12 {
		return c.ID[:12]
	}
	return c.ID
}
