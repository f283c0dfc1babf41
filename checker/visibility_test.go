package checker

import (
	"math/rand"
	"sort"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// TestVisibilityCurveMatchesSortedSamples: the tallies by rung give the
// curve a sort of every sample gives (the definition: at each rung t up to
// the largest delta, the share of fresh samples among those with delta >= t).
func TestVisibilityCurveMatchesSortedSamples(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	for round := range 200 {
		type sample struct {
			delta int64
			fresh bool
		}
		var samples []sample
		var vis visCounts
		for range 1 + rng.Intn(50) {
			s := sample{delta: rng.Int63n(int64(3 * time.Second)), fresh: rng.Intn(3) > 0}
			if rng.Intn(4) == 0 { // on a rung exactly
				s.delta = int64(visibilityLadder[rng.Intn(10)])
			}
			samples = append(samples, s)
			vis.add(s.delta, s.fresh)
		}
		sort.Slice(samples, func(a, b int) bool { return samples[a].delta < samples[b].delta })
		var want []VisibilityPoint
		for _, rung := range visibilityLadder {
			if rung > 0 && int64(rung) > samples[len(samples)-1].delta {
				break
			}
			j := sort.Search(len(samples), func(j int) bool { return samples[j].delta >= int64(rung) })
			fresh := 0
			for _, s := range samples[j:] {
				if s.fresh {
					fresh++
				}
			}
			want = append(want, VisibilityPoint{Delta: rung, Reads: len(samples) - j, Probability: float64(fresh) / float64(len(samples)-j)})
		}
		assert.Equal(t, want, vis.curve(), "round %d", round)
	}
	var none visCounts
	assert.Nil(t, none.curve())
}
