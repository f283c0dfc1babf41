package main

import (
	"context"
	"time"

	"github.com/kvchaos/kvchaos/checker"
	"github.com/kvchaos/kvchaos/sim"
)

func init() {
	addDemo(demo{name: "stale-read", run: demoStaleRead,
		summary: "an edge cache (Cloudflare-like) serves an old price for up to 60 s after it changed"})
	addDemo(demo{name: "cached-not-found", run: demoCachedNotFound,
		summary: "an edge cache remembers that a key did not exist, even after it is created"})
}

func demoStaleRead(d *demoCtx) error {
	d.say(`The store is a central store with a read cache in every region (the
edgecache preset: cache TTL 60 s, like Cloudflare Workers KV). The shop in
us-east sets the price of an item to 10, then raises it to 12. A buyer in
eu-west looks at the price now and then.`)
	c, err := d.cluster(sim.EdgeCache())
	if err != nil {
		return err
	}
	h, err := play(c, []actor{
		{"us-east", func(ctx context.Context, a *act) {
			_ = a.Put(ctx, "price", "10")
			a.at(ctx, c, 5*time.Second)
			_ = a.Put(ctx, "price", "12")
		}},
		{"eu-west", func(ctx context.Context, a *act) {
			for _, t := range []time.Duration{1, 10, 30, 50, 70} {
				a.at(ctx, c, t*time.Second)
				_, _, _ = a.Get(ctx, "price")
			}
		}},
	}, "price")
	if err != nil {
		return err
	}
	d.narrate(h, 0)
	rep := checker.Check(h, checker.Options{})
	d.say("The buyer saw the old price long after it changed:")
	d.findings(rep, checker.KindStaleRead)
	d.say(`What went wrong: nothing, by the store's rules. The first read in eu-west
fetched 10 from the central store and cached it; every read there for the
next 60 s is served from that cache, whatever happens centrally. The write
was visible at once only where it was made.

The fix: do not keep in such a store what must be fresh everywhere at once
(prices at checkout, permissions, stock): keep it in a strongly consistent
store, and keep the edge store for what may be a minute old. Where a short
delay is fine, state it: 'kvchaos run --expect eventual' holds a store to
exactly that.`)
	return nil
}

func demoCachedNotFound(d *demoCtx) error {
	d.say(`Same edge store. A user signs up in us-east. Just before, a page in eu-west
had looked the user up, and found nothing.`)
	c, err := d.cluster(sim.EdgeCache())
	if err != nil {
		return err
	}
	h, err := play(c, []actor{
		{"eu-west", func(ctx context.Context, a *act) {
			for _, t := range []time.Duration{1, 3, 20, 62, 64} {
				a.at(ctx, c, t*time.Second)
				_, _, _ = a.Get(ctx, "user:42")
			}
		}},
		{"us-east", func(ctx context.Context, a *act) {
			a.at(ctx, c, 2*time.Second)
			_ = a.Put(ctx, "user:42", "alice")
		}},
	}, "user:42")
	if err != nil {
		return err
	}
	d.narrate(h, 0)
	rep := checker.Check(h, checker.Options{})
	d.say("The user exists, yet eu-west keeps answering 'not found':")
	d.findings(rep, checker.KindStaleRead)
	d.say(`What went wrong: the miss at 1 s was cached like any other answer. Until it
expires (60 s), eu-west answers 'not found' for a key that exists; code that
then creates the user a second time, or shows a 404, is wrong.

The fix: do not read a key in a region before it can exist there (write
first, or pass the new value along with the request that follows the
write); treat 'not found' from an edge store as 'not found yet'.`)
	return nil
}
