package kvtest_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/kv"
	"github.com/kvchaos/kvchaos/kvtest"
	"github.com/kvchaos/kvchaos/sim"
)

// visitsProperty is "N concurrent visits make the count N": 1..4 clients,
// each making 1..3 visits, each visit one call of update on the counter.
func visitsProperty(atomic bool) func(s *kvtest.Sim) {
	return func(s *kvtest.Sim) {
		perClient := rapid.SliceOfN(rapid.IntRange(1, 3), 1, 4).Draw(s.T, "visits per client")
		total := 0
		for _, visits := range perClient {
			total += visits
			s.Go(func(ctx context.Context, b kv.Backend) error {
				store := kv.NewStore[int](b)
				for range visits {
					update := store.Update
					if atomic {
						update = store.UpdateAtomic
					}
					if _, err := update(ctx, "visits", 0, func(n int) int { return n + 1 }); err != nil {
						return err
					}
				}
				return nil
			})
		}
		s.Run()
		s.Quiesce()
		count, err := kv.NewStore[int](s.Region("")).GetOr(context.Background(), "visits", 0)
		if err != nil {
			s.T.Fatalf("reading the count: %v", err)
		}
		if count != total {
			s.T.Fatalf("%d visits counted as %d", total, count)
		}
	}
}

// TestVisitCounterUpdateLosesVisits is the headline: with Update (a get
// then a put) the count loses visits, and rapid shrinks the failure to two
// clients making one visit each, interleaved get, get, put, put.
func TestVisitCounterUpdateLosesVisits(t *testing.T) {
	out := kvtest.Explore(sim.Config{Preset: sim.Linearizable()}, visitsProperty(false))
	require.True(t, out.Failed, "Update never lost a visit")
	assert.Contains(t, out.Message, "2 visits counted as 1")
	t.Logf("minimal counterexample:\n%s", out.Interleaving)

	var ops []history.Op
	clients := map[int]bool{}
	for _, op := range out.History.Ops {
		if op.Key == "visits" && (op.Func == history.FuncGet || op.Func == history.FuncPut) {
			ops = append(ops, op)
			clients[op.Client] = true
		}
	}
	require.Len(t, ops, 5, "2 clients × (get + put) and the final read:\n%s", out.Interleaving)
	a, b := ops[0].Client, ops[1].Client
	require.NotEqual(t, a, b, "the two first reads must come from the two clients:\n%s", out.Interleaving)
	shape := []struct {
		client int
		f      history.Func
		found  bool
		value  string
	}{{a, history.FuncGet, false, ""}, {b, history.FuncGet, false, ""}, {a, history.FuncPut, false, "1"}, {b, history.FuncPut, false, "1"}}
	for i, want := range shape {
		got := ops[i]
		assert.Equal(t, want.client, got.Client, "op %d", i+1)
		assert.Equal(t, want.f, got.Func, "op %d", i+1)
		if want.f == history.FuncGet {
			assert.False(t, got.Output.Found, "op %d: both clients must read the counter before either writes", i+1)
		} else {
			assert.Equal(t, want.value, got.Input.Value, "op %d", i+1)
		}
	}
	assert.Equal(t, "1", ops[4].Output.Value, "the final read sees one visit")
	lines := strings.Split(strings.TrimSpace(out.Interleaving), "\n")
	require.GreaterOrEqual(t, len(lines), 4)
	// Clients are named in the order of the Go calls; the shrunk schedule
	// happens to run the second one (B) first.
	for i, want := range []string{`1. B us-east get "visits" → absent`, `2. A us-east get "visits" → absent`,
		`3. B us-east put "visits" ← 1`, `4. A us-east put "visits" ← 1`} {
		assert.Contains(t, strings.Join(strings.Fields(lines[i]), " "), want)
	}
}

// TestVisitCounterUpdateAtomicCounts: with UpdateAtomic every visit
// counts, whatever the schedule.
func TestVisitCounterUpdateAtomicCounts(t *testing.T) {
	kvtest.Simulate(t, sim.Config{Preset: sim.Linearizable()}, visitsProperty(true))
}
