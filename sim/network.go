package sim

import (
	"fmt"
	"time"

	"github.com/kvchaos/kvchaos/kv"
)

// network is the state of the links and nodes between regions.
type network struct {
	latency [][]sampler // [from][to]; the diagonal is the local latency
	down    [][]bool    // down[a][b]: a cannot reach b (partition)
	crashed []bool
	epoch   []uint64 // bumped by every crash: older in-flight messages die
	skew    []time.Duration
	loss    float64
	extra   time.Duration
	parked  []event // replication held back by a partition or a crash
}

func newNetwork(cfg Config, idx map[string]int) network {
	n := len(cfg.Regions)
	net := network{latency: make([][]sampler, n), down: make([][]bool, n),
		crashed: make([]bool, n), epoch: make([]uint64, n), skew: make([]time.Duration, n)}
	for a := range n {
		net.latency[a] = make([]sampler, n)
		net.down[a] = make([]bool, n)
		for b := range n {
			net.latency[a][b] = newSampler(cfg.Latency)
			if a == b {
				net.latency[a][b] = newSampler(cfg.LocalLatency)
			}
		}
	}
	for l, d := range cfg.Links {
		net.latency[idx[l.From]][idx[l.To]] = newSampler(d)
	}
	return net
}

// reachable reports whether a message from region a can reach region b.
func (c *Cluster) reachable(a, b int) bool {
	return !c.net.crashed[a] && !c.net.crashed[b] && !c.net.down[a][b]
}

// delay samples the one-way delay from a to b, extra delay included.
func (c *Cluster) delay(a, b int) time.Duration {
	d := c.net.latency[a][b].sample(c.src)
	if a != b {
		d += c.net.extra
	}
	return d
}

// lost draws whether a message between distinct regions is lost.
func (c *Cluster) lost(a, b int) bool {
	return a != b && c.net.loss > 0 && c.src.Float64() < c.net.loss
}

// unavailable is the error of an operation whose message from a to b got no
// answer.
func (c *Cluster) unavailable(a, b int) error {
	if a == b {
		return fmt.Errorf("sim: region %q is down: %w", c.regions[a], kv.ErrUnavailable)
	}
	return fmt.Errorf("sim: no answer from region %q to %q: %w", c.regions[b], c.regions[a], kv.ErrUnavailable)
}

// replicate sends key's entry e from region from to replica to (located in
// region toRegion) after d, unless the message is lost.
func (c *Cluster) replicate(from, to, toRegion int, key string, e entry, d time.Duration) {
	if c.lost(from, toRegion) {
		return
	}
	c.sendAfter(from, to, toRegion, key, e, d)
}

// sendAfter schedules the delivery of key's entry e to replica to after d.
func (c *Cluster) sendAfter(from, to, toRegion int, key string, e entry, d time.Duration) {
	c.schedule(event{at: c.now.Load() + int64(d), kind: evDeliver, from: from, to: to,
		toRegion: toRegion, epoch: c.net.epoch[from], key: key, e: e})
}

// deliver applies a replication message, or parks it while its link is cut.
func (c *Cluster) deliver(ev event) {
	if ev.epoch != c.net.epoch[ev.from] {
		return // the sender crashed before the message left it
	}
	if !c.reachable(ev.from, ev.toRegion) {
		c.net.parked = append(c.net.parked, ev)
		return
	}
	c.eng.deliver(ev.to, ev.key, ev.e)
}

// unpark resends parked messages whose link works again.
func (c *Cluster) unpark() {
	parked := c.net.parked
	c.net.parked = nil
	for _, ev := range parked {
		if ev.epoch != c.net.epoch[ev.from] {
			continue
		}
		if !c.reachable(ev.from, ev.toRegion) {
			c.net.parked = append(c.net.parked, ev)
			continue
		}
		ev.at = c.now.Load() + int64(c.delay(ev.from, ev.toRegion))
		c.schedule(ev)
	}
}
