package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/internal/swarm"
)

// swarmOut is the part of swarm --json the tests read.
type swarmOut struct {
	Runs     int            `json:"runs"`
	Ops      int64          `json:"ops"`
	Failures int            `json:"failures"`
	Unknown  int            `json:"unknown"`
	ByKind   map[string]int `json:"by_kind"`
	Expected map[string]int `json:"expected"`
}

func swarmJSONOf(t *testing.T, r result) swarmOut {
	t.Helper()
	var out swarmOut
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &out), r.stdout+r.stderr)
	return out
}

func TestSwarmReplayAndMerge(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	r := kvchaos(t, dir, "swarm", "--runs", "10", "--workers", "2", "--json", "--check-determinism", "--out", "all")
	require.Equal(t, 1, r.code, "seed 4 runs the non-atomic counter: %s", r.stdout+r.stderr)
	all := swarmJSONOf(t, r)
	assert.Equal(t, 10, all.Runs)
	assert.Positive(t, all.Ops)
	assert.Positive(t, all.ByKind["client-lost-update"])
	assert.Zero(t, all.ByKind["nondeterministic"])
	assert.Contains(t, r.stdout, `"by_kind"`)

	// The failure directory replays byte for byte.
	seed4 := filepath.Join(dir, "all", "failures", "seed-4")
	for _, f := range []string{"history.jsonl", "report.html", "replay", "run.json"} {
		assert.FileExists(t, filepath.Join(seed4, f))
	}
	token, err := os.ReadFile(filepath.Join(seed4, "replay"))
	require.NoError(t, err)
	r = kvchaos(t, dir, "replay", strings.TrimSpace(string(token)), "--out", "again")
	assert.Equal(t, 1, r.code, r.stdout+r.stderr)
	assert.Contains(t, r.stdout, "client-lost-update")
	assert.NotContains(t, r.stderr, "warning", "the same binary made the token")
	orig, err := os.ReadFile(filepath.Join(seed4, "history.jsonl"))
	require.NoError(t, err)
	again, err := os.ReadFile(filepath.Join(dir, "again", "history.jsonl"))
	require.NoError(t, err)
	assert.Equal(t, string(orig), string(again))

	// Two shards merged give the unsharded summary.
	for _, sh := range []string{"1/2", "2/2"} {
		r = kvchaos(t, dir, "swarm", "--runs", "10", "--workers", "1", "--shard", sh, "--out", "shard-"+sh[:1])
		require.Contains(t, []int{0, 1}, r.code, r.stdout+r.stderr)
	}
	r = kvchaos(t, dir, "swarm", "merge", "--json", "--out", "merged", "shard-1", "shard-2")
	require.Equal(t, 1, r.code, r.stdout+r.stderr)
	assert.Equal(t, all, swarmJSONOf(t, r))
	a, b := readSummaryJSON(t, filepath.Join(dir, "all")), readSummaryJSON(t, filepath.Join(dir, "merged"))
	delete(a, "timing")
	delete(b, "timing")
	assert.Equal(t, a, b)
}

func readSummaryJSON(t *testing.T, dir string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "summary.json"))
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(b, &m))
	return m
}

func TestSwarmBadInput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"swarm", "--out", "x"}, "--runs or --duration"},
		{[]string{"swarm", "--runs", "3", "--shard", "3/2", "--out", "x"}, "--shard"},
		{[]string{"swarm", "--runs", "3"}, "out"},
		{[]string{"replay", "kvchaos1.!!", "--out", "x"}, "replay token"},
		{[]string{"swarm", "merge", "--out", "m", "nowhere"}, "not a swarm directory"},
	} {
		r := kvchaos(t, dir, tc.args...)
		assert.Equal(t, 2, r.code, "%v: %s", tc.args, r.stdout+r.stderr)
		assert.Contains(t, r.stderr, tc.want, tc.args)
	}
}

func TestSwarmByDuration(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	r := kvchaos(t, dir, "swarm", "--duration", "1s", "--workers", "1", "--json", "--out", "d")
	require.Contains(t, []int{0, 1}, r.code, r.stdout+r.stderr)
	out := swarmJSONOf(t, r)
	require.Positive(t, out.Runs)
	sum := readSummaryJSON(t, filepath.Join(dir, "d"))
	seeds := sum["seeds"].([]any)[0].(map[string]any)
	assert.EqualValues(t, 1, seeds["first"])
	assert.EqualValues(t, out.Runs, seeds["last"], "the seeds run are 1..runs")
}

// TestSwarmOnAGoProperty drives kvtest.Swarm in the kvtest package's own
// test (a property that holds on every preset) through the command, and
// replays a token of it twice, byte for byte.
func TestSwarmOnAGoProperty(t *testing.T) {
	t.Parallel()
	repo, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	out := t.TempDir()
	r := kvchaos(t, repo, "swarm", "--go-test", "./kvtest", "--run", "TestSwarmPropertyThatHolds", "--runs", "6", "--workers", "2",
		"--json", "--out", filepath.Join(out, "prop"))
	require.Equal(t, 0, r.code, r.stdout+r.stderr)
	got := swarmJSONOf(t, r)
	assert.Equal(t, 6, got.Runs)
	assert.Zero(t, got.Failures)

	r = kvchaos(t, repo, "swarm", "--go-test", "./kvtest", "--runs", "6", "--out", filepath.Join(out, "x"))
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "--run")

	cfg := swarm.Draw(9)
	cfg.Property = &swarm.PropertyRef{Package: "github.com/kvchaos/kvchaos/kvtest", Test: "TestSwarmPropertyThatHolds"}
	token := swarm.Token{Version: "v-other", Config: cfg}.Encode()
	var hist []string
	for _, dir := range []string{"r1", "r2"} {
		r = kvchaos(t, repo, "replay", token, "--out", filepath.Join(out, dir))
		require.Equal(t, 0, r.code, r.stdout+r.stderr)
		assert.Contains(t, r.stderr, "warning", "the token names another version")
		b, err := os.ReadFile(filepath.Join(out, dir, "history.jsonl"))
		require.NoError(t, err)
		hist = append(hist, string(b))
	}
	assert.NotEmpty(t, hist[0])
	assert.Equal(t, hist[0], hist[1])
}

func TestSwarmGateOnTheLinearizablePresetPasses(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	r := kvchaos(t, dir, "swarm", "--runs", "12", "--presets", "linearizable", "--workloads", "register,counter-atomic,mixed", "--json", "--out", "gate")
	require.Equal(t, 0, r.code, r.stdout+r.stderr)
	out := swarmJSONOf(t, r)
	assert.Equal(t, 12, out.Runs)
	assert.Zero(t, out.Failures)
	assert.Zero(t, out.Unknown)

	r = kvchaos(t, dir, "swarm", "--runs", "3", "--presets", "quorum", "--workloads", "counter-atomic", "--out", "none")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "--presets and --workloads")
}
