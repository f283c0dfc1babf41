package nats

import (
	"testing"
	"time"

	"github.com/kvchaos/kvchaos/internal/adaptertest"
	"github.com/kvchaos/kvchaos/kv"
	"github.com/kvchaos/kvchaos/kvtest"
)

// TestConformance runs the kvtest suite against the adapter on a real
// nats-server, each backend in a fresh bucket. A server before 2.11 has no
// per-message TTL, so the harness declares NoTTL there; on a newer one TTL
// writes are checked to be accepted and readable and TestAdapterExtras checks
// that they expire.
func TestConformance(t *testing.T) {
	kvtest.Run(t, kvtest.Harness{
		New:          func(t *testing.T) kv.Backend { return open(t) },
		Linearizable: true,
		Clients:      8,
		OpsPerClient: 100,
		NoTTL:        !open(t).msgTTL,
	})
}

// TestAdapterExtras runs what kvtest cannot check on a real server: expiry
// on the server's clock, cancelled calls as unknown outcomes, and cursors
// that stay valid while keys change between pages.
func TestAdapterExtras(t *testing.T) {
	// nats-server before 2.11 has no per-message TTL: the suite checks the
	// adapter says so (TTL 0). On a 2.11+ server the bucket allows it.
	ttl := time.Duration(0)
	if open(t).msgTTL {
		ttl = time.Second
	}
	adaptertest.Run(t, adaptertest.Harness{
		New:    func(t *testing.T) kv.Backend { return open(t) },
		TTL:    ttl,
		Expiry: 5 * time.Second,
	})
}
