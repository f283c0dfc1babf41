package cloudflare_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/backends/cloudflare"
	"github.com/kvchaos/kvchaos/edge"
	"github.com/kvchaos/kvchaos/emulator"
	"github.com/kvchaos/kvchaos/kv"
)

func TestBulkPutAndDelete(t *testing.T) {
	clk := newClock()
	url, mem := emu(t, clk, emulator.Config{})
	b := newBackend(t, url)
	ctx := t.Context()
	bin := []byte{0, 1, 0xff, '"', '\n'}
	unwritten, err := b.PutBulk(ctx, []cloudflare.Pair{
		{Key: "a", Value: []byte("one")},
		{Key: "b/ü", Value: bin, Metadata: json.RawMessage(`{"v":1}`)},
		{Key: "ttl", Value: []byte("x"), TTL: 90 * time.Second},
	})
	require.NoError(t, err)
	assert.Empty(t, unwritten)
	for k, want := range map[string][]byte{"a": []byte("one"), "b/ü": bin, "ttl": []byte("x")} {
		it, err := b.Get(ctx, k)
		require.NoError(t, err, k)
		assert.Equal(t, want, it.Value, k)
	}
	clk.Advance(91 * time.Second)
	_, err = mem.Get(ctx, "ttl")
	require.ErrorIs(t, err, kv.ErrNotFound, "the pair's TTL was not sent")

	undeleted, err := b.DeleteBulk(ctx, []string{"a", "b/ü", "never-written"})
	require.NoError(t, err)
	assert.Empty(t, undeleted)
	p, err := b.List(ctx, "", "", 100)
	require.NoError(t, err)
	assert.Empty(t, p.Keys)
}

func TestBulkValidatesBeforeSending(t *testing.T) {
	url, mem := emu(t, newClock(), emulator.Config{})
	b := newBackend(t, url)
	ctx := t.Context()
	_, err := b.PutBulk(ctx, []cloudflare.Pair{{Key: "ok", Value: []byte("x")}, {Key: "..", Value: []byte("x")}})
	require.ErrorIs(t, err, kv.ErrInvalidKey)
	assert.Contains(t, err.Error(), "pair 1")
	_, err = b.PutBulk(ctx, []cloudflare.Pair{{Key: "short", Value: []byte("x"), TTL: time.Second}})
	require.ErrorIs(t, err, kv.ErrInvalidTTL)
	_, err = b.PutBulk(ctx, []cloudflare.Pair{{Key: "m", Value: []byte("x"), Metadata: json.RawMessage(`{`)}})
	require.ErrorIs(t, err, kv.ErrInvalidArgument)
	_, err = b.DeleteBulk(ctx, []string{"fine", ""})
	require.ErrorIs(t, err, kv.ErrInvalidKey)
	assert.Contains(t, err.Error(), "key 1")
	_, err = mem.Get(ctx, "ok")
	require.ErrorIs(t, err, kv.ErrNotFound, "a bulk call with an invalid pair sent the valid ones")
}

// refusing is a backend that refuses writes to one key.
type refusing struct {
	kv.Backend
	key string
}

func (r refusing) Put(ctx context.Context, key string, v []byte, o kv.PutOptions) error {
	if key == r.key {
		return fmt.Errorf("%w: refused", kv.ErrUnavailable)
	}
	return r.Backend.Put(ctx, key, v, o)
}

func TestBulkSplitsAndReportsUnwritten(t *testing.T) {
	mem := kv.NewMemory()
	srv, err := emulator.New(emulator.Config{Dialect: edge.Cloudflare, Token: token,
		Backend: func(string) kv.Backend { return refusing{Backend: mem, key: "k10000"} }})
	require.NoError(t, err)
	var requests atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		srv.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	b := newBackend(t, ts.URL)

	pairs := make([]cloudflare.Pair, cloudflare.MaxBulk+2)
	keys := make([]string, len(pairs))
	for i := range pairs {
		keys[i] = fmt.Sprintf("k%d", i)
		pairs[i] = cloudflare.Pair{Key: keys[i], Value: []byte("v")}
	}
	unwritten, err := b.PutBulk(t.Context(), pairs)
	require.NoError(t, err)
	assert.Equal(t, []string{"k10000"}, unwritten)
	assert.EqualValues(t, 2, requests.Load(), "%d pairs need two requests", len(pairs))
	it, err := mem.Get(t.Context(), "k10001")
	require.NoError(t, err, "the second request's pairs were not written")
	assert.Equal(t, "v", string(it.Value))

	requests.Store(0)
	undeleted, err := b.DeleteBulk(t.Context(), keys)
	require.NoError(t, err)
	assert.Empty(t, undeleted)
	assert.EqualValues(t, 2, requests.Load())
}

func TestBulkWrongTokenHidesIt(t *testing.T) {
	url, _ := emu(t, newClock(), emulator.Config{})
	b, err := cloudflare.New(cloudflare.Config{AccountID: "a", NamespaceID: "n", Token: token + "-wrong", Endpoint: url})
	require.NoError(t, err)
	_, err = b.PutBulk(t.Context(), []cloudflare.Pair{{Key: "k", Value: []byte("v")}})
	require.Error(t, err)
	assert.NotContains(t, err.Error(), token)
	_, err = b.DeleteBulk(t.Context(), []string{"k"})
	require.Error(t, err)
	assert.NotContains(t, err.Error(), token)
}
