package postgres_test

import (
	"context"
	"fmt"
	"sync"

	"github.com/kvchaos/kvchaos/backends"
	_ "github.com/kvchaos/kvchaos/backends/postgres" // registers postgres://
	"github.com/kvchaos/kvchaos/internal/testserver"
	"github.com/kvchaos/kvchaos/kv"
)

// Visit counters in a PostgreSQL table, opened by URL. The example starts
// its own PostgreSQL (initdb) on a free loopback port; a program would open
// "postgres://user:password@host:port/db?table=NAME", and the table is
// created when missing. UpdateAtomic is a conditional UPDATE on the row's
// version, so 4 writers making 5 visits each count 20; Keys lists in byte
// order (COLLATE "C"), upper case before lower case.
func Example() {
	srv, err := testserver.StartPostgres("")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer func() { _ = srv.Close() }()

	ctx := context.Background()
	s, err := backends.Open(ctx, srv.URL()+"&table=visits&prefix=example/")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer func() { _ = s.Close() }()
	visits := kv.NewStore[int](s.Backend)

	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 5 {
				if _, err := visits.UpdateAtomic(ctx, "page/home", 0, func(n int) int { return n + 1 }); err != nil {
					fmt.Println(err)
				}
			}
		})
	}
	wg.Wait()
	if err := visits.Put(ctx, "page/About", 7); err != nil {
		fmt.Println(err)
		return
	}

	for key, err := range visits.Keys(ctx, "page/") {
		if err != nil {
			fmt.Println(err)
			return
		}
		n, _, err := visits.Get(ctx, key)
		fmt.Println(key, n, err)
	}
	// Output:
	// page/About 7 <nil>
	// page/home 20 <nil>
}
