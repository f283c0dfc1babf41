package history

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/kv"
)

// tick is a clock that advances by one on every reading.
func tick() func() int64 {
	var n int64
	return func() int64 { n++; return n }
}

func TestRecordMemory(t *testing.T) {
	ctx := context.Background()
	rec := NewRecorder(WithClock(tick()))
	b := Record(kv.NewMemory(), rec, 7, "eu")
	cas, ok := b.(kv.CAS)
	require.True(t, ok, "Memory has CAS, so the recorded backend must too")

	_, err := b.Get(ctx, "k")
	require.ErrorIs(t, err, kv.ErrNotFound)
	require.NoError(t, b.Put(ctx, "k", []byte("v1"), kv.PutOptions{TTL: time.Minute}))
	it, err := b.Get(ctx, "k")
	require.NoError(t, err)
	_, err = cas.PutIf(ctx, "k", []byte("v2"), "stale", kv.PutOptions{})
	require.ErrorIs(t, err, kv.ErrConflict)
	v2, err := cas.PutIf(ctx, "k", []byte("v2"), it.Version, kv.PutOptions{})
	require.NoError(t, err)
	page, err := b.List(ctx, "", "", 10)
	require.NoError(t, err)
	require.NoError(t, b.Delete(ctx, "k"))

	h := rec.History()
	require.Len(t, h.Ops, 7)
	for i, op := range h.Ops {
		assert.Equal(t, i, op.ID)
		assert.Equal(t, 7, op.Client)
		assert.Equal(t, "eu", op.Region)
		assert.Equal(t, int64(2*i+1), op.Call, "call time is taken before the backend call")
		assert.Equal(t, int64(2*i+2), op.Return)
	}
	assert.Equal(t, Op{ID: 0, Client: 7, Region: "eu", Func: FuncGet, Key: "k", Outcome: OutcomeOK, Call: 1, Return: 2}, h.Ops[0])
	assert.Equal(t, Input{Value: "v1", TTLMillis: 60000}, h.Ops[1].Input)
	assert.Equal(t, Output{Found: true, Value: "v1", Version: string(it.Version)}, h.Ops[2].Output)
	assert.Equal(t, FuncCAS, h.Ops[3].Func)
	assert.Equal(t, OutcomeFail, h.Ops[3].Outcome)
	assert.Equal(t, Input{Value: "v2", Expected: "stale"}, h.Ops[3].Input)
	assert.Contains(t, h.Ops[3].Error, "conflict")
	assert.Equal(t, Output{Conflict: true}, h.Ops[3].Output, "a kv.ErrConflict is a compare that did not match")
	assert.Equal(t, OutcomeOK, h.Ops[4].Outcome)
	assert.Equal(t, string(v2), h.Ops[4].Output.Version)
	assert.Equal(t, Op{ID: 5, Client: 7, Region: "eu", Func: FuncList, Input: Input{Limit: 10},
		Output: Output{Keys: page.Keys, Cursor: page.Cursor}, Outcome: OutcomeOK, Call: 11, Return: 12}, h.Ops[5])
	assert.Equal(t, FuncDelete, h.Ops[6].Func)
}

// failing returns err from every call.
type failing struct{ err error }

func (f failing) Get(context.Context, string) (kv.Item, error)               { return kv.Item{}, f.err }
func (f failing) Put(context.Context, string, []byte, kv.PutOptions) error   { return f.err }
func (f failing) Delete(context.Context, string) error                       { return f.err }
func (f failing) List(context.Context, string, string, int) (kv.Page, error) { return kv.Page{}, f.err }

type pacer struct{}

func (pacer) Sleep(context.Context, time.Duration) error { return nil }
func (pacer) Jitter() float64                            { return 0.25 }

type limited struct{}

func (limited) Limits() kv.Limits { return kv.Limits{MaxKeyBytes: 3} }

type casOnly struct{}

func (casOnly) PutIf(context.Context, string, []byte, kv.Version, kv.PutOptions) (kv.Version, error) {
	return "", kv.ErrUnavailable
}

