//go:build unix

package eql_test

import (
	"syscall"
	"time"
)

// cpuTime returns the user and system CPU time of the process, so that a
// benchmark can report a rate per CPU second that other load on the machine
// does not distort.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
