package redact

import (
	"errors"
	"net/url"
	"regexp"
	"slices"
	"strings"
)

// URLError turns any error about the store URL rawURL into one whose text
// holds none of the URL's secrets, parseable or not. It is the one place
// every command goes through before a store-URL error is printed.
//
// An error from url.Parse quotes the raw URL, password included: it
// becomes "store URL <scheme>://(unparseable URL): <reason>", where the
// reason keeps the parser's words but none of the text it quoted, plus a
// hint to percent-encode the user name and password. Any other error keeps
// its text with every secret of the URL (secrets, or for an unparseable
// URL everything that could be its user name, password or query values)
// replaced by "xxxxx"; it still unwraps to err for errors.Is.
func URLError(rawURL string, err error) error {
	if err == nil {
		return nil
	}
	var ue *url.Error
	if errors.As(err, &ue) && ue.Op == "parse" {
		return &urlError{msg: "store URL " + URL(rawURL) + ": " + parseReason(ue.Err), err: errors.Unwrap(ue)}
	}
	msg := redactAll(err.Error(), rawURL)
	if msg == err.Error() {
		return err
	}
	return &urlError{msg: msg, err: err}
}

// urlError is an error with the secrets of a URL removed from its text.
type urlError struct {
	msg string
	err error
}

func (e *urlError) Error() string { return e.msg }
func (e *urlError) Unwrap() error { return e.err }

// quoted matches the text url.Parse's errors quote (a port, an escape, a
// host): it may be part of a password, so it is left out.
var quoted = regexp.MustCompile(`\s*"(?:[^"\\]|\\.)*"`)

// parseReason says why url.Parse refused a URL, without what it quoted.
func parseReason(err error) string {
	if err == nil {
		return "cannot be parsed"
	}
	reason := quoted.ReplaceAllString(err.Error(), "")
	return reason + " (percent-encode reserved characters such as @ : / % in the user name and password, e.g. %40 for @)"
}

// redactAll replaces the secrets of rawURL in text: those secrets finds,
// and for a URL that does not parse every piece of text that could be a
// credential (rawSecrets).
func redactAll(text, rawURL string) string {
	if rawURL != "" && strings.Contains(text, rawURL) {
		text = strings.ReplaceAll(text, rawURL, URL(rawURL))
	}
	text = Text(text, rawURL)
	if _, err := url.Parse(rawURL); err == nil {
		return text
	}
	for _, s := range rawSecrets(rawURL) {
		text = strings.ReplaceAll(text, s, redacted)
	}
	return text
}

// rawSecrets finds what could be secret in a URL url.Parse refuses (or a
// query it cannot split): the userinfo (everything between "://" and the
// last '@'), its parts around the first ':', and the values of the query,
// those that are URLs themselves searched the same way; longest first.
func rawSecrets(rawURL string) []string {
	var out []string
	rest := rawURL
	if _, after, ok := strings.Cut(rawURL, "://"); ok {
		rest = after
	}
	if at := strings.LastIndex(rest, "@"); at >= 0 {
		info := rest[:at]
		user, pw, _ := strings.Cut(info, ":")
		out = append(out, info, user, pw)
		// A bad escape ("pw%zz") or an unescaped '/' is why some URLs fail
		// to parse: the text around it is part of the credential too.
		out = append(out, strings.FieldsFunc(pw, func(r rune) bool { return strings.ContainsRune("%/?#[]", r) })...)
	}
	if _, query, ok := strings.Cut(rest, "?"); ok {
		for _, kv := range strings.FieldsFunc(query, func(r rune) bool { return r == '&' || r == ';' }) {
			_, v, ok := strings.Cut(kv, "=")
			if !ok {
				continue
			}
			out = append(out, v)
			if strings.ContainsAny(v, "@:") {
				out = append(out, rawSecrets(v)...)
			}
		}
	}
	out = slices.DeleteFunc(out, func(s string) bool { return len(s) < 3 }) // too short to hide anything, too common to replace
	slices.SortFunc(out, func(a, b string) int {
		if d := len(b) - len(a); d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	return slices.Compact(out)
}

// unparseableURL is how URL shows a URL url.Parse refuses: its scheme,
// when it has a valid one, and nothing else, since any other part could
// hold a secret.
func unparseableURL(rawURL string) string {
	scheme, _, ok := strings.Cut(rawURL, "://")
	if ok && validScheme(scheme) {
		return scheme + "://(unparseable URL)"
	}
	return "(unparseable URL)"
}

// validScheme reports whether s is a URL scheme: a letter, then letters,
// digits, '+', '-' or '.'.
func validScheme(s string) bool {
	if s == "" || len(s) > 32 {
		return false
	}
	for i, c := range s {
		letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if !letter && (i == 0 || !(c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return false
		}
	}
	return true
}
