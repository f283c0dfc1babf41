package main

import (
	"fmt"
	"math"
	"net/url"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/kvchaos/kvchaos/backends"
	"github.com/kvchaos/kvchaos/edge"
	"github.com/kvchaos/kvchaos/internal/redact"
	"github.com/kvchaos/kvchaos/internal/simstore"
	"github.com/kvchaos/kvchaos/sim"
)

// serveSim holds the flags that configure the simulator serve runs when
// --store is not given.
type serveSim struct {
	preset, regions string
	speed           float64
	cacheTTL        time.Duration
	seed            uint64
}

// simFlagNames are the flags serveSim registers; they conflict with --store.
var simFlagNames = []string{"preset", "regions", "speed", "cache-ttl", "seed"}

func (f *serveSim) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.preset, "preset", "", "simulator preset: "+fmt.Sprint(sim.PresetNames())+" (default edgecache for cloudflare, replicated for fastly)")
	fl.StringVar(&f.regions, "regions", "3", "number of regions, or their names a,b,c (the first hosts the central store / primary)")
	fl.Float64Var(&f.speed, "speed", 1, "virtual time runs this many times faster than the wall clock (60 = a minute per second)")
	fl.DurationVar(&f.cacheTTL, "cache-ttl", 0, "edgecache only: how long a region caches a read, in virtual time (default 60s, Cloudflare's)")
	fl.Uint64Var(&f.seed, "seed", 0, "the simulator's seed (latencies, replication delays)")
}

// conflicts returns the simulator flags set on cmd, which --store replaces.
func conflicts(cmd *cobra.Command) []string {
	var set []string
	for _, n := range simFlagNames {
		if cmd.Flags().Changed(n) {
			set = append(set, "--"+n)
		}
	}
	return set
}

// url is the sim:// URL the flags describe, for the banner.
func (f *serveSim) url(d edge.Dialect) string {
	q := url.Values{}
	q.Set("preset", f.presetFor(d))
	q.Set("regions", f.regions)
	q.Set("seed", strconv.FormatUint(f.seed, 10))
	q.Set("speed", strconv.FormatFloat(f.speed, 'g', -1, 64))
	return "sim://?" + q.Encode()
}

func (f *serveSim) presetFor(d edge.Dialect) string {
	if f.preset != "" {
		return f.preset
	}
	if d == edge.Cloudflare {
		return "edgecache"
	}
	return "replicated"
}

// open builds the simulated cluster, following the wall clock times
// --speed, with every region served.
func (f *serveSim) open(d edge.Dialect) (*backends.Store, string, error) {
	if !(f.speed > 0) || math.IsInf(f.speed, 0) {
		return nil, "", fmt.Errorf("--speed: %g is not positive: virtual time would never move, and replication never arrive", f.speed)
	}
	raw := f.url(d)
	u, err := url.Parse(raw)
	if err != nil {
		return nil, "", redact.URLError(raw, err)
	}
	cfg, err := simstore.Config(u)
	if err != nil {
		return nil, "", fmt.Errorf("--%w", err) // the error starts with the parameter's name
	}
	if f.cacheTTL != 0 {
		ec, ok := cfg.Preset.(sim.EdgeCacheConfig)
		if !ok {
			return nil, "", fmt.Errorf("--cache-ttl: the %s preset has no read cache (only edgecache has)", cfg.Preset.Name())
		}
		if f.cacheTTL < 0 {
			return nil, "", fmt.Errorf("--cache-ttl: %v is negative", f.cacheTTL)
		}
		ec.CacheTTL = f.cacheTTL
		cfg.Preset = ec
		raw += "&cache-ttl=" + f.cacheTTL.String()
	}
	c, err := sim.New(cfg)
	if err != nil {
		return nil, "", err
	}
	regions := c.Regions()
	return &backends.Store{Backend: c.Region(regions[0]), Regions: regions, Region: c.Region, Quiescer: c}, raw, nil
}
