package sim

import (
	"fmt"
	"math"
	"time"

	"github.com/kvchaos/kvchaos/kv"
)

// QuorumConfig models a Dynamo-style store (Dynamo, Cassandra, Riak,
// Voldemort) as in PBS, Bailis et al., "Probabilistically Bounded
// Staleness for Practical Partial Quorums" (VLDB 2012), with its WARS
// latency model. N replicas hold every key (replica i lives in region
// i mod len(Regions)); the client's region coordinates. A write is sent to
// all N replicas, reaches replica i after a W delay, is acknowledged after
// an A delay, and returns after W acks. A read asks all N, reaches replica
// i after an R delay, answers after an S delay, and returns the newest
// (last-writer-wins) of the first R answers. Unless NoPropagation is set,
// the write keeps spreading to all N replicas after it returned. With
// R + W <= N a read may miss the latest write; PBS's closed form for
// NoPropagation is P(fresh) = 1 − C(N−W, R)/C(N, R). No read repair, no
// CAS; a replica that is partitioned away receives its writes after the
// heal (hinted handoff).
type QuorumConfig struct {
	// N, R and W are the replication factor and the read and write quorums.
	N, R, W int
	// WDist, ADist, RDist and SDist are PBS's WARS delays: write request,
	// write ack, read request, read response. Model a WAN by adding the
	// one-way delay to them (PBS's "WAN" scenario adds 75 ms to remote
	// replicas). nil = PBS's LNKD-SSD production fit.
	WDist, ADist, RDist, SDist Dist
	// NoPropagation stops a write at the first W replicas to acknowledge it
	// (the setting of PBS's closed form); Quiesce's anti-entropy still
	// spreads it.
	NoPropagation bool
}

// LNKDSSD is PBS's fit of LinkedIn's SSD-backed Voldemort latencies, used
// for all four WARS delays: 91.22% Pareto(xm 0.235 ms, α 10), 8.78%
// exponential(λ 1.66/ms).
func LNKDSSD() Dist {
	return Mixture(0.9122, Pareto(235*time.Microsecond, 10), Exponential(602410*time.Nanosecond)) // mean 1/λ = 1/1.66 ms)
}

// Quorum returns the quorum preset: N=3, R=W=1 (Cassandra's and Riak's
// common partial-quorum setting) with LNKD-SSD latencies and propagation.
func Quorum() QuorumConfig {
	d := LNKDSSD()
	return QuorumConfig{N: 3, R: 1, W: 1, WDist: d, ADist: d, RDist: d, SDist: d}
}

// Name implements Preset.
func (QuorumConfig) Name() string { return "quorum" }

func (q QuorumConfig) newEngine(c *Cluster) (engine, error) {
	if q.N < 1 || q.R < 1 || q.W < 1 || q.R > q.N || q.W > q.N {
		return nil, fmt.Errorf("sim: QuorumConfig: need 1 <= R, W <= N, got N=%d R=%d W=%d", q.N, q.R, q.W)
	}
	for name, d := range map[string]*Dist{"WDist": &q.WDist, "ADist": &q.ADist, "RDist": &q.RDist, "SDist": &q.SDist} {
		if *d == nil {
			*d = LNKDSSD()
		}
		if err := validDist(*d); err != nil {
			return nil, fmt.Errorf("sim: QuorumConfig.%s: %w", name, err)
		}
	}
	return &quorum{c: c, cfg: q, n: q.N, data: newReplicaSet(q.N),
		w: newSampler(q.WDist), a: newSampler(q.ADist), r: newSampler(q.RDist), s: newSampler(q.SDist)}, nil
}

type quorum struct {
	c    *Cluster
	cfg  QuorumConfig
	n    int         // replicas
	data *replicaSet // replica i lives in region i mod len(c.regions)
	// w, a, r and s draw the WARS delays (cfg.WDist, ...).
	w, a, r, s sampler
}

// leg is one replica's part of a quorum operation: its request arrives at
// out and its answer at back (ns after the operation began).
type leg struct {
	rep       int
	out, back int64
}

// legs samples the legs to the replicas reachable from p's region, sorted
// by answer time, into p's reused buffer (no allocation per operation), and
// samples answers only where they can matter: every request delay is drawn
// (a write reaches every replica), then the answer delays in the order the
// requests arrive, stopping once need answers are back before the next
// request even arrives — that replica and the later ones cannot be among
// the first need, so their answers are left unsampled (back = never).
func (q *quorum) legs(p *proc, need int, out, back *sampler) []leg {
	c := q.c
	ls := p.legs[:0]
	for i := range q.n {
		r := i % len(c.regions)
		if !c.reachable(p.region, r) || c.lost(p.region, r) {
			continue
		}
		o := out.sample(c.src)
		if r != p.region {
			o += c.net.extra
		}
		ls = append(ls, leg{rep: i, out: int64(o), back: math.MaxInt64})
	}
	p.legs = ls
	sortByOut(ls)
	for j := range ls {
		if j >= need && ls[j].out > kthBack(ls[:j], need) {
			break
		}
		b := back.sample(c.src)
		if ls[j].rep%len(c.regions) != p.region {
			b += c.net.extra
		}
		ls[j].back = ls[j].out + int64(b)
	}
	sortByBack(ls)
	return ls
}

