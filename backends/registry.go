package backends

import (
	"context"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"sync"

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
	// Close releases connections; nil when there is nothing to release.
	Close func() error
}

// Opener opens a store from a parsed URL. The URL's "prefix" query
// parameter is handled by Open and removed before the opener sees it.
type Opener func(ctx context.Context, u *url.URL) (*Store, error)

var (
	mu      sync.RWMutex
	openers = map[string]Opener{}
)

// Register makes a URL scheme available to Open, the way database/sql
// drivers register. It panics if the scheme is registered twice, which is a
// programming error caught at init time.
func Register(scheme string, open Opener) {
	mu.Lock()
	defer mu.Unlock()
	if _, dup := openers[scheme]; dup {
		panic("backends: scheme registered twice: " + scheme)
	}
	openers[scheme] = open
}

// Schemes lists the registered URL schemes, sorted.
func Schemes() []string {
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
func Open(ctx context.Context, rawURL string) (*Store, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("store URL %q: %w", Redact(rawURL), err)
	}
	mu.RLock()
	open, ok := openers[u.Scheme]
	mu.RUnlock()
	if !ok {
		return nil, fmt.Errorf("store URL %q: unknown scheme %q (known: %s)",
			Redact(rawURL), u.Scheme, strings.Join(Schemes(), ", "))
	}
	return open(ctx, u)
}

// secretParams are query parameters whose values are never shown.
var secretParams = []string{"password", "token", "api_token", "secret", "key"}

// Redact returns rawURL with any password and secret query parameters
// replaced by "xxxxx", for logs, histories and reports.
func Redact(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "(unparseable URL)"
	}
	q := u.Query()
	changed := false
	for _, p := range secretParams {
		if q.Has(p) {
			q.Set(p, "xxxxx")
			changed = true
		}
	}
	if changed {
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
}
