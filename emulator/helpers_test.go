package emulator_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/emulator"
	"github.com/kvchaos/kvchaos/kv"
)

// token is the credential the test servers require.
const token = "tok-SECRET-3f9a"

// cfBase is the Cloudflare namespace path, with the real API's prefix.
const cfBase = "/client/v4/accounts/acct/storage/kv/namespaces/ns"

// fsBase is the Fastly store path.
const fsBase = "/resources/stores/kv/store1"

// serve starts an emulator over one Memory per region and returns its URL
// and the Memories by region.
func serve(t *testing.T, cfg emulator.Config) (string, map[string]kv.Backend) {
	t.Helper()
	mems := map[string]kv.Backend{}
	if cfg.Backend == nil {
		cfg.Backend = func(region string) kv.Backend {
			mems[region] = kv.NewMemory()
			return mems[region]
		}
	}
	srv, err := emulator.New(cfg)
	require.NoError(t, err)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts.URL, mems
}

// answer is a response reduced to what the tests look at.
type answer struct {
	status int
	header http.Header
	body   string
}

// call sends one request; hdr alternates names and values.
func call(t *testing.T, method, rawURL, body string, hdr ...string) answer {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, rawURL, rd)
	require.NoError(t, err)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return answer{status: resp.StatusCode, header: resp.Header, body: string(b)}
}

// cfEnvelope is Cloudflare's envelope as a client decodes it.
type cfEnvelope struct {
	Success bool `json:"success"`
	Errors  []struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"errors"`
	Messages   []any           `json:"messages"`
	Result     json.RawMessage `json:"result"`
	ResultInfo struct {
		Count  int    `json:"count"`
		Cursor string `json:"cursor"`
	} `json:"result_info"`
}

func decodeCF(t *testing.T, a answer) cfEnvelope {
	t.Helper()
	var env cfEnvelope
	require.NoError(t, json.Unmarshal([]byte(a.body), &env), "body %q", a.body)
	return env
}

// cfError asserts a Cloudflare error answer with status and code.
func cfError(t *testing.T, a answer, status, code int) {
	t.Helper()
	require.Equal(t, status, a.status, "body %s", a.body)
	env := decodeCF(t, a)
	require.False(t, env.Success)
	require.Len(t, env.Errors, 1)
	require.Equal(t, code, env.Errors[0].Code, "message %q", env.Errors[0].Message)
	require.NotNil(t, env.Messages, "messages must be an array, not null")
}

// bearer is the Cloudflare credential header pair.
var bearer = []string{"Authorization", "Bearer " + token}

// fastlyKey is the Fastly credential header pair.
var fastlyKey = []string{"Fastly-Key", token}

func with(pairs []string, more ...string) []string {
	return append(append([]string{}, pairs...), more...)
}
