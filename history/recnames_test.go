package history

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/internal/addrtable"
)

// TestInternerNames checks that a name gets one id whichever string
// carries it (the same one again, an equal one elsewhere in memory), with
// its JSON form, across the address table's growth and its restart past
// addrtable.MaxSlots entries.
func TestInternerNames(t *testing.T) {
	in := interner{withJSON: true}
	names := make([]string, 3*addrtable.MaxSlots/2)
	for i := range names {
		names[i] = "k" + strconv.Itoa(i)
	}
	names[7] = "with \"quotes\"\n"
	ids := make([]uint32, len(names))
	for round := range 3 {
		for i, s := range names {
			if round == 2 {
				s = strings.Clone(s) // an equal string at another address
			}
			id, js := in.name(s)
			if round == 0 {
				ids[i] = id
			}
			require.Equal(t, ids[i], id, "%q, round %d", s, round)
			require.Equal(t, names[i], in.strs[id])
			require.Equal(t, string(appendJSONString(nil, names[i])), js)
		}
	}
	require.LessOrEqual(t, in.seen.Cap(), addrtable.MaxSlots)
	id, js := in.name("")
	require.Zero(t, id)
	require.Empty(t, js)
}
