package workload

import (
	"errors"
	"context"

	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/kv"
)

// record returns b with every call recorded into rec as client in region.
// CAS and Pacer stay available (a tap below supplies fallbacks).
func record(b kv.Backend, rec *history.Recorder, client int, region string) kv.Backend {
	return &recorded{tap: tap{b: b}, rec: rec, client: client, region: region}
}

type recorded struct {
	tap
	rec    *history.Recorder
	client int
	region string
}

func (r *recorded) begin(f history.Func, key string, in history.Input) history.Call {
	return r.rec.Begin(r.client, r.region, f, key, in)
}

func (r *recorded) Get(ctx context.Context, key string) (kv.Item, error) {
	call := r.begin(history.FuncGet, key, history.Input{})
	it, err := r.b.Get(ctx, key)
	call.End(history.Output{Value: string(it.Value), Found: err == nil, Version: string(it.Version)}, statusOf(history.FuncGet, err), ignoreNotFound(err))
	return it, err
}

func (r *recorded) Put(ctx context.Context, key string, value []byte, o kv.PutOptions) error {
	call := r.begin(history.FuncPut, key, history.Input{Value: string(value), TTLMillis: o.TTL.Milliseconds()})
	err := r.b.Put(ctx, key, value, o)
	call.End(history.Output{}, statusOf(history.FuncPut, err), err)
	return err
}

func (r *recorded) Delete(ctx context.Context, key string) error {
	call := r.begin(history.FuncDelete, key, history.Input{})
	err := r.b.Delete(ctx, key)
	call.End(history.Output{}, statusOf(history.FuncDelete, err), err)
	return err
}

func (r *recorded) List(ctx context.Context, prefix, cursor string, limit int) (kv.Page, error) {
	call := r.begin(history.FuncList, "", history.Input{Prefix: prefix, Cursor: cursor, Limit: limit})
	p, err := r.b.List(ctx, prefix, cursor, limit)
	call.End(history.Output{Keys: p.Keys, Cursor: p.Cursor}, statusOf(history.FuncList, err), err)
	return p, err
}

func (r *recorded) PutIf(ctx context.Context, key string, value []byte, expected kv.Version, o kv.PutOptions) (kv.Version, error) {
	call := r.begin(history.FuncCAS, key, history.Input{Value: string(value), Expected: string(expected), TTLMillis: o.TTL.Milliseconds()})
	v, err := r.tap.PutIf(ctx, key, value, expected, o)
	call.End(history.Output{Version: string(v)}, statusOf(history.FuncCAS, err), err)
	return v, err
}

func ignoreNotFound(err error) error {
	if err == nil || errors.Is(err, kv.ErrNotFound) {
		return nil
	}
	return err
}
