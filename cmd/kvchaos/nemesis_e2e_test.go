package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/history"
)

// nemesisRun runs a register workload with --nemesis on the replicated
// simulator and returns its history file.
func nemesisRun(t *testing.T, dir, out, seed string) []byte {
	t.Helper()
	r := kvchaos(t, dir, "run", "--store", "sim://?preset=replicated", "--workload", "register", "--nemesis",
		"--duration", "3s", "--rate", "60", "--seed", seed, "--expect", "eventual", "--out", out)
	require.Equal(t, 0, r.code, r.stdout+r.stderr)
	b, err := os.ReadFile(filepath.Join(dir, out, "history.jsonl"))
	require.NoError(t, err)
	return b
}

func TestRunWithNemesisIsDeterministicAndShadesFaults(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a, b, other := nemesisRun(t, dir, "a", "5"), nemesisRun(t, dir, "b", "5"), nemesisRun(t, dir, "c", "6")
	assert.Equal(t, string(a), string(b), "same seed, same faults, same history")
	assert.NotEqual(t, string(a), string(other), "another seed, another schedule")

	h, _, err := history.ReadJSONL(bytes.NewReader(a))
	require.NoError(t, err)
	var fault *history.Annotation
	quiescent := 0
	for i, an := range h.Annotations {
		switch an.Kind {
		case history.AnnotationFault:
			if fault == nil {
				fault = &h.Annotations[i]
			}
		case history.AnnotationQuiescent:
			quiescent++
		}
	}
	require.NotNil(t, fault, "the nemesis's faults are in the history")
	assert.Equal(t, 1, quiescent, "one quiescence marker: the runner's")
	for _, op := range h.Ops {
		assert.NotEqual(t, history.FuncUpdate, op.Func)
	}

	page, err := os.ReadFile(filepath.Join(dir, "a", "report.html"))
	require.NoError(t, err)
	assert.Contains(t, string(page), "ann-fault", "faults are shaded in the timeline")
	assert.Contains(t, string(page), fault.Text)
	info, err := os.ReadFile(filepath.Join(dir, "a", "run.json"))
	require.NoError(t, err)
	assert.Contains(t, string(info), `"nemesis": "on"`)
	assert.Contains(t, string(info), "nemesis=on")
}

func TestNemesisNeedsTheSimulator(t *testing.T) {
	t.Parallel()
	r := kvchaos(t, t.TempDir(), "run", "--store", "mem://", "--nemesis", "--ops", "10")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "--nemesis")
	assert.Contains(t, r.stderr, "sim://")

	r = kvchaos(t, t.TempDir(), "run", "--store", "sim://", "--nemesis=sometimes", "--ops", "10")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "nemesis")
}