func TestRecordCapabilities(t *testing.T) {
	base := failing{err: errors.New("boom")}
	for mask := 0; mask < 8; mask++ {
		var b kv.Backend
		hasCAS, hasPacer, hasLimits := mask&1 != 0, mask&2 != 0, mask&4 != 0
		switch {
		case hasCAS && hasPacer && hasLimits:
			b = struct {
				failing
				casOnly
				pacer
				limited
			}{base, casOnly{}, pacer{}, limited{}}
		case hasCAS && hasPacer:
			b = struct {
				failing
				casOnly
				pacer
			}{base, casOnly{}, pacer{}}
		case hasCAS && hasLimits:
			b = struct {
				failing
				casOnly
				limited
			}{base, casOnly{}, limited{}}
		case hasCAS:
			b = struct {
				failing
				casOnly
			}{base, casOnly{}}
		case hasPacer && hasLimits:
			b = struct {
				failing
				pacer
				limited
			}{base, pacer{}, limited{}}
		case hasPacer:
			b = struct {
				failing
				pacer
			}{base, pacer{}}
		case hasLimits:
			b = struct {
				failing
				limited
			}{base, limited{}}
		default:
			b = base
		}
		name := fmt.Sprintf("cas=%v pacer=%v limits=%v", hasCAS, hasPacer, hasLimits)
		rb := Record(b, NewRecorder(), 0, "")
		c, ok := rb.(kv.CAS)
		assert.Equal(t, hasCAS, ok, name)
		p, ok := rb.(kv.Pacer)
		assert.Equal(t, hasPacer, ok, name)
		l, ok := rb.(kv.LimitedBackend)
		assert.Equal(t, hasLimits, ok, name)
		if hasCAS {
			_, err := c.PutIf(context.Background(), "k", nil, "", kv.PutOptions{})
			assert.ErrorIs(t, err, kv.ErrUnavailable, name)
		}
		if hasPacer {
			assert.Equal(t, 0.25, p.Jitter(), name)
		}
		if hasLimits {
			assert.Equal(t, 3, l.Limits().MaxKeyBytes, name)
		}
		assert.Equal(t, b, rb.(interface{ Unwrap() kv.Backend }).Unwrap(), name)
	}
}

func TestRecordErrorStatuses(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		err                 error
		get, put, del, list Outcome
	}{
		{fmt.Errorf("wrapped: %w", kv.ErrUnavailable), OutcomeFail, OutcomeUnknown, OutcomeUnknown, OutcomeFail},
		{context.DeadlineExceeded, OutcomeFail, OutcomeUnknown, OutcomeUnknown, OutcomeFail},
		{kv.ErrRateLimited, OutcomeFail, OutcomeFail, OutcomeFail, OutcomeFail},
		{kv.ErrInvalidKey, OutcomeFail, OutcomeFail, OutcomeFail, OutcomeFail},
		{kv.ErrNotFound, OutcomeOK, OutcomeFail, OutcomeFail, OutcomeFail},
	}
	for _, tc := range cases {
		rec := NewRecorder()
		b := Record(failing{err: tc.err}, rec, 1, "")
		_, _ = b.Get(ctx, "k")
		_ = b.Put(ctx, "k", []byte("v"), kv.PutOptions{})
		_ = b.Delete(ctx, "k")
		_, _ = b.List(ctx, "p", "", 5)
		h := rec.History()
		require.Len(t, h.Ops, 4)
		assert.Equal(t, []Outcome{tc.get, tc.put, tc.del, tc.list},
			[]Outcome{h.Ops[0].Outcome, h.Ops[1].Outcome, h.Ops[2].Outcome, h.Ops[3].Outcome}, tc.err.Error())
		if tc.err == kv.ErrNotFound {
			assert.Empty(t, h.Ops[0].Error, "a get that finds nothing is no error")
			assert.False(t, h.Ops[0].Output.Found)
		} else {
			assert.Equal(t, tc.err.Error(), h.Ops[0].Error)
		}
	}
}

func TestOutcomeOf(t *testing.T) {
	assert.Equal(t, OutcomeOK, OutcomeOf(FuncPut, nil))
	assert.Equal(t, OutcomeFail, OutcomeOf(FuncCAS, fmt.Errorf("x: %w", kv.ErrConflict)))
	assert.Equal(t, OutcomeFail, OutcomeOf(FuncUpdate, kv.ErrUnsupported))
	assert.Equal(t, OutcomeUnknown, OutcomeOf(FuncCAS, context.Canceled))
	assert.Equal(t, OutcomeUnknown, OutcomeOf(FuncAppend, errors.New("connection reset")))
	assert.Equal(t, OutcomeFail, OutcomeOf(FuncList, errors.New("connection reset")))
}
