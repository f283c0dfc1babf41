package sim

import (
	"math"
	"sync"
	"time"
)

const (
	// qtN is the number of buckets of a quantile table (a power of two:
	// quantileTable.at masks with qtN-1).
	qtN = 1024
	// qtTol is the largest relative error linear interpolation may make in
	// a bucket (checked at its quarter points) for the bucket to be
	// interpolated rather than computed exactly.
	qtTol = 1e-4
	// qtCacheMax bounds how many tables quantileTables keeps.
	qtCacheMax = 256
)

// quantileTable draws from a distribution with scale 1 by inverting one
// uniform draw u. Its quantile function Q is tabulated at u = i/qtN, and a
// draw interpolates linearly between the two points around u — no
// math.Exp or math.Pow. In the buckets near the ends, where Q bends too
// much for that (a heavy tail above all), a draw computes Q(u) itself; for
// the presets' distributions that is about 1 draw in 100, and every draw is
// within qtTol of Q(u).
type quantileTable struct {
	q      [qtN + 1]float64
	lo, hi int // buckets lo..hi-1 interpolate; the others call exact
	exact  func(u float64) float64
}

// newQuantileTable tabulates the quantile function exact, which must be
// nondecreasing on [0, 1].
func newQuantileTable(exact func(u float64) float64) *quantileTable {
	t := &quantileTable{exact: exact, hi: qtN}
	for i := range t.q {
		t.q[i] = exact(float64(i) / qtN)
	}
	for i := range qtN / 2 {
		if !t.fits(i) {
			t.lo = i + 1
		}
	}
	for i := qtN - 1; i >= qtN/2; i-- {
		if !t.fits(i) {
			t.hi = i
		}
	}
	return t
}

// fits reports whether linear interpolation in bucket i is within qtTol of
// the exact quantiles at its quarter points.
func (t *quantileTable) fits(i int) bool {
	a, b := t.q[i], t.q[i+1]
	if math.IsInf(a, 0) || math.IsInf(b, 0) || math.IsNaN(a) || math.IsNaN(b) {
		return false
	}
	for _, f := range [...]float64{0.25, 0.5, 0.75} {
		want := t.exact((float64(i) + f) / qtN)
		if math.Abs(a+f*(b-a)-want) > qtTol*math.Abs(want) {
			return false
		}
	}
	return true
}

// at returns the quantile at u in [0, 1).
func (t *quantileTable) at(u float64) float64 {
	x := u * qtN
	i := int(x)
	if uint(i-t.lo) >= uint(t.hi-t.lo) {
		return t.tail(u)
	}
	i &= qtN - 1 // lo <= i < hi <= qtN: a no-op that drops the bounds checks
	a := t.q[i]
	return a + (x-float64(i))*(t.q[i+1]-a)
}

// tail computes the quantile at u exactly, for the buckets at the ends;
// u is kept below 1 (a mixture's rescaled draw can round up to it).
func (t *quantileTable) tail(u float64) float64 {
	return t.exact(min(u, 1-0x1p-53))
}

// qtKey names a tabulated distribution family and its shape parameter.
type qtKey struct {
	family string
	shape  float64
}

// quantileTables shares tables between distributions of the same family
// and shape (each LNKDSSD() has its own Pareto, the quorum preset four).
var quantileTables struct {
	sync.Mutex
	m map[qtKey]*quantileTable
}

// tableFor returns the shared table of key, building it with exact on
// first use; past qtCacheMax tables it builds one without keeping it.
func tableFor(key qtKey, exact func(u float64) float64) *quantileTable {
	quantileTables.Lock()
	defer quantileTables.Unlock()
	if t, ok := quantileTables.m[key]; ok {
		return t
	}
	t := newQuantileTable(exact)
	if quantileTables.m == nil {
		quantileTables.m = make(map[qtKey]*quantileTable)
	}
	if len(quantileTables.m) < qtCacheMax {
		quantileTables.m[key] = t
	}
	return t
}

// scaled returns scale·x as a Duration, saturating at the largest one
// (a heavy tail can draw beyond it).
func scaled(scale time.Duration, x float64) time.Duration {
	d := float64(scale) * x
	if d >= math.MaxInt64 {
		return math.MaxInt64
	}
	return time.Duration(d)
}
