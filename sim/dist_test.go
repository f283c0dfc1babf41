package sim_test

import (
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/sim"
)

// uniformOnly hides the default Source's NormFloat64, so LogNormal falls
// back to Box–Muller, as it does for a Source fed by rapid.
type uniformOnly struct{ s sim.Source }

func (u uniformOnly) Intn(n int) int   { return u.s.Intn(n) }
func (u uniformOnly) Float64() float64 { return u.s.Float64() }

// medianOf draws n samples of d from src and returns their median.
func medianOf(d sim.Dist, src sim.Source, n int) time.Duration {
	xs := make([]time.Duration, n)
	for i := range xs {
		xs[i] = d.Sample(src)
	}
	slices.Sort(xs)
	return xs[n/2]
}

func TestLogNormalMedianWithAndWithoutNormalSource(t *testing.T) {
	d := sim.LogNormal(40*time.Millisecond, 0.3)
	_, ok := sim.NewSource(1).(sim.NormalSource)
	require.True(t, ok, "the default Source draws normals directly")
	for name, src := range map[string]sim.Source{
		"ziggurat":    sim.NewSource(1),
		"box-muller":  uniformOnly{sim.NewSource(1)},
		"box-muller2": uniformOnly{sim.NewSource(2)},
	} {
		m := medianOf(d, src, 20000)
		assert.InDelta(t, float64(40*time.Millisecond), float64(m), float64(time.Millisecond), name)
	}
	assert.Equal(t, medianOf(d, uniformOnly{sim.NewSource(3)}, 101), medianOf(d, uniformOnly{sim.NewSource(3)}, 101),
		"the fallback is deterministic too")
	assert.Equal(t, 40*time.Millisecond, sim.LogNormal(40*time.Millisecond, 0).Sample(sim.NewSource(1)))
}

func BenchmarkLogNormal(b *testing.B) {
	d := sim.LogNormal(40*time.Millisecond, 0.3)
	for name, src := range map[string]sim.Source{"ziggurat": sim.NewSource(1), "box-muller": uniformOnly{sim.NewSource(1)}} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				d.Sample(src)
			}
		})
	}
}
