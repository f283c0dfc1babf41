package cloudflare_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/kvchaos/kvchaos/backends"
	"github.com/kvchaos/kvchaos/backends/cloudflare"
	"github.com/kvchaos/kvchaos/edge"
	"github.com/kvchaos/kvchaos/internal/emutest"
	"github.com/kvchaos/kvchaos/kv"
	"github.com/kvchaos/kvchaos/sim"
)

// A program's visit counter on a Workers KV namespace. Here the namespace
// is the project's emulator on a loopback port; against the real service
// leave Endpoint empty and take Token from the environment
// (os.Getenv(cloudflare.TokenEnv), an API token with Workers KV Storage
// Edit permission). Workers KV has no compare-and-set: Update is a plain
// read-modify-write, and UpdateAtomic refuses with kv.ErrUnsupported.
func ExampleNew() {
	const token = "example-token"
	srv, err := emutest.New(edge.Cloudflare, sim.Config{Seed: 1, Preset: sim.Linearizable()}, token)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()

	b, err := cloudflare.New(cloudflare.Config{
		AccountID:   "ACCOUNT_ID",
		NamespaceID: "NAMESPACE_ID",
		Token:       token,
		Endpoint:    srv.URL,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	visits := kv.NewStore[int](b)
	if err := visits.Put(ctx, "visits", 41); err != nil {
		fmt.Println(err)
		return
	}
	n, err := visits.Update(ctx, "visits", 0, func(n int) int { return n + 1 })
	fmt.Println("after Update:", n, err)
	n, found, err := visits.Get(ctx, "visits")
	fmt.Println("Get:", n, found, err)

	_, err = visits.UpdateAtomic(ctx, "visits", 0, func(n int) int { return n + 1 })
	fmt.Println("UpdateAtomic unsupported:", errors.Is(err, kv.ErrUnsupported))
	// Output:
	// after Update: 42 <nil>
	// Get: 42 true <nil>
	// UpdateAtomic unsupported: true
}

// Opening by URL, as `kvchaos run --store` does. The emulator here runs
// the simulator's edgecache preset (Workers KV's read caches) and needs no
// token; against the real service the opener reads CLOUDFLARE_API_TOKEN.
// Since the endpoint is a kvchaos emulator, the store lists its regions:
// a read in eu-west keeps its cached "not found" for up to 60 s after a
// write in us-east.
func ExampleOpen() {
	srv, err := emutest.New(edge.Cloudflare, sim.Config{Seed: 1, Preset: sim.EdgeCache()}, "")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()

	ctx := context.Background()
	s, err := backends.Open(ctx, "cloudflare://ACCOUNT_ID/NAMESPACE_ID?prefix=app/&endpoint="+url.QueryEscape(srv.URL))
	if err != nil {
		fmt.Println(err)
		return
	}
	if s.Close != nil {
		defer func() { _ = s.Close() }()
	}
	fmt.Println("regions:", s.Regions)
	us := kv.NewStore[string](s.Region("us-east"))
	eu := kv.NewStore[string](s.Region("eu-west"))

	_, found, _ := eu.Get(ctx, "greeting") // caches "not found" in eu-west
	fmt.Println("eu-west before:", found)
	if err := us.Put(ctx, "greeting", "hello"); err != nil {
		fmt.Println(err)
		return
	}
	_, found, _ = eu.Get(ctx, "greeting")
	fmt.Println("eu-west right after the write:", found)

	if err := srv.Cluster.Advance(61 * time.Second); err != nil { // the cache entry expires
		fmt.Println(err)
		return
	}
	v, found, err := eu.Get(ctx, "greeting")
	fmt.Println("eu-west 61 s later:", v, found, err)
	// Output:
	// regions: [us-east eu-west ap-south]
	// eu-west before: false
	// eu-west right after the write: false
	// eu-west 61 s later: hello true <nil>
}
