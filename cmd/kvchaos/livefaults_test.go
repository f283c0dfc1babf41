package main

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/faultproxy"
	"github.com/kvchaos/kvchaos/history"
)

func TestParseFaults(t *testing.T) {
	t.Parallel()
	for v, want := range map[string]time.Duration{
		"": 0, "off": 0, "false": 0, "0": 0,
		"on": faultproxy.DefaultInterval, "true": faultproxy.DefaultInterval, "1": faultproxy.DefaultInterval,
		"2s": 2 * time.Second, "10ms": 10 * time.Millisecond,
	} {
		got, err := parseFaults(v)
		require.NoError(t, err, v)
		assert.Equal(t, want, got, v)
	}
	for _, v := range []string{"sometimes", "5ms", "-1s"} {
		_, err := parseFaults(v)
		assert.ErrorContains(t, err, "--faults: "+`"`+v+`"`)
	}
}

// proxiedHosts starts the proxies for raw and returns the rewritten URL,
// the proxies' targets by address, and the faults (closed with the test).
func proxiedHosts(t *testing.T, raw string) (*url.URL, map[string]string) {
	t.Helper()
	lf, out, err := startProxies(raw, 1)
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, lf.closeProxies()) })
	u, err := url.Parse(out)
	require.NoError(t, err)
	targets := map[string]string{}
	require.Equal(t, len(lf.proxies), len(lf.targets))
	for i, p := range lf.proxies {
		assert.True(t, strings.HasPrefix(p.Addr(), "127.0.0.1:"), p.Addr())
		targets[p.Addr()] = lf.targets[i]
	}
	return u, targets
}

func TestProxiesStandInForEveryHost(t *testing.T) {
	t.Parallel()
	u, targets := proxiedHosts(t, "etcd://user:pw@10.0.0.1:2379,10.0.0.2,10.0.0.1:2379?op_timeout=1s")
	hosts := strings.Split(u.Host, ",")
	require.Len(t, hosts, 3)
	assert.Equal(t, "10.0.0.1:2379", targets[hosts[0]])
	assert.Equal(t, "10.0.0.2:2379", targets[hosts[1]], "a host without a port gets the scheme's")
	assert.Equal(t, hosts[0], hosts[2], "one proxy per distinct host:port")
	assert.Len(t, targets, 2)
	pw, _ := u.User.Password()
	assert.Equal(t, "user:pw", u.User.Username()+":"+pw, "credentials pass through to the store")
	assert.Equal(t, "1s", u.Query().Get("op_timeout"))

	u, targets = proxiedHosts(t, "redis://:secret@127.0.0.1:7000/0?read_from=127.0.0.1:7001&read_timeout=1s")
	assert.Equal(t, "127.0.0.1:7000", targets[u.Host])
	assert.Equal(t, "127.0.0.1:7001", targets[u.Query().Get("read_from")], "the replica redis reads from is proxied too")
	assert.Equal(t, "/0", u.Path)

	for raw, target := range map[string]string{
		"nats://127.0.0.1?bucket=b":       "127.0.0.1:4222",
		"postgres://kv@db.internal/kv":    "db.internal:5432",
		"postgresql://[::1]:6000/kv":      "[::1]:6000",
		"redis://localhost":               "localhost:6379",
		"etcd://127.0.0.1:2379/?x=1#frag": "127.0.0.1:2379",
	} {
		u, targets := proxiedHosts(t, raw)
		assert.Equal(t, map[string]string{u.Host: target}, targets, raw)
	}
}

func TestFaultsRefuseStoresTheyCannotProxy(t *testing.T) {
	t.Parallel()
	for raw, want := range map[string]string{
		"sim://?preset=replicated":                    "use --nemesis with sim://",
		"mem://":                                      "need a TCP store",
		"fastly://S?endpoint=http://127.0.0.1:1":      "need a TCP store",
		"cloudflare://A/N":                            "need a TCP store",
		"redis:///tmp/redis.sock":                     "names no host:port",
		"postgres://db/kv?host=/tmp&password=hunter2": "sets host=",
		"postgres:///kv?password=hunter2":             "names no host:port",
		"etcd://127.0.0.1:1,,127.0.0.1:2":             "empty host",
	} {
		_, _, err := startProxies(raw, 1)
		require.Error(t, err, raw)
		assert.Contains(t, err.Error(), "--faults", raw)
		assert.Contains(t, err.Error(), want, raw)
		assert.NotContains(t, err.Error(), "hunter2")
	}
}

