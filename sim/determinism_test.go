package sim_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/kv"
	"github.com/kvchaos/kvchaos/sim"
)

// chaosRun runs a mixed workload under a nemesis on preset, reads every key
// in every region after quiescence and returns the JSONL history.
func chaosRun(t *testing.T, seed uint64, preset sim.Preset) []byte {
	t.Helper()
	c := chaosCluster(t, seed, preset)
	for _, k := range c.Keys() {
		c.ReadAll(k)
	}
	var buf bytes.Buffer
	require.NoError(t, history.WriteJSONL(&buf, c.History()))
	return buf.Bytes()
}

// chaosCluster runs a mixed workload under a nemesis on preset and
// quiesces the cluster.
func chaosCluster(t *testing.T, seed uint64, preset sim.Preset) *sim.Cluster {
	t.Helper()
	c := newCluster(t, sim.Config{Seed: seed, Preset: preset})
	plan, err := c.Nemesis(sim.NemesisConfig{Until: 30 * time.Second,
		Gap: sim.Uniform(100*time.Millisecond, time.Second), Length: sim.Uniform(100*time.Millisecond, 2*time.Second)})
	require.NoError(t, err)
	require.NotEmpty(t, plan)
	for i, region := range []string{"us-east", "eu-west", "ap-south", "us-east"} {
		c.Go(region, func(ctx context.Context, b kv.Backend) {
			s := kv.NewStore[int](b)
			for j := range 40 {
				key := fmt.Sprintf("k%d", j%3)
				switch j % 4 {
				case 0, 1:
					_, _ = s.Update(ctx, key, 0, func(n int) int { return n + 1 })
				case 2:
					_, _, _ = s.Get(ctx, key)
				default:
					_, _ = b.List(ctx, "k", "", 2)
				}
				_ = b.(kv.Pacer).Sleep(ctx, time.Duration(i+1)*100*time.Millisecond)
			}
		})
	}
	require.NoError(t, c.Run())
	require.NoError(t, c.Quiesce())
	return c
}

func TestSameSeedSameHistory(t *testing.T) {
	for _, p := range presets(t) {
		t.Run(p.Name(), func(t *testing.T) {
			a, b := chaosRun(t, 42, p), chaosRun(t, 42, p)
			require.Equal(t, string(a), string(b), "same seed, same program: byte-identical history")
			assert.Contains(t, string(a), `"fault"`, "the nemesis faults are in the history")
			assert.NotEqual(t, string(a), string(chaosRun(t, 43, p)), "another seed, another schedule")
		})
	}
}
