package main

import (
	"context"
	"time"

	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/kv"
	"github.com/kvchaos/kvchaos/sim"
)

// actor is one scripted client: its region and what it does.
type actor struct {
	region string
	script func(ctx context.Context, a *act)
}

// act is what a script works with: a string store and a virtual clock.
type act struct {
	*kv.Store[string]
	b kv.Backend
}

// sleep waits d of virtual time.
func (a *act) sleep(ctx context.Context, d time.Duration) {
	if p, ok := a.b.(kv.Pacer); ok {
		_ = p.Sleep(ctx, d)
	}
}

// at waits until virtual time t since the start (no-op when past).
func (a *act) at(ctx context.Context, c *sim.Cluster, t time.Duration) {
	if now := c.Now(); now < t {
		a.sleep(ctx, t-now)
	}
}

// play runs the actors on c, then quiesces it and reads keys in every
// region, so that the convergence check has something to judge. It
// returns the history.
func play(c *sim.Cluster, actors []actor, keys ...string) (history.History, error) {
	for _, ac := range actors {
		c.Go(ac.region, func(ctx context.Context, b kv.Backend) {
			ac.script(ctx, &act{Store: kv.NewStore[string](b), b: b})
		})
	}
	if err := c.Run(); err != nil {
		return history.History{}, err
	}
	if err := c.Quiesce(); err != nil {
		return history.History{}, err
	}
	for _, k := range keys {
		c.ReadAll(k)
	}
	return c.History(), nil
}
