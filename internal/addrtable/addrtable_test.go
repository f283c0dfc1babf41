package addrtable

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLookupFindsTheVeryString(t *testing.T) {
	var tb Table[int]
	keys := make([]string, 5000) // past several doublings
	for i := range keys {
		keys[i] = "key-" + strconv.Itoa(i)
		v, found := tb.Lookup(keys[i])
		require.False(t, found, keys[i])
		*v = i
	}
	require.Equal(t, len(keys), tb.Len())
	for i, k := range keys {
		v, found := tb.Lookup(k)
		require.True(t, found, k)
		require.Equal(t, i, *v, k)
	}
	same := strings.Clone(keys[7])
	_, found := tb.Lookup(same)
	assert.False(t, found, "equal bytes elsewhere are another entry")
	_, found = tb.Lookup(keys[7][:3])
	assert.False(t, found, "a prefix at the same address is another entry")

	v, found := tb.Lookup("")
	assert.False(t, found)
	*v = 42
	v, found = tb.Lookup("")
	assert.False(t, found, "the empty string is never kept")
	assert.Zero(t, *v)
}

func TestTableStartsOverWhenFull(t *testing.T) {
	var tb Table[int]
	first := "first"
	*must(tb.Lookup(first)) = 1
	for i := range MaxSlots {
		tb.Lookup(strconv.Itoa(i))
	}
	assert.LessOrEqual(t, tb.Cap(), MaxSlots)
	_, found := tb.Lookup(first)
	assert.False(t, found, "entries from before the restart are gone")
}

func must(v *int, _ bool) *int { return v }
