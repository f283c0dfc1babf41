package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kvchaos/kvchaos/checker"
	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/sim"
)

func init() {
	addDemo(demo{name: "stale-read",
		summary: "an edge cache (Cloudflare-like) serves an old price for up to 60 s after it changed",
		story: `The shop in us-east sets the price of an item to 10, then raises it to 12.
A buyer in eu-west looks at the price now and then.`,
		broken: variant{"the price in an edge store (edgecache preset: 60 s read caches, like Workers KV)", func(d *demoCtx) (demoRun, error) {
			return priceWatch(d, sim.EdgeCache())
		}},
		fixed: variant{"the price in a strongly consistent store (linearizable preset: a Durable Object, D1, a database)", func(d *demoCtx) (demoRun, error) {
			return priceWatch(d, sim.Linearizable())
		}},
		why: `What went wrong: nothing, by the edge store's rules. The first read in
eu-west fetched 10 and cached it; every read there for the next 60 s is served
from that cache, whatever happens centrally. Keep what must be fresh
everywhere at once (prices at checkout, permissions, stock) in a strongly
consistent store, and the edge store for what may be a minute old.`,
		lesson: "an edge KV read may be 60 s old: keep data that must be fresh in a strongly consistent store",
	})
	addDemo(demo{name: "cached-not-found",
		summary: "an edge cache remembers that a key did not exist, even after it is created",
		story:   `A user signs up in us-east at 2 s. A page in eu-west looks the user up.`,
		broken: variant{"eu-west probes the user before it exists (at 1 s), then reads it again", func(d *demoCtx) (demoRun, error) {
			return userLookup(d, true)
		}},
		fixed: variant{"eu-west reads the user only once told it exists (the signup's response carries it)", func(d *demoCtx) (demoRun, error) {
			return userLookup(d, false)
		}},
		why: `What went wrong: the miss at 1 s was cached like any other answer. Until it
expires (60 s), eu-west answers 'not found' for a key that exists; code that
then creates the user a second time, or shows a 404, is wrong. Reading the
key only once it can exist never caches a miss.`,
		lesson: "on an edge store, 'not found' means 'not found yet': do not probe a key you are about to create",
	})
	addDemo(demo{name: "list-lag",
		summary: "a key just written is missing from a listing for up to 60 s, even in the region that wrote it",
		story: `A to-do app on an edge store keeps an item per key ("todo/1", "todo/2") and
shows the list with a prefix listing. A user in us-east views the list,
adds "todo/3", and views the list again.`,
		broken: variant{"the page shows what the listing returns", func(d *demoCtx) (demoRun, error) {
			return todoList(d, false)
		}},
		fixed: variant{"the page merges the keys this session wrote into the listing", func(d *demoCtx) (demoRun, error) {
			return todoList(d, true)
		}},
		why: `What went wrong: listings are cached too (60 s), and a write does not
refresh the cached listing, not even in the region that wrote. The key is
there (a get finds it); the listing is an old snapshot. Merge your own
writes into what a listing returns, and treat listings as eventually
complete.`,
		lesson: "a listing is an old snapshot: merge your own writes into it, never use it to check that a write happened",
	})
}

// priceWatch: us-east sets the price, eu-west reads it every so often.
func priceWatch(d *demoCtx, p sim.Preset) (demoRun, error) {
	c, err := d.cluster(p)
	if err != nil {
		return demoRun{}, err
	}
	h, names, err := play(c, []actor{
		{"shop", "us-east", func(ctx context.Context, a *act) {
			_ = a.Put(ctx, "price", "10")
			a.at(ctx, 5*time.Second)
			_ = a.Put(ctx, "price", "12")
		}},
		{"buyer", "eu-west", func(ctx context.Context, a *act) {
			for _, t := range []time.Duration{1, 10, 30, 50, 70} {
				a.at(ctx, t*time.Second)
				_, _, _ = a.Get(ctx, "price")
			}
		}},
	}, "price")
	if err != nil {
		return demoRun{}, err
	}
	old := readsOf(h, clientOf(names, "buyer"), "price", "10", 6*time.Second)
	return demoRun{h: h, names: names, struck: len(old) > 0, marked: old,
		says:  fmt.Sprintf("after the price changed to 12 (at 5 s), the buyer was shown 10 %d time(s)", len(old)),
		kinds: []checker.AnomalyKind{checker.KindStaleRead}}, nil
}

