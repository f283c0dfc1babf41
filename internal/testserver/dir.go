package testserver

import (
	"fmt"
	"os"
)

// workDir returns dir, or a new temporary directory that the server owns
// (removed by its Close) when dir is "".
func workDir(dir, pattern string) (string, func(), error) {
	if dir != "" {
		return dir, func() {}, nil
	}
	d, err := os.MkdirTemp("", pattern)
	if err != nil {
		return "", nil, fmt.Errorf("temp dir: %w", err)
	}
	return d, func() { _ = os.RemoveAll(d) }, nil
}
