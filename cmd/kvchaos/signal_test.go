package main

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// startLongRun starts an unbounded mem:// run in dir/out and waits until
// its history holds at least lines lines.
func startLongRun(t *testing.T, dir string, lines int) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(bin, "run", "--store", "mem://", "--workload", "register", "--clients", "3",
		"--duration", "1h", "--rate", "3000", "--out", "out")
	cmd.Dir = dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	require.NoError(t, cmd.Start())
	if !waitLines(filepath.Join(dir, "out", "history.jsonl"), lines) {
		_ = cmd.Process.Kill()
		_ = cmd.Wait() // the output is whole once the process is reaped
		t.Fatalf("history never reached %d lines; output: %s", lines, out.String())
	}
	return cmd, &out
}

// waitLines waits up to 30 s for the file at path to hold at least lines
// lines, and says whether it did.
func waitLines(path string, lines int) bool {
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if countLines(path) >= lines {
			return true
		}
	}
	return false
}

func countLines(path string) int {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	n := 0
	for s := bufio.NewScanner(f); s.Scan(); {
		n++
	}
	return n
}

func TestKilledRunLeavesACheckableHistory(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cmd, _ := startLongRun(t, dir, 300)
	require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
	_ = cmd.Wait()
	assert.NoFileExists(t, filepath.Join(dir, "out", "report.html"), "a killed run never got to the report")

	r := kvchaos(t, dir, "check", filepath.Join("out", "history.jsonl"))
	assert.Equal(t, 0, r.code, r.stdout+r.stderr)
	assert.Contains(t, r.stdout, "verdict: valid")
}

func TestInterruptedRunStillChecks(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cmd, out := startLongRun(t, dir, 300)
	require.NoError(t, cmd.Process.Signal(os.Interrupt))
	err := cmd.Wait()
	require.NoError(t, err, out.String())
	assert.Contains(t, out.String(), "interrupted: checked what was recorded")
	assert.Contains(t, out.String(), "verdict: valid")
	assert.FileExists(t, filepath.Join(dir, "out", "report.html"))
}
