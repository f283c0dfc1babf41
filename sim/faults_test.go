package sim_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/kv"
	"github.com/kvchaos/kvchaos/sim"
)

func put(t *testing.T, b kv.Backend, key, val string) {
	t.Helper()
	require.NoError(t, b.Put(bg, key, []byte(val), kv.PutOptions{}))
}

func get(b kv.Backend, key string) string {
	it, err := b.Get(bg, key)
	if err != nil {
		return "<" + err.Error() + ">"
	}
	return string(it.Value)
}

func TestPartitionHoldsReplicationUntilHeal(t *testing.T) {
	c := newCluster(t, sim.Config{Preset: sim.Replicated()})
	us, eu := c.Region("us-east"), c.Region("eu-west")
	require.NoError(t, c.Apply(sim.Partition([]string{"us-east"}, []string{"eu-west", "ap-south"})))
	put(t, us, "k", "v")
	require.NoError(t, c.Advance(time.Minute))
	assert.Contains(t, get(eu, "k"), "not found")
	require.NoError(t, c.Apply(sim.Heal()))
	require.NoError(t, c.Advance(time.Second))
	assert.Equal(t, "v", get(eu, "k"))

	ann := c.History().Annotations
	require.Len(t, ann, 1)
	assert.Equal(t, history.AnnotationFault, ann[0].Kind)
	assert.Equal(t, "partition [us-east] | [eu-west ap-south]", ann[0].Text)
	assert.Equal(t, int64(time.Minute), ann[0].End-ann[0].Start)
}

func TestCrashLosesUnreplicatedWrites(t *testing.T) {
	c := newCluster(t, sim.Config{Preset: sim.Replicated()})
	eu, us := c.Region("eu-west"), c.Region("us-east")
	put(t, eu, "safe", "1")
	require.NoError(t, c.Advance(time.Second))
	put(t, eu, "doomed", "2")
	require.NoError(t, c.Apply(sim.Crash("eu-west")))
	assert.Contains(t, get(eu, "safe"), "unavailable")
	require.NoError(t, c.Apply(sim.Restart("eu-west")))
	require.NoError(t, c.Quiesce())
	assert.Equal(t, "1", get(eu, "safe"), "resynchronised from the other regions")
	assert.Contains(t, get(us, "doomed"), "not found", "the unreplicated write is lost everywhere")
	assert.Contains(t, get(eu, "doomed"), "not found")
}

func TestClockSkewPicksTheWrongWinner(t *testing.T) {
	c := newCluster(t, sim.Config{Preset: sim.Replicated()})
	require.NoError(t, c.Apply(sim.Skew("us-east", 10*time.Second)))
	put(t, c.Region("us-east"), "k", "early")
	require.NoError(t, c.Advance(time.Second))
	put(t, c.Region("eu-west"), "k", "late")
	require.NoError(t, c.Quiesce())
	for _, r := range c.ReadAll("k") {
		assert.Equal(t, "early", string(r.Value), "the skewed clock wins in %s", r.Region)
	}
}

func TestScheduledFaultsAndLinearizableUnavailability(t *testing.T) {
	c := newCluster(t, sim.Config{})
	require.NoError(t, c.At(time.Second, sim.Isolate("us-east")))
	require.NoError(t, c.At(2*time.Second, sim.Heal()))
	eu := c.Region("eu-west")
	put(t, eu, "k", "v")
	require.NoError(t, c.Advance(1500*time.Millisecond))
	err := eu.Put(bg, "k", []byte("w"), kv.PutOptions{})
	require.ErrorIs(t, err, kv.ErrUnavailable)
	require.NoError(t, c.Advance(time.Second))
	assert.Equal(t, "v", get(eu, "k"))
	ops := c.History().Ops
	assert.Equal(t, history.OutcomeUnknown, ops[1].Outcome, "a write that timed out may have happened")
	require.Error(t, c.At(0, sim.Heal()), "the past cannot be scheduled")
	texts := []string{}
	for _, a := range c.History().Annotations {
		texts = append(texts, a.Text)
	}
	assert.Equal(t, "isolate us-east", strings.Join(texts, ","))
}
