package workload_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/backends"
	"github.com/kvchaos/kvchaos/checker"
	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/kv"
	"github.com/kvchaos/kvchaos/workload"
)

// noCAS hides the compare-and-set of the backend it wraps, like an edge
// store (Cloudflare Workers KV) that has none.
type noCAS struct{ kv.Backend }

// mixed on a store without compare-and-set records no atomic-looking
// update op it could not make atomic, says so in the run's note, and a
// linearizable store (Memory) is judged linearizable: no false violation.
func TestMixedWithoutCASLeavesAtomicUpdatesOut(t *testing.T) {
	funcs := func(h history.History) map[history.Func]int {
		n := map[history.Func]int{}
		for _, op := range h.Ops {
			n[op.Func]++
		}
		return n
	}
	o := workload.Options{Workload: "mixed", Clients: 4, Keys: 2, Ops: 400, Seed: 9}

	h, st := runMem(t, o)
	assert.Positive(t, funcs(h)[history.FuncUpdate], "a store with CAS gets atomic updates")
	assert.Empty(t, st.Note)

	s := &backends.Store{Backend: noCAS{kv.NewMemory()}}
	r, err := workload.NewRunner(o)
	require.NoError(t, err)
	rec := recorder(t, s)
	st, err = r.Run(context.Background(), s, rec)
	require.NoError(t, err)
	h = rec.History()
	assert.Zero(t, funcs(h)[history.FuncUpdate], "no update op claims an atomicity the store cannot give")
	assert.Contains(t, st.Note, "no compare-and-set, so mixed left atomic updates out")
	rep := checker.Check(h, checker.Options{})
	assert.Equal(t, checker.Valid, rep.Verdict, rep.Text())
}
