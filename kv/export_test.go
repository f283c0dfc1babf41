package kv

// Backoff exposes backoff to the external tests.
var Backoff = backoff

// Len returns the number of keys that have not expired, for the external
// tests.
func (m *memory) Len() int {
	m.mu.RLock()
	defer m.mu.RUnlock()
	n := 0
	for _, e := range m.items {
		if m.live(e) {
			n++
		}
	}
	return n
}

// Memory is the type NewMemory returns, for the external tests that call
// its methods or Len directly.
type Memory = memory

// NewTestMemory is NewMemory returning its concrete type.
func NewTestMemory(opts ...MemoryOption) *Memory { return newMemory(opts...) }

// JSONCodecFor returns the default JSON codec for T.
func JSONCodecFor[T any]() Codec[T] { return jsonCodec[T]{} }
