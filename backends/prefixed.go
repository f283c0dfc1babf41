package backends

import (
	"context"
	"strings"

	"github.com/kvchaos/kvchaos/kv"
)

// Prefixed returns b with every key placed under prefix: Get("k") reads
// prefix+"k", and a listing of "p" lists prefix+"p" and returns the keys
// with prefix removed. The result keeps b's optional capabilities (CAS,
// Pacer, LimitedBackend); its key limit shrinks by the prefix's length.
func Prefixed(b kv.Backend, prefix string) kv.Backend {
	return newPrefixed(b, prefix, nil)
}

// newPrefixed is Prefixed, taking the prefixed form of the keys it is
// passed from keys when that is not nil (a table that only one simulated
// client at a time uses, never concurrently).
func newPrefixed(b kv.Backend, prefix string, keys *prefixedKeys) kv.Backend {
	if prefix == "" {
		return b
	}
	p := &prefixed{b: b, prefix: prefix, keys: keys}
	p.vp, _ = b.(kv.VersionedPut)
	c, isCAS := b.(kv.CAS)
	pc, isPacer := b.(kv.Pacer)
	l := limitsPart{p: p}
	cs := casPart{p: p, c: c}
	switch {
	case isCAS && isPacer:
		return struct {
			*prefixed
			casPart
			kv.Pacer
			limitsPart
		}{p, cs, pc, l}
	case isCAS:
		return struct {
			*prefixed
			casPart
			limitsPart
		}{p, cs, l}
	case isPacer:
		return struct {
			*prefixed
			kv.Pacer
			limitsPart
		}{p, pc, l}
	default:
		return struct {
			*prefixed
			limitsPart
		}{p, l}
	}
}

type prefixed struct {
	b      kv.Backend
	vp     kv.VersionedPut // b, when it reports the versions it writes; else nil
	prefix string
	keys   *prefixedKeys // nil unless its callers run one at a time
}

// key returns prefix+key.
func (p *prefixed) key(key string) string {
	if p.keys != nil {
		return p.keys.get(p.prefix, key)
	}
	return p.prefix + key
}

func (p *prefixed) Get(ctx context.Context, key string) (kv.Item, error) {
	return p.b.Get(ctx, p.key(key))
}

func (p *prefixed) Put(ctx context.Context, key string, value []byte, o kv.PutOptions) error {
	return p.b.Put(ctx, p.key(key), value, o)
}

// PutVersion is Put, returning the version written when the backend under
// the prefix reports it (kv.VersionedPut), else "".
func (p *prefixed) PutVersion(ctx context.Context, key string, value []byte, o kv.PutOptions) (kv.Version, error) {
	if p.vp != nil {
		return p.vp.PutVersion(ctx, p.key(key), value, o)
	}
	return "", p.b.Put(ctx, p.key(key), value, o)
}

func (p *prefixed) Delete(ctx context.Context, key string) error {
	return p.b.Delete(ctx, p.key(key))
}

func (p *prefixed) List(ctx context.Context, prefix, cursor string, limit int) (kv.Page, error) {
	page, err := p.b.List(ctx, p.prefix+prefix, cursor, limit)
	if err != nil {
		return page, err
	}
	keys := make([]string, 0, len(page.Keys))
	for _, k := range page.Keys {
		keys = append(keys, strings.TrimPrefix(k, p.prefix))
	}
	page.Keys = keys
	return page, nil
}

// Unwrap returns the backend under the prefix.
func (p *prefixed) Unwrap() kv.Backend { return p.b }

type casPart struct {
	p *prefixed
	c kv.CAS
}

func (c casPart) PutIf(ctx context.Context, key string, value []byte, expected kv.Version, o kv.PutOptions) (kv.Version, error) {
	return c.c.PutIf(ctx, c.p.key(key), value, expected, o)
}

type limitsPart struct{ p *prefixed }

// Limits are the wrapped backend's limits (or the defaults) with the key
// and listing-prefix lengths reduced by the prefix.
func (l limitsPart) Limits() kv.Limits {
	lim := kv.DefaultLimits()
	if lb, ok := l.p.b.(kv.LimitedBackend); ok {
		lim = lb.Limits()
	}
	n := len(l.p.prefix)
	lim.MaxKeyBytes = max(1, lim.MaxKeyBytes-n)
	lim.MaxPrefixBytes = max(0, lim.MaxPrefixBytes-n)
	return lim
}
