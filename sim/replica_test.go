package sim

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A replica finds a key's entry whichever string spells the key: the very
// string it saw before (by its address), or equal bytes elsewhere (through
// the map), also after a miss on the first string was remembered.
func TestReplicaFindsKeysByAddressAndByBytes(t *testing.T) {
	r := newReplica()
	a := strings.Clone("k1")
	b := strings.Clone("k1")
	_, found := r.get(a, 0)
	require.False(t, found)

	r.set(b, entry{val: []byte("v1"), id: 1, ts: 1})
	e, found := r.get(a, 0)
	require.True(t, found, "a miss on a's address does not hide b's write")
	assert.Equal(t, "v1", string(e.val))

	r.set(a, entry{val: []byte("v2"), id: 2, ts: 2})
	e, found = r.get(b, 0)
	require.True(t, found)
	assert.Equal(t, "v2", string(e.val), "one entry per key, whichever string wrote it")

	r.lww(a, entry{val: []byte("old"), id: 3, ts: 1})
	e, _ = r.get(b, 0)
	assert.Equal(t, "v2", string(e.val), "an older write loses")
	r.lww(strings.Clone("k1"), entry{val: []byte("v3"), id: 4, ts: 3})
	e, _ = r.get(a, 0)
	assert.Equal(t, "v3", string(e.val), "a newer one wins")

	r.lww("k2", entry{val: []byte("x"), id: 5, ts: 1, del: true})
	assert.Equal(t, []string{"k1"}, r.list("k", "", 10, 0).Keys, "a tombstone is not listed")
	set := map[string]bool{}
	r.liveKeys(set, 0)
	assert.Equal(t, map[string]bool{"k1": true}, set)
}

// A replica set finds a key's row likewise, by address or by bytes.
func TestReplicaSetFindsRowsByAddressAndByBytes(t *testing.T) {
	s := newReplicaSet(2)
	a := strings.Clone("k")
	_, found := s.at(0, a)
	require.False(t, found)
	s.lww(1, strings.Clone("k"), entry{val: []byte("v1"), id: 1, ts: 1})
	e, found := s.at(1, a)
	require.True(t, found, "a miss on a's address does not hide the other string's write")
	assert.Equal(t, "v1", string(e.val))
	s.lww(0, a, entry{val: []byte("v2"), id: 2, ts: 2})
	e, _ = s.at(0, strings.Clone("k"))
	assert.Equal(t, "v2", string(e.val))
	assert.Len(t, s.rows, 1, "one row per key")
}
