package sim_test

import (
	"math"
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
	_, ok := sim.NewSource(1).(interface{ NormFloat64() float64 })
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

// Pareto and Exponential draw from an exponential: the ziggurat's when the
// Source offers ExpFloat64, else by inversion. Both give the right medians:
// xm·2^(1/α) and mean·ln 2.
func TestParetoAndExponentialMedians(t *testing.T) {
	_, ok := sim.NewSource(1).(interface{ ExpFloat64() float64 })
	require.True(t, ok, "the default Source draws exponentials directly")
	par := sim.Pareto(235*time.Microsecond, 10)
	exp := sim.Exponential(time.Millisecond)
	wantPar := float64(235*time.Microsecond) * math.Pow(2, 0.1)
	wantExp := float64(time.Millisecond) * math.Ln2
	for name, src := range map[string]sim.Source{"ziggurat": sim.NewSource(1), "inversion": uniformOnly{sim.NewSource(1)}} {
		assert.InDelta(t, wantPar, float64(medianOf(par, src, 20000)), wantPar*0.01, name)
		assert.InDelta(t, wantExp, float64(medianOf(exp, src, 20000)), wantExp*0.03, name)
		assert.GreaterOrEqual(t, slices.Min(samples(par, src, 1000)), 235*time.Microsecond, "%s: never below xm", name)
	}
}

func samples(d sim.Dist, src sim.Source, n int) []time.Duration {
	xs := make([]time.Duration, n)
	for i := range xs {
		xs[i] = d.Sample(src)
	}
	return xs
}

// BenchmarkPareto compares Pareto's draw with the math.Pow inversion it
// replaced, in one run.
func BenchmarkPareto(b *testing.B) {
	d := sim.Pareto(235*time.Microsecond, 10)
	src := sim.NewSource(1)
	b.Run("exp", func(b *testing.B) {
		for b.Loop() {
			d.Sample(src)
		}
	})
	b.Run("pow-inversion", func(b *testing.B) {
		for b.Loop() {
			_ = time.Duration(float64(235*time.Microsecond) / math.Pow(1-src.Float64(), 0.1))
		}
	})
}

func BenchmarkLNKDSSD(b *testing.B) {
	d := sim.LNKDSSD()
	for name, src := range map[string]sim.Source{"ziggurat": sim.NewSource(1), "inversion": uniformOnly{sim.NewSource(1)}} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				d.Sample(src)
			}
		})
	}
}
