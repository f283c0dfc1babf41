package sim

import (
	"fmt"
	"time"

	"github.com/kvchaos/kvchaos/kv"
)

// ListMode says where a replicated store serves listings from.
type ListMode int

const (
	// ListEventual serves a listing from the client's region's replica.
	ListEventual ListMode = iota
	// ListStrong serves a listing from the primary.
	ListStrong
)

// ReplicatedConfig models a Fastly KV-like multi-region store: every region
// holds a replica; a write applies to the local replica at once and
// replicates to the others asynchronously (link latency plus
// ReplicationLag). Replicas resolve concurrent writes by last-writer-wins on
// the writer's clock, so clock skew picks the wrong winner. Every key has a
// generation (its version) that PutIf checks against the primary's replica,
// like Fastly's if-generation-match. A crashed region loses its replica —
// writes it had not replicated are gone — and resynchronises from the
// others on restart; replication held up by a partition is delivered after
// the heal; lost replication is repaired by Quiesce's anti-entropy.
type ReplicatedConfig struct {
	// Primary is the region whose replica CAS and strong listings use;
	// "" = the first region.
	Primary string
	// ReplicationLag is added to the link latency of every replication
	// message; nil = Uniform(0, 250ms), so a write reaches other regions
	// after roughly 40–300 ms (Fastly documents up to 300 ms for data not
	// yet replicated to a POP).
	ReplicationLag Dist
	// List chooses eventual (local) or strong (primary) listings.
	List ListMode
}

// Replicated returns the replicated preset with its defaults.
func Replicated() ReplicatedConfig {
	return ReplicatedConfig{ReplicationLag: Uniform(0, 250*time.Millisecond)}
}

// Name implements Preset.
func (ReplicatedConfig) Name() string { return "replicated" }

func (p ReplicatedConfig) newEngine(c *Cluster) (engine, error) {
	primary, err := c.regionIndex("ReplicatedConfig.Primary", p.Primary)
	if err != nil {
		return nil, err
	}
	if p.ReplicationLag == nil {
		p.ReplicationLag = Replicated().ReplicationLag
	}
	if err := validDist(p.ReplicationLag); err != nil {
		return nil, fmt.Errorf("sim: ReplicatedConfig.ReplicationLag: %w", err)
	}
	if p.List != ListEventual && p.List != ListStrong {
		return nil, fmt.Errorf("sim: ReplicatedConfig.List: unknown mode %d", p.List)
	}
	return &replicated{c: c, cfg: p, primary: primary, n: len(c.regions), data: newReplicaSet(len(c.regions)),
		lag: newSampler(p.ReplicationLag)}, nil
}

type replicated struct {
	c       *Cluster
	cfg     ReplicatedConfig
	primary int
	n       int         // regions
	data    *replicaSet // replica i is region i's
	lag     sampler     // draws cfg.ReplicationLag
}

func (r *replicated) get(p *proc, key string) (entry, bool, error) {
	if err := p.hop(p.region, p.region); err != nil {
		return entry{}, false, err
	}
	e, ok := r.data.get(p.region, key, r.c.now.Load())
	return e, ok, p.hop(p.region, p.region)
}

func (r *replicated) write(p *proc, key string, val []byte, ttl time.Duration, del bool) (kv.Version, error) {
	if err := p.hop(p.region, p.region); err != nil {
		return "", err
	}
	e := r.c.newEntry(p.region, val, ttl, del)
	r.data.lww(p.region, key, e)
	r.fanOut(p.region, key, e)
	return e.ver, p.hop(p.region, p.region)
}

// fanOut replicates e from region from to every other region.
func (r *replicated) fanOut(from int, key string, e entry) {
	c := r.c
	for to := range r.n {
		if to != from {
			c.replicate(from, to, to, key, e, c.delay(from, to)+r.lag.sample(c.src))
		}
	}
}

func (r *replicated) putIf(p *proc, key string, val []byte, expected kv.Version, ttl time.Duration) (kv.Version, error) {
	c := r.c
	if err := p.hop(p.region, p.region); err != nil {
		return "", err
	}
	if err := p.hop(p.region, r.primary); err != nil {
		return "", err
	}
	cur, _ := r.data.get(r.primary, key, c.now.Load())
	if cur.ver != expected {
		if err := p.hop(r.primary, p.region); err != nil {
			return "", err
		}
		return "", fmt.Errorf("sim: cas %q: generation is %q, expected %q: %w", key, cur.ver, expected, kv.ErrConflict)
	}
	e := c.newEntry(r.primary, val, ttl, false)
	if old, ok := r.data.at(r.primary, key); ok && !e.newer(&old) {
		e.ts = old.ts + 1 // generations only move forward, whatever the clocks say
	}
	r.data.lww(r.primary, key, e)
	r.fanOut(r.primary, key, e)
	if err := p.hop(r.primary, p.region); err != nil {
		return "", err
	}
	return e.ver, p.hop(p.region, p.region)
}

func (r *replicated) list(p *proc, prefix, cursor string, limit int) (kv.Page, error) {
	at := p.region
	if r.cfg.List == ListStrong {
		at = r.primary
	}
	return r.listAt(p, at, prefix, cursor, limit)
}

// listStrong serves a listing from the primary whatever the List mode:
// Fastly's consistency=strong.
func (r *replicated) listStrong(p *proc, prefix, cursor string, limit int) (kv.Page, error) {
	return r.listAt(p, r.primary, prefix, cursor, limit)
}

// listAt serves a listing from region at's replica.
func (r *replicated) listAt(p *proc, at int, prefix, cursor string, limit int) (kv.Page, error) {
	if err := p.hop(p.region, at); err != nil {
		return kv.Page{}, err
	}
	page := r.data.list(at, prefix, cursor, limit, r.c.now.Load())
	return page, p.hop(at, p.region)
}

func (r *replicated) hasCAS() bool { return true }

func (r *replicated) deliver(to int, key string, e entry) { r.data.lww(to, key, e) }

// crash: the region's replica was in memory; what it had not replicated is lost.
func (r *replicated) crash(region int) { r.data.clear(region) }

// restart: resynchronise from every region the restarted one can reach.
func (r *replicated) restart(region int) {
	for j := range r.n {
		if j != region && r.c.reachable(j, region) {
			r.data.mergeFrom(region, j)
		}
	}
}

func (r *replicated) settle() time.Duration {
	r.data.settle()
	return 0
}

func (r *replicated) keys() []string { return r.data.keys(r.c.now.Load()) }
