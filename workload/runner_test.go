package workload_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/backends"
	_ "github.com/kvchaos/kvchaos/backends/mem"
	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/kv"
	"github.com/kvchaos/kvchaos/workload"
)

func runMem(t *testing.T, o workload.Options) (history.History, workload.Stats) {
	t.Helper()
	s, err := backends.Open(context.Background(), "mem://")
	require.NoError(t, err)
	r, err := workload.NewRunner(o)
	require.NoError(t, err)
	rec := recorder(t, s)
	st, err := r.Run(context.Background(), s, rec)
	require.NoError(t, err)
	return rec.History(), st
}

func TestCounterAtomicCountsEveryVisit(t *testing.T) {
	h, st := runMem(t, workload.Options{Workload: "counter-atomic", Clients: 4, Keys: 1, Ops: 200, Seed: 1})
	assert.EqualValues(t, 200, st.Steps)
	assert.Zero(t, st.Errors)
	updates, last := 0, 0
	for _, op := range h.Ops {
		if op.Func == history.FuncUpdate {
			updates++
			require.Equal(t, history.OutcomeOK, op.Outcome)
			read, _ := strconv.Atoi(op.Output.Value)
			wrote, err := strconv.Atoi(op.Input.Value)
			require.NoError(t, err)
			assert.Equal(t, read+1, wrote, "an update writes what it read plus one")
			assert.Equal(t, op.Output.Found, read > 0)
			assert.NotEmpty(t, op.Output.Version)
		}
		if op.Func == history.FuncGet && op.Key == "k0" {
			last, _ = strconv.Atoi(op.Output.Value)
		}
	}
	assert.Equal(t, 200, updates, "one logical update op per visit, raw get/put not recorded")
	assert.Equal(t, 200, last, "the final reads see every visit")
}

func TestRegisterWritesUniqueValues(t *testing.T) {
	h, st := runMem(t, workload.Options{Workload: "register", Clients: 3, Keys: 2, Ops: 60, Seed: 7})
	assert.EqualValues(t, 60, st.Steps)
	seen := map[string]bool{}
	for _, op := range h.Ops {
		require.Contains(t, []history.Func{history.FuncGet, history.FuncPut}, op.Func)
		if op.Func == history.FuncPut {
			assert.False(t, seen[op.Input.Value], "value %s written twice", op.Input.Value)
			seen[op.Input.Value] = true
		}
		assert.LessOrEqual(t, op.Call, op.Return)
	}
	assert.NotEmpty(t, seen)
}

func TestSetAndListFinalListingsSeeEveryAdd(t *testing.T) {
	for _, name := range []string{"set", "list", "mixed"} {
		h, st := runMem(t, workload.Options{Workload: name, Clients: 2, Keys: 3, Ops: 40, Seed: 3})
		assert.EqualValues(t, 40, st.Steps, name)
		assert.Zero(t, st.Errors, name)
		var lists int
		for _, op := range h.Ops {
			if op.Func == history.FuncList {
				lists++
			}
		}
		assert.Positive(t, lists, name)
	}
}

func TestOptionsNameTheBadFlag(t *testing.T) {
	_, err := workload.NewRunner(workload.Options{Workload: "nope", Clients: 1, Keys: 1, Ops: 1})
	assert.ErrorContains(t, err, `--workload: unknown workload "nope"`)
	_, err = workload.NewRunner(workload.Options{Workload: "register", Clients: 0, Keys: 1, Ops: 1})
	assert.ErrorContains(t, err, "--clients")
	_, err = workload.NewRunner(workload.Options{Workload: "register", Clients: 1, Keys: 1})
	assert.ErrorContains(t, err, "--ops or --duration")
}

func TestCancelledRunStopsAndKeepsHistory(t *testing.T) {
	s, err := backends.Open(context.Background(), "mem://")
	require.NoError(t, err)
	r, err := workload.NewRunner(workload.Options{Workload: "register", Clients: 2, Keys: 1, Duration: 1 << 62, Seed: 1})
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	rec := recorder(t, s)
	go func() {
		for len(rec.History().Ops) < 50 {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	st, err := r.Run(ctx, s, rec)
	require.NoError(t, err)
	assert.True(t, st.Interrupted)
	assert.GreaterOrEqual(t, len(rec.History().Ops), 50)
}

func TestUnrecordedRunRecordsNothing(t *testing.T) {
	s, err := backends.Open(context.Background(), "mem://")
	require.NoError(t, err)
	r, err := workload.NewRunner(workload.Options{Workload: "counter", Clients: 2, Keys: 1, Ops: 20, Seed: 1})
	require.NoError(t, err)
	st, err := r.Run(context.Background(), s, nil)
	require.NoError(t, err)
	assert.EqualValues(t, 20, st.Steps)
	n, err := kv.NewStore[int](s.Backend).GetOr(context.Background(), "k0", -1)
	require.NoError(t, err)
	assert.Positive(t, n, "the counter was incremented")
}
