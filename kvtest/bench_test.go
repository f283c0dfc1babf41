package kvtest_test

import (
	"testing"

	"github.com/kvchaos/kvchaos/kvtest"
	"github.com/kvchaos/kvchaos/sim"
)

// BenchmarkExploreVisitCounter measures finding and shrinking the lost
// update of the Update-based visit counter.
func BenchmarkExploreVisitCounter(b *testing.B) {
	for b.Loop() {
		if !kvtest.Explore(sim.Config{Preset: sim.Linearizable()}, visitsProperty(false)).Failed {
			b.Fatal("no counterexample found")
		}
	}
}
