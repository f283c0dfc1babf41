package sim

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/internal/byteslab"
	"github.com/kvchaos/kvchaos/kv"
)

// backend is a region's kv.Backend for one logical client: a deterministic
// client of Go (cl != nil) or a free-running caller (cl == nil).
type backend struct {
	c      *Cluster
	cl     *client
	region int
	client int
	bad    error // set for an unknown region: every call fails with it
	// p is reused by every operation: they run one at a time under c.mu
	// (free-running) or on the client's own goroutine (deterministic).
	p proc
	// vals holds the copies of values written and read, used like p.
	vals byteslab.Slab
}

// Region returns a free-running kv.Backend located in the named region,
// safe for use from any goroutine; it also implements kv.CAS when the
// preset offers compare-and-set. Each call returns a new logical client (its
// own client id in the history). For an unknown region every call of the
// returned Backend fails with an error wrapping kv.ErrInvalidArgument.
func (c *Cluster) Region(name string) kv.Backend {
	c.mu.Lock()
	defer c.mu.Unlock()
	b := &backend{c: c, client: c.newClientID()}
	if r, ok := c.regionIdx[name]; ok {
		b.region = r
		b.p = proc{c: c, region: r}
	} else {
		b.bad = fmt.Errorf("sim: unknown region %q (regions: %v): %w", name, c.regions, kv.ErrInvalidArgument)
	}
	switch {
	case c.strong() != nil:
		return &strongCASBackend{casBackend{b}}
	case c.eng.hasCAS():
		return &casBackend{b}
	}
	return b
}

// clientBackend returns the Backend handed to a deterministic client. It
// and Region hand out pointers: a call through the interface then goes
// to the *backend method by a jump, where a value wrapper would be a
// frame of its own.
func (c *Cluster) clientBackend(cl *client) kv.Backend {
	b := &backend{c: c, cl: cl, region: cl.region, client: cl.id, p: proc{c: c, cl: cl, region: cl.region}}
	switch {
	case c.strong() != nil:
		return &pacedStrongCASBackend{pacedCASBackend{pacedBackend{b}}}
	case c.eng.hasCAS():
		return &pacedCASBackend{pacedBackend{b}}
	}
	return &pacedBackend{b}
}

