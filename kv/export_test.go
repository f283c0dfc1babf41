package kv

// Backoff exposes backoff to the external tests.
var Backoff = backoff

// Len returns the number of keys that have not expired, for the external
// tests.
func (m *Memory) Len() int {
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
