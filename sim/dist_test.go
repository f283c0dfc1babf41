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

// Exponential draws from the ziggurat's exponential when the Source offers
// ExpFloat64, else by inversion; Pareto inverts one Float64 through its
// quantile table either way. All give the right medians: xm·2^(1/α) and
// mean·ln 2.
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

// Pareto's quantile-table draws have the textbook quantiles
// xm·(1−p)^(−1/α), far into the tail, for a light tail (PBS's α = 10) and
// heavy ones.
func TestParetoQuantilesMatchTheFormula(t *testing.T) {
	const n = 400_000
	for _, alpha := range []float64{10, 2, 1} {
		xm := 235 * time.Microsecond
		xs := samples(sim.Pareto(xm, alpha), sim.NewSource(1), n)
		slices.Sort(xs)
		for _, p := range []float64{0.01, 0.25, 0.5, 0.9, 0.99, 0.999} {
			want := float64(xm) * math.Pow(1-p, -1/alpha)
			got := float64(xs[int(p*n)])
			// the sample quantile's standard error is √(p(1−p)/n)/f(q)
			se := math.Sqrt(p*(1-p)/n) / (alpha / float64(xm) * math.Pow(want/float64(xm), -alpha-1))
			assert.InDelta(t, want, got, 4*se+want*1e-4, "alpha %g, p %g", alpha, p)
		}
	}
}

// LNKDSSD draws (one Float64 through the Pareto and exponential quantile
// tables) follow the mixture's exact CDF: the Kolmogorov–Smirnov distance
// of 200,000 draws stays below the 0.1 % critical value 1.95/√n.
func TestLNKDSSDMatchesItsCDF(t *testing.T) {
	const n = 200_000
	xs := samples(sim.LNKDSSD(), sim.NewSource(1), n)
	slices.Sort(xs)
	xm, mean := float64(235*time.Microsecond), float64(602410*time.Nanosecond)
	cdf := func(x float64) float64 {
		par := 0.0
		if x >= xm {
			par = 1 - math.Pow(xm/x, 10)
		}
		return 0.9122*par + 0.0878*(1-math.Exp(-x/mean))
	}
	ks := 0.0
	for i, x := range xs {
		f := cdf(float64(x))
		ks = max(ks, math.Abs(f-float64(i)/n), math.Abs(f-float64(i+1)/n))
	}
	t.Logf("KS distance of %d LNKD-SSD draws: %.5f", n, ks)
	assert.Less(t, ks, 1.95/math.Sqrt(n))
}

func samples(d sim.Dist, src sim.Source, n int) []time.Duration {
	xs := make([]time.Duration, n)
	for i := range xs {
		xs[i] = d.Sample(src)
	}
	return xs
}

// BenchmarkPareto compares Pareto's draw (a quantile table) with the two
// formulas it replaced, xm·exp(E/α) and the math.Pow inversion xm/U^(1/α),
// in one run.
func BenchmarkPareto(b *testing.B) {
	d := sim.Pareto(235*time.Microsecond, 10)
	src := sim.NewSource(1)
	xm := float64(235 * time.Microsecond)
	b.Run("table", func(b *testing.B) {
		for b.Loop() {
			d.Sample(src)
		}
	})
	b.Run("exp", func(b *testing.B) {
		e := src.(interface{ ExpFloat64() float64 })
		for b.Loop() {
			_ = time.Duration(xm * math.Exp(e.ExpFloat64()/10))
		}
	})
	b.Run("pow-inversion", func(b *testing.B) {
		for b.Loop() {
			_ = time.Duration(xm / math.Pow(1-src.Float64(), 0.1))
		}
	})
	b.Run("float64", func(b *testing.B) {
		for b.Loop() {
			_ = src.Float64()
		}
	})
}

// BenchmarkLNKDSSD compares an LNKDSSD draw (one Float64 through the
// quantile tables) with the draw it replaced (a Float64 for the choice,
// then a ziggurat exponential and math.Exp for the Pareto), in one run.
func BenchmarkLNKDSSD(b *testing.B) {
	d := sim.LNKDSSD()
	src := sim.NewSource(1)
	b.Run("table", func(b *testing.B) {
		for b.Loop() {
			d.Sample(src)
		}
	})
	b.Run("exp", func(b *testing.B) {
		e := src.(interface{ ExpFloat64() float64 })
		xm, mean := float64(235*time.Microsecond), float64(602410*time.Nanosecond)
		for b.Loop() {
			if src.Float64() < 0.9122 {
				_ = time.Duration(xm * math.Exp(e.ExpFloat64()/10))
			} else {
				_ = time.Duration(mean * e.ExpFloat64())
			}
		}
	})
}

// A distribution with a parameter that is not a number is refused with the
// field named, like any other bad parameter, rather than drawn from.
func TestNaNParametersAreRefused(t *testing.T) {
	ms := time.Millisecond
	nan := math.NaN()
	for _, d := range []sim.Dist{sim.Pareto(ms, nan), sim.Pareto(ms, 0), sim.LogNormal(ms, nan),
		sim.Mixture(nan, sim.Pareto(ms, 10), sim.Exponential(ms))} {
		_, err := sim.New(sim.Config{Latency: d})
		require.Error(t, err, "%v", d)
		assert.Contains(t, err.Error(), "Config.Latency", "%v", d)
	}
}
