package recipes

import (
	"context"
	"fmt"

	"github.com/kvchaos/kvchaos/kv"
)

// ShardedCounter is a counter split into a key per writer: writer w only
// ever writes prefix+w, so its read-modify-write of that key cannot race
// another writer's, and the total is the sum over a listing of prefix. A
// writer is one sequential process (a Durable Object, a region's cron, a
// single request handler instance with a unique name); two processes must
// not share a writer name.
type ShardedCounter struct {
	store  *kv.Store[int64]
	prefix string
}

// NewShardedCounter returns the counter whose shards are the keys under
// prefix on b.
func NewShardedCounter(b kv.Backend, prefix string) *ShardedCounter {
	return &ShardedCounter{store: kv.NewStore[int64](b), prefix: prefix}
}

// Add adds n to writer's shard.
func (c *ShardedCounter) Add(ctx context.Context, writer string, n int64) error {
	if writer == "" {
		return fmt.Errorf("recipes: ShardedCounter.Add: empty writer name")
	}
	_, err := c.store.Update(ctx, c.prefix+writer, 0, func(v int64) int64 { return v + n })
	return err
}

// Total sums every shard.
func (c *ShardedCounter) Total(ctx context.Context) (int64, error) {
	return sumKeys(ctx, c.store, c.prefix, nil)
}

// sumKeys lists prefix and sums the keys' values, skipping the keys skip
// names and keys gone between the listing and the read.
func sumKeys(ctx context.Context, s *kv.Store[int64], prefix string, skip map[string]bool) (int64, error) {
	var total int64
	for key, err := range s.Keys(ctx, prefix) {
		if err != nil {
			return 0, err
		}
		if skip[key] {
			continue
		}
		v, _, err := s.Get(ctx, key)
		if err != nil {
			return 0, fmt.Errorf("recipes: reading %q: %w", key, err)
		}
		total += v
	}
	return total, nil
}
