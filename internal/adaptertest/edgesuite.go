package adaptertest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/checker"
	"github.com/kvchaos/kvchaos/edge"
	"github.com/kvchaos/kvchaos/internal/emutest"
	"github.com/kvchaos/kvchaos/kv"
	"github.com/kvchaos/kvchaos/kvtest"
	"github.com/kvchaos/kvchaos/sim"
)

// Edge describes an edge adapter for RunEdge.
type Edge struct {
	// Dialect is the REST API the adapter speaks; Token its credential.
	Dialect edge.Dialect
	Token   string
	// Open opens the adapter against the emulator at endpoint, in region
	// ("" is the emulator's first).
	Open emutest.Open
	// UnorderedList declares listings out of key order (escaped keys list
	// in escaped byte order).
	UnorderedList bool
	// Eventual is the simulator preset that models the real service,
	// which promises eventual consistency and no more.
	Eventual sim.Preset
	// Step is how far the virtual clock moves between a write and the
	// other region's read in the stale-read case.
	Step time.Duration
}

// RunEdge runs the conformance cases every edge adapter shares, each a
// parallel subtest over emulators of its own:
//   - Memory: kvtest over the emulator on a kv.NewMemory backend, declared
//     linearizable;
//   - LinearizableSim: kvtest over the simulator's linearizable preset,
//     declared linearizable;
//   - Eventual: kvtest over e.Eventual, declared eventually consistent:
//     single-client reads after Settle match the model and every region
//     converges after concurrent clients;
//   - NotLinearizable: what that declaration does not claim — a reader in
//     another region misses acknowledged writes, which the checker finds
//     not linearizable, while the store still converges.
func RunEdge(t *testing.T, e Edge) {
	runParallel(t,
		parallelCase{"Memory", func(t *testing.T) {
			h := edgeHarness(e.Dialect, e.Token, func(t *testing.T, endpoint string) kv.Backend { return e.Open(t, endpoint, "") })
			h.UnorderedList = e.UnorderedList
			kvtest.Run(t, h)
		}},
		parallelCase{"LinearizableSim", func(t *testing.T) {
			kvtest.Run(t, e.simHarness(sim.Linearizable()))
		}},
		parallelCase{"Eventual", func(t *testing.T) {
			h := e.simHarness(e.Eventual)
			require.False(t, h.Linearizable, "preset %s is declared linearizable", e.Eventual.Name())
			h.Guarantee = checker.ExpectEventual
			kvtest.Run(t, h)
		}},
		parallelCase{"NotLinearizable", func(t *testing.T) {
			srv := emutest.Start(t, e.Dialect, sim.Config{Seed: 1, Preset: e.Eventual}, e.Token)
			emutest.RequireEventualNotLinearizable(t, emutest.WriterReader(t, srv, e.Open, 5, e.Step))
		}},
	)
}

func (e Edge) simHarness(preset sim.Preset) kvtest.Harness {
	h := edgeSimHarness(e.Dialect, preset, e.Token, e.Open)
	h.UnorderedList = e.UnorderedList
	return h
}
