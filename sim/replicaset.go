package sim

import (
	"slices"
	"strings"

	"github.com/kvchaos/kvchaos/internal/addrtable"
	"github.com/kvchaos/kvchaos/kv"
)

// replicaSet holds the data of n replicas (the replicated preset's
// regions, the quorum preset's N nodes) by key: a key's entries on all n
// replicas share one row. Applying a replication message then costs one
// map lookup (a map of entries per replica looks the key up, then assigns
// it), and a row, once made, stays where it is.
//
// A row is found first by the address of the key's bytes, as a replica's
// entry is (see replica).
type replicaSet struct {
	n    int
	rows map[string][]entry       // rows[key][i] is replica i's entry; id 0 = none
	addr addrtable.Table[[]entry] // rows by the key's address; nil: look in rows
}

func newReplicaSet(n int) *replicaSet {
	return &replicaSet{n: n, rows: make(map[string][]entry)}
}

// row returns key's row, or nil.
func (s *replicaSet) row(key string) []entry {
	v, found := s.addr.Lookup(key)
	if !found || *v == nil {
		*v = s.rows[key]
	}
	return *v
}

// lww applies e to replica i if it wins over what i holds at key.
func (s *replicaSet) lww(i int, key string, e entry) {
	row := s.row(key)
	if row == nil {
		row = make([]entry, s.n)
		s.rows[key] = row
		v, _ := s.addr.Lookup(key)
		*v = row
	}
	if old := &row[i]; old.id == 0 || e.newer(old) {
		*old = e
	}
}

// at returns replica i's entry at key, live or not.
func (s *replicaSet) at(i int, key string) (entry, bool) {
	row := s.row(key)
	if row == nil || row[i].id == 0 {
		return entry{}, false
	}
	return row[i], true
}

// get returns replica i's live entry at key.
func (s *replicaSet) get(i int, key string, now int64) (entry, bool) {
	e, ok := s.at(i, key)
	if !ok || !e.live(now) {
		return entry{}, false
	}
	return e, true
}

// clear empties replica i (a crash lost it).
func (s *replicaSet) clear(i int) {
	for _, row := range s.rows {
		row[i] = entry{}
	}
}

// mergeFrom applies every entry of replica src to replica dst.
func (s *replicaSet) mergeFrom(dst, src int) {
	for _, row := range s.rows {
		if e := row[src]; e.id != 0 && (row[dst].id == 0 || e.newer(&row[dst])) {
			row[dst] = e
		}
	}
}

// mergeInto applies every entry of replica i to r.
func (s *replicaSet) mergeInto(r *replica, i int) {
	for k, row := range s.rows {
		if row[i].id != 0 {
			r.lww(k, row[i])
		}
	}
}

// settle makes every replica hold the last-writer-wins union of all
// (anti-entropy).
func (s *replicaSet) settle() {
	for _, row := range s.rows {
		best := -1
		for i := range row {
			if row[i].id != 0 && (best < 0 || row[i].newer(&row[best])) {
				best = i
			}
		}
		if best >= 0 {
			for i := range row {
				row[i] = row[best]
			}
		}
	}
}

// list returns a page of replica i's live keys with prefix, sorted, after
// cursor.
func (s *replicaSet) list(i int, prefix, cursor string, limit int, now int64) kv.Page {
	keys := make([]string, 0, 16)
	for k, row := range s.rows {
		if e := &row[i]; e.id != 0 && strings.HasPrefix(k, prefix) && k > cursor && e.live(now) {
			keys = append(keys, k)
		}
	}
	return pageOf(keys, limit)
}

// keys returns the keys live on any replica, sorted.
func (s *replicaSet) keys(now int64) []string {
	keys := make([]string, 0, len(s.rows))
	for k, row := range s.rows {
		for i := range row {
			if row[i].id != 0 && row[i].live(now) {
				keys = append(keys, k)
				break
			}
		}
	}
	slices.Sort(keys)
	return keys
}
