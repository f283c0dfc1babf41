package emulator_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/edge"
	"github.com/kvchaos/kvchaos/emulator"
)

func TestCloudflareMetadataEndpoint(t *testing.T) {
	base, _ := serve(t, emulator.Config{Dialect: edge.Cloudflare})
	cfError(t, call(t, http.MethodGet, base+cfBase+"/metadata/k", ""), http.StatusNotFound, 10009)
	require.Equal(t, http.StatusOK, call(t, http.MethodPut, base+cfBase+"/values/k", "v").status)
	a := call(t, http.MethodGet, base+cfBase+"/metadata/k", "")
	require.Equal(t, http.StatusOK, a.status, a.body)
	assert.JSONEq(t, `{"success":true,"errors":[],"messages":[],"result":null}`, a.body,
		"metadata is dropped on write, so every key has none")
}

func TestCloudflareRateLimitSpeaksCloudflare(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	base, _ := serve(t, emulator.Config{Dialect: edge.Cloudflare, MinWriteInterval: time.Second, Now: func() time.Time { return now }})
	require.Equal(t, http.StatusOK, call(t, http.MethodPut, base+cfBase+"/values/k", "1").status)
	a := call(t, http.MethodPut, base+cfBase+"/values/k", "2")
	assert.Equal(t, http.StatusTooManyRequests, a.status)
	assert.JSONEq(t, `{"success":false,"errors":[{"code":10048,"message":"KV PUT failed: 429 Too Many Requests"}],"messages":[],"result":null}`, a.body)
}
