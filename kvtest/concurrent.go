package kvtest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/checker"
	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/kv"
)

// concKeys are the keys the concurrent clients share: few, so they
// collide.
var concKeys = []string{"c/0", "c/1", "c/2"}

// readerClient is the first client id of the convergence readers.
const readerClient = 1000

// runConcurrent runs the concurrent parts: recorded clients checked by the
// checker, and UpdateAtomic under contention.
func runConcurrent(t *testing.T, h Harness) {
	t.Run("checked-history", func(t *testing.T) { runCheckedHistory(t, h) })
	t.Run("update-atomic", func(t *testing.T) { runUpdateAtomic(t, h) })
}

// guarantee is what the checker holds the store to.
func (h Harness) guarantee() checker.Expect {
	switch {
	case h.Linearizable:
		return checker.ExpectLinearizable
	case h.Guarantee != "":
		return h.Guarantee
	}
	return checker.ExpectEventual
}

// runCheckedHistory runs h.Clients goroutines of seeded random gets, puts,
// deletes and read-then-PutIf pairs on one backend, recorded with
// history.Record, then checks the history: linearizability for a
// linearizable store, convergence (after Settle) and the declared
// guarantee otherwise.
func runCheckedHistory(t *testing.T, h Harness) {
	b := h.backend(t)
	_, cas := b.(kv.CAS)
	rec := history.NewRecorder()
	var wg sync.WaitGroup
	errs := make([]error, h.Clients)
	for c := range h.Clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[c] = runClient(t.Context(), h, history.Record(b, rec, c, ""), c, cas)
		}()
	}
	wg.Wait()
	for c, err := range errs {
		require.NoError(t, err, "client %d", c)
	}
	exp := h.guarantee()
	if exp != checker.ExpectLinearizable {
		h.settle(b)
		rec.Annotate(history.Annotation{Kind: history.AnnotationQuiescent, Text: "settled", Start: rec.Now(), End: rec.Now()})
		for i, r := range h.replicas(b) {
			rb := history.Record(r, rec, readerClient+i, fmt.Sprintf("replica-%d", i))
			for _, k := range concKeys {
				_, err := rb.Get(t.Context(), k)
				if err != nil && !isNotFound(err) {
					require.NoError(t, err, "convergence read of %q from replica %d", k, i)
				}
			}
		}
	}
	rep := checker.Check(rec.History(), checker.Options{Expect: exp, Timeout: 20 * time.Second})
	require.Empty(t, rep.Error, "checker options")
	require.Equal(t, checker.Valid, rep.Verdict, "%d clients × %d ops, expecting %s:\n%s", h.Clients, h.OpsPerClient, exp, rep.Text())
}

// runClient issues h.OpsPerClient seeded random operations on b.
func runClient(ctx context.Context, h Harness, b kv.Backend, client int, cas bool) error {
	rng := rand.New(rand.NewPCG(h.Seed, uint64(client)))
	s := h.store(b)
	for i := range h.OpsPerClient {
		k := concKeys[rng.IntN(len(concKeys))]
		v := fmt.Sprintf("%d-%d", client, i) // unique, so reads identify their write
		var err error
		switch p := rng.IntN(100); {
		case p < 40:
			_, _, err = s.Get(ctx, k)
		case p < 70:
			err = s.Put(ctx, k, v)
		case p < 80:
			err = s.Delete(ctx, k)
		case cas:
			var ver kv.Version
			if _, ver, _, err = s.GetVersioned(ctx, k); err == nil {
				if _, err = s.PutIf(ctx, k, v, ver); isConflict(err) {
					err = nil
				}
			}
		default:
			err = s.Put(ctx, k, v)
		}
		if err != nil {
			return fmt.Errorf("op %d on %q: %w", i, k, err)
		}
	}
	return nil
}

// updatesPerClient is how many increments each client makes in the
// update-atomic part.
const updatesPerClient = 25

// runUpdateAtomic has h.Clients goroutines increment one counter with
// UpdateAtomic; after Settle the count must be exact.
func runUpdateAtomic(t *testing.T, h Harness) {
	b := h.backend(t)
	if _, ok := b.(kv.CAS); !ok {
		t.Logf("kvtest: backend %T has no CAS (kv.CAS): UpdateAtomic is unsupported, not tested", b)
		return
	}
	s := kv.NewStore[int](b, kv.WithLimits(h.limitsFor(b)), kv.WithBackoff(0, 2*time.Millisecond), kv.WithMaxAttempts(1000))
	var wg sync.WaitGroup
	errs := make([]error, h.Clients)
	for c := range h.Clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range updatesPerClient {
				// Yielding between the read and the PutIf widens the window
				// in which another client's write makes the version stale.
				if _, err := s.UpdateAtomic(t.Context(), "counter", 0, func(n int) int { runtime.Gosched(); return n + 1 }); err != nil {
					errs[c] = err
					return
				}
			}
		}()
	}
	wg.Wait()
	for c, err := range errs {
		require.NoError(t, err, "client %d", c)
	}
	h.settle(b)
	for i, r := range h.replicas(b) {
		n, err := kv.NewStore[int](r, kv.WithLimits(h.limitsFor(r))).GetOr(t.Context(), "counter", 0)
		require.NoError(t, err)
		require.Equal(t, h.Clients*updatesPerClient, n, "replica %d: %d clients × %d UpdateAtomic increments lost updates", i, h.Clients, updatesPerClient)
	}
}
