package sim

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// Every draw through a quantile table is within qtTol of the exact
// quantile, at 1,000,003 points across [0, 1) and at the very ends; and
// nearly every bucket interpolates, so the hot path has no math.Exp.
func TestQuantileTableWithinToleranceOfTheFormula(t *testing.T) {
	tables := map[string]struct {
		exact      func(float64) float64
		minBuckets int
	}{
		"pareto α=10":  {func(u float64) float64 { return math.Pow(1-u, -0.1) }, qtN - 16},
		"pareto α=1":   {func(u float64) float64 { return 1 / (1 - u) }, qtN - 64},
		"exponential":  {func(u float64) float64 { return -math.Log1p(-u) }, qtN - 24},
		"pareto α=0.5": {func(u float64) float64 { return math.Pow(1-u, -2) }, qtN - 128},
	}
	for name, tc := range tables {
		tab := newQuantileTable(tc.exact)
		assert.GreaterOrEqual(t, tab.hi-tab.lo, tc.minBuckets, "%s: buckets interpolated", name)
		worst := 0.0
		check := func(u float64) {
			want, got := tc.exact(u), tab.at(u)
			if want != 0 {
				worst = max(worst, math.Abs(got-want)/want)
			}
		}
		const steps = 1_000_003
		for i := range steps {
			check(float64(i) / steps)
		}
		for _, u := range []float64{0, 0x1p-53, 1e-9, 0.5, 1 - 1e-9, 1 - 0x1p-53} {
			check(u)
		}
		t.Logf("%s: buckets %d..%d interpolate; worst relative error %.2g", name, tab.lo, tab.hi, worst)
		assert.LessOrEqual(t, worst, qtTol, name)
	}
}

// A draw of 1 (a mixture's rescaled u can round up to it) stays finite.
func TestQuantileTableAtOne(t *testing.T) {
	tab := newQuantileTable(func(u float64) float64 { return -math.Log1p(-u) })
	assert.False(t, math.IsInf(tab.at(1), 0))
	assert.Equal(t, time.Duration(math.MaxInt64), scaled(time.Hour, math.Inf(1)))
}

// The default Source's Float64 is math/rand/v2's Rand.Float64 over the
// same PCG, draw for draw, interleaved with the other draws: histories
// did not change when it stopped calling through rand.Rand.
func TestSourceFloat64IsRandFloat64(t *testing.T) {
	for _, seed := range []uint64{0, 1, 7, 1 << 40} {
		src := newSource(seed).(*pcgSource)
		ref := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
		for i := range 10_000 {
			switch i % 4 {
			case 0:
				assert.Equal(t, ref.IntN(7), src.Intn(7))
			case 1:
				assert.Equal(t, ref.NormFloat64(), src.NormFloat64())
			default:
				if a, b := ref.Float64(), src.Float64(); a != b {
					t.Fatalf("seed %d draw %d: Float64 %v, want %v", seed, i, b, a)
				}
			}
		}
	}
}
