package sim

import "time"

// sampler draws from a Dist like its Sample does, draw for draw, with the
// parameters of a table-drawn distribution (a Pareto, or a mixture of
// Pareto and exponential like LNKDSSD) held inline: a draw follows no
// interface or pointer but to its quantile table. A hot loop keeps its
// samplers in its own struct (the quorum preset's four WARS delays, drawn
// several times per operation), so a draw does not chase a chain of heap
// objects that the rest of the operation has pushed out of the cache.
type sampler struct {
	d    Dist    // drawn through Sample when the distribution is not flat
	pa   float64 // u < pa draws a at u/pa, else b at (u−pa)/(1−pa)
	a, b flatInv
}

// flatInv is an inverter's scale and its scale-1 quantile table.
type flatInv struct {
	scale time.Duration
	t     *quantileTable
}

// newSampler returns d's sampler.
func newSampler(d Dist) sampler {
	if m, ok := d.(mixture); ok && m.ia != nil {
		a, aok := flatten(m.ia)
		b, bok := flatten(m.ib)
		if aok && bok {
			return sampler{pa: m.pa, a: a, b: b}
		}
	}
	if p, ok := d.(pareto); ok && p.t != nil {
		return sampler{pa: 1, a: flatInv{p.xm, p.t}}
	}
	return sampler{d: d}
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
	if s.d != nil {
		return s.d.Sample(src)
	}
	u := src.Float64()
	if u < s.pa {
		return scaled(s.a.scale, s.a.t.at(u/s.pa))
	}
	return scaled(s.b.scale, s.b.t.at((u-s.pa)/(1-s.pa)))
}
