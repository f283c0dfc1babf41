package redis_test

import (
	"context"
	"fmt"
	"sync"

	"github.com/kvchaos/kvchaos/backends"
	_ "github.com/kvchaos/kvchaos/backends/redis" // registers redis://
	"github.com/kvchaos/kvchaos/internal/testserver"
	"github.com/kvchaos/kvchaos/kv"
)

// A visit counter on Redis, opened by URL. The example starts its own
// redis-server on a free loopback port; a program would open
// "redis://[user:password@]host:port[/db]". UpdateAtomic is a real
// compare-and-set (a Lua script comparing the key's version), so 4 writers
// making 5 visits each count 20; Keys lists in byte order, under the
// example/ prefix the URL asked for.
func Example() {
	srv, err := testserver.StartRedis("")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer func() { _ = srv.Close() }()

	ctx := context.Background()
	s, err := backends.Open(ctx, srv.URL()+"?prefix=example/")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer func() { _ = s.Close() }()

	visits := kv.NewStore[int](s.Backend)
	if err := visits.Put(ctx, "visits/about", 7); err != nil {
		fmt.Println(err)
		return
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 5 {
				if _, err := visits.UpdateAtomic(ctx, "visits/home", 0, func(n int) int { return n + 1 }); err != nil {
					fmt.Println(err)
				}
			}
		})
	}
	wg.Wait()

	for key, err := range visits.Keys(ctx, "visits/") {
		if err != nil {
			fmt.Println(err)
			return
		}
		n, _, err := visits.Get(ctx, key)
		fmt.Println(key, n, err)
	}
	// Output:
	// visits/about 7 <nil>
	// visits/home 20 <nil>
}
