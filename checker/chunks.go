package checker

// makeRoom makes sure the table has a slot for op ix.n. Chunks are
// ropChunk records long and never move once made, since the side maps
// (wide, wideRegion, errs) are keyed by a record's address; the one
// exception is a first chunk made shorter for a small history
// (newTableBuilder's sizeHint), which, when more ops come than the hint
// said, is replaced by a whole chunk and the side maps re-keyed.
func (ix *index) makeRoom() {
	switch {
	case ix.n&(ropChunk-1) == 0:
		size := ropChunk
		if ix.n == 0 && ix.firstChunk > 0 {
			size = ix.firstChunk
		}
		ix.chunks = append(ix.chunks, make([]rop, size))
	case len(ix.chunks) == 1 && int(ix.n) == len(ix.chunks[0]):
		old := ix.chunks[0]
		grown := make([]rop, ropChunk)
		copy(grown, old)
		ix.chunks[0] = grown
		for i := range old {
			rekey(ix.wide, &old[i], &grown[i])
			rekey(ix.wideRegion, &old[i], &grown[i])
			rekey(ix.errs, &old[i], &grown[i])
		}
	}
}

// rekey moves m's entry for from, if any, to to.
func rekey[V any](m map[*rop]V, from, to *rop) {
	if v, ok := m[from]; ok {
		delete(m, from)
		m[to] = v
	}
}
