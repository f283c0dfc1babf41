package etcd_test

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/kvchaos/kvchaos/backends"
	_ "github.com/kvchaos/kvchaos/backends/etcd" // registers etcd://
	"github.com/kvchaos/kvchaos/internal/testserver"
	"github.com/kvchaos/kvchaos/kv"
)

// Counters on etcd, opened by URL. The example starts its own single-node
// etcd on a free loopback port; a program would open
// "etcd://host:port[,host:port...]". A key's version is its ModRevision:
// UpdateAtomic compares it in a transaction, so 4 writers making 5
// visits each count 20, and a PutIf against a revision that has moved on
// fails with kv.ErrConflict.
func Example() {
	srv, err := testserver.StartEtcd("")
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
	counters := kv.NewStore[int](s.Backend)

	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 5 {
				if _, err := counters.UpdateAtomic(ctx, "visits/home", 0, func(n int) int { return n + 1 }); err != nil {
					fmt.Println(err)
				}
			}
		})
	}
	wg.Wait()

	n, rev, _, err := counters.GetVersioned(ctx, "visits/home")
	fmt.Println("visits/home:", n, err)
	if _, err := counters.PutIf(ctx, "visits/home", 0, rev); err != nil { // a reset, by compare-and-set
		fmt.Println(err)
		return
	}
	_, err = counters.PutIf(ctx, "visits/home", 99, rev) // the revision read before the reset
	fmt.Println("stale revision conflicts:", errors.Is(err, kv.ErrConflict))

	if err := counters.Put(ctx, "visits/about", 7); err != nil {
		fmt.Println(err)
		return
	}
	for key, err := range counters.Keys(ctx, "visits/") {
		if err != nil {
			fmt.Println(err)
			return
		}
		n, _, err := counters.Get(ctx, key)
		fmt.Println(key, n, err)
	}
	// Output:
	// visits/home: 20 <nil>
	// stale revision conflicts: true
	// visits/about 7 <nil>
	// visits/home 0 <nil>
}
