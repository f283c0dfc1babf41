package recipes_test

import (
	"context"
	"fmt"

	"github.com/kvchaos/kvchaos/kv"
	"github.com/kvchaos/kvchaos/recipes"
)

// A counter without CAS: each writer adds to its own key; the total is a
// listing's sum.
func ExampleShardedCounter() {
	ctx := context.Background()
	visits := recipes.NewShardedCounter(kv.NewMemory(), "visits/")
	_ = visits.Add(ctx, "us-east", 2)
	_ = visits.Add(ctx, "eu-west", 1)
	total, err := visits.Total(ctx)
	fmt.Println(total, err)
	// Output: 3 <nil>
}

// A key per increment, named by the request's id: a retried request
// counts once, and compaction folds the keys into one.
func ExampleTally() {
	ctx := context.Background()
	likes := recipes.NewTally(kv.NewMemory(), "likes/")
	_ = likes.Add(ctx, "req-1", 1)
	_ = likes.Add(ctx, "req-1", 1) // the retry of req-1
	_ = likes.Add(ctx, "req-2", 1)
	_ = likes.Compact(ctx)
	total, err := likes.Total(ctx)
	fmt.Println(total, err)
	// Output: 2 <nil>
}

// An append-only log: a key per entry, read back in id order.
func ExampleLog() {
	ctx := context.Background()
	events := recipes.NewLog[string](kv.NewMemory(), "events/")
	_ = events.Append(ctx, "0002-eu", "paid")
	_ = events.Append(ctx, "0001-us", "ordered")
	entries, err := events.Entries(ctx)
	fmt.Println(entries, err)
	// Output: [ordered paid] <nil>
}
