package sim

import (
	"fmt"
	"time"
)

// NemesisConfig shapes a random fault schedule.
type NemesisConfig struct {
	// Start and Until bound the schedule in virtual time since the start.
	// Until == 0 leaves it open-ended: faults keep coming, each drawn when
	// the one before it ends, until Quiesce stops the nemesis — for runs
	// whose length is not known in advance. Its faults are at least 1 ms
	// apart.
	Start, Until time.Duration
	// Gap is the quiet time before each fault; nil = Uniform(1s, 5s).
	Gap Dist
	// Length is how long each fault lasts; nil = Uniform(1s, 10s).
	Length Dist
}

// Scheduled is one entry of a fault schedule.
type Scheduled struct {
	At    time.Duration
	Fault Fault
}

// Nemesis draws a random fault schedule from the cluster's Source and
// schedules it with At: one fault at a time — a random partition, an
// isolated region, a crash, a clock skew, message loss or extra delay —
// each followed by the fault that ends it. It returns the schedule; an
// open-ended schedule (Until == 0) is drawn as it goes and returns nil.
// Call it before Run, while no client runs.
func (c *Cluster) Nemesis(nc NemesisConfig) ([]Scheduled, error) {
	if nc.Start < 0 || (nc.Until != 0 && nc.Until < nc.Start) {
		return nil, fmt.Errorf("sim: NemesisConfig: need 0 <= Start <= Until (or Until 0), got %v..%v", nc.Start, nc.Until)
	}
	if nc.Gap == nil {
		nc.Gap = Uniform(time.Second, 5*time.Second)
	}
	if nc.Length == nil {
		nc.Length = Uniform(time.Second, 10*time.Second)
	}
	for name, d := range map[string]Dist{"Gap": nc.Gap, "Length": nc.Length} {
		if err := validDist(d); err != nil {
			return nil, fmt.Errorf("sim: NemesisConfig.%s: %w", name, err)
		}
	}
	c.mu.Lock()
	if nc.Until == 0 {
		defer c.mu.Unlock()
		if now := c.now.Load(); int64(nc.Start) < now {
			return nil, fmt.Errorf("sim: NemesisConfig.Start: virtual time is already %v", time.Duration(now))
		}
		c.nextFault(nc, c.nemesisGen, int64(nc.Start))
		return nil, nil
	}
	var plan []Scheduled
	for t := nc.Start; ; {
		t += nc.Gap.Sample(c.src)
		end := t + nc.Length.Sample(c.src)
		if end > nc.Until {
			break
		}
		start, stop := c.randomFault()
		plan = append(plan, Scheduled{t, start}, Scheduled{end, stop})
		t = end
	}
	c.mu.Unlock()
	for _, s := range plan {
		if err := c.At(s.At, s.Fault); err != nil {
			return nil, err
		}
	}
	return plan, nil
}

// minOpenGap is the least quiet time between the faults of an open-ended
// nemesis, so that virtual time moves on whatever Gap draws.
const minOpenGap = time.Millisecond

// nextFault schedules the open-ended nemesis's next fault after a gap from
// t; when it ends, the one after it is drawn. Quiesce bumps nemesisGen,
// which stops the chain: a pending start does nothing and a pending end
// only ends its fault. c.mu is held.
func (c *Cluster) nextFault(nc NemesisConfig, gen uint64, t int64) {
	start := t + max(int64(nc.Gap.Sample(c.src)), int64(minOpenGap))
	c.schedule(event{at: start, kind: evFunc, fn: func() {
		if c.nemesisGen != gen {
			return
		}
		f, stop := c.randomFault()
		c.apply(f)
		end := c.now.Load() + int64(nc.Length.Sample(c.src))
		c.schedule(event{at: end, kind: evFunc, fn: func() {
			c.apply(stop)
			if c.nemesisGen == gen {
				c.nextFault(nc, gen, c.now.Load())
			}
		}})
	}})
}

// randomFault draws a fault and the fault that ends it; c.mu is held.
func (c *Cluster) randomFault() (Fault, Fault) {
	region := c.regions[c.src.Intn(len(c.regions))]
	switch c.src.Intn(6) {
	case 0:
		var a, b []string
		for _, r := range c.regions {
			if c.src.Intn(2) == 0 {
				a = append(a, r)
			} else {
				b = append(b, r)
			}
		}
		return Partition(a, b), Heal()
	case 1:
		return Isolate(region), Heal()
	case 2:
		return Crash(region), Restart(region)
	case 3:
		skew := time.Duration(c.src.Intn(2001)-1000) * time.Millisecond
		return Skew(region, skew), Skew(region, 0)
	case 4:
		return Loss(float64(10+c.src.Intn(41)) / 100), Loss(0) // 10–50 %
	default:
		return Delay(time.Duration(c.src.Intn(500)+1) * time.Millisecond), Delay(0)
	}
}
