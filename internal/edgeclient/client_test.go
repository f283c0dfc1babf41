package edgeclient_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/edge"
	"github.com/kvchaos/kvchaos/emulator"
	"github.com/kvchaos/kvchaos/internal/edgeclient"
	"github.com/kvchaos/kvchaos/internal/edgewire"
	"github.com/kvchaos/kvchaos/kv"
)

const token = "edge-PLANTED-4411"

func TestDoSendsHeadersAndRedacts(t *testing.T) {
	echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Seen-Region", r.Header.Get(edgewire.RegionHeader))
		w.WriteHeader(http.StatusTeapot)
		fmt.Fprint(w, r.Header.Get("Authorization")+" client="+r.Header.Get(edgewire.ClientHeader))
	}))
	defer echo.Close()
	c := edgeclient.New(edgeclient.Config{Store: "x", AuthHeader: "Authorization", AuthPrefix: "Bearer ", Token: token, HTTP: echo.Client()})
	resp, err := c.WithRegion("eu").WithClient(7).Do(t.Context(), "get", http.MethodGet, "k", echo.URL, nil, nil)
	require.NoError(t, err)
	assert.Equal(t, http.StatusTeapot, resp.Status)
	assert.Equal(t, "eu", resp.Header.Get("X-Seen-Region"))
	assert.Equal(t, "Bearer "+token+" client=7", string(resp.Body))
	assert.Equal(t, "Bearer xxxxx client=7", c.Redact(string(resp.Body)))

	echo.Close()
	_, err = c.Do(t.Context(), "get", http.MethodGet, "k", echo.URL, nil, nil)
	require.ErrorIs(t, err, kv.ErrUnavailable)
	assert.NotContains(t, err.Error(), token)
}

func TestStoreAndParams(t *testing.T) {
	srv, err := emulator.New(emulator.Config{Dialect: edge.Fastly, Regions: []string{"a", "b"}, Token: token,
		Backend: func(string) kv.Backend { return kv.NewMemory() }})
	require.NoError(t, err)
	ts := httptest.NewServer(srv)
	defer ts.Close()
	c := edgeclient.New(edgeclient.Config{Store: "fastly", AuthHeader: "Fastly-Key", Token: token, HTTP: ts.Client()})
	mem := kv.NewMemory()
	s, err := c.Store(t.Context(), "fastly", ts.URL, "b", mem, func(string) kv.Backend { return mem })
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "b"}, s.Regions)
	_, err = c.Store(t.Context(), "fastly", ts.URL, "z", mem, nil)
	require.ErrorContains(t, err, `region "z"`)
	s, err = c.Store(t.Context(), "fastly", "", "", mem, nil)
	require.NoError(t, err)
	assert.Nil(t, s.Regions)

	require.ErrorContains(t, edgeclient.CheckParams("fastly", map[string][]string{"bogus": {"1"}}, "endpoint"), `unknown parameter "bogus"`)
	d, err := edgeclient.Timeout("fastly", "")
	require.NoError(t, err)
	assert.Equal(t, "30s", d.String())
	_, err = edgeclient.Timeout("fastly", "0s")
	require.ErrorContains(t, err, "not a positive duration")
}

func TestStoreQuiescesAnEmulatorThatCan(t *testing.T) {
	calls := 0
	srv, err := emulator.New(emulator.Config{Dialect: edge.Fastly, Regions: []string{"a", "b"}, Token: token,
		Backend: func(string) kv.Backend { return kv.NewMemory() }, Quiesce: func() error { calls++; return nil }})
	require.NoError(t, err)
	ts := httptest.NewServer(srv)
	defer ts.Close()
	c := edgeclient.New(edgeclient.Config{Store: "fastly", AuthHeader: "Fastly-Key", Token: token, HTTP: ts.Client()})
	mem := kv.NewMemory()
	s, err := c.Store(t.Context(), "fastly", ts.URL, "", mem, func(string) kv.Backend { return mem })
	require.NoError(t, err)
	require.NotNil(t, s.Quiescer)
	require.NoError(t, s.Quiescer.Quiesce())
	assert.Equal(t, 1, calls)

	ts.Close()
	err = s.Quiescer.Quiesce()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "fastly: endpoint http://127.0.0.1")
	assert.NotContains(t, err.Error(), token)

	plain, err := emulator.New(emulator.Config{Dialect: edge.Fastly, Backend: func(string) kv.Backend { return mem }})
	require.NoError(t, err)
	ts = httptest.NewServer(plain)
	defer ts.Close()
	s, err = c.Store(t.Context(), "fastly", ts.URL, "", mem, func(string) kv.Backend { return mem })
	require.NoError(t, err)
	assert.Nil(t, s.Quiescer, "an emulator without Config.Quiesce offers none")
}

