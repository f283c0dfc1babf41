package kvtest

import (
	"testing"
	"time"

	"github.com/kvchaos/kvchaos/kv"
)

// clockedMemory is a kv.NewMemory backend that remembers its Clock, so
// Advance can find it from the backend. Embedding memoryBackend keeps
// Memory's CAS and VersionedPut.
type clockedMemory struct {
	memoryBackend
	clock *Clock
}

// memoryBackend is what kv.NewMemory returns: a Backend with CAS and
// VersionedPut.
type memoryBackend interface {
	kv.Backend
	kv.CAS
	kv.VersionedPut
}

// MemoryHarness returns the Harness for kv.NewMemory: linearizable, with a
// manual Clock per backend so the TTL parts run without waiting. It is
// also a worked example of a Harness for a backend with an injectable
// clock. Advance sees through wrappers that have an Unwrap() kv.Backend
// method.
func MemoryHarness() Harness {
	return Harness{
		New: func(*testing.T) kv.Backend {
			c := NewClock()
			return clockedMemory{memoryBackend: kv.NewMemory(kv.MemoryClock(c.Now)).(memoryBackend), clock: c}
		},
		Linearizable: true,
		Advance: func(b kv.Backend, d time.Duration) {
			for b != nil {
				if m, ok := b.(clockedMemory); ok {
					m.clock.Advance(d)
					return
				}
				u, ok := b.(interface{ Unwrap() kv.Backend })
				if !ok {
					return
				}
				b = u.Unwrap()
			}
		},
	}
}
