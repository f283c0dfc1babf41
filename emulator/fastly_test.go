package emulator_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/edge"
	"github.com/kvchaos/kvchaos/emulator"
	"github.com/kvchaos/kvchaos/kv"
)

// fastlyErr is Fastly's error body.
type fastlyErr struct {
	Msg    string `json:"msg"`
	Detail string `json:"detail"`
}

func requireFastlyError(t *testing.T, a answer, status int) fastlyErr {
	t.Helper()
	require.Equal(t, status, a.status, "body %s", a.body)
	var e fastlyErr
	require.NoError(t, json.Unmarshal([]byte(a.body), &e), "body %q", a.body)
	require.Equal(t, http.StatusText(status), e.Msg)
	return e
}

func TestFastlyGenerations(t *testing.T) {
	base, _ := serve(t, emulator.Config{Dialect: edge.Fastly, Token: token})
	a := call(t, http.MethodPut, base+fsBase+"/keys/k?add=true", "one", fastlyKey...)
	require.Equal(t, http.StatusOK, a.status, a.body)
	g1 := a.header.Get("generation")
	require.NotEmpty(t, g1)

	a = call(t, http.MethodGet, base+fsBase+"/keys/k", "", fastlyKey...)
	require.Equal(t, http.StatusOK, a.status)
	assert.Equal(t, "one", a.body)
	assert.Equal(t, g1, a.header.Get("generation"))

	requireFastlyError(t, call(t, http.MethodPut, base+fsBase+"/keys/k?add=true", "again", fastlyKey...), http.StatusPreconditionFailed)
	a = call(t, http.MethodPut, base+fsBase+"/keys/k", "two", with(fastlyKey, "if-generation-match", g1)...)
	require.Equal(t, http.StatusOK, a.status, a.body)
	g2 := a.header.Get("generation")
	assert.NotEqual(t, g1, g2)
	requireFastlyError(t, call(t, http.MethodPut, base+fsBase+"/keys/k", "stale", with(fastlyKey, "if-generation-match", g1)...), http.StatusPreconditionFailed)
	requireFastlyError(t, call(t, http.MethodPut, base+fsBase+"/keys/k", "zero", with(fastlyKey, "if-generation-match", "0")...), http.StatusPreconditionFailed)

	a = call(t, http.MethodPut, base+fsBase+"/keys/k", "three", fastlyKey...)
	require.Equal(t, http.StatusOK, a.status)
	assert.Equal(t, "three", call(t, http.MethodGet, base+fsBase+"/keys/k", "", fastlyKey...).body)

	require.Equal(t, http.StatusNoContent, call(t, http.MethodDelete, base+fsBase+"/keys/k", "", fastlyKey...).status)
	requireFastlyError(t, call(t, http.MethodGet, base+fsBase+"/keys/k", "", fastlyKey...), http.StatusNotFound)
	requireFastlyError(t, call(t, http.MethodDelete, base+fsBase+"/keys/k", "", with(fastlyKey, "if-generation-match", g2)...), http.StatusNotImplemented)
	requireFastlyError(t, call(t, http.MethodPut, base+fsBase+"/keys/k?append=true", "x", fastlyKey...), http.StatusNotImplemented)
}

func TestFastlyKeysAndTTL(t *testing.T) {
	base, _ := serve(t, emulator.Config{Dialect: edge.Fastly})
	long := make([]byte, 1024)
	for i := range long {
		long[i] = 'k'
	}
	require.Equal(t, http.StatusOK, call(t, http.MethodPut, base+fsBase+"/keys/"+string(long), "v").status, "Fastly keys may be 1024 bytes")
	e := requireFastlyError(t, call(t, http.MethodPut, base+fsBase+"/keys/"+string(long)+"k", "v"), http.StatusBadRequest)
	assert.Contains(t, e.Detail, "1024-byte limit")
	requireFastlyError(t, call(t, http.MethodPut, base+fsBase+"/keys/a%5Eb", "v"), http.StatusBadRequest)
	requireFastlyError(t, call(t, http.MethodPut, base+fsBase+"/keys/.well-known%2Facme-challenge%2Fx", "v"), http.StatusBadRequest)
	requireFastlyError(t, call(t, http.MethodPut, base+fsBase+"/keys/t", "v", "time_to_live_sec", "10"), http.StatusBadRequest)
	require.Equal(t, http.StatusOK, call(t, http.MethodPut, base+fsBase+"/keys/t", "v", "time_to_live_sec", "60").status)
}

