package main

import (
	"bufio"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestServeSpeaksFastlyAndRecords(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cmd := exec.Command(bin, "serve", "--dialect", "fastly", "--listen", "127.0.0.1:0", "--record", "rec.jsonl")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), tokenEnv+"=s3cret")
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	defer func() { _ = cmd.Process.Kill() }()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	require.NoError(t, err)
	base := regexp.MustCompile(`http://127\.0\.0\.1:\d+`).FindString(line)
	require.NotEmpty(t, base, line)
	assert.NotContains(t, line, "s3cret")

	do := func(method, path, body string) (int, string) {
		req, err := http.NewRequest(method, base+path, strings.NewReader(body))
		require.NoError(t, err)
		req.Header.Set("Fastly-Key", "s3cret")
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		data, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(data)
	}
	code, _ := do(http.MethodPut, "/resources/stores/kv/s/keys/greeting", "hello")
	assert.Equal(t, 200, code)
	code, body := do(http.MethodGet, "/resources/stores/kv/s/keys/greeting", "")
	assert.Equal(t, 200, code)
	assert.Equal(t, "hello", body)

	require.NoError(t, cmd.Process.Signal(os.Interrupt))
	require.NoError(t, cmd.Wait())
	r := kvchaos(t, dir, "check", filepath.Join(dir, "rec.jsonl"))
	assert.Equal(t, 0, r.code, r.stdout+r.stderr)
	assert.Contains(t, r.stdout, "2 ops")
}

func TestServeWriteIntervalAnswersCloudflares429(t *testing.T) {
	t.Parallel()
	cmd := exec.Command(bin, "serve", "--dialect", "cloudflare", "--listen", "127.0.0.1:0", "--write-interval", "1h")
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	require.NoError(t, err)
	base := regexp.MustCompile(`http://127\.0\.0\.1:\d+`).FindString(line)
	require.NotEmpty(t, base, line)
	do := func(method, path, body string) (int, string) {
		req, err := http.NewRequest(method, base+"/client/v4/accounts/a/storage/kv/namespaces/n"+path, strings.NewReader(body))
		require.NoError(t, err)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		data, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(data)
	}
	code, body := do(http.MethodPut, "/values/k", "1")
	require.Equal(t, 200, code, body)
	code, body = do(http.MethodPut, "/values/k", "2")
	assert.Equal(t, http.StatusTooManyRequests, code)
	assert.JSONEq(t, `{"success":false,"errors":[{"code":10048,"message":"KV PUT failed: 429 Too Many Requests"}],"messages":[],"result":null}`, body)
	code, body = do(http.MethodGet, "/metadata/k", "")
	assert.Equal(t, 200, code, body)
	assert.JSONEq(t, `{"success":true,"errors":[],"messages":[],"result":null}`, body)
}
