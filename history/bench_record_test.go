package history

import (
	"context"
	"io"
	"strconv"
	"testing"
	"time"

	"github.com/kvchaos/kvchaos/internal/cputime"
	"github.com/kvchaos/kvchaos/kv"
)

// stubStore is a store that does no work, so that a benchmark of Record
// over it measures the recording: every key holds one value, a get finds
// it, a put returns the next of a few versions. Each call moves the
// virtual clock on by a simulated latency, as a simulator's store does.
type stubStore struct {
	value    []byte
	versions []kv.Version
	n        int
	now      *int64
}

func newStubStore(now *int64) *stubStore {
	s := &stubStore{value: []byte("c3-12345"), now: now}
	for i := range 1000 {
		s.versions = append(s.versions, kv.Version(strconv.Itoa(100000+i)))
	}
	return s
}

func (s *stubStore) next() kv.Version {
	*s.now += 1234567
	s.n++
	return s.versions[s.n%len(s.versions)]
}

func (s *stubStore) Get(context.Context, string) (kv.Item, error) {
	return kv.Item{Value: s.value, Version: s.next()}, nil
}

func (s *stubStore) Put(context.Context, string, []byte, kv.PutOptions) error { return nil }

func (s *stubStore) PutVersion(context.Context, string, []byte, kv.PutOptions) (kv.Version, error) {
	return s.next(), nil
}

func (s *stubStore) Delete(context.Context, string) error { return nil }

func (s *stubStore) List(context.Context, string, string, int) (kv.Page, error) {
	return kv.Page{}, nil
}

func (s *stubStore) Close() error { return nil }

// BenchmarkRecordedBackend measures what `kvchaos run` on sim:// spends
// recording one op: four clients' stores wrapped by Record into one
// Recorder on a virtual clock, streaming to a buffered writer, each client
// alternating gets and puts over 1000 keys, as the register workload does. The store
// itself does no work. cpu-ns/op is the process's CPU time per op (the
// stream's writer and the garbage collector included), which a shared
// machine moves less than the wall clock.
func BenchmarkRecordedBackend(b *testing.B) {
	var now int64
	rec := NewRecorder(WithClock(func() int64 { return now }),
		WithStream(io.Discard), WithBuffer(1<<20, time.Second))
	regions := []string{"us-east", "eu-west", "ap-south", "us-east"}
	var clients []kv.Backend
	for i, r := range regions {
		clients = append(clients, Record(newStubStore(&now), rec, i, r))
	}
	keys := make([]string, 1000)
	for i := range keys {
		keys[i] = "k" + strconv.Itoa(i)
	}
	ctx := context.Background()
	val := []byte("c0-123456")
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cputime.Process()
	for i := range b.N {
		c := clients[i%len(clients)]
		key := keys[(i*7919)%len(keys)]
		if (i/len(clients))&1 == 0 {
			if _, err := c.Get(ctx, key); err != nil {
				b.Fatal(err)
			}
		} else if err := c.Put(ctx, key, val, kv.PutOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if err := rec.Close(); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(cputime.Process()-cpu0)/float64(b.N), "cpu-ns/op")
}
