package recipes

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/kvchaos/kvchaos/kv"
)

// Tally is a counter kept as a key per increment, under prefix+"i/": an
// increment is one blind write of a new key, so no two writers ever touch
// the same key and nothing is read before it is written. The id of an
// increment names its key, which makes Add idempotent: a request retried
// after a timeout (did the write happen?) writes the same key again and
// still counts once. It also keeps clear of per-key write limits
// (Cloudflare: one write per second per key).
//
// Compact folds the increments into one base key; it must be run by one
// process at a time (a cron trigger, a Durable Object alarm).
type Tally struct {
	incs   *kv.Store[int64]
	base   *kv.Store[tallyBase]
	prefix string
}

// tallyBase is the compacted part of a Tally: the sum of the folded
// increments and the ids of those whose keys the last compaction listed
// (they may still be listed; they must not count twice).
type tallyBase struct {
	Total  int64    `json:"total"`
	Folded []string `json:"folded,omitempty"`
}

// NewTally returns the tally kept under prefix on b.
func NewTally(b kv.Backend, prefix string) *Tally {
	return &Tally{incs: kv.NewStore[int64](b), base: kv.NewStore[tallyBase](b), prefix: prefix}
}

// Add records the increment id of n. Calling it again with the same id
// (a retry) does not count again.
func (t *Tally) Add(ctx context.Context, id string, n int64) error {
	if id == "" || strings.Contains(id, "/") {
		return fmt.Errorf("recipes: Tally.Add: id %q must be non-empty and free of '/'", id)
	}
	return t.incs.Put(ctx, t.incKey(id), n)
}

func (t *Tally) incKey(id string) string { return t.prefix + "i/" + id }
func (t *Tally) baseKey() string         { return t.prefix + "base" }

// Total is the base plus every increment not yet folded into it.
func (t *Tally) Total(ctx context.Context) (int64, error) {
	base, _, err := t.base.Get(ctx, t.baseKey())
	if err != nil {
		return 0, err
	}
	n, err := sumKeys(ctx, t.incs, t.prefix+"i/", t.folded(base))
	return base.Total + n, err
}

// folded returns the keys of base's folded increments.
func (t *Tally) folded(base tallyBase) map[string]bool {
	m := make(map[string]bool, len(base.Folded))
	for _, id := range base.Folded {
		m[t.incKey(id)] = true
	}
	return m
}

// Compact adds every listed, not yet folded increment to the base key,
// writes it, then deletes the increments' keys. A crash between the two
// steps leaves them listed but folded: they are not counted twice, and
// the next Compact deletes them. Only one process may compact a tally.
func (t *Tally) Compact(ctx context.Context) error {
	base, _, err := t.base.Get(ctx, t.baseKey())
	if err != nil {
		return err
	}
	skip := t.folded(base)
	var listed []string
	for key, err := range t.incs.Keys(ctx, t.prefix+"i/") {
		if err != nil {
			return err
		}
		listed = append(listed, key)
		if skip[key] {
			continue
		}
		v, _, err := t.incs.Get(ctx, key)
		if err != nil {
			return fmt.Errorf("recipes: reading %q: %w", key, err)
		}
		base.Total += v
	}
	base.Folded = base.Folded[:0]
	for _, key := range listed {
		base.Folded = append(base.Folded, strings.TrimPrefix(key, t.prefix+"i/"))
	}
	slices.Sort(base.Folded)
	if err := t.base.Put(ctx, t.baseKey(), base); err != nil {
		return err
	}
	for _, key := range listed {
		if err := t.incs.Delete(ctx, key); err != nil {
			return err
		}
	}
	return nil
}
