package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/kvchaos/kvchaos/checker"
	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/sim"
)

func init() {
	addDemo(demo{name: "read-your-writes",
		summary: "a Dynamo-style store with R=1, W=1 lets a client miss its own write; R+W>N does not",
		story: `A Dynamo-style store keeps each key on N=3 replicas. A write waits for W
acknowledgements, a read asks R replicas. A client in eu-west saves its
shopping cart and reads it back, ten times.`,
		broken: variant{"R=1, W=1 (the quorums need not overlap)", func(d *demoCtx) (demoRun, error) { return cartRoundTrips(d, 1, 1) }},
		fixed:  variant{"R=2, W=2 (R+W > N: every read overlaps the write quorum)", func(d *demoCtx) (demoRun, error) { return cartRoundTrips(d, 2, 2) }},
		why: `What went wrong: with W=1 the write is acknowledged by one replica; with R=1
the next read may ask another one that has not heard of it yet, so the
client does not see what it just wrote.`,
		lesson: "choose R+W > N, or pin a session to where it wrote, when a client must read its own writes",
	})
	addDemo(demo{name: "clock-skew-lww",
		summary: "last-writer-wins on a skewed clock keeps the older write and silently drops the newer",
		story: `eu-west's clock runs 10 s behind. us-east sets a feature flag to "off"; two
seconds later, eu-west, having read "off", turns it "on".`,
		broken: variant{"replicas settle writes by last-writer-wins on the writer's clock (replicated preset, like Fastly KV)", func(d *demoCtx) (demoRun, error) {
			return skewedFlag(d, sim.Replicated())
		}},
		fixed: variant{"a store that orders writes itself (linearizable preset: one leader), same skew", func(d *demoCtx) (demoRun, error) {
			return skewedFlag(d, sim.Linearizable())
		}},
		why: `What went wrong: eu-west's write carries a timestamp 10 s in the past, so
last-writer-wins ranks it older than the write it had already read and
overwrote. Every replica keeps "off"; the "on" was acknowledged and lost.
A store that orders writes itself (a leader, a consensus log, a Durable
Object) keeps them in the order they happened.`,
		lesson: "never let wall clocks order writes that depend on each other",
	})
	addDemo(demo{name: "quorum-staleness",
		summary: "how stale are quorum reads? t-visibility for R=1,W=1 against R=2,W=2 (N=3)",
		story: `Probabilistically bounded staleness (PBS): on a Dynamo-style store with N=3
and writes taking 1 to 120 ms to reach each replica, how likely is a read to
see a write that completed Δ ago? A writer in us-east writes a new version
every 50 ms; readers in eu-west and ap-south read every 7 ms.`,
		broken: variant{"R=1, W=1", func(d *demoCtx) (demoRun, error) { return pbs(d, 1, 1) }},
		fixed:  variant{"R=2, W=2", func(d *demoCtx) (demoRun, error) { return pbs(d, 2, 2) }},
		why: `What it means: with R=W=1 a read can be served by a replica the write has
not reached; the chance shrinks as Δ grows, but it is not zero right after
the write. With R+W > N every read overlaps the write quorum and sees it, at
the price of waiting for more replicas. 'kvchaos run --store
"sim://?preset=quorum"' draws the same curve for any workload.`,
		lesson: "with R+W <= N a read can miss a completed write; measure the staleness you accept or overlap the quorums",
	})
	addDemo(demo{name: "monotonic-reads",
		summary: "a user whose requests land in different regions sees a value go back in time",
		story: `A score is kept on a replicated store (a replica per region; us-east to
ap-south replication takes 2 s). us-east posts the score 1, 2, 3, a second
apart. A user checks the score four times; their requests are routed by a
load balancer.`,
		broken: variant{"requests alternate between eu-west and ap-south", func(d *demoCtx) (demoRun, error) { return scoreWatch(d, false) }},
		fixed:  variant{"a sticky session: every request of the user goes to eu-west", func(d *demoCtx) (demoRun, error) { return scoreWatch(d, true) }},
		why: `What went wrong: each region's replica is consistent with itself, but
ap-south is 2 s behind eu-west. A session that hops regions reads from
both, so it can see 3, then 1. Pin a session to one region, or carry the
version it has seen and refuse older answers. (The checker's
monotonic-reads check is per client; here the session spans two clients,
which only the application knows.)`,
		lesson: "monotonic reads hold per replica, not per user: pin a session to a region",
	})
}

// quorum is the quorum preset with read and write quorums r and w, and
// writes that take 1 to 120 ms to reach a replica (a WAN, as in PBS).
func quorum(r, w int) sim.QuorumConfig {
	q := sim.Quorum()
	q.R, q.W = r, w
	q.WDist = sim.Uniform(time.Millisecond, 120*time.Millisecond)
	return q
}

func cartRoundTrips(d *demoCtx, r, w int) (demoRun, error) {
	c, err := d.cluster(quorum(r, w))
	if err != nil {
		return demoRun{}, err
	}
	h, names, err := play(c, []actor{{"shopper", "eu-west", func(ctx context.Context, a *act) {
		for i := 1; i <= 10; i++ {
			_ = a.Put(ctx, "cart", fmt.Sprintf("%d items", i))
			_, _, _ = a.Get(ctx, "cart")
		}
	}}}, "cart")
	if err != nil {
		return demoRun{}, err
	}
	rep := checker.Check(h, checker.Options{})
	n := countKind(rep, checker.KindReadYourWrites)
	return demoRun{h: h, names: names, struck: n > 0,
		says:  fmt.Sprintf("%d of 10 reads missed the shopper's own write", n),
		kinds: []checker.AnomalyKind{checker.KindReadYourWrites}}, nil
}

