package kv_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/kvchaos/kvchaos/kv"
)

func BenchmarkMemoryGet(b *testing.B) {
	ctx := context.Background()
	m := kv.NewTestMemory()
	for i := range 1000 {
		if err := m.Put(ctx, "k"+strconv.Itoa(i), []byte("value-0123456789"), kv.PutOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.Get(ctx, "k500"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMemoryPut(b *testing.B) {
	ctx := context.Background()
	m := kv.NewTestMemory()
	v := []byte("value-0123456789")
	b.ReportAllocs()
	for b.Loop() {
		if err := m.Put(ctx, "k", v, kv.PutOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkStoreGetJSON(b *testing.B) {
	ctx := context.Background()
	s := kv.NewStore[profile](kv.NewMemory())
	if err := s.Put(ctx, "user/1", profile{"ada", 42}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := s.Get(ctx, "user/1"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkStorePutJSON(b *testing.B) {
	ctx := context.Background()
	s := kv.NewStore[profile](kv.NewMemory())
	v := profile{"ada", 42}
	b.ReportAllocs()
	for b.Loop() {
		if err := s.Put(ctx, "user/1", v); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkUpdateAtomicUncontended(b *testing.B) {
	ctx := context.Background()
	s := kv.NewStore[int](kv.NewMemory())
	inc := func(n int) int { return n + 1 }
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.UpdateAtomic(ctx, "counter", 0, inc); err != nil {
			b.Fatal(err)
		}
	}
}
