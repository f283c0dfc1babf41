package kv_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/kv"
)

// barrierBackend holds every Get until n Gets have arrived, forcing the
// interleaving "A reads, B reads, A writes, B writes".
type barrierBackend struct {
	*kv.Memory
	wg *sync.WaitGroup
}

func (b barrierBackend) Get(ctx context.Context, key string) (kv.Item, error) {
	item, err := b.Memory.Get(ctx, key)
	b.wg.Done()
	b.wg.Wait()
	return item, err
}

func TestUpdateLosesAnUpdateUnderInterleaving(t *testing.T) {
	ctx := context.Background()
	m := kv.NewTestMemory()
	require.NoError(t, kv.NewStore[int](m).Put(ctx, "visits", 5))
	var wg sync.WaitGroup
	wg.Add(2)
	s := kv.NewStore[int](barrierBackend{Memory: m, wg: &wg})
	var results [2]int
	var done sync.WaitGroup
	for i := range 2 {
		done.Go(func() {
			n, err := s.Update(ctx, "visits", 0, func(n int) int { return n + 1 })
			assert.NoError(t, err)
			results[i] = n
		})
	}
	done.Wait()
	assert.Equal(t, [2]int{6, 6}, results, "both callers read 5 and wrote 6")
	n, _, err := kv.NewStore[int](m).Get(ctx, "visits")
	require.NoError(t, err)
	assert.Equal(t, 6, n, "one of the two visits is lost")
}

func TestUpdateAtomicConcurrentCounterIsExact(t *testing.T) {
	ctx := context.Background()
	s := kv.NewStore[int](kv.NewMemory(), kv.WithBackoff(10*time.Microsecond, time.Millisecond), kv.WithMaxAttempts(10000))
	var wg sync.WaitGroup
	for range 50 {
		wg.Go(func() {
			for range 20 {
				_, err := s.UpdateAtomic(ctx, "counter", 0, func(n int) int { return n + 1 })
				assert.NoError(t, err)
			}
		})
	}
	wg.Wait()
	n, ok, err := s.Get(ctx, "counter")
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, 1000, n)
}

func TestUpdateAtomicReturnsNewValue(t *testing.T) {
	ctx := context.Background()
	s := kv.NewStore[int](kv.NewMemory())
	n, err := s.UpdateAtomic(ctx, "n", 10, func(n int) int { return n * 2 })
	require.NoError(t, err)
	assert.Equal(t, 20, n)
	n, err = s.UpdateAtomic(ctx, "n", 10, func(n int) int { return n + 1 })
	require.NoError(t, err)
	assert.Equal(t, 21, n)
}

func TestUpdateAtomicUnsupportedWithoutCAS(t *testing.T) {
	s := kv.NewStore[int](noCAS{kv.NewTestMemory()})
	_, err := s.UpdateAtomic(context.Background(), "n", 0, func(n int) int { return n + 1 })
	require.ErrorIs(t, err, kv.ErrUnsupported)
	assert.Contains(t, err.Error(), `"n"`)
}

// contended conflicts on the first `conflicts` PutIf calls, as if another
// writer always got there first, and paces retries on a virtual clock.
type contended struct {
	*kv.Memory
	mu        sync.Mutex
	conflicts int
	putIfs    int
	sleeps    []time.Duration
	jitters   []float64
}

func (c *contended) PutIf(ctx context.Context, key string, v []byte, exp kv.Version, o kv.PutOptions) (kv.Version, error) {
	c.mu.Lock()
	c.putIfs++
	conflict := c.putIfs <= c.conflicts
	c.mu.Unlock()
	if conflict {
		return "", kv.ErrConflict
	}
	return c.Memory.PutIf(ctx, key, v, exp, o)
}

func (c *contended) Sleep(_ context.Context, d time.Duration) error {
	c.sleeps = append(c.sleeps, d)
	return nil
}

func (c *contended) Jitter() float64 {
	j := c.jitters[0]
	c.jitters = c.jitters[1:]
	return j
}

