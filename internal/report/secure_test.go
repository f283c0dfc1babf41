package report_test

import (
	"crypto/sha256"
	"encoding/base64"
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	cspMeta = regexp.MustCompile(`<meta http-equiv="Content-Security-Policy" content="([^"]*)">`)
	script  = regexp.MustCompile(`(?s)<script>(.*?)</script>`)
)

// requireStrictPolicy asserts that page carries a policy that fetches
// nothing and runs exactly the page's own scripts plus extra, by hash.
func requireStrictPolicy(t *testing.T, page string, extra ...string) {
	t.Helper()
	m := cspMeta.FindStringSubmatch(page)
	require.NotNil(t, m, "no Content-Security-Policy meta")
	policy := html.UnescapeString(m[1])
	assert.True(t, strings.HasPrefix(policy, "default-src 'none'; "), policy)
	assert.NotContains(t, policy, "unsafe-eval")
	assert.NotContains(t, policy, "script-src 'unsafe-inline'")
	assert.NotRegexp(t, `https?:|\*`, policy, "no network source")
	for _, s := range append(scriptsIn(page), extra...) {
		sum := sha256.Sum256([]byte(s))
		assert.Contains(t, policy, "'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'")
	}
}

func scriptsIn(page string) []string {
	var out []string
	for _, m := range script.FindAllStringSubmatch(page, -1) {
		out = append(out, m[1])
	}
	return out
}

func TestPagesCarryAStrictPolicy(t *testing.T) {
	page := render(t, staleHistory(hostile))
	srcdoc := regexp.MustCompile(`srcdoc="([^"]*)"`).FindStringSubmatch(page)
	require.NotNil(t, srcdoc, "porcupine's page is embedded")
	viz := html.UnescapeString(srcdoc[1])
	requireStrictPolicy(t, viz)
	// The iframe inherits the report's policy, which must allow its script.
	requireStrictPolicy(t, page, scriptsIn(viz)...)
}

func TestBidiControlsAreShownByName(t *testing.T) {
	key := "admin\u202egnp.exe"
	page := render(t, staleHistory(key))
	for _, c := range []string{"\u202e", "\u202a", "\u2066", "\u200f"} {
		assert.NotContains(t, page, c)
	}
	assert.Contains(t, page, "admin⟨U+202E⟩gnp.exe")
}