// listing is a Fastly listing as a client decodes it.
type listing struct {
	Data []string `json:"data"`
	Meta struct {
		Limit      int    `json:"limit"`
		NextCursor string `json:"next_cursor"`
	} `json:"meta"`
}

func TestFastlyList(t *testing.T) {
	base, _ := serve(t, emulator.Config{Dialect: edge.Fastly})
	for _, k := range []string{"a/1", "a/2", "a/3", "b/1"} {
		require.Equal(t, http.StatusOK, call(t, http.MethodPut, base+fsBase+"/keys/"+url.PathEscape(k), "v").status)
	}
	var got []string
	cursor := ""
	for pages := 0; pages < 5; pages++ {
		a := call(t, http.MethodGet, base+fsBase+"/keys?prefix=a/&limit=2&consistency=eventual&cursor="+cursor, "")
		require.Equal(t, http.StatusOK, a.status, a.body)
		var l listing
		require.NoError(t, json.Unmarshal([]byte(a.body), &l))
		assert.Equal(t, 2, l.Meta.Limit)
		got = append(got, l.Data...)
		if cursor = l.Meta.NextCursor; cursor == "" {
			break
		}
	}
	assert.Equal(t, []string{"a/1", "a/2", "a/3"}, got)

	a := call(t, http.MethodGet, base+fsBase+"/keys?prefix=zzz", "")
	require.Equal(t, http.StatusOK, a.status)
	assert.JSONEq(t, `{"data":[],"meta":{"limit":100,"prefix":"zzz"}}`, a.body)
	requireFastlyError(t, call(t, http.MethodGet, base+fsBase+"/keys?consistency=sometimes", ""), http.StatusBadRequest)
	requireFastlyError(t, call(t, http.MethodGet, base+fsBase+"/keys?limit=0", ""), http.StatusBadRequest)
}

func TestFastlyAuth(t *testing.T) {
	base, _ := serve(t, emulator.Config{Dialect: edge.Fastly, Token: token})
	requireFastlyError(t, call(t, http.MethodGet, base+fsBase+"/keys/k", ""), http.StatusUnauthorized)
	a := call(t, http.MethodGet, base+fsBase+"/keys/k", "", "Fastly-Key", "wrong")
	requireFastlyError(t, a, http.StatusUnauthorized)
	assert.NotContains(t, a.body, token)
	requireFastlyError(t, call(t, http.MethodGet, base+"/resources/other", "", fastlyKey...), http.StatusNotFound)
}

// strongMemory is a Memory whose strong listings answer only "strong", so
// a test sees which listing served a request.
type strongMemory struct{ kv.Backend }

func (strongMemory) ListStrong(context.Context, string, string, int) (kv.Page, error) {
	return kv.Page{Keys: []string{"strong"}}, nil
}

func TestFastlyConsistency(t *testing.T) {
	mem := strongMemory{kv.NewMemory()}
	require.NoError(t, mem.Put(t.Context(), "replica", nil, kv.PutOptions{}))
	base, _ := serve(t, emulator.Config{Dialect: edge.Fastly, Backend: func(string) kv.Backend { return mem }})
	for q, want := range map[string][]string{"": {"strong"}, "?consistency=strong": {"strong"}, "?consistency=eventual": {"replica"}} {
		var l listing
		require.NoError(t, json.Unmarshal([]byte(call(t, http.MethodGet, base+fsBase+"/keys"+q, "").body), &l))
		assert.Equal(t, want, l.Data, "query %q", q)
	}
}

func TestValueLimit(t *testing.T) {
	t.Parallel()
	base, _ := serve(t, emulator.Config{Dialect: edge.Fastly})
	big := strings.Repeat("v", 25<<20)
	require.Equal(t, http.StatusOK, call(t, http.MethodPut, base+fsBase+"/keys/big", big).status)
	requireFastlyError(t, call(t, http.MethodPut, base+fsBase+"/keys/big", big+"v"), http.StatusRequestEntityTooLarge)
}
