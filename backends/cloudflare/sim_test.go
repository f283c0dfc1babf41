package cloudflare_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/backends/cloudflare"
	"github.com/kvchaos/kvchaos/edge"
	"github.com/kvchaos/kvchaos/internal/adaptertest"
	"github.com/kvchaos/kvchaos/kv"
	"github.com/kvchaos/kvchaos/sim"
)

// openIn opens the adapter against the emulator at endpoint, in region.
func openIn(t *testing.T, endpoint, region string) kv.Backend {
	b, err := cloudflare.New(cloudflare.Config{AccountID: "acct", NamespaceID: "ns", Token: token, Endpoint: endpoint, Region: region})
	require.NoError(t, err)
	return b
}

// TestEdgeSuite runs the cases every edge adapter shares against the
// emulator (what `kvchaos serve --dialect cloudflare` runs): linearizable
// over a Memory (a Workers KV without CAS) and over the simulator's
// linearizable preset; eventually consistent over edgecache, the
// simulator's model of Workers KV (Cloudflare promises no more), where a
// reader in another region keeps seeing its cached answer after a write
// was acknowledged, and the checker names the stale reads.
func TestEdgeSuite(t *testing.T) {
	t.Parallel()
	adaptertest.RunEdge(t, adaptertest.Edge{
		Dialect:  edge.Cloudflare,
		Token:    token,
		Open:     openIn,
		Eventual: sim.EdgeCache(),
		Step:     10 * time.Second,
	})
}
