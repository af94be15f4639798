//go:build unix

package wbxmlbench

import (
	"syscall"
	"time"
)

// cpuTime returns the CPU time (user + system, all threads) used by the
// process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
