package kvtest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/internal/swarm"
	"github.com/kvchaos/kvchaos/kv"
)

// visitCounter is the seed's bug as a property: clients count visits
// with Store[int].Update (a get, then a put), and the count must equal
// the visits acknowledged. Concurrent updates lose visits on every preset.
func visitCounter(c *SwarmCase) error {
	var acked atomic.Int64
	regions := c.Cluster.Regions()
	for i := range 3 {
		c.Cluster.Go(regions[i%len(regions)], func(ctx context.Context, b kv.Backend) {
			s := kv.NewStore[int](b)
			for range 5 {
				if _, err := s.Update(ctx, "visits", 0, func(n int) int { return n + 1 }); err == nil {
					acked.Add(1)
				}
			}
		})
	}
	if err := c.Cluster.Run(); err != nil {
		return err
	}
	if err := c.Cluster.Quiesce(); err != nil {
		return err
	}
	for _, r := range c.Cluster.ReadAll("visits") {
		var n int64
		if r.Found {
			_ = json.Unmarshal(r.Value, &n)
		}
		if n < acked.Load() {
			return fmt.Errorf("region %s counts %d visits, %d were acknowledged", r.Region, n, acked.Load())
		}
	}
	return nil
}

// converges holds on every preset: after Quiesce every region reads the
// same value.
func converges(c *SwarmCase) error {
	regions := c.Cluster.Regions()
	for i := range 2 {
		c.Cluster.Go(regions[i%len(regions)], func(ctx context.Context, b kv.Backend) {
			_ = b.Put(ctx, "k", fmt.Appendf(nil, "v%d-%d", i, c.Rand.IntN(100)), kv.PutOptions{})
		})
	}
	if err := c.Cluster.Run(); err != nil {
		return err
	}
	if err := c.Cluster.Quiesce(); err != nil {
		return err
	}
	reads := c.Cluster.ReadAll("k")
	for _, r := range reads[1:] {
		if string(r.Value) != string(reads[0].Value) || r.Found != reads[0].Found {
			return fmt.Errorf("%s reads %q, %s reads %q", reads[0].Region, reads[0].Value, r.Region, r.Value)
		}
	}
	return nil
}

func TestSwarmPropertyThatHolds(t *testing.T) { Swarm(t, converges) }

func TestSwarmDrivenByTheCommand(t *testing.T) {
	out := t.TempDir()
	req, err := json.Marshal(swarm.GoTestRequest{Runs: 12, Workers: 2, Out: out, Version: "v-test", CheckDeterminism: true})
	require.NoError(t, err)
	t.Setenv(swarm.EnvSwarm, string(req))
	Swarm(t, visitCounter)

	sum, err := swarm.ReadSummary(out)
	require.NoError(t, err)
	assert.Equal(t, 12, sum.Runs)
	require.Positive(t, sum.ByKind[swarm.KindProperty], "the non-atomic counter loses visits on some seeds")
	assert.Zero(t, sum.ByKind[swarm.KindNondeterministic])
	c := sum.Cases[0]
	assert.Equal(t, &swarm.PropertyRef{Package: "github.com/kvchaos/kvchaos/kvtest", Test: "TestSwarmDrivenByTheCommand"}, c.Config.Property)
	assert.Contains(t, c.Reason, "visits")
	assert.FileExists(t, filepath.Join(out, c.Dir, swarm.HistoryFile))

	// The case runs again byte for byte.
	tok, err := swarm.DecodeToken(c.Replay)
	require.NoError(t, err)
	a, err := runSwarmCase(tok.Config, visitCounter, swarm.CheckOptions{})
	require.NoError(t, err)
	b, err := runSwarmCase(tok.Config, visitCounter, swarm.CheckOptions{})
	require.NoError(t, err)
	assert.Equal(t, string(a.History), string(b.History))
	assert.Equal(t, swarm.Fail, a.Outcome.Status)
	_, err = swarm.Execute(context.Background(), tok.Config, swarm.CheckOptions{})
	assert.ErrorContains(t, err, "Go test's property", "a property's run is not a workload run")
}

func TestSwarmReplaysATokenOfThisTest(t *testing.T) {
	cfg := swarm.Draw(3)
	cfg.Property = &swarm.PropertyRef{Package: "github.com/kvchaos/kvchaos/kvtest", Test: t.Name()}
	out := t.TempDir()
	t.Setenv(swarm.EnvReplay, swarm.Token{Version: "v-test", Config: cfg}.Encode())
	t.Setenv(swarm.EnvReplayOut, out)
	Swarm(t, converges)
	res, err := runSwarmCase(cfg, converges, swarm.CheckOptions{})
	require.NoError(t, err)
	got, err := readFile(filepath.Join(out, swarm.HistoryFile))
	require.NoError(t, err)
	assert.Equal(t, string(res.History), got)
}

func readFile(path string) (string, error) {
	b, err := os.ReadFile(path)
	return string(b), err
}

func TestSwarmRegressionEntriesOfThisTestAreReplayed(t *testing.T) {
	t.Chdir(t.TempDir())
	ref := &swarm.PropertyRef{Package: "github.com/kvchaos/kvchaos/kvtest", Test: "TestCart"}
	var failing []swarm.Case
	for seed := uint64(1); seed <= 12; seed++ {
		cfg := swarm.Draw(seed)
		cfg.Property = ref
		res, err := runSwarmCase(cfg, visitCounter, swarm.CheckOptions{})
		require.NoError(t, err)
		if res.Outcome.Status == swarm.Fail {
			failing = append(failing, swarm.Case{Seed: seed, Outcome: res.Outcome, Config: cfg, Replay: swarm.Token{Version: "v", Config: cfg}.Encode()})
		}
	}
	require.NotEmpty(t, failing)
	other := failing[0]
	other.Config.Property = &swarm.PropertyRef{Package: ref.Package, Test: "TestOther"}
	other.Replay = swarm.Token{Version: "v", Config: other.Config}.Encode()
	require.NoError(t, swarm.WriteRegressions(swarmRegressionDir, append(failing, other)))

	fails := swarmRegressions(ref, visitCounter)
	assert.Len(t, fails, len(failing), "each entry of TestCart still fails; TestOther's is not this test's: %v", fails)
	assert.Contains(t, fails[0], "still fails")
	assert.Empty(t, swarmRegressions(ref, converges), "a fixed property passes its regressions")
}
