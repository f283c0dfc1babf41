package sim

import "time"

// sampler draws from a Dist exactly as its Sample does, draw for draw,
// with the parameters of the common distributions (constant, uniform,
// log-normal, and the table-drawn Pareto and Pareto/exponential mixtures
// like LNKDSSD) held inline: a draw follows no interface or pointer but to
// a quantile table. Hot paths keep their samplers in their own structs
// (the link latencies, the quorum preset's four WARS delays, the
// replicated preset's lag, each drawn once or more per operation), so a
// draw does not chase a chain of heap objects that the rest of the
// operation has pushed out of the cache.
type sampler struct {
	kind   samplerKind
	d      Dist          // kindDist: drawn through Sample
	lo, hi time.Duration // constant (lo), uniform (lo, hi), log-normal (lo: median)
	sigma  float64       // log-normal
	pa     float64       // kindTable: u < pa draws a at u/pa, else b at (u−pa)/(1−pa)
	a, b   flatInv
}

type samplerKind uint8

const (
	kindDist samplerKind = iota
	kindConstant
	kindUniform
	kindLogNormal
	kindTable
)

// flatInv is an inverter's scale and its scale-1 quantile table.
type flatInv struct {
	scale time.Duration
	t     *quantileTable
}

// newSampler returns d's sampler.
func newSampler(d Dist) sampler {
	switch d := d.(type) {
	case constant:
		return sampler{kind: kindConstant, lo: time.Duration(d)}
	case uniform:
		return sampler{kind: kindUniform, lo: d.lo, hi: d.hi}
	case logNormal:
		return sampler{kind: kindLogNormal, lo: d.median, sigma: d.sigma}
	case pareto:
		if d.t != nil {
			return sampler{kind: kindTable, pa: 1, a: flatInv{d.xm, d.t}}
		}
	case mixture:
		if d.ia != nil {
			a, aok := flatten(d.ia)
			b, bok := flatten(d.ib)
			if aok && bok {
				return sampler{kind: kindTable, pa: d.pa, a: a, b: b}
			}
		}
	}
	return sampler{kind: kindDist, d: d}
}

// flatten returns the flat form of a Pareto or an exponential inverter.
func flatten(i inverter) (flatInv, bool) {
	switch d := i.(type) {
	case pareto:
		return flatInv{d.xm, d.t}, d.t != nil
	case exponential:
		return flatInv{d.mean, d.t}, true
	}
	return flatInv{}, false
}

// sample draws one delay from src: what s's Dist's Sample draws.
func (s *sampler) sample(src Source) time.Duration {
	switch s.kind {
	case kindConstant:
		return s.lo
	case kindUniform:
		return s.lo + time.Duration(src.Float64()*float64(s.hi-s.lo))
	case kindLogNormal:
		if s.sigma == 0 {
			return s.lo
		}
		return scaledExp(s.lo, s.sigma*normal(src))
	case kindTable:
		u := src.Float64()
		if u < s.pa {
			return scaled(s.a.scale, s.a.t.at(u/s.pa))
		}
		return scaled(s.b.scale, s.b.t.at((u-s.pa)/(1-s.pa)))
	}
	return s.d.Sample(src)
}
