package report_test

import (
	"bytes"
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/kvchaos/kvchaos/checker"
	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/internal/report"
)

// templateMarkup returns the element and attribute names the page's
// template writes itself: anything else in a rendered page came from data.
func templateMarkup(t testing.TB) (tags, attrs map[string]bool) {
	text, err := os.ReadFile("page.html.tmpl")
	require.NoError(t, err)
	// The parser adds html, head, body and tbody itself.
	tags, attrs = map[string]bool{"html": true, "head": true, "body": true, "tbody": true}, map[string]bool{}
	for _, m := range regexp.MustCompile(`<([a-zA-Z][a-zA-Z0-9]*)`).FindAllSubmatch(text, -1) {
		tags[strings.ToLower(string(m[1]))] = true
	}
	for _, re := range []string{`\s([a-zA-Z][a-zA-Z0-9:-]*)=`, `\s([a-zA-Z][a-zA-Z0-9:-]*)(?:\s|>|\{\{end)`} {
		for _, m := range regexp.MustCompile(re).FindAllSubmatch(text, -1) {
			attrs[strings.ToLower(string(m[1]))] = true
		}
	}
	return tags, attrs
}

// hostileJSONL is a history whose keys, values, regions, errors and
// annotation texts are markup, bidi controls and quote breakers.
func hostileJSONL(t testing.TB) []byte {
	payloads := []string{
		`<img src=x onerror=document.title=/PWNED/.source>`,
		`"><script>alert(1)</script>`,
		`'><svg onload=alert(1)>`,
		"\u202e</code><b onmouseover=alert(1)>",
		`javascript:alert(1)`,
		`]]></title><iframe src=//evil>`,
	}
	var lines []string
	q := func(s string) string { b, _ := json.Marshal(s); return string(b) }
	for i, p := range payloads {
		lines = append(lines,
			`{"type":"op","id":`+itoa(2*i)+`,"client":0,"region":`+q(p)+`,"f":"put","key":`+q(p)+`,"in":{"value":`+q(p)+`},"status":"ok","call":`+itoa(10*i+1)+`,"return":`+itoa(10*i+2)+`}`,
			`{"type":"op","id":`+itoa(2*i+1)+`,"client":1,"f":"get","key":`+q(p)+`,"out":{"value":`+q(p+"x")+`,"found":true},"status":"ok","call":`+itoa(10*i+3)+`,"return":`+itoa(10*i+4)+`,"error":`+q(p)+`}`)
	}
	lines = append(lines, `{"type":"annotation","kind":"fault","text":`+q(payloads[0])+`,"regions":[`+q(payloads[1])+`],"start":1,"end":30}`)
	return []byte(strings.Join(lines, "\n") + "\n")
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// FuzzCheckAndReport: any history ReadJSONL accepts is checked and
// rendered without a panic, and the page holds no element or attribute
// the template did not write, and only its own script; porcupine's page
// in the iframe holds only its own script and no event handler.
func FuzzCheckAndReport(f *testing.F) {
	tags, attrs := templateMarkup(f)
	hostile := hostileJSONL(f)
	valid := map[string]bool{string(hostile): true}
	f.Add(hostile)
	var buf bytes.Buffer
	require.NoError(f, history.WriteJSONL(&buf, staleHistory(`<img src=x onerror=alert(1)>`)))
	valid[buf.String()] = true
	f.Add(buf.Bytes())
	f.Add([]byte(`{"type":"invoke","id":0,"f":"put","key":"<b>","in":{"value":"\u202e"},"call":1}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		h, _, err := history.ReadJSONL(bytes.NewReader(data), history.ReadOptions{MaxLineBytes: 8 << 10})
		if err != nil {
			require.False(t, valid[string(data)], "a valid seed failed to read: %v", err)
			return
		}
		rep := checker.Check(h, checker.Options{Timeout: 200 * time.Millisecond})
		var page bytes.Buffer
		require.NoError(t, report.Write(&page, report.Data{Title: "fuzz", History: h, Report: rep}))
		doc, err := html.Parse(bytes.NewReader(page.Bytes()))
		require.NoError(t, err)
		scripts := 0
		walk(doc, func(n *html.Node) {
			if n.Type != html.ElementNode {
				return
			}
			require.True(t, tags[strings.ToLower(n.Data)], "element <%s> did not come from the template", n.Data)
			if n.Data == "script" {
				scripts++
			}
			for _, a := range n.Attr {
				require.True(t, attrs[strings.ToLower(a.Key)], "attribute %s on <%s> did not come from the template", a.Key, n.Data)
				if a.Key == "srcdoc" {
					requirePorcupineClean(t, a.Val)
				}
			}
		})
		require.Equal(t, 1, scripts, "only the report's own script")
		require.NotContains(t, page.String(), "\u202e")
	})
}

// requirePorcupineClean asserts that porcupine's page has exactly its own
// script and no event-handler attribute.
func requirePorcupineClean(t *testing.T, src string) {
	doc, err := html.Parse(strings.NewReader(src))
	require.NoError(t, err)
	scripts := 0
	walk(doc, func(n *html.Node) {
		if n.Type != html.ElementNode {
			return
		}
		if n.Data == "script" {
			scripts++
		}
		for _, a := range n.Attr {
			require.False(t, strings.HasPrefix(a.Key, "on"), "event handler %s in porcupine's page", a.Key)
		}
	})
	require.Equal(t, 1, scripts, "only porcupine's own script")
}

func walk(n *html.Node, fn func(*html.Node)) {
	fn(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, fn)
	}
}
