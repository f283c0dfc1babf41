package recipes_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/kvchaos/kvchaos/kv"
	"github.com/kvchaos/kvchaos/kvtest"
	"github.com/kvchaos/kvchaos/recipes"
	"github.com/kvchaos/kvchaos/sim"
)

// edge is the store every recipe is proven on: Cloudflare-like, no CAS.
func edge() sim.Config { return sim.Config{Preset: sim.EdgeCache()} }

// counterProp is "every increment counts": 1..3 writers, spread over the
// regions, each adding 1..3 increments (each retried or not, as after a
// timeout whose outcome was unknown, when retry is set), counted with add and read back with
// total once the store has settled.
func counterProp(retry bool, add func(ctx context.Context, b kv.Backend, writer, id string) error,
	total func(ctx context.Context, b kv.Backend) (int64, error), compact func(ctx context.Context, b kv.Backend) error) func(s *kvtest.Sim) {
	return func(s *kvtest.Sim) {
		regions := s.Cluster.Regions()
		perWriter := rapid.SliceOfN(rapid.IntRange(1, 3), 1, 3).Draw(s.T, "increments per writer")
		retries := retry && rapid.Bool().Draw(s.T, "retry the first increment")
		want := 0
		for w, n := range perWriter {
			want += n
			writer := fmt.Sprintf("w%d", w)
			s.Go(func(ctx context.Context, b kv.Backend) error {
				for i := range n {
					id := fmt.Sprintf("%s-%d", writer, i)
					if err := add(ctx, b, writer, id); err != nil {
						return err
					}
					if i == 0 && retries {
						if err := add(ctx, b, writer, id); err != nil {
							return err
						}
					}
				}
				return nil
			}, kvtest.In(regions[w%len(regions)]))
		}
		if compact != nil {
			rounds := rapid.IntRange(0, 2).Draw(s.T, "compactions")
			s.Go(func(ctx context.Context, b kv.Backend) error {
				for range rounds {
					if err := compact(ctx, b); err != nil {
						return err
					}
				}
				return nil
			}, kvtest.In(regions[0]))
		}
		s.Run()
		s.Quiesce()
		if compact != nil { // a last compaction after the writers, then settle again
			if err := compact(context.Background(), s.Region("")); err != nil {
				s.T.Fatal(err)
			}
			s.Quiesce()
		}
		got, err := total(context.Background(), s.Region(""))
		if err != nil {
			s.T.Fatal(err)
		}
		if got != int64(want) {
			s.T.Fatalf("%d increments counted as %d", want, got)
		}
	}
}

// naiveAdd is the seed's counter: Update of one shared key, retried as is.
func naiveAdd(ctx context.Context, b kv.Backend, _, _ string) error {
	_, err := kv.NewStore[int64](b).Update(ctx, "count", 0, func(n int64) int64 { return n + 1 })
	return err
}

func naiveTotal(ctx context.Context, b kv.Backend) (int64, error) {
	return kv.NewStore[int64](b).GetOr(ctx, "count", 0)
}

// TestNaiveCounterLosesIncrementsOnEdgeCache: a shared counter key loses
// (or, retried, double counts) increments on a store without CAS.
func TestNaiveCounterLosesIncrementsOnEdgeCache(t *testing.T) {
	out := kvtest.Explore(edge(), counterProp(false, naiveAdd, naiveTotal, nil))
	require.True(t, out.Failed, "the naive counter never miscounted")
	assert.Contains(t, out.Message, "increments counted as")
	t.Logf("counterexample:\n%s", out.Interleaving)
}

// TestShardedCounterCountsEveryIncrementOnEdgeCache: a key per writer,
// summed by a listing, counts every increment (without retries: a retried
// Add counts twice, see TestNaiveRetriedCounterDoubleCounts and Tally).
func TestShardedCounterCountsEveryIncrementOnEdgeCache(t *testing.T) {
	kvtest.Simulate(t, edge(), counterProp(false, func(ctx context.Context, b kv.Backend, writer, _ string) error {
		return recipes.NewShardedCounter(b, "count/").Add(ctx, writer, 1)
	}, func(ctx context.Context, b kv.Backend) (int64, error) {
		return recipes.NewShardedCounter(b, "count/").Total(ctx)
	}, nil))
}

// TestNaiveRetriedCounterDoubleCounts: a retried read-modify-write counts
// twice even with one writer per key (the sharded counter retried).
func TestNaiveRetriedCounterDoubleCounts(t *testing.T) {
	out := kvtest.Explore(edge(), counterProp(true, func(ctx context.Context, b kv.Backend, writer, _ string) error {
		return recipes.NewShardedCounter(b, "count/").Add(ctx, writer, 1)
	}, func(ctx context.Context, b kv.Backend) (int64, error) {
		return recipes.NewShardedCounter(b, "count/").Total(ctx)
	}, nil))
	require.True(t, out.Failed, "a retried non-idempotent increment never double counted")
	assert.Contains(t, out.Message, "increments counted as 2")
}

