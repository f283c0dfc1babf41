package sim

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// script is a Dist returning its delays in turn, counting its draws.
type script struct {
	ds    []time.Duration
	draws int
}

func (s *script) Sample(Source) time.Duration {
	d := s.ds[s.draws%len(s.ds)]
	s.draws++
	return d
}

func (s *script) String() string { return fmt.Sprint("script", s.ds) }

// The quorum preset samples an answer delay only for replicas whose
// request arrives before enough answers are back: the others cannot be
// among the first R or W.
func TestQuorumLegsSampleOnlyTheAnswersNeeded(t *testing.T) {
	c, err := New(Config{Regions: []string{"only"}, Preset: QuorumConfig{N: 3, R: 1, W: 1}})
	require.NoError(t, err)
	q := c.eng.(*quorum)
	p := &proc{c: c, region: 0}
	ms := time.Millisecond

	out := &script{ds: []time.Duration{1 * ms, 5 * ms, 9 * ms}}
	back := &script{ds: []time.Duration{1 * ms}}
	ls := q.legs(p, 1, &sampler{d: out}, &sampler{d: back})
	require.Len(t, ls, 3)
	assert.Equal(t, 3, out.draws, "every request delay is drawn")
	assert.Equal(t, 1, back.draws, "replica 1's request arrives (5 ms) after replica 0 answered (2 ms)")
	assert.Equal(t, leg{rep: 0, out: int64(ms), back: int64(2 * ms)}, ls[0])

	out = &script{ds: []time.Duration{1 * ms, 5 * ms, 9 * ms}}
	back = &script{ds: []time.Duration{1 * ms}}
	ls = q.legs(p, 2, &sampler{d: out}, &sampler{d: back})
	assert.Equal(t, 2, back.draws, "two answers are needed; replica 2's request arrives after both")
	assert.Equal(t, []int64{int64(2 * ms), int64(6 * ms)}, []int64{ls[0].back, ls[1].back})

	out = &script{ds: []time.Duration{9 * ms, 5 * ms, 1 * ms}}
	back = &script{ds: []time.Duration{10 * ms, 1 * ms, 1 * ms}}
	ls = q.legs(p, 1, &sampler{d: out}, &sampler{d: back})
	assert.Equal(t, 2, back.draws, "in arrival order: replica 2 answers at 11 ms, replica 1 at 6 ms, replica 0 arrives after")
	assert.Equal(t, 1, ls[0].rep)
	assert.Equal(t, int64(6*ms), ls[0].back)
}
