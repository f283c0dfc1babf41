package sim_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/kv"
	"github.com/kvchaos/kvchaos/sim"
)

var bg = context.Background()

// newCluster creates a cluster or fails the test.
func newCluster(t testing.TB, cfg sim.Config) *sim.Cluster {
	t.Helper()
	c, err := sim.New(cfg)
	require.NoError(t, err)
	return c
}

// presets returns every preset with its defaults.
func presets(t testing.TB) []sim.Preset {
	var ps []sim.Preset
	for _, name := range sim.PresetNames() {
		p, err := sim.PresetByName(name)
		require.NoError(t, err)
		ps = append(ps, p)
	}
	return ps
}

// runVisits runs the visit counter: 5 clients spread over the 3 regions,
// 20 visits each (100 in all), each visit an Update (or UpdateAtomic) of
// "visits".
func runVisits(t testing.TB, c *sim.Cluster, atomic bool) {
	t.Helper()
	regions := c.Regions()
	for i := range 5 {
		c.Go(regions[i%len(regions)], func(ctx context.Context, b kv.Backend) {
			s := kv.NewStore[int](b)
			for range 20 {
				var err error
				if atomic {
					_, err = s.UpdateAtomic(ctx, "visits", 0, func(n int) int { return n + 1 })
				} else {
					_, err = s.Update(ctx, "visits", 0, func(n int) int { return n + 1 })
				}
				if err != nil {
					panic(err)
				}
			}
		})
	}
	require.NoError(t, c.Run())
}

// readInt reads key as an int from the first region (free-running).
func readInt(t testing.TB, c *sim.Cluster, key string) int {
	t.Helper()
	n, ok, err := kv.NewStore[int](c.Region(c.Regions()[0])).Get(bg, key)
	require.NoError(t, err)
	require.True(t, ok, "key %q not found", key)
	return n
}
