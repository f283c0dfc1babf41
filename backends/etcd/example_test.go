package etcd_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/kvchaos/kvchaos/backends"
	_ "github.com/kvchaos/kvchaos/backends/etcd" // registers etcd://
	"github.com/kvchaos/kvchaos/internal/testserver"
	"github.com/kvchaos/kvchaos/kv"
)

// Settings on etcd, opened by URL. The example starts its own single-node
// etcd on a free loopback port; a program would open
// "etcd://host:port[,host:port...]". A key's version is its ModRevision:
// a PutIf against a revision that has moved on fails with kv.ErrConflict,
// and UpdateAtomic, a transaction comparing the revision, re-reads and
// retries by itself.
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
	settings := kv.NewStore[string](s.Backend)

	if err := settings.Put(ctx, "settings/mode", "read-write"); err != nil {
		fmt.Println(err)
		return
	}
	_, rev, _, err := settings.GetVersioned(ctx, "settings/mode")
	if err != nil {
		fmt.Println(err)
		return
	}
	// Another client changes the setting after we read it...
	if err := settings.Put(ctx, "settings/mode", "read-only"); err != nil {
		fmt.Println(err)
		return
	}
	// ...so a write conditional on the revision we read is refused.
	_, err = settings.PutIf(ctx, "settings/mode", "maintenance", rev)
	fmt.Println("stale revision conflicts:", errors.Is(err, kv.ErrConflict))

	mode, err := settings.UpdateAtomic(ctx, "settings/mode", "", func(m string) string { return m + "+audit" })
	fmt.Println("UpdateAtomic:", mode, err)

	if err := settings.Put(ctx, "settings/banner", "hello"); err != nil {
		fmt.Println(err)
		return
	}
	for key, err := range settings.Keys(ctx, "settings/") {
		if err != nil {
			fmt.Println(err)
			return
		}
		v, _, err := settings.Get(ctx, key)
		fmt.Println(key, v, err)
	}
	// Output:
	// stale revision conflicts: true
	// UpdateAtomic: read-only+audit <nil>
	// settings/banner hello <nil>
	// settings/mode read-only+audit <nil>
}
