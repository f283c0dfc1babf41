package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRunNeverPrintsURLSecrets runs kvchaos with secrets planted in store
// URLs — a username-only credential, a password, secret-named query
// parameters, and credentials inside a URL nested in a query parameter —
// and greps everything printed and every file written for them.
func TestRunNeverPrintsURLSecrets(t *testing.T) {
	t.Parallel()
	n := natsServer.Get(t)
	p := postgresServer.Get(t)
	const (
		natsToken = "PLANTED-nats-user-5c2e"
		pgPass    = "PLANTED-pg-pass-77d0"
		pgSSL     = "PLANTED-pg-sslpw-1b9a"
		nested    = "PLANTED-nested-pw-e403"
		nestedTok = "PLANTED-nested-user-a6f1"
	)
	secrets := []string{natsToken, pgPass, pgSSL, nested, nestedTok}
	dir := t.TempDir()
	var printed []string
	run := func(wantCodes []int, args ...string) result {
		r := kvchaos(t, dir, args...)
		printed = append(printed, r.stdout, r.stderr)
		require.Contains(t, wantCodes, r.code, "%v: %s%s", args, r.stdout, r.stderr)
		return r
	}

	natsURL := "nats://" + natsToken + "@" + strings.TrimPrefix(n.URL(), "nats://") + "?bucket=redact"
	r := run([]int{0}, "run", "--store", natsURL, "--workload", "counter-atomic", "--ops", "20", "--out", "nats")
	assert.Contains(t, r.stdout, "nats://xxxxx@")

	pgURL := strings.Replace(p.URL(), "postgres@", "postgres:"+pgPass+"@", 1) + "&sslpassword=" + pgSSL + "&table=redact"
	r = run([]int{0}, "run", "--store", pgURL, "--workload", "register", "--ops", "20", "--out", "pg")
	assert.Contains(t, r.stdout, "sslpassword=xxxxx")

	// Secrets in a URL nested in endpoint= are refused before anything is
	// written, and not echoed.
	for _, ep := range []string{"http://u:" + nested + "@127.0.0.1:1", "http://" + nestedTok + "@127.0.0.1:1"} {
		r = run([]int{2}, "run", "--store", "fastly://S?endpoint="+ep, "--out", "never")
		assert.Contains(t, r.stderr, "carries credentials")
	}
	// An unknown, secret-named parameter is refused by name, its value hidden.
	r = run([]int{2}, "run", "--store", "sim://?preset=linearizable&Api_Key="+nested, "--out", "never")
	assert.Contains(t, r.stderr, `unknown parameter "Api_Key"`)

	for _, sub := range []string{"nats", "pg"} {
		run([]int{0}, "check", filepath.Join(dir, sub, historyFile))
		run([]int{0}, "report", filepath.Join(dir, sub))
	}
	files := requireNoLeak(t, dir, printed, secrets...)
	for _, sub := range []string{"nats", "pg"} {
		for _, name := range []string{historyFile, runFile, reportFile} {
			assert.Contains(t, files, filepath.Join(dir, sub, name))
		}
	}
	assert.NotContains(t, files, filepath.Join(dir, "never", historyFile))
}