func TestKindForAndBodyText(t *testing.T) {
	for status, want := range map[int]error{
		404: kv.ErrNotFound, 412: kv.ErrConflict, 413: kv.ErrValueTooLarge, 429: kv.ErrRateLimited,
		400: kv.ErrInvalidArgument, 501: kv.ErrUnsupported, 500: kv.ErrUnavailable, 503: kv.ErrUnavailable,
	} {
		assert.Equal(t, want, edgeclient.KindFor(status), "status %d", status)
	}
	for _, status := range []int{200, 401, 403, 409} {
		assert.NoError(t, edgeclient.KindFor(status), "status %d", status)
	}
	hide := func(s string) string { return strings.ReplaceAll(s, token, "xxxxx") }
	assert.Equal(t, "bad xxxxx", edgeclient.BodyText([]byte("  bad "+token+"\n"), hide))
	assert.Len(t, edgeclient.BodyText([]byte(strings.Repeat("a", 500)), hide), 200)
}

func TestFailParsesEachDialectsErrorBody(t *testing.T) {
	cf := edgeclient.New(edgeclient.Config{Store: "cloudflare", Dialect: edge.Cloudflare, Token: token})
	fs := edgeclient.New(edgeclient.Config{Store: "fastly", Dialect: edge.Fastly, Token: token})
	envelope := func(code int, msg string) []byte {
		return []byte(fmt.Sprintf(`{"success":false,"errors":[{"code":%d,"message":%q}]}`, code, msg))
	}
	cases := []struct {
		c    *edgeclient.Client
		resp edgeclient.Response
		kind error
		want edge.APIError
		text string
	}{
		{cf, edgeclient.Response{Status: 400, Body: envelope(10019, "bad key "+token)}, kv.ErrInvalidKey,
			edge.APIError{Dialect: edge.Cloudflare, Op: "PUT", Key: "k", Status: 400, Code: 10019, Message: "bad key xxxxx"},
			`cloudflare: PUT "k": HTTP 400 (code 10019): bad key xxxxx`},
		{cf, edgeclient.Response{Status: 400, Body: envelope(10033, "ttl")}, kv.ErrInvalidTTL,
			edge.APIError{Dialect: edge.Cloudflare, Op: "PUT", Key: "k", Status: 400, Code: 10033, Message: "ttl"}, "(code 10033): ttl"},
		{cf, edgeclient.Response{Status: 409, Body: []byte("plain text")}, nil,
			edge.APIError{Dialect: edge.Cloudflare, Op: "PUT", Key: "k", Status: 409, Message: "plain text"}, "HTTP 409: plain text"},
		{fs, edgeclient.Response{Status: 409, Body: []byte(`{"msg":"Conflict","detail":"generation"}`)}, kv.ErrConflict,
			edge.APIError{Dialect: edge.Fastly, Op: "PUT", Key: "k", Status: 409, Message: "Conflict", Detail: "generation"},
			`fastly: PUT "k": HTTP 409: Conflict: generation`},
		{fs, edgeclient.Response{Status: 400, Body: []byte(`{"msg":"Bad Request"}`)}, kv.ErrInvalidArgument,
			edge.APIError{Dialect: edge.Fastly, Op: "PUT", Key: "k", Status: 400, Message: "Bad Request"}, "HTTP 400: Bad Request"},
		{fs, edgeclient.Response{Status: 403}, nil,
			edge.APIError{Dialect: edge.Fastly, Op: "PUT", Key: "k", Status: 403}, `fastly: PUT "k": HTTP 403`},
	}
	for _, c := range cases {
		err := c.c.Fail("put", http.MethodPut, "k", c.resp)
		var api *edge.APIError
		require.ErrorAs(t, err, &api)
		assert.Equal(t, c.want, *api)
		assert.Contains(t, api.Error(), c.text)
		if c.kind != nil {
			assert.ErrorIs(t, err, c.kind)
		}
		for _, k := range []error{kv.ErrNotFound, kv.ErrConflict, kv.ErrInvalidKey, kv.ErrInvalidTTL, kv.ErrInvalidArgument, kv.ErrUnavailable} {
			if k != c.kind {
				assert.NotErrorIs(t, err, k, "status %d", c.resp.Status)
			}
		}
		assert.NotContains(t, err.Error(), token)
	}
}
