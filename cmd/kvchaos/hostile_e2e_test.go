package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCheckRefusesCraftedHistories feeds check the files that once crashed
// it or ran away with memory: EDN nested millions deep, and a JSONL line
// longer than the limit. Each is exit 2 naming the file and the line, in a
// short message that does not echo the value.
func TestCheckRefusesCraftedHistories(t *testing.T) {
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
