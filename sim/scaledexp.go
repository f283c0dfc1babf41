package sim

import (
	"math"
	"time"
)

// scaledExp returns time.Duration(float64(m) * math.Exp(x)), the log-normal
// draw m·e^x, exactly: the same nanoseconds, so histories do not change.
// math.Exp costs about 20 ns; a draw that only needs the product's whole
// nanoseconds can be had cheaper. fastExp approximates e^x within a
// relative error far below expTol, so when m·fastExp(x) is farther than
// expTol (relative) from a whole nanosecond, m·math.Exp(x) truncates to the
// same one. Otherwise (about 1 draw in 13,000 for a 40 ms median; always
// for products of 2^52 ns and more, for m = 0 and for |x| ≥ expFastMax) it
// computes the product with math.Exp (so too for a negative m, which
// validDist refuses).
func scaledExp(m time.Duration, x float64) time.Duration {
	if x > -expFastMax && x < expFastMax { // false for NaN
		p := float64(m) * fastExp(x)
		if p > 0 && p < 1<<52 {
			n := time.Duration(p) // p's whole nanoseconds
			tol := p * expTol
			if f := p - float64(n); f > tol && f < 1-tol {
				return n
			}
		}
	}
	return time.Duration(float64(m) * math.Exp(x))
}

const (
	// expTol bounds, relative to the product, how far fastExp's product
	// may be from math.Exp's: fastExp is within 6e-15 of e^x and
	// math.Exp within one unit in the last place (2.2e-16), a fiftieth of
	// expTol (2^-40, about 9.1e-13).
	expTol = 0x1p-40
	// expFastMax bounds |x| for fastExp (e^64 is about 6e27: any product
	// past it is far beyond 2^52 ns and takes math.Exp anyway).
	expFastMax = 64
	// expTableBits: fastExp's table holds 2^(j/64) for j < 64.
	expTableBits = 6
)

// expTable[j] is 2^(j/64).
var expTable = func() (t [1 << expTableBits]float64) {
	for j := range t {
		t[j] = math.Exp2(float64(j) / (1 << expTableBits))
	}
	return t
}()

const (
	expInvLn2 = 64 / math.Ln2
	expLn2    = math.Ln2 / 64
	// expRound is 1.5·2^52: adding it to y (|y| < 2^51) rounds y to an
	// integer, which the low bits of the sum hold.
	expRound = 0x1.8p52
)

// fastExp returns e^x for |x| < expFastMax within 6e-15 relative
// (a few units in the last place for |x| < 1): e^x = 2^(k/64)·e^r with k
// the nearest integer to x·64/ln 2 and |r| ≤ ln 2/128, 2^(k/64) from
// expTable and a power of two, e^r from its Taylor polynomial to r^5 (the
// next term is below 4e-17). The error is mostly r's: k·(ln 2/64) is
// rounded, by up to 7e-15 for |x| near 64. The steps are laid out to depend
// on each other as little as they can (Estrin's scheme for the
// polynomial): a draw waits on this, not on its throughput.
func fastExp(x float64) float64 {
	kf := x*expInvLn2 + expRound
	k := int64(math.Float64bits(kf) - math.Float64bits(expRound))
	kf -= expRound
	r := x - kf*expLn2
	r2 := r * r
	p := (1 + r) + r2*((1.0/2+r*(1.0/6))+r2*(1.0/24+r*(1.0/120)))
	scale := expTable[k&(1<<expTableBits-1)] * math.Float64frombits(uint64(1023+k>>expTableBits)<<52)
	return scale * p
}
