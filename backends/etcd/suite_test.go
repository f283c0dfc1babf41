package etcd

import (
	"testing"
	"time"

	"github.com/kvchaos/kvchaos/internal/adaptertest"
	"github.com/kvchaos/kvchaos/kv"
)

// TestAdapter runs kvtest's conformance suite and the adapter extras on a
// real single-node etcd, each backend in a fresh namespace. Leases expire
// on the server's clock in whole seconds: kvtest checks TTL writes are
// readable, the extras that they expire.
func TestAdapter(t *testing.T) {
	t.Parallel()
	adaptertest.Run(t, adaptertest.Harness{
		New:    func(t *testing.T) kv.Backend { return open(t) },
		TTL:    time.Second,
		Expiry: 5 * time.Second,
	})
}
