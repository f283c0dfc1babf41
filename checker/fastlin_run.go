package checker

import (
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/anishathalye/porcupine"
)

// fastPath runs the fast path on every partition, GOMAXPROCS keys at a
// time, and returns its answer per partition.
func fastPath(pm porcupine.Model, parts [][]porcupine.Operation, ids [][]int, keys []string, versions bool) []fastResult {
	out := make([]fastResult, len(parts))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range max(min(runtime.GOMAXPROCS(0), len(parts)), 1) {
		wg.Go(func() {
			for {
				p := int(next.Add(1) - 1)
				if p >= len(parts) {
					return
				}
				out[p] = fastCheck(pm, parts[p], ids[p], keys[p], versions)
			}
		})
	}
	wg.Wait()
	return out
}

// fastSplit separates the partitions the fast path decided: the illegal
// ones (by index into parts, in order) and the rest, still to search,
// with a map back to the original index.
func fastSplit(res []fastResult) (illegal, rest []int, legal int) {
	for p, r := range res {
		switch r.verdict {
		case fastIllegal:
			illegal = append(illegal, p)
		case fastLegal:
			legal++
		default:
			rest = append(rest, p)
		}
	}
	return illegal, rest, legal
}
