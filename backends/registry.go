package backends

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"sync"

	"github.com/kvchaos/kvchaos/internal/redact"
	"github.com/kvchaos/kvchaos/kv"
)

// Store is a store opened from a URL.
type Store struct {
	// Backend is the store as seen by a client with no region preference.
	Backend kv.Backend
	// Regions lists the regions clients can be placed in; nil for a store
	// with one location. Region returns the backend for a client located
	// in the named region.
	Regions []string
	Region  func(name string) kv.Backend
	// Scheduler is set by stores that run clients themselves on a virtual
	// clock (the simulator); nil for real stores, whose clients are
	// goroutines.
	Scheduler Scheduler
	// Prefix is the key prefix Open applied: every key a client uses lives
	// under it, and listings see only keys under it with the prefix removed.
	Prefix string
	// Close releases connections; nil when there is nothing to release.
	Close func() error
	// Quiescer, when set, brings a store whose clients are goroutines to
	// rest before the final reads, as a Scheduler implementing Quiescer
	// does on the simulator; the edge adapters set it when their endpoint
	// is a kvchaos emulator that can quiesce. nil for real stores.
	Quiescer Quiescer
}

// Scheduler runs logical clients deterministically, one at a time, the way
// the simulator does.
type Scheduler interface {
	// Go adds a client located in region; fn receives that region's backend.
	Go(region string, fn func(ctx context.Context, b kv.Backend))
	// Run runs every client to completion.
	Run() error
	// Now is the scheduler's clock in nanoseconds, for recording.
	Now() int64
}

// Quiescer is implemented by schedulers (and set in Store.Quiescer by
// stores) that can bring the store to rest: heal faults, deliver all
// replication and let caches expire, after which every region must return
// the same values.
type Quiescer interface {
	Quiesce() error
}

// opener opens a store from a parsed URL.
type opener = func(ctx context.Context, u *url.URL) (*Store, error)

var (
	mu      sync.RWMutex
	openers = map[string]opener{}
)

// Register makes a URL scheme available to Open, the way database/sql
// drivers register: open opens a store from a parsed URL whose "prefix"
// query parameter Open has already handled and removed. Register panics if
// the scheme is registered twice, which is a programming error caught at
// init time.
func Register(scheme string, open func(ctx context.Context, u *url.URL) (*Store, error)) {
	mu.Lock()
	defer mu.Unlock()
	if _, dup := openers[scheme]; dup {
		panic("backends: scheme registered twice: " + scheme)
	}
	openers[scheme] = open
}

// schemes lists the registered URL schemes, sorted.
func schemes() []string {
	mu.RLock()
	defer mu.RUnlock()
	out := make([]string, 0, len(openers))
	for s := range openers {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// Open opens the store named by rawURL with the opener registered for its
// scheme.
//
// Every URL accepts a "prefix" query parameter: the keys clients use live
// under it, so a run never touches other keys. Without the parameter Open
// picks a fresh prefix "kvchaos-<16 hex digits>/" per call, except on a
// simulated store (one with a Scheduler), where it is "kvchaos-seed<N>/"
// from the URL's seed so that a simulated run depends on nothing but its
// URL; "prefix=" with an empty value means no prefix at all.
func Open(ctx context.Context, rawURL string) (*Store, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, redact.URLError(rawURL, err)
	}
	if u.Scheme == "" {
		return nil, fmt.Errorf("store URL %q: no scheme (known: %s)", Redact(rawURL), strings.Join(schemes(), ", "))
	}
	mu.RLock()
	open, ok := openers[u.Scheme]
	mu.RUnlock()
	if !ok {
		return nil, fmt.Errorf("store URL %q: unknown scheme %q (known: %s)",
			Redact(rawURL), u.Scheme, strings.Join(schemes(), ", "))
	}
	q := u.Query()
	prefix, explicit := q.Get("prefix"), q.Has("prefix")
	q.Del("prefix")
	u.RawQuery = q.Encode()
	s, err := open(ctx, u)
	if err != nil {
		return nil, redact.URLError(rawURL, err)
	}
	if !explicit {
		prefix = freshPrefix()
		if s.Scheduler != nil {
			// A simulated store is new per Open, so no other run shares its
			// keys, and its run must be a function of the URL: the prefix
			// comes from the seed, never from a random source.
			seed := q.Get("seed")
			if seed == "" {
				seed = "0"
			}
			prefix = "kvchaos-seed" + seed + "/"
		}
	}
	return withPrefix(s, prefix), nil
}

// freshPrefix returns a new random key prefix "kvchaos-<16 hex digits>/".
func freshPrefix() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return "kvchaos-" + hex.EncodeToString(b[:]) + "/"
}

// withPrefix places every backend of s under prefix.
func withPrefix(s *Store, prefix string) *Store {
	s.Prefix = prefix
	if prefix == "" {
		return s
	}
	s.Backend = Prefixed(s.Backend, prefix)
	if region := s.Region; region != nil {
		s.Region = func(name string) kv.Backend { return Prefixed(region(name), prefix) }
	}
	if s.Scheduler != nil {
		ps := prefixedScheduler{Scheduler: s.Scheduler, prefix: prefix}
		if one, ok := s.Scheduler.(interface{ OneClientAtATime() bool }); ok && one.OneClientAtATime() {
			ps.keys = new(prefixedKeys)
		}
		s.Scheduler = ps
	}
	return s
}

type prefixedScheduler struct {
	Scheduler
	prefix string
	// keys is the prefixed form of the keys the clients pass, when the
	// scheduler runs one client at a time (it has a OneClientAtATime
	// method that says so, as the simulator's does): nil otherwise.
	keys *prefixedKeys
}

// Quiesce quiesces the wrapped scheduler when it can; it returns
// kv.ErrUnsupported otherwise.
func (p prefixedScheduler) Quiesce() error {
	if q, ok := p.Scheduler.(Quiescer); ok {
		return q.Quiesce()
	}
	return kv.ErrUnsupported
}

// Unwrap returns the scheduler under the prefix, so callers can find its
// optional methods (the simulator's RecordFaults).
func (p prefixedScheduler) Unwrap() Scheduler { return p.Scheduler }

// Go adds the client with the region's backend under the prefix.
func (p prefixedScheduler) Go(region string, fn func(ctx context.Context, b kv.Backend)) {
	p.Scheduler.Go(region, func(ctx context.Context, b kv.Backend) { fn(ctx, newPrefixed(b, p.prefix, p.keys)) })
}
