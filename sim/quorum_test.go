package sim_test

import (
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/kv"
	"github.com/kvchaos/kvchaos/sim"
)

// freshFraction writes a fresh key and reads it back after wait, trials
// times, and returns the fraction of reads that saw the write.
func freshFraction(t *testing.T, q sim.QuorumConfig, trials int, wait time.Duration) float64 {
	t.Helper()
	c := newCluster(t, sim.Config{Seed: 7, Preset: q, NoRecording: true})
	fresh := 0
	c.Go("us-east", func(ctx context.Context, b kv.Backend) {
		for i := range trials {
			key := "k" + strconv.Itoa(i)
			if err := b.Put(ctx, key, []byte("v"), kv.PutOptions{}); err != nil {
				panic(err)
			}
			if wait > 0 {
				_ = b.(kv.Pacer).Sleep(ctx, wait)
			}
			if _, err := b.Get(ctx, key); err == nil {
				fresh++
			}
		}
	})
	require.NoError(t, c.Run())
	return float64(fresh) / float64(trials)
}

func TestQuorumMatchesPBSClosedForm(t *testing.T) {
	for _, tc := range []struct {
		r, w int
		want float64 // 1 − C(N−W, R)/C(N, R), N = 3
	}{{1, 1, 1.0 / 3}, {1, 2, 2.0 / 3}, {2, 2, 1}} {
		t.Run(fmt.Sprintf("N3R%dW%d", tc.r, tc.w), func(t *testing.T) {
			q := sim.Quorum()
			q.R, q.W, q.NoPropagation = tc.r, tc.w, true
			trials := 100_000
			if raceEnabled {
				trials = 20_000 // still ±0.02 at 6σ
			}
			got := freshFraction(t, q, trials, 0)
			t.Logf("N=3 R=%d W=%d: P(fresh) = %.4f, closed form %.4f", tc.r, tc.w, got, tc.want)
			assert.InDelta(t, tc.want, got, 0.02)
		})
	}
}

func TestQuorumTVisibility(t *testing.T) {
	q := sim.Quorum() // N=3, R=W=1, LNKD-SSD latencies, propagation on
	var prev float64
	for _, wait := range []time.Duration{0, 100 * time.Microsecond, 250 * time.Microsecond,
		500 * time.Microsecond, time.Millisecond, 2 * time.Millisecond, 5 * time.Millisecond} {
		p := freshFraction(t, q, 5000, wait)
		t.Logf("t-visibility: P(read %v after the write returns sees it) = %.4f", wait, p)
		assert.GreaterOrEqual(t, p, prev-0.02, "t-visibility does not fall as t grows")
		assert.Greater(t, p, 1.0/3, "propagation beats the no-propagation closed form")
		prev = p
	}
	assert.Greater(t, prev, 0.99, "after 5 ms nearly every read is fresh")
}

func TestQuorumUnavailableWithoutQuorum(t *testing.T) {
	q := sim.Quorum()
	q.R, q.W = 2, 2
	c := newCluster(t, sim.Config{Preset: q})
	require.NoError(t, c.Apply(sim.Isolate("us-east")))
	b := c.Region("us-east")
	err := b.Put(bg, "k", []byte("v"), kv.PutOptions{})
	require.ErrorIs(t, err, kv.ErrUnavailable)
	_, err = b.Get(bg, "k")
	require.ErrorIs(t, err, kv.ErrUnavailable)
	require.NoError(t, c.Region("eu-west").Put(bg, "k", []byte("v"), kv.PutOptions{}))
}
