package swarm

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSpaceNarrowsTheDraw(t *testing.T) {
	sp, err := ParseSpace("linearizable", "register, counter-atomic,set,list,mixed")
	require.NoError(t, err)
	seen := map[string]bool{}
	for k := uint64(1); k <= 200; k++ {
		c := sp.Draw(k)
		require.NoError(t, c.Validate())
		assert.Equal(t, "linearizable", c.Preset)
		assert.NotEqual(t, "counter", c.Workload)
		seen[c.Workload] = true
		assert.Equal(t, Draw(k), Space{}.Draw(k))
	}
	assert.Len(t, seen, 5)

	only, err := ParseSpace("", "counter-atomic")
	require.NoError(t, err)
	for k := uint64(1); k <= 50; k++ {
		assert.Contains(t, []string{"linearizable", "replicated"}, only.Draw(k).Preset, "counter-atomic needs CAS")
	}
	for in, want := range map[[2]string]string{
		{"etcd", ""}:                 "--presets",
		{"", "bank"}:                 "--workloads",
		{"quorum", "counter-atomic"}: "no preset",
	} {
		_, err := ParseSpace(in[0], in[1])
		assert.ErrorContains(t, err, want)
	}
}

// The gate a CI keeps green: the linearizable preset with the atomic
// workloads, faults included, finds nothing and decides every run.
func TestLinearizableAtomicGateFindsNothing(t *testing.T) {
	sp, err := ParseSpace("linearizable", "register,counter-atomic,set,list,mixed")
	require.NoError(t, err)
	out := t.TempDir()
	sum := runSwarm(t, Options{Runs: 40, Space: sp, Workers: 2, Out: out, Version: "v-test"})
	assert.Equal(t, 40, sum.Runs)
	assert.Equal(t, 40, sum.Passed, "%+v", sum.Cases)
	assert.Empty(t, sum.Expected)
	read, err := ReadSummary(out)
	require.NoError(t, err)
	assert.Equal(t, sp, read.Space)

	other := filepath.Join(t.TempDir(), "all")
	runSwarm(t, Options{Runs: 2, Shard: Shard{2, 2}, Workers: 1, Out: other, Version: "v-test"})
	_, err = Merge(t.TempDir(), out, other)
	assert.ErrorContains(t, err, "drew from presets")
}