// userLookup: eu-west reads user:42 (probing first or not), us-east
// creates it at 2 s.
func userLookup(d *demoCtx, probe bool) (demoRun, error) {
	c, err := d.cluster(sim.EdgeCache())
	if err != nil {
		return demoRun{}, err
	}
	times := []time.Duration{3, 20, 62, 64}
	if probe {
		times = append([]time.Duration{1}, times...)
	}
	h, names, err := play(c, []actor{
		{"page", "eu-west", func(ctx context.Context, a *act) {
			for _, t := range times {
				a.at(ctx, t*time.Second)
				_, _, _ = a.Get(ctx, "user:42")
			}
		}},
		{"signup", "us-east", func(ctx context.Context, a *act) {
			a.at(ctx, 2*time.Second)
			_ = a.Put(ctx, "user:42", "alice")
		}},
	}, "user:42")
	if err != nil {
		return demoRun{}, err
	}
	missing := readsOf(h, clientOf(names, "page"), "user:42", "", 2500*time.Millisecond)
	return demoRun{h: h, names: names, struck: len(missing) > 0, marked: missing,
		says:  fmt.Sprintf("after the signup (2 s), eu-west answered 'not found' %d time(s)", len(missing)),
		kinds: []checker.AnomalyKind{checker.KindStaleRead}}, nil
}

// todoList: a user lists, adds an item, lists again.
func todoList(d *demoCtx, merge bool) (demoRun, error) {
	c, err := d.cluster(sim.EdgeCache())
	if err != nil {
		return demoRun{}, err
	}
	var shown []string
	h, names, err := play(c, []actor{
		{"setup", "eu-west", func(ctx context.Context, a *act) {
			_ = a.Put(ctx, "todo/1", "buy milk")
			_ = a.Put(ctx, "todo/2", "call mum")
		}},
		{"user", "us-east", func(ctx context.Context, a *act) {
			a.at(ctx, time.Second)
			_, _ = a.ListKeysPage(ctx, "todo/", "", 100)
			a.at(ctx, 2*time.Second)
			_ = a.Put(ctx, "todo/3", "water plants")
			written := []string{"todo/3"}
			a.at(ctx, 3*time.Second)
			page, _ := a.ListKeysPage(ctx, "todo/", "", 100)
			shown = page.Keys
			if merge {
				for _, k := range written {
					if !slices.Contains(shown, k) {
						shown = append(shown, k)
					}
				}
				slices.Sort(shown)
			}
		}},
	})
	if err != nil {
		return demoRun{}, err
	}
	var marked []int
	user := clientOf(names, "user")
	for _, op := range h.Ops {
		if op.Client == user && op.Func == history.FuncList && op.Call > int64(2*time.Second) && !slices.Contains(op.Output.Keys, "todo/3") {
			marked = append(marked, op.ID)
		}
	}
	struck := !slices.Contains(shown, "todo/3")
	if struck {
		return demoRun{h: h, names: names, struck: true, marked: marked,
			says: fmt.Sprintf("at 3 s the page shows [%s]: the item added at 2 s is missing", strings.Join(shown, " "))}, nil
	}
	return demoRun{h: h, names: names,
		says: fmt.Sprintf("at 3 s the page shows [%s]: the listing still lags, the page does not", strings.Join(shown, " "))}, nil
}

// readsOf returns the ids of client's gets of key that returned value
// ("" = not found) and began after from.
func readsOf(h history.History, client int, key, value string, from time.Duration) []int {
	var ids []int
	for _, op := range h.Ops {
		if op.Client != client || op.Func != history.FuncGet || op.Key != key || op.Call < int64(from) || op.Outcome != history.OutcomeOK {
			continue
		}
		if (value == "" && !op.Output.Found) || (value != "" && op.Output.Found && op.Output.Value == value) {
			ids = append(ids, op.ID)
		}
	}
	return ids
}
