package main

import (
	"os/exec"
	"runtime"
	"runtime/debug"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReadVersion(t *testing.T) {
	bi := &debug.BuildInfo{GoVersion: "go1.99", Main: debug.Module{Path: "github.com/kvchaos/kvchaos", Version: "v1.2.3"},
		Settings: []debug.BuildSetting{
			{Key: "vcs", Value: "git"},
			{Key: "vcs.revision", Value: "0123456789abcdef0123456789abcdef01234567"},
			{Key: "vcs.time", Value: "2026-11-26T20:55:00Z"},
			{Key: "vcs.modified", Value: "true"},
		}}
	v := readVersion(bi, true)
	assert.Equal(t, "kvchaos v1.2.3 go1.99\n"+
		"revision: 0123456789abcdef0123456789abcdef01234567 (with uncommitted changes)\n"+
		"time:     2026-11-26T20:55:00Z\n", v.String())
	assert.Equal(t, "v1.2.3 0123456789ab", v.short())

	bi.Settings[3].Value = "false"
	assert.Contains(t, readVersion(bi, true).String(), "revision: 0123456789abcdef0123456789abcdef01234567\n")

	plain := readVersion(&debug.BuildInfo{Main: debug.Module{Path: "x"}}, true)
	assert.Equal(t, "kvchaos (devel) "+runtime.Version()+"\n", plain.String(), "no VCS stamp: no revision or time lines")
	assert.Equal(t, "(devel)", plain.short())
	assert.Equal(t, "kvchaos unknown "+runtime.Version()+"\n", readVersion(nil, false).String())
}

// TestVersionCommand: the binary the tests built from this checkout knows
// its revision (go build stamps it) and says so.
func TestVersionCommand(t *testing.T) {
	r := kvchaos(t, t.TempDir(), "version")
	require.Equal(t, 0, r.code, r.stderr)
	// Go stamps a build from a checkout with a pseudo-version
	// (v0.0.0-DATE-REV, +dirty with uncommitted changes), older Go and
	// builds without VCS information with (devel).
	assert.Regexp(t, `^kvchaos (\(devel\)|v\d+\.\d+\.\d+\S*) go1\.\d+`, r.stdout)
	if _, err := exec.LookPath("git"); err == nil {
		assert.Regexp(t, `(?m)^revision: [0-9a-f]{40}( \(with uncommitted changes\))?$`, r.stdout)
		assert.Regexp(t, `(?m)^time:     \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`, r.stdout)
	}
}
