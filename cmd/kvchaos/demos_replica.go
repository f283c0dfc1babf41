package main

import (
	"context"
	"fmt"
	"time"

	"github.com/kvchaos/kvchaos/checker"
	"github.com/kvchaos/kvchaos/sim"
)

func init() {
	addDemo(demo{name: "read-your-writes", run: demoReadYourWrites,
		summary: "a Dynamo-style store with R=1, W=1 lets a client miss its own write; R+W>N does not"})
	addDemo(demo{name: "clock-skew-lww", run: demoClockSkew,
		summary: "last-writer-wins on a skewed clock keeps the older write and silently drops the newer"})
	addDemo(demo{name: "quorum-staleness", run: demoQuorumStaleness,
		summary: "how stale are quorum reads? t-visibility for R=1,W=1 against R=2,W=2 (N=3)"})
}

// quorum is the quorum preset with read and write quorums r and w, and
// writes that take 1 to 120 ms to reach a replica (a WAN, as in PBS).
func quorum(r, w int) sim.QuorumConfig {
	q := sim.Quorum()
	q.R, q.W = r, w
	q.WDist = sim.Uniform(time.Millisecond, 120*time.Millisecond)
	return q
}

func demoReadYourWrites(d *demoCtx) error {
	d.say(`A Dynamo-style store keeps each key on N=3 replicas. A write waits for W
acknowledgements, a read asks R replicas. A client in eu-west saves its
shopping cart and reads it back, ten times.`)
	for _, rw := range [][2]int{{1, 1}, {2, 2}} {
		c, err := d.cluster(quorum(rw[0], rw[1]))
		if err != nil {
			return err
		}
		h, err := play(c, []actor{{"eu-west", func(ctx context.Context, a *act) {
			for i := 1; i <= 10; i++ {
				_ = a.Put(ctx, "cart", fmt.Sprintf("%d items", i))
				_, _, _ = a.Get(ctx, "cart")
			}
		}}}, "cart")
		if err != nil {
			return err
		}
		d.say("With R=%d, W=%d:", rw[0], rw[1])
		d.narrate(h, 0)
		d.findings(checker.Check(h, checker.Options{}), checker.KindReadYourWrites)
	}
	d.say(`What went wrong: with W=1 the write is acknowledged by one replica; with R=1
the next read may ask another one that has not heard of it yet, so the
client does not see what it just wrote.

The fix: make the read and write quorums overlap, R+W > N (here 2+2 > 3):
every read then asks at least one replica that acknowledged the write.`)
	return nil
}

func demoClockSkew(d *demoCtx) error {
	d.say(`Every region holds a replica; replicas settle concurrent writes by
last-writer-wins on the writer's clock (the replicated preset, like Fastly
KV). eu-west's clock runs 10 s behind. us-east sets a feature flag to "off";
two seconds later, eu-west, having read "off", turns it "on".`)
	c, err := d.cluster(sim.Replicated())
	if err != nil {
		return err
	}
	if err := c.Apply(sim.Skew("eu-west", -10*time.Second)); err != nil {
		return err
	}
	h, err := play(c, []actor{
		{"us-east", func(ctx context.Context, a *act) {
			_ = a.Put(ctx, "flag", "off")
			a.at(ctx, c, 5*time.Second)
			_, _, _ = a.Get(ctx, "flag")
		}},
		{"eu-west", func(ctx context.Context, a *act) {
			a.at(ctx, c, 2*time.Second)
			_, _, _ = a.Get(ctx, "flag")
			_ = a.Put(ctx, "flag", "on")
			a.at(ctx, c, 3*time.Second)
			_, _, _ = a.Get(ctx, "flag")
		}},
	}, "flag")
	if err != nil {
		return err
	}
	d.narrate(h, 0)
	rep := checker.Check(h, checker.Options{})
	d.say("The later write, acknowledged, is gone:")
	d.findings(rep, checker.KindReadYourWrites, checker.KindStaleRead, checker.KindLostUpdate, checker.KindMonotonicReads, checker.KindWritesFollow)
	d.say(`What went wrong: eu-west's write carries a timestamp 10 s in the past, so
last-writer-wins ranks it older than the write it had already read and
overwrote. Every replica keeps "off"; the "on" was acknowledged and lost.

The fix: do not let wall clocks order writes that depend on each other: use
compare-and-set on a version (PutIf / UpdateAtomic), a single writer per key,
or a store that orders writes itself (a leader, a consensus log).`)
	return nil
}

func demoQuorumStaleness(d *demoCtx) error {
	d.say(`Probabilistically bounded staleness (PBS): on a Dynamo-style store with
N=3 and writes taking 1 to 120 ms to reach each replica, how likely is a
read to see a write that completed Δ ago? A writer in
us-east writes a new version every 50 ms; readers in eu-west and ap-south
read every 7 ms.`)
	for _, rw := range [][2]int{{1, 1}, {2, 2}} {
		c, err := d.cluster(quorum(rw[0], rw[1]))
		if err != nil {
			return err
		}
		reader := func(ctx context.Context, a *act) {
			for range 60 {
				a.sleep(ctx, 7*time.Millisecond)
				_, _, _ = a.Get(ctx, "v")
			}
		}
		h, err := play(c, []actor{
			{"us-east", func(ctx context.Context, a *act) {
				for i := 1; i <= 8; i++ {
					_ = a.Put(ctx, "v", fmt.Sprint(i))
					a.sleep(ctx, 50*time.Millisecond)
				}
			}},
			{"eu-west", reader}, {"ap-south", reader},
		}, "v")
		if err != nil {
			return err
		}
		rep := checker.Check(h, checker.Options{})
		res, _ := rep.Result(checker.Staleness)
		d.say("With R=%d, W=%d: %d of the reads were stale. t-visibility:", rw[0], rw[1], res.AnomalyCount)
		if res.Staleness != nil {
			for _, p := range res.Staleness.TVisibility {
				fmt.Fprintf(d.w, "    Δ ≥ %-8s P(sees it) = %.3f  (%d reads)\n", p.Delta, p.Probability, p.Reads)
			}
		}
	}
	d.say(`What it means: with R=W=1 a read can be served by a replica the write has
not reached; the chance shrinks as Δ grows (replication catches up), but it
is not zero right after the write. With R+W > N every read overlaps the
write quorum and sees it, at the price of waiting for more replicas.

'kvchaos run --store "sim://?preset=quorum"' draws the same curve for any
workload, and the report plots it.`)
	return nil
}
