package adapterkit

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
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

// OpTimeout parses the op_timeout query parameter (a Go duration): the
// longest one call may take before it is abandoned as kv.ErrUnavailable.
// An absent parameter gives def; "0" disables the bound.
func OpTimeout(u *url.URL, def time.Duration) (time.Duration, error) {
	s := u.Query().Get("op_timeout")
	if s == "" {
		return def, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("op_timeout %q: want a duration like 5s (0 = none)", s)
	}
	return d, nil
}

// Bound returns ctx limited to d (no limit when d is 0).
func Bound(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	if d <= 0 {
		return ctx, func() {}
	}
	return context.WithTimeout(ctx, d)
}
