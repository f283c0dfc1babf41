package fastly_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/backends/fastly"
	"github.com/kvchaos/kvchaos/edge"
	"github.com/kvchaos/kvchaos/internal/adaptertest"
	"github.com/kvchaos/kvchaos/kv"
	"github.com/kvchaos/kvchaos/sim"
)

// openIn opens the adapter against the emulator at endpoint, in region.
// The suite's keys include characters Fastly forbids, so keys are escaped.
func openIn(t *testing.T, endpoint, region string) kv.Backend {
	b, err := fastly.New(fastly.Config{StoreID: "s", Token: token, Endpoint: endpoint, Region: region, EscapeKeys: true})
	require.NoError(t, err)
	return b
}

// TestEdgeSuite runs the cases every edge adapter shares against the
// emulator (what `kvchaos serve --dialect fastly` runs): linearizable over
// a Memory (a KV Store with generation CAS) and over the simulator's
// linearizable preset, UpdateAtomic over generation CAS exact; eventually
// consistent over replicated, the simulator's model of the Fastly KV Store
// (Fastly promises no more), where a reader in another region misses
// writes acknowledged but not yet replicated. Escaped keys list in escaped
// byte order, so listings are declared unordered.
func TestEdgeSuite(t *testing.T) {
	t.Parallel()
	adaptertest.RunEdge(t, adaptertest.Edge{
		Dialect:       edge.Fastly,
		Token:         token,
		Open:          openIn,
		UnorderedList: true,
		Eventual:      sim.Replicated(),
		Step:          10 * time.Millisecond,
	})
}
