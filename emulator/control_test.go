package emulator_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/edge"
	"github.com/kvchaos/kvchaos/emulator"
	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/internal/edgewire"
	"github.com/kvchaos/kvchaos/kv"
)

func TestQuiesceEndpoint(t *testing.T) {
	rec := history.NewRecorder()
	calls := 0
	base, _ := serve(t, emulator.Config{Dialect: edge.Fastly, Token: token, Recorder: rec,
		Quiesce: func() error { calls++; return nil }})
	a := call(t, http.MethodGet, base+edgewire.RegionsPath, "", fastlyKey...)
	assert.JSONEq(t, `{"dialect":"fastly","regions":["default"],"default":"default","quiesce":true}`, a.body)

	requireFastlyError(t, call(t, http.MethodPost, base+edgewire.QuiescePath, ""), http.StatusUnauthorized)
	assert.Zero(t, calls, "quiesce without the credential")
	a = call(t, http.MethodGet, base+edgewire.QuiescePath, "", fastlyKey...)
	requireFastlyError(t, a, http.StatusMethodNotAllowed)
	assert.Equal(t, http.MethodPost, a.header.Get("Allow"))
	assert.Zero(t, calls)

	a = call(t, http.MethodPost, base+edgewire.QuiescePath, "", fastlyKey...)
	require.Equal(t, http.StatusNoContent, a.status, a.body)
	assert.Equal(t, 1, calls)
	anns := rec.History().Annotations
	require.Len(t, anns, 1, "the quiescence point is recorded")
	assert.Equal(t, history.AnnotationQuiescent, anns[0].Kind)

	require.NoError(t, edgewire.Quiesce(t.Context(), nil, base+"/", http.Header{"Fastly-Key": {token}}))
	assert.Equal(t, 2, calls)
	err := edgewire.Quiesce(t.Context(), nil, base, nil)
	require.ErrorContains(t, err, "401")
	assert.NotErrorIs(t, err, kv.ErrUnsupported)
}

func TestQuiesceEndpointUnsupportedAndFailing(t *testing.T) {
	base, _ := serve(t, emulator.Config{Dialect: edge.Cloudflare})
	assert.JSONEq(t, `{"dialect":"cloudflare","regions":["default"],"default":"default"}`,
		call(t, http.MethodGet, base+edgewire.RegionsPath, "").body, "no quiesce advertised")
	cfError(t, call(t, http.MethodPost, base+"/client/v4"+edgewire.QuiescePath, ""), http.StatusNotImplemented, 10046)
	require.ErrorIs(t, edgewire.Quiesce(t.Context(), nil, base, nil), kv.ErrUnsupported)

	plain := httptest.NewServer(http.NotFoundHandler())
	defer plain.Close()
	require.ErrorIs(t, edgewire.Quiesce(t.Context(), nil, plain.URL, nil), kv.ErrUnsupported, "not an emulator")

	base, _ = serve(t, emulator.Config{Dialect: edge.Cloudflare, Quiesce: func() error { return errors.New("stuck") }})
	a := call(t, http.MethodPost, base+edgewire.QuiescePath, "")
	cfError(t, a, http.StatusInternalServerError, 10002)
	assert.Contains(t, a.body, "stuck")
	err := edgewire.Quiesce(t.Context(), nil, base, nil)
	require.ErrorContains(t, err, "500")

	plain.Close()
	require.Error(t, edgewire.Quiesce(t.Context(), nil, plain.URL, nil), "unreachable")
}
