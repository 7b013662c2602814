package scap_test

import (
	"fmt"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/eql2falco/eql2falco/capture/ppm"
	"github.com/eql2falco/eql2falco/capture/scap"
	"github.com/eql2falco/eql2falco/internal/benchcapture"
)

// BenchmarkHeaderScan walks every event of a capture and reads its header
// fields. B/op is the memory one whole scan allocates: it stays flat from 1M
// to 4M events.
func BenchmarkHeaderScan(b *testing.B) {
	for _, c := range []struct {
		n     int
		mixed bool
	}{{1_000_000, true}, {4_000_000, true}, {1_000_000, false}} {
		b.Run(fmt.Sprintf("events=%d/mixed=%v", c.n, c.mixed), func(b *testing.B) {
			name := benchcapture.Write(b, b.TempDir(), c.n, c.mixed)
			if fi, err := os.Stat(name); err == nil {
				b.SetBytes(fi.Size())
			}
			b.ReportAllocs()
			var events int
			cpu0 := cpuTime()
			for b.Loop() {
				r, err := scap.Open(name)
				if err != nil {
					b.Fatal(err)
				}
				var sum uint64
				events = 0
				for r.Next() {
					e := r.Event()
					sum += e.TS() + uint64(e.Type()) + uint64(e.TID())
					events++
				}
				if r.Err() != nil || events != c.n || sum == 0 {
					b.Fatalf("%d events, err %v", events, r.Err())
				}
				_ = r.Close()
			}
			b.ReportMetric(float64(events)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
			b.ReportMetric(float64(events)*float64(b.N)/(cpuTime()-cpu0).Seconds(), "events/cpu-s")
		})
	}
}

// BenchmarkDecodeProc reads a capture of process events only and fully
// decodes every exec and clone event (all their parameters by name).
func BenchmarkDecodeProc(b *testing.B) {
	name := benchcapture.Write(b, b.TempDir(), 1_000_000, false)
	b.ReportAllocs()
	var decoded int
	cpu0 := cpuTime()
	for b.Loop() {
		r, err := scap.Open(name)
		if err != nil {
			b.Fatal(err)
		}
		decoded = 0
		var sum uint64
		for r.Next() {
			p, ok := ppm.DecodeProc(r.Event().Event)
			if !ok {
				continue
			}
			res, _ := p.Res()
			tid, _ := p.Int64(ppm.FieldTID)
			comm, _ := p.String(ppm.FieldComm)
			tty, _ := p.TTY()
			ppm.Strings(p.Raw(ppm.FieldArgs), func(s []byte) bool { sum += uint64(len(s)); return true })
			ppm.Strings(p.Raw(ppm.FieldCgroups), func(s []byte) bool { sum += uint64(len(s)); return true })
			exe, _ := p.String(ppm.FieldTrustedExepath)
			sum += uint64(res) + uint64(tid) + uint64(len(comm)) + uint64(tty) + uint64(len(exe))
			decoded++
		}
		if r.Err() != nil || sum == 0 {
			b.Fatal(r.Err())
		}
		_ = r.Close()
	}
	b.ReportMetric(float64(decoded)*float64(b.N)/b.Elapsed().Seconds(), "proc-events/s")
	b.ReportMetric(float64(decoded)*float64(b.N)/(cpuTime()-cpu0).Seconds(), "proc-events/cpu-s")
}

// cpuTime is the CPU time (user + system) the process used so far. On a
// shared machine wall-clock rates vary with the other load; rates per CPU
// second do not.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