// kthBack returns the k-th smallest answer time of ls (k ≤ len(ls)).
func kthBack(ls []leg, k int) int64 {
	if k == 1 {
		m := int64(math.MaxInt64)
		for _, l := range ls {
			m = min(m, l.back)
		}
		return m
	}
	for _, l := range ls {
		below, ties := 0, 0
		for _, m := range ls {
			switch {
			case m.back < l.back:
				below++
			case m.back == l.back:
				ties++
			}
		}
		if below < k && below+ties >= k {
			return l.back
		}
	}
	return math.MaxInt64
}

// sortByOut sorts ls by request arrival, stably, in place (insertion sort:
// a handful of legs).
func sortByOut(ls []leg) {
	for i := 1; i < len(ls); i++ {
		for j := i; j > 0 && ls[j].out < ls[j-1].out; j-- {
			ls[j], ls[j-1] = ls[j-1], ls[j]
		}
	}
}

// sortByBack sorts ls by answer time, stably, in place.
func sortByBack(ls []leg) {
	for i := 1; i < len(ls); i++ {
		for j := i; j > 0 && ls[j].back < ls[j-1].back; j-- {
			ls[j], ls[j-1] = ls[j-1], ls[j]
		}
	}
}

func (q *quorum) write(p *proc, key string, val []byte, ttl time.Duration, del bool) (kv.Version, error) {
	c := q.c
	t0 := c.now.Load()
	e := c.newEntry(p.region, val, ttl, del)
	ls := q.legs(p, q.cfg.W, &q.w, &q.a)
	for k, l := range ls {
		if q.cfg.NoPropagation && k >= q.cfg.W {
			break
		}
		if p.cl == nil && k < q.cfg.W {
			q.data.lww(l.rep, key, e) // free-running: the synchronous part is instant
			continue
		}
		c.sendAfter(p.region, l.rep, l.rep%len(c.regions), key, e, time.Duration(l.out))
	}
	if len(ls) < q.cfg.W {
		p.sleep(c.cfg.Timeout)
		return "", fmt.Errorf("sim: write %q: %d of W=%d replicas answered: %w", key, len(ls), q.cfg.W, kv.ErrUnavailable)
	}
	p.sleepUntil(t0 + ls[q.cfg.W-1].back)
	return e.ver, nil
}

// read asks every reachable replica and calls snap for each of the first
// R to answer, at the time its request arrives.
// what and key name the operation in the error; key may be "".
func (q *quorum) read(p *proc, what, key string, snap func(rep int)) error {
	c := q.c
	t0 := c.now.Load()
	ls := q.legs(p, q.cfg.R, &q.r, &q.s)
	if len(ls) < q.cfg.R {
		p.sleep(c.cfg.Timeout)
		if key != "" {
			what += " " + key
		}
		return fmt.Errorf("sim: %s: %d of R=%d replicas answered: %w", what, len(ls), q.cfg.R, kv.ErrUnavailable)
	}
	chosen := ls[:q.cfg.R]
	last := chosen[len(chosen)-1].back
	sortByOut(chosen)
	for _, l := range chosen {
		p.sleepUntil(t0 + l.out)
		snap(l.rep)
	}
	p.sleepUntil(t0 + last)
	return nil
}

func (q *quorum) get(p *proc, key string) (entry, bool, error) {
	var best entry
	var any bool
	err := q.read(p, "get", key, func(rep int) {
		if e, ok := q.data.at(rep, key); ok && (!any || e.newer(&best)) {
			best, any = e, true
		}
	})
	if err != nil || !any || !best.live(q.c.now.Load()) {
		return entry{}, false, err
	}
	return best, true, nil
}

func (q *quorum) list(p *proc, prefix, cursor string, limit int) (kv.Page, error) {
	merged := newReplica()
	err := q.read(p, "list", "", func(rep int) { q.data.mergeInto(merged, rep) })
	if err != nil {
		return kv.Page{}, err
	}
	return merged.list(prefix, cursor, limit, q.c.now.Load()), nil
}

func (q *quorum) putIf(*proc, string, []byte, kv.Version, time.Duration) (kv.Version, error) {
	return "", kv.ErrUnsupported
}

func (q *quorum) hasCAS() bool                        { return false }
func (q *quorum) deliver(to int, key string, e entry) { q.data.lww(to, key, e) }
func (q *quorum) crash(int)                           {}
func (q *quorum) restart(int)                         {}

func (q *quorum) settle() time.Duration {
	q.data.settle()
	return 0
}

func (q *quorum) keys() []string { return q.data.keys(q.c.now.Load()) }
