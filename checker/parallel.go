package checker

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// eachParallel calls, for every i in [0, n), the function newWorker
// returns, on up to GOMAXPROCS goroutines that take the next i as they
// finish one. Each goroutine calls newWorker once, so a worker can keep
// scratch space across the indexes it handles. It returns when all are done.
func eachParallel(n int, newWorker func() func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range max(min(runtime.GOMAXPROCS(0), n), 1) {
		wg.Go(func() {
			do := newWorker()
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				do(i)
			}
		})
	}
	wg.Wait()
}
