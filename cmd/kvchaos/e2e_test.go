package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDemoIsDeterministicBySeed(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a := kvchaos(t, dir, "demo", "lost-update", "--seed", "3")
	b := kvchaos(t, dir, "demo", "lost-update", "--seed", "3")
	c := kvchaos(t, dir, "demo", "lost-update", "--seed", "4")
	require.Equal(t, 0, a.code, a.stderr)
	assert.Equal(t, a.stdout, b.stdout, "same seed, same story")
	assert.NotEqual(t, a.stdout, c.stdout, "another seed changes the schedule")
	assert.Contains(t, a.stdout, "lost-update")
	assert.Contains(t, a.stdout, "UpdateAtomic")
}

func TestDemoListsEveryScenario(t *testing.T) {
	t.Parallel()
	r := kvchaos(t, t.TempDir(), "demo")
	require.Equal(t, 0, r.code, r.stderr)
	for _, name := range []string{"lost-update", "stale-read", "cached-not-found", "read-your-writes", "clock-skew-lww", "quorum-staleness",
		"list-lag", "monotonic-reads", "write-skew", "aba", "signup-race", "edge-counter"} {
		assert.Contains(t, r.stdout, name)
	}
}

func TestRunCounterOnSimulatorLosesVisits(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	r := kvchaos(t, dir, "run", "--store", "sim://?preset=linearizable", "--workload", "counter", "--ops", "60", "--out", "c")
	assert.Equal(t, 1, r.code, r.stdout+r.stderr)
	assert.Contains(t, r.stdout, "lost-update")

	r = kvchaos(t, dir, "run", "--store", "sim://?preset=linearizable", "--workload", "counter-atomic", "--ops", "60", "--out", "ca")
	assert.Equal(t, 0, r.code, r.stdout+r.stderr)
	assert.Contains(t, r.stdout, "verdict: valid")
	for _, f := range []string{"history.jsonl", "run.json", "report.html"} {
		assert.FileExists(t, filepath.Join(dir, "ca", f))
	}
}

func TestRunIsDeterministicOnSimulator(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, out := range []string{"a", "b"} {
		r := kvchaos(t, dir, "run", "--store", "sim://?preset=replicated&regions=2", "--workload", "mixed", "--ops", "40", "--seed", "5", "--out", out)
		require.Contains(t, []int{0, 1}, r.code, r.stderr)
	}
	a, err := os.ReadFile(filepath.Join(dir, "a", "history.jsonl"))
	require.NoError(t, err)
	b, err := os.ReadFile(filepath.Join(dir, "b", "history.jsonl"))
	require.NoError(t, err)
	assert.Equal(t, string(a), string(b))
}

func TestRunRegisterOnEdgeCacheNamesStaleReads(t *testing.T) {
	t.Parallel()
	r := kvchaos(t, t.TempDir(), "run", "--store", "sim://?preset=edgecache&regions=3", "--workload", "register", "--ops", "120", "--out", "e")
	assert.Equal(t, 1, r.code, r.stderr)
	assert.Contains(t, r.stdout, "stale-read")
	assert.Contains(t, r.stdout, "verdict: invalid")
}

func TestRunJSONAndRedactedURL(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	r := kvchaos(t, dir, "run", "--store", "mem://?prefix=p/", "--workload", "register", "--ops", "30", "--json", "--out", "j")
	require.Equal(t, 0, r.code, r.stderr)
	var s struct {
		Run    runInfo
		Report struct{ Verdict string }
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &s))
	assert.Equal(t, "valid", s.Report.Verdict)
	assert.Equal(t, "p/", s.Run.Prefix)
	assert.EqualValues(t, 30, s.Run.Steps)

	r = kvchaos(t, dir, "run", "--store", "sim://?preset=quorum&secret=hunter2", "--ops", "10", "--out", "s")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, `unknown parameter "secret"`)
	assert.NotContains(t, r.stderr, "hunter2")
}

func TestMalformedInputExitsTwoNamingTheProblem(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.jsonl")
	require.NoError(t, os.WriteFile(bad, []byte(strings.Join([]string{
		`{"type":"header","format":"kvchaos-history","version":1}`,
		`{"type":"op","id":0,"client":0,"f":"put","key":"k","in":{"value":"1"},"status":"ok","call":1,"return":2}`,
		`{"type":"op", this is not json`,
		`{"type":"op","id":1,"client":0,"f":"get","key":"k","out":{"value":"1","found":true},"status":"ok","call":3,"return":4}`,
	}, "\n")+"\n"), 0o644))
	r := kvchaos(t, dir, "check", bad)
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "line 3")

	r = kvchaos(t, dir, "run", "--store", "mem://", "--bogus-flag")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "--bogus-flag")

	r = kvchaos(t, dir, "run", "--store", "nope://somewhere")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, `unknown scheme "nope"`)

	r = kvchaos(t, dir, "check", filepath.Join(dir, "missing.jsonl"))
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "missing.jsonl")

	r = kvchaos(t, dir, "frobnicate")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, `unknown command "frobnicate"`)

	r = kvchaos(t, dir, "run", "--store", "mem://", "--workload", "nope")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "--workload")
}

func TestEveryCommandHasHelpWithExamples(t *testing.T) {
	t.Parallel()
	for _, c := range []string{"run", "check", "report", "demo", "version", "serve"} {
		r := kvchaos(t, t.TempDir(), c, "--help")
		require.Equal(t, 0, r.code, c)
		assert.Contains(t, r.stdout, "Examples:", c)
	}
	r := kvchaos(t, t.TempDir(), "version")
	require.Equal(t, 0, r.code)
	assert.Regexp(t, `^kvchaos \S+.* go1\.`, r.stdout)
}
