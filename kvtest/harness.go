package kvtest

import (
	"fmt"
	"testing"
	"time"

	"github.com/kvchaos/kvchaos/checker"
	"github.com/kvchaos/kvchaos/kv"
)

// Harness describes a backend to Run. Only New is required; every other
// field declares a capability or a knob whose zero value is the common
// default.
type Harness struct {
	// New returns a fresh, empty backend. It is called once per subtest
	// and once per rapid test case; register cleanup with t.Cleanup. A
	// shared server is fine as long as each call gets its own namespace
	// (backends.Prefixed with a unique prefix does that).
	New func(t *testing.T) kv.Backend

	// Linearizable declares that single-key operations are linearizable:
	// the concurrent part then checks the recorded history with
	// linearizability. Otherwise it checks convergence after Settle.
	Linearizable bool

	// Guarantee is what a store that is not Linearizable promises beyond
	// convergence, as a checker.Expect (checker.ExpectReadYourWrites,
	// checker.ExpectSessions); "" means checker.ExpectEventual. Ignored
	// when Linearizable is set.
	Guarantee checker.Expect

	// Settle, when set, brings the store b belongs to to quiescence:
	// pending replication applied, read caches expired. Stores that are not
	// linearizable need it — the sequential part calls it after every
	// write, so a single client compares the settled store with the model,
	// and the concurrent part calls it before the convergence reads. It
	// must not advance the clock by more than a few minutes.
	Settle func(b kv.Backend)

	// Replicas, when set, returns every view of the store b belongs to (its
	// regions), b included. The convergence check reads each after Settle
	// and requires them to agree. nil means b alone.
	Replicas func(b kv.Backend) []kv.Backend

	// Advance, when set, moves the clock of b (a backend New returned)
	// forward by d, so the suite checks that keys expire after their TTL.
	// When nil, TTL writes are only checked to be accepted and readable.
	// Clock is a ready-made clock for backends with an injectable one.
	Advance func(b kv.Backend, d time.Duration)

	// NoTTL declares that the backend has no expiry: the suite reports it
	// and writes no TTLs.
	NoTTL bool

	// UnorderedList declares that listings are not in byte order; the
	// suite then compares listed keys as sets. The default is byte order,
	// as Cloudflare, Fastly, etcd and Memory list.
	UnorderedList bool

	// Limits overrides the limits the suite's Stores validate against.
	// nil: the backend's own (kv.LimitedBackend), else kv.DefaultLimits.
	Limits *kv.Limits

	// Clients is how many concurrent clients the concurrent part runs
	// (default 4).
	Clients int

	// OpsPerClient is how many operations each concurrent client issues
	// (default 40).
	OpsPerClient int

	// Seed seeds the concurrent clients' programs (default 1), so a
	// failure repeats with the same operations.
	Seed uint64
}

const (
	defaultClients      = 4
	defaultOpsPerClient = 40
	maxClients          = 64
	maxOpsPerClient     = 10000
)

// withDefaults validates h and fills the zero knobs. The error names the
// offending field.
func (h Harness) withDefaults() (Harness, error) {
	if h.New == nil {
		return h, fmt.Errorf("kvtest: Harness.New is nil: it must return a fresh, empty backend")
	}
	if h.Clients < 0 || h.Clients > maxClients {
		return h, fmt.Errorf("kvtest: Harness.Clients is %d, must be 0 (default %d) or 1..%d", h.Clients, defaultClients, maxClients)
	}
	if h.OpsPerClient < 0 || h.OpsPerClient > maxOpsPerClient {
		return h, fmt.Errorf("kvtest: Harness.OpsPerClient is %d, must be 0 (default %d) or 1..%d", h.OpsPerClient, defaultOpsPerClient, maxOpsPerClient)
	}
	if h.Limits != nil {
		if err := h.Limits.Validate(); err != nil {
			return h, fmt.Errorf("kvtest: Harness.Limits: %w", err)
		}
	}
	if h.NoTTL && h.Advance != nil {
		return h, fmt.Errorf("kvtest: Harness.NoTTL and Harness.Advance are both set: a backend without expiry has no clock to advance for it")
	}
	switch h.Guarantee {
	case "", checker.ExpectLinearizable, checker.ExpectSessions, checker.ExpectReadYourWrites, checker.ExpectEventual:
	default:
		return h, fmt.Errorf("kvtest: Harness.Guarantee is %q: want one of checker.ExpectLinearizable, ExpectSessions, ExpectReadYourWrites, ExpectEventual", string(h.Guarantee))
	}
	if h.Guarantee == checker.ExpectLinearizable {
		h.Linearizable = true
	}
	if h.Clients == 0 {
		h.Clients = defaultClients
	}
	if h.OpsPerClient == 0 {
		h.OpsPerClient = defaultOpsPerClient
	}
	if h.Seed == 0 {
		h.Seed = 1
	}
	return h, nil
}

// limitsFor returns the limits the suite validates b against.
func (h Harness) limitsFor(b kv.Backend) kv.Limits {
	if h.Limits != nil {
		return *h.Limits
	}
	if lb, ok := b.(kv.LimitedBackend); ok {
		return lb.Limits()
	}
	return kv.DefaultLimits()
}

// backend calls New and fails the test on a nil result.
func (h Harness) backend(t *testing.T) kv.Backend {
	t.Helper()
	b := h.New(t)
	if b == nil {
		t.Fatalf("kvtest: Harness.New returned a nil backend")
	}
	return b
}

// settle calls Settle when it is set.
func (h Harness) settle(b kv.Backend) {
	if h.Settle != nil {
		h.Settle(b)
	}
}

// replicas returns every view of b's store.
func (h Harness) replicas(b kv.Backend) []kv.Backend {
	if h.Replicas == nil {
		return []kv.Backend{b}
	}
	if rs := h.Replicas(b); len(rs) > 0 {
		return rs
	}
	return []kv.Backend{b}
}

// store returns a raw-string Store over b with the suite's limits.
func (h Harness) store(b kv.Backend) *kv.Store[string] {
	return kv.NewStore[string](b, kv.WithLimits(h.limitsFor(b)))
}
