package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/backends/fastly"
	"github.com/kvchaos/kvchaos/edge"
	"github.com/kvchaos/kvchaos/emulator"
	"github.com/kvchaos/kvchaos/internal/edgewire"
	"github.com/kvchaos/kvchaos/kv"
)

// readRunInfo reads DIR/run.json.
func readRunInfo(t *testing.T, dir string) runInfo {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, runFile))
	require.NoError(t, err)
	var ri runInfo
	require.NoError(t, json.Unmarshal(data, &ri))
	return ri
}

// TestRunWithAWrongTokenExits2: every request is refused, so the run is a
// runtime error naming the first refusal, not a pass; the token is not in
// the message, and `kvchaos report` keeps the verdict.
func TestRunWithAWrongTokenExits2(t *testing.T) {
	const wrong = "PLANTED-wrong-0c41"
	dir := t.TempDir()
	t.Setenv(tokenEnv, "right-token")
	srv := startServe(t, dir, "--dialect", "fastly", "--preset", "linearizable")
	t.Setenv(fastly.TokenEnv, wrong)
	r := kvchaos(t, dir, "run", "--store", "fastly://S?endpoint="+srv.base, "--workload", "register", "--ops", "12", "--out", "w")
	assert.Equal(t, 2, r.code, r.stdout+r.stderr)
	assert.NotContains(t, r.stdout, "verdict: valid")
	assert.Contains(t, r.stdout, "verdict: unknown")
	assert.Contains(t, r.stdout, "error: no operations to judge: all ")
	assert.Regexp(t, `kvchaos: run: no operations to judge: all \d+ operations failed .*; the first error, op \d+ \((get|put) "k\d", client \d\): .*HTTP 401`, r.stderr)
	assert.NotContains(t, r.stdout+r.stderr, wrong)
	ri := readRunInfo(t, filepath.Join(dir, "w"))
	assert.Equal(t, "unknown", ri.Verdict)
	assert.Contains(t, ri.Error, "HTTP 401")

	r = kvchaos(t, dir, "report", filepath.Join(dir, "w"))
	assert.Equal(t, 2, r.code, r.stdout+r.stderr)
	assert.Contains(t, r.stdout, "verdict: unknown")
	assert.Contains(t, r.stderr, "no operations to judge")
	page, err := os.ReadFile(filepath.Join(dir, "w", reportFile))
	require.NoError(t, err)
	assert.Contains(t, string(page), "no operations to judge")
}

// TestRunAgainstAnUnreachableStoreExits2: an endpoint that drops every
// data connection (it answers discovery as a plain server would) gives a
// run with no successful operation: exit 2 naming the first error.
func TestRunAgainstAnUnreachableStoreExits2(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == edgewire.RegionsPath {
			http.NotFound(w, r)
			return
		}
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close()
		}
	}))
	defer ts.Close()
	dir := t.TempDir()
	t.Setenv(fastly.TokenEnv, "t")
	r := kvchaos(t, dir, "run", "--store", "fastly://S?timeout=2s&endpoint="+ts.URL, "--workload", "counter", "--ops", "8", "--out", "u")
	assert.Equal(t, 2, r.code, r.stdout+r.stderr)
	assert.Contains(t, r.stderr, "no operations to judge: all ")
	assert.Regexp(t, `the first error, op \d+ \((get|update) "k\d", client \d\): .*(EOF|connection reset)`, r.stderr)
}

// TestRunWithManyFailuresWarns: an endpoint that fails every other request
// still gets checked, and the summary warns how many operations failed.
func TestRunWithManyFailuresWarns(t *testing.T) {
	t.Parallel()
	mem := kv.NewMemory()
	emu, err := emulator.New(emulator.Config{Dialect: edge.Fastly, Backend: func(string) kv.Backend { return mem }})
	require.NoError(t, err)
	var n atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != edgewire.RegionsPath && n.Add(1)%2 == 0 {
			http.Error(w, `{"msg":"Service Unavailable"}`, http.StatusServiceUnavailable)
			return
		}
		emu.ServeHTTP(w, r)
	}))
	defer ts.Close()
	dir := t.TempDir()
	r := kvchaos(t, dir, "run", "--store", "fastly://S?endpoint="+ts.URL, "--workload", "register", "--ops", "40", "--out", "f")
	assert.Contains(t, []int{0, 1}, r.code, r.stdout+r.stderr)
	assert.Regexp(t, `(?m)^warning: \d+ of \d+ operations \(\d+%\) failed \(\d+\) or have an unknown outcome \(\d+\): the checks judged only the rest; the first error, op \d+ .*HTTP 503`, r.stdout)
	assert.NotEmpty(t, readRunInfo(t, filepath.Join(dir, "f")).Warning)
	assert.True(t, strings.HasPrefix(r.stdout, "run: register"), r.stdout)

	r = kvchaos(t, dir, "run", "--store", "fastly://S?endpoint="+ts.URL, "--workload", "register", "--ops", "40", "--json", "--out", "j")
	var sum struct {
		Run runInfo `json:"run"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &sum), r.stdout)
	assert.Contains(t, sum.Run.Warning, "HTTP 503")
}
