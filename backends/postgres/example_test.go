package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/kvchaos/kvchaos/backends"
	_ "github.com/kvchaos/kvchaos/backends/postgres" // registers postgres://
	"github.com/kvchaos/kvchaos/internal/testserver"
	"github.com/kvchaos/kvchaos/kv"
)

// Claiming user names in a PostgreSQL table, opened by URL. The example
// starts its own PostgreSQL (initdb) on a free loopback port; a program
// would open "postgres://user:password@host:port/db?table=NAME", and the
// table is created when missing. PutIf with expected version "" creates a
// key only if it is absent (INSERT … ON CONFLICT), so of 4 clients
// claiming the same name exactly one wins and the others get
// kv.ErrConflict; UpdateAtomic (a conditional UPDATE on the row's version)
// counts the sign-ups. Keys lists in byte order (COLLATE "C"): upper case
// before lower case.
func Example() {
	srv, err := testserver.StartPostgres("")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer func() { _ = srv.Close() }()

	ctx := context.Background()
	s, err := backends.Open(ctx, srv.URL()+"&table=accounts&prefix=example/")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer func() { _ = s.Close() }()
	users := kv.NewStore[string](s.Backend)
	signups := kv.NewStore[int](s.Backend)

	var wg sync.WaitGroup
	var won, lost atomic.Int32
	for client := range 4 {
		wg.Go(func() {
			_, err := users.PutIf(ctx, "user/ada", fmt.Sprint("client ", client), "")
			switch {
			case err == nil:
				won.Add(1)
				if _, err := signups.UpdateAtomic(ctx, "signups", 0, func(n int) int { return n + 1 }); err != nil {
					fmt.Println(err)
				}
			case errors.Is(err, kv.ErrConflict):
				lost.Add(1)
			default:
				fmt.Println(err)
			}
		})
	}
	wg.Wait()
	fmt.Println("claims won:", won.Load(), "refused:", lost.Load())

	if err := users.Put(ctx, "user/Bob", "admin"); err != nil { // unconditional
		fmt.Println(err)
		return
	}
	n, _, err := signups.Get(ctx, "signups")
	fmt.Println("signups:", n, err)
	for key, err := range users.Keys(ctx, "user/") {
		fmt.Println(key, err)
	}
	// Output:
	// claims won: 1 refused: 3
	// signups: 1 <nil>
	// user/Bob <nil>
	// user/ada <nil>
}
