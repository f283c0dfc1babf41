package main

import (
	"context"
	"errors"
	"time"

	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/kv"
	"github.com/kvchaos/kvchaos/sim"
)

// actor is one scripted client: its name, its region and what it does.
type actor struct {
	name, region string
	script       func(ctx context.Context, a *act)
}

// act is what a script works with: a string store, the raw backend and a
// virtual clock.
type act struct {
	*kv.Store[string]
	b kv.Backend
	c *sim.Cluster
}

// sleep waits d of virtual time.
func (a *act) sleep(ctx context.Context, d time.Duration) {
	if p, ok := a.b.(kv.Pacer); ok {
		_ = p.Sleep(ctx, d)
	}
}

// at waits until virtual time t since the start (no-op when past).
func (a *act) at(ctx context.Context, t time.Duration) {
	if now := a.c.Now(); now < t {
		a.sleep(ctx, t-now)
	}
}

// putIf writes value if key still has version ver ("" = absent); it
// reports false on a conflict.
func (a *act) putIf(ctx context.Context, key, value string, ver kv.Version) (bool, error) {
	cas, ok := a.b.(kv.CAS)
	if !ok {
		return false, kv.ErrUnsupported
	}
	_, err := cas.PutIf(ctx, key, []byte(value), ver, kv.PutOptions{})
	if errors.Is(err, kv.ErrConflict) {
		return false, nil
	}
	return err == nil, err
}

// item reads key with its version ("" and not found when absent).
func (a *act) item(ctx context.Context, key string) (string, kv.Version, bool) {
	it, err := a.b.Get(ctx, key)
	if err != nil {
		return "", "", false
	}
	return string(it.Value), it.Version, true
}

// play runs the actors on c, then quiesces it and reads keys in every
// region, so that the convergence check has something to judge. It
// returns the history and the actors' names by client id.
func play(c *sim.Cluster, actors []actor, keys ...string) (history.History, map[int]string, error) {
	names := map[int]string{}
	for _, ac := range actors {
		id := c.Go(ac.region, func(ctx context.Context, b kv.Backend) {
			ac.script(ctx, &act{Store: kv.NewStore[string](b), b: b, c: c})
		})
		names[id] = ac.name
	}
	if err := c.Run(); err != nil {
		return history.History{}, nil, err
	}
	if err := c.Quiesce(); err != nil {
		return history.History{}, nil, err
	}
	for _, k := range keys {
		c.ReadAll(k)
	}
	h := c.History()
	for _, op := range h.Ops {
		if _, ok := names[op.Client]; !ok {
			names[op.Client] = "final" // the settled store, read in every region
		}
	}
	return h, names, nil
}

// opsOf returns the ids of the ops of client id that match f on key.
func opsOf(h history.History, client int, f history.Func, key string) []int {
	var ids []int
	for _, op := range h.Ops {
		if op.Client == client && op.Func == f && op.Key == key {
			ids = append(ids, op.ID)
		}
	}
	return ids
}

// clientOf returns the client id the names map gives name (or -1).
func clientOf(names map[int]string, name string) int {
	for id, n := range names {
		if n == name {
			return id
		}
	}
	return -1
}
