package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/backends/cloudflare"
	"github.com/kvchaos/kvchaos/backends/fastly"
	"github.com/kvchaos/kvchaos/history"
)

// TestTokensNeverWritten plants API tokens in the environment of serve,
// run, check and report and greps every file they wrote and everything
// they printed for them: the right token (the runs must succeed with it,
// so it was really used), a wrong one (the runs' failures are recorded as
// errors) and one smuggled into the endpoint URL.
func TestTokensNeverWritten(t *testing.T) {
	const good, wrong, smuggled = "PLANTED-good-9f1c27", "PLANTED-wrong-44ab0e", "PLANTED-url-d81e55"
	dir := t.TempDir()
	t.Setenv(tokenEnv, good)
	t.Setenv(fastly.TokenEnv, good)
	t.Setenv(cloudflare.TokenEnv, good)
	var printed []string
	collect := func(r result) result { printed = append(printed, r.stdout, r.stderr); return r }

	fsrv := startServe(t, dir, "--dialect", "fastly", "--preset", "linearizable", "--record", "fastly-served.jsonl")
	csrv := startServe(t, dir, "--dialect", "cloudflare", "--record", "cloudflare-served.jsonl")
	fstore, cstore := "fastly://S?endpoint="+fsrv.base, "cloudflare://A/N?endpoint="+csrv.base

	r := collect(kvchaos(t, dir, "run", "--store", fstore, "--workload", "counter", "--ops", "40", "--out", "f"))
	require.Equal(t, 1, r.code, r.stdout+r.stderr)
	assert.Contains(t, r.stdout, "0 errors", "the planted token must have been accepted")
	r = collect(kvchaos(t, dir, "run", "--store", cstore, "--workload", "register", "--ops", "40", "--out", "c"))
	require.Contains(t, []int{0, 1}, r.code, r.stdout+r.stderr)
	assert.Contains(t, r.stdout, "0 errors")

	// A wrong token: every operation is refused (Fastly 401, Cloudflare
	// 403), recorded with its error text.
	t.Setenv(fastly.TokenEnv, wrong)
	t.Setenv(cloudflare.TokenEnv, wrong)
	collect(kvchaos(t, dir, "run", "--store", fstore, "--workload", "register", "--ops", "8", "--out", "fw"))
	collect(kvchaos(t, dir, "run", "--store", cstore, "--workload", "register", "--ops", "8", "--out", "cw"))
	for _, sub := range []string{"fw", "cw"} {
		h := loadHistory(t, filepath.Join(dir, sub, historyFile))
		require.NotEmpty(t, h.Ops)
		for _, op := range h.Ops {
			require.NotEqual(t, history.OutcomeOK, op.Outcome, "%s: op %d with a wrong token", sub, op.ID)
			require.Contains(t, op.Error, "Authentication error", "%s: op %d", sub, op.ID)
		}
	}
	// A token in the endpoint URL is refused before anything is written.
	r = collect(kvchaos(t, dir, "run", "--store", "fastly://S?endpoint=http://u:"+smuggled+"@"+strings.TrimPrefix(fsrv.base, "http://"), "--out", "fu"))
	assert.Equal(t, 2, r.code, r.stdout+r.stderr)
	assert.Contains(t, r.stderr, "carries credentials")

	for _, sub := range []string{"f", "c", "fw", "cw"} {
		collect(kvchaos(t, dir, "check", filepath.Join(dir, sub, historyFile)))
		collect(kvchaos(t, dir, "report", filepath.Join(dir, sub)))
	}
	fout, ferr := fsrv.stop(t)
	cout, cerr := csrv.stop(t)
	printed = append(printed, fout, ferr, cout, cerr)
	collect(kvchaos(t, dir, "check", filepath.Join(dir, "fastly-served.jsonl")))
	collect(kvchaos(t, dir, "check", filepath.Join(dir, "cloudflare-served.jsonl")))

	files := requireNoLeak(t, dir, printed, good, wrong, smuggled)
	for _, name := range []string{"history.jsonl", "run.json", "report.html"} {
		for _, sub := range []string{"f", "c", "fw", "cw"} {
			assert.Contains(t, files, filepath.Join(dir, sub, name))
		}
	}
	assert.Contains(t, files, filepath.Join(dir, "fastly-served.jsonl"))
	assert.Contains(t, files, filepath.Join(dir, "cloudflare-served.jsonl"))
}

// requireNoLeak asserts that no file under dir and no output in printed
// contains any of secrets, and returns the files it read.
func requireNoLeak(t *testing.T, dir string, printed []string, secrets ...string) []string {
	t.Helper()
	var files []string
	require.NoError(t, filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files = append(files, path)
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, s := range secrets {
			assert.NotContains(t, string(data), s, "%s leaks a secret", path)
		}
		return nil
	}))
	for i, out := range printed {
		for _, s := range secrets {
			assert.NotContains(t, out, s, "output %d leaks a secret", i)
		}
	}
	return files
}
