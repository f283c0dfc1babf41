package workload

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/kvchaos/kvchaos/kv"
)

// Workload is a named client behaviour.
type Workload struct {
	// Name is what --workload takes; Description says what it does.
	Name, Description string
	// step performs the client's next operation.
	step func(ctx context.Context, c *client) error
	// final runs once per client after its last step (final reads); nil
	// for none. It is skipped when the run was interrupted.
	final func(ctx context.Context, c *client) error
	// Note says how the workload adapts to store b, for the run summary
	// ("" or nil: it does not).
	Note func(b kv.Backend) string
}

var workloads = map[string]Workload{}

func add(w Workload) { workloads[w.Name] = w }

// Names lists the workloads, sorted.
func Names() []string { return slices.Sorted(maps.Keys(workloads)) }

// Lookup returns the named workload or an error listing the known ones.
func Lookup(name string) (Workload, error) {
	w, ok := workloads[name]
	if !ok {
		return Workload{}, fmt.Errorf("unknown workload %q (known: %s)", name, strings.Join(Names(), ", "))
	}
	return w, nil
}

func init() {
	add(Workload{Name: "register", Description: "gets and puts of unique values on a few keys (a read/write register per key)",
		step: registerStep, final: readAll})
	add(Workload{Name: "counter", Description: "a visit counter incremented through Store[int].Update (get then put: NOT atomic)",
		step: func(ctx context.Context, c *client) error { return c.Increment(ctx, c.Key(), false) }, final: readAll})
	add(Workload{Name: "counter-atomic", Description: "the visit counter incremented through Store[int].UpdateAtomic (CAS loop)",
		step: func(ctx context.Context, c *client) error { return c.Increment(ctx, c.Key(), true) }, final: readAll})
	add(Workload{Name: "set", Description: "adds of unique elements (one key each under set/), then final listings and reads",
		step: setStep, final: setFinal})
	add(Workload{Name: "list", Description: "puts of unique values under list/ interleaved with prefix listings",
		step: listStep, final: func(ctx context.Context, c *client) error { return listAll(ctx, c, "list/") }})
	add(Workload{Name: "mixed", Description: "gets, puts, deletes, listings and atomic updates mixed at random",
		step: mixedStep, final: readAll, Note: mixedNote})
}

func registerStep(ctx context.Context, c *client) error {
	key := c.Key()
	if c.Rand.IntN(2) == 0 {
		_, err := c.b.Get(ctx, key)
		return ignoreNotFound(err)
	}
	// a fresh slice: a backend may keep the value it was given
	return c.b.Put(ctx, key, c.fresh(c.unique()), kv.PutOptions{})
}

// readAll reads every key of the key space once.
func readAll(ctx context.Context, c *client) error {
	for i := range c.keys {
		if _, err := c.b.Get(ctx, c.key(i)); ignoreNotFound(err) != nil {
			return err
		}
	}
	return nil
}

func setStep(ctx context.Context, c *client) error {
	return c.b.Put(ctx, "set/"+c.Unique(), []byte("1"), kv.PutOptions{})
}

func setFinal(ctx context.Context, c *client) error {
	return listAll(ctx, c, "set/")
}

// listAll follows every page of the listing of prefix.
func listAll(ctx context.Context, c *client, prefix string) error {
	cursor := ""
	for range 10000 {
		p, err := c.b.List(ctx, prefix, cursor, 1000)
		if err != nil || p.Cursor == "" {
			return err
		}
		cursor = p.Cursor
	}
	return fmt.Errorf("listing %q: more than 10000 pages", prefix)
}

func listStep(ctx context.Context, c *client) error {
	if c.Rand.IntN(4) == 0 {
		return listAll(ctx, c, "list/")
	}
	return c.b.Put(ctx, "list/"+c.Key(), []byte(c.Unique()), kv.PutOptions{})
}

// mixedNote: a store without compare-and-set gets no atomic updates.
func mixedNote(b kv.Backend) string {
	if _, ok := b.(kv.CAS); ok {
		return ""
	}
	return "the store has no compare-and-set, so mixed left atomic updates out (a put of a unique value took each one's place)"
}

func mixedStep(ctx context.Context, c *client) error {
	key := c.Key()
	switch n := c.Rand.IntN(10); {
	case n < 4:
		_, err := c.b.Get(ctx, key)
		return ignoreNotFound(err)
	case n < 7:
		return c.b.Put(ctx, key, []byte(c.Unique()), kv.PutOptions{})
	case n < 8:
		return c.b.Delete(ctx, key)
	case n < 9:
		return listAll(ctx, c, "")
	default:
		if _, atomic := c.raw.(kv.CAS); atomic {
			return c.Increment(ctx, "n"+key, true)
		}
		// A non-atomic update recorded as one op would be judged as atomic;
		// recorded as its get and put it would lose writes by design.
		return c.b.Put(ctx, key, []byte(c.Unique()), kv.PutOptions{})
	}
}
