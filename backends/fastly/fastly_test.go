package fastly_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/backends/fastly"
	"github.com/kvchaos/kvchaos/edge"
	"github.com/kvchaos/kvchaos/emulator"
	"github.com/kvchaos/kvchaos/internal/adaptertest"
	"github.com/kvchaos/kvchaos/kv"
)

// token is planted in every server and client; no error may show it.
const token = "fastly-PLANTED-TOKEN-91d2"

// epoch is where the test clocks start.
var epoch = time.Unix(1_800_000_000, 0)

// emu starts a Fastly-dialect emulator over a Memory whose clock is
// *now, and returns its URL and the Memory.
func emu(t *testing.T, now func() time.Time) (string, kv.Backend) {
	t.Helper()
	return adaptertest.Emulator(t, emulator.Config{Dialect: edge.Fastly, Token: token, Now: now})
}

func fixed() time.Time { return epoch }

// casBackend is what fastly.New returns: a backend with CAS and limits.
type casBackend interface {
	kv.Backend
	kv.CAS
	kv.LimitedBackend
}

func newBackend(t *testing.T, endpoint string, c fastly.Consistency) casBackend {
	t.Helper()
	b, err := fastly.New(fastly.Config{StoreID: "store1", Token: token, Endpoint: endpoint, Consistency: c})
	require.NoError(t, err)
	cb, ok := b.(casBackend)
	require.True(t, ok, "a Fastly backend has CAS and limits")
	return cb
}

// requireKind asserts err wraps kind, is an adapter error and hides the
// token.
func requireKind(t *testing.T, err error, kind error) {
	t.Helper()
	adaptertest.RequireKind(t, err, kind, token)
}

func TestCRUDAndGenerations(t *testing.T) {
	url, _ := emu(t, fixed)
	b := newBackend(t, url, "")
	ctx := t.Context()
	for _, k := range []string{"plain", "with/slash", "sp ace", "ü日本"} {
		require.NoError(t, b.Put(ctx, k, []byte("v:"+k), kv.PutOptions{}), k)
		it, err := b.Get(ctx, k)
		require.NoError(t, err, k)
		assert.Equal(t, "v:"+k, string(it.Value))
		assert.NotEmpty(t, it.Version, "Get returns the generation")
	}
	require.NoError(t, b.Delete(ctx, "plain"))
	require.NoError(t, b.Delete(ctx, "plain"), "deleting an absent key is not an error")
	_, err := b.Get(ctx, "plain")
	requireKind(t, err, kv.ErrNotFound)
	var api *edge.APIError
	require.True(t, errors.As(err, &api))
	assert.Equal(t, http.StatusNotFound, api.Status)

	for _, bad := range []string{"a#b", "a?b", "x|y", strings.Repeat("k", 1025), ".well-known/acme-challenge/t"} {
		requireKind(t, b.Put(ctx, bad, []byte("v"), kv.PutOptions{}), kv.ErrInvalidKey)
		_, err := b.Get(ctx, bad)
		requireKind(t, err, kv.ErrInvalidKey)
		requireKind(t, b.Delete(ctx, bad), kv.ErrInvalidKey)
	}
	require.NoError(t, b.Put(ctx, strings.Repeat("k", 1024), []byte("v"), kv.PutOptions{}))
	assert.Equal(t, 1024, b.Limits().MaxKeyBytes)
}

func TestCAS(t *testing.T) {
	url, _ := emu(t, fixed)
	b := newBackend(t, url, "")
	ctx := t.Context()
	v1, err := b.PutIf(ctx, "c", []byte("one"), "", kv.PutOptions{})
	require.NoError(t, err, "add mode on an absent key")
	require.NotEmpty(t, v1)
	_, err = b.PutIf(ctx, "c", []byte("again"), "", kv.PutOptions{})
	requireKind(t, err, kv.ErrConflict)
	var api *edge.APIError
	require.True(t, errors.As(err, &api))
	assert.Equal(t, http.StatusPreconditionFailed, api.Status)

	v2, err := b.PutIf(ctx, "c", []byte("two"), v1, kv.PutOptions{})
	require.NoError(t, err)
	assert.NotEqual(t, v1, v2)
	_, err = b.PutIf(ctx, "c", []byte("stale"), v1, kv.PutOptions{})
	requireKind(t, err, kv.ErrConflict)
	it, err := b.Get(ctx, "c")
	require.NoError(t, err)
	assert.Equal(t, "two", string(it.Value))
	assert.Equal(t, v2, it.Version, "PutIf returns the generation Get reports")
}

func TestUpdateAtomicIsExact(t *testing.T) {
	url, _ := emu(t, fixed)
	b := newBackend(t, url, "")
	s := kv.NewStore[int](b, kv.WithMaxAttempts(1000), kv.WithBackoff(time.Millisecond, 10*time.Millisecond))
	const clients, each = 4, 8
	var wg sync.WaitGroup
	for range clients {
		wg.Go(func() {
			for range each {
				_, err := s.UpdateAtomic(t.Context(), "n", 0, func(n int) int { return n + 1 })
				assert.NoError(t, err)
			}
		})
	}
	wg.Wait()
	n, _, err := s.Get(t.Context(), "n")
	require.NoError(t, err)
	assert.Equal(t, clients*each, n)
}

