package etcd

import (
	"testing"
	"time"

	"github.com/kvchaos/kvchaos/internal/adaptertest"
	"github.com/kvchaos/kvchaos/kv"
	"github.com/kvchaos/kvchaos/kvtest"
)

// TestConformance runs the kvtest suite against the adapter on a real
// single-node etcd, each backend in a fresh namespace. Leases expire on
// the server's wall clock, so the suite's TTL part checks that TTL writes
// are accepted and readable; TestAdapterExtras checks that they expire.
func TestConformance(t *testing.T) {
	kvtest.Run(t, kvtest.Harness{
		New:          func(t *testing.T) kv.Backend { return open(t) },
		Linearizable: true,
		Clients:      8,
		OpsPerClient: 100,
	})
}

// TestAdapterExtras runs what kvtest cannot check on a real server: expiry
// on the server's clock, cancelled calls as unknown outcomes, and cursors
// that stay valid while keys change between pages.
func TestAdapterExtras(t *testing.T) {
	adaptertest.Run(t, adaptertest.Harness{
		New:    func(t *testing.T) kv.Backend { return open(t) },
		TTL:    time.Second,
		Expiry: 5 * time.Second,
	})
}
