package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/internal/jsonfile"
)

// TestCheckRefusesCraftedHistories feeds check the files that once crashed
// it or ran away with memory: EDN nested millions deep, and a JSONL line
// longer than the limit. Each is exit 2 naming the file and the line, in a
// short message that does not echo the value.
func TestCheckRefusesCraftedHistories(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
		return p
	}
	deep := write("deep.edn", "{:process 0, :type :invoke, :f :read, :value nil}\n"+
		"{:process 0, :type :ok, :f :read, :value "+strings.Repeat("[", 2_000_000)+strings.Repeat("]", 2_000_000)+"}\n")
	r := kvchaos(t, dir, "check", deep)
	assert.Equal(t, 2, r.code, r.stderr)
	assert.Contains(t, r.stderr, "deep.edn: line 2: nested deeper than the limit of 1000 levels")
	assert.NotContains(t, r.stderr, "goroutine")

	value := strings.Repeat("V", 3000)
	long := write("long.jsonl", `{"type":"op","id":0,"f":"put","key":"k","in":{"value":"1"},"call":1,"status":"ok","return":2}`+"\n"+
		`{"type":"op","id":1,"f":"put","key":"k","in":{"value":"`+value+`"},"call":3,"status":"ok","return":4}`+"\n")
	r = kvchaos(t, dir, "check", "--max-line-bytes", "1000", long)
	assert.Equal(t, 2, r.code, r.stderr)
	assert.Contains(t, r.stderr, "long.jsonl: line 2: longer than the limit of 1000 bytes (raise it with --max-line-bytes)")
	assert.NotContains(t, r.stdout+r.stderr, value[:100])

	r = kvchaos(t, dir, "check", "--max-line-bytes", "5000", long)
	assert.Equal(t, 0, r.code, r.stdout+r.stderr)

	// report re-reads a run directory's history under the same limit.
	run := filepath.Join(dir, "run")
	require.Equal(t, 0, kvchaos(t, dir, "run", "--store", "mem://", "--ops", "10", "--out", run).code)
	raw, err := os.ReadFile(long)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(run, historyFile), raw, 0o644))
	r = kvchaos(t, dir, "report", "--max-line-bytes", "1000", run)
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "history.jsonl: line 2: longer than the limit of 1000 bytes")
}

// TestStoreURLErrorsNeverPrintSecrets feeds store URLs that url.Parse
// refuses, each with the planted secret "Sup3rPw", through every command
// that takes a URL or could be handed one by mistake, and greps all output
// and every file written for the secret.
func TestStoreURLErrorsNeverPrintSecrets(t *testing.T) {
	t.Parallel()
	const secret = "Sup3rPw"
	urls := []string{
		"redis://u:" + secret + "@127.0.0.1:-1/0",
		"redis://u:" + secret + "@127.0.0.1:abc/0",
		"redis://u:Sup%zzPw@127.0.0.1:6379/0",
		"redis://u:" + secret + "@[::1:6379/0",
		"nats://" + secret + "@[::1",
		"nats://" + secret + "@127.0.0.1:abc",
		"etcd://u:pa/" + secret + "@127.0.0.1:2379",
		"postgres://kv@[::1/db?password=" + secret,
	}
	dir := t.TempDir()
	var printed []string
	expect2 := func(args ...string) result {
		r := kvchaos(t, dir, args...)
		printed = append(printed, r.stdout, r.stderr)
		assert.Equal(t, 2, r.code, "%v: %s%s", args, r.stdout, r.stderr)
		return r
	}
	for _, u := range urls {
		r := expect2("run", "--store", u, "--out", "never")
		assert.Contains(t, r.stderr, "(unparseable URL)")
		expect2("run", "--store", u, "--faults", "--out", "never")
		expect2("serve", "--dialect", "cloudflare", "--store", u, "--addr", "127.0.0.1:0")
		r = expect2("check", u)
		assert.Contains(t, r.stderr, "this is a URL")
		expect2("report", u)
	}

	// A run directory whose run.json was edited to hold a raw URL: the
	// report shows it redacted.
	run := filepath.Join(dir, "run")
	require.Equal(t, 0, kvchaos(t, dir, "run", "--store", "mem://", "--ops", "10", "--out", run).code)
	for _, store := range []string{"redis://u:" + secret + "@127.0.0.1:6379/0", urls[0]} {
		info := readRunInfo(t, run)
		info.Store = store
		require.NoError(t, jsonfile.Write(filepath.Join(run, runFile), info))
		r := kvchaos(t, dir, "report", "--out", filepath.Join(dir, "report.html"), run)
		require.Equal(t, 0, r.code, r.stderr)
		printed = append(printed, r.stdout, r.stderr)
		page, err := os.ReadFile(filepath.Join(dir, "report.html"))
		require.NoError(t, err)
		assert.NotContains(t, string(page), secret)
		assert.Contains(t, string(page), "redis://")
	}
	require.NoError(t, os.Remove(filepath.Join(run, runFile))) // it holds the planted secret
	requireNoLeak(t, dir, printed, secret, "Sup%zzPw")
	assert.NoDirExists(t, filepath.Join(dir, "never"))
}

