package history

import (
	"context"
	"errors"

	"github.com/kvchaos/kvchaos/internal/byteslab"
	"github.com/kvchaos/kvchaos/kv"
)

// Record wraps b so that every call is recorded in rec as an op of client
// in region: Get as FuncGet, Put as FuncPut, Delete as FuncDelete, List as
// FuncList and PutIf as FuncCAS, each with the outcome OutcomeOf gives. The
// call time is taken before b is called and the return time after it
// returned.
//
// The result implements kv.CAS, kv.Pacer and kv.LimitedBackend exactly when
// b does (Pacer and Limits pass through unrecorded), so capability checks
// by type assertion see the same store. Values are recorded as Go strings
// of their bytes.
func Record(b kv.Backend, rec *Recorder, client int, region string) kv.Backend {
	r := &recorded{b: b, rec: rec, client: client, region: region}
	r.vp, _ = b.(kv.VersionedPut)
	c, isCAS := b.(kv.CAS)
	p, isPacer := b.(kv.Pacer)
	l, isLimited := b.(kv.LimitedBackend)
	cp := casPart{r: r, c: c}
	switch {
	case isCAS && isPacer && isLimited:
		return struct {
			*recorded
			casPart
			kv.Pacer
			kv.LimitedBackend
		}{r, cp, p, l}
	case isCAS && isPacer:
		return struct {
			*recorded
			casPart
			kv.Pacer
		}{r, cp, p}
	case isCAS && isLimited:
		return struct {
			*recorded
			casPart
			kv.LimitedBackend
		}{r, cp, l}
	case isCAS:
		return struct {
			*recorded
			casPart
		}{r, cp}
	case isPacer && isLimited:
		return struct {
			*recorded
			kv.Pacer
			kv.LimitedBackend
		}{r, p, l}
	case isPacer:
		return struct {
			*recorded
			kv.Pacer
		}{r, p}
	case isLimited:
		return struct {
			*recorded
			kv.LimitedBackend
		}{r, l}
	}
	return r
}

// recorded is the Backend part of Record's result.
type recorded struct {
	b      kv.Backend
	vp     kv.VersionedPut // b's, if it has one (asserted once, not per put)
	rec    *Recorder
	client int
	region string
}

// Unwrap returns the backend being recorded.
func (r *recorded) Unwrap() kv.Backend { return r.b }

// begin is Recorder.Begin with f's code fc.
func (r *recorded) begin(f Func, fc uint8, key string, in *Input) Call {
	return Call{r: r.rec, id: r.rec.begin(r.client, r.region, f, fc, key, in)}
}

// Get records a FuncGet; kv.ErrNotFound is an ok op with Found == false.
func (r *recorded) Get(ctx context.Context, key string) (kv.Item, error) {
	// Values reach the recorder as views (byteslab.View): it copies what it
	// keeps before Begin or End returns, so no value is copied twice.
	c := r.begin(FuncGet, codeGet, key, &Input{})
	it, err := r.b.Get(ctx, key)
	var out Output
	if err == nil {
		out = Output{Found: true, Value: byteslab.View(it.Value), Version: string(it.Version)}
	}
	end(c, FuncGet, &out, err)
	return it, err
}

// Put records a FuncPut, with the version it wrote in Output.Version when
// the backend reports it (kv.VersionedPut).
func (r *recorded) Put(ctx context.Context, key string, value []byte, o kv.PutOptions) error {
	c := r.begin(FuncPut, codePut, key, &Input{Value: byteslab.View(value), TTLMillis: o.TTL.Milliseconds()})
	var out Output
	var err error
	if r.vp != nil {
		var v kv.Version
		v, err = r.vp.PutVersion(ctx, key, value, o)
		if err == nil {
			out.Version = string(v)
		}
	} else {
		err = r.b.Put(ctx, key, value, o)
	}
	end(c, FuncPut, &out, err)
	return err
}

// Delete records a FuncDelete.
func (r *recorded) Delete(ctx context.Context, key string) error {
	c := r.begin(FuncDelete, codeDelete, key, &Input{})
	err := r.b.Delete(ctx, key)
	end(c, FuncDelete, &Output{}, err)
	return err
}

// List records a FuncList with the page it returned.
func (r *recorded) List(ctx context.Context, prefix, cursor string, limit int) (kv.Page, error) {
	c := r.begin(FuncList, codeList, "", &Input{Prefix: prefix, Cursor: cursor, Limit: limit})
	p, err := r.b.List(ctx, prefix, cursor, limit)
	var out Output
	if err == nil {
		out = Output{Keys: append([]string(nil), p.Keys...), Cursor: p.Cursor}
	}
	end(c, FuncList, &out, err)
	return p, err
}

// casPart adds the recorded PutIf when the backend has CAS.
type casPart struct {
	r *recorded
	c kv.CAS
}

// PutIf records a FuncCAS: Input.Expected is the expected version, and a
// conflict (kv.ErrConflict) is a failed op with Output.Conflict set.
func (p casPart) PutIf(ctx context.Context, key string, value []byte, expected kv.Version, o kv.PutOptions) (kv.Version, error) {
	c := p.r.begin(FuncCAS, codeCAS, key, &Input{Value: byteslab.View(value), Expected: string(expected), TTLMillis: o.TTL.Milliseconds()})
	v, err := p.c.PutIf(ctx, key, value, expected, o)
	var out Output
	if err == nil {
		out.Version = string(v)
	}
	end(c, FuncCAS, &out, err)
	return v, err
}

// end completes c with the status of err; a get's not-found is no error.
func end(c Call, f Func, out *Output, err error) {
	if err == nil {
		c.r.end(c.id, nil, out, OutcomeOK, statusOKCode, "")
		return
	}
	st := OutcomeOf(f, err)
	if f == FuncGet && errors.Is(err, kv.ErrNotFound) {
		err = nil
	}
	c.End(*out, st, err)
}
