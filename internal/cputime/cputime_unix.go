//go:build unix

package cputime

import (
	"syscall"
	"time"
)

// Process returns the CPU time (user and system, every thread) the
// process has used so far, or 0 when the system does not say. On a shared
// machine, operations per CPU second tell what kvchaos costs when the wall
// clock mostly tells how busy the machine is.
func Process() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
