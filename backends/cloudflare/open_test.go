package cloudflare_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/backends"
	"github.com/kvchaos/kvchaos/backends/cloudflare"
	"github.com/kvchaos/kvchaos/edge"
	"github.com/kvchaos/kvchaos/emulator"
	"github.com/kvchaos/kvchaos/internal/adaptertest"
	"github.com/kvchaos/kvchaos/kv"
)

func TestOpenEmulatorRegions(t *testing.T) {
	endpoint, mems := adaptertest.RegionalEmulator(t, emulator.Config{Dialect: edge.Cloudflare, Token: token, Regions: []string{"eu", "us"}})
	t.Setenv(cloudflare.TokenEnv, token)

	s, err := backends.Open(t.Context(), "cloudflare://acct/ns?prefix=&region=us&endpoint="+url.QueryEscape(endpoint+"/client/v4"))
	require.NoError(t, err)
	assert.Equal(t, []string{"eu", "us"}, s.Regions)
	require.NoError(t, s.Backend.Put(t.Context(), "k", []byte("default"), kv.PutOptions{}))
	require.NoError(t, s.Region("eu").Put(t.Context(), "k", []byte("in-eu"), kv.PutOptions{}))
	for region, want := range map[string]string{"us": "default", "eu": "in-eu"} {
		it, err := mems[region].Get(t.Context(), "k")
		require.NoError(t, err)
		assert.Equal(t, want, string(it.Value), region)
	}

	_, err = backends.Open(t.Context(), "cloudflare://acct/ns?region=mars&endpoint="+url.QueryEscape(endpoint))
	require.ErrorContains(t, err, `region "mars" is not one of`)
}

func TestOpenPlainEndpoint(t *testing.T) {
	// An endpoint that is not an emulator: one location, no regions.
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNotFound)
	}))
	defer plain.Close()
	t.Setenv(cloudflare.TokenEnv, token)
	s, err := backends.Open(t.Context(), "cloudflare://acct/ns?endpoint="+url.QueryEscape(plain.URL))
	require.NoError(t, err)
	assert.Nil(t, s.Regions)
	_, err = backends.Open(t.Context(), "cloudflare://acct/ns?region=eu&endpoint="+url.QueryEscape(plain.URL))
	require.ErrorContains(t, err, "is not a kvchaos emulator")

	plain.Close()
	_, err = backends.Open(t.Context(), "cloudflare://acct/ns?endpoint="+url.QueryEscape(plain.URL))
	require.ErrorIs(t, err, kv.ErrUnavailable)
	assert.NotContains(t, err.Error(), token)
}

func TestOpenRejectsBadURLs(t *testing.T) {
	t.Setenv(cloudflare.TokenEnv, "")
	for raw, want := range map[string]string{
		"cloudflare://acct/ns":                    cloudflare.TokenEnv + " is not set",
		"cloudflare://acct":                       "want cloudflare://ACCOUNT_ID/NAMESPACE_ID",
		"cloudflare://acct/ns/extra?endpoint=x":   "want cloudflare://ACCOUNT_ID/NAMESPACE_ID",
		"cloudflare://acct/ns?colour=red":         `unknown parameter "colour"`,
		"cloudflare://acct/ns?timeout=-1s":        `timeout "-1s"`,
		"cloudflare://acct/ns?endpoint=ftp://x/y": "Config.Endpoint",
	} {
		_, err := backends.Open(t.Context(), raw)
		require.ErrorContains(t, err, want, raw)
	}
	t.Setenv(cloudflare.TokenEnv, token)
	_, err := backends.Open(t.Context(), "cloudflare://acct/ns?region=eu")
	require.ErrorContains(t, err, "needs endpoint=")
	s, err := backends.Open(t.Context(), "cloudflare://acct/ns")
	require.NoError(t, err, "the real API needs no network call to open")
	assert.Nil(t, s.Regions)
}
