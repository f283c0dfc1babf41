package adaptertest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/internal/adapterkit"
	"github.com/kvchaos/kvchaos/kv"
	"github.com/kvchaos/kvchaos/kvtest"
)

// Harness describes the adapter under test.
type Harness struct {
	// New returns a backend over an empty key space (a fresh prefix, table
	// or bucket), closed by the harness through t.Cleanup if needed.
	New func(t *testing.T) kv.Backend
	// TTL is the shortest TTL the store honours promptly; 0 means the
	// adapter does not support per-key TTL and must say so.
	TTL time.Duration
	// Expiry bounds how long after TTL a key may still be visible.
	Expiry time.Duration
}

// Run runs the conformance suite, kvtest.Run, as subtest "kvtest" — the
// adapter declared linearizable, 8 clients × 100 operations in the
// concurrent part, NoTTL when TTL is 0 — and this package's checks:
// Expiry, Canceled and CursorStable. The four are parallel subtests, each
// on backends of its own (h.New must be safe to call concurrently), so
// Expiry's wait for the server's clock overlaps the suite.
func Run(t *testing.T, h Harness) {
	runParallel(t,
		parallelCase{"kvtest", func(t *testing.T) {
			kvtest.Run(t, kvtest.Harness{New: h.New, Linearizable: true, NoTTL: h.TTL == 0, Clients: 8, OpsPerClient: 100})
		}},
		parallelCase{"Expiry", func(t *testing.T) { testExpiry(t, h) }},
		parallelCase{"Canceled", func(t *testing.T) { testCanceled(t, h.New(t)) }},
		parallelCase{"CursorStable", func(t *testing.T) { testCursorStable(t, h.New(t)) }},
	)
}

// parallelCase is a named subtest of Run or RunEdge.
type parallelCase struct {
	name string
	run  func(t *testing.T)
}

// runParallel runs each case as a parallel subtest of t.
func runParallel(t *testing.T, cases ...parallelCase) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			c.run(t)
		})
	}
}

// RequireKind asserts err wraps kind, is an adapter *adapterkit.Error and
// contains none of hidden (the credentials it must never show).
func RequireKind(t *testing.T, err error, kind error, hidden ...string) {
	t.Helper()
	require.ErrorIs(t, err, kind)
	var ae *adapterkit.Error
	require.True(t, errors.As(err, &ae), "error %v is not an adapter error", err)
	for _, h := range hidden {
		require.NotContains(t, err.Error(), h)
	}
}

// testCanceled: a call whose context is already done has an unknown
// outcome, so it must be kv.ErrUnavailable, not a definite failure.
func testCanceled(t *testing.T, b kv.Backend) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := b.Get(ctx, "k")
	RequireKind(t, err, kv.ErrUnavailable)
	RequireKind(t, b.Put(ctx, "k", []byte("x"), kv.PutOptions{}), kv.ErrUnavailable)
	RequireKind(t, b.Delete(ctx, "k"), kv.ErrUnavailable)
	_, err = b.List(ctx, "", "", 10)
	RequireKind(t, err, kv.ErrUnavailable)
	if c, ok := b.(kv.CAS); ok {
		_, err = c.PutIf(ctx, "k", []byte("x"), "", kv.PutOptions{})
		RequireKind(t, err, kv.ErrUnavailable)
	}
}
