package sim

import (
	"fmt"
	"time"

	"github.com/kvchaos/kvchaos/kv"
)

// Preset selects the store model a Cluster simulates. The presets are
// LinearizableConfig, EdgeCacheConfig, ReplicatedConfig and QuorumConfig;
// the functions Linearizable, EdgeCache, Replicated and Quorum return each
// with its documented defaults, ready to adjust.
type Preset interface {
	// Name is the preset's name ("linearizable", "edgecache", ...).
	Name() string
	newEngine(c *Cluster) (engine, error)
}

// PresetNames lists the presets PresetByName knows.
func PresetNames() []string { return []string{"linearizable", "edgecache", "replicated", "quorum"} }

// PresetByName returns the named preset with its defaults.
func PresetByName(name string) (Preset, error) {
	switch name {
	case "linearizable":
		return Linearizable(), nil
	case "edgecache":
		return EdgeCache(), nil
	case "replicated":
		return Replicated(), nil
	case "quorum":
		return Quorum(), nil
	}
	return nil, fmt.Errorf("sim: unknown preset %q (known: %v)", name, PresetNames())
}

// engine is a preset's store model. The Cluster calls it with c.mu held.
type engine interface {
	get(p *proc, key string) (entry, bool, error)
	// write stores val (or a tombstone when del) and returns the version.
	write(p *proc, key string, val []byte, ttl time.Duration, del bool) (kv.Version, error)
	list(p *proc, prefix, cursor string, limit int) (kv.Page, error)
	// putIf is called only when hasCAS is true.
	putIf(p *proc, key string, val []byte, expected kv.Version, ttl time.Duration) (kv.Version, error)
	hasCAS() bool
	// deliver applies a replication message to replica to.
	deliver(to int, key string, e entry)
	// crash and restart a region's nodes.
	crash(region int)
	restart(region int)
	// settle makes every replica equal (anti-entropy) and returns how much
	// virtual time must pass before every region serves the settled state.
	settle() time.Duration
	// keys returns every key that is live anywhere, sorted.
	keys() []string
}

// regionIndex returns the index of a named region ("" = the first).
func (c *Cluster) regionIndex(field, name string) (int, error) {
	if name == "" {
		return 0, nil
	}
	i, ok := c.regionIdx[name]
	if !ok {
		return 0, fmt.Errorf("sim: %s: unknown region %q (regions: %v)", field, name, c.regions)
	}
	return i, nil
}
