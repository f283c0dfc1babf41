package kv_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/kvchaos/kvchaos/kv"
)

// The seed's visit counter: a typed Store over the embedded Memory backend.
func Example() {
	ctx := context.Background()
	visits := kv.NewStore[int](kv.NewMemory())

	n, err := visits.Update(ctx, "visits", 0, func(n int) int { return n + 1 })
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("Visit #%d\n", n)
	// Output: Visit #1
}

// UpdateAtomic counts every visit, however many writers collide.
func ExampleStore_UpdateAtomic() {
	ctx := context.Background()
	visits := kv.NewStore[int](kv.NewMemory())

	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			for range 10 {
				if _, err := visits.UpdateAtomic(ctx, "visits", 0, func(n int) int { return n + 1 }); err != nil {
					fmt.Println(err)
				}
			}
		})
	}
	wg.Wait()
	n, _, _ := visits.Get(ctx, "visits")
	fmt.Println("visits:", n)
	// Output: visits: 100
}

// Keys follows every page of a listing.
func ExampleStore_Keys() {
	ctx := context.Background()
	users := kv.NewStore[string](kv.NewMemory())
	for _, id := range []string{"3", "1", "2"} {
		_ = users.Put(ctx, "user/"+id, "name "+id)
	}
	_ = users.Put(ctx, "session/9", "x")

	for key, err := range users.Keys(ctx, "user/") {
		if err != nil {
			fmt.Println(err)
			break
		}
		fmt.Println(key)
	}
	// Output:
	// user/1
	// user/2
	// user/3
}

// ListKeysPage hands out cursors bound to their prefix.
func ExampleStore_ListKeysPage() {
	ctx := context.Background()
	s := kv.NewStore[int](kv.NewMemory())
	for _, k := range []string{"a/1", "a/2", "a/3", "b/1"} {
		_ = s.Put(ctx, k, 0)
	}
	page, _ := s.ListKeysPage(ctx, "a/", "", 2)
	fmt.Println(page.Keys)
	next, _ := s.ListKeysPage(ctx, "a/", page.Cursor, 2)
	fmt.Println(next.Keys, next.Cursor == "")

	_, err := s.ListKeysPage(ctx, "b/", page.Cursor, 2)
	fmt.Println(errors.Is(err, kv.ErrInvalidArgument))
	// Output:
	// [a/1 a/2]
	// [a/3] true
	// true
}

// Memory takes an injectable clock, so TTL expiry needs no waiting.
func ExampleMemoryClock() {
	ctx := context.Background()
	now := time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)
	mem := kv.NewMemory(kv.MemoryClock(func() time.Time { return now }))
	sessions := kv.NewStore[string](mem)

	_ = sessions.Put(ctx, "session/42", "ada", kv.TTL(time.Minute))
	ok, _ := sessions.Exists(ctx, "session/42")
	fmt.Println("after 0s:", ok)

	now = now.Add(time.Minute)
	ok, _ = sessions.Exists(ctx, "session/42")
	fmt.Println("after 60s:", ok)
	// Output:
	// after 0s: true
	// after 60s: false
}

// Invalid input is refused before the backend sees it, with a sentinel
// and the key quoted.
func ExampleStore_Put() {
	s := kv.NewStore[string](kv.NewMemory())
	err := s.Put(context.Background(), "bad\nkey", "v")
	fmt.Println(errors.Is(err, kv.ErrInvalidKey))
	fmt.Println(err)
	// Output:
	// true
	// kv: invalid key "bad\nkey": control character U+000A at byte 3
}
