package sim_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/kv"
	"github.com/kvchaos/kvchaos/sim"
)

func TestFreeRunningFromGoroutines(t *testing.T) {
	c := newCluster(t, sim.Config{Preset: sim.Replicated()})
	var wg sync.WaitGroup
	for i, region := range c.Regions() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := kv.NewStore[int](c.Region(region))
			for j := range 50 {
				assert.NoError(t, s.Put(bg, fmt.Sprintf("%s/%d", region, j), i*100+j))
			}
		}()
	}
	wg.Wait()
	us := kv.NewStore[int](c.Region("us-east"))
	_, ok, err := us.Get(bg, "eu-west/0")
	require.NoError(t, err)
	assert.False(t, ok, "replication takes virtual time, which has not moved")
	require.NoError(t, c.Advance(time.Second))
	n, ok, err := us.Get(bg, "eu-west/7")
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, 107, n)
	assert.Len(t, c.Keys(), 150)
}

func TestFreeRunningFollowsWallClock(t *testing.T) {
	c := newCluster(t, sim.Config{Preset: sim.EdgeCache(), Speed: 1e6})
	b := c.Region("eu-west")
	_, err := b.Get(bg, "k")
	require.ErrorIs(t, err, kv.ErrNotFound)
	require.NoError(t, c.Region("us-east").Put(bg, "k", []byte("v"), kv.PutOptions{}))
	require.Eventually(t, func() bool {
		_, err := b.Get(bg, "k")
		return err == nil
	}, 5*time.Second, time.Millisecond, "a minute of virtual time is 60 µs of wall time")
	assert.GreaterOrEqual(t, c.Now(), time.Minute)
	assert.Error(t, c.Run(), "Run refuses a wall-clock cluster")
}

func TestUnknownRegionAndBadConfig(t *testing.T) {
	c := newCluster(t, sim.Config{})
	_, err := c.Region("mars").Get(bg, "k")
	require.ErrorIs(t, err, kv.ErrInvalidArgument)
	assert.Contains(t, err.Error(), `"mars"`)

	for _, tc := range []struct {
		cfg  sim.Config
		want string
	}{
		{sim.Config{Regions: []string{"a", "a"}}, "Regions[1]"},
		{sim.Config{Regions: []string{}}, "Regions"},
		{sim.Config{Latency: sim.Uniform(2, 1)}, "Latency"},
		{sim.Config{Links: map[sim.Link]sim.Dist{{From: "x", To: "us-east"}: sim.Constant(1)}}, "Links[x->us-east]"},
		{sim.Config{Preset: sim.LinearizableConfig{Leader: "mars"}}, "Leader"},
		{sim.Config{Preset: sim.QuorumConfig{N: 3, R: 4, W: 1}}, "QuorumConfig"},
		{sim.Config{Speed: -1}, "Speed"},
	} {
		_, err := sim.New(tc.cfg)
		require.Error(t, err)
		assert.Contains(t, err.Error(), tc.want)
	}
	_, err = sim.PresetByName("nope")
	assert.ErrorContains(t, err, `"nope"`)
	assert.ErrorContains(t, c.Apply(sim.Crash("mars")), `"mars"`)
	assert.ErrorContains(t, c.Apply(sim.Loss(2)), "probability")
	assert.ErrorContains(t, c.Advance(-time.Second), "negative")
}

func TestClusterKeepsItsOwnRegions(t *testing.T) {
	regions := []string{"a", "b"}
	c := newCluster(t, sim.Config{Regions: regions})
	regions[0] = "changed"
	assert.Equal(t, []string{"a", "b"}, c.Regions(), "the caller's slice does not reach the cluster")

	d := newCluster(t, sim.Config{})
	d.Regions()[0] = "changed"
	want := []string{"us-east", "eu-west", "ap-south"}
	assert.Equal(t, want, d.Regions(), "Regions returns a copy")
	assert.Equal(t, want, newCluster(t, sim.Config{}).Regions(), "the defaults are unchanged")
}
