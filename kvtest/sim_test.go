package kvtest_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/checker"
	"github.com/kvchaos/kvchaos/kv"
	"github.com/kvchaos/kvchaos/kvtest"
	"github.com/kvchaos/kvchaos/sim"
)

// TestRunSimPresets runs the conformance suite against every simulator
// preset: the linearizable one passes linearizability, the others the
// convergence checks after Quiesce.
func TestRunSimPresets(t *testing.T) {
	t.Parallel()
	for _, name := range sim.PresetNames() {
		t.Run(name, func(t *testing.T) {
			t.Parallel() // each preset runs on simulated clusters of its own
			p, err := sim.PresetByName(name)
			if err != nil {
				t.Fatal(err)
			}
			kvtest.Run(t, kvtest.SimHarness(sim.Config{Seed: 1, Preset: p}))
		})
	}
}

// TestEventualPresetsAreNotLinearizable shows what the eventual presets'
// conformance runs do not claim: a writer in one region and a reader
// polling in another produce a history the checker finds not
// linearizable (the reader sees an old value after the new one was
// acknowledged), although it converges and so meets ExpectEventual.
func TestEventualPresetsAreNotLinearizable(t *testing.T) {
	// With its defaults the quorum preset propagates every write to all N
	// replicas within about a millisecond, so a stale read is rare; PBS's
	// closed-form setting (no propagation, R+W <= N) makes one likely.
	q := sim.Quorum()
	q.NoPropagation = true
	presets := []sim.Preset{sim.EdgeCache(), sim.Replicated(), q}
	for _, p := range presets {
		name := p.Name()
		t.Run(name, func(t *testing.T) {
			c, err := sim.New(sim.Config{Seed: 1, Preset: p})
			require.NoError(t, err)
			regions := c.Regions()
			c.Go(regions[0], func(ctx context.Context, b kv.Backend) {
				s := kv.NewStore[string](b)
				for i := 1; i <= 5; i++ {
					require.NoError(t, s.Put(ctx, "x", strconv.Itoa(i)))
					require.NoError(t, b.(kv.Pacer).Sleep(ctx, 20*time.Millisecond))
				}
			})
			c.Go(regions[1], func(ctx context.Context, b kv.Backend) {
				s := kv.NewStore[string](b)
				for range 200 {
					_, _, err := s.Get(ctx, "x")
					require.NoError(t, err)
					require.NoError(t, b.(kv.Pacer).Sleep(ctx, 500*time.Microsecond))
				}
			})
			require.NoError(t, c.Run())
			require.NoError(t, c.Quiesce())
			reads := c.ReadAll("x")
			for _, r := range reads {
				assert.Equal(t, "5", string(r.Value), "region %s after Quiesce", r.Region)
			}
			h := c.History()
			lin := checker.Check(h, checker.Options{Expect: checker.ExpectLinearizable})
			assert.Equal(t, checker.Invalid, lin.Verdict, "preset %s passed linearizability:\n%s", name, lin.Text())
			res, ok := lin.Result(checker.Linearizable)
			require.True(t, ok)
			assert.Equal(t, checker.StatusViolated, res.Status)
			ev := checker.Check(h, checker.Options{Expect: checker.ExpectEventual})
			assert.Equal(t, checker.Valid, ev.Verdict, "preset %s failed its own guarantee:\n%s", name, ev.Text())
		})
	}
}
