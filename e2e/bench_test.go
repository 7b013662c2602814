package e2e

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"syscall"
	"testing"
	"time"

	"github.com/eql2falco/eql2falco/internal/benchcapture"
)

// BenchmarkParity runs both versions of the seed rule over a synthesized
// capture (each group of 16 events is a process lifetime: two clone exits,
// an exec the rules match, 12 reads and writes, procexit): the reference
// EQL evaluator on every exec's ECS document, the embedded Falco evaluator
// on every event. events/s counts capture events per second of wall time,
// events/cpu-s per second of the process's CPU time (steadier on a shared
// machine); peak-heap-MB is the largest live heap seen during a run
// (sampled every 65536 events), flat from 1M to 4M events. The garbage
// collector runs at GOGC=400, as eql2falco parity sets it. Run it on one
// core: go test ./e2e -run '^$' -bench Parity -benchmem -cpu 1
func BenchmarkParity(b *testing.B) {
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	for _, n := range []int{1_000_000, 4_000_000} {
		b.Run(fmt.Sprintf("events=%d", n), func(b *testing.B) {
			name := benchcapture.Write(b, b.TempDir(), n, true)
			c, err := OpenCapture(name)
			if err != nil {
				b.Fatal(err)
			}
			rules := seedRules(b, "")
			var peak uint64
			var ms runtime.MemStats
			opts := Options{Progress: func(uint64) {
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapAlloc)
			}}
			b.ReportAllocs()
			var res *Result
			cpu0 := cpuTime()
			for b.Loop() {
				if res, err = Run(c, rules, opts); err != nil {
					b.Fatal(err)
				}
			}
			if res.Events != uint64(n) || res.Rules[0].FalcoMatches == 0 || res.Rules[0].Unexcused() != 0 {
				b.Fatalf("%d events, %d matches, %d disagreements", res.Events, res.Rules[0].FalcoMatches, res.Rules[0].Unexcused())
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
			b.ReportMetric(float64(n)*float64(b.N)/(cpuTime()-cpu0).Seconds(), "events/cpu-s")
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
		})
	}
}

// cpuTime is the CPU time (user and system) the process used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
