package nats

import (
	"testing"
	"time"

	"github.com/kvchaos/kvchaos/internal/adaptertest"
	"github.com/kvchaos/kvchaos/kv"
)

// TestAdapter runs kvtest's conformance suite and the adapter extras on a
// real nats-server, each backend in a fresh bucket. nats-server before
// 2.11 has no per-message TTL: TTL 0 declares NoTTL to kvtest and has the
// extras check that TTL writes are refused with kv.ErrUnsupported. On a
// 2.11+ server the bucket allows it and keys must expire.
func TestAdapter(t *testing.T) {
	t.Parallel()
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
