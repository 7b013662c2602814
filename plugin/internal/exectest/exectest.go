// Package exectest builds execve/execveat exit events, and the exits of the
// file operations the plugin describes, in the driver's byte layout, for the
// plugin's tests.
package exectest

import (
	"testing"

	"github.com/eql2falco/eql2falco/capture/ppm"
)

// ContainerID is the 64-hex-digit container id of WhichCurl's cgroups.
const ContainerID = "3f1c2b4a5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708"

// Event describes an exec exit event parameter by parameter. Params beyond
// N are not written; empty ones are written with length 0 (absent).
type Event struct {
	Code   ppm.Code
	N      int
	Params [ppm.ExecMaxParams][]byte
	// Thread is the event's tid (0: 4242, WhichCurl's).
	Thread int64
}

// WhichCurl is `which curl` typed on a terminal in a docker container of a
// Debian image: /usr/bin/which is a "#! /bin/sh" script, so the kernel runs
// dash with argv rewritten to /bin/sh /usr/bin/which curl. As the modern eBPF
// driver of libs >= 0.23 records it: 31 parameters.
func WhichCurl() *Event {
	e := &Event{Code: ppm.CodeExecveX, N: ppm.ExecMaxParams}
	p := &e.Params
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
	p[ppm.ExecCgroups] = ppm.PStrings("cpuset=/docker/"+ContainerID, "cpu=/docker/"+ContainerID,
		"cpuacct=/docker/"+ContainerID, "io=/docker/"+ContainerID, "memory=/docker/"+ContainerID)
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

// Set replaces parameter i (nil makes it absent) and returns e.
func (e *Event) Set(i int, p []byte) *Event { e.Params[i] = p; return e }

// Count sets how many parameters are written and returns e.
func (e *Event) Count(n int) *Event { e.N = n; return e }

// TID sets the event's thread and returns e.
func (e *Event) TID(tid int64) *Event { e.Thread = tid; return e }

// Type sets the event code and returns e.
func (e *Event) Type(c ppm.Code) *Event { e.Code = c; return e }

// Encode returns the event bytes. It fails the test on an encoding error.
func (e *Event) Encode(t testing.TB) []byte {
	t.Helper()
	tid := e.Thread
	if tid == 0 {
		tid = 4242
	}
	b, err := ppm.Append(nil, ppm.Header{TS: 1700000000000000000, TID: tid, Type: e.Code}, e.Params[:e.N]...)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
