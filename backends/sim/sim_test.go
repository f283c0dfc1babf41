package sim_test

import (
	"context"
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/backends"
	_ "github.com/kvchaos/kvchaos/backends/sim"
	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/internal/simstore"
	"github.com/kvchaos/kvchaos/kv"
	"github.com/kvchaos/kvchaos/sim"
)

func TestConfigParsesParameters(t *testing.T) {
	u, _ := url.Parse("sim://?preset=quorum&regions=5&seed=9&speed=2")
	cfg, err := simstore.Config(u)
	require.NoError(t, err)
	assert.Equal(t, "quorum", cfg.Preset.Name())
	assert.Equal(t, []string{"us-east", "eu-west", "ap-south", "r4", "r5"}, cfg.Regions)
	assert.EqualValues(t, 9, cfg.Seed)
	assert.InDelta(t, 2.0, cfg.Speed, 0)
	assert.True(t, cfg.NoRecording)

	u, _ = url.Parse("sim://?regions=a,b")
	cfg, err = simstore.Config(u)
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "b"}, cfg.Regions)
}

func TestConfigNamesTheBadParameter(t *testing.T) {
	for raw, want := range map[string]string{
		"sim://?preset=nope":    "preset",
		"sim://?regions=0":      "regions",
		"sim://?regions=a,,b":   "regions",
		"sim://?seed=-1":        "seed",
		"sim://?speed=fast":     "speed",
		"sim://?speed=NaN":      "speed",
		"sim://?speed=Inf":      "speed",
		"sim://?speed=-1":       "speed",
		"sim://?speed=1e300":    "speed",
		"sim://?presett=quorum": `unknown parameter "presett"`,
		"sim://host/path":       "parameters only",
	} {
		u, _ := url.Parse(raw)
		_, err := simstore.Config(u)
		require.Error(t, err, raw)
		assert.Contains(t, err.Error(), want, raw)
	}
}

func TestOpenedStoreSchedulesClientsInRegions(t *testing.T) {
	s, err := backends.Open(context.Background(), "sim://?preset=linearizable&regions=2&prefix=t/")
	require.NoError(t, err)
	require.NotNil(t, s.Scheduler)
	assert.Equal(t, []string{"us-east", "eu-west"}, s.Regions)
	got := map[string]int{}
	for _, r := range s.Regions {
		s.Scheduler.Go(r, func(ctx context.Context, b kv.Backend) {
			st := kv.NewStore[int](b)
			n, _ := st.UpdateAtomic(ctx, "n", 0, func(n int) int { return n + 1 })
			got[r] = n
		})
	}
	require.NoError(t, s.Scheduler.Run())
	assert.ElementsMatch(t, []int{1, 2}, []int{got["us-east"], got["eu-west"]})
	assert.Positive(t, s.Scheduler.Now())
}

// Open a simulated edge-cache store by URL: a write in us-east is visible
// there at once but not in eu-west, whose cache answered first.
func Example() {
	ctx := context.Background()
	s, err := backends.Open(ctx, "sim://?preset=edgecache&regions=2&speed=0&prefix=")
	if err != nil {
		fmt.Println(err)
		return
	}
	us, eu := kv.NewStore[string](s.Region("us-east")), kv.NewStore[string](s.Region("eu-west"))
	_, found, _ := eu.Get(ctx, "greeting")
	_ = us.Put(ctx, "greeting", "hello")
	v, _, _ := us.Get(ctx, "greeting")
	_, foundEU, _ := eu.Get(ctx, "greeting")
	fmt.Println(found, v, foundEU)
	// Output: false hello false
}

func TestNemesisParameter(t *testing.T) {
	for raw, want := range map[string]*sim.NemesisConfig{
		"sim://":                 nil,
		"sim://?nemesis=off":     nil,
		"sim://?nemesis=0":       nil,
		"sim://?nemesis=on":      {Gap: sim.Uniform(50*time.Millisecond, 250*time.Millisecond), Length: sim.Uniform(50*time.Millisecond, 500*time.Millisecond)},
		"sim://?nemesis":         {Gap: sim.Uniform(50*time.Millisecond, 250*time.Millisecond), Length: sim.Uniform(50*time.Millisecond, 500*time.Millisecond)},
		"sim://?nemesis=1s":      {Gap: sim.Uniform(200*time.Millisecond, time.Second), Length: sim.Uniform(200*time.Millisecond, 2*time.Second)},
		"sim://?nemesis=TRUE":    {Gap: sim.Uniform(50*time.Millisecond, 250*time.Millisecond), Length: sim.Uniform(50*time.Millisecond, 500*time.Millisecond)},
		"sim://?preset=quorum&x": nil,
	} {
		u, _ := url.Parse(raw)
		got, err := simstore.Nemesis(u)
		require.NoError(t, err, raw)
		assert.Equal(t, want, got, raw)
	}
	for _, raw := range []string{"sim://?nemesis=often", "sim://?nemesis=1ms", "sim://?nemesis=-1s"} {
		u, _ := url.Parse(raw)
		_, err := simstore.Nemesis(u)
		require.ErrorContains(t, err, "nemesis", raw)
		_, err = backends.Open(context.Background(), raw)
		require.ErrorContains(t, err, "nemesis", raw)
	}
}

