package kvtest

import (
	"testing"
	"time"

	"github.com/kvchaos/kvchaos/kv"
	"github.com/kvchaos/kvchaos/sim"
)

// simRegion is a free-running region backend that remembers its cluster,
// so the harness can settle it, advance its clock and find its replicas.
type simRegion struct {
	kv.Backend
	c *sim.Cluster
}

// Unwrap returns the region backend.
func (r simRegion) Unwrap() kv.Backend { return r.Backend }

// simRegionCAS is a simRegion over a preset with compare-and-set.
type simRegionCAS struct {
	simRegion
	kv.CAS
}

func wrapRegion(b kv.Backend, c *sim.Cluster) kv.Backend {
	r := simRegion{Backend: b, c: c}
	if cas, ok := b.(kv.CAS); ok {
		return simRegionCAS{simRegion: r, CAS: cas}
	}
	return r
}

// clusterOf finds the cluster of a backend SimHarness made, seeing through
// wrappers with an Unwrap() kv.Backend method.
func clusterOf(b kv.Backend) *sim.Cluster {
	for b != nil {
		switch r := b.(type) {
		case simRegion:
			return r.c
		case simRegionCAS:
			return r.c
		}
		u, ok := b.(interface{ Unwrap() kv.Backend })
		if !ok {
			return nil
		}
		b = u.Unwrap()
	}
	return nil
}

// SimHarness returns the Harness for the simulator configured by cfg
// (cfg.Seed fixes its randomness; Speed must stay 0). Each New builds a
// fresh cluster and returns a free-running backend in its first region.
// The Linearizable preset is declared linearizable and gets its virtual
// clock advanced for the TTL parts; the other presets are checked for
// convergence, with Quiesce as Settle and every region as a replica.
func SimHarness(cfg sim.Config) Harness {
	linearizable := cfg.Preset == nil || cfg.Preset.Name() == "linearizable"
	h := Harness{
		New: func(t *testing.T) kv.Backend {
			c, err := sim.New(cfg)
			if err != nil {
				t.Fatalf("kvtest.SimHarness: %v", err)
			}
			return wrapRegion(c.Region(c.Regions()[0]), c)
		},
		Linearizable: linearizable,
		Advance: func(b kv.Backend, d time.Duration) {
			if c := clusterOf(b); c != nil {
				_ = c.Advance(d)
			}
		},
		Replicas: func(b kv.Backend) []kv.Backend {
			c := clusterOf(b)
			if c == nil {
				return nil
			}
			var rs []kv.Backend
			for _, r := range c.Regions() {
				rs = append(rs, c.Region(r))
			}
			return rs
		},
	}
	if !linearizable {
		h.Settle = func(b kv.Backend) {
			if c := clusterOf(b); c != nil {
				_ = c.Quiesce()
			}
		}
	}
	return h
}
