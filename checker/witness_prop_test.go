package checker

import (
	"testing"
	"time"

	"github.com/anishathalye/porcupine"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/kvchaos/kvchaos/model"
)

// search enumerates every legal order of part that respects real time
// (no memo, so only for a handful of ops): the longest one's length,
// which ops ever get placed, and which were ever allowed next by real
// time.
type search struct {
	pm              porcupine.Model
	part            []porcupine.Operation
	longest         int
	placed, allowed []bool
}

func (s *search) run(state interface{}, in []bool, n int) {
	s.longest = max(s.longest, n)
	for y := range s.part {
		if in[y] || !s.next(in, y) {
			continue
		}
		s.allowed[y] = true
		ok, next := s.pm.Step(state, s.part[y].Input, s.part[y].Output)
		if !ok {
			continue
		}
		s.placed[y] = true
		in[y] = true
		s.run(next, in, n+1)
		in[y] = false
	}
}

// next reports whether real time lets op y come next: no op left out
// returned before y was called.
func (s *search) next(in []bool, y int) bool {
	for z := range s.part {
		if !in[z] && z != y && s.part[z].Return < s.part[y].Call {
			return false
		}
	}
	return true
}

// The named op and the orders the explanation speaks of agree with an
// exhaustive search of small random single-key histories.
func TestWitnessAgreesWithExhaustiveSearch(t *testing.T) {
	pm, err := model.KindKV.Porcupine()
	require.NoError(t, err)
	rapid.Check(t, func(t *rapid.T) {
		var b hb
		n := rapid.IntRange(2, 7).Draw(t, "ops")
		for i := 0; i < n; i++ {
			call := int64(rapid.IntRange(0, 20).Draw(t, "call"))
			ret := call + int64(rapid.IntRange(0, rapid.SampledFrom([]int{3, 8, 20}).Draw(t, "spread")).Draw(t, "length"))
			v := rapid.SampledFrom([]string{"a", "b", "c"}).Draw(t, "value")
			if rapid.Bool().Draw(t, "put") {
				b.put(i%3, "", "x", v, call, ret)
			} else if rapid.IntRange(0, 3).Draw(t, "absent") == 0 {
				b.getAbsent(i%3, "x", call, ret)
			} else {
				b.get(i%3, "", "x", v, call, ret)
			}
		}
		parts, ids, keys, _, err := linOps(newIndex(b.h), model.KindKV)
		require.NoError(t, err)
		require.Len(t, parts, 1)
		s := &search{pm: pm, part: parts[0], placed: make([]bool, n), allowed: make([]bool, n)}
		s.run(pm.Init(), make([]bool, n), 0)
		if s.longest == n {
			return // linearizable
		}
		iParts, err := internParts(parts, true)
		require.NoError(t, err)
		w := explainIllegal(pm, parts[0], iParts[0], ids[0], keys[0], time.Minute)
		require.Equal(t, explainIllegal(pm, parts[0], nil, ids[0], keys[0], time.Minute), w,
			"searching the interned ops names the same witness")
		require.NotEmpty(t, w.text, "an exhaustive search names a witness")
		require.Equal(t, s.longest, w.longest, w.text)
		x := -1
		for i, id := range ids[0] {
			if id == w.op {
				x = i
			}
		}
		require.GreaterOrEqual(t, x, 0)
		if !w.blocked {
			require.False(t, s.placed[x], "op %d is placed by some legal order: %s", w.op, w.text)
			require.True(t, s.allowed[x], "op %d can never come next: %s", w.op, w.text)
		}
	})
}
