package kvtest_test

import (
	"context"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/kvchaos/kvchaos/kv"
	"github.com/kvchaos/kvchaos/kvtest"
)

// bug names one planted bug. Each bugged backend is Memory with exactly
// one behaviour broken; every bug is deterministic (stale reads come from
// a PRNG with a fixed seed).
type bug string

const (
	bugNone          bug = ""
	bugDeleteNoop    bug = "delete-noop"         // Delete returns nil and removes nothing
	bugCASIgnoresVer bug = "cas-ignores-version" // PutIf writes whatever the version
	bugListDropsEdge bug = "list-drops-at-page-boundary"
	bugListNoPrefix  bug = "list-ignores-prefix" // List returns every key
	bugStaleReads    bug = "stale-reads"         // about one Get in four returns the previous value
	bugTTLIgnored    bug = "ttl-ignored"         // Put drops the TTL: keys never expire
)

// plantedBugs are the bugs the suite must catch.
var plantedBugs = []bug{bugDeleteNoop, bugCASIgnoresVer, bugListDropsEdge, bugListNoPrefix, bugStaleReads, bugTTLIgnored}

// bugged wraps a backend with one planted bug. It implements kv.CAS and
// unwraps to the inner backend, so MemoryHarness's Advance still finds the
// clock.
type bugged struct {
	inner kv.Backend
	cas   kv.CAS
	bug   bug

	mu   sync.Mutex
	rng  *rand.Rand
	prev map[string]*kv.Item // the value each key held before its last write; nil = absent
}

func newBugged(inner kv.Backend, b bug) *bugged {
	c, _ := inner.(kv.CAS)
	return &bugged{inner: inner, cas: c, bug: b, rng: rand.New(rand.NewPCG(7, 11)), prev: map[string]*kv.Item{}}
}

// Unwrap returns the backend with the bug.
func (b *bugged) Unwrap() kv.Backend { return b.inner }

func (b *bugged) Get(ctx context.Context, key string) (kv.Item, error) {
	if b.bug == bugStaleReads {
		b.mu.Lock()
		old, had := b.prev[key]
		stale := had && b.rng.IntN(4) == 0
		b.mu.Unlock()
		if stale {
			if old == nil {
				return kv.Item{}, kv.ErrNotFound
			}
			return *old, nil
		}
	}
	return b.inner.Get(ctx, key)
}

// remember keeps key's current item as its previous value, for stale reads.
func (b *bugged) remember(ctx context.Context, key string) {
	if b.bug != bugStaleReads {
		return
	}
	it, err := b.inner.Get(ctx, key)
	b.mu.Lock()
	defer b.mu.Unlock()
	if err != nil {
		b.prev[key] = nil
		return
	}
	b.prev[key] = &it
}

func (b *bugged) Put(ctx context.Context, key string, value []byte, o kv.PutOptions) error {
	if b.bug == bugTTLIgnored {
		o.TTL = 0
	}
	b.remember(ctx, key)
	return b.inner.Put(ctx, key, value, o)
}

func (b *bugged) PutIf(ctx context.Context, key string, value []byte, expected kv.Version, o kv.PutOptions) (kv.Version, error) {
	if b.bug == bugCASIgnoresVer {
		cur, err := b.inner.Get(ctx, key)
		if err == nil {
			expected = cur.Version
		} else {
			expected = ""
		}
	}
	b.remember(ctx, key)
	return b.cas.PutIf(ctx, key, value, expected, o)
}

func (b *bugged) Delete(ctx context.Context, key string) error {
	if b.bug == bugDeleteNoop {
		return nil
	}
	b.remember(ctx, key)
	return b.inner.Delete(ctx, key)
}

func (b *bugged) List(ctx context.Context, prefix, cursor string, limit int) (kv.Page, error) {
	if b.bug == bugListNoPrefix {
		prefix = ""
	}
	p, err := b.inner.List(ctx, prefix, cursor, limit)
	if err == nil && b.bug == bugListDropsEdge && p.Cursor != "" && len(p.Keys) > 0 {
		p.Keys = p.Keys[:len(p.Keys)-1]
	}
	return p, err
}

// buggedHarness is MemoryHarness with bug planted in every backend.
func buggedHarness(b bug) kvtest.Harness {
	h := kvtest.MemoryHarness()
	newMem := h.New
	h.New = func(t *testing.T) kv.Backend { return newBugged(newMem(t), b) }
	return h
}
