package history

import "github.com/kvchaos/kvchaos/internal/recops"

func init() { recops.Replay = replay }

// replayBatch is how many ops replay materializes per hold of the lock.
const replayBatch = 256

// replay hands yield every op r recorded before the call, in ID order,
// each as History would return it when its batch is read (an op in flight
// at the call may have completed by then) and valid only during the call, until
// yield returns false; it returns a copy of r's annotations (see
// recops.Replay). yield is called without r's lock held.
func replay(r *Recorder, yield func(*Op) bool) []Annotation {
	r.mu.Lock()
	n := r.ops.n
	anns := r.annotationsLocked()
	r.mu.Unlock()
	batch := make([]Op, min(n, replayBatch))
	for from := 0; from < n; from += replayBatch {
		m := min(replayBatch, n-from)
		r.mu.Lock()
		for j := range m {
			batch[j] = r.ops.op(from + j)
		}
		r.mu.Unlock()
		for j := range m {
			if !yield(&batch[j]) {
				return anns
			}
		}
	}
	return anns
}
