package emulator_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/edge"
	"github.com/kvchaos/kvchaos/emulator"
	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/internal/edgewire"
	"github.com/kvchaos/kvchaos/kv"
)

func TestRegions(t *testing.T) {
	base, _ := serve(t, emulator.Config{Dialect: edge.Fastly, Regions: []string{"eu", "us"}, DefaultRegion: "us"})
	a := call(t, http.MethodGet, base+edgewire.RegionsPath, "")
	require.Equal(t, http.StatusOK, a.status)
	assert.JSONEq(t, `{"dialect":"fastly","regions":["eu","us"],"default":"us"}`, a.body)

	require.Equal(t, http.StatusOK, call(t, http.MethodPut, base+fsBase+"/keys/k", "in-eu", edgewire.RegionHeader, "eu").status)
	assert.Equal(t, "in-eu", call(t, http.MethodGet, base+fsBase+"/keys/k", "", edgewire.RegionHeader, "eu").body)
	assert.Equal(t, http.StatusNotFound, call(t, http.MethodGet, base+fsBase+"/keys/k", "").status, "no header: the default region us")
	requireFastlyError(t, call(t, http.MethodGet, base+fsBase+"/keys/k", "", edgewire.RegionHeader, "mars"), http.StatusBadRequest)
}

func TestRegionHandler(t *testing.T) {
	mems := map[string]kv.Backend{"a": kv.NewMemory(), "b": kv.NewMemory()}
	srv, err := emulator.New(emulator.Config{Dialect: edge.Cloudflare, Regions: []string{"a", "b"},
		Backend: func(r string) kv.Backend { return mems[r] }})
	require.NoError(t, err)
	h, err := srv.RegionHandler("b")
	require.NoError(t, err)
	ts := httptest.NewServer(h)
	defer ts.Close()
	a := call(t, http.MethodPut, ts.URL+cfBase+"/values/k", "v", edgewire.RegionHeader, "a")
	require.Equal(t, http.StatusOK, a.status)
	_, err = mems["b"].Get(t.Context(), "k")
	require.NoError(t, err, "a pinned handler ignores the region header")
	_, err = mems["a"].Get(t.Context(), "k")
	require.ErrorIs(t, err, kv.ErrNotFound)
	assert.JSONEq(t, `{"dialect":"cloudflare","regions":["b"],"default":"b"}`, call(t, http.MethodGet, ts.URL+edgewire.RegionsPath, "").body)
	_, err = srv.RegionHandler("c")
	require.ErrorContains(t, err, `unknown region "c"`)
}

func TestNewRejectsBadConfig(t *testing.T) {
	mem := func(string) kv.Backend { return kv.NewMemory() }
	for name, tc := range map[string]struct {
		cfg  emulator.Config
		want string
	}{
		"dialect":   {emulator.Config{Dialect: "redis", Backend: mem}, "Config.Dialect"},
		"backend":   {emulator.Config{Dialect: edge.Fastly}, "Config.Backend is nil"},
		"default":   {emulator.Config{Dialect: edge.Fastly, Backend: mem, Regions: []string{"a"}, DefaultRegion: "b"}, "Config.DefaultRegion"},
		"duplicate": {emulator.Config{Dialect: edge.Fastly, Backend: mem, Regions: []string{"a", "a"}}, `names "a" twice`},
		"nil":       {emulator.Config{Dialect: edge.Fastly, Backend: func(string) kv.Backend { return nil }}, "returned nil"},
	} {
		_, err := emulator.New(tc.cfg)
		require.ErrorContains(t, err, tc.want, name)
	}
}

