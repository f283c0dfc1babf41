package redis

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/kvchaos/kvchaos/backends"
	"github.com/kvchaos/kvchaos/internal/adapterkit"
	"github.com/kvchaos/kvchaos/kv"
)

func init() {
	backends.Register("redis", openURL)
}

// minPoolSize is the least number of connections Open lets a client pool
// hold (unless the URL sets pool_size): one per client of a run of up to
// 32 clients, each holding a connection only while its command runs.
const minPoolSize = 32

// openURL opens a backend from a redis:// URL (see the package doc) and pings
// the servers. backends.Open has already taken the prefix= parameter (it
// places keys under the prefix itself). Other query parameters are go-redis
// options (dial_timeout, pool_size (default at least 32), ...), except
// read_timeout and write_timeout, which bound each call (takeTimeouts).
func openURL(ctx context.Context, u *url.URL) (*backends.Store, error) {
	redacted := backends.Redact(u.String())
	clean, params := adapterkit.TakeParams(u, "read_from")
	readFrom := params[0]
	opt, err := goredis.ParseURL(clean.String())
	if err != nil {
		return nil, fmt.Errorf("store URL %q: %w", redacted, adapterkit.RedactErr(err, u))
	}
	opt.MaxRetries = -1 // a retried write could apply twice; report unknown instead
	timeout := takeTimeouts(opt)
	if !clean.Query().Has("pool_size") {
		// go-redis sizes its pool by GOMAXPROCS (10 per P): under
		// GOMAXPROCS=1, 16 clients would queue for 10 connections.
		opt.PoolSize = max(opt.PoolSize, minPoolSize)
	}
	client := goredis.NewClient(opt)
	o := Options{Client: client, Timeout: timeout}
	closers := []func() error{client.Close}
	if readFrom != "" {
		if _, _, err := net.SplitHostPort(readFrom); err != nil {
			_ = client.Close()
			return nil, fmt.Errorf("store URL %q: read_from %q: want host:port: %w", redacted, readFrom, err)
		}
		ropt := *opt
		ropt.Addr = readFrom
		reader := goredis.NewClient(&ropt)
		o.Reader = reader
		closers = append(closers, reader.Close)
	}
	closeAll := func() error {
		var errs []error
		for _, c := range closers {
			errs = append(errs, c())
		}
		return errors.Join(errs...)
	}
	for _, c := range []goredis.UniversalClient{o.Client, o.Reader} {
		if c == nil {
			continue
		}
		if err := ping(ctx, c, timeout); err != nil {
			_ = closeAll()
			return nil, fmt.Errorf("store URL %q: %w", redacted,
				adapterkit.Classify(storeName, "ping", "", err, kv.ErrUnavailable))
		}
	}
	return &backends.Store{Backend: newBackend(o), Close: closeAll}, nil
}

// pingAttempts is how many times Open pings a server whose answer timed
// out before it gives up: a URL's short read_timeout (chosen so that ops
// cut off by faults fail fast) must not fail the open on a busy machine.
const pingAttempts = 3

// ping pings c, each attempt bounded by timeout, again after a timeout,
// up to pingAttempts times.
func ping(ctx context.Context, c goredis.UniversalClient, timeout time.Duration) error {
	var err error
	for range pingAttempts {
		attempt, cancel := adapterkit.Bound(ctx, timeout)
		err = c.Ping(attempt).Err()
		cancel()
		if err == nil || !isTimeout(err) || ctx.Err() != nil {
			return err
		}
	}
	return err
}

// defaultTimeout is go-redis's default read_timeout, and so the default
// bound of a call.
const defaultTimeout = 5 * time.Second

// takeTimeouts moves the URL's read_timeout and write_timeout from the
// client to the adapter and returns the bound of a call (Options.Timeout):
// the larger of the two, as go-redis defaults them (write_timeout follows
// read_timeout, which is 5 s), 0 when either is disabled (-1 or 0). The
// client is left without deadlines of its own and follows the contexts
// (ContextTimeoutEnabled): go-redis sets a connection's deadline to the
// earlier of its ReadTimeout and the context's, so a context could only
// shorten a read, never give a large value the time to come back.
func takeTimeouts(opt *goredis.Options) time.Duration {
	resolve := func(d, unset time.Duration) time.Duration {
		switch {
		case d == 0:
			return unset
		case d < 0:
			return 0 // disabled
		}
		return d
	}
	r := resolve(opt.ReadTimeout, defaultTimeout)
	w := resolve(opt.WriteTimeout, r)
	opt.ReadTimeout, opt.WriteTimeout, opt.ContextTimeoutEnabled = -1, -1, true
	if r == 0 || w == 0 {
		return 0
	}
	bound := max(r, w)
	// A call's context carries only a socket deadline (SocketDeadline), which
	// the wait for a free connection does not see: keep that wait bounded as
	// go-redis would with the read timeout (it waits 30 s without one).
	if opt.PoolTimeout == 0 {
		opt.PoolTimeout = bound + time.Second
	}
	return bound
}

// isTimeout reports whether err is a network timeout.
func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
