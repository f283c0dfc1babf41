package redis

import (
	"context"
	"strconv"
	"testing"

	goredis "github.com/redis/go-redis/v9"

	"github.com/kvchaos/kvchaos/kv"
)

// The adapter's Put (a Lua script maintaining the index) and Get (HMGET)
// against plain SET and GET, same server, same connection pool.

func BenchmarkAdapterPut(b *testing.B) {
	be := open(b)
	ctx, val := context.Background(), []byte("value")
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if err := be.Put(ctx, "k"+strconv.Itoa(i%1000), val, kv.PutOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAdapterGet(b *testing.B) {
	be := open(b)
	ctx := context.Background()
	if err := be.Put(ctx, "k", []byte("value"), kv.PutOptions{}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := be.Get(ctx, "k"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRawSet(b *testing.B) {
	c := goredis.NewClient(&goredis.Options{Addr: shared.Get(b).Addr})
	defer func() { _ = c.Close() }()
	ctx := context.Background()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if err := c.Set(ctx, "raw:k"+strconv.Itoa(i%1000), "value", 0).Err(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRawGet(b *testing.B) {
	c := goredis.NewClient(&goredis.Options{Addr: shared.Get(b).Addr})
	defer func() { _ = c.Close() }()
	ctx := context.Background()
	if err := c.Set(ctx, "raw:k", "value", 0).Err(); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := c.Get(ctx, "raw:k").Err(); err != nil {
			b.Fatal(err)
		}
	}
}
