package main

import (
	"context"
	"fmt"
	"strconv"

	"github.com/kvchaos/kvchaos/checker"
	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/kv"
	"github.com/kvchaos/kvchaos/recipes"
	"github.com/kvchaos/kvchaos/sim"
)

func init() {
	addDemo(demo{name: "lost-update",
		summary: "the visit counter: Store[int].Update (get, then put) loses visits; UpdateAtomic does not",
		story: fmt.Sprintf(`Three visitors, one in each region, each count %d visits of a page:

    visits.Update(ctx, "visits", 0, func(n int) int { return n + 1 })

Update is a Get followed by a Put. Even on a linearizable store (every single
Get and Put is atomic), two visitors can both read 5 and both write 6.`, visitsPerClient),
		broken: variant{"Update (get, +1, put) on a linearizable store", func(d *demoCtx) (demoRun, error) {
			return countVisits(d, false)
		}},
		fixed: variant{"UpdateAtomic (get with version, +1, put-if-version, retry) on the same store", func(d *demoCtx) (demoRun, error) {
			return countVisits(d, true)
		}},
		why: `What went wrong: with Update, a visitor's Put overwrote a value that another
visitor had written after this one's Get: that visit is lost, silently, and
no error is returned to anyone. UpdateAtomic's put-if-version fails when
another writer got there first, and it retries with the fresh value.`,
		lesson: "a read-modify-write needs compare-and-set (UpdateAtomic), even on a strongly consistent store",
	})
	addDemo(demo{name: "edge-counter",
		summary: "no CAS on an edge store (Cloudflare-like): a counter key loses visits; a key per writer summed by a listing does not",
		story: fmt.Sprintf(`The same visit counter on the edgecache preset (a central store with 60 s
read caches, like Cloudflare Workers KV). It has no compare-and-set, so
UpdateAtomic fails with ErrUnsupported. Three visitors count %d visits each.`, visitsPerClient),
		broken: variant{`Update of one key "visits"`, func(d *demoCtx) (demoRun, error) {
			return edgeVisits(d, false)
		}},
		fixed: variant{`recipes.ShardedCounter: each visitor updates its own key "visits/<writer>", the total is a listing's sum`, func(d *demoCtx) (demoRun, error) {
			return edgeVisits(d, true)
		}},
		why: `What went wrong: each region reads the counter from its cache and writes
count+1 centrally: every region's count overwrites the others'. With a key
per writer nobody else ever writes your key, so a read-modify-write of it is
safe (a write refreshes the writer's own cache); the total is the sum over
a prefix listing, exact once the caches have expired (docs/recipes.md).`,
		lesson: "without CAS, never let two writers share a key: give each writer its own key and sum them",
	})
}

// visitsPerClient is how often each visitor of the counter demos counts.
const visitsPerClient = 3

// countVisits runs three visitors on a linearizable store.
func countVisits(d *demoCtx, atomic bool) (demoRun, error) {
	c, err := d.cluster(sim.Linearizable())
	if err != nil {
		return demoRun{}, err
	}
	var actors []actor
	for i, r := range c.Regions() {
		actors = append(actors, actor{fmt.Sprintf("visitor-%d", i+1), r, func(ctx context.Context, a *act) {
			visits := kv.NewStore[int](a.b)
			for range visitsPerClient {
				if atomic {
					_, _ = visits.UpdateAtomic(ctx, "visits", 0, func(n int) int { return n + 1 })
				} else {
					_, _ = visits.Update(ctx, "visits", 0, func(n int) int { return n + 1 })
				}
			}
		}})
	}
	h, names, err := play(c, actors, "visits")
	if err != nil {
		return demoRun{}, err
	}
	want := visitsPerClient * len(actors)
	got := finalInt(h, "visits")
	return demoRun{h: h, names: names, struck: got != want,
		says:  fmt.Sprintf("%d visits happened; the counter says %d", want, got),
		kinds: []checker.AnomalyKind{checker.KindLostUpdate, checker.KindCounterBounds}}, nil
}

// edgeVisits runs three visitors on the edgecache preset.
func edgeVisits(d *demoCtx, sharded bool) (demoRun, error) {
	c, err := d.cluster(sim.EdgeCache())
	if err != nil {
		return demoRun{}, err
	}
	var actors []actor
	for i, r := range c.Regions() {
		name := fmt.Sprintf("visitor-%d", i+1)
		actors = append(actors, actor{name, r, func(ctx context.Context, a *act) {
			for range visitsPerClient {
				if sharded {
					_ = recipes.NewShardedCounter(a.b, "visits/").Add(ctx, name, 1)
				} else {
					_, _ = kv.NewStore[int](a.b).Update(ctx, "visits", 0, func(n int) int { return n + 1 })
				}
			}
		}})
	}
	h, names, err := play(c, actors, "visits")
	if err != nil {
		return demoRun{}, err
	}
	want := visitsPerClient * len(actors)
	var got int64
	if sharded {
		got, err = recipes.NewShardedCounter(c.Region(c.Regions()[0]), "visits/").Total(context.Background())
		if err != nil {
			return demoRun{}, err
		}
		h = c.History()
		for _, op := range h.Ops {
			if _, ok := names[op.Client]; !ok {
				names[op.Client] = "total"
			}
		}
	} else {
		got = int64(finalInt(h, "visits"))
	}
	return demoRun{h: h, names: names, struck: got != int64(want),
		says:  fmt.Sprintf("%d visits happened; the count says %d", want, got),
		kinds: []checker.AnomalyKind{checker.KindLostUpdate, checker.KindCounterBounds}}, nil
}

// finalInt is the value of key the last recorded read returned (0 when
// absent or not a number).
func finalInt(h history.History, key string) int {
	n := 0
	for _, op := range h.Ops {
		if op.Func == history.FuncGet && op.Key == key && op.Outcome == history.OutcomeOK {
			n = 0
			if op.Output.Found {
				n, _ = strconv.Atoi(op.Output.Value)
			}
		}
	}
	return n
}