// enter starts an operation: it takes c.mu and, for a deterministic client,
// is a scheduling point; a free-running caller catches the clock up.
func (b *backend) enter(ctx context.Context) error {
	if b.bad != nil {
		return b.bad
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	c := b.c
	c.mu.Lock()
	if b.cl != nil {
		b.cl.inSim = true
		c.transfer(b.cl)
	} else {
		c.followWall()
	}
	return nil
}

func (b *backend) leave() {
	if b.cl != nil {
		b.cl.inSim = false
	}
	b.c.mu.Unlock()
}

// Get implements kv.Backend.
func (b *backend) Get(ctx context.Context, key string) (kv.Item, error) {
	if key == "" {
		return kv.Item{}, fmt.Errorf("sim: get: empty key: %w", kv.ErrInvalidKey)
	}
	if err := b.enter(ctx); err != nil {
		return kv.Item{}, err
	}
	defer b.leave()
	rec := b.recording()
	var call history.Call
	if rec {
		call = b.begin(history.FuncGet, key, history.Input{})
	}
	e, found, err := b.c.eng.get(&b.p, key)
	if err == nil && !found {
		err = fmt.Errorf("sim: get %q: %w", key, kv.ErrNotFound)
	}
	var it kv.Item
	if found && err == nil {
		it = kv.Item{Value: b.vals.Copy(e.val), Version: e.ver}
	}
	if rec {
		recErr := err
		if !found && errors.Is(err, kv.ErrNotFound) {
			recErr = nil // a read that found nothing is an ok read
		}
		var v string
		if found && err == nil {
			// A stored value is never written again; the recorder copies
			// what it keeps anyway.
			v = byteslab.View(e.val)
		}
		b.end(call, history.FuncGet, history.Output{Value: v, Found: found && err == nil, Version: string(it.Version)}, recErr)
	}
	return it, err
}

// Put implements kv.Backend.
func (b *backend) Put(ctx context.Context, key string, value []byte, o kv.PutOptions) error {
	_, err := b.write(ctx, history.FuncPut, key, value, o.TTL, false)
	return err
}

// PutVersion implements kv.VersionedPut: Put, returning the version written.
func (b *backend) PutVersion(ctx context.Context, key string, value []byte, o kv.PutOptions) (kv.Version, error) {
	return b.write(ctx, history.FuncPut, key, value, o.TTL, false)
}

// Delete implements kv.Backend.
func (b *backend) Delete(ctx context.Context, key string) error {
	_, err := b.write(ctx, history.FuncDelete, key, nil, 0, true)
	return err
}

func (b *backend) write(ctx context.Context, f history.Func, key string, value []byte, ttl time.Duration, del bool) (kv.Version, error) {
	if key == "" {
		return "", fmt.Errorf("sim: %s: empty key: %w", f, kv.ErrInvalidKey)
	}
	if ttl < 0 {
		return "", fmt.Errorf("sim: %s %q: negative ttl %v: %w", f, key, ttl, kv.ErrInvalidTTL)
	}
	if err := b.enter(ctx); err != nil {
		return "", err
	}
	defer b.leave()
	var val []byte
	if !del {
		val = b.vals.Copy(value)
	}
	rec := b.recording()
	var call history.Call
	if rec {
		call = b.begin(f, key, history.Input{Value: byteslab.View(val), TTLMillis: ttl.Milliseconds()})
	}
	v, err := b.c.eng.write(&b.p, key, val, ttl, del)
	if rec {
		b.end(call, f, history.Output{Version: string(v)}, err)
	}
	return v, err
}

// List implements kv.Backend. A limit of 0 means 1000.
func (b *backend) List(ctx context.Context, prefix, cursor string, limit int) (kv.Page, error) {
	return b.list(ctx, prefix, cursor, limit, b.c.eng.list)
}

// list runs a listing with the engine's list or listStrong.
func (b *backend) list(ctx context.Context, prefix, cursor string, limit int,
	serve func(p *proc, prefix, cursor string, limit int) (kv.Page, error)) (kv.Page, error) {
	if limit < 0 {
		return kv.Page{}, fmt.Errorf("sim: list: negative limit %d: %w", limit, kv.ErrInvalidArgument)
	}
	if limit == 0 {
		limit = 1000
	}
	if err := b.enter(ctx); err != nil {
		return kv.Page{}, err
	}
	defer b.leave()
	rec := b.recording()
	var call history.Call
	if rec {
		call = b.begin(history.FuncList, "", history.Input{Prefix: prefix, Cursor: cursor, Limit: limit})
	}
	page, err := serve(&b.p, prefix, cursor, limit)
	if rec {
		b.end(call, history.FuncList, history.Output{Keys: page.Keys, Cursor: page.Cursor}, err)
	}
	return page, err
}

// putIf is kv.CAS's PutIf for the presets that offer it.
func (b *backend) putIf(ctx context.Context, key string, value []byte, expected kv.Version, o kv.PutOptions) (kv.Version, error) {
	if key == "" {
		return "", fmt.Errorf("sim: cas: empty key: %w", kv.ErrInvalidKey)
	}
	if o.TTL < 0 {
		return "", fmt.Errorf("sim: cas %q: negative ttl %v: %w", key, o.TTL, kv.ErrInvalidTTL)
	}
	if err := b.enter(ctx); err != nil {
		return "", err
	}
	defer b.leave()
	val := b.vals.Copy(value)
	rec := b.recording()
	var call history.Call
	if rec {
		call = b.begin(history.FuncCAS, key, history.Input{Value: byteslab.View(val), Expected: string(expected), TTLMillis: o.TTL.Milliseconds()})
	}
	v, err := b.c.eng.putIf(&b.p, key, val, expected, o.TTL)
	if rec {
		b.end(call, history.FuncCAS, history.Output{Version: string(v)}, err)
	}
	return v, err
}

// casBackend is a free-running Backend with kv.CAS.
type casBackend struct{ *backend }

// PutIf implements kv.CAS.
func (b *casBackend) PutIf(ctx context.Context, key string, value []byte, expected kv.Version, o kv.PutOptions) (kv.Version, error) {
	return b.putIf(ctx, key, value, expected, o)
}

// pacedBackend is a deterministic client's Backend: it implements
// kv.Pacer on the virtual clock and the cluster's Source.
type pacedBackend struct{ *backend }

// Sleep implements kv.Pacer: the client sleeps d of virtual time, a
// scheduling point.
func (b *pacedBackend) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c := b.c
	c.mu.Lock()
	b.cl.inSim = true
	if d > 0 {
		c.sleep(b.cl, d)
	} else {
		c.transfer(b.cl)
	}
	b.leave()
	return nil
}

// Jitter implements kv.Pacer with a draw from the cluster's Source.
func (b *pacedBackend) Jitter() float64 {
	b.c.mu.Lock()
	defer b.c.mu.Unlock()
	return b.c.src.Float64()
}

// pacedCASBackend is a deterministic client's Backend with kv.CAS.
type pacedCASBackend struct{ pacedBackend }

// PutIf implements kv.CAS.
func (b *pacedCASBackend) PutIf(ctx context.Context, key string, value []byte, expected kv.Version, o kv.PutOptions) (kv.Version, error) {
	return b.putIf(ctx, key, value, expected, o)
}
