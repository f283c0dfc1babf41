package sim

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/kvchaos/kvchaos/kv"
)

// A replicaSet keeps each replica's last-writer-wins state apart: a write
// applied to one replica is not on the others until merged or settled, an
// older write never overwrites a newer one, a cleared replica holds
// nothing, and listings and keys see only live entries.
func TestReplicaSetKeepsReplicasApart(t *testing.T) {
	s := newReplicaSet(3)
	old := entry{val: []byte("old"), ver: "1", ts: 10, id: 1}
	cur := entry{val: []byte("new"), ver: "2", ts: 20, id: 2}
	gone := entry{ver: "", ts: 30, id: 3, del: true}
	neg := entry{val: []byte("skewed"), ver: "4", ts: -5, id: 4} // a clock behind zero

	s.lww(0, "a", cur)
	s.lww(0, "a", old)
	e, ok := s.get(0, "a", 0)
	assert.True(t, ok)
	assert.Equal(t, kv.Version("2"), e.ver, "the older write loses")
	_, ok = s.at(1, "a")
	assert.False(t, ok, "replica 1 has not heard of it")

	s.lww(2, "b", neg)
	e, ok = s.get(2, "b", 0)
	assert.True(t, ok, "an entry with a negative timestamp is still there")
	assert.Equal(t, kv.Version("4"), e.ver)

	s.lww(1, "a", gone)
	_, ok = s.get(1, "a", 0)
	assert.False(t, ok, "a tombstone is not live")
	assert.Equal(t, []string{"a", "b"}, s.keys(0))
	assert.Equal(t, kv.Page{Keys: []string{"a"}}, s.list(0, "", "", 10, 0))
	assert.Equal(t, kv.Page{Keys: []string{}}, s.list(1, "", "", 10, 0))

	s.mergeFrom(1, 0)
	_, ok = s.get(1, "a", 0)
	assert.False(t, ok, "merging replica 0's older write does not undo the tombstone")
	s.mergeFrom(0, 2)
	e, _ = s.get(0, "b", 0)
	assert.Equal(t, kv.Version("4"), e.ver)

	s.clear(0)
	_, ok = s.at(0, "a")
	assert.False(t, ok, "a crash empties the replica")

	merged := newReplica()
	s.mergeInto(merged, 2)
	assert.Equal(t, kv.Page{Keys: []string{"b"}}, merged.list("", "", 10, 0))

	s.settle()
	for i := range 3 {
		a, _ := s.at(i, "a")
		b, _ := s.at(i, "b")
		assert.Equal(t, uint64(3), a.id, "replica %d: the newest write of a everywhere", i)
		assert.Equal(t, uint64(4), b.id, "replica %d: b everywhere", i)
	}
	assert.Equal(t, []string{"b"}, s.keys(0))
}
