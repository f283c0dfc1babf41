package edgewire_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/edge"
	"github.com/kvchaos/kvchaos/internal/edgewire"
	"github.com/kvchaos/kvchaos/kv"
)

func TestValidateKeyPerDialect(t *testing.T) {
	long := strings.Repeat("k", 600)
	require.ErrorIs(t, edgewire.ValidateKey(edge.Cloudflare, long), kv.ErrInvalidKey, "Cloudflare keys stop at 512 bytes")
	require.NoError(t, edgewire.ValidateKey(edge.Fastly, long), "Fastly keys may reach 1024 bytes")
	require.NoError(t, edgewire.ValidateKey(edge.Cloudflare, "a#b"))
	err := edgewire.ValidateKey(edge.Fastly, "a#b")
	require.ErrorIs(t, err, kv.ErrInvalidKey)
	assert.Contains(t, err.Error(), `'#'`)
	err = edgewire.ValidateKey(edge.Fastly, ".well-known/acme-challenge/x")
	require.ErrorIs(t, err, kv.ErrInvalidKey)
	assert.Contains(t, err.Error(), "reserved")
	require.ErrorIs(t, edgewire.ValidateKey(edge.Fastly, ".."), kv.ErrInvalidKey)
	assert.Equal(t, 512, edgewire.Limits(edge.Cloudflare).MaxKeyBytes)
	assert.Equal(t, 1024, edgewire.Limits(edge.Fastly).MaxKeyBytes)
}

func TestPaths(t *testing.T) {
	assert.Equal(t, "/accounts/a%2Fb/storage/kv/namespaces/ns", edgewire.CloudflareNamespacePath("a/b", "ns"))
	assert.Equal(t, "/resources/stores/kv/s%20x", edgewire.FastlyStorePath("s x"))
}

// TestDiscoverAndQuiesce runs the client calls against a stand-in that
// speaks only the two emulator endpoints.
func TestDiscoverAndQuiesce(t *testing.T) {
	quiesced := 0
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Fastly-Key") != "tok" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		switch {
		case r.URL.Path == edgewire.RegionsPath && r.Method == http.MethodGet:
			_ = json.NewEncoder(w).Encode(edgewire.Info{Dialect: edge.Fastly, Regions: []string{"eu", "us"}, Default: "eu", Quiesce: true})
		case r.URL.Path == edgewire.QuiescePath && r.Method == http.MethodPost:
			quiesced++
			w.WriteHeader(http.StatusNoContent)
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	defer ts.Close()
	cred := http.Header{"Fastly-Key": {"tok"}}

	info, ok, err := edgewire.Discover(t.Context(), nil, ts.URL+"/", cred)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, edgewire.Info{Dialect: edge.Fastly, Regions: []string{"eu", "us"}, Default: "eu", Quiesce: true}, info)
	require.NoError(t, edgewire.Quiesce(t.Context(), nil, ts.URL, cred))
	assert.Equal(t, 1, quiesced)

	_, ok, err = edgewire.Discover(t.Context(), nil, ts.URL, nil)
	require.NoError(t, err, "a server that answers is not an error")
	assert.False(t, ok, "a 401 is not an emulator")
	err = edgewire.Quiesce(t.Context(), nil, ts.URL+"/nowhere", cred)
	require.ErrorIs(t, err, kv.ErrUnsupported, "a 404 means the server cannot quiesce")
	assert.NotContains(t, err.Error(), "tok")

	ts.Close()
	_, _, err = edgewire.Discover(t.Context(), nil, ts.URL, cred)
	require.Error(t, err, "an unreachable server")
}
