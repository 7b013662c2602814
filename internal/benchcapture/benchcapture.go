// Package benchcapture generates large captures for benchmarks (they are
// never committed).
package benchcapture

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/eql2falco/eql2falco/capture/ppm"
	"github.com/eql2falco/eql2falco/capture/scap"
)

// Write writes a capture of n events into dir and returns its path. With mixed, each group of 16
// events is one process lifetime amid ordinary syscalls, as in a real
// capture: clone (caller and child), execve, 12 read/write exits, procexit.
// Without, every event is a clone, execve or procexit (4 per process).
func Write(tb testing.TB, dir string, n int, mixed bool) string {
	tb.Helper()
	name := filepath.Join(dir, fmt.Sprintf("bench-%d-%v.scap", n, mixed))
	f, err := os.Create(name)
	if err != nil {
		tb.Fatal(err)
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	w := scap.NewWriter(bw, scap.WriterOptions{})
	_ = w.WriteMachineInfo(scap.MachineInfo{NumCPUs: 4, Hostname: "bench"})
	_ = w.WriteProcs([]scap.Proc{{TID: 100, PID: 100, PTID: 1, Comm: "bash", Exe: "bash", ExePath: "/usr/bin/bash", Cwd: "/root", VTID: 100, VPID: 100, LoginUID: 0xFFFFFFFF}})
	cg := ppm.PStrings("cpuset=/docker/3f1c2b4a5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708",
		"cpu=/docker/3f1c2b4a5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708")
	env := ppm.PStrings("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm", "HOME=/root")
	ts := uint64(1_700_000_000_000_000_000)
	var buf []byte
	emit := func(tid int64, code ppm.Code, params ...[]byte) {
		ts += 1000
		buf, err = ppm.Append(buf[:0], ppm.Header{TS: ts, TID: tid, Type: code}, params...)
		if err == nil {
			err = w.WriteEvent(uint16(tid%4), 0, buf)
		}
		if err != nil {
			tb.Fatal(err)
		}
	}
	clone := func(tid, res int64) {
		emit(tid, ppm.CodeCloneX, ppm.PI64(res), ppm.PCharBuf("bash"), nil, ppm.PI64(tid), ppm.PI64(tid), ppm.PI64(100), nil,
			ppm.PI64(1024), ppm.PU64(0), ppm.PU64(0), ppm.PU32(1), ppm.PU32(2), ppm.PU32(0), ppm.PCharBuf("bash"), cg,
			ppm.PU32(1<<23|1<<24), ppm.PU32(0), ppm.PU32(0), ppm.PI64(tid), ppm.PI64(tid), ppm.PU64(0))
	}
	data := []byte("0123456789abcdef0123")
	for i, tid := 0, int64(1000); i < n; tid++ {
		clone(100, tid)
		clone(tid, 0)
		emit(tid, ppm.CodeExecveX, ppm.PI64(0), ppm.PCharBuf("which"), ppm.PStrings("curl"), ppm.PI64(tid), ppm.PI64(tid),
			ppm.PI64(100), nil, ppm.PU64(1024), ppm.PU64(0), ppm.PU64(0), ppm.PU32(1), ppm.PU32(2), ppm.PU32(0),
			ppm.PCharBuf("which"), cg, env, ppm.PU32(34816), ppm.PI64(tid), ppm.PU32(0xFFFFFFFF), ppm.PU32(0),
			ppm.PU64(0), ppm.PU64(0), ppm.PU64(0), ppm.PU64(7), ppm.PU64(0), ppm.PU64(0), ppm.PU32(0),
			ppm.PCharBuf("/usr/bin/dash"), ppm.PI64(tid), ppm.PU32(0))
		i += 3
		if mixed {
			for k := 0; k < 12; k++ {
				emit(tid, ppm.Code(7+2*(k%2)), ppm.PI64(20), data, ppm.PI64(3), ppm.PU32(20)) // read/write exits
			}
			i += 12
		}
		emit(tid, ppm.CodeProcexit, ppm.PI64(0), ppm.PI64(0), []byte{0}, []byte{0}, ppm.PI64(0))
		i++
	}
	if err := w.Close(); err != nil {
		tb.Fatal(err)
	}
	if err := bw.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	return name
}