// countKind counts the report's findings of kind k.
func countKind(rep checker.Report, k checker.AnomalyKind) int {
	n := 0
	for _, res := range rep.Results {
		for _, a := range res.Anomalies {
			if a.Kind == k {
				n++
			}
		}
	}
	return n
}

func skewedFlag(d *demoCtx, p sim.Preset) (demoRun, error) {
	c, err := d.cluster(p)
	if err != nil {
		return demoRun{}, err
	}
	if err := c.Apply(sim.Skew("eu-west", -10*time.Second)); err != nil {
		return demoRun{}, err
	}
	h, names, err := play(c, []actor{
		{"ops", "us-east", func(ctx context.Context, a *act) {
			_ = a.Put(ctx, "flag", "off")
			a.at(ctx, 5*time.Second)
			_, _, _ = a.Get(ctx, "flag")
		}},
		{"dev", "eu-west", func(ctx context.Context, a *act) {
			a.at(ctx, 2*time.Second)
			_, _, _ = a.Get(ctx, "flag")
			_ = a.Put(ctx, "flag", "on")
			a.at(ctx, 3*time.Second)
			_, _, _ = a.Get(ctx, "flag")
		}},
	}, "flag")
	if err != nil {
		return demoRun{}, err
	}
	final := lastRead(h, "flag")
	var marked []int
	if final != "on" {
		marked = opsOf(h, clientOf(names, "dev"), history.FuncPut, "flag")
	}
	return demoRun{h: h, names: names, struck: final != "on", marked: marked,
		says: fmt.Sprintf(`the last write was "on"; every region settles on %q`, final),
		kinds: []checker.AnomalyKind{checker.KindReadYourWrites, checker.KindStaleRead, checker.KindLostUpdate,
			checker.KindMonotonicReads, checker.KindWritesFollow}}, nil
}

// lastRead is the value the last recorded successful get of key returned.
func lastRead(h history.History, key string) string {
	v := ""
	for _, op := range h.Ops {
		if op.Func == history.FuncGet && op.Key == key && op.Outcome == history.OutcomeOK {
			v = found(op.Output)
		}
	}
	return v
}

func pbs(d *demoCtx, r, w int) (demoRun, error) {
	c, err := d.cluster(quorum(r, w))
	if err != nil {
		return demoRun{}, err
	}
	reader := func(ctx context.Context, a *act) {
		for range 60 {
			a.sleep(ctx, 7*time.Millisecond)
			_, _, _ = a.Get(ctx, "v")
		}
	}
	h, names, err := play(c, []actor{
		{"writer", "us-east", func(ctx context.Context, a *act) {
			for i := 1; i <= 8; i++ {
				_ = a.Put(ctx, "v", fmt.Sprint(i))
				a.sleep(ctx, 50*time.Millisecond)
			}
		}},
		{"reader-eu", "eu-west", reader}, {"reader-ap", "ap-south", reader},
	}, "v")
	if err != nil {
		return demoRun{}, err
	}
	rep := checker.Check(h, checker.Options{})
	res, _ := rep.Result(checker.Staleness)
	var b strings.Builder
	if res.Staleness != nil {
		b.WriteString("  t-visibility:\n")
		for _, p := range res.Staleness.TVisibility {
			fmt.Fprintf(&b, "    Δ ≥ %-8s P(sees it) = %.3f  (%d reads)\n", p.Delta, p.Probability, p.Reads)
		}
	}
	return demoRun{h: h, names: names, struck: res.AnomalyCount > 0, extra: b.String(),
		kinds: []checker.AnomalyKind{checker.KindStaleRead},
		says:  fmt.Sprintf("%d of the 120 reads were stale", res.AnomalyCount)}, nil
}

func scoreWatch(d *demoCtx, sticky bool) (demoRun, error) {
	c, err := sim.New(sim.Config{Seed: d.seed, Preset: sim.Replicated(),
		Links: map[sim.Link]sim.Dist{{From: "us-east", To: "ap-south"}: sim.Constant(2 * time.Second)}})
	if err != nil {
		return demoRun{}, err
	}
	// The user's requests: at these times, in these regions.
	type request struct {
		at     time.Duration
		region string
	}
	reqs := []request{{2500 * time.Millisecond, "eu-west"}, {3 * time.Second, "ap-south"},
		{3500 * time.Millisecond, "eu-west"}, {5 * time.Second, "ap-south"}}
	actors := []actor{{"scorer", "us-east", func(ctx context.Context, a *act) {
		for i := 1; i <= 3; i++ {
			a.at(ctx, time.Duration(i-1)*time.Second)
			_ = a.Put(ctx, "score", strconv.Itoa(i))
		}
	}}}
	for _, region := range []string{"eu-west", "ap-south"} {
		if sticky && region != "eu-west" {
			continue
		}
		actors = append(actors, actor{"user-" + region[:2], region, func(ctx context.Context, a *act) {
			for _, r := range reqs {
				if sticky || r.region == region {
					a.at(ctx, r.at)
					_, _, _ = a.Get(ctx, "score")
				}
			}
		}})
	}
	h, names, err := play(c, actors)
	if err != nil {
		return demoRun{}, err
	}
	// What the user saw, in time order, across the regions serving them.
	var seen []string
	var marked []int
	best := 0
	for _, op := range h.Ops { // in call order
		if !strings.HasPrefix(names[op.Client], "user-") || op.Func != history.FuncGet || op.Outcome != history.OutcomeOK {
			continue
		}
		n, _ := strconv.Atoi(op.Output.Value)
		seen = append(seen, found(op.Output))
		if n < best {
			marked = append(marked, op.ID)
		}
		best = max(best, n)
	}
	return demoRun{h: h, names: names, struck: len(marked) > 0, marked: marked,
		says: fmt.Sprintf("the user saw the score %s", strings.Join(seen, ", then "))}, nil
}
