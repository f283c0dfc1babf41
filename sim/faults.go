package sim

import (
	"fmt"
	"strings"
	"time"
)

// faultKind says what a Fault does.
type faultKind uint8

const (
	faultPartition faultKind = iota + 1
	faultHeal
	faultCrash
	faultRestart
	faultSkew
	faultLoss
	faultDelay
)

// Fault is a change to the simulated network or nodes: build one with
// Partition, Isolate, Heal, Crash, Restart, Skew, Loss or Delay, then apply
// it now (Cluster.Apply) or at a virtual time (Cluster.At).
type Fault struct {
	kind   faultKind
	groups [][]string
	region string
	d      time.Duration
	p      float64
}

// Partition cuts the network into groups: regions in different groups
// cannot reach each other; a region in no group is cut off from all. It
// replaces any earlier partition. Replication held back by the partition
// is delivered after Heal.
func Partition(groups ...[]string) Fault { return Fault{kind: faultPartition, groups: groups} }

// Isolate cuts region off from every other region.
func Isolate(region string) Fault { return Fault{kind: faultPartition, region: region} }

// Heal ends the partition, the message loss and the extra delay.
func Heal() Fault { return Fault{kind: faultHeal} }

// Crash stops region's nodes: its clients' operations fail with
// kv.ErrUnavailable and, in presets that replicate, writes it had not yet
// replicated are lost.
func Crash(region string) Fault { return Fault{kind: faultCrash, region: region} }

// Restart brings a crashed region back; replicas resynchronise from the
// regions they can reach.
func Restart(region string) Fault { return Fault{kind: faultRestart, region: region} }

// Skew sets region's clock offset to d (0 ends the skew). Last-writer-wins
// presets stamp writes with the writer's clock, so a region whose clock is
// ahead wins over later writes.
func Skew(region string, d time.Duration) Fault { return Fault{kind: faultSkew, region: region, d: d} }

// Loss makes each message between distinct regions get lost with
// probability p (0 ends it). A lost request or reply fails its operation
// after Config.Timeout; lost replication is repaired by Quiesce.
func Loss(p float64) Fault { return Fault{kind: faultLoss, p: p} }

// Delay adds extra to every message between distinct regions (0 ends it).
func Delay(extra time.Duration) Fault { return Fault{kind: faultDelay, d: extra} }

// String describes the fault, as its annotation text does.
func (f Fault) String() string {
	switch f.kind {
	case faultPartition:
		if f.region != "" {
			return "isolate " + f.region
		}
		parts := make([]string, len(f.groups))
		for i, g := range f.groups {
			parts[i] = "[" + strings.Join(g, " ") + "]"
		}
		return "partition " + strings.Join(parts, " | ")
	case faultHeal:
		return "heal"
	case faultCrash:
		return "crash " + f.region
	case faultRestart:
		return "restart " + f.region
	case faultSkew:
		return fmt.Sprintf("skew %s %v", f.region, f.d)
	case faultLoss:
		return fmt.Sprintf("loss %g", f.p)
	case faultDelay:
		return fmt.Sprintf("delay +%v", f.d)
	}
	return "invalid fault"
}

// validate checks f's region names and numbers against the cluster.
func (c *Cluster) validate(f Fault) error {
	bad := func(r string) error {
		return fmt.Errorf("sim: fault %q: unknown region %q (regions: %v)", f, r, c.regions)
	}
	switch f.kind {
	case faultPartition:
		if f.region != "" {
			if _, ok := c.regionIdx[f.region]; !ok {
				return bad(f.region)
			}
		}
		seen := map[string]bool{}
		for _, g := range f.groups {
			for _, r := range g {
				if _, ok := c.regionIdx[r]; !ok {
					return bad(r)
				}
				if seen[r] {
					return fmt.Errorf("sim: fault %q: region %q is in two groups", f, r)
				}
				seen[r] = true
			}
		}
	case faultCrash, faultRestart, faultSkew:
		if _, ok := c.regionIdx[f.region]; !ok {
			return bad(f.region)
		}
	case faultLoss:
		if f.p < 0 || f.p > 1 {
			return fmt.Errorf("sim: fault %q: probability must be in [0, 1]", f)
		}
	case faultDelay:
		if f.d < 0 {
			return fmt.Errorf("sim: fault %q: negative delay", f)
		}
	case faultHeal:
	default:
		return fmt.Errorf("sim: invalid fault (use the constructors, e.g. sim.Partition)")
	}
	return nil
}

// Apply applies f now.
func (c *Cluster) Apply(f Fault) error {
	if err := c.validate(f); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.apply(f)
	return nil
}

// At schedules f at virtual time t since the cluster started. It fails for
// a time already past or an invalid fault.
func (c *Cluster) At(t time.Duration, f Fault) error {
	if err := c.validate(f); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if now := c.now.Load(); int64(t) < now {
		return fmt.Errorf("sim: At(%v, %q): virtual time is already %v", t, f, time.Duration(now))
	}
	c.schedule(event{at: int64(t), kind: evFunc, fn: func() { c.apply(f) }})
	return nil
}

// apply changes the network; c.mu is held and f is valid.
func (c *Cluster) apply(f Fault) {
	now := c.now.Load()
	switch f.kind {
	case faultPartition:
		groups := f.groups
		if f.region != "" {
			rest := make([]string, 0, len(c.regions))
			for _, r := range c.regions {
				if r != f.region {
					rest = append(rest, r)
				}
			}
			groups = [][]string{{f.region}, rest}
		}
		c.setPartition(groups)
		c.faults.open(c, "partition", f, c.Regions(), now)
	case faultHeal:
		c.setPartition(nil)
		c.net.loss, c.net.extra = 0, 0
		c.faults.close(c, "partition", now)
		c.faults.close(c, "loss", now)
		c.faults.close(c, "delay", now)
		c.unpark()
	case faultCrash:
		r := c.regionIdx[f.region]
		if c.net.crashed[r] {
			return
		}
		c.net.crashed[r] = true
		c.net.epoch[r]++
		c.eng.crash(r)
		c.faults.open(c, "crash "+f.region, f, []string{f.region}, now)
	case faultRestart:
		r := c.regionIdx[f.region]
		if !c.net.crashed[r] {
			return
		}
		c.net.crashed[r] = false
		c.eng.restart(r)
		c.faults.close(c, "crash "+f.region, now)
		c.unpark()
	case faultSkew:
		c.net.skew[c.regionIdx[f.region]] = f.d
		c.faults.close(c, "skew "+f.region, now)
		if f.d != 0 {
			c.faults.open(c, "skew "+f.region, f, []string{f.region}, now)
		}
	case faultLoss:
		c.net.loss = f.p
		c.faults.close(c, "loss", now)
		if f.p > 0 {
			c.faults.open(c, "loss", f, nil, now)
		}
	case faultDelay:
		c.net.extra = f.d
		c.faults.close(c, "delay", now)
		if f.d > 0 {
			c.faults.open(c, "delay", f, nil, now)
		}
	}
}

// setPartition cuts the links between groups (nil = heal all links).
func (c *Cluster) setPartition(groups [][]string) {
	n := len(c.regions)
	group := make([]int, n)
	for i := range group {
		group[i] = -1 - i // alone unless listed
	}
	for gi, g := range groups {
		for _, r := range g {
			group[c.regionIdx[r]] = gi
		}
	}
	for a := range n {
		for b := range n {
			c.net.down[a][b] = groups != nil && group[a] != group[b]
		}
	}
}
