package redis

import (
	"testing"
	"time"

	"github.com/kvchaos/kvchaos/internal/adaptertest"
	"github.com/kvchaos/kvchaos/kv"
	"github.com/kvchaos/kvchaos/kvtest"
)

// TestConformance runs the kvtest suite against the adapter on a real
// redis-server, each backend in a fresh namespace. Expiry is wall-clock on
// a real server, so the suite's TTL part checks that TTL writes are
// accepted and readable; TestAdapterExtras checks that they expire.
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
		TTL:    300 * time.Millisecond,
		Expiry: 3 * time.Second,
	})
}
