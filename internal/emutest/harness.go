package emutest

import (
	"sync"
	"testing"
	"time"

	"github.com/kvchaos/kvchaos/edge"
	"github.com/kvchaos/kvchaos/kv"
	"github.com/kvchaos/kvchaos/kvtest"
	"github.com/kvchaos/kvchaos/sim"
)

// Open returns the adapter under test talking to the emulator at endpoint,
// placed in region (through the emulator's region header).
type Open func(t *testing.T, endpoint, region string) kv.Backend

// Harness returns a kvtest.Harness whose New starts a fresh emulator of
// dialect over a cluster built from cfg (Speed must be 0: the suite moves
// the virtual clock) and opens the adapter in the first region.
//
// The linearizable preset (cfg.Preset nil or named "linearizable") is
// declared Linearizable. Any other preset is declared eventually
// consistent: Settle is the cluster's Quiesce, and Replicas opens the
// adapter once per region, so the convergence check reads every region
// through the REST API. Advance moves the cluster's virtual clock, which
// drives TTL expiry. Callers set Limits, Guarantee, UnorderedList and the
// client counts on the result.
func Harness(dialect edge.Dialect, cfg sim.Config, token string, open Open) kvtest.Harness {
	var mu sync.Mutex
	type entry struct {
		srv  *Server
		open func(region string) kv.Backend
	}
	made := map[kv.Backend]entry{}
	lookup := func(b kv.Backend) (entry, bool) {
		mu.Lock()
		defer mu.Unlock()
		e, ok := made[b]
		return e, ok
	}
	linearizable := cfg.Preset == nil || cfg.Preset.Name() == "linearizable"
	h := kvtest.Harness{
		Linearizable: linearizable,
		New: func(t *testing.T) kv.Backend {
			if cfg.Speed != 0 {
				t.Fatalf("emutest.Harness: sim.Config.Speed is %g; the suite moves the clock itself, leave it 0", cfg.Speed)
			}
			srv := Start(t, dialect, cfg, token)
			regions := srv.Cluster.Regions()
			b := open(t, srv.URL, regions[0])
			mu.Lock()
			made[b] = entry{srv: srv, open: func(r string) kv.Backend { return open(t, srv.URL, r) }}
			mu.Unlock()
			return b
		},
		Advance: func(b kv.Backend, d time.Duration) {
			if e, ok := lookup(b); ok {
				_ = e.srv.Cluster.Advance(d)
			}
		},
		Replicas: func(b kv.Backend) []kv.Backend {
			e, ok := lookup(b)
			if !ok {
				return nil
			}
			var rs []kv.Backend
			for _, r := range e.srv.Cluster.Regions() {
				rs = append(rs, e.open(r))
			}
			return rs
		},
	}
	if !linearizable {
		h.Settle = func(b kv.Backend) {
			if e, ok := lookup(b); ok {
				_ = e.srv.Cluster.Quiesce()
			}
		}
	}
	return h
}
