package cloudflare_test

import (
	"testing"

	"github.com/kvchaos/kvchaos/edge"
	"github.com/kvchaos/kvchaos/internal/adaptertest"
	"github.com/kvchaos/kvchaos/kv"
	"github.com/kvchaos/kvchaos/kvtest"
)

// TestConformance runs the kvtest suite on the adapter against the
// emulator over a Memory: a linearizable Workers KV without CAS.
func TestConformance(t *testing.T) {
	t.Parallel()
	kvtest.Run(t, adaptertest.EdgeHarness(edge.Cloudflare, token, func(t *testing.T, endpoint string) kv.Backend {
		return newBackend(t, endpoint)
	}))
}
