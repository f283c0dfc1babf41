package main

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var updateSVG = flag.Bool("update-svg", false, "rewrite docs/pitfalls/*.svg from the demos")

// TestEveryDemoRunsThePitfallAndItsFix: for each demo, on the default
// seed, the broken run shows the pitfall, the fixed run does not, both are
// printed with the lesson, and a second run prints the same bytes.
func TestEveryDemoRunsThePitfallAndItsFix(t *testing.T) {
	t.Parallel()
	require.GreaterOrEqual(t, len(demos), 12)
	for _, name := range demoNames() {
		t.Run(name, func(t *testing.T) {
			d := demos[name]
			var a, b bytes.Buffer
			runs, err := runDemo(&a, d, 1)
			require.NoError(t, err)
			_, err = runDemo(&b, d, 1)
			require.NoError(t, err)
			assert.Equal(t, a.String(), b.String(), "same seed, same story")
			assert.True(t, runs[0].struck, "the broken run must show the pitfall:\n%s", a.String())
			assert.False(t, runs[1].struck, "the fixed run must not:\n%s", a.String())
			assert.NotEmpty(t, runs[0].markedOps(), "the broken run must mark where the pitfall shows")
			assert.Empty(t, runs[1].anomalies(), "the fixed run must have no finding of the demo's kinds")
			out := a.String()
			assert.Contains(t, out, "--- BROKEN: "+d.broken.label)
			assert.Contains(t, out, "--- FIXED: "+d.fixed.label)
			assert.Contains(t, out, "\nlesson: "+d.lesson+"\n")
			assert.NotContains(t, d.lesson, "\n", "the lesson is one line")
		})
	}
}

// TestDemoPicturesInDocsAreCurrent regenerates each demo's SVG and
// compares it with docs/pitfalls/NAME.svg (go test -run
// TestDemoPicturesInDocsAreCurrent -update-svg rewrites them).
func TestDemoPicturesInDocsAreCurrent(t *testing.T) {
	t.Parallel()
	dir := filepath.Join("..", "..", "docs", "pitfalls")
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "pitfalls.md"))
	require.NoError(t, err)
	for _, name := range demoNames() {
		var out bytes.Buffer
		runs, err := runDemo(&out, demos[name], 1)
		require.NoError(t, err)
		svg, err := demoSVG(demos[name], runs)
		require.NoError(t, err)
		path := filepath.Join(dir, name+".svg")
		if *updateSVG {
			require.NoError(t, os.MkdirAll(dir, 0o755))
			require.NoError(t, os.WriteFile(path, []byte(svg), 0o644))
		}
		want, err := os.ReadFile(path)
		require.NoError(t, err, "run: go test ./cmd/kvchaos -run TestDemoPicturesInDocsAreCurrent -update-svg")
		assert.True(t, string(want) == svg, "%s is stale: rerun with -update-svg", path)
		assert.True(t, strings.Contains(string(doc), "](pitfalls/"+name+".svg)"), "docs/pitfalls.md must embed %s", path)
		assert.True(t, strings.Contains(string(doc), "kvchaos demo "+name), "docs/pitfalls.md must show: kvchaos demo %s", name)
	}
}

// TestDemoOutWritesOnePageWithBothTimelines: --out writes NAME.html with
// the two runs' SVG timelines side by side and the anomaly marked.
func TestDemoOutWritesOnePageWithBothTimelines(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	code := execute([]string{"demo", "signup-race", "--out", dir}, &stdout, &stderr)
	require.Equal(t, exitValid, code, stderr.String())
	page, err := os.ReadFile(filepath.Join(dir, "signup-race.html"))
	require.NoError(t, err)
	html := string(page)
	assert.Equal(t, 2, strings.Count(html, `<div class="run `), "two runs side by side")
	assert.Contains(t, html, `class="runs"`)
	assert.Contains(t, html, "BROKEN: ")
	assert.Contains(t, html, "FIXED: ")
	assert.Equal(t, 2, strings.Count(html, "<svg xmlns="), "a timeline per run")
	assert.Contains(t, html, "op f-put s-ok bad", "the lost signup is outlined")
	assert.Contains(t, html, "Lesson: uniqueness cannot be checked then written")
	assert.Contains(t, stdout.String(), "wrote "+filepath.Join(dir, "signup-race.html"))
}

// BenchmarkDemo runs each demo (both runs, the checks, the text) once per
// iteration: each must take well under a second.
func BenchmarkDemo(b *testing.B) {
	for _, name := range demoNames() {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := runDemo(io.Discard, demos[name], 1); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
