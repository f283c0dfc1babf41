package backends

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestPrefixedKeys checks that the table returns prefix+key for the same
// key strings passed again and again (past its growth and its starting
// over), for equal keys at other addresses and for the empty key.
func TestPrefixedKeys(t *testing.T) {
	var tab prefixedKeys
	names := make([]string, 3000)
	for i := range names {
		names[i] = "k" + strconv.Itoa(i)
	}
	for round := range 3 {
		for _, k := range names {
			require.Equal(t, "p/"+k, tab.get("p/", k))
			fresh := strings.Clone(k) // same bytes, another address
			require.Equal(t, "p/"+k, tab.get("p/", fresh), "round %d", round)
		}
	}
	require.Equal(t, "p/", tab.get("p/", ""))
	require.Less(t, 2*tab.n, len(tab.slots))
	require.LessOrEqual(t, len(tab.slots), maxPrefixedKeys)
	for i := range 3 * maxPrefixedKeys / 2 { // keys built per call: starts over
		k := "x" + strconv.Itoa(i)
		require.Equal(t, "p/"+k, tab.get("p/", k))
	}
	require.LessOrEqual(t, len(tab.slots), maxPrefixedKeys)
}
