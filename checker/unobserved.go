package checker

import "github.com/kvchaos/kvchaos/history"

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
func unobservedUnknownWrites(all []history.Op, ops []int32, flagged casReading) map[int32]bool {
	unknownWrites := 0
	for _, i := range ops {
		op := &all[i]
		if op.Status != history.StatusUnknown {
			continue
		}
		switch op.Func {
		case history.FuncPut, history.FuncCAS, history.FuncUpdate:
			unknownWrites++
		}
	}
	if unknownWrites == 0 {
		return nil
	}
	seen := map[string]bool{}
	for _, i := range ops {
		op := &all[i]
		switch op.Func {
		case history.FuncAppend:
			return nil
		case history.FuncCAS:
			if !op.Input.HasExpectedValue || (op.Status == history.StatusFail && conflicted(op, flagged)) {
				return nil
			}
			seen[op.Input.ExpectedValue] = true
		case history.FuncGet, history.FuncUpdate:
			if op.Status == history.StatusOK && op.Output.Found {
				seen[op.Output.Value] = true
			}
		}
	}
	drop := map[int32]bool{}
	for _, i := range ops {
		op := &all[i]
		if op.Status != history.StatusUnknown || seen[op.Input.Value] {
			continue
		}
		switch op.Func {
		case history.FuncPut, history.FuncCAS, history.FuncUpdate:
			drop[i] = true
		}
	}
	return drop
}