func TestUpdateAtomicGivesUpWithErrConflictUsingPacer(t *testing.T) {
	b := &contended{Memory: kv.NewTestMemory(), conflicts: 1 << 30, jitters: []float64{0, 0.5, 0.99, 0, 0.5}}
	s := kv.NewStore[int](b, kv.WithMaxAttempts(5), kv.WithBackoff(time.Second, 3*time.Second))
	_, err := s.UpdateAtomic(context.Background(), "n", 0, func(n int) int { return n + 1 })
	require.ErrorIs(t, err, kv.ErrConflict)
	assert.Contains(t, err.Error(), "5 attempts")
	assert.Equal(t, 5, b.putIfs)
	// Waits: 1s,2s,3s(capped),3s, each half fixed plus half jittered; all
	// on the backend's clock: the test spends no real time.
	assert.Equal(t, []time.Duration{
		500 * time.Millisecond,
		1500 * time.Millisecond,
		1500*time.Millisecond + time.Duration(0.99*float64(1500*time.Millisecond)),
		1500 * time.Millisecond,
	}, b.sleeps)
	_, ok, err := s.Get(context.Background(), "n")
	require.NoError(t, err)
	assert.False(t, ok, "a failed UpdateAtomic writes nothing")
}

func TestUpdateAtomicRetriesWithFreshDefault(t *testing.T) {
	b := &contended{Memory: kv.NewTestMemory(), conflicts: 2, jitters: []float64{0.1, 0.2}}
	s := kv.NewStore[map[string]int](b)
	calls := 0
	got, err := s.UpdateAtomic(context.Background(), "m", map[string]int{}, func(m map[string]int) map[string]int {
		calls++
		m["hits"]++
		return m
	})
	require.NoError(t, err)
	assert.Equal(t, 3, calls)
	assert.Equal(t, map[string]int{"hits": 1}, got, "fn's changes to def do not leak into the retry")
	assert.Len(t, b.sleeps, 2)
}

// unversioned hides Memory's versions while keeping its CAS.
type unversioned struct{ *kv.Memory }

func (u unversioned) Get(ctx context.Context, key string) (kv.Item, error) {
	item, err := u.Memory.Get(ctx, key)
	item.Version = ""
	return item, err
}

func TestUpdateAtomicRejectsUnversionedBackend(t *testing.T) {
	ctx := context.Background()
	s := kv.NewStore[int](unversioned{kv.NewTestMemory()})
	require.NoError(t, s.Put(ctx, "n", 1))
	_, err := s.UpdateAtomic(ctx, "n", 0, func(n int) int { return n + 1 })
	require.ErrorIs(t, err, kv.ErrUnsupported)
	assert.Contains(t, err.Error(), "no version")
}

func TestUpdateAtomicStopsWhenContextEnds(t *testing.T) {
	b := &contended{Memory: kv.NewTestMemory(), conflicts: 1 << 30}
	ctx, cancel := context.WithCancel(context.Background())
	s := kv.NewStore[int](noPacer{b}, kv.WithBackoff(time.Hour, time.Hour))
	go func() {
		for {
			b.mu.Lock()
			n := b.putIfs
			b.mu.Unlock()
			if n > 0 {
				cancel()
				return
			}
			time.Sleep(time.Millisecond)
		}
	}()
	_, err := s.UpdateAtomic(ctx, "n", 0, func(n int) int { return n + 1 })
	require.ErrorIs(t, err, context.Canceled)
}

// noPacer exposes Backend and CAS but not Pacer, so the wall clock is used.
type noPacer struct{ b *contended }

func (n noPacer) Get(ctx context.Context, k string) (kv.Item, error) { return n.b.Get(ctx, k) }
func (n noPacer) Put(ctx context.Context, k string, v []byte, o kv.PutOptions) error {
	return n.b.Put(ctx, k, v, o)
}
func (n noPacer) Delete(ctx context.Context, k string) error { return n.b.Delete(ctx, k) }
func (n noPacer) List(ctx context.Context, p, c string, l int) (kv.Page, error) {
	return n.b.List(ctx, p, c, l)
}
func (n noPacer) PutIf(ctx context.Context, k string, v []byte, e kv.Version, o kv.PutOptions) (kv.Version, error) {
	return n.b.PutIf(ctx, k, v, e, o)
}

func TestBackoff(t *testing.T) {
	ms := time.Millisecond
	cases := []struct {
		n      int
		jitter float64
		want   time.Duration
	}{
		{1, 0, 5 * ms},
		{1, 0.5, 7500 * time.Microsecond},
		{2, 0, 10 * ms},
		{3, 0, 20 * ms},
		{4, 0, 40 * ms},
		{5, 0, 50 * ms}, // capped at 100ms
		{1000, 0, 50 * ms},
		{1, 7, 5 * ms}, // out-of-range jitter is ignored
	}
	for _, c := range cases {
		assert.Equal(t, c.want, kv.Backoff(10*ms, 100*ms, c.n, c.jitter), "n=%d jitter=%v", c.n, c.jitter)
	}
	assert.Zero(t, kv.Backoff(0, 0, 3, 0.5))
}
