package swarm

import (
	"context"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func runSwarm(t *testing.T, o Options) Summary {
	t.Helper()
	s, err := New(o)
	require.NoError(t, err)
	sum, err := s.Run(context.Background())
	require.NoError(t, err)
	return sum
}

// untimed is a summary without its wall-clock part.
func untimed(s Summary) Summary {
	s.Timing = Timing{}
	return s
}

func TestShardsMergedEqualOneUnshardedSwarm(t *testing.T) {
	base := t.TempDir()
	const runs = 30
	whole := runSwarm(t, Options{Runs: runs, Workers: 3, Out: filepath.Join(base, "whole"), Version: "v-test"})
	require.Equal(t, runs, whole.Runs)
	require.Positive(t, whole.Failures, "a swarm of %d runs finds the non-atomic counter's lost updates", runs)
	assert.Equal(t, []SeedRange{{First: 1, Last: runs, Shard: Shard{1, 1}}}, whole.Seeds)

	var dirs []string
	total := 0
	for i := 1; i <= 3; i++ {
		dir := filepath.Join(base, "shard", string(rune('0'+i)))
		part := runSwarm(t, Options{Runs: runs, Shard: Shard{i, 3}, Workers: 2, Out: dir, Version: "v-test"})
		for _, c := range part.Cases {
			assert.Equal(t, uint64(i-1), c.Seed%3, "shard %d/3 runs only its seeds", i)
		}
		total += part.Runs
		dirs = append(dirs, dir)
	}
	assert.Equal(t, runs, total)
	merged, err := Merge(filepath.Join(base, "merged"), dirs...)
	require.NoError(t, err)
	assert.Equal(t, untimed(whole), untimed(merged))

	read, err := ReadSummary(filepath.Join(base, "merged"))
	require.NoError(t, err)
	assert.Equal(t, untimed(whole), untimed(read), "summary.json round-trips")
	for _, c := range whole.Cases {
		a, err := os.ReadFile(filepath.Join(base, "whole", c.Dir, HistoryFile))
		require.NoError(t, err)
		b, err := os.ReadFile(filepath.Join(base, "merged", c.Dir, HistoryFile))
		require.NoError(t, err, "merge copies the failure directories")
		assert.Equal(t, string(a), string(b))
	}

	_, err = Merge(filepath.Join(base, "again"), dirs[0], dirs[1], dirs[0])
	assert.ErrorContains(t, err, "overlap")
	other := runSwarm(t, Options{Runs: 3, Shard: Shard{3, 3}, Workers: 1, Out: filepath.Join(base, "other"), Version: "v-other"})
	require.Equal(t, 1, other.Runs)
	_, err = Merge(filepath.Join(base, "mixed"), dirs[0], filepath.Join(base, "other"))
	assert.ErrorContains(t, err, "v-other")
	_, err = Merge(filepath.Join(base, "none"), filepath.Join(base, "nope"))
	assert.ErrorContains(t, err, "not a swarm directory")
}

func TestFailureDirectoriesHoldHistoryReportAndReplay(t *testing.T) {
	out := t.TempDir()
	sum := runSwarm(t, Options{Runs: 12, Workers: 2, Out: out, Version: "v-test"})
	require.NotEmpty(t, sum.Cases)
	for _, c := range sum.Cases {
		dir := filepath.Join(out, c.Dir)
		for _, f := range []string{HistoryFile, ReportFile, ReplayFile, RunFile} {
			assert.FileExists(t, filepath.Join(dir, f))
		}
		tokenText, err := os.ReadFile(filepath.Join(dir, ReplayFile))
		require.NoError(t, err)
		res, warning, err := Replay(context.Background(), string(tokenText), "v-test", CheckOptions{})
		require.NoError(t, err)
		assert.Empty(t, warning)
		hist, err := os.ReadFile(filepath.Join(dir, HistoryFile))
		require.NoError(t, err)
		assert.Equal(t, string(hist), string(res.History), "seed %d replays byte for byte", c.Seed)
		assert.Equal(t, c.Outcome, res.Outcome)
		_, warning, err = Replay(context.Background(), string(tokenText), "v-newer", CheckOptions{})
		require.NoError(t, err)
		assert.Contains(t, warning, "v-test")
	}
	assert.FileExists(t, filepath.Join(out, SummaryFile))
	assert.FileExists(t, filepath.Join(out, ReportFile))
}

func TestCheckDeterminismFailsARunWhoseBytesDiffer(t *testing.T) {
	var calls atomic.Int64
	s, err := New(Options{Runs: 25, Workers: 2, CheckDeterminism: true, Version: "v-test", Exec: func(ctx context.Context, c Config) (Result, error) {
		res, err := Execute(ctx, c, CheckOptions{})
		if c.Seed == 11 && calls.Add(1) == 2 { // the second run of seed 11 differs
			res.History = append(append([]byte(nil), res.History...), '\n')
		}
		return res, err
	}})
	require.NoError(t, err)
	sum, err := s.Run(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 1, sum.ByKind[KindNondeterministic], "only seed 11 (the 11th run, sampled) differs")
	var found bool
	for _, c := range sum.Cases {
		if c.Seed == 11 {
			found = true
			assert.Contains(t, c.Kinds, KindNondeterministic)
		} else {
			assert.NotContains(t, c.Kinds, KindNondeterministic)
		}
	}
	assert.True(t, found)

	clean := runSwarm(t, Options{Runs: 21, Workers: 2, CheckDeterminism: true, Version: "v-test"})
	assert.Zero(t, clean.ByKind[KindNondeterministic], "the simulator is deterministic")
}

func TestCancelledSwarmCountsNothingHalfDone(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	s, err := New(Options{Runs: 50, Version: "v-test"})
	require.NoError(t, err)
	sum, err := s.Run(ctx)
	require.NoError(t, err)
	assert.Zero(t, sum.Runs)
	assert.Empty(t, sum.Seeds)
}

func TestOptionsAndShardsNameTheBadFlag(t *testing.T) {
	for flag, o := range map[string]Options{
		"--runs or --duration": {},
		"--runs":               {Runs: -1},
		"--workers":            {Runs: 1, Workers: -2},
		"--shard":              {Runs: 1, Shard: Shard{3, 2}},
	} {
		_, err := New(o)
		assert.ErrorContains(t, err, flag)
	}
	for _, bad := range []string{"", "1", "0/2", "3/2", "a/b", "1/0"} {
		_, err := ParseShard(bad)
		assert.ErrorContains(t, err, "--shard", bad)
	}
	sh, err := ParseShard("2/3")
	require.NoError(t, err)
	assert.Equal(t, []uint64{1, 4, 7}, []uint64{sh.seed(0), sh.seed(1), sh.seed(2)})
	assert.Equal(t, []uint64{3, 6}, []uint64{Shard{1, 3}.seed(0), Shard{1, 3}.seed(1)}, "k mod 3 = 0")
	assert.Equal(t, []uint64{2, 5}, []uint64{Shard{3, 3}.seed(0), Shard{3, 3}.seed(1)}, "k mod 3 = 2")
	assert.Equal(t, []uint64{1, 2}, []uint64{Shard{1, 1}.seed(0), Shard{1, 1}.seed(1)})
}

func TestRegressionsWritesEntriesForFailuresOnly(t *testing.T) {
	dir := t.TempDir()
	cases := []Case{
		{Seed: 4, Config: Draw(4), Outcome: Outcome{Status: Fail, Kinds: []string{KindClientLostUpdate}}, Replay: Token{Version: "v", Config: Draw(4)}.Encode()},
		{Seed: 5, Config: Draw(5), Outcome: Outcome{Status: Unknown, Reason: "x"}, Replay: Token{Version: "v", Config: Draw(5)}.Encode()},
	}
	require.NoError(t, WriteRegressions(dir, cases))
	names, err := filepath.Glob(filepath.Join(dir, "*"+RegressionExt))
	require.NoError(t, err)
	assert.Equal(t, []string{filepath.Join(dir, "seed-4.replay")}, names)
	b, err := os.ReadFile(names[0])
	require.NoError(t, err)
	tok, err := DecodeToken(string(b))
	require.NoError(t, err)
	assert.Equal(t, Draw(4), tok.Config)
}

func TestRegressionsReplayEveryEntry(t *testing.T) {
	dir := t.TempDir()
	assert.Contains(t, regressionFailures(context.Background(), dir)[0], "no .replay entries")
	fails, passes := Draw(4), fixed(2, "linearizable", "register", 0) // a non-atomic counter; a clean register
	require.NoError(t, WriteRegressions(dir, []Case{
		{Seed: 4, Config: fails, Outcome: Outcome{Status: Fail}, Replay: Token{Version: "v", Config: fails}.Encode()},
		{Seed: 2, Config: passes, Outcome: Outcome{Status: Fail}, Replay: Token{Version: "v", Config: passes}.Encode()},
	}))
	got := regressionFailures(context.Background(), dir)
	require.Len(t, got, 1, "%v", got)
	assert.Contains(t, got[0], "seed-4.replay still fails: client-lost-update")

	fixedDir := t.TempDir()
	require.NoError(t, WriteRegressions(fixedDir, []Case{{Seed: 2, Config: passes, Outcome: Outcome{Status: Fail}, Replay: Token{Version: "v", Config: passes}.Encode()}}))
	Regressions(t, fixedDir) // a fixed bug passes
}
