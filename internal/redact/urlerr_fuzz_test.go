package redact

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// urlForms place a secret (the %s) where URLs carry credentials.
var urlForms = []string{
	"%[1]s://u:%[2]s@%[3]s/0",                 // password
	"%[1]s://%[2]s@%[3]s",                     // username-only token
	"%[1]s://%[3]s?token=%[2]s",               // secret-named parameter
	"%[1]s://%[3]s?api_key=%[2]s&x=1",         // another
	"%[1]s://h?endpoint=http://u:%[2]s@%[3]s", // nested URL
	"%[1]s://u:%[2]s@[%[3]s",                  // unclosed bracket
	"%[1]s://u:%[2]s@%[3]s:-1/0",              // bad port
	"%[1]s://u:%[2]s%%zz@%[3]s/0",             // bad escape in the password
	"%[1]s://u:pa/%[2]s@%[3]s",                // unescaped slash in the password
}

// FuzzURLRedaction: whatever the scheme, host and form, and whether the
// URL parses or not, a secret planted in it never appears in URL's
// output, in URLError's text for a parse error, or in URLError's text for
// an error that quotes the raw URL or the secret alone.
func FuzzURLRedaction(f *testing.F) {
	for i := range urlForms {
		f.Add(i, "redis", "sup3rPw", "127.0.0.1:6379")
		f.Add(i, "nats", "sup3rTok", "[::1")
		f.Add(i, "cloudflare", "tok3nXYZ", "h:abc")
	}
	f.Fuzz(func(t *testing.T, form int, scheme, secret, host string) {
		if form < 0 || len(secret) < 6 || !alnum(secret) || strings.Contains(strings.ToLower(scheme+host), strings.ToLower(secret)) ||
			strings.ContainsAny(scheme+host, "@?&=%/#") || strings.EqualFold(scheme, "postgres") || strings.EqualFold(scheme, "postgresql") {
			t.Skip("not a secret-looking token, or one the rest of the URL already shows")
		}
		raw := fmt.Sprintf(urlForms[form%len(urlForms)], scheme, secret, host)
		if secret[0] < 'g' || secret[0] > 'z' || strings.Count(raw, secret) != 1 {
			// A secret starting with a hex digit could be spelled by a
			// percent-escape next to the host ("%40" + "00000…").
			t.Skip("a secret the rest of the URL could spell")
		}
		require.NotContains(t, URL(raw), secret, raw)
		if _, err := url.Parse(raw); err != nil {
			require.NotContains(t, URLError(raw, err).Error(), secret, raw)
		}
		quoting := errors.New("cannot reach " + raw + ": refused")
		require.NotContains(t, URLError(raw, quoting).Error(), secret, raw)
		alone := errors.New("auth refused for " + secret + ".")
		require.NotContains(t, URLError(raw, alone).Error(), secret, raw)
	})
}

func alnum(s string) bool {
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}
