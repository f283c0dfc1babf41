package workload

import (
	"context"
	"errors"
	"math/rand/v2"
	"strconv"

	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/internal/byteslab"
	"github.com/kvchaos/kvchaos/kv"
)

// client is one logical client of a run: its identity, its recorded view
// of the store and its own seeded random source.
type client struct {
	// ID numbers the client from 0; Region is where it is located ("" for
	// single-region stores).
	ID     int
	Region string
	// Rand is the client's random source, seeded from the run's seed and ID.
	Rand *rand.Rand

	keys  int
	names []string // key names by index; see key
	seq   int
	buf   []byte        // unique's buffer
	slab  byteslab.Slab // fresh's memory
	rec   *history.Recorder
	raw   kv.Backend // the store, unrecorded
	b     kv.Backend // the store, every call recorded
	tap   *tap
	ints  *kv.Store[int]
	// recInts is a Store over b: every get and put it makes is recorded.
	recInts *kv.Store[int]
}

func newClient(id int, region string, seed int64, keys int, names []string, rec *history.Recorder, raw kv.Backend) *client {
	t := &tap{b: raw}
	b := raw
	if rec != nil {
		b = history.Record(raw, rec, id, region)
	}
	return &client{
		ID: id, Region: region, Rand: rand.New(rand.NewPCG(uint64(seed), uint64(id)+1)),
		keys: keys, names: names, rec: rec, raw: raw, b: b, tap: t,
		ints: kv.NewStore[int](t), recInts: kv.NewStore[int](b),
	}
}

// Backend is the store as this client sees it, every call recorded.
func (c *client) Backend() kv.Backend { return c.b }

// Key returns a key chosen uniformly from the run's key space.
func (c *client) Key() string { return c.key(c.Rand.IntN(c.keys)) }

// maxKeyNames bounds the table of key names a client keeps.
const maxKeyNames = 1 << 16

// maxSharedKeyNames bounds the table of key names that a run's clients
// share, filled when the run starts.
const maxSharedKeyNames = 1 << 12

// sharedKeyNames returns the names of keys 0…keys-1 when there are at most
// maxSharedKeyNames of them, else nil (each client then fills its own
// table as it goes). The clients pass the very same strings, which the
// recorder under them finds by address in a table a quarter the size (four
// clients) of one per client.
func sharedKeyNames(keys int) []string {
	if keys > maxSharedKeyNames {
		return nil
	}
	names := make([]string, keys)
	for i := range names {
		names[i] = keyName(i)
	}
	return names
}

// keyName is the name of key i: "k<i>".
func keyName(i int) string { return "k" + strconv.Itoa(i) }

// key returns the name of key i (keyName), from a table filled as keys are
// first used, so a step does not format (and allocate) its key.
func (c *client) key(i int) string {
	if c.keys > maxKeyNames {
		return keyName(i)
	}
	if c.names == nil {
		c.names = make([]string, c.keys)
	}
	if c.names[i] == "" {
		c.names[i] = keyName(i)
	}
	return c.names[i]
}

// Unique returns a value no other write of the run uses.
func (c *client) Unique() string { return string(c.unique()) }

// unique returns the next unique value, "c<ID>-<seq>", in a buffer reused
// by the next call.
func (c *client) unique() []byte {
	c.seq++
	b := append(c.buf[:0], 'c')
	b = strconv.AppendInt(b, int64(c.ID), 10)
	b = append(b, '-')
	b = strconv.AppendInt(b, int64(c.seq), 10)
	c.buf = b
	return b
}

// fresh returns a copy of v that nothing else uses, for a value handed to
// a backend (which may keep it), cut from the client's slab: most copies
// cost no allocation.
func (c *client) fresh(v []byte) []byte { return c.slab.Copy(v) }

// Increment adds one to the counter at key through Store[int].Update
// (atomic=false) or UpdateAtomic. Update is a get then a put, and is
// recorded as what it is: a get op (with the version it read) and a put
// op, which the lost-updates check pairs and marks non-atomic. UpdateAtomic
// (a CAS loop) is recorded as one update op: Input.Value is the value
// written, Output.Value/Found the value read, Output.Version the version
// written.
func (c *client) Increment(ctx context.Context, key string, atomic bool) error {
	c.tap.reset()
	inc := func(n int) int { return n + 1 }
	update := c.ints.Update
	if atomic {
		update = c.ints.UpdateAtomic
	}
	if c.rec == nil {
		_, err := update(ctx, key, 0, inc)
		return err
	}
	if !atomic {
		// Store.Update is a get then a put: record exactly those two ops
		// (the get with the version it read), not one atomic-looking update.
		_, err := c.recInts.Update(ctx, key, 0, inc)
		return err
	}
	call := c.rec.Begin(c.ID, c.Region, history.FuncUpdate, key, history.Input{})
	_, err := update(ctx, key, 0, inc)
	t := c.tap
	status := history.OutcomeOK
	if err != nil {
		status = history.OutcomeOf(history.FuncUpdate, err)
		if !t.wrote {
			status = history.OutcomeFail // failed before writing anything
		}
	}
	call.EndWithInput(history.Input{Value: t.written},
		history.Output{Value: t.read, Found: t.found, Version: string(t.version)}, status, err)
	return err
}

// ignoreNotFound treats a read of an absent key as success.
func ignoreNotFound(err error) error {
	if errors.Is(err, kv.ErrNotFound) {
		return nil
	}
	return err
}
