package emulator_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/edge"
	"github.com/kvchaos/kvchaos/emulator"
)

func TestCloudflareValues(t *testing.T) {
	base, _ := serve(t, emulator.Config{Dialect: edge.Cloudflare, Token: token})
	key := url.PathEscape("dir/a b%")

	a := call(t, http.MethodPut, base+cfBase+"/values/"+key, "hello", bearer...)
	require.Equal(t, http.StatusOK, a.status, a.body)
	env := decodeCF(t, a)
	assert.True(t, env.Success)
	assert.Empty(t, env.Errors)

	a = call(t, http.MethodGet, base+cfBase+"/values/"+key, "", bearer...)
	require.Equal(t, http.StatusOK, a.status)
	assert.Equal(t, "hello", a.body)

	// The same namespace without the /client/v4 prefix.
	a = call(t, http.MethodGet, base+"/accounts/acct/storage/kv/namespaces/ns/values/"+key, "", bearer...)
	assert.Equal(t, "hello", a.body)

	a = call(t, http.MethodDelete, base+cfBase+"/values/"+key, "", bearer...)
	require.Equal(t, http.StatusOK, a.status)
	assert.True(t, decodeCF(t, a).Success)
	cfError(t, call(t, http.MethodGet, base+cfBase+"/values/"+key, "", bearer...), http.StatusNotFound, 10009)

	// Deleting an absent key succeeds, as on the service.
	a = call(t, http.MethodDelete, base+cfBase+"/values/"+key, "", bearer...)
	assert.Equal(t, http.StatusOK, a.status)
}

func TestCloudflareMultipartAndTTL(t *testing.T) {
	base, mems := serve(t, emulator.Config{Dialect: edge.Cloudflare})
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	require.NoError(t, mw.WriteField("metadata", `{"owner":"x"}`))
	require.NoError(t, mw.WriteField("value", "from-multipart"))
	require.NoError(t, mw.Close())

	a := call(t, http.MethodPut, base+cfBase+"/values/m?expiration_ttl=120", body.String(), "Content-Type", mw.FormDataContentType())
	require.Equal(t, http.StatusOK, a.status, a.body)
	it, err := mems["default"].Get(t.Context(), "m")
	require.NoError(t, err)
	assert.Equal(t, "from-multipart", string(it.Value))

	cfError(t, call(t, http.MethodPut, base+cfBase+"/values/m?expiration_ttl=30", "v"), http.StatusBadRequest, 10033)
	cfError(t, call(t, http.MethodPut, base+cfBase+"/values/m?expiration_ttl=soon", "v"), http.StatusBadRequest, 10033)
	cfError(t, call(t, http.MethodPut, base+cfBase+"/values/..", "v"), http.StatusBadRequest, 10019)
	long := make([]byte, 513)
	for i := range long {
		long[i] = 'k'
	}
	cfError(t, call(t, http.MethodPut, base+cfBase+"/values/"+string(long), "v"), http.StatusBadRequest, 10019)
}

func TestCloudflareList(t *testing.T) {
	base, _ := serve(t, emulator.Config{Dialect: edge.Cloudflare})
	for _, k := range []string{"p/01", "p/02", "p/03", "p/04", "p/05", "p/06", "p/07", "p/08", "p/09", "p/10", "p/11", "q/1"} {
		require.Equal(t, http.StatusOK, call(t, http.MethodPut, base+cfBase+"/values/"+url.PathEscape(k), "v").status)
	}
	var got []string
	cursor := ""
	for pages := 0; pages < 5; pages++ {
		a := call(t, http.MethodGet, base+cfBase+"/keys?prefix=p/&limit=10&cursor="+url.QueryEscape(cursor), "")
		require.Equal(t, http.StatusOK, a.status, a.body)
		env := decodeCF(t, a)
		var keys []struct{ Name string }
		require.NoError(t, json.Unmarshal(env.Result, &keys))
		assert.Equal(t, len(keys), env.ResultInfo.Count)
		for _, k := range keys {
			got = append(got, k.Name)
		}
		cursor = env.ResultInfo.Cursor
		if cursor == "" {
			break
		}
	}
	assert.Equal(t, []string{"p/01", "p/02", "p/03", "p/04", "p/05", "p/06", "p/07", "p/08", "p/09", "p/10", "p/11"}, got)

	cfError(t, call(t, http.MethodGet, base+cfBase+"/keys?limit=5", ""), http.StatusBadRequest, 10026)
	cfError(t, call(t, http.MethodGet, base+cfBase+"/keys?limit=1001", ""), http.StatusBadRequest, 10026)
	a := call(t, http.MethodGet, base+cfBase+"/keys?prefix=none/", "")
	require.Equal(t, http.StatusOK, a.status)
	assert.JSONEq(t, `[]`, string(decodeCF(t, a).Result), "an empty listing is [], not null")
}

func TestCloudflareBulk(t *testing.T) {
	base, mems := serve(t, emulator.Config{Dialect: edge.Cloudflare})
	a := call(t, http.MethodPut, base+cfBase+"/bulk",
		`[{"key":"a","value":"1"},{"key":"b","value":"Mg==","base64":true},{"key":"c","value":"3","expiration_ttl":5},{"key":"..","value":"x"}]`)
	require.Equal(t, http.StatusOK, a.status, a.body)
	assert.JSONEq(t, `{"successful_key_count":2,"unsuccessful_keys":["c",".."]}`, string(decodeCF(t, a).Result))
	it, err := mems["default"].Get(t.Context(), "b")
	require.NoError(t, err)
	assert.Equal(t, "2", string(it.Value))

	a = call(t, http.MethodPost, base+cfBase+"/bulk/delete", `["a","b","never"]`)
	require.Equal(t, http.StatusOK, a.status, a.body)
	assert.JSONEq(t, `{"successful_key_count":3,"unsuccessful_keys":[]}`, string(decodeCF(t, a).Result))
	page, err := mems["default"].List(t.Context(), "", "", 10)
	require.NoError(t, err)
	assert.Empty(t, page.Keys)

	cfError(t, call(t, http.MethodPut, base+cfBase+"/bulk", `{"not":"an array"}`), http.StatusBadRequest, 10001)
}

func TestCloudflareAuthAndRoutes(t *testing.T) {
	base, _ := serve(t, emulator.Config{Dialect: edge.Cloudflare, Token: token})
	cfError(t, call(t, http.MethodGet, base+cfBase+"/values/k", ""), http.StatusUnauthorized, 10000)
	a := call(t, http.MethodGet, base+cfBase+"/values/k", "", "Authorization", "Bearer wrong")
	cfError(t, a, http.StatusForbidden, 10000)
	assert.NotContains(t, a.body, token)
	cfError(t, call(t, http.MethodGet, base+"/accounts/a/other", "", bearer...), http.StatusNotFound, 7003)
	cfError(t, call(t, http.MethodPost, base+cfBase+"/values/k", "", bearer...), http.StatusMethodNotAllowed, 7003)
}
