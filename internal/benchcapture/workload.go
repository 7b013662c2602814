package benchcapture

import (
	"fmt"
	"io"
	"strings"

	"github.com/eql2falco/eql2falco/capture/ppm"
	"github.com/eql2falco/eql2falco/capture/scap"
)

// Workload describes a capture for replaying through a real Falco: a
// shell that starts Processes short-lived processes one after another,
// each a lifetime of EventsPerProcess events (clone exits in the parent
// and in the child, the exec, file activity, procexit), so that execs are
// 1 event in EventsPerProcess (5% at 20; a live capture of a development
// machine had 3.7k execs in 67k events). Alerting of the processes run `which curl` in
// a docker container, which the seed rule ("Tool Enumeration Detected via
// Defend for Containers") matches; the others run commands it does not
// match, in containers and on the host, some of them `which` itself, so
// that the rule's condition is evaluated to various depths. The capture
// is a pure function of the Workload.
type Workload struct {
	Processes int
	Alerting  int
	// EventsPerProcess is the length of a process lifetime, at least 8;
	// zero means 20.
	EventsPerProcess int
}

// Counts are what a written workload holds.
type Counts struct {
	Events, Execs, Alerting int
}

// A container's cgroups (docker's cgroupfs layout) and the host's.
var (
	containerCgroups = ppm.PStrings(
		"cpuset=/docker/3f1c2b4a5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708",
		"cpu=/docker/3f1c2b4a5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708",
		"memory=/docker/3f1c2b4a5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708")
	hostCgroups = ppm.PStrings("cpuset=/", "cpu=/user.slice", "memory=/user.slice/user-1000.slice/session-3.scope")
)

// command is one exec of the workload.
type command struct {
	exe       string   // argv[0]
	args      []string // argv[1:]
	path      string   // the executable the kernel ran (trusted_exepath)
	container bool
}

// alerting is the exec the seed rule matches.
var alerting = command{"which", []string{"curl"}, "/usr/bin/which", true}

// quiet are the execs it does not match, taken in turn. Some reach deep
// into the condition: which without a tool, a tool without which, which
// curl on the host (everything but the container id matches).
var quiet = []command{
	{"ls", []string{"-la", "/tmp"}, "/usr/bin/ls", true},
	{"cat", []string{"/etc/os-release"}, "/usr/bin/cat", false},
	{"grep", []string{"-q", "root", "/etc/passwd"}, "/usr/bin/grep", true},
	{"sh", []string{"-c", "date +%s"}, "/usr/bin/dash", false},
	{"which", []string{"ls"}, "/usr/bin/which", true},
	{"curl", []string{"-s", "http://127.0.0.1:8080/healthz"}, "/usr/bin/curl", true},
	{"which", []string{"curl"}, "/usr/bin/which", false},
	{"python3", []string{"-c", "print(1)"}, "/usr/bin/python3.11", true},
	{"date", nil, "/usr/bin/date", false},
	{"bash", []string{"-c", "true"}, "/usr/bin/bash", true},
}

// files are the files the processes open, in turn.
var files = []string{"/etc/ld.so.cache", "/lib/x86_64-linux-gnu/libc.so.6", "/etc/passwd", "/etc/nsswitch.conf",
	"/usr/lib/locale/locale-archive", "/proc/self/status", "/etc/hosts", "/tmp/out.log"}

