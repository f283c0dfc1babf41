package sim_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/kv"
	"github.com/kvchaos/kvchaos/sim"
)

// openNemesisRun runs three writers for 3 s of virtual time under an
// open-ended nemesis, quiesces, and returns the cluster and its JSONL
// history.
func openNemesisRun(t *testing.T, seed uint64) (*sim.Cluster, string) {
	t.Helper()
	c := newCluster(t, sim.Config{Seed: seed, Preset: sim.Replicated()})
	plan, err := c.Nemesis(sim.NemesisConfig{Gap: sim.Uniform(100*time.Millisecond, 300*time.Millisecond),
		Length: sim.Uniform(100*time.Millisecond, 500*time.Millisecond)})
	require.NoError(t, err)
	assert.Nil(t, plan, "an open-ended schedule is drawn as it goes")
	for i, region := range c.Regions() {
		c.Go(region, func(ctx context.Context, b kv.Backend) {
			for j := 0; c.Now() < 3*time.Second; j++ {
				_ = b.Put(ctx, "k", []byte{byte('a' + i), byte('0' + j%10)}, kv.PutOptions{})
				_ = b.(kv.Pacer).Sleep(ctx, 50*time.Millisecond)
			}
		})
	}
	require.NoError(t, c.Run())
	require.NoError(t, c.Quiesce())
	c.ReadAll("k")
	var buf bytes.Buffer
	require.NoError(t, history.WriteJSONL(&buf, c.History()))
	return c, buf.String()
}

func TestOpenEndedNemesisRunsUntilQuiesce(t *testing.T) {
	c, a := openNemesisRun(t, 11)
	_, b := openNemesisRun(t, 11)
	_, other := openNemesisRun(t, 12)
	assert.Equal(t, a, b, "same seed, same faults, same history")
	assert.NotEqual(t, a, other)

	h := c.History()
	var faults []history.Annotation
	quiescent := int64(-1)
	for _, an := range h.Annotations {
		switch an.Kind {
		case history.AnnotationFault:
			faults = append(faults, an)
		case history.AnnotationQuiescent:
			quiescent = an.Start
		}
	}
	require.GreaterOrEqual(t, len(faults), 5, "faults every 0.2–0.8 s over 3 s")
	require.Positive(t, quiescent)
	lastOp := int64(0)
	for _, op := range h.Ops {
		if op.Client < 3 {
			lastOp = max(lastOp, op.Return)
		}
	}
	for _, f := range faults {
		assert.LessOrEqual(t, f.Start, lastOp, "no fault starts after the run: %s", f.Text)
		assert.LessOrEqual(t, f.End, quiescent, "every fault ended by quiescence: %s", f.Text)
	}
	reads := c.ReadAll("k")
	for _, r := range reads[1:] {
		assert.Equal(t, string(reads[0].Value), string(r.Value), "converged after quiescence")
	}
	require.NoError(t, c.Advance(time.Hour))
	assert.Len(t, c.History().Annotations, len(h.Annotations), "the nemesis stopped at Quiesce")
}

func TestOpenEndedNemesisValidates(t *testing.T) {
	c := newCluster(t, sim.Config{})
	_, err := c.Nemesis(sim.NemesisConfig{Start: -time.Second})
	require.ErrorContains(t, err, "Start")
	_, err = c.Nemesis(sim.NemesisConfig{Gap: sim.Uniform(time.Second, 0)})
	require.ErrorContains(t, err, "Gap")
}
