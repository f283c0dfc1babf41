package simstore

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kvchaos/kvchaos/backends"
	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/kv"
	"github.com/kvchaos/kvchaos/sim"
)

// maxRegions bounds regions=N.
const maxRegions = 64

// maxSpeed bounds speed=F: virtual time a billion times the wall clock
// already passes a 60 s cache window in 60 ns.
const maxSpeed = 1e9

// Open opens a new simulated cluster from a sim:// URL (backends/sim
// registers it for the scheme). With nemesis= it
// starts an open-ended random fault schedule (see Nemesis) that runs until
// the store is quiesced.
func Open(_ context.Context, u *url.URL) (*backends.Store, error) {
	bad := func(err error) error { return fmt.Errorf("store URL %q: %w", backends.Redact(u.String()), err) }
	cfg, err := Config(u)
	if err != nil {
		return nil, bad(err)
	}
	nc, err := Nemesis(u)
	if err != nil {
		return nil, bad(err)
	}
	c, err := sim.New(cfg)
	if err != nil {
		return nil, bad(err)
	}
	if nc != nil {
		if _, err := c.Nemesis(*nc); err != nil {
			return nil, bad(err)
		}
	}
	return NewStore(c), nil
}

// NewStore returns a store whose clients the cluster schedules
// deterministically, located in its regions (the first is the default),
// with no key prefix: what Open returns for a sim:// URL, for callers that
// configure the cluster in Go (kvchaos swarm). Set Config.NoRecording when
// the caller records the clients' operations itself.
func NewStore(c *sim.Cluster) *backends.Store {
	regions := c.Regions()
	return &backends.Store{
		Backend:   c.Region(regions[0]),
		Regions:   regions,
		Region:    c.Region,
		Scheduler: scheduler{c},
	}
}

// Config parses a sim:// URL into a simulator configuration, naming the
// bad parameter.
func Config(u *url.URL) (sim.Config, error) {
	cfg := sim.Config{NoRecording: true}
	if u.Host != "" || (u.Path != "" && u.Path != "/") {
		return cfg, fmt.Errorf("sim:// takes parameters only (sim://?preset=edgecache&regions=3), not host %q or path %q", u.Host, u.Path)
	}
	q := u.Query()
	for name := range q {
		switch name {
		case "preset", "regions", "seed", "speed", "write-interval":
		case "nemesis": // read by Nemesis
		default:
			return cfg, fmt.Errorf("unknown parameter %q (known: preset, regions, seed, speed, write-interval, nemesis, prefix)", name)
		}
	}
	if p := q.Get("preset"); p != "" {
		preset, err := sim.PresetByName(p)
		if err != nil {
			return cfg, fmt.Errorf("preset: %w", err)
		}
		cfg.Preset = preset
	}
	if s := q.Get("seed"); s != "" {
		seed, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return cfg, fmt.Errorf("seed: %q is not a non-negative integer", s)
		}
		cfg.Seed = seed
	}
	if sp := q.Get("speed"); sp != "" {
		speed, err := strconv.ParseFloat(sp, 64)
		if err != nil || !(speed >= 0) || speed > maxSpeed {
			return cfg, fmt.Errorf("speed: %q is not a number between 0 and %g", sp, float64(maxSpeed))
		}
		cfg.Speed = speed
	}
	if r := q.Get("regions"); r != "" {
		regions, err := parseRegions(r)
		if err != nil {
			return cfg, fmt.Errorf("regions: %w", err)
		}
		cfg.Regions = regions
	}
	if wi := q.Get("write-interval"); wi != "" {
		d, err := time.ParseDuration(wi)
		if err != nil || d <= 0 {
			return cfg, fmt.Errorf("write-interval: %q is not a positive duration (1s is Cloudflare's one write per second per key)", wi)
		}
		ec, ok := cfg.Preset.(sim.EdgeCacheConfig)
		if !ok {
			return cfg, fmt.Errorf("write-interval: only the edgecache preset limits writes per key (preset=edgecache)")
		}
		ec.WriteInterval = d
		cfg.Preset = ec
	}
	return cfg, nil
}

// parseRegions reads "N" (the default region names, then r4, r5, ...) or
// a comma-separated list of names.
func parseRegions(s string) ([]string, error) {
	n, err := strconv.Atoi(s)
	if err != nil {
		names := strings.Split(s, ",")
		for i, name := range names {
			if name == "" {
				return nil, fmt.Errorf("region %d of %q is empty", i+1, s)
			}
		}
		return names, nil
	}
	if n < 1 || n > maxRegions {
		return nil, fmt.Errorf("%d is not between 1 and %d", n, maxRegions)
	}
	return RegionNames(n), nil
}

// defaultRegions are the simulator's default region names, read once
// through the public API (a Cluster whose Config names no regions).
var defaultRegions = sync.OnceValue(func() []string {
	c, err := sim.New(sim.Config{NoRecording: true})
	if err != nil {
		panic("simstore: the zero sim.Config is refused: " + err.Error())
	}
	return c.Regions()
})

// RegionNames returns the names regions=n gives n regions: the
// simulator's default region names, then r4, r5, ...
func RegionNames(n int) []string {
	out := make([]string, n)
	def := defaultRegions()
	for i := range out {
		if i < len(def) {
			out[i] = def[i]
		} else {
			out[i] = fmt.Sprintf("r%d", i+1)
		}
	}
	return out
}

// scheduler adapts a Cluster to backends.Scheduler.
type scheduler struct{ c *sim.Cluster }

// RecordFaults makes the cluster record its fault annotations — and only
// them — into rec, whose clock should be Now: a caller that records its
// own logical ops keeps the faults without each get and put inside them
// being recorded twice.
func (s scheduler) RecordFaults(rec *history.Recorder) error {
	return s.c.RecordInto(rec, sim.RecordFaults)
}

func (s scheduler) Go(region string, fn func(ctx context.Context, b kv.Backend)) { s.c.Go(region, fn) }
func (s scheduler) Run() error                                                   { return s.c.Run() }
func (s scheduler) Now() int64                                                   { return int64(s.c.Now()) }
func (s scheduler) Quiesce() error                                               { return s.c.Quiesce() }

// OneClientAtATime reports that the clients Go adds run one at a time (as
// coroutines, each until it blocks in the simulator), never in parallel:
// backends.Open's key prefix then keeps one table of prefixed keys for all.
func (s scheduler) OneClientAtATime() bool { return true }
