package sim

import (
	"fmt"
	"time"

	"github.com/kvchaos/kvchaos/kv"
)

// LinearizableConfig is the control group: one leader holds the only copy
// of the data and applies every operation atomically when the request
// reaches it, so each operation takes effect at one instant inside its
// call–return interval. Clients in other regions pay a round trip to the
// leader; a partition from the leader or its crash makes operations fail
// with kv.ErrUnavailable after Config.Timeout (writes then have an unknown
// outcome). It offers kv.CAS. Nothing is lost on a crash (the leader's
// storage is durable).
type LinearizableConfig struct {
	// Leader is the region that hosts the leader; "" = the first region.
	Leader string
}

// Linearizable returns the linearizable preset with its leader in the
// first region.
func Linearizable() LinearizableConfig { return LinearizableConfig{} }

// Name implements Preset.
func (LinearizableConfig) Name() string { return "linearizable" }

func (p LinearizableConfig) newEngine(c *Cluster) (engine, error) {
	l, err := c.regionIndex("LinearizableConfig.Leader", p.Leader)
	if err != nil {
		return nil, err
	}
	return &linearizable{c: c, leader: l, data: newReplica()}, nil
}

type linearizable struct {
	c      *Cluster
	leader int
	data   *replica
}

func (l *linearizable) get(p *proc, key string) (entry, bool, error) {
	if err := p.hop(p.region, l.leader); err != nil {
		return entry{}, false, err
	}
	e, ok := l.data.get(key, l.c.now.Load())
	return e, ok, p.hop(l.leader, p.region)
}

func (l *linearizable) write(p *proc, key string, val []byte, ttl time.Duration, del bool) (kv.Version, error) {
	if err := p.hop(p.region, l.leader); err != nil {
		return "", err
	}
	e := l.c.newEntry(l.leader, val, ttl, del)
	l.data.set(key, e)
	return e.ver, p.hop(l.leader, p.region)
}

func (l *linearizable) putIf(p *proc, key string, val []byte, expected kv.Version, ttl time.Duration) (kv.Version, error) {
	if err := p.hop(p.region, l.leader); err != nil {
		return "", err
	}
	if cur := l.data.version(key, l.c.now.Load()); cur != expected {
		if err := p.hop(l.leader, p.region); err != nil {
			return "", err
		}
		return "", fmt.Errorf("sim: cas %q: version is %q, expected %q: %w", key, cur, expected, kv.ErrConflict)
	}
	e := l.c.newEntry(l.leader, val, ttl, false)
	l.data.set(key, e)
	return e.ver, p.hop(l.leader, p.region)
}

func (l *linearizable) list(p *proc, prefix, cursor string, limit int) (kv.Page, error) {
	if err := p.hop(p.region, l.leader); err != nil {
		return kv.Page{}, err
	}
	page := l.data.list(prefix, cursor, limit, l.c.now.Load())
	return page, p.hop(l.leader, p.region)
}

func (l *linearizable) hasCAS() bool               { return true }
func (l *linearizable) deliver(int, string, entry) {}
func (l *linearizable) crash(int)                  {}
func (l *linearizable) restart(int)                {}
func (l *linearizable) settle() time.Duration      { return 0 }

func (l *linearizable) keys() []string {
	set := map[string]bool{}
	l.data.liveKeys(set, l.c.now.Load())
	return sortedKeys(set)
}
