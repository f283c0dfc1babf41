package testserver

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
)

// ErrNotInstalled is returned (wrapped, with an install hint) when a
// server binary cannot be found.
var ErrNotInstalled = errors.New("server binary not installed")

// findBinary looks name up on PATH, then in the given standard
// directories (glob patterns allowed; the last match in sort order wins, so
// the highest PostgreSQL version is preferred).
func findBinary(name, debPackage string, dirs ...string) (string, error) {
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	for _, pattern := range append([]string{"/usr/sbin", "/usr/bin", "/usr/local/bin"}, dirs...) {
		matches, _ := filepath.Glob(filepath.Join(pattern, name))
		sort.Strings(matches)
		for i := len(matches) - 1; i >= 0; i-- {
			if st, err := os.Stat(matches[i]); err == nil && st.Mode()&0o111 != 0 {
				return matches[i], nil
			}
		}
	}
	return "", fmt.Errorf("%w: %s not found on PATH (install with: apt-get install %s)", ErrNotInstalled, name, debPackage)
}

// freePorts returns n distinct free TCP ports on 127.0.0.1. The listeners
// are held until all ports are chosen so the same port is never returned
// twice.
func freePorts(n int) ([]int, error) {
	ports := make([]int, 0, n)
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			_ = l.Close()
		}
	}()
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("free port: %w", err)
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}