// TestTallyCountsEveryIncrementOnceWithCompaction: a key per increment,
// named by the increment's id, counts each once — retried or not — while
// a compactor folds them into a base key.
func TestTallyCountsEveryIncrementOnceWithCompaction(t *testing.T) {
	kvtest.Simulate(t, edge(), counterProp(true, func(ctx context.Context, b kv.Backend, _, id string) error {
		return recipes.NewTally(b, "count/").Add(ctx, id, 1)
	}, func(ctx context.Context, b kv.Backend) (int64, error) {
		return recipes.NewTally(b, "count/").Total(ctx)
	}, func(ctx context.Context, b kv.Backend) error {
		return recipes.NewTally(b, "count/").Compact(ctx)
	}))
}

// logProp is "every appended entry is in the log": 1..3 writers over the
// regions, each appending 1..3 entries.
func logProp(appendEntry func(ctx context.Context, b kv.Backend, id, entry string) error,
	entries func(ctx context.Context, b kv.Backend) ([]string, error)) func(s *kvtest.Sim) {
	return func(s *kvtest.Sim) {
		regions := s.Cluster.Regions()
		perWriter := rapid.SliceOfN(rapid.IntRange(1, 3), 1, 3).Draw(s.T, "entries per writer")
		want := 0
		for w, n := range perWriter {
			want += n
			s.Go(func(ctx context.Context, b kv.Backend) error {
				for i := range n {
					id := fmt.Sprintf("w%d-%d", w, i)
					if err := appendEntry(ctx, b, id, "entry "+id); err != nil {
						return err
					}
				}
				return nil
			}, kvtest.In(regions[w%len(regions)]))
		}
		s.Run()
		s.Quiesce()
		got, err := entries(context.Background(), s.Region(""))
		if err != nil {
			s.T.Fatal(err)
		}
		if len(got) != want {
			s.T.Fatalf("%d entries appended, the log has %d: %q", want, len(got), got)
		}
	}
}

// TestNaiveLogLosesEntriesOnEdgeCache: a log kept as one JSON list,
// appended with Update, loses entries.
func TestNaiveLogLosesEntriesOnEdgeCache(t *testing.T) {
	out := kvtest.Explore(edge(), logProp(func(ctx context.Context, b kv.Backend, _, entry string) error {
		_, err := kv.NewStore[[]string](b).Update(ctx, "log", nil, func(l []string) []string { return append(l, entry) })
		return err
	}, func(ctx context.Context, b kv.Backend) ([]string, error) {
		return kv.NewStore[[]string](b).GetOr(ctx, "log", nil)
	}))
	require.True(t, out.Failed, "the one-key log never lost an entry")
	assert.Contains(t, out.Message, "entries appended, the log has")
}

// TestLogKeepsEveryEntryOnEdgeCache: a key per entry keeps them all.
func TestLogKeepsEveryEntryOnEdgeCache(t *testing.T) {
	kvtest.Simulate(t, edge(), logProp(func(ctx context.Context, b kv.Backend, id, entry string) error {
		return recipes.NewLog[string](b, "log/").Append(ctx, id, entry)
	}, func(ctx context.Context, b kv.Backend) ([]string, error) {
		return recipes.NewLog[string](b, "log/").Entries(ctx)
	}))
}

// limited is the edgecache preset with Cloudflare's limit of one write
// per second per key.
func limited() sim.Config {
	return sim.Config{Preset: sim.EdgeCacheConfig{CacheTTL: 60 * time.Second, WriteInterval: time.Second}}
}

// TestShardedCounterHitsThePerKeyWriteLimit: a writer counting twice
// within a second writes its key twice, which Workers KV refuses (429).
func TestShardedCounterHitsThePerKeyWriteLimit(t *testing.T) {
	out := kvtest.Explore(limited(), counterProp(false, func(ctx context.Context, b kv.Backend, writer, _ string) error {
		return recipes.NewShardedCounter(b, "count/").Add(ctx, writer, 1)
	}, func(ctx context.Context, b kv.Backend) (int64, error) {
		return recipes.NewShardedCounter(b, "count/").Total(ctx)
	}, nil))
	require.True(t, out.Failed, "two increments of one writer within a second were never refused")
	assert.Contains(t, out.Message, "rate limited")
}

// TestTallyStaysClearOfThePerKeyWriteLimit: a key per increment never
// writes one key twice, so the limit never refuses an increment.
func TestTallyStaysClearOfThePerKeyWriteLimit(t *testing.T) {
	kvtest.Simulate(t, limited(), counterProp(false, func(ctx context.Context, b kv.Backend, _, id string) error {
		return recipes.NewTally(b, "count/").Add(ctx, id, 1)
	}, func(ctx context.Context, b kv.Backend) (int64, error) {
		return recipes.NewTally(b, "count/").Total(ctx)
	}, nil))
}
