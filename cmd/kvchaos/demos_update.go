package main

import (
	"context"

	"github.com/kvchaos/kvchaos/checker"
	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/kv"
	"github.com/kvchaos/kvchaos/sim"
)

func init() {
	addDemo(demo{name: "lost-update", run: demoLostUpdate,
		summary: "the visit counter: Store[int].Update (get, then put) loses visits; UpdateAtomic does not"})
}

// visitsPerClient is how often each visitor of the lost-update demo counts.
const visitsPerClient = 3

func demoLostUpdate(d *demoCtx) error {
	d.say(`Three visitors, one in each region, each count %d visits of a page:

    visits.Update(ctx, "visits", 0, func(n int) int { return n + 1 })

Update is a Get followed by a Put. Even on a linearizable store (every single
Get and Put is atomic), two visitors can both read 5 and both write 6.`, visitsPerClient)
	for _, atomic := range []bool{false, true} {
		c, err := d.cluster(sim.Linearizable())
		if err != nil {
			return err
		}
		name := "Update"
		if atomic {
			name = "UpdateAtomic"
		}
		for _, r := range c.Regions() {
			c.Go(r, func(ctx context.Context, b kv.Backend) {
				visits := kv.NewStore[int](b)
				for range visitsPerClient {
					if atomic {
						_, _ = visits.UpdateAtomic(ctx, "visits", 0, func(n int) int { return n + 1 })
					} else {
						_, _ = visits.Update(ctx, "visits", 0, func(n int) int { return n + 1 })
					}
				}
			})
		}
		if err := c.Run(); err != nil {
			return err
		}
		if err := c.Quiesce(); err != nil {
			return err
		}
		final := c.ReadAll("visits")[0]
		h := c.History()
		want := visitsPerClient * len(c.Regions())
		d.say("With %s:", name)
		d.narrate(h, 0)
		d.say("%d visits happened; the counter says %s.", want, found(historyOutput(final)))
		rep := checker.Check(h, checker.Options{})
		d.findings(rep, checker.KindLostUpdate, checker.KindCounterBounds)
	}
	d.say(`What went wrong: with Update, a visitor's Put overwrote a value that another
visitor had written after this one's Get: that visit is lost, silently, and
no error is returned to anyone.

The fix: UpdateAtomic reads the value with its version and writes with PutIf
(compare-and-set); when another writer got there first it retries with the
fresh value. Every visit counts. A store without compare-and-set cannot offer
this: count with one key per visit, or in a store that has atomic increments.`)
	return nil
}

// historyOutput turns a simulator read into the words used for ops.
func historyOutput(r sim.Read) history.Output {
	return history.Output{Found: r.Found, Value: string(r.Value)}
}
