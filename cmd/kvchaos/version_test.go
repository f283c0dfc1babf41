package main

import (
	"os/exec"
	"regexp"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReadVersion(t *testing.T) {
	t.Parallel()
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

// TestVersionCommand checks that the binary prints the revision and time
// go version -m reports for it; in a checkout, TestMain built it with VCS
// stamping on, so there is a revision to print.
func TestVersionCommand(t *testing.T) {
	t.Parallel()
	r := kvchaos(t, t.TempDir(), "version")
	require.Equal(t, 0, r.code, r.stderr)
	// A tag, a pseudo-version Go derives from the checkout
	// (v0.0.0-DATE-REV, +dirty with uncommitted changes), or (devel).
	assert.Regexp(t, `^kvchaos (\(devel\)|v\d+\.\d+\.\d+\S*) go1\.\d+`, r.stdout)
	rev := stamped(t, bin)
	assert.Equal(t, rev != "", strings.Contains(r.stdout, "revision: "), r.stdout)

	if err := exec.Command("git", "rev-parse", "--git-dir").Run(); err != nil {
		return // not a checkout: there is no revision to stamp
	}
	require.Empty(t, vcsBuild, "the stamped build failed")
	require.NotEmpty(t, rev, "go build -buildvcs=true in a checkout records the revision")
	assert.Regexp(t, `(?m)^revision: `+rev+`( \(with uncommitted changes\))?$`, r.stdout)
	assert.Regexp(t, `(?m)^time:     \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`, r.stdout)
}

// stamped returns the vcs.revision go version -m reports for binary, ""
// when the build recorded none.
func stamped(t *testing.T, binary string) string {
	t.Helper()
	out, err := exec.Command("go", "version", "-m", binary).Output()
	require.NoError(t, err)
	m := regexp.MustCompile(`(?m)^\s*build\s+vcs\.revision=([0-9a-f]+)$`).FindStringSubmatch(string(out))
	if m == nil {
		return ""
	}
	return m[1]
}
