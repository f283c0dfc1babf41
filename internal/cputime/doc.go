// Package cputime reads the CPU time the process has used. On a shared
// machine, operations per CPU second tell what kvchaos costs when the wall
// clock mostly tells how busy the machine is: `kvchaos run` records it in
// run.json (run_cpu_ns) and the throughput benchmarks report cpu-ns/op.
package cputime