// Write writes the workload's capture to out.
func (wl Workload) Write(out io.Writer) (Counts, error) {
	per := wl.EventsPerProcess
	if per == 0 {
		per = 20
	}
	if per < 8 || wl.Processes < 0 || wl.Alerting < 0 || wl.Alerting > wl.Processes {
		return Counts{}, fmt.Errorf("benchcapture: bad workload %+v", wl)
	}
	w := scap.NewWriter(out, scap.WriterOptions{})
	_ = w.WriteMachineInfo(scap.MachineInfo{NumCPUs: 4, Hostname: "bench"})
	_ = w.WriteProcs([]scap.Proc{{TID: 100, PID: 100, PTID: 1, Comm: "bash", Exe: "bash", ExePath: "/usr/bin/bash",
		Args: []string{"-l"}, Cwd: "/root/", VTID: 100, VPID: 100, UID: 1000, GID: 1000, LoginUID: 1000}})
	_ = w.WriteUsers([]scap.User{{UID: 0, GID: 0, Name: "root", Home: "/root", Shell: "/bin/bash"},
		{UID: 1000, GID: 1000, Name: "dev", Home: "/home/dev", Shell: "/bin/bash"}},
		[]scap.Group{{GID: 0, Name: "root"}, {GID: 1000, Name: "dev"}})

	var c Counts
	var err error
	ts := uint64(1_700_000_000_000_000_000)
	var buf []byte
	emit := func(tid int64, code ppm.Code, params ...[]byte) {
		if err != nil {
			return
		}
		ts += 1500
		buf, err = ppm.Append(buf[:0], ppm.Header{TS: ts, TID: tid, Type: code}, params...)
		if err == nil {
			err = w.WriteEvent(uint16(tid%4), 0, buf)
		}
		c.Events++
	}
	clone := func(tid, res int64, comm string, cg []byte) {
		ptid := int64(100)
		if tid == 100 {
			ptid = 1
		}
		emit(tid, ppm.CodeCloneX, ppm.PI64(res), ppm.PCharBuf("bash"), ppm.PStrings("-l"), ppm.PI64(tid), ppm.PI64(tid),
			ppm.PI64(ptid), ppm.PCharBuf("/root/"), ppm.PI64(1024), ppm.PU64(0), ppm.PU64(0), ppm.PU32(1), ppm.PU32(2),
			ppm.PU32(0), ppm.PCharBuf(comm), cg, ppm.PU32(1<<23|1<<24), ppm.PU32(1000), ppm.PU32(1000), ppm.PI64(tid),
			ppm.PI64(tid), ppm.PU64(0))
	}
	env := ppm.PStrings("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm",
		"HOME=/home/dev", "LANG=C.UTF-8", "USER=dev")
	data := []byte("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n")
	nq := 0
	for i := range wl.Processes {
		tid := int64(1000 + i)
		cmd := quiet[nq%len(quiet)]
		// Alerting processes are spread evenly: process i alerts when
		// floor((i+1)*A/P) steps up.
		if wl.Alerting > 0 && (i+1)*wl.Alerting/wl.Processes != i*wl.Alerting/wl.Processes {
			cmd = alerting
			c.Alerting++
		} else {
			nq++
		}
		cg := hostCgroups
		if cmd.container {
			cg = containerCgroups
		}
		clone(100, tid, "bash", hostCgroups)
		clone(tid, 0, "bash", cg)
		comm := cmd.path[strings.LastIndexByte(cmd.path, '/')+1:]
		emit(tid, ppm.CodeExecveX, ppm.PI64(0), ppm.PCharBuf(cmd.exe), ppm.PStrings(cmd.args...), ppm.PI64(tid),
			ppm.PI64(tid), ppm.PI64(100), ppm.PCharBuf("/root/"), ppm.PU64(1024), ppm.PU64(0), ppm.PU64(0), ppm.PU32(1),
			ppm.PU32(2), ppm.PU32(0), ppm.PCharBuf(comm), cg, env, ppm.PU32(34816), ppm.PI64(tid), ppm.PU32(1000),
			ppm.PU32(0), ppm.PU64(0), ppm.PU64(0), ppm.PU64(0), ppm.PU64(7), ppm.PU64(0), ppm.PU64(0), ppm.PU32(1000),
			ppm.PCharBuf(cmd.path), ppm.PI64(tid), ppm.PU32(1000), ppm.PCharBuf(cmd.path))
		c.Execs++
		// File activity: openat, reads, close, until the procexit.
		for k, fd := 3, int64(3); k < per-1; fd++ {
			name := files[(i+k)%len(files)]
			emit(tid, ppm.Code(307), ppm.PI64(fd), ppm.PI64(-100), ppm.PCharBuf(name), ppm.PU32(1), ppm.PU32(0),
				ppm.PU32(0x803), ppm.PU64(uint64(1000+k)))
			k++
			for ; k < per-2 && k%4 != 2; k++ {
				emit(tid, ppm.Code(7), ppm.PI64(int64(len(data))), data, ppm.PI64(fd), ppm.PU32(uint32(len(data))))
			}
			if k < per-1 {
				emit(tid, ppm.Code(5), ppm.PI64(0), ppm.PI64(fd))
				k++
			}
		}
		emit(tid, ppm.CodeProcexit, ppm.PI64(0), ppm.PI64(0), []byte{0}, []byte{0}, ppm.PI64(0))
	}
	if err != nil {
		return c, err
	}
	return c, w.Close()
}
