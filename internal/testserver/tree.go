package testserver

import (
	"os"
	"strconv"
	"strings"
	"syscall"
)

// descendants returns the pids of every live descendant of pid, read from
// /proc. PostgreSQL backends call setsid(), so they leave the postmaster's
// process group and a group signal does not reach them.
func descendants(pid int) []int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	children := map[int][]int{}
	for _, e := range entries {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// Fields after the parenthesised command: state ppid ...
		s := string(stat)
		i := strings.LastIndexByte(s, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(s[i+1:])
		if len(f) < 2 {
			continue
		}
		ppid, _ := strconv.Atoi(f[1])
		children[ppid] = append(children[ppid], p)
	}
	var out []int
	queue := []int{pid}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		for _, c := range children[p] {
			out = append(out, c)
			queue = append(queue, c)
		}
	}
	return out
}

// signalTree sends sig to the process group and to every descendant.
func (p *Process) signalTree(sig syscall.Signal) error {
	if err := p.signal(sig); err != nil {
		return err
	}
	for _, c := range descendants(p.PID()) {
		_ = syscall.Kill(c, sig)
	}
	return nil
}
