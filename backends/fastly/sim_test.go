package fastly_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/backends/fastly"
	"github.com/kvchaos/kvchaos/checker"
	"github.com/kvchaos/kvchaos/edge"
	"github.com/kvchaos/kvchaos/internal/adaptertest"
	"github.com/kvchaos/kvchaos/internal/emutest"
	"github.com/kvchaos/kvchaos/kv"
	"github.com/kvchaos/kvchaos/kvtest"
	"github.com/kvchaos/kvchaos/sim"
)

// openIn opens the adapter against the emulator at endpoint, in region.
// The suite's keys include characters Fastly forbids, so keys are escaped.
func openIn(t *testing.T, endpoint, region string) kv.Backend {
	b, err := fastly.New(fastly.Config{StoreID: "s", Token: token, Endpoint: endpoint, Region: region, EscapeKeys: true})
	require.NoError(t, err)
	return b
}

// simHarness is the conformance harness for the adapter against the
// emulator (what `kvchaos serve --dialect fastly` runs) over preset.
func simHarness(preset sim.Preset) kvtest.Harness {
	h := adaptertest.EdgeSimHarness(edge.Fastly, preset, token, openIn)
	h.UnorderedList = true // escaped keys list in escaped byte order
	return h
}

// TestConformanceOverLinearizableSimulator runs the suite against the
// emulator over the simulator's linearizable preset: the adapter must be
// linearizable there, and UpdateAtomic over generation CAS exact.
func TestConformanceOverLinearizableSimulator(t *testing.T) {
	t.Parallel()
	kvtest.Run(t, simHarness(sim.Linearizable()))
}

// TestEventualChecksOverReplicated runs the suite against the replicated
// preset, the simulator's model of the Fastly KV Store, declared eventually
// consistent (Fastly promises no more): single-client reads after Settle
// match the model, UpdateAtomic through generation CAS at the primary stays
// exact, and every region converges.
func TestEventualChecksOverReplicated(t *testing.T) {
	t.Parallel()
	h := simHarness(sim.Replicated())
	require.False(t, h.Linearizable)
	h.Guarantee = checker.ExpectEventual
	kvtest.Run(t, h)
}

// TestReplicatedIsNotLinearizable shows what the eventual declaration does
// not claim: through the adapter, a reader in another region misses writes
// that were acknowledged but not yet replicated, which the checker finds
// not linearizable, while the store still converges.
func TestReplicatedIsNotLinearizable(t *testing.T) {
	srv := emutest.Start(t, edge.Fastly, sim.Config{Seed: 1, Preset: sim.Replicated()}, token)
	h := emutest.WriterReader(t, srv, openIn, 5, 10*time.Millisecond)

	emutest.RequireEventualNotLinearizable(t, h)
}
