package sim_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/kv"
	"github.com/kvchaos/kvchaos/sim"
)

// TestRecordIntoKeepsFaultsWithoutCalls records visits as update ops into
// the caller's recorder while the simulator adds only its fault
// annotations there: no get or put is recorded twice.
func TestRecordIntoKeepsFaultsWithoutCalls(t *testing.T) {
	c := newCluster(t, sim.Config{Seed: 1, Preset: sim.Replicated()})
	rec := history.NewRecorder(history.WithClock(c.Clock))
	require.NoError(t, c.RecordInto(rec, sim.RecordFaults))
	require.NoError(t, c.At(50*time.Millisecond, sim.Isolate("eu-west")))
	require.NoError(t, c.At(300*time.Millisecond, sim.Heal()))
	for i, region := range c.Regions() {
		c.Go(region, func(ctx context.Context, b kv.Backend) {
			s := kv.NewStore[int](b)
			for range 5 {
				call := rec.Begin(i, region, history.FuncUpdate, "visits", history.Input{})
				n, err := s.Update(ctx, "visits", 0, func(n int) int { return n + 1 })
				call.End(history.Output{Value: strconv.Itoa(n)}, history.OutcomeOf(history.FuncUpdate, err), err)
				require.NoError(t, b.(kv.Pacer).Sleep(ctx, 40*time.Millisecond))
			}
		})
	}
	require.NoError(t, c.Run())
	require.NoError(t, c.Quiesce())

	h := rec.History()
	require.Len(t, h.Ops, 15, "only the caller's update ops")
	for _, op := range h.Ops {
		assert.Equal(t, history.FuncUpdate, op.Func)
		assert.Positive(t, op.Return-op.Call, "timed by the virtual clock")
	}
	require.Len(t, h.Annotations, 1, "the fault, and no quiescence marker")
	a := h.Annotations[0]
	assert.Equal(t, history.AnnotationFault, a.Kind)
	assert.Equal(t, "isolate eu-west", a.Text)
	assert.Equal(t, int64(50*time.Millisecond), a.Start)
	assert.Equal(t, int64(300*time.Millisecond), a.End)
	assert.Equal(t, h, c.History(), "History reads the caller's recorder")
}

func TestRecordIntoSelectsWhatIsRecorded(t *testing.T) {
	c := newCluster(t, sim.Config{NoRecording: true})
	eu := c.Region("eu-west")
	put(t, eu, "k", "0")
	require.NoError(t, c.Apply(sim.Delay(100*time.Millisecond)))
	assert.Empty(t, c.History().Ops, "NoRecording records nothing")

	rec := history.NewRecorder(history.WithClock(c.Clock))
	require.NoError(t, c.RecordInto(rec, sim.RecordAll))
	put(t, eu, "k", "1")
	require.NoError(t, c.Advance(time.Second))
	require.NoError(t, c.Quiesce())
	h := rec.History()
	require.Len(t, h.Ops, 1)
	assert.Equal(t, "1", h.Ops[0].Input.Value)
	require.Len(t, h.Annotations, 2)
	assert.Equal(t, "delay +100ms", h.Annotations[0].Text, "a fault begun before RecordInto is recorded when it ends")
	assert.Equal(t, int64(0), h.Annotations[0].Start)
	assert.Equal(t, history.AnnotationQuiescent, h.Annotations[1].Kind)

	require.NoError(t, c.RecordInto(nil, sim.RecordAll))
	put(t, eu, "k", "2")
	assert.Len(t, rec.History().Ops, 1, "recording is off again")
	assert.Empty(t, c.History().Ops)
}

func TestRecordIntoFailsDuringRun(t *testing.T) {
	c := newCluster(t, sim.Config{})
	var err error
	c.Go("us-east", func(context.Context, kv.Backend) { err = c.RecordInto(history.NewRecorder(), sim.RecordAll) })
	require.NoError(t, c.Run())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "during Run")
}
