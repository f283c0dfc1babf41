package cloudflare_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/backends/cloudflare"
	"github.com/kvchaos/kvchaos/checker"
	"github.com/kvchaos/kvchaos/edge"
	"github.com/kvchaos/kvchaos/internal/adaptertest"
	"github.com/kvchaos/kvchaos/internal/emutest"
	"github.com/kvchaos/kvchaos/kv"
	"github.com/kvchaos/kvchaos/kvtest"
	"github.com/kvchaos/kvchaos/sim"
)

// openIn opens the adapter against the emulator at endpoint, in region.
func openIn(t *testing.T, endpoint, region string) kv.Backend {
	b, err := cloudflare.New(cloudflare.Config{AccountID: "acct", NamespaceID: "ns", Token: token, Endpoint: endpoint, Region: region})
	require.NoError(t, err)
	return b
}

// simHarness is the conformance harness for the adapter against the
// emulator (what `kvchaos serve --dialect cloudflare` runs) over preset.
func simHarness(preset sim.Preset) kvtest.Harness {
	return adaptertest.EdgeSimHarness(edge.Cloudflare, preset, token, openIn)
}

// TestConformanceOverLinearizableSimulator runs the suite against the
// emulator over the simulator's linearizable preset: the adapter must be
// linearizable there.
func TestConformanceOverLinearizableSimulator(t *testing.T) {
	t.Parallel()
	kvtest.Run(t, simHarness(sim.Linearizable()))
}

// TestEventualChecksOverEdgeCache runs the suite against the edgecache
// preset, the simulator's model of Workers KV, declared eventually
// consistent (Cloudflare promises no more): every single-client read after
// Settle matches the model, and after concurrent clients every region
// converges on the same values.
func TestEventualChecksOverEdgeCache(t *testing.T) {
	t.Parallel()
	h := simHarness(sim.EdgeCache())
	require.False(t, h.Linearizable)
	h.Guarantee = checker.ExpectEventual
	kvtest.Run(t, h)
}

// TestEdgeCacheIsNotLinearizable shows what the eventual declaration does
// not claim: through the adapter, a reader in another region keeps seeing
// its cached answer after a write was acknowledged, which the checker finds
// not linearizable and names as stale reads, while the store still
// converges.
func TestEdgeCacheIsNotLinearizable(t *testing.T) {
	srv := emutest.Start(t, edge.Cloudflare, sim.Config{Seed: 1, Preset: sim.EdgeCache()}, token)
	h := emutest.WriterReader(t, srv, openIn, 5, 10*time.Second)

	emutest.RequireEventualNotLinearizable(t, h)
}
