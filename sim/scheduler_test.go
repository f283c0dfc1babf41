package sim_test

import (
	"context"
	"errors"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/kv"
	"github.com/kvchaos/kvchaos/sim"
)

func TestVisitCounterLosesUpdatesOnLinearizable(t *testing.T) {
	below := 0
	for seed := range uint64(20) {
		c := newCluster(t, sim.Config{Seed: seed})
		runVisits(t, c, false)
		total := readInt(t, c, "visits")
		assert.LessOrEqual(t, total, 100)
		if total < 100 {
			below++
		}
	}
	assert.GreaterOrEqual(t, below, 16, "most seeds must lose visits")
}

func TestVisitCounterUpdateAtomicCountsEveryVisit(t *testing.T) {
	for seed := range uint64(50) {
		c := newCluster(t, sim.Config{Seed: seed, NoRecording: true})
		runVisits(t, c, true)
		require.Equal(t, 100, readInt(t, c, "visits"), "seed %d", seed)
	}
}

func TestClientBackendCapabilities(t *testing.T) {
	for _, p := range presets(t) {
		c := newCluster(t, sim.Config{Preset: p})
		c.Go("eu-west", func(ctx context.Context, b kv.Backend) {
			_, pacer := b.(kv.Pacer)
			_, cas := b.(kv.CAS)
			assert.True(t, pacer, p.Name())
			assert.Equal(t, p.Name() == "linearizable" || p.Name() == "replicated", cas, p.Name())
		})
		require.NoError(t, c.Run())
		_, pacer := c.Region("eu-west").(kv.Pacer)
		assert.False(t, pacer, "free-running backends have no virtual-time pacer")
	}
}

func TestRunReportsBadRegionAndPanics(t *testing.T) {
	c := newCluster(t, sim.Config{})
	c.Go("mars", func(context.Context, kv.Backend) {})
	err := c.Run()
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"mars"`)

	c.Go("us-east", func(context.Context, kv.Backend) { panic("boom") })
	c.Go("us-east", func(ctx context.Context, b kv.Backend) {
		require.NoError(t, b.Put(ctx, "k", []byte("v"), kv.PutOptions{}))
	})
	err = c.Run()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "boom")
	assert.Equal(t, []string{"k"}, c.Keys(), "the other client still ran")
}

func TestSleepAdvancesVirtualTimeAndInterleaves(t *testing.T) {
	c := newCluster(t, sim.Config{LocalLatency: sim.Constant(0), Latency: sim.Constant(0)})
	var order []string
	for _, name := range []string{"slow", "fast"} {
		d := time.Hour
		if name == "fast" {
			d = time.Minute
		}
		c.Go("us-east", func(ctx context.Context, b kv.Backend) {
			require.NoError(t, b.(kv.Pacer).Sleep(ctx, d))
			order = append(order, name)
		})
	}
	require.NoError(t, c.Run())
	assert.Equal(t, []string{"fast", "slow"}, order)
	assert.Equal(t, time.Hour, c.Now())
}

func TestRecordsVirtualTimesRegionsAndClients(t *testing.T) {
	c := newCluster(t, sim.Config{Seed: 3, Latency: sim.Constant(50 * time.Millisecond), LocalLatency: sim.Constant(time.Millisecond)})
	c.Go("eu-west", func(ctx context.Context, b kv.Backend) {
		require.NoError(t, b.Put(ctx, "k", []byte("v"), kv.PutOptions{}))
		_, err := b.Get(ctx, "missing")
		require.True(t, errors.Is(err, kv.ErrNotFound))
	})
	require.NoError(t, c.Run())
	h := c.History()
	require.Len(t, h.Ops, 2)
	put, get := h.Ops[0], h.Ops[1]
	assert.Equal(t, history.FuncPut, put.Func)
	assert.Equal(t, "eu-west", put.Region)
	assert.Equal(t, int64(0), put.Call)
	assert.Equal(t, int64(100*time.Millisecond), put.Return, "one round trip to the leader in us-east")
	assert.Equal(t, history.OutcomeOK, get.Outcome)
	assert.False(t, get.Output.Found)
	assert.Empty(t, get.Error)
	assert.Equal(t, put.Client, get.Client)
}

// A client that calls runtime.Goexit (t.FailNow inside a client) ends the
// goroutine that called Run, as iter.Pull passes it on, and leaves the
// cluster usable: not running, not locked.
func TestClientGoexitEndsRunsGoroutine(t *testing.T) {
	c := newCluster(t, sim.Config{})
	c.Go("us-east", func(ctx context.Context, b kv.Backend) {
		require.NoError(t, b.Put(ctx, "k", []byte("v"), kv.PutOptions{}))
		runtime.Goexit()
	})
	returned := make(chan bool, 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = c.Run()
		returned <- true
	}()
	<-done
	assert.Empty(t, returned, "Run did not return: its goroutine exited")
	require.NoError(t, c.Quiesce(), "the cluster is no longer running")
	assert.Equal(t, []string{"k"}, c.Keys())
}
