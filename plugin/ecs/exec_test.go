package ecs

import (
	"os"
	"strings"
	"testing"

	"github.com/eql2falco/eql2falco/ppm"
)

const hex64 = "3f1c2b4a5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708"

// execEvent describes an exec exit event parameter by parameter; encode
// turns it into driver bytes. The zero-length parameters are absent.
type execEvent struct {
	code   ppm.Code
	n      int // parameter count written
	params [ppm.ExecMaxParams][]byte
}

// whichCurl is `which curl` typed on a terminal in a docker container of a
// Debian image: /usr/bin/which is a "#! /bin/sh" script, so the kernel runs
// dash with argv rewritten to /bin/sh /usr/bin/which curl. As modern eBPF
// on libs >= 0.23 records it: 31 parameters.
func whichCurl() *execEvent {
	e := &execEvent{code: ppm.CodeExecveX, n: ppm.ExecMaxParams}
	p := &e.params
	p[ppm.ExecRes] = ppm.PI64(0)
	p[ppm.ExecExe] = ppm.PCharBuf("/bin/sh")
	p[ppm.ExecArgs] = ppm.PStrings("/usr/bin/which", "curl")
	p[ppm.ExecTID] = ppm.PI64(4242)
	p[ppm.ExecPID] = ppm.PI64(4242)
	p[ppm.ExecPTID] = ppm.PI64(4100)
	p[ppm.ExecCwd] = nil // drivers send it empty
	p[ppm.ExecFdlimit] = ppm.PU64(1048576)
	p[ppm.ExecPgftMaj] = ppm.PU64(0)
	p[ppm.ExecPgftMin] = ppm.PU64(60)
	p[ppm.ExecVMSize] = ppm.PU32(2400)
	p[ppm.ExecVMRSS] = ppm.PU32(900)
	p[ppm.ExecVMSwap] = ppm.PU32(0)
	p[ppm.ExecComm] = ppm.PCharBuf("which")
	p[ppm.ExecCgroups] = ppm.PStrings("cpuset=/docker/"+hex64, "cpu=/docker/"+hex64, "cpuacct=/docker/"+hex64,
		"io=/docker/"+hex64, "memory=/docker/"+hex64)
	p[ppm.ExecEnv] = ppm.PStrings("PATH=/usr/local/bin:/usr/bin:/bin", "HOME=/root", "TERM=xterm")
	p[ppm.ExecTTY] = ppm.PU32(34816) // /dev/pts/0
	p[ppm.ExecVPGID] = ppm.PI64(7)
	p[ppm.ExecLoginUID] = ppm.PU32(0xffffffff)
	p[ppm.ExecFlags] = ppm.PU32(0)
	p[ppm.ExecCapInheritable] = ppm.PU64(0)
	p[ppm.ExecCapPermitted] = ppm.PU64(0xa80425fb)
	p[ppm.ExecCapEffective] = ppm.PU64(0xa80425fb)
	p[ppm.ExecExeIno] = ppm.PU64(1311)
	p[ppm.ExecExeInoCtime] = ppm.PU64(1700000000000000000)
	p[ppm.ExecExeInoMtime] = ppm.PU64(1700000000000000000)
	p[ppm.ExecUID] = ppm.PU32(0)
	p[ppm.ExecTrustedExepath] = ppm.PCharBuf("/usr/bin/dash")
	p[ppm.ExecPGID] = ppm.PI64(4200)
	p[ppm.ExecGID] = ppm.PU32(0)
	p[ppm.ExecFilename] = ppm.PCharBuf("/usr/bin/which")
	return e
}

// whichCurlDoc is what Document gives for whichCurl.
func whichCurlDoc() map[string]any {
	return map[string]any{
		"event.category": "process", "event.kind": "event", "event.type": "start", "event.action": "exec",
		"host.os.type":                  "linux",
		"process.name":                  "dash",
		"process.executable":            "/usr/bin/dash",
		"process.args":                  []string{"/bin/sh", "/usr/bin/which", "curl"},
		"process.args_count":            int64(3),
		"process.command_line":          "/bin/sh /usr/bin/which curl",
		"process.pid":                   int64(4242),
		"process.thread.id":             int64(4242),
		"process.parent.pid":            int64(4100),
		"process.interactive":           true,
		"process.tty.char_device.major": int64(136),
		"process.tty.char_device.minor": int64(0),
		"process.env_vars":              []string{"PATH=/usr/local/bin:/usr/bin:/bin", "HOME=/root", "TERM=xterm"},
		"user.id":                       "0",
		"group.id":                      "0",
		"container.id":                  hex64,
	}
}

func (e *execEvent) set(i int, p []byte) *execEvent { e.params[i] = p; return e }

func (e *execEvent) count(n int) *execEvent { e.n = n; return e }

func (e *execEvent) encode(t testing.TB) []byte {
	t.Helper()
	b, err := ppm.Append(nil, ppm.Header{TS: 1700000000000000000, TID: 4242, Type: e.code}, e.params[:e.n]...)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func readEvent(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDecodeRejects(t *testing.T) {
	var x Exec
	good := whichCurl().encode(t)
	if err := x.Decode(good[:len(good)-1]); err == nil {
		t.Fatal("truncated event decoded")
	}
	e := whichCurl()
	e.code = ppm.CodeCloneX
	if err := x.Decode(e.encode(t)); err == nil || !strings.Contains(err.Error(), "not an execve") {
		t.Fatalf("clone exit: %v", err)
	}
	e.code = ppm.CodeExecveE
	if err := x.Decode(e.encode(t)); err == nil {
		t.Fatal("execve enter decoded")
	}
	if err := x.Decode(good); err != nil || !x.Succeeded() || x.Event().NParams() != 31 {
		t.Fatalf("good event: %v", err)
	}
}

// A stale container id from a previous event must not survive Decode.
func TestDecodeResetsContainerID(t *testing.T) {
	var x Exec
	if err := x.Decode(whichCurl().encode(t)); err != nil {
		t.Fatal(err)
	}
	if string(x.containerID()) != hex64 {
		t.Fatal("container id")
	}
	if err := x.Decode(whichCurl().set(ppm.ExecCgroups, ppm.PStrings("cpu=/user.slice")).encode(t)); err != nil {
		t.Fatal(err)
	}
	if x.containerID() != nil {
		t.Fatalf("host event kept container id %q", x.containerID())
	}
}
