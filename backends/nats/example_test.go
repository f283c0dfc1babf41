package nats_test

import (
	"context"
	"fmt"
	"sync"

	"github.com/kvchaos/kvchaos/backends"
	_ "github.com/kvchaos/kvchaos/backends/nats" // registers nats://
	"github.com/kvchaos/kvchaos/internal/testserver"
	"github.com/kvchaos/kvchaos/kv"
)

// A JetStream key-value bucket, opened by URL. The example starts its own
// nats-server -js on a free loopback port; a program would open
// "nats://host:port?bucket=NAME", and the bucket is created when missing.
// UpdateAtomic updates by revision, so 4 writers making 5 visits each
// count 20. Keys NATS would refuse (here a space) are escaped on the wire
// and come back from Keys as written.
func Example() {
	srv, err := testserver.StartNATS("")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer func() { _ = srv.Close() }()

	ctx := context.Background()
	s, err := backends.Open(ctx, srv.URL()+"?bucket=example&prefix=site/")
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
				if _, err := visits.UpdateAtomic(ctx, "visits/home page", 0, func(n int) int { return n + 1 }); err != nil {
					fmt.Println(err)
				}
			}
		})
	}
	wg.Wait()
	if err := visits.Put(ctx, "visits/about", 7); err != nil {
		fmt.Println(err)
		return
	}

	for key, err := range visits.Keys(ctx, "visits/") {
		if err != nil {
			fmt.Println(err)
			return
		}
		n, _, err := visits.Get(ctx, key)
		fmt.Printf("%q %d %v\n", key, n, err)
	}
	// Output:
	// "visits/about" 7 <nil>
	// "visits/home page" 20 <nil>
}
