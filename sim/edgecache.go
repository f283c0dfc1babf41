package sim

import (
	"fmt"
	"strconv"
	"time"

	"github.com/kvchaos/kvchaos/kv"
)

// EdgeCacheConfig models a Cloudflare Workers KV-like store: one central
// store and, in every region, a read cache. A read served from a region's
// cache returns whatever the cache holds until it expires — including a
// cached "not found" — and a miss fetches from the central store and caches
// the answer for CacheTTL. A write goes to the central store (the last write
// to arrive wins) and refreshes the writing region's cache, so it is visible
// at once where it was made and after up to CacheTTL elsewhere. Listings
// are cached the same way. There is no CAS. A crashed region loses its
// cache; the central store is durable.
type EdgeCacheConfig struct {
	// Central is the region hosting the central store; "" = the first.
	Central string
	// CacheTTL is how long a region caches a read (hit or not-found) or a
	// listing; 0 = 60 s, Cloudflare's default and minimum cacheTtl.
	CacheTTL time.Duration
	// WriteInterval, when > 0, refuses a write to a key that the central
	// store accepted less than WriteInterval ago with kv.ErrRateLimited;
	// time.Second models Cloudflare's limit of one write per second per key.
	WriteInterval time.Duration
}

// EdgeCache returns the edgecache preset: 60 s cache TTL, no write limit.
func EdgeCache() EdgeCacheConfig { return EdgeCacheConfig{CacheTTL: 60 * time.Second} }

// Name implements Preset.
func (EdgeCacheConfig) Name() string { return "edgecache" }

func (p EdgeCacheConfig) newEngine(c *Cluster) (engine, error) {
	central, err := c.regionIndex("EdgeCacheConfig.Central", p.Central)
	if err != nil {
		return nil, err
	}
	if p.CacheTTL < 0 || p.WriteInterval < 0 {
		return nil, fmt.Errorf("sim: EdgeCacheConfig: negative CacheTTL or WriteInterval")
	}
	if p.CacheTTL == 0 {
		p.CacheTTL = 60 * time.Second
	}
	e := &edgeCache{c: c, cfg: p, central: central, data: newReplica(), lastWrite: map[string]int64{}}
	e.caches = make([]edgeRegionCache, len(c.regions))
	for i := range e.caches {
		e.caches[i] = newEdgeRegionCache()
	}
	return e, nil
}

type edgeCache struct {
	c         *Cluster
	cfg       EdgeCacheConfig
	central   int
	data      *replica
	lastWrite map[string]int64 // key -> time the central store accepted a write
	caches    []edgeRegionCache
}

type cachedRead struct {
	e       entry
	found   bool
	expires int64
}

type cachedList struct {
	page    kv.Page
	expires int64
}

type edgeRegionCache struct {
	reads map[string]cachedRead
	lists map[string]cachedList
}

func newEdgeRegionCache() edgeRegionCache {
	return edgeRegionCache{reads: map[string]cachedRead{}, lists: map[string]cachedList{}}
}

func (ec *edgeCache) get(p *proc, key string) (entry, bool, error) {
	c := ec.c
	if err := p.hop(p.region, p.region); err != nil {
		return entry{}, false, err
	}
	cache := ec.caches[p.region].reads
	cr, hit := cache[key]
	if !hit || c.now.Load() >= cr.expires {
		if err := p.hop(p.region, ec.central); err != nil {
			return entry{}, false, err
		}
		e, found := ec.data.get(key, c.now.Load())
		if err := p.hop(ec.central, p.region); err != nil {
			return entry{}, false, err
		}
		cr = cachedRead{e: e, found: found, expires: c.now.Load() + int64(ec.cfg.CacheTTL)}
		cache[key] = cr
	}
	found := cr.found && cr.e.live(c.now.Load())
	return cr.e, found, p.hop(p.region, p.region)
}

func (ec *edgeCache) write(p *proc, key string, val []byte, ttl time.Duration, del bool) (kv.Version, error) {
	c := ec.c
	if err := p.hop(p.region, p.region); err != nil {
		return "", err
	}
	if err := p.hop(p.region, ec.central); err != nil {
		return "", err
	}
	now := c.now.Load()
	limited := ec.cfg.WriteInterval > 0 // else lastWrite is neither read nor kept
	if limited && ec.tooSoon(key, now) {
		if err := p.hop(ec.central, p.region); err != nil {
			return "", err
		}
		return "", fmt.Errorf("sim: write %q: more than one write per %v: %w", key, ec.cfg.WriteInterval, kv.ErrRateLimited)
	}
	e := c.newEntry(ec.central, val, ttl, del)
	ec.data.set(key, e)
	if limited {
		ec.lastWrite[key] = now
	}
	if err := p.hop(ec.central, p.region); err != nil {
		return "", err
	}
	ec.caches[p.region].reads[key] = cachedRead{e: e, found: !del, expires: c.now.Load() + int64(ec.cfg.CacheTTL)}
	return e.ver, p.hop(p.region, p.region)
}

// tooSoon reports whether the central store accepted a write to key less
// than WriteInterval before now.
func (ec *edgeCache) tooSoon(key string, now int64) bool {
	last, ok := ec.lastWrite[key]
	return ok && now-last < int64(ec.cfg.WriteInterval)
}

func (ec *edgeCache) list(p *proc, prefix, cursor string, limit int) (kv.Page, error) {
	c := ec.c
	if err := p.hop(p.region, p.region); err != nil {
		return kv.Page{}, err
	}
	ck := prefix + "\x00" + cursor + "\x00" + strconv.Itoa(limit)
	lists := ec.caches[p.region].lists
	cl, hit := lists[ck]
	if !hit || c.now.Load() >= cl.expires {
		if err := p.hop(p.region, ec.central); err != nil {
			return kv.Page{}, err
		}
		page := ec.data.list(prefix, cursor, limit, c.now.Load())
		if err := p.hop(ec.central, p.region); err != nil {
			return kv.Page{}, err
		}
		cl = cachedList{page: page, expires: c.now.Load() + int64(ec.cfg.CacheTTL)}
		lists[ck] = cl
	}
	page := kv.Page{Keys: append([]string(nil), cl.page.Keys...), Cursor: cl.page.Cursor}
	return page, p.hop(p.region, p.region)
}

func (ec *edgeCache) putIf(*proc, string, []byte, kv.Version, time.Duration) (kv.Version, error) {
	return "", kv.ErrUnsupported
}

func (ec *edgeCache) hasCAS() bool               { return false }
func (ec *edgeCache) deliver(int, string, entry) {}
func (ec *edgeCache) crash(r int)                { ec.caches[r] = newEdgeRegionCache() }
func (ec *edgeCache) restart(int)                {}

// settle: the central store is the only copy; caches agree once they expire.
func (ec *edgeCache) settle() time.Duration { return ec.cfg.CacheTTL }

func (ec *edgeCache) keys() []string {
	set := map[string]bool{}
	ec.data.liveKeys(set, ec.c.now.Load())
	return sortedKeys(set)
}