// TestHostileFlagsExitTwoNamingTheFlag: values that once passed validation
// and failed at the end, ran away, or exposed the emulator.
func TestHostileFlagsExitTwoNamingTheFlag(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"run", "--store", "mem://", "--rate", "NaN"}, "--rate: must be a number"},
		{[]string{"run", "--store", "mem://", "--rate", "1e-300"}, "--rate: 1e-300 is outside"},
		{[]string{"run", "--store", "mem://", "--keys", "1000000000"}, "--keys: 1000000000 is more than"},
		{[]string{"run", "--store", "mem://", "--clients", "100000"}, "--clients: 100000 is more than"},
		{[]string{"run", "--store", "sim://?speed=NaN"}, "speed"},
		{[]string{"serve", "--dialect", "fastly", "--speed", "NaN"}, "--speed"},
		{[]string{"serve", "--dialect", "fastly", "--addr", "0.0.0.0:0"}, "--public"},
	} {
		args := tc.args
		if args[0] == "run" {
			args = append(args, "--out", filepath.Join(dir, "never"))
		}
		r := kvchaos(t, dir, args...)
		assert.Equal(t, 2, r.code, "%v: %s", tc.args, r.stderr)
		assert.Contains(t, r.stderr, tc.want, tc.args)
	}
	assert.NoDirExists(t, filepath.Join(dir, "never"))
}

// TestRunRefusesToOverwriteARunDirectory: a second run into the same --out
// once silently replaced the first one's history.
func TestRunRefusesToOverwriteARunDirectory(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	require.Equal(t, 0, kvchaos(t, dir, "run", "--store", "mem://", "--ops", "10", "--out", "r").code)
	first, err := os.ReadFile(filepath.Join(dir, "r", historyFile))
	require.NoError(t, err)

	r := kvchaos(t, dir, "run", "--store", "mem://", "--ops", "20", "--out", "r")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "--out: r is not empty")
	assert.Contains(t, r.stderr, "--force")
	again, err := os.ReadFile(filepath.Join(dir, "r", historyFile))
	require.NoError(t, err)
	assert.Equal(t, first, again, "the first run's history is untouched")

	r = kvchaos(t, dir, "run", "--store", "mem://", "--ops", "20", "--out", "r", "--force")
	assert.Equal(t, 0, r.code, r.stderr)
	require.NoError(t, os.Mkdir(filepath.Join(dir, "empty"), 0o755))
	assert.Equal(t, 0, kvchaos(t, dir, "run", "--store", "mem://", "--ops", "10", "--out", "empty").code, "an empty directory is fine")
}
