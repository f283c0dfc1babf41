package adapterkit

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"github.com/kvchaos/kvchaos/internal/redact"
)

// RedactErr keeps an error about a store URL from echoing its secrets
// (those backends.Redact hides: the password, a username-only credential, secret
// query parameters): when the error's text contains one, it is replaced by
// an error whose text has them replaced by "xxxxx" and which still
// unwraps to err, so errors.Is(err, kv.ErrUnavailable) keeps working.
func RedactErr(err error, u *url.URL) error {
	if err == nil || u == nil {
		return err
	}
	if msg := redact.Text(err.Error(), u.String()); msg != err.Error() {
		return &redactedError{msg: msg, err: err}
	}
	return err
}

// redactedError is an error with secrets removed from its text.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

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

// minThroughput is the slowest transfer an op timeout allows for a value,
// in bytes per second: a loaded machine moving a 25 MiB value gets 25 s on
// top of the base timeout.
const minThroughput = 1 << 20

// ScaleTimeout returns the op timeout d for a call that sends n bytes of
// value: d plus the time to move them at minThroughput, so a large value
// is not abandoned as unavailable for its size alone. 0 stays 0 (no bound).
func ScaleTimeout(d time.Duration, n int) time.Duration {
	if d <= 0 || n <= 0 {
		return d
	}
	return d + time.Duration(n)*time.Second/minThroughput
}

// BoundWrite is Bound with d scaled for a value of n bytes (ScaleTimeout).
func BoundWrite(ctx context.Context, d time.Duration, n int) (context.Context, context.CancelFunc) {
	return Bound(ctx, ScaleTimeout(d, n))
}

// Bound returns ctx limited to d (no limit when d is 0).
func Bound(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	if d <= 0 {
		return ctx, func() {}
	}
	return context.WithTimeout(ctx, d)
}
