package main

import (
	"bytes"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// simRunArgs is a simulated run big enough for its buffered history to be
// flushed many times (the sim:// buffer is 1 MiB).
func simRunArgs(out string) []string {
	return []string{"run", "--store", "sim://?preset=linearizable", "--workload", "register", "--seed", "7",
		"--ops", "40000", "--keys", "1000", "--clients", "4", "--out", out}
}

// invokeLines returns the "invoke" lines among whole lines of data.
func invokeLines(data []byte) [][]byte {
	var out [][]byte
	for _, l := range bytes.SplitAfter(data, []byte("\n")) {
		if bytes.HasSuffix(l, []byte("\n")) && bytes.Contains(l, []byte(`{"type":"invoke"`)) {
			out = append(out, l)
		}
	}
	return out
}

// TestKilledSimRunsArePrefixes kills simulated runs with SIGKILL at seeded
// random moments while they write their history: the buffered history each
// leaves holds whole lines that are a prefix of an uninterrupted run's with
// the same seed, and it checks.
func TestKilledSimRunsArePrefixes(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	full := kvchaos(t, dir, simRunArgs("full")...)
	require.Equal(t, 0, full.code, full.stdout+full.stderr)
	fullData, err := os.ReadFile(filepath.Join(dir, "full", historyFile))
	require.NoError(t, err)
	fullInvokes := invokeLines(fullData)
	require.Greater(t, len(fullInvokes), 40000)

	rng := rand.New(rand.NewPCG(14, 1))
	for i := range 3 {
		out := "killed" + strconv.Itoa(i)
		cmd := exec.Command(bin, simRunArgs(out)...)
		cmd.Dir = dir
		require.NoError(t, cmd.Start())
		path := filepath.Join(dir, out, historyFile)
		// a seeded moment while the run is writing its history: once a
		// random share of the uninterrupted run's bytes is on disk
		target := int64(float64(len(fullData)) * (0.05 + 0.65*rng.Float64()))
		for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(200 * time.Microsecond) {
			if fi, err := os.Stat(path); err == nil && fi.Size() >= target {
				break
			}
		}
		require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
		_ = cmd.Wait()

		data, err := os.ReadFile(path)
		require.NoError(t, err)
		whole := data[:bytes.LastIndexByte(data, '\n')+1]
		assert.True(t, bytes.HasPrefix(fullData, whole), "run %d: its whole lines are a prefix of the uninterrupted run's", i)
		invokes := invokeLines(data)
		require.NotEmpty(t, invokes, "run %d was killed after it wrote ops", i)
		require.Less(t, len(invokes), len(fullInvokes), "run %d was killed before it finished", i)
		for j, l := range invokes {
			require.Equal(t, string(fullInvokes[j]), string(l), "run %d: invoke line %d", i, j)
		}
		t.Logf("run %d killed with %d of %d invoke lines on disk", i, len(invokes), len(fullInvokes))
		r := kvchaos(t, dir, "check", filepath.Join(out, historyFile))
		assert.Equal(t, 0, r.code, "run %d (%d invoke lines): %s%s", i, len(invokes), r.stdout, r.stderr)
		assert.Contains(t, r.stdout, "verdict: valid")
	}
}

// TestRunRecordsWallTimes: run.json has the wall-clock times of the client
// phase and of the checks beside the virtual elapsed time, and the summary
// labels both kinds.
func TestRunRecordsWallTimes(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	r := kvchaos(t, dir, "run", "--store", "sim://?preset=linearizable", "--workload", "register", "--ops", "300", "--out", "out")
	require.Equal(t, 0, r.code, r.stdout+r.stderr)
	info := readRunInfo(t, filepath.Join(dir, "out"))
	assert.Positive(t, info.RunWall)
	assert.Positive(t, info.RunCPU, "the CPU time of the client phase (linux has getrusage)")
	assert.Positive(t, info.CheckWall)
	assert.Positive(t, info.Elapsed)
	assert.Regexp(t, `300 steps, 0 errors in [0-9.hms]+ virtual\n`, r.stdout)
	assert.Regexp(t, `\ntime: run [0-9.µms]+ wall \([0-9]+ ops/s\), checks and report [0-9.µms]+ wall\n`, r.stdout)

	r = kvchaos(t, dir, "run", "--store", "mem://", "--workload", "register", "--ops", "300", "--out", "mem")
	require.Equal(t, 0, r.code, r.stdout+r.stderr)
	assert.Regexp(t, `300 steps, 0 errors in [0-9.µms]+ wall\n`, r.stdout)
}
