package sim

import (
	"fmt"
	"math"
	"time"
)

// Dist is a delay distribution. Sample draws from src only, so a
// simulation stays deterministic.
type Dist interface {
	// Sample returns one delay (never negative).
	Sample(src Source) time.Duration
	// String describes the distribution for docs and error messages.
	String() string
}

// Constant returns a distribution that is always d.
func Constant(d time.Duration) Dist { return constant(d) }

type constant time.Duration

func (c constant) Sample(Source) time.Duration { return time.Duration(c) }
func (c constant) String() string              { return fmt.Sprintf("constant(%v)", time.Duration(c)) }

// Uniform returns a distribution uniform in [lo, hi].
func Uniform(lo, hi time.Duration) Dist { return uniform{lo, hi} }

type uniform struct{ lo, hi time.Duration }

func (u uniform) Sample(src Source) time.Duration {
	return u.lo + time.Duration(src.Float64()*float64(u.hi-u.lo))
}
func (u uniform) String() string { return fmt.Sprintf("uniform(%v, %v)", u.lo, u.hi) }

// Exponential returns an exponential distribution with the given mean.
func Exponential(mean time.Duration) Dist {
	return exponential{mean, tableFor(qtKey{"exponential", 1}, func(u float64) float64 { return -math.Log1p(-u) })}
}

type exponential struct {
	mean time.Duration
	t    *quantileTable // Exponential(1)'s quantiles, for invert
}

func (e exponential) Sample(src Source) time.Duration {
	return time.Duration(float64(e.mean) * standardExp(src))
}

// standardExp draws an exponential with mean 1 from src: in one call when
// src is an expSource, else by inversion of one uniform.
func standardExp(src Source) float64 {
	if x, ok := src.(expSource); ok {
		return x.ExpFloat64()
	}
	return -math.Log(1 - src.Float64())
}
func (e exponential) String() string { return fmt.Sprintf("exponential(mean %v)", e.mean) }

func (e exponential) invert(u float64) time.Duration { return scaled(e.mean, e.t.at(u)) }

// LogNormal returns a log-normal distribution with the given median and
// shape sigma (the standard deviation of the underlying normal). Network
// round trips are commonly log-normal: most are near the median, a few are
// much slower.
func LogNormal(median time.Duration, sigma float64) Dist { return logNormal{median, sigma} }

type logNormal struct {
	median time.Duration
	sigma  float64
}

func (l logNormal) Sample(src Source) time.Duration {
	if l.sigma == 0 {
		return l.median
	}
	return scaledExp(l.median, l.sigma*normal(src))
}

// normal draws a standard normal from src: in one call when src is a
// normalSource, else by Box–Muller from two uniforms.
func normal(src Source) float64 {
	if n, ok := src.(normalSource); ok {
		return n.NormFloat64()
	}
	u1, u2 := 1-src.Float64(), src.Float64()
	return math.Sqrt(-2*math.Log(u1)) * math.Cos(2*math.Pi*u2)
}
func (l logNormal) String() string {
	return fmt.Sprintf("lognormal(median %v, sigma %g)", l.median, l.sigma)
}

// Pareto returns a Pareto distribution with scale xm (the minimum) and
// shape alpha: a heavy tail, as in PBS's production latency fits.
func Pareto(xm time.Duration, alpha float64) Dist {
	p := pareto{xm: xm, alpha: alpha}
	if alpha > 0 {
		p.t = tableFor(qtKey{"pareto", alpha}, func(u float64) float64 {
			return math.Exp(-math.Log1p(-u) / alpha) // (1-u)^(-1/α)
		})
	}
	return p
}

type pareto struct {
	xm    time.Duration
	alpha float64
	t     *quantileTable // Pareto(1, alpha)'s quantiles; nil when alpha is invalid
}

// Sample inverts one uniform draw through the quantile table of
// Pareto(1, α), xm·(1−u)^(−1/α): no math.Pow or math.Exp but in the
// extreme buckets of the tail.
func (p pareto) Sample(src Source) time.Duration {
	if p.t == nil {
		return p.xm // invalid; validDist reports it
	}
	return scaled(p.xm, p.t.at(src.Float64()))
}
func (p pareto) invert(u float64) time.Duration {
	if p.t == nil {
		return p.xm
	}
	return scaled(p.xm, p.t.at(u))
}
func (p pareto) String() string { return fmt.Sprintf("pareto(xm %v, alpha %g)", p.xm, p.alpha) }

// Mixture returns a distribution that draws from a with probability pa and
// from b otherwise (PBS fits its production latencies as Pareto/exponential
// mixtures).
func Mixture(pa float64, a, b Dist) Dist {
	m := mixture{pa: pa, a: a, b: b}
	ia, oka := asInverter(a)
	ib, okb := asInverter(b)
	if oka && okb && pa > 0 && pa < 1 {
		m.ia, m.ib = ia, ib
	}
	return m
}

type mixture struct {
	pa   float64
	a, b Dist
	// ia and ib are a and b when both invert a uniform draw (LNKDSSD's
	// Pareto and exponential): then one draw u picks the component and
	// places the sample in it.
	ia, ib inverter
}

func (m mixture) Sample(src Source) time.Duration {
	if m.ia != nil {
		return m.invert(src.Float64())
	}
	if src.Float64() < m.pa {
		return m.a.Sample(src)
	}
	return m.b.Sample(src)
}

// invert maps u < pa to a's quantile at u/pa and the rest to b's at
// (u−pa)/(1−pa): each is uniform given the component, so the draw has the
// mixture's distribution. Only for m.ia != nil.
func (m mixture) invert(u float64) time.Duration {
	if u < m.pa {
		return m.ia.invert(u / m.pa)
	}
	return m.ib.invert((u - m.pa) / (1 - m.pa))
}
func (m mixture) String() string { return fmt.Sprintf("mixture(%g: %v, %v)", m.pa, m.a, m.b) }

// inverter is a Dist drawn by inverting one uniform draw.
type inverter interface {
	// invert returns the sample of the draw u in [0, 1).
	invert(u float64) time.Duration
}

// asInverter returns d as an inverter if it is one (a mixture is when
// both its components are).
func asInverter(d Dist) (inverter, bool) {
	if m, ok := d.(mixture); ok && m.ia == nil {
		return nil, false
	}
	i, ok := d.(inverter)
	return i, ok
}

// validDist reports whether d's parameters make sense.
func validDist(d Dist) error {
	switch d := d.(type) {
	case nil:
		return fmt.Errorf("distribution is nil")
	case constant:
		if d < 0 {
			return fmt.Errorf("%v: negative delay", d)
		}
	case uniform:
		if d.lo < 0 || d.hi < d.lo {
			return fmt.Errorf("%v: need 0 <= lo <= hi", d)
		}
	case exponential:
		if d.mean < 0 {
			return fmt.Errorf("%v: negative mean", d)
		}
	case logNormal:
		if d.median < 0 || !(d.sigma >= 0) {
			return fmt.Errorf("%v: need median >= 0 and sigma >= 0", d)
		}
	case pareto:
		if d.xm < 0 || !(d.alpha > 0) {
			return fmt.Errorf("%v: need xm >= 0 and alpha > 0", d)
		}
	case mixture:
		if !(d.pa >= 0 && d.pa <= 1) {
			return fmt.Errorf("%v: weight must be in [0, 1]", d)
		}
		if err := validDist(d.a); err != nil {
			return err
		}
		return validDist(d.b)
	}
	return nil
}
