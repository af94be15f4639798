//go:build !unix

package wbxmlbench

import "time"

// cpuTime is not measured on this platform; the cpuMB/s metric is then
// not reported.
func cpuTime() time.Duration { return 0 }
