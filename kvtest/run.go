package kvtest

import (
	"testing"
)

// Run runs the conformance suite against the backend h describes. Its
// subtests are "edge", "sequential", "ttl" and "concurrent" (see the
// package documentation); each gets fresh backends from h.New. A Harness
// that is unusable (New nil, a knob out of range) fails the test at once
// with an error naming the field.
func Run(t *testing.T, h Harness) {
	t.Helper()
	h, err := h.withDefaults()
	if err != nil {
		t.Fatal(err)
	}
	t.Run("edge", func(t *testing.T) { runEdge(t, h) })
	t.Run("sequential", func(t *testing.T) { runSequential(t, h) })
	t.Run("ttl", func(t *testing.T) { runTTL(t, h) })
	t.Run("concurrent", func(t *testing.T) { runConcurrent(t, h) })
}
