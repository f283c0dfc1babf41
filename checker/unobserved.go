package checker

// Unknown writes multiply porcupine's search: each one may be placed
// anywhere after its call, or nowhere. Under network faults a run easily
// has dozens per key, and the search then times out on a store that is
// fine. Most of them are writes whose value nobody ever saw; those can be
// left out of the search without changing its answer:
//
//   - Leaving an unknown op out is choosing "it did not take effect",
//     which its status allows, so it never turns an illegal history into
//     a legal one.
//   - Nor a legal one into an illegal one, on a key where only reads and
//     value-based compares observe the state: if a linearization places
//     the write, dropping it from that order changes only what the ops
//     between it and the next write would see, and none of them saw its
//     value. Version-based cas ops, cas ops that failed on a mismatch (a
//     mismatch is evidence about the state too) and appends (whose reads
//     show every appended piece) observe the state in other ways, so keys
//     with any of them keep all their unknown writes.

// unobservedUnknownWrites returns the positions in ops (one key's ops, by
// index into all) of the unknown writes that the search may leave out.
func unobservedUnknownWrites(ix *index, ops []int32, flagged casReading) map[int32]bool {
	unknownWrites := 0
	for _, i := range ops {
		op := ix.at(i)
		if op.st != stUnknown {
			continue
		}
		switch op.f {
		case fPut, fCAS, fUpdate:
			unknownWrites++
		}
	}
	if unknownWrites == 0 {
		return nil
	}
	seen := map[uint32]bool{}
	for _, i := range ops {
		op := ix.at(i)
		switch op.f {
		case fAppend:
			return nil
		case fCAS:
			if op.fl&flExpectedValue == 0 || (op.st == stFail && conflicted(ix, op, flagged)) {
				return nil
			}
			seen[op.aux] = true
		case fGet, fUpdate:
			if op.st == stOK && op.found() {
				seen[op.out] = true
			}
		}
	}
	drop := map[int32]bool{}
	for _, i := range ops {
		op := ix.at(i)
		if op.st != stUnknown || seen[op.in] {
			continue
		}
		switch op.f {
		case fPut, fCAS, fUpdate:
			drop[i] = true
		}
	}
	return drop
}
