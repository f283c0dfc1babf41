package cloudflare_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/backends/cloudflare"
	"github.com/kvchaos/kvchaos/edge"
	"github.com/kvchaos/kvchaos/emulator"
	"github.com/kvchaos/kvchaos/internal/adaptertest"
	"github.com/kvchaos/kvchaos/kv"
)

// token is planted in every server and client; no error may show it.
const token = "cf-PLANTED-TOKEN-7c1e"

// clock is a settable test clock.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

func (c *clock) Advance(d time.Duration) { c.mu.Lock(); defer c.mu.Unlock(); c.now = c.now.Add(d) }

// emu starts a Cloudflare-dialect emulator over a Memory on clk and
// returns its URL and the Memory.
func emu(t *testing.T, clk *clock, cfg emulator.Config) (string, kv.Backend) {
	t.Helper()
	cfg.Dialect, cfg.Token, cfg.Now = edge.Cloudflare, token, clk.Now
	return adaptertest.Emulator(t, cfg)
}

func newBackend(t *testing.T, endpoint string) *cloudflare.Backend {
	t.Helper()
	b, err := cloudflare.New(cloudflare.Config{AccountID: "acct", NamespaceID: "ns", Token: token, Endpoint: endpoint})
	require.NoError(t, err)
	return b
}

func newClock() *clock { return &clock{now: time.Unix(1_800_000_000, 0)} }

// requireKind asserts err wraps kind, is an adapter error and hides the
// token.
func requireKind(t *testing.T, err error, kind error) {
	t.Helper()
	adaptertest.RequireKind(t, err, kind, token)
}

func TestCRUD(t *testing.T) {
	url, _ := emu(t, newClock(), emulator.Config{})
	b := newBackend(t, url)
	ctx := t.Context()
	_, isCAS := any(b).(kv.CAS)
	assert.False(t, isCAS, "Workers KV has no compare-and-set")

	for _, k := range []string{"plain", "with/slash", "sp ace", "percent%2F", "ü日本"} {
		require.NoError(t, b.Put(ctx, k, []byte("v:"+k), kv.PutOptions{}), k)
		it, err := b.Get(ctx, k)
		require.NoError(t, err, k)
		assert.Equal(t, "v:"+k, string(it.Value))
		assert.Empty(t, it.Version, "Workers KV items are unversioned")
	}
	require.NoError(t, b.Put(ctx, "empty", nil, kv.PutOptions{}))
	it, err := b.Get(ctx, "empty")
	require.NoError(t, err)
	assert.Empty(t, it.Value)

	require.NoError(t, b.Delete(ctx, "plain"))
	require.NoError(t, b.Delete(ctx, "plain"), "deleting an absent key is not an error")
	_, err = b.Get(ctx, "plain")
	requireKind(t, err, kv.ErrNotFound)
	var api *edge.APIError
	require.True(t, errors.As(err, &api))
	assert.Equal(t, http.StatusNotFound, api.Status)
	assert.Equal(t, 10009, api.Code)
	assert.Equal(t, cloudflare.DefaultEndpoint, "https://api.cloudflare.com/client/v4")
}

func TestTTL(t *testing.T) {
	clk := newClock()
	url, _ := emu(t, clk, emulator.Config{})
	b := newBackend(t, url)
	ctx := t.Context()
	require.NoError(t, b.Put(ctx, "t", []byte("x"), kv.PutOptions{TTL: 60*time.Second + time.Millisecond}))
	clk.Advance(60 * time.Second)
	_, err := b.Get(ctx, "t")
	require.NoError(t, err, "a TTL is rounded up to whole seconds, never down")
	clk.Advance(time.Second)
	_, err = b.Get(ctx, "t")
	requireKind(t, err, kv.ErrNotFound)

	err = b.Put(ctx, "t", []byte("x"), kv.PutOptions{TTL: 30 * time.Second})
	requireKind(t, err, kv.ErrInvalidTTL)
	assert.Equal(t, kv.DefaultLimits(), b.Limits())
}

