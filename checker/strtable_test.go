package checker

import (
	"math/rand"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestStrTableInternsLikeAMap: equal strings get one id, different ones
// different ids, and get returns each string, before and after done,
// through several growths of the hash table and chunks of refs, with
// strings long enough to be kept whole among them.
func TestStrTableInternsLikeAMap(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	tab := newStrTable()
	want := map[string]uint32{"": 0}
	for i := range 200_000 {
		s := "v" + strconv.Itoa(rng.Intn(150_000))
		switch {
		case i%5000 == 0:
			s = strings.Repeat("x", bigString+1+rng.Intn(10)) + s
		case i%7 == 0:
			s = ""
		}
		id := tab.intern(s)
		if prev, ok := want[s]; ok {
			require.Equal(t, prev, id, "%q interned again", s)
			continue
		}
		want[s] = id
	}
	ids := map[uint32]bool{}
	for s, id := range want {
		assert.False(t, ids[id], "id %d given twice", id)
		ids[id] = true
		assert.Equal(t, s, tab.get(id))
		assert.True(t, tab.is(id, s))
		assert.False(t, tab.is(id, s+"x"))
	}
	tab.done()
	for s, id := range want {
		assert.Equal(t, s, tab.get(id))
	}
}
