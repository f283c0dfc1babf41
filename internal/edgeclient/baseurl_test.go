package edgeclient_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/internal/edgeclient"
)

func TestBaseURL(t *testing.T) {
	got, err := edgeclient.BaseURL("fastly", "", "https://api.fastly.com/")
	require.NoError(t, err)
	assert.Equal(t, "https://api.fastly.com", got)
	got, err = edgeclient.BaseURL("fastly", "http://127.0.0.1:8787/", "https://api.fastly.com")
	require.NoError(t, err)
	assert.Equal(t, "http://127.0.0.1:8787", got)

	_, err = edgeclient.BaseURL("fastly", "ftp://host", "https://api.fastly.com")
	require.ErrorContains(t, err, "not an http(s) URL")

	// A credential in the endpoint is refused, and the error hides it.
	_, err = edgeclient.BaseURL("cloudflare", "http://me:s3cret-PLANT@127.0.0.1:8787", "https://x")
	require.ErrorContains(t, err, "carries credentials")
	assert.NotContains(t, err.Error(), "s3cret-PLANT")
	_, err = edgeclient.BaseURL("cloudflare", "http://s3cret-PLANT@127.0.0.1:8787", "https://x")
	require.ErrorContains(t, err, "carries credentials")
	assert.NotContains(t, err.Error(), "s3cret-PLANT")
}

func TestBaseURLUnparseableHidesCredentials(t *testing.T) {
	_, err := edgeclient.BaseURL("fastly", "http://me:s3cret-PLANT@127.0.0.1:%zz", "https://x")
	require.ErrorContains(t, err, "Config.Endpoint")
	assert.NotContains(t, err.Error(), "s3cret-PLANT")
}
