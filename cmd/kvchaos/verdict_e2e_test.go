package main

import (
	"encoding/json"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/checker"
)

// TestCheckWithoutEvidenceExits2: a history with nothing in it is never
// "valid": empty, header-only, a garbage line (newline-terminated, so not
// torn), random bytes.
func TestCheckWithoutEvidenceExits2(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	random := make([]byte, 300)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range random {
		random[i] = byte(rng.UintN(256))
	}
	for name, c := range map[string]struct {
		data, stderr string
	}{
		"empty":          {"", "no operations to judge: the history holds no operation"},
		"header only":    {`{"type":"header","format":"kvchaos-history","version":1}` + "\n", "no operations to judge"},
		"garbage line":   {"garbage\n", "line 1: invalid JSON"},
		"torn garbage":   {"garbage", "no operations to judge"},
		"random bytes":   {string(random), "line 1"},
		"all ops failed": {`{"type":"op","id":0,"client":0,"f":"put","key":"k","in":{"value":"1"},"status":"fail","error":"HTTP 401","call":1,"return":2}` + "\n", "no operations to judge: all 1 operations failed (1)"},
	} {
		t.Run(name, func(t *testing.T) {
			f := filepath.Join(dir, name+".jsonl")
			require.NoError(t, os.WriteFile(f, []byte(c.data), 0o644))
			r := kvchaos(t, dir, "check", f)
			assert.Equal(t, 2, r.code, r.stdout+r.stderr)
			assert.NotContains(t, r.stdout, "verdict: valid")
			assert.Contains(t, r.stderr, c.stderr)
		})
	}
}

// TestRunAndCheckGiveTheSameVerdict: check of a run's history prints the
// verdict, the parts and the warnings the run printed, and exits the same.
func TestRunAndCheckGiveTheSameVerdict(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, c := range []struct{ store, workload, expect string }{
		{"sim://?preset=edgecache", "counter", "eventual"},
		{"sim://?preset=linearizable", "counter-atomic", "linearizable"},
		{"mem://", "register", "linearizable"},
	} {
		out := filepath.Join(dir, c.workload+c.expect)
		r := kvchaos(t, dir, "run", "--store", c.store, "--workload", c.workload, "--ops", "60", "--expect", c.expect, "--out", out)
		k := kvchaos(t, dir, "check", "--expect", c.expect, filepath.Join(out, historyFile))
		assert.Equal(t, r.code, k.code, r.stdout+"\n----\n"+k.stdout)
		assert.Equal(t, verdictLines(r.stdout), verdictLines(k.stdout))
	}
}

// verdictLines keeps the verdict, its parts and the warnings of a summary.
func verdictLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		for _, p := range []string{"verdict: ", "store: ", "client code: ", "warning: ", "error: "} {
			if strings.HasPrefix(l, p) {
				out = append(out, l)
			}
		}
	}
	return out
}

// TestCounterLostIncrementsAreAllNamed: on counter (Store.Update, a get
// then a put, recorded as such with the versions read and written) the
// lost increments named by lost-update findings are exactly the counter
// bound's count, the run fails on them whatever --expect says, and the
// headline leads with the count and blames the client code.
func TestCounterLostIncrementsAreAllNamed(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, store := range []string{"sim://?preset=edgecache", "sim://?preset=linearizable", "sim://?preset=quorum",
		"sim://?preset=replicated", "mem://"} {
		r := kvchaos(t, dir, "run", "--store", store, "--workload", "counter", "--ops", "400", "--expect", "eventual", "--json", "--out", t.Name()+"-"+url.QueryEscape(store))
		var sum struct {
			Report checker.Report `json:"report"`
		}
		require.NoError(t, json.Unmarshal([]byte(r.stdout), &sum), r.stdout+r.stderr)
		c := sum.Report.Client
		t.Logf("%s: named lost %d, counter-bound lost %d of %d acknowledged", store, c.Named, c.Lost, c.Acknowledged)
		assert.EqualValues(t, c.Lost, c.Named, store)
		if c.Lost > 0 { // mem:// runs goroutines for real: some runs lose nothing
			assert.True(t, c.NonAtomic, store)
			assert.Equal(t, 1, r.code, store)
			assert.Equal(t, checker.Valid, sum.Report.Store.Verdict, "%s: the store kept its eventual promise", store)
			assert.Regexp(t, `^invalid: lost \d+ of \d+ acknowledged increments \(the client code's read-modify-write`, sum.Report.String())
		}
	}
	r := kvchaos(t, dir, "run", "--store", "sim://?preset=edgecache", "--workload", "counter", "--expect", "eventual", "--out", "e")
	assert.Equal(t, 1, r.code, r.stdout)
	assert.Regexp(t, `(?m)^verdict: invalid .*\nclient code: lost 119 of 200 acknowledged increments`, r.stdout)
	assert.Contains(t, r.stdout, "\nstore: kept its eventual promise")
}

// TestCheckConvertsAndReadsJepsenLogs: --to writes the other format, and
// a JSONL → EDN → JSONL round trip gives the same bytes; a Jepsen text log
// (.log) is read.
func TestCheckConvertsAndReadsJepsenLogs(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	r := kvchaos(t, dir, "run", "--store", "sim://?preset=linearizable&regions=5&nemesis=50ms", "--workload", "mixed", "--ops", "600", "--out", "r")
	require.Contains(t, []int{0, 1}, r.code, r.stderr)
	orig := kvchaos(t, dir, "check", "--to", "jsonl", filepath.Join("r", historyFile))
	require.Equal(t, 0, orig.code, orig.stderr)
	edn := kvchaos(t, dir, "check", "--to", "edn", filepath.Join("r", historyFile))
	require.Equal(t, 0, edn.code, edn.stderr)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "h.edn"), []byte(edn.stdout), 0o644))
	back := kvchaos(t, dir, "check", "--to", "jsonl", "h.edn")
	require.Equal(t, 0, back.code, back.stderr)
	assert.True(t, orig.stdout == back.stdout, "JSONL → EDN → JSONL changed the history")

	log := "INFO  jepsen.util - 0\t:invoke\t:write\t1\nINFO  jepsen.util - 0\t:ok\t:write\t1\n" +
		"2017-01-20 12:00:00,000{GMT}\tINFO\t[jepsen worker 1] jepsen.util: 1 :invoke :read nil\n" +
		"2017-01-20 12:00:00,100{GMT}\tINFO\t[jepsen worker 1] jepsen.util: 1 :ok :read 1\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "j.log"), []byte(log), 0o644))
	k := kvchaos(t, dir, "check", "--model", "cas-register", "j.log")
	assert.Equal(t, 0, k.code, k.stdout+k.stderr)
	assert.Contains(t, k.stdout, "verdict: valid (expecting linearizable; 2 ops, 1 keys)")
}