func TestRunWithFaultsRefusesSimAndHTTPStores(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, args := range [][]string{
		{"--store", "sim://?preset=replicated", "--faults"},
		{"--store", "mem://", "--faults=2s"},
		{"--store", "fastly://S?endpoint=http://127.0.0.1:1&token=TOPSECRET", "--faults"},
		{"--store", "redis://127.0.0.1:1", "--faults=sometimes"},
	} {
		r := kvchaos(t, dir, append([]string{"run", "--ops", "4"}, args...)...)
		assert.Equal(t, 2, r.code, "%v: %s", args, r.stdout+r.stderr)
		assert.Contains(t, r.stderr, "--faults", args)
		assert.NotContains(t, r.stdout+r.stderr, "TOPSECRET")
	}
	r := kvchaos(t, dir, "run", "--store", "sim://", "--faults", "--ops", "4")
	assert.Contains(t, r.stderr, "--nemesis", "the simulator's faults are named")
}

// TestRunWithFaultsAgainstRedis runs the register workload against a real
// redis through the fault proxy. A single redis is linearizable whatever
// the network does: operations cut off by a fault are unknown, and the
// run still passes, with every fault in the history and the report.
func TestRunWithFaultsAgainstRedis(t *testing.T) {
	t.Parallel()
	srv := redisServer.Get(t)
	dir := t.TempDir()
	store := srv.URL() + "/0?read_timeout=250ms&write_timeout=250ms&dial_timeout=1s"
	r := kvchaos(t, dir, "run", "--store", store, "--workload", "register", "--faults=150ms",
		"--duration", "3s", "--rate", "100", "--seed", "3", "--expect", "linearizable", "--out", "f")
	require.Equal(t, 0, r.code, r.stdout+r.stderr)
	runDir := filepath.Join(dir, "f")

	h := runHistory(t, runDir)
	var faults []history.Annotation
	var quiescent *history.Annotation
	for i, a := range h.Annotations {
		switch a.Kind {
		case history.AnnotationFault:
			faults = append(faults, a)
		case history.AnnotationQuiescent:
			quiescent = &h.Annotations[i]
		}
	}
	require.NotEmpty(t, faults, "the faults are in the history")
	require.NotNil(t, quiescent, "the network was healed and the store read at rest")
	for _, a := range faults {
		assert.Contains(t, a.Text, " at "+srv.Addr)
		assert.LessOrEqual(t, a.Start, a.End)
		assert.LessOrEqual(t, a.End, quiescent.Start, "every fault healed before the final reads: %s", a.Text)
	}
	troubled := 0
	for _, op := range h.Ops {
		if op.Outcome != history.OutcomeOK {
			troubled++
		}
	}
	assert.Positive(t, troubled, "some operations were cut off by the faults")

	page, err := os.ReadFile(filepath.Join(runDir, reportFile))
	require.NoError(t, err)
	assert.Contains(t, string(page), "ann-fault", "faults are shaded in the timeline")
	assert.Contains(t, string(page), faults[0].Text)
	assert.Contains(t, string(page), "network faults through proxies in front of "+srv.Addr)

	ri := readRunInfo(t, runDir)
	require.NotNil(t, ri.Faults)
	assert.Equal(t, "150ms", ri.Faults.Setting)
	assert.Equal(t, []string{srv.Addr}, ri.Faults.Targets)
	assert.Equal(t, len(faults), ri.Faults.Injected)
	assert.True(t, ri.Faults.HealedBeforeFinalReads)
	assert.Contains(t, ri.Store, srv.Addr, "run.json names the store, not the proxy")
	assert.Equal(t, "valid", ri.Verdict)
}
