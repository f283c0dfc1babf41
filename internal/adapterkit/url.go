package adapterkit

import (
	"errors"
	"net/url"
	"strings"
)

// RedactErr keeps an error about a store URL from echoing its password:
// the password's text is replaced by "xxxxx".
func RedactErr(err error, u *url.URL) error {
	if err == nil || u == nil || u.User == nil {
		return err
	}
	if pw, ok := u.User.Password(); ok && pw != "" && strings.Contains(err.Error(), pw) {
		return errors.New(strings.ReplaceAll(err.Error(), pw, "xxxxx"))
	}
	return err
}

// TakeParams removes the named query parameters from u and returns their
// values in order, with the URL that remains.
func TakeParams(u *url.URL, names ...string) (*url.URL, []string) {
	q := u.Query()
	vals := make([]string, len(names))
	for i, n := range names {
		vals[i] = q.Get(n)
		q.Del(n)
	}
	clean := *u
	clean.RawQuery = q.Encode()
	return &clean, vals
}
