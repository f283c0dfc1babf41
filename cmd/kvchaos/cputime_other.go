//go:build !unix

package main

import "time"

// processCPU returns 0: the CPU time is read on unix systems only.
func processCPU() time.Duration { return 0 }
