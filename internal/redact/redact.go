package redact

import (
	"net/url"
	"slices"
	"strings"
)

// userNameSchemes are the URL schemes whose userinfo without a password is
// a user name, never a token: redacting it would hide nothing secret and
// garble error texts that mention the user ("postgres").
var userNameSchemes = []string{"postgres", "postgresql"}

// redacted replaces every secret URL hides.
const redacted = "xxxxx"

// secretWords mark a query parameter as secret when its name contains one
// of them, case-insensitively (api_token, X-Api-Key, sslpassword, ...).
var secretWords = []string{"token", "secret", "password", "passwd", "key"}

// secretParam reports whether the query parameter name with value v is
// hidden. A boolean switch (escape_keys=true) carries no secret and stays
// readable.
func secretParam(name, v string) bool {
	n := strings.ToLower(name)
	if !slices.ContainsFunc(secretWords, func(w string) bool { return strings.Contains(n, w) }) {
		return false
	}
	switch strings.ToLower(v) {
	case "true", "false":
		return false
	}
	return true
}

// URL returns rawURL with its secrets replaced by "xxxxx", for logs,
// histories and reports: the password of user:password@, a username-only
// credential (token@host; kept when a password= query parameter shows it
// is a user name), the value of every query parameter whose name
// contains token, secret, password, passwd or key (case-insensitive), and
// the same secrets inside query values that are URLs themselves
// (endpoint=http://user:pw@host). An unparseable URL is shown as
// "scheme://(unparseable URL)" (or "(unparseable URL)" without a valid
// scheme), since its text could hold anything.
func URL(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return unparseableURL(rawURL)
	}
	if u.Opaque != "" { // scheme:rest without "//": no user or host to tell apart
		return u.Scheme + ":(opaque URL)"
	}
	q, qerr := url.ParseQuery(u.RawQuery)
	if userIsSecret(u, q) {
		u.User = url.User(redacted)
	}
	changed := false
	for name, vs := range q {
		for i, v := range vs {
			nv := v
			if secretParam(name, v) {
				nv = redacted
			} else if nestedURL(v) {
				nv = URL(v)
			}
			if nv != v {
				vs[i], changed = nv, true
			}
		}
	}
	if changed {
		u.RawQuery = q.Encode()
	}
	if qerr != nil { // Query drops what it cannot parse, which could be anything
		u.RawQuery = "(unparseable query)"
	}
	out := u.Redacted()
	// url.URL drops the "//" of a URL without a host (sim://?preset=x).
	if u.Scheme != "" && strings.HasPrefix(rawURL, u.Scheme+"://") && !strings.HasPrefix(out, u.Scheme+"://") {
		out = u.Scheme + "://" + strings.TrimPrefix(out, u.Scheme+":")
	}
	return out
}

// userIsSecret reports whether u's userinfo is a username-only credential
// (https://TOKEN@host, nats://TOKEN@host): a user name with no password,
// unless a query parameter carries the password
// (postgres://kv@host/db?password=…) or the scheme's userinfo is always a
// user name (PostgreSQL's libpq URLs), which makes it a plain user name.
func userIsSecret(u *url.URL, q url.Values) bool {
	if u.User == nil || u.User.Username() == "" {
		return false
	}
	if slices.Contains(userNameSchemes, strings.ToLower(u.Scheme)) {
		return false
	}
	if _, hasPw := u.User.Password(); hasPw {
		return false
	}
	for name := range q {
		if n := strings.ToLower(name); strings.Contains(n, "password") || strings.Contains(n, "passwd") {
			return false
		}
	}
	return true
}

// nestedURL reports whether a query value looks like a URL of its own.
func nestedURL(v string) bool {
	scheme, rest, ok := strings.Cut(v, "://")
	return ok && scheme != "" && rest != "" && !strings.ContainsAny(scheme, "/?#@")
}

// secrets returns the secret texts of rawURL that URL hides (passwords,
// username-only credentials, secret query values, and those of nested
// URLs), longest first, so that Text can remove them from any text
// that quotes them, such as a store's error message. It returns nil for
// an unparseable URL; for an opaque one (scheme:rest, without "//") every
// piece that could be a credential.
func secrets(rawURL string) []string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil
	}
	if u.Opaque != "" {
		return rawSecrets(rawURL)
	}
	var out []string
	q, qerr := url.ParseQuery(u.RawQuery)
	if qerr != nil {
		out = append(out, rawSecrets("?"+u.RawQuery)...)
	}
	if pw, ok := u.User.Password(); ok {
		out = append(out, pw)
	} else if userIsSecret(u, q) {
		out = append(out, u.User.Username())
	}
	for name, vs := range q {
		for _, v := range vs {
			if secretParam(name, v) {
				out = append(out, v)
			} else if nestedURL(v) {
				if _, err := url.Parse(v); err != nil {
					out = append(out, rawSecrets(v)...) // it could hold anything
				} else {
					out = append(out, secrets(v)...)
				}
			}
		}
	}
	out = slices.DeleteFunc(out, func(s string) bool { return s == "" })
	// Longest first, so a secret containing another is replaced whole.
	slices.SortFunc(out, func(a, b string) int {
		if d := len(b) - len(a); d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	return slices.Compact(out)
}

// Text replaces every secret of rawURL (see secrets) that occurs in
// text, raw or percent-encoded, by "xxxxx".
func Text(text, rawURL string) string {
	for _, s := range secrets(rawURL) {
		for _, form := range []string{s, url.QueryEscape(s), url.PathEscape(s)} {
			text = strings.ReplaceAll(text, form, redacted)
		}
	}
	return text
}