func TestTTL(t *testing.T) {
	var mu sync.Mutex
	now := epoch
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	url, _ := emu(t, clock)
	b := newBackend(t, url, "")
	ctx := t.Context()
	require.NoError(t, b.Put(ctx, "t", []byte("x"), kv.PutOptions{TTL: 90 * time.Second}))
	_, err := b.PutIf(ctx, "c", []byte("x"), "", kv.PutOptions{TTL: 90 * time.Second})
	require.NoError(t, err)
	mu.Lock()
	now = now.Add(91 * time.Second)
	mu.Unlock()
	for _, k := range []string{"t", "c"} {
		_, err := b.Get(ctx, k)
		requireKind(t, err, kv.ErrNotFound)
	}
	requireKind(t, b.Put(ctx, "t", []byte("x"), kv.PutOptions{TTL: time.Second}), kv.ErrInvalidTTL)
}

func TestList(t *testing.T) {
	url, _ := emu(t, fixed)
	ctx := t.Context()
	var want []string
	for i := range 7 {
		want = append(want, fmt.Sprintf("p/%d", i))
	}
	for _, c := range []fastly.Consistency{"", fastly.Strong, fastly.Eventual} {
		b := newBackend(t, url, c)
		for _, k := range append(want, "q") {
			require.NoError(t, b.Put(ctx, k, []byte("x"), kv.PutOptions{}))
		}
		var got []string
		cursor := ""
		for pages := 0; pages < 20; pages++ {
			p, err := b.List(ctx, "p/", cursor, 3)
			require.NoError(t, err)
			require.LessOrEqual(t, len(p.Keys), 3)
			got = append(got, p.Keys...)
			if cursor = p.Cursor; cursor == "" {
				break
			}
		}
		assert.Equal(t, want, got, "consistency %q", c)
		_, err := b.List(ctx, "", "", 0)
		requireKind(t, err, kv.ErrInvalidArgument)
	}
	_, err := fastly.New(fastly.Config{StoreID: "s", Consistency: "sometimes"})
	require.ErrorContains(t, err, "Config.Consistency")
}

func TestTransportErrorsAndRedaction(t *testing.T) {
	url, _ := emu(t, fixed)
	b := newBackend(t, url, "")
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := b.PutIf(ctx, "k", []byte("v"), "", kv.PutOptions{})
	requireKind(t, err, kv.ErrUnavailable)
	require.ErrorIs(t, err, context.Canceled)

	echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusTooManyRequests)
		fmt.Fprintf(w, `{"msg":"slow down","detail":"key %s"}`, r.Header.Get("Fastly-Key"))
	}))
	defer echo.Close()
	err = newBackend(t, echo.URL, "").Put(t.Context(), "k", []byte("v"), kv.PutOptions{})
	requireKind(t, err, kv.ErrRateLimited)
	assert.Contains(t, err.Error(), "key xxxxx")

	echo.Close()
	_, err = newBackend(t, echo.URL, "").Get(t.Context(), "k")
	requireKind(t, err, kv.ErrUnavailable)

	wrong, err := fastly.New(fastly.Config{StoreID: "store1", Token: "wrong", Endpoint: url})
	require.NoError(t, err)
	_, err = wrong.Get(t.Context(), "k")
	var api *edge.APIError
	require.True(t, errors.As(err, &api))
	assert.Equal(t, http.StatusUnauthorized, api.Status)
}

func TestEscapeKeys(t *testing.T) {
	url, mem := emu(t, fixed)
	b, err := fastly.New(fastly.Config{StoreID: "s", Token: token, Endpoint: url, EscapeKeys: true})
	require.NoError(t, err)
	ctx := t.Context()
	keys := []string{"q?a=1#frag", "50%", "pipe|caret^semi;", ".well-known/acme-challenge/x", "plain"}
	for _, k := range keys {
		require.NoError(t, b.Put(ctx, k, []byte(k), kv.PutOptions{}), k)
		it, err := b.Get(ctx, k)
		require.NoError(t, err, k)
		assert.Equal(t, k, string(it.Value))
	}
	stored, err := mem.List(ctx, "", "", 100)
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{"q%3Fa=1%23frag", "50%25", "pipe%7Ccaret%5Esemi%3B", "%2Ewell-known/acme-challenge/x", "plain"}, stored.Keys)
	p, err := b.List(ctx, "", "", 100)
	require.NoError(t, err)
	assert.ElementsMatch(t, keys, p.Keys)
	p, err = b.List(ctx, "q?", "", 100)
	require.NoError(t, err)
	assert.Equal(t, []string{"q?a=1#frag"}, p.Keys)
	p, err = b.List(ctx, ".well", "", 100)
	require.NoError(t, err)
	assert.Equal(t, []string{".well-known/acme-challenge/x"}, p.Keys)
	require.NoError(t, b.Delete(ctx, "50%"))
	_, err = b.Get(ctx, "50%")
	requireKind(t, err, kv.ErrNotFound)
	requireKind(t, b.Put(ctx, strings.Repeat("?", 342), nil, kv.PutOptions{}), kv.ErrInvalidKey)
}
