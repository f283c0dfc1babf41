package sim

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// exactScaledExp is what a log-normal draw computed before scaledExp.
func exactScaledExp(m time.Duration, x float64) time.Duration {
	return time.Duration(float64(m) * math.Exp(x))
}

// scaledExp gives the nanoseconds m·math.Exp(x) gives: for random medians
// and exponents, and for products that fall within a rounding error of a
// whole nanosecond (x = ln(n/m)), where the fast product alone could
// truncate to the other side.
func TestScaledExpIsExact(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	medians := []time.Duration{0, 1, 3, 999, time.Millisecond, 40 * time.Millisecond, time.Second, time.Hour, 1 << 50, 1 << 62}
	check := func(m time.Duration, x float64) {
		t.Helper()
		if got, want := scaledExp(m, x), exactScaledExp(m, x); got != want {
			t.Fatalf("scaledExp(%d, %v) = %d, want %d", m, x, got, want)
		}
	}
	for i := range 1_000_000 {
		m := medians[i%len(medians)]
		if i%3 == 0 {
			m = time.Duration(r.Int64N(int64(10 * time.Second)))
		}
		x := r.NormFloat64() * []float64{0.05, 0.3, 1, 4}[i%4]
		check(m, x)
		n := float64(r.Int64N(1<<40) + 1)
		if m > 0 {
			check(m, math.Log(n/float64(m)))
		}
	}
	for _, x := range []float64{math.NaN(), math.Inf(1), math.Inf(-1), -expFastMax, expFastMax, 700, -700, 0, math.SmallestNonzeroFloat64} {
		check(40*time.Millisecond, x)
	}
	check(-time.Second, 0.5)
}

// fastExp is within a few units in the last place of math.Exp for |x| < 1
// and within 1e-14 over its whole range: far inside expTol, which
// scaledExp's exactness rests on.
func TestFastExpError(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 1_000_000 {
		x := (r.Float64()*2 - 1) * expFastMax
		tol := 1e-14
		if r.IntN(2) == 0 {
			x /= expFastMax
			tol = 4 * 0x1p-52
		}
		a, e := fastExp(x), math.Exp(x)
		if d := math.Abs(a-e) / e; d > tol {
			t.Fatalf("fastExp(%v) = %v, math.Exp = %v: relative error %g", x, a, e, d)
		}
	}
}