// TestNemesisFaultsRecordedIntoTheRunnersRecorder opens a store with
// nemesis=on, hands the runner's recorder to the scheduler's RecordFaults
// and checks the faults land there, deterministically by seed.
func TestNemesisFaultsRecordedIntoTheRunnersRecorder(t *testing.T) {
	run := func(seed string) []history.Annotation {
		s, err := backends.Open(context.Background(), "sim://?preset=replicated&nemesis=on&prefix=&seed="+seed)
		require.NoError(t, err)
		fr, ok := s.Scheduler.(interface {
			RecordFaults(*history.Recorder) error
		})
		require.True(t, ok, "an unprefixed sim:// scheduler records faults")
		rec := history.NewRecorder(history.WithClock(s.Scheduler.Now))
		require.NoError(t, fr.RecordFaults(rec))
		for _, r := range s.Regions {
			s.Scheduler.Go(r, func(ctx context.Context, b kv.Backend) {
				for range 40 {
					_ = b.Put(ctx, "k", []byte(r), kv.PutOptions{})
					_ = b.(kv.Pacer).Sleep(ctx, 50*time.Millisecond)
				}
			})
		}
		require.NoError(t, s.Scheduler.Run())
		require.NoError(t, s.Scheduler.(backends.Quiescer).Quiesce())
		h := rec.History()
		assert.Empty(t, h.Ops, "the simulator's calls are not recorded")
		return h.Annotations
	}
	a := run("3")
	require.NotEmpty(t, a)
	for _, an := range a {
		assert.Equal(t, history.AnnotationFault, an.Kind)
	}
	assert.Equal(t, a, run("3"))
	assert.NotEqual(t, a, run("4"))
}

// On sim:// the default key prefix comes from the seed, never from a
// random source: two Opens with one seed use one prefix.
func TestDefaultPrefixComesFromTheSeed(t *testing.T) {
	a, err := backends.Open(context.Background(), "sim://?preset=quorum&seed=7")
	require.NoError(t, err)
	b, err := backends.Open(context.Background(), "sim://?preset=quorum&seed=7")
	require.NoError(t, err)
	c, err := backends.Open(context.Background(), "sim://?preset=quorum")
	require.NoError(t, err)
	assert.Equal(t, "kvchaos-seed7/", a.Prefix)
	assert.Equal(t, a.Prefix, b.Prefix)
	assert.Equal(t, "kvchaos-seed0/", c.Prefix)
}

func TestWriteIntervalLimitsWritesPerKeyOnEdgeCache(t *testing.T) {
	u, _ := url.Parse("sim://?preset=edgecache&write-interval=1s")
	cfg, err := simstore.Config(u)
	require.NoError(t, err)
	ec, ok := cfg.Preset.(sim.EdgeCacheConfig)
	require.True(t, ok)
	assert.Equal(t, time.Second, ec.WriteInterval)

	s, err := backends.Open(context.Background(), "sim://?preset=edgecache&write-interval=1s&prefix=")
	require.NoError(t, err)
	ctx := context.Background()
	require.NoError(t, s.Backend.Put(ctx, "k", []byte("1"), kv.PutOptions{}))
	err = s.Backend.Put(ctx, "k", []byte("2"), kv.PutOptions{})
	require.ErrorIs(t, err, kv.ErrRateLimited, "a second write to the key within the second")
	require.NoError(t, s.Backend.Put(ctx, "other", []byte("1"), kv.PutOptions{}), "the limit is per key")

	for raw, want := range map[string]string{
		"sim://?preset=edgecache&write-interval=soon": "write-interval",
		"sim://?preset=edgecache&write-interval=-1s":  "write-interval",
		"sim://?preset=replicated&write-interval=1s":  "only the edgecache preset",
		"sim://?write-interval=1s":                    "only the edgecache preset",
	} {
		u, _ := url.Parse(raw)
		_, err := simstore.Config(u)
		require.Error(t, err, raw)
		assert.Contains(t, err.Error(), want, raw)
	}
}
