package sim

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// A sampler draws what its Dist's Sample draws from the same Source, draw
// for draw, whether it holds the distribution flat (Pareto, LNKDSSD) or
// falls back to Sample (the others).
func TestSamplerDrawsWhatSampleDraws(t *testing.T) {
	ms := time.Millisecond
	for _, tc := range []struct {
		d    Dist
		flat bool
	}{
		{LNKDSSD(), true},
		{Pareto(ms, 2), true},
		{Mixture(0.3, Exponential(ms), Pareto(ms, 1)), true},
		{Constant(ms), true},
		{Uniform(ms, 250*ms), true},
		{LogNormal(40*ms, 0.3), true},
		{LogNormal(40*ms, 0), true},
		{Pareto(ms, 0), false},
		{Exponential(ms), false},
		{Mixture(0.5, Uniform(0, ms), Pareto(ms, 3)), false},
		{Mixture(0.5, LNKDSSD(), Pareto(ms, 3)), false},
	} {
		s := newSampler(tc.d)
		assert.Equal(t, tc.flat, s.kind != kindDist, "%v: flat", tc.d)
		for _, src := range []func() Source{func() Source { return newSource(3) }, func() Source { return floatsOnly{newSource(3)} }} {
			a, b := src(), src()
			for i := range 20_000 {
				if want, got := tc.d.Sample(a), s.sample(b); want != got {
					t.Fatalf("%v: draw %d: sampler %v, Sample %v", tc.d, i, got, want)
				}
			}
		}
	}
}

// floatsOnly is a Source without NormFloat64 or ExpFloat64.
type floatsOnly struct{ s Source }

func (f floatsOnly) Intn(n int) int   { return f.s.Intn(n) }
func (f floatsOnly) Float64() float64 { return f.s.Float64() }
