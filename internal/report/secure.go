package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"regexp"
	"strings"
)

// cspPlaceholder stands in the page's Content-Security-Policy meta until
// the hashes of the page's scripts are known.
const cspPlaceholder = "KVCHAOS-CSP-PENDING"

// basePolicy is every directive of the report's Content-Security-Policy
// but script-src: nothing is fetched (no network at all: no connect, img,
// font, media or frame sources, no form submission, no <base>), styles are
// inline. Scripts run only when their hash is listed, which also forbids
// inline event handlers (onerror=...) and javascript: URLs, so no markup
// from a key or value could run even if it escaped the escaping.
const basePolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; " +
	"base-uri 'none'; form-action 'none'"

// policy is the whole Content-Security-Policy allowing exactly the scripts
// with the given texts.
func policy(scripts []string) string {
	var b strings.Builder
	b.WriteString(basePolicy)
	b.WriteString("; script-src")
	if len(scripts) == 0 {
		b.WriteString(" 'none'")
	}
	for _, s := range scripts {
		sum := sha256.Sum256([]byte(s))
		b.WriteString(" 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'")
	}
	return b.String()
}

// scriptBodies matches the inline scripts of a page the report or
// porcupine generated (their text never contains "</script").
var scriptBodies = regexp.MustCompile(`(?s)<script>(.*?)</script>`)

// scriptsOf returns the text of every inline script of page.
func scriptsOf(page []byte) []string {
	var out []string
	for _, m := range scriptBodies.FindAllSubmatch(page, -1) {
		out = append(out, string(m[1]))
	}
	return out
}

// securePorcupine makes bidi controls visible in porcupine's page and puts
// a Content-Security-Policy in its head that lets only its own script run.
// It returns the page and that script's text, which the outer page's
// policy must allow too: a srcdoc iframe inherits its parent's policy.
func securePorcupine(page string) (string, []string) {
	page = visibleBidi(page)
	scripts := scriptsOf([]byte(page))
	meta := `<meta http-equiv="Content-Security-Policy" content="` + policy(scripts) + `">`
	if i := strings.Index(page, "<head>"); i >= 0 {
		i += len("<head>")
		page = page[:i] + meta + page[i:]
	} else {
		page = meta + page
	}
	return page, scripts
}

// secure finishes the rendered page: bidi controls made visible, and the
// policy placeholder replaced by a policy allowing the page's own scripts
// and those of the embedded porcupine pages (extra).
func secure(page []byte, extra []string) []byte {
	page = []byte(visibleBidi(string(page)))
	scripts := append(scriptsOf(page), extra...)
	return bytes.Replace(page, []byte(cspPlaceholder), []byte(policy(scripts)), 1)
}

// bidiControls are the Unicode characters that reorder the text around
// them (the "Trojan Source" characters): a key holding U+202E would show
// its tail reversed. They are replaced by a visible name.
var bidiControls = strings.NewReplacer(
	"\u061c", "⟨U+061C⟩", "\u200e", "⟨U+200E⟩", "\u200f", "⟨U+200F⟩",
	"\u202a", "⟨U+202A⟩", "\u202b", "⟨U+202B⟩", "\u202c", "⟨U+202C⟩", "\u202d", "⟨U+202D⟩", "\u202e", "⟨U+202E⟩",
	"\u2066", "⟨U+2066⟩", "\u2067", "⟨U+2067⟩", "\u2068", "⟨U+2068⟩", "\u2069", "⟨U+2069⟩",
)

// visibleBidi replaces every bidi control character of s by its name.
func visibleBidi(s string) string { return bidiControls.Replace(s) }
