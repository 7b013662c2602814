// Package cputime reads the CPU time of the process, for benchmarks on
// shared machines: unlike wall time, it does not count the time other jobs
// hold the CPU.
package cputime

import (
	"syscall"
	"testing"
	"time"
)

// Process returns the user and system CPU time the process has used.
func Process() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// Report adds the metrics ns/<unit> (wall time) and cpu-ns/<unit> (CPU time
// since start) for n units of work done in the benchmark loop.
func Report(b *testing.B, start time.Duration, n int, unit string) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n), "ns/"+unit)
	b.ReportMetric(float64((Process()-start).Nanoseconds())/float64(n), "cpu-ns/"+unit)
}
