package postgres

import (
	"testing"
	"time"

	"github.com/kvchaos/kvchaos/internal/adaptertest"
	"github.com/kvchaos/kvchaos/kv"
)

// TestAdapter runs kvtest's conformance suite and the adapter extras on a
// real PostgreSQL, each backend in a fresh table. Expiry compares with the
// server's clock: kvtest checks TTL writes are readable, the extras that
// they expire within 300 ms + 3 s.
func TestAdapter(t *testing.T) {
	t.Parallel()
	adaptertest.Run(t, adaptertest.Harness{
		New:    func(t *testing.T) kv.Backend { return open(t) },
		TTL:    300 * time.Millisecond,
		Expiry: 3 * time.Second,
	})
}