func TestRecordingAndClientIdentity(t *testing.T) {
	rec := history.NewRecorder()
	var mu sync.Mutex
	var seen []string
	base, _ := serve(t, emulator.Config{Dialect: edge.Fastly, Token: token, Recorder: rec, Regions: []string{"eu", "us"},
		WithClient: func(ctx context.Context, client int, region string) context.Context {
			mu.Lock()
			defer mu.Unlock()
			seen = append(seen, region+"/"+string(rune('0'+client)))
			return ctx
		}})
	h := with(fastlyKey, edgewire.ClientHeader, "3", edgewire.RegionHeader, "us")
	require.Equal(t, http.StatusOK, call(t, http.MethodPut, base+fsBase+"/keys/k", "v1", h...).status)
	require.Equal(t, http.StatusOK, call(t, http.MethodGet, base+fsBase+"/keys/k", "", h...).status)
	require.Equal(t, http.StatusNotFound, call(t, http.MethodGet, base+fsBase+"/keys/nope", "", h...).status)
	require.Equal(t, http.StatusPreconditionFailed, call(t, http.MethodPut, base+fsBase+"/keys/k?add=true", "v2", h...).status)
	require.Equal(t, http.StatusOK, call(t, http.MethodGet, base+fsBase+"/keys", "", fastlyKey...).status)
	requireFastlyError(t, call(t, http.MethodGet, base+fsBase+"/keys/k", "", with(fastlyKey, edgewire.ClientHeader, "x")...), http.StatusBadRequest)

	ops := rec.History().Ops
	require.Len(t, ops, 5)
	assert.Equal(t, []string{"us/3", "us/3", "us/3", "us/3", "eu/0"}, seen)
	for i, want := range []struct {
		f      history.Func
		client int
		region string
		status history.Outcome
	}{
		{history.FuncPut, 3, "us", history.OutcomeOK},
		{history.FuncGet, 3, "us", history.OutcomeOK},
		{history.FuncGet, 3, "us", history.OutcomeOK},
		{history.FuncCAS, 3, "us", history.OutcomeFail},
		{history.FuncList, 0, "eu", history.OutcomeOK},
	} {
		assert.Equal(t, want.f, ops[i].Func, "op %d", i)
		assert.Equal(t, want.client, ops[i].Client, "op %d", i)
		assert.Equal(t, want.region, ops[i].Region, "op %d", i)
		assert.Equal(t, want.status, ops[i].Outcome, "op %d", i)
	}
	assert.Equal(t, "v1", ops[1].Output.Value)
	assert.True(t, ops[1].Output.Found)
	assert.False(t, ops[2].Output.Found)
	raw, err := json.Marshal(rec.History())
	require.NoError(t, err)
	assert.NotContains(t, string(raw), token, "the token must never be recorded")
}

func TestMinWriteInterval(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	base, _ := serve(t, emulator.Config{Dialect: edge.Cloudflare, MinWriteInterval: time.Second, Now: clock})
	require.Equal(t, http.StatusOK, call(t, http.MethodPut, base+cfBase+"/values/k", "1").status)
	cfError(t, call(t, http.MethodPut, base+cfBase+"/values/k", "2"), http.StatusTooManyRequests, 10048)
	require.Equal(t, http.StatusOK, call(t, http.MethodPut, base+cfBase+"/values/other", "1").status, "the limit is per key")
	mu.Lock()
	now = now.Add(time.Second)
	mu.Unlock()
	require.Equal(t, http.StatusOK, call(t, http.MethodPut, base+cfBase+"/values/k", "3").status)
}

// unavailable is a backend whose reads fail as an unreachable region does
// and whose writes are rate limited.
type unavailable struct{ kv.Backend }

func (unavailable) Get(context.Context, string) (kv.Item, error) {
	return kv.Item{}, kv.ErrUnavailable
}

func (unavailable) Put(context.Context, string, []byte, kv.PutOptions) error {
	return kv.ErrRateLimited
}

func TestBackendErrorsMapToStatuses(t *testing.T) {
	base, _ := serve(t, emulator.Config{Dialect: edge.Cloudflare, Backend: func(string) kv.Backend { return unavailable{kv.NewMemory()} }})
	cfError(t, call(t, http.MethodGet, base+cfBase+"/values/k", ""), http.StatusServiceUnavailable, 10043)
	cfError(t, call(t, http.MethodPut, base+cfBase+"/values/k", "v"), http.StatusTooManyRequests, 10048)
}

func TestDiscover(t *testing.T) {
	base, _ := serve(t, emulator.Config{Dialect: edge.Cloudflare, Token: token, Regions: []string{"x", "y"}})
	info, ok, err := edgewire.Discover(t.Context(), nil, base+"/client/v4", http.Header{"Authorization": {"Bearer " + token}})
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, edgewire.Info{Dialect: edge.Cloudflare, Regions: []string{"x", "y"}, Default: "x"}, info)

	_, ok, err = edgewire.Discover(t.Context(), nil, base, nil)
	require.NoError(t, err)
	assert.False(t, ok, "a refused request is not an emulator answer")

	plain := httptest.NewServer(http.NotFoundHandler())
	defer plain.Close()
	_, ok, err = edgewire.Discover(t.Context(), nil, plain.URL, nil)
	require.NoError(t, err)
	assert.False(t, ok)

	plain.Close()
	_, _, err = edgewire.Discover(t.Context(), nil, plain.URL, nil)
	require.Error(t, err)
}
