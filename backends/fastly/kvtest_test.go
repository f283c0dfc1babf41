package fastly_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/backends/fastly"
	"github.com/kvchaos/kvchaos/edge"
	"github.com/kvchaos/kvchaos/internal/adaptertest"
	"github.com/kvchaos/kvchaos/kv"
	"github.com/kvchaos/kvchaos/kvtest"
)

// TestConformance runs the kvtest suite on the adapter against the
// emulator over a Memory: a linearizable KV Store with generation CAS. The
// suite's keys include characters Fastly forbids, so the adapter escapes
// keys, and listings are then in escaped byte order.
func TestConformance(t *testing.T) {
	t.Parallel()
	h := adaptertest.EdgeHarness(edge.Fastly, token, func(t *testing.T, endpoint string) kv.Backend {
		b, err := fastly.New(fastly.Config{StoreID: "s", Token: token, Endpoint: endpoint, EscapeKeys: true})
		require.NoError(t, err)
		return b
	})
	h.UnorderedList = true
	kvtest.Run(t, h)
}
