package sim

import "math/rand/v2"

// Source is where every random choice of a simulation comes from: which
// client runs next, each latency, each message loss, the nemesis schedule
// and the Pacer jitter. The simulator calls it only while exactly one
// goroutine of the simulation runs, never concurrently, so an implementation
// may draw from a property-testing framework (kvtest feeds it from rapid, so
// rapid can shrink a failing schedule).
//
// A Source may also have NormFloat64() float64 (a standard normal draw)
// and ExpFloat64() float64 (an exponential draw with mean 1) methods:
// LogNormal and Exponential then take one draw from them (the default
// Source has both, with math/rand/v2's ziggurat, several times faster)
// instead of Box–Muller over two Float64 draws or inverting one. Pareto
// and LNKDSSD draw one Float64 either way (through quantile tables).
// A Source fed by a property-testing framework needs only Intn and Float64.
type Source interface {
	// Intn returns a number in [0, n); n > 0.
	Intn(n int) int
	// Float64 returns a number in [0, 1).
	Float64() float64
}

// normalSource is a Source's optional NormFloat64 (see Source).
type normalSource interface {
	// NormFloat64 returns a normally distributed number with mean 0 and
	// standard deviation 1.
	NormFloat64() float64
}

// expSource is a Source's optional ExpFloat64 (see Source). Exponential
// uses it; inside a Mixture with a Pareto (LNKDSSD) the exponential
// inverts the mixture's one Float64 through a quantile table instead.
type expSource interface {
	// ExpFloat64 returns an exponentially distributed number with rate 1.
	ExpFloat64() float64
}

// newSource returns the default Source: a PCG generator seeded with seed.
func newSource(seed uint64) Source {
	pcg := rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)
	return &pcgSource{rand.New(pcg), pcg}
}

// pcgSource draws from pcg through r, except Float64, the most frequent
// draw, which computes what r.Float64 does straight from pcg, without
// r's call through its Source interface.
type pcgSource struct {
	r   *rand.Rand
	pcg *rand.PCG
}

func (s *pcgSource) Intn(n int) int   { return s.r.IntN(n) }
func (s *pcgSource) Float64() float64 { return float64(s.pcg.Uint64()<<11>>11) / (1 << 53) }

// NormFloat64 implements normalSource.
func (s *pcgSource) NormFloat64() float64 { return s.r.NormFloat64() }

// ExpFloat64 implements expSource.
func (s *pcgSource) ExpFloat64() float64 { return s.r.ExpFloat64() }