func TestListPaging(t *testing.T) {
	url, _ := emu(t, newClock(), emulator.Config{})
	b := newBackend(t, url)
	ctx := t.Context()
	var want []string
	for i := range 23 {
		k := fmt.Sprintf("p/%02d", i)
		want = append(want, k)
		require.NoError(t, b.Put(ctx, k, []byte("x"), kv.PutOptions{}))
	}
	require.NoError(t, b.Put(ctx, "q", []byte("x"), kv.PutOptions{}))

	for _, limit := range []int{1, 3, 9, 10, 11, 1000} {
		assert.Equal(t, want, adaptertest.ListAll(t, b, "p/", limit), "pages of %d", limit)
	}

	// A small page's cursor survives a key deleted behind it.
	p, err := b.List(ctx, "p/", "", 2)
	require.NoError(t, err)
	require.NoError(t, b.Delete(ctx, "p/01"))
	p2, err := b.List(ctx, "p/", p.Cursor, 2)
	require.NoError(t, err)
	assert.Equal(t, []string{"p/02", "p/03"}, p2.Keys)

	_, err = b.List(ctx, "p/", "kvchaos~!!", 2)
	requireKind(t, err, kv.ErrInvalidArgument)
	_, err = b.List(ctx, "p/", "", 0)
	requireKind(t, err, kv.ErrInvalidArgument)
	_, err = b.List(ctx, "p/", "", 1001)
	requireKind(t, err, kv.ErrInvalidArgument)
}

func TestRateLimit(t *testing.T) {
	url, _ := emu(t, newClock(), emulator.Config{MinWriteInterval: time.Second})
	b := newBackend(t, url)
	require.NoError(t, b.Put(t.Context(), "hot", []byte("1"), kv.PutOptions{}))
	err := b.Put(t.Context(), "hot", []byte("2"), kv.PutOptions{})
	requireKind(t, err, kv.ErrRateLimited)
	var api *edge.APIError
	require.True(t, errors.As(err, &api))
	assert.Equal(t, http.StatusTooManyRequests, api.Status)
}

func TestTransportErrors(t *testing.T) {
	url, _ := emu(t, newClock(), emulator.Config{})
	b := newBackend(t, url)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := b.Get(ctx, "k")
	requireKind(t, err, kv.ErrUnavailable)
	require.ErrorIs(t, err, context.Canceled)

	dead := httptest.NewServer(http.NotFoundHandler())
	dead.Close()
	err = newBackend(t, dead.URL).Put(t.Context(), "k", []byte("v"), kv.PutOptions{})
	requireKind(t, err, kv.ErrUnavailable)

	_, err = cloudflare.New(cloudflare.Config{AccountID: "a", NamespaceID: "n", Endpoint: "ftp://x"})
	require.ErrorContains(t, err, "Config.Endpoint")
	_, err = cloudflare.New(cloudflare.Config{NamespaceID: "n"})
	require.ErrorContains(t, err, "Config.AccountID")
}

// TestTokenNeverInErrors plants the token in a server that echoes the
// credential it received in every error, and in a wrong-token emulator.
func TestTokenNeverInErrors(t *testing.T) {
	echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusInternalServerError)
		fmt.Fprintf(w, `{"success":false,"errors":[{"code":1,"message":"bad header %s"}],"messages":[]}`, r.Header.Get("Authorization"))
	}))
	defer echo.Close()
	b := newBackend(t, echo.URL)
	_, err := b.Get(t.Context(), "k")
	requireKind(t, err, kv.ErrUnavailable)
	assert.Contains(t, err.Error(), "bad header Bearer xxxxx")
	_, err = b.List(t.Context(), "", "", 10)
	requireKind(t, err, kv.ErrUnavailable)

	url, _ := emu(t, newClock(), emulator.Config{})
	wrong, err := cloudflare.New(cloudflare.Config{AccountID: "a", NamespaceID: "n", Token: "not-" + token, Endpoint: url})
	require.NoError(t, err)
	err = wrong.Put(t.Context(), "k", []byte("v"), kv.PutOptions{})
	var api *edge.APIError
	require.True(t, errors.As(err, &api))
	assert.Equal(t, http.StatusForbidden, api.Status)
	assert.Equal(t, 10000, api.Code)
	assert.NotContains(t, err.Error(), token)
}
