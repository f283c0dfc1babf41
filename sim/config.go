package sim

import (
	"fmt"
	"slices"
	"time"
)

// defaultRegions are the regions of a Cluster whose Config names none. It
// is not exported: a mutable exported slice could be changed by any
// importer; New(Config{}).Regions() returns a copy.
var defaultRegions = []string{"us-east", "eu-west", "ap-south"}

// Link is a directed network link between two regions.
type Link struct{ From, To string }

// Config configures a Cluster. The zero value is usable: three regions, the
// Linearizable preset, seed 0.
type Config struct {
	// Seed seeds the default Source. Ignored when Source is set.
	Seed uint64
	// Source supplies every random choice; nil = a PCG generator seeded with Seed.
	Source Source
	// Regions names the regions, in order; nil = us-east, eu-west, ap-south. Several
	// presets treat the first region specially (the leader, the central
	// store, the primary).
	Regions []string
	// Preset is the store's behaviour; nil = Linearizable().
	Preset Preset
	// Latency is the one-way delay of a message between two distinct
	// regions; nil = LogNormal(40ms, 0.3), i.e. ~80 ms round trips between
	// continents.
	Latency Dist
	// LocalLatency is the one-way delay between a client and the node of its
	// own region; nil = Uniform(0.5ms, 2ms).
	LocalLatency Dist
	// Links overrides the delay of individual directed links.
	Links map[Link]Dist
	// Timeout is how long a client waits for an unreachable or lost message
	// before its operation fails with kv.ErrUnavailable; 0 = 1 s.
	Timeout time.Duration
	// Speed makes free-running virtual time follow the wall clock times
	// Speed (1 = real time, 60 = a minute per second). 0 = virtual time moves
	// only through Advance, Quiesce and deterministic runs. Run refuses to
	// start when Speed > 0, because the wall clock would leak into the
	// schedule.
	Speed float64
	// NoRecording turns the history recorder off (for benchmarks).
	NoRecording bool
}

// withDefaults validates cfg and fills in its defaults.
func (cfg Config) withDefaults() (Config, error) {
	if cfg.Regions == nil {
		cfg.Regions = defaultRegions
	}
	if len(cfg.Regions) == 0 {
		return cfg, fmt.Errorf("sim: Config.Regions: need at least one region")
	}
	seen := make(map[string]bool, len(cfg.Regions))
	for i, r := range cfg.Regions {
		if r == "" {
			return cfg, fmt.Errorf("sim: Config.Regions[%d]: empty region name", i)
		}
		if seen[r] {
			return cfg, fmt.Errorf("sim: Config.Regions[%d]: duplicate region %q", i, r)
		}
		seen[r] = true
	}
	// The cluster keeps its own copy: the caller's slice may not change a
	// running cluster's regions.
	cfg.Regions = slices.Clone(cfg.Regions)
	if cfg.Source == nil {
		cfg.Source = newSource(cfg.Seed)
	}
	if cfg.Preset == nil {
		cfg.Preset = Linearizable()
	}
	if cfg.Latency == nil {
		cfg.Latency = LogNormal(40*time.Millisecond, 0.3)
	}
	if cfg.LocalLatency == nil {
		cfg.LocalLatency = Uniform(500*time.Microsecond, 2*time.Millisecond)
	}
	if err := validDist(cfg.Latency); err != nil {
		return cfg, fmt.Errorf("sim: Config.Latency: %w", err)
	}
	if err := validDist(cfg.LocalLatency); err != nil {
		return cfg, fmt.Errorf("sim: Config.LocalLatency: %w", err)
	}
	for l, d := range cfg.Links {
		if !seen[l.From] || !seen[l.To] {
			return cfg, fmt.Errorf("sim: Config.Links[%s->%s]: unknown region", l.From, l.To)
		}
		if err := validDist(d); err != nil {
			return cfg, fmt.Errorf("sim: Config.Links[%s->%s]: %w", l.From, l.To, err)
		}
	}
	if cfg.Timeout < 0 {
		return cfg, fmt.Errorf("sim: Config.Timeout: negative (%v)", cfg.Timeout)
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = time.Second
	}
	if cfg.Speed < 0 {
		return cfg, fmt.Errorf("sim: Config.Speed: negative (%g)", cfg.Speed)
	}
	return cfg, nil
}
