package fastly_test

import (
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/backends"
	"github.com/kvchaos/kvchaos/backends/fastly"
	"github.com/kvchaos/kvchaos/edge"
	"github.com/kvchaos/kvchaos/emulator"
	"github.com/kvchaos/kvchaos/internal/adaptertest"
	"github.com/kvchaos/kvchaos/kv"
)

func TestOpenEmulatorRegions(t *testing.T) {
	endpoint, mems := adaptertest.RegionalEmulator(t, emulator.Config{Dialect: edge.Fastly, Token: token, Regions: []string{"eu", "us"}})
	t.Setenv(fastly.TokenEnv, token)

	s, err := backends.Open(t.Context(), "fastly://store1?prefix=run/&consistency=eventual&endpoint="+url.QueryEscape(endpoint))
	require.NoError(t, err)
	assert.Equal(t, []string{"eu", "us"}, s.Regions)
	_, isCAS := s.Region("us").(kv.CAS)
	assert.True(t, isCAS, "the prefixed regional backend keeps CAS")
	require.NoError(t, s.Region("us").Put(t.Context(), "k", []byte("in-us"), kv.PutOptions{}))
	it, err := mems["us"].Get(t.Context(), "run/k")
	require.NoError(t, err)
	assert.Equal(t, "in-us", string(it.Value))
	_, err = mems["eu"].Get(t.Context(), "run/k")
	require.ErrorIs(t, err, kv.ErrNotFound)
	p, err := s.Region("us").List(t.Context(), "", "", 10)
	require.NoError(t, err)
	assert.Equal(t, []string{"k"}, p.Keys)
}

func TestOpenRejectsBadURLs(t *testing.T) {
	t.Setenv(fastly.TokenEnv, "")
	for raw, want := range map[string]string{
		"fastly://store1":                    fastly.TokenEnv + " is not set",
		"fastly:///":                         "want fastly://STORE_ID",
		"fastly://store1/extra":              "want fastly://STORE_ID",
		"fastly://store1?colour=red":         `unknown parameter "colour"`,
		"fastly://store1?consistency=maybe":  `consistency "maybe"`,
		"fastly://store1?timeout=soon":       `timeout "soon"`,
		"fastly://store1?endpoint=ftp://x/y": "Config.Endpoint",
	} {
		_, err := backends.Open(t.Context(), raw)
		require.ErrorContains(t, err, want, raw)
	}
	t.Setenv(fastly.TokenEnv, token)
	_, err := backends.Open(t.Context(), "fastly://store1?region=eu")
	require.ErrorContains(t, err, "needs endpoint=")
	s, err := backends.Open(t.Context(), "fastly://store1")
	require.NoError(t, err)
	assert.Nil(t, s.Regions)
}
