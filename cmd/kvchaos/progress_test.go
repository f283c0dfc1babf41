package main

import (
	"bytes"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// progressLine is one progress report.
var progressLine = regexp.MustCompile(`(\d+) ops  (\d+) ops/s  (\d+) errors  ([\d.]+m?s) elapsed`)

// shellQuote quotes s for sh.
func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// TestProgressOnATerminal runs kvchaos under a pseudo-terminal (util-linux
// script): the progress line is rewritten in place — carriage return and
// erase-line before each report, no newline between them — and cleared
// before the summary.
func TestProgressOnATerminal(t *testing.T) {
	t.Parallel()
	scriptBin, err := exec.LookPath("script")
	require.NoError(t, err, "script (util-linux) runs the binary under a pseudo-terminal")
	dir := t.TempDir()
	args := []string{bin, "run", "--store", "mem://", "--workload", "register", "--duration", "1500ms", "--rate", "200", "--out", "tty"}
	quoted := make([]string, len(args))
	for i, a := range args {
		quoted[i] = shellQuote(a)
	}
	cmd := exec.Command(scriptBin, "-qefc", strings.Join(quoted, " "), "/dev/null")
	cmd.Dir = dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	require.NoError(t, cmd.Run(), out.String())
	got := out.String()

	const rewrite = "\r\033[K"
	parts := strings.Split(got, rewrite)
	var reports []string
	for _, p := range parts[1:] {
		if m := progressLine.FindString(p); m != "" && strings.HasPrefix(p, m) {
			reports = append(reports, p)
		}
	}
	require.GreaterOrEqual(t, len(reports), 3, "the line is rewritten several times in 1.5 s: %q", got)
	for _, r := range reports {
		assert.Equal(t, progressLine.FindString(r), r, "a report is followed by the next rewrite, not a newline: %q", r)
	}
	first := progressLine.FindStringSubmatch(reports[0])
	last := progressLine.FindStringSubmatch(reports[len(reports)-1])
	assert.NotEqual(t, first[1], last[1], "the op count moves")
	assert.NotEqual(t, "0", last[2], "ops/s")
	assert.Equal(t, "0", last[3], "errors")
	assert.NotEqual(t, first[4], last[4], "elapsed moves")
	summary := parts[len(parts)-1]
	assert.True(t, strings.HasPrefix(summary, "run: register on mem://"), "the line is cleared before the summary: %q", summary)
}

// TestProgressWithoutATerminal: with stderr a pipe, progress is plain
// lines, one per interval, with no terminal control characters.
func TestProgressWithoutATerminal(t *testing.T) {
	t.Parallel()
	r := kvchaos(t, t.TempDir(), "run", "--store", "mem://", "--workload", "register", "--duration", "1s", "--rate", "200",
		"--progress-every", "200ms", "--out", "plain")
	require.Equal(t, 0, r.code, r.stdout+r.stderr)
	assert.NotContains(t, r.stderr, "\r")
	assert.NotContains(t, r.stderr, "\033")
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	require.GreaterOrEqual(t, len(lines), 3, r.stderr)
	for _, l := range lines {
		assert.Regexp(t, `^`+progressLine.String()+`$`, l)
	}

	r = kvchaos(t, t.TempDir(), "run", "--store", "mem://", "--progress-every", "-1s")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "--progress-every: must not be negative")
}
