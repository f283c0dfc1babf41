package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
)

const chromium = "/usr/bin/chromium"

// xssKey is a key a hostile store could hold.
const xssKey = `<img src=x onerror=alert(1)>`

// browser runs headless Chromium on a file with extra flags and returns
// its stdout and stderr. Without Chromium the test fails in CI and is
// skipped elsewhere.
func browser(t *testing.T, page string, flags ...string) (stdout, stderr string) {
	t.Helper()
	if _, err := os.Stat(chromium); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is missing: install Debian's chromium package (apt-get install chromium)", chromium)
		}
		t.Skipf("%s is missing: install Debian's chromium package (apt-get install chromium) to run this test", chromium)
	}
	args := append([]string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + t.TempDir(), "--enable-logging=stderr", "--v=0"}, flags...)
	cmd := exec.Command(chromium, append(args, "file://"+page)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	require.NoError(t, cmd.Run(), errb.String())
	return out.String(), errb.String()
}

// staleReaders is how many more clients read the overwritten value in
// hostileHistory: enough that the report folds its list of stale reads.
const staleReaders = 12

// hostileHistory is a history whose key is markup, with stale reads so
// that the report has anomalies and porcupine's visualization.
func hostileHistory(t *testing.T, dir string) string {
	t.Helper()
	k := strings.ReplaceAll(xssKey, `"`, `\"`)
	lines := []string{
		`{"type":"op","id":0,"client":0,"region":"us-east","f":"put","key":"` + k + `","in":{"value":"<b>v1</b>"},"status":"ok","call":1000,"return":2000}`,
		`{"type":"op","id":1,"client":1,"region":"eu-west","f":"put","key":"` + k + `","in":{"value":"v2"},"status":"ok","call":3000,"return":4000}`,
		`{"type":"op","id":2,"client":1,"region":"eu-west","f":"get","key":"` + k + `","out":{"value":"<b>v1</b>","found":true},"status":"ok","call":5000,"return":6000}`,
		`{"type":"annotation","kind":"fault","text":"partition <script>alert(3)</script>","start":2500,"end":5500}`,
	}
	for i := 0; i < staleReaders; i++ {
		lines = append(lines, fmt.Sprintf(`{"type":"op","id":%d,"client":%d,"f":"get","key":"%s","out":{"value":"<b>v1</b>","found":true},"status":"ok","call":%d,"return":%d}`,
			3+i, 10+i, k, 7000+100*i, 7050+100*i))
	}
	path := filepath.Join(dir, "hostile.jsonl")
	require.NoError(t, os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644))
	return path
}

func TestReportRendersInChromiumAndEscapesKeys(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	hist := hostileHistory(t, dir)
	page := filepath.Join(dir, "report.html")
	r := kvchaos(t, dir, "check", "--html", page, hist)
	require.Equal(t, 1, r.code, r.stdout+r.stderr)

	dom, logs := browser(t, page, "--dump-dom")
	for _, line := range strings.Split(logs, "\n") {
		assert.NotContains(t, line, ":CONSOLE", "the page logged to the console")
	}
	doc, err := html.Parse(strings.NewReader(dom))
	require.NoError(t, err)

	var verdict, folded, opRow string
	var imgs, scripts int
	var text strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "img":
				imgs++
			case "script":
				scripts++
			}
			for _, a := range n.Attr {
				switch {
				case a.Key == "id" && a.Val == "verdict":
					verdict = textOf(n)
				case a.Key == "id" && a.Val == "op-14":
					opRow = textOf(n)
				}
			}
			if n.Data == "summary" && folded == "" {
				folded = textOf(n)
			}
		}
		if n.Type == html.TextNode {
			text.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	assert.Contains(t, verdict, "verdict: invalid")
	assert.Zero(t, imgs, "the key became an <img> element")
	assert.Equal(t, 1, scripts, "only the report's own script")
	assert.Contains(t, text.String(), xssKey, "the key shows as text")
	assert.Contains(t, text.String(), "partition <script>alert(3)</script>", "the annotation is listed as text")
	assert.Contains(t, dom, `sandbox="allow-scripts"`, "porcupine's page is embedded sandboxed")
	assert.Equal(t, fmt.Sprintf("show all %d", staleReaders+1), folded, "the long list of stale reads folds")
	assert.Contains(t, opRow, "7.1µs7.15µs", "times since the first call, not nanoseconds")

	png := filepath.Join(dir, "shot.png")
	browser(t, page, "--screenshot="+png, "--window-size=1100,1400")
	st, err := os.Stat(png)
	require.NoError(t, err)
	assert.Greater(t, st.Size(), int64(10_000), "a rendered page, not a blank one")
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}
